#!/usr/bin/env bash
# Writes the "Rust (handson)" kernel spec of this checkout into a directory: kernel.json and
# init.evcxr, the files they name, and the cargo configuration of the build slots.
#
#   write_spec.sh KERNEL_DIR SLOTS_DIR PYTHON EVCXR_JUPYTER
#
# install.sh writes it into .venv; tests/kernel_pool.rs into a directory of its own.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
kernel_dir=$1 slots=$2 python=$3 evcxr=$4
mkdir -p "$kernel_dir" "$slots/.cargo"
sed -e "s|@EVCXR@|$evcxr|" -e "s|@KERNEL_DIR@|$kernel_dir|" -e "s|@SLOTS@|$slots|" \
  -e "s|@REPO@|$repo|" -e "s|@PYTHON@|$python|" \
  "$repo/kernel/kernel.json.in" > "$kernel_dir/kernel.json"
sed -e "s|@REPO@|$repo|" "$repo/kernel/init.evcxr.in" > "$kernel_dir/init.evcxr"
for file in evcxr.toml prelude.rs warm_up.rs launch.sh slot.sh relay.py pool.py spare.py \
  pool_socket.py; do
  cp "$repo/kernel/$file" "$kernel_dir/"
done
cp "$repo/kernel/cargo-config.toml" "$slots/.cargo/config.toml"
