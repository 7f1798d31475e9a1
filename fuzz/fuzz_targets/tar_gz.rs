//! Fuzzes `.tar.gz` archives: see `checks.rs` (`tar_gz`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    handson_fuzz::tar_gz(data);
});
