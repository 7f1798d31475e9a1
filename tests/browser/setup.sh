#!/usr/bin/env bash
# Installs what the browser tests (tests/browser.rs, tests/jupyterlab.rs) need besides the kernel,
# skipping what is already there: Debian's headless Chromium and its driver (needs root or sudo),
# and the Python packages of tests/browser/requirements.txt (Selenium) in .venv.
#
#   tests/browser/setup.sh
#
# The kernel and .venv come from kernel/install.sh, which must have run first.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
venv="$repo/.venv"

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "chromium: already installed ($(chromium --version 2>/dev/null))"
else
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    chromium chromium-driver
  echo "chromium: installed ($(chromium --version 2>/dev/null))"
fi

if [[ ! -x "$venv/bin/pip" ]]; then
  echo "$venv is missing: run kernel/install.sh (make setup) first" >&2
  exit 1
fi
requirements="$repo/tests/browser/requirements.txt"
stamp="$venv/.browser-requirements.installed"
if [[ -f "$stamp" ]] && cmp -s "$requirements" "$stamp"; then
  echo "browser test packages: up to date"
else
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$stamp"
  echo "browser test packages: installed"
fi
