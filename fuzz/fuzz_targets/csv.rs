//! Fuzzes CSV files (Titanic's format): see `checks.rs` (`csv`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    handson_fuzz::csv(data);
});
