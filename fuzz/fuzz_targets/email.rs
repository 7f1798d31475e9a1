//! Fuzzes raw MIME emails (the spam filter's input): see `checks.rs` (`email`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    handson_fuzz::email(data);
});
