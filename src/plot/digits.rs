//! Pictures of digits: one image, or a grid of them, in the book's `binary` colormap
//! (the lowest value white, the highest black).

use ndarray::{ArrayBase, Axis, Data, Ix1, Ix2};
use plotters::prelude::*;

use crate::datasets::IMAGE_SIDE;
use crate::error::{Error, Result};
use crate::plot::figure::Figure;

const SIDE: usize = IMAGE_SIDE;
/// Screen pixels per image pixel for a single digit.
const SINGLE_SCALE: usize = 8;
/// The width a grid of digits aims for, in screen pixels.
const GRID_WIDTH: usize = 600;

/// Draws one 28x28 image given as a row of 784 values.
///
/// ```
/// use handson::plot::plot_digit;
/// let digit = ndarray::Array1::from_shape_fn(784, |i| (i % 28) as f64);
/// let fig = plot_digit(&digit)?;
/// assert_eq!(fig.size(), (224, 224));
/// # Ok::<(), handson::Error>(())
/// ```
pub fn plot_digit<S: Data<Elem = f64>>(image: &ArrayBase<S, Ix1>) -> Result<Figure> {
    draw_grid(&image.view().insert_axis(Axis(0)), 1, SINGLE_SCALE)
}

/// Draws a grid of 28x28 images, one per row of `images`, `images_per_row` across, like the
/// book's `plot_digits` (empty places at the end stay white).
///
/// ```
/// use handson::plot::plot_digits;
/// let digits = ndarray::Array2::<f64>::zeros((12, 784));
/// let fig = plot_digits(&digits, 5)?;
/// let (w, h) = fig.size();
/// assert_eq!(w / h, 5 / 3);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn plot_digits<S: Data<Elem = f64>>(
    images: &ArrayBase<S, Ix2>,
    images_per_row: usize,
) -> Result<Figure> {
    if images_per_row == 0 {
        return Err(Error::invalid("images_per_row", "at least 1", 0));
    }
    let per_row = images_per_row.min(images.nrows().max(1));
    let scale = (GRID_WIDTH / (per_row * SIDE)).max(1);
    draw_grid(images, per_row, scale)
}

fn draw_grid<S: Data<Elem = f64>>(
    images: &ArrayBase<S, Ix2>,
    per_row: usize,
    scale: usize,
) -> Result<Figure> {
    let (count, pixels) = images.dim();
    if count == 0 {
        return Err(Error::invalid("images", "at least one image", "an empty array"));
    }
    if pixels != SIDE * SIDE {
        return Err(Error::invalid(
            "images",
            format!("{} values per image (28x28 pixels)", SIDE * SIDE),
            format!("{pixels} values"),
        ));
    }
    let (low, high) = value_range(images)?;
    let grid_rows = count.div_ceil(per_row);
    let width = u32::try_from(per_row * SIDE * scale).map_err(|e| Error::Plot(e.to_string()))?;
    let height = u32::try_from(grid_rows * SIDE * scale).map_err(|e| Error::Plot(e.to_string()))?;
    Figure::draw(width, height, |area| {
        for (index, image) in images.outer_iter().enumerate() {
            let (left, top) = ((index % per_row) * SIDE, (index / per_row) * SIDE);
            for (p, &value) in image.iter().enumerate() {
                let grey = binary_colormap(value, low, high);
                let x = ((left + p % SIDE) * scale) as i32;
                let y = ((top + p / SIDE) * scale) as i32;
                let s = scale as i32;
                area.draw(&Rectangle::new([(x, y), (x + s, y + s)], RGBColor(grey, grey, grey).filled()))?;
            }
        }
        Ok(())
    })
}

/// The smallest and largest value, as matplotlib's `imshow` scales the colormap.
fn value_range<S: Data<Elem = f64>>(images: &ArrayBase<S, Ix2>) -> Result<(f64, f64)> {
    images.iter().try_fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
        if v.is_finite() {
            Ok((lo.min(v), hi.max(v)))
        } else {
            Err(Error::invalid("images", "finite pixel values", v))
        }
    })
}

/// matplotlib's `binary` colormap: `low` is white, `high` black.
fn binary_colormap(value: f64, low: f64, high: f64) -> u8 {
    let t = if high > low { (value - low) / (high - low) } else { 0.0 };
    (255.0 * (1.0 - t)).round() as u8
}
