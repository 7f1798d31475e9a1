//! Drawing helpers shared by every kind of figure: the drawing-area type, text in the embedded
//! font (several lines, any anchor), and turning plotters' errors into [`Error::Plot`].
//!
//! Figures are described in logical pixels and drawn at a `scale` (2 for PNG, so that figures are
//! sharp on high-density screens, 1 for SVG); these helpers take logical sizes and the scale.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::{Error, Result};
use crate::plot::color::Color;
use crate::plot::fonts::FAMILY;

/// A rectangle of a drawing backend, in its pixels, with the origin at its top-left corner.
pub(crate) type Area<DB> = DrawingArea<DB, Shift>;

/// Turns a plotters error into the crate's.
pub(crate) fn plot_error(e: impl std::fmt::Display) -> Error {
    Error::Plot(e.to_string())
}

/// The text style of `size` logical pixels in `color`, anchored at `anchor`.
pub(crate) fn font(
    size: f64,
    scale: f64,
    color: Color,
    anchor: (HPos, VPos),
) -> TextStyle<'static> {
    (FAMILY, size * scale)
        .into_font()
        .color(&color.to_plotters())
        .pos(Pos::new(anchor.0, anchor.1))
}

/// The size in backend pixels that `text` (one line) takes in `style`.
pub(crate) fn text_size<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    style: &TextStyle,
) -> Result<(u32, u32)> {
    area.estimate_text_size(text, style).map_err(plot_error)
}

/// Draws `text`, which may hold several lines, with its block anchored at `at` (backend pixels).
pub(crate) fn text<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    at: (i32, i32),
    size: f64,
    scale: f64,
    color: Color,
    anchor: (HPos, VPos),
) -> Result<()> {
    let lines: Vec<&str> = text.lines().collect();
    let line_height = (size * scale * 1.2).round() as i32;
    let block = line_height * lines.len() as i32;
    let top = match anchor.1 {
        VPos::Top => at.1,
        VPos::Center => at.1 - block / 2,
        VPos::Bottom => at.1 - block,
    };
    let style = font(size, scale, color, (anchor.0, VPos::Center));
    for (i, line) in lines.iter().enumerate() {
        let y = top + line_height * i as i32 + line_height / 2;
        area.draw(&Text::new(line.to_string(), (at.0, y), &style))
            .map_err(plot_error)?;
    }
    Ok(())
}

/// Scales a logical length to whole backend pixels.
pub(crate) fn px(length: f64, scale: f64) -> i32 {
    (length * scale).round() as i32
}
