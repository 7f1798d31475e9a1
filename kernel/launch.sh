#!/usr/bin/env bash
# Starts the "Rust (handson)" kernel: what Jupyter runs (kernel.json), given its connection file.
#
#   launch.sh CONNECTION_FILE
#
# A kernel that evcxr_jupyter starts from nothing takes seconds of CPU before its first cell
# (rust-analyzer loads the sysroot and handson's dependencies, evcxr evaluates its start-up code).
# So relay.py asks the kernel pool (pool.py) for a kernel it started earlier and relays Jupyter's
# sockets to it; when the pool has none to give, relay.py makes this a cold start (slot.sh).
# HANDSON_KERNEL_POOL=off skips the pool: every start is a cold start.
set -euo pipefail

dir=$(dirname "$0")
if [[ ${HANDSON_KERNEL_POOL:-on} == off ]]; then
  exec bash "$dir/slot.sh" "$1"
fi
exec "${HANDSON_PYTHON:?HANDSON_PYTHON is set by the kernel spec (kernel.json)}" \
  "$dir/relay.py" "$1"
