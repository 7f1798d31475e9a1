//! [`subplots`]: several figures in one, on a grid of rows and columns, like matplotlib's
//! `plt.subplot(221)` ... `plt.subplot(224)` (the book's 2x2 block of 3s and 5s, the noisy and
//! clean digits of the denoising example, the side-by-side panels of chapter 4).

use crate::error::{Error, Result};
use crate::plot::figure::{Content, Figure, IntoFigure};

/// The least space between neighbouring figures, in logical pixels.
const MIN_GAP: u32 = 16;
/// The space between columns is this fraction of their mean width, and between rows of their
/// mean height (at least [`MIN_GAP`]). matplotlib leaves a fifth (`wspace = hspace = 0.2`);
/// a tenth keeps grids of digits apart, whose own white margins are about a twentieth of a
/// 5-digit block (the book's 2x2 block of 3s and 5s).
const GAP_FRACTION: u32 = 10;
/// The most places a grid may have (a 32x32 grid), so that a mistyped size is an error rather
/// than a canvas too large for memory.
const MAX_PLACES: usize = 1024;

/// Lays out `figures` on a grid of `rows` x `cols`, filling each row from left to right. Each
/// column is as wide as its widest figure, each row as tall as its tallest; a smaller figure is
/// centered in its place, and places left over stay blank. Columns are a tenth of their mean
/// width apart, rows a tenth of their mean height (at least 16 pixels), so that grids of digits
/// read as separate blocks.
///
/// ```
/// use handson::plot::{plot_digits, subplots};
/// let threes = ndarray::Array2::<f64>::zeros((25, 784));
/// let block = subplots(2, 2, [
///     plot_digits(&threes, 5), plot_digits(&threes, 5),
///     plot_digits(&threes, 5), plot_digits(&threes, 5),
/// ])?;
/// let (one, _) = plot_digits(&threes, 5)?.size();
/// assert_eq!(block.size().0, 2 * one + one / 10);
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
    let (col_gap, row_gap) = (gap(&widths), gap(&heights));
    let offsets = |sizes: &[u32], gap: u32| -> Vec<u32> {
        sizes
            .iter()
            .scan(0, |start, &size| {
                Some(std::mem::replace(start, *start + size + gap))
            })
            .collect()
    };
    let (lefts, tops) = (offsets(&widths, col_gap), offsets(&heights, row_gap));
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
    let total =
        |sizes: &[u32], gap: u32| sizes.iter().sum::<u32>() + gap * (sizes.len() as u32 - 1);
    Figure::new(
        total(&widths, col_gap),
        total(&heights, row_gap),
        Content::Layout(parts),
    )
}

/// The space between neighbouring columns of `widths` (or rows of `heights`).
fn gap(sizes: &[u32]) -> u32 {
    let mean = sizes.iter().map(|&s| u64::from(s)).sum::<u64>() / sizes.len().max(1) as u64;
    u32::try_from(mean / u64::from(GAP_FRACTION)).map_or(u32::MAX, |g| g.max(MIN_GAP))
}
