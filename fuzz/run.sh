#!/usr/bin/env bash
# Fuzzes the crate's parsers with cargo-fuzz (libFuzzer + AddressSanitizer).
#
#   bash fuzz/run.sh [SECONDS] [TARGET...]
#
# Runs each target (all of them by default: idx tar_gz tar_bz2 csv email) for SECONDS (600 by
# default), one after another, starting from the committed seeds in fuzz/seeds/<target>/ and
# growing the working corpus in fuzz/corpus/<target>/. A crashing input is saved under
# fuzz/artifacts/<target>/ and stops the run; copy it into tests/fuzz_regressions/<target>/ so
# that `cargo test --test fuzz_regressions` keeps it fixed. Installs cargo-fuzz when it is
# missing. cargo-fuzz needs nightly compiler flags: on a stable toolchain RUSTC_BOOTSTRAP=1
# allows them.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(idx tar_gz tar_bz2 csv email)
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
cargo fuzz build
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  echo "== $target: ${seconds} s"
  cargo fuzz run "$target" "corpus/$target" "seeds/$target" -- -max_total_time="$seconds" -max_len=8192 -print_final_stats=1
done
