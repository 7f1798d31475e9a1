//! Fuzzes IDX files (MNIST's format): see `checks::idx`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::idx(data);
});
