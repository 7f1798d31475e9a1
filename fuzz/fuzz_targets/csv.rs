//! Fuzzes CSV files (Titanic's format): see `checks::csv`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::csv(data);
});
