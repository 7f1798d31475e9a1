#!/usr/bin/env bash
# Installs what the notebooks run on, skipping what is already there:
#   1. evcxr_jupyter (the Rust Jupyter kernel), pinned, with `cargo install --locked`, in the
#      background while the next two steps run (pip waits on the network, not the cores);
#   2. a Python virtual environment in .venv with the pinned Jupyter packages;
#   3. the "Rust (handson)" kernel spec inside that environment (write_spec.sh): launch.sh hands
#      out a kernel the pool started before (pool.py, relay.py), or starts evcxr in a build slot
#      of its own under target/kernel/ (slot.sh); the start-up files load this checkout of the
#      crate and `use handson::prelude::*;`;
#   4. once evcxr_jupyter is there, the kernel's first build slot, built once by starting a kernel:
#      handson and its dependencies; slots 1 to 3 are copies of it, so that two notebooks and the
#      pool's two pre-started kernels find their build. (Building the slot beside evcxr_jupyter's
#      own build, with cargo alone, made the set-up slower on 2 cores, not faster: 579 s for
#      evcxr_jupyter and 318 s for the slot at once, against 373 s and 135 s one after the other.)
# Each step prints a line when it starts and one when it is done; a step that fails shows its
# whole output.
set -euo pipefail

EVCXR_VERSION=0.22.0
repo=$(cd "$(dirname "$0")/.." && pwd)
venv="$repo/.venv"
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
evcxr="$cargo_bin/evcxr_jupyter"
slots="$repo/target/kernel"
logs=$(mktemp -d)
# A step that fails ends the background build too (its subshell and the cargo under it).
trap 'for job in $(jobs -p); do pkill -P "$job"; kill "$job"; done 2>/dev/null; rm -rf "$logs"' EXIT

# Runs a command with its output in $logs/NAME; shows the output whole when the command fails.
#   quietly NAME COMMAND...
quietly() {
  local log="$logs/$1"
  shift
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "failed: $*" >&2
    return 1
  fi
}

evcxr_job=""
if [[ -x "$evcxr" ]] && cargo install --list | grep -qx "evcxr_jupyter v$EVCXR_VERSION:"; then
  echo "evcxr_jupyter $EVCXR_VERSION: already installed"
else
  echo "installing evcxr_jupyter $EVCXR_VERSION in the background (about 6 minutes on 2 cores," \
    "once per machine)"
  evcxr_started=$SECONDS
  quietly evcxr cargo install evcxr_jupyter --version "$EVCXR_VERSION" --locked &
  evcxr_job=$!
fi

requirements="$repo/kernel/requirements.txt"
stamp="$venv/.requirements.installed"
if [[ -f "$stamp" ]] && cmp -s "$requirements" "$stamp"; then
  echo "python environment: up to date"
else
  echo "creating the python environment in $venv (about half a minute)"
  started=$SECONDS
  quietly venv python3 -m venv "$venv"
  quietly venv "$venv/bin/pip" install --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$stamp"
  echo "  done in $((SECONDS - started)) s"
fi

kernel_dir="$venv/share/jupyter/kernels/handson"
bash "$repo/kernel/write_spec.sh" "$kernel_dir" "$slots" "$venv/bin/python" "$evcxr"
echo "kernel \"Rust (handson)\" installed in $kernel_dir"

if [[ -n $evcxr_job ]]; then
  wait "$evcxr_job"
  echo "evcxr_jupyter $EVCXR_VERSION: installed in $((SECONDS - evcxr_started)) s"
fi

# Slot 0 is built by starting a kernel once, cold (not through the kernel pool); slots 1 to 3
# are copies of it (cargo's fingerprints hold no paths of the target directory, so a copy is as
# fresh as the original).
if [[ ! -d $slots/slot-0/target ]]; then
  echo "building handson and its dependencies in the kernel (about 2.5 minutes on 2 cores, once)"
fi
started=$SECONDS
HANDSON_KERNEL_POOL=off quietly kernel "$venv/bin/python" "$repo/kernel/warm_kernel.py"
echo "kernel ready: first cell answered $((SECONDS - started)) s after starting it"
for n in 1 2 3; do
  if [[ ! -d $slots/slot-$n/target ]]; then
    mkdir -p "$slots/slot-$n"
    flock --nonblock "$slots/slot-0.lock" flock --nonblock "$slots/slot-$n.lock" \
      cp -a --reflink=auto "$slots/slot-0/." "$slots/slot-$n/" ||
      echo "  (slot 0 or $n is in use by a running kernel: slot $n is built when first used)"
  fi
done
