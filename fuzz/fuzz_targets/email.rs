//! Fuzzes raw MIME emails (the spam filter's input): see `checks::email`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::email(data);
});
