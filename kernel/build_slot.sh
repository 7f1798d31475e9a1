#!/usr/bin/env bash
# Builds handson and its dependencies into a kernel build slot without evcxr, exactly as the
# kernel's first start would build them, so that install.sh can do it while evcxr_jupyter itself
# is still compiling (the two builds then share the cores, instead of one waiting for the other).
#
#   build_slot.sh SLOT_DIR
#
# evcxr_jupyter 0.22.0 (install.sh's EVCXR_VERSION) builds the cells' crate `ctx` in its
# EVCXR_TMPDIR (the slot, see slot.sh) from the Cargo.toml below (`get_cargo_toml_contents` in
# evcxr/src/module.rs, with the opt_level of kernel/evcxr.toml and the `:dep` of init.evcxr.in),
# running `cargo build --target HOST` with RUSTFLAGS=-Cprefer-dynamic and the target directory
# `target` (`cargo_command` in evcxr/src/eval_context.rs). Cargo's fingerprints depend on those
# settings, the packages and the slots' .cargo/config.toml, not on who ran cargo, so the kernel's
# first build afterwards compiles only its own small crate. If a later evcxr wrote another
# profile, that first build would rebuild the dependencies: slower, never wrong.
set -euo pipefail

slot=${1:?usage: build_slot.sh SLOT_DIR}
repo=$(cd "$(dirname "$0")/.." && pwd)
opt_level=$(sed -n 's/^opt_level *= *"\(.*\)"/\1/p' "$repo/kernel/evcxr.toml")
host=$(rustc -vV | sed -n 's/^host: //p')

mkdir -p "$slot/src"
[[ -f $slot/Cargo.lock ]] || cp "$repo/Cargo.lock" "$slot/Cargo.lock"
: >"$slot/src/lib.rs"
cat >"$slot/Cargo.toml" <<EOF

[package]
name = "ctx"
version = "1.0.0"
edition = "2024"

[lib]
crate-type = ["cdylib"]
path = "src/lib.rs"

[profile.dev]
opt-level = ${opt_level:-0}
debug = false
strip = "debuginfo"
rpath = true
lto = false
debug-assertions = true
codegen-units = 16
panic = 'unwind'
incremental = true
overflow-checks = true

[dependencies]
handson = { path = "$repo" }

EOF
cd "$slot"
RUSTFLAGS=-Cprefer-dynamic CARGO_TARGET_DIR=target CARGO_BUILD_BUILD_DIR=target \
  cargo build --target "$host"
