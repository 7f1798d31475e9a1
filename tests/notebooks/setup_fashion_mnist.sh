#!/usr/bin/env bash
# Installs Debian's dataset-fashion-mnist (its files go to /usr/share/datasets/fashion-mnist/,
# where load_fashion_mnist() looks after the data home) for the Fashion-MNIST notebook test in
# tests/notebooks.rs, skipping it when the package is already installed. Needs root or sudo. Says
# one line; apt's output is shown only when it fails.
#
#   tests/notebooks/setup_fashion_mnist.sh
set -euo pipefail

package=dataset-fashion-mnist
if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
  echo "$package: already installed"
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { $sudo apt-get update -qq &&
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "$package"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "failed to install $package with apt-get" >&2
  exit 1
fi
echo "$package: installed in $(dpkg -L "$package" | grep -m1 '/datasets/fashion-mnist$')"
