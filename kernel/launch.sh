#!/usr/bin/env bash
# Starts the "Rust (handson)" kernel: what Jupyter runs (kernel.json), given its connection file.
#
#   launch.sh CONNECTION_FILE
#
# A kernel that evcxr_jupyter starts from nothing takes seconds of CPU before its first cell
# (rust-analyzer loads the sysroot and handson's dependencies, evcxr evaluates its start-up code).
# So relay.py asks the kernel pool (pool.py) for a kernel it started earlier and relays Jupyter's
# sockets to it; when the pool has none to give, relay.py makes this a cold start (slot.sh).
# HANDSON_KERNEL_POOL=off skips the pool: every start is then a cold start. The installer and the
# notebook runner (`make run`) do this: they start one kernel after another, and kernels the pool
# started ahead would take the cores from the one at work.
set -euo pipefail

dir=$(dirname "$0")
# A kernel started under cargo (the notebook tests run in `cargo test`) inherits the variables
# cargo sets for the programs it runs; cargo would take them for a changed environment and rebuild
# handson, in every slot, each time a kernel alternates between started under cargo and not (and
# the pool would refuse its spares, started without them).
for name in "${!CARGO_PKG_@}" "${!CARGO_BIN_@}" CARGO CARGO_MANIFEST_DIR CARGO_MANIFEST_PATH \
  CARGO_CRATE_NAME CARGO_PRIMARY_PACKAGE CARGO_TARGET_TMPDIR RUST_RECURSION_COUNT; do
  unset "$name"
done
if [[ ${HANDSON_KERNEL_POOL:-on} == off ]]; then
  exec bash "$dir/slot.sh" "$1"
fi
exec "${HANDSON_PYTHON:?HANDSON_PYTHON is set by the kernel spec (kernel.json)}" \
  "$dir/relay.py" "$1"
