//! Which SIMD kernels the hot loops may use: the fastest the processor has, unless the
//! environment variable `HANDSON_SIMD` is `portable`, which forces the plain-Rust fallbacks
//! everywhere (the SGD solver's fast sum in `linear_model::sgd::levels`, the KNN byte kernel in
//! `neighbors::bytes`). Tests use it to run the same fits through the fallbacks that the
//! machines they run on would never choose; results must not change.

/// The environment variable that can force the portable kernels.
pub(crate) const VARIABLE: &str = "HANDSON_SIMD";

/// Whether the portable kernels are forced (`HANDSON_SIMD=portable`). Read on each call: it
/// is asked once per fit, not per sample.
pub(crate) fn portable_forced() -> bool {
    forces_portable(std::env::var_os(VARIABLE).as_deref())
}

/// Whether a value of [`VARIABLE`] forces the portable kernels.
fn forces_portable(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| v == "portable")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_portable_forces_the_fallbacks() {
        assert!(forces_portable(Some("portable".as_ref())));
        for other in ["", "avx512", "Portable"] {
            assert!(!forces_portable(Some(other.as_ref())), "{other}");
        }
        assert!(!forces_portable(None));
    }
}
