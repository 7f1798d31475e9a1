//! Fuzzes `.tar.gz` archives: see `checks::tar_gz`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::tar_gz(data);
});
