//! Fuzzes IDX files (MNIST's format): see `checks.rs` (`idx`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    handson_fuzz::idx(data);
});
