//! [`subplots`]: several figures in one, on a grid of rows and columns, like matplotlib's
//! `plt.subplot(221)` ... `plt.subplot(224)` (the book's 2x2 block of 3s and 5s, the noisy and
//! clean digits of the denoising example, the side-by-side panels of chapter 4).

use crate::error::{Error, Result};
use crate::plot::figure::{Content, Figure, IntoFigure};

/// Space between neighbouring figures, in logical pixels.
const GAP: u32 = 16;
/// The most places a grid may have (a 32x32 grid), so that a mistyped size is an error rather
/// than a canvas too large for memory.
const MAX_PLACES: usize = 1024;

/// Lays out `figures` on a grid of `rows` x `cols`, filling each row from left to right. Each
/// column is as wide as its widest figure, each row as tall as its tallest; a smaller figure is
/// centered in its place, and places left over stay blank.
///
/// ```
/// use handson::plot::{plot_digits, subplots};
/// let threes = ndarray::Array2::<f64>::zeros((25, 784));
/// let block = subplots(2, 2, [
///     plot_digits(&threes, 5), plot_digits(&threes, 5),
///     plot_digits(&threes, 5), plot_digits(&threes, 5),
/// ])?;
/// let (one, _) = plot_digits(&threes, 5)?.size();
/// assert_eq!(block.size().0, 2 * one + 16);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn subplots<I>(rows: usize, cols: usize, figures: I) -> Result<Figure>
where
    I: IntoIterator,
    I::Item: IntoFigure,
{
    let places = rows.checked_mul(cols).unwrap_or(usize::MAX);
    if rows == 0 || cols == 0 || places > MAX_PLACES {
        return Err(Error::invalid(
            "rows, cols",
            format!("at least one row and one column, at most {MAX_PLACES} places"),
            format!("{rows}x{cols}"),
        ));
    }
    let figures = figures
        .into_iter()
        .map(IntoFigure::into_figure)
        .collect::<Result<Vec<_>>>()?;
    if figures.is_empty() {
        return Err(Error::invalid("figures", "at least one figure", "none"));
    }
    if figures.len() > places {
        return Err(Error::invalid(
            "figures",
            format!("at most {places} figures for {rows}x{cols} places"),
            figures.len(),
        ));
    }
    let mut widths = vec![0u32; cols];
    let mut heights = vec![0u32; rows];
    for (i, figure) in figures.iter().enumerate() {
        let (w, h) = figure.size();
        widths[i % cols] = widths[i % cols].max(w);
        heights[i / cols] = heights[i / cols].max(h);
    }
    let offsets = |sizes: &[u32]| -> Vec<u32> {
        sizes
            .iter()
            .scan(0, |start, &size| {
                Some(std::mem::replace(start, *start + size + GAP))
            })
            .collect()
    };
    let (lefts, tops) = (offsets(&widths), offsets(&heights));
    let parts = figures
        .into_iter()
        .enumerate()
        .map(|(i, figure)| {
            let (col, row) = (i % cols, i / cols);
            let (w, h) = figure.size();
            (
                (
                    lefts[col] + (widths[col] - w) / 2,
                    tops[row] + (heights[row] - h) / 2,
                ),
                figure,
            )
        })
        .collect();
    let total = |sizes: &[u32]| sizes.iter().sum::<u32>() + GAP * (sizes.len() as u32 - 1);
    Figure::new(total(&widths), total(&heights), Content::Layout(parts))
}
