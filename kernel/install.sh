#!/usr/bin/env bash
# Installs what the notebooks run on, skipping what is already there:
#   1. evcxr_jupyter (the Rust Jupyter kernel), pinned, with `cargo install --locked`;
#   2. a Python virtual environment in .venv with the pinned Jupyter packages;
#   3. the "Rust (handson)" kernel spec inside that environment: launch.sh starts evcxr in a
#      build slot of its own under target/kernel/ (see launch.sh), and the start-up files load
#      this checkout of the crate and `use handson::prelude::*;`;
#   4. the kernel's first two build slots, built once: handson and its dependencies, so that the
#      first kernel after set-up (and a second one beside it) starts in seconds.
# Each step prints one line; a step that fails shows its whole output.
set -euo pipefail

EVCXR_VERSION=0.22.0
repo=$(cd "$(dirname "$0")/.." && pwd)
venv="$repo/.venv"
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
evcxr="$cargo_bin/evcxr_jupyter"
slots="$repo/target/kernel"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Runs a command with its output in $log; shows the output whole when the command fails.
quietly() {
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "failed: $*" >&2
    exit 1
  fi
}

if [[ -x "$evcxr" ]] && cargo install --list | grep -qx "evcxr_jupyter v$EVCXR_VERSION:"; then
  echo "evcxr_jupyter $EVCXR_VERSION: already installed"
else
  echo "installing evcxr_jupyter $EVCXR_VERSION (about 5 minutes on 2 cores, once per machine)"
  started=$SECONDS
  quietly cargo install evcxr_jupyter --version "$EVCXR_VERSION" --locked
  echo "  done in $((SECONDS - started)) s"
fi

requirements="$repo/kernel/requirements.txt"
stamp="$venv/.requirements.installed"
if [[ -f "$stamp" ]] && cmp -s "$requirements" "$stamp"; then
  echo "python environment: up to date"
else
  echo "creating the python environment in $venv (about 1 minute)"
  started=$SECONDS
  quietly python3 -m venv "$venv"
  quietly "$venv/bin/pip" install --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$stamp"
  echo "  done in $((SECONDS - started)) s"
fi

kernel_dir="$venv/share/jupyter/kernels/handson"
mkdir -p "$kernel_dir" "$slots/.cargo"
sed -e "s|@EVCXR@|$evcxr|" -e "s|@KERNEL_DIR@|$kernel_dir|" -e "s|@SLOTS@|$slots|" \
  -e "s|@REPO@|$repo|" \
  "$repo/kernel/kernel.json.in" > "$kernel_dir/kernel.json"
sed -e "s|@REPO@|$repo|" "$repo/kernel/init.evcxr.in" > "$kernel_dir/init.evcxr"
cp "$repo/kernel/evcxr.toml" "$repo/kernel/prelude.rs" "$repo/kernel/launch.sh" "$kernel_dir/"
cp "$repo/kernel/cargo-config.toml" "$slots/.cargo/config.toml"
echo "kernel \"Rust (handson)\" installed in $kernel_dir"

# Slot 0 is built by starting a kernel once; slot 1 is a copy of it (cargo's fingerprints hold no
# paths of the target directory, so the copy is as fresh as the original).
if [[ ! -d $slots/slot-0/target ]]; then
  echo "building handson and its dependencies in the kernel (about 5 minutes on 2 cores, once)"
fi
started=$SECONDS
quietly "$venv/bin/python" "$repo/kernel/warm_kernel.py"
echo "  kernel ready: first cell answered $((SECONDS - started)) s after starting it"
if [[ ! -d $slots/slot-1/target ]]; then
  mkdir -p "$slots/slot-1"
  flock --nonblock "$slots/slot-0.lock" flock --nonblock "$slots/slot-1.lock" \
    cp -a --reflink=auto "$slots/slot-0/." "$slots/slot-1/" ||
    echo "  (slot 0 or 1 is in use by a running kernel: slot 1 is built when first used)"
fi
