//! Fuzzes `.tar.bz2` archives (SpamAssassin's format): see `checks::tar_bz2`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::tar_bz2(data);
});
