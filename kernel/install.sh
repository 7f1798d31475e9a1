#!/usr/bin/env bash
# Installs what the notebooks run on, skipping what is already there:
#   1. evcxr_jupyter (the Rust Jupyter kernel), pinned, with `cargo install --locked`;
#   2. a Python virtual environment in .venv with the pinned Jupyter packages;
#   3. the "Rust (handson)" kernel spec inside that environment, whose start-up file loads this
#      checkout of the crate and `use handson::prelude::*;`.
set -euo pipefail

EVCXR_VERSION=0.22.0
repo=$(cd "$(dirname "$0")/.." && pwd)
venv="$repo/.venv"
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
evcxr="$cargo_bin/evcxr_jupyter"

if [[ -x "$evcxr" ]] && cargo install --list | grep -qx "evcxr_jupyter v$EVCXR_VERSION:"; then
  echo "evcxr_jupyter $EVCXR_VERSION: already installed"
else
  echo "installing evcxr_jupyter $EVCXR_VERSION (about 9 minutes on 2 cores)"
  cargo install evcxr_jupyter --version "$EVCXR_VERSION" --locked
fi

requirements="$repo/kernel/requirements.txt"
stamp="$venv/.requirements.installed"
if [[ -f "$stamp" ]] && cmp -s "$requirements" "$stamp"; then
  echo "python environment: up to date"
else
  echo "creating the python environment in $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$stamp"
fi

kernel_dir="$venv/share/jupyter/kernels/handson"
mkdir -p "$kernel_dir"
sed -e "s|@EVCXR@|$evcxr|" -e "s|@KERNEL_DIR@|$kernel_dir|" "$repo/kernel/kernel.json.in" > "$kernel_dir/kernel.json"
sed -e "s|@REPO@|$repo|" "$repo/kernel/init.evcxr.in" > "$kernel_dir/init.evcxr"
cp "$repo/kernel/evcxr.toml" "$repo/kernel/prelude.rs" "$kernel_dir/"
echo "kernel \"Rust (handson)\" installed in $kernel_dir"
