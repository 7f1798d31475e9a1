#!/usr/bin/env bash
# Installs what the browser test (tests/browser.rs) needs besides the kernel: Debian's headless
# Chromium and its driver. Skips the install when Chromium is already there. Needs root (or sudo).
#
#   tests/browser/setup.sh
#
# The kernel and the Python side come from kernel/install.sh.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  echo "chromium: already installed ($(chromium --version 2>/dev/null))"
  exit 0
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver
echo "chromium: installed ($(chromium --version 2>/dev/null))"
