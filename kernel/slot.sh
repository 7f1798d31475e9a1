#!/usr/bin/env bash
# Starts evcxr_jupyter for the "Rust (handson)" kernel in a build slot of its own, so that a
# kernel start finds handson and its dependencies already built.
#
#   slot.sh CONNECTION_FILE
#
# This is a kernel's cold start: launch.sh runs it when the kernel pool (pool.py) has no kernel
# to give, and the pool runs it to start each of its pre-started kernels.
#
# Left alone, evcxr builds every kernel in a fresh temporary directory and rebuilds handson each
# time (its build cache skips path dependencies). Here each kernel gets a slot directory under
# $HANDSON_KERNEL_SLOTS (set by kernel.json) as EVCXR_TMPDIR, so cargo's target directory, and
# with it every built crate, outlives the kernel. A slot belongs to one kernel at a time: the
# kernel holds an exclusive flock on slot-N.lock for its whole life (the lock's file descriptor
# is inherited by evcxr_jupyter through `exec`), and the lock is released by the kernel's exit,
# however it ends. The launcher takes the lowest-numbered free slot that has been built before,
# else the lowest-numbered free one; two kernels at once therefore never share a build.
#
# Cargo reads $HANDSON_KERNEL_SLOTS/.cargo/config.toml for every build in a slot (cargo looks in
# the ancestors of the build directory): it gives every dependency, handson included, a release
# build's settings, while the cells' own crate keeps evcxr's checks (see kernel/cargo-config.toml).
#
# Cargo's own output goes to the kernel's stderr (the terminal of `make run` or `jupyter lab`):
# dependency "Compiling ..." lines are left out; a rebuild of handson is said in one line.
set -euo pipefail

slots=${HANDSON_KERNEL_SLOTS:?HANDSON_KERNEL_SLOTS is set by the kernel spec (kernel.json)}
evcxr=${HANDSON_EVCXR:?HANDSON_EVCXR is set by the kernel spec (kernel.json)}
mkdir -p "$slots"

# Tries to take slot $1: on success the lock stays open on file descriptor $lock.
try_slot() {
  exec {lock}>"$slots/slot-$1.lock"
  if flock --nonblock "$lock"; then return 0; fi
  exec {lock}>&-
  return 1
}

slot=""
for dir in "$slots"/slot-*/target; do
  [[ -d $dir ]] || continue
  n=${dir#"$slots"/slot-}
  n=${n%/target}
  if try_slot "$n"; then slot=$n; break; fi
done
if [[ -z $slot ]]; then
  for ((n = 0; ; n++)); do
    if try_slot "$n"; then slot=$n; break; fi
  done
fi
export EVCXR_TMPDIR="$slots/slot-$slot"
mkdir -p "$EVCXR_TMPDIR"
# The slot builds the versions the checkout's Cargo.lock names, and resolves them without the
# network: evcxr first builds a crate without dependencies (`eval("42")` in
# `EvalContext::with_subprocess_command`, before init.evcxr), which prunes the slot's lock to
# that one crate, so init.evcxr's first line (a shell line, run before the `:dep` that follows it
# is built) copies the checkout's lock back. Without it, `:dep handson` resolved afresh at every
# kernel start: newer versions than the checkout's (17 packages on 2026-12-07), and no kernel at
# all without a connection to crates.io.
if [[ ! -d $EVCXR_TMPDIR/target ]]; then
  echo "handson kernel: slot $slot is new: building handson and its dependencies" \
    "(about 6 minutes on 2 cores, once per slot)" >&2
fi

# Keeps cargo's "Compiling <crate>" lines out of the kernel's stderr: a build of handson is said
# in one line, with how many of its dependencies were built before it (none unless the slot is
# new or the checkout's Cargo.lock changed); everything else passes through unchanged.
quiet_cargo() {
  local line dependencies=0
  while IFS= read -r line; do
    if [[ $line =~ ^[[:space:]]*Compiling[[:space:]]+handson[[:space:]] ]]; then
      if ((dependencies == 0)); then
        echo "handson kernel: src/ changed since slot $slot last built it: rebuilding handson" \
          "(not its dependencies)" >&2
      else
        echo "handson kernel: built $dependencies dependencies in slot $slot; building handson" >&2
      fi
      dependencies=0
    elif [[ $line =~ ^[[:space:]]*Compiling[[:space:]] ]]; then
      dependencies=$((dependencies + 1))
    else
      printf '%s\n' "$line" >&2
    fi
  done
}

# The filters do not hold the slot's lock: only the kernel and its child processes do. On stdout,
# evcxr_jupyter says only which evcxr.toml it loaded, at every start (the cells' output goes to
# Jupyter): left out.
exec "$evcxr" --control_file "$1" \
  > >(exec {lock}>&-; grep --line-buffered -v '^Loading startup configuration from: ') \
  2> >(exec {lock}>&-; quiet_cargo)
