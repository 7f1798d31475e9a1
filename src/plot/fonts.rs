//! The one font every figure's text is drawn with: DejaVu Sans, embedded in the crate (see
//! `assets/fonts/LICENSE-DejaVu.txt`), so figures have text on a machine with no fonts installed.
//! plotters looks fonts up by family name; this registers DejaVu Sans as `sans-serif` once.

use std::sync::OnceLock;

use plotters::style::{FontStyle, register_font};

use crate::error::{Error, Result};

/// The family name figures ask plotters for.
pub(crate) const FAMILY: &str = "sans-serif";

static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Registers the embedded font with plotters (the first call does the work).
pub(crate) fn ensure_registered() -> Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    if *REGISTERED.get_or_init(|| register_font(FAMILY, FontStyle::Normal, DEJAVU_SANS).is_ok()) {
        Ok(())
    } else {
        Err(Error::Plot(
            "the embedded DejaVu Sans font could not be read".into(),
        ))
    }
}
