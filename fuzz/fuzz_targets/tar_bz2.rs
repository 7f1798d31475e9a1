//! Fuzzes `.tar.bz2` archives (SpamAssassin's format): see `checks.rs` (`tar_bz2`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    handson_fuzz::tar_bz2(data);
});
