//! Pictures of digits: one image, or a grid of them, in the book's `binary` colormap (the lowest
//! value white, the highest black), kept as grey pixels and drawn as sharp squares.

use ndarray::{ArrayBase, Axis, Data, Ix1, Ix2};
use plotters::prelude::*;

use crate::datasets::IMAGE_SIDE;
use crate::error::{Error, Result};
use crate::plot::color::Colormap;
use crate::plot::draw::{Area, plot_error};
use crate::plot::figure::{Content, Draw, Figure};

const SIDE: usize = IMAGE_SIDE;
/// Logical pixels per image pixel for a single digit.
const SINGLE_SCALE: usize = 8;
/// The width a grid of digits aims for, in logical pixels.
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
    grid(&image.view().insert_axis(Axis(0)), 1, SINGLE_SCALE)
}

/// Draws a grid of 28x28 images, one per row of `images`, `images_per_row` across, like the
/// book's `plot_digits` (empty places at the end stay white). No images (say, no dress was ever
/// taken for a sandal) give a blank square block `images_per_row` images across, the way
/// matplotlib draws an empty subplot, so that [`subplots`](crate::plot::subplots) keeps its
/// layout.
///
/// ```
/// use handson::plot::plot_digits;
/// let digits = ndarray::Array2::<f64>::zeros((12, 784));
/// let fig = plot_digits(&digits, 5)?;
/// let (w, h) = fig.size();
/// assert_eq!(w / h, 5 / 3);
/// let none = plot_digits(&ndarray::Array2::<f64>::zeros((0, 784)), 5)?;
/// assert_eq!(none.size(), (560, 560));
/// # Ok::<(), handson::Error>(())
/// ```
pub fn plot_digits<S: Data<Elem = f64>>(
    images: &ArrayBase<S, Ix2>,
    images_per_row: usize,
) -> Result<Figure> {
    if images_per_row == 0 {
        return Err(Error::invalid("images_per_row", "at least 1", 0));
    }
    let per_row = match images.nrows() {
        0 => images_per_row.min(GRID_WIDTH / SIDE),
        n => images_per_row.min(n),
    };
    let scale = (GRID_WIDTH / (per_row * SIDE)).max(1);
    grid(images, per_row, scale)
}

/// A grey raster shown with each of its pixels as a `scale` x `scale` square.
#[derive(Debug)]
pub(crate) struct GreyImage {
    width: usize,
    /// Row-major grey levels, 0 black to 255 white.
    grey: Vec<u8>,
    scale: usize,
}

impl Draw for GreyImage {
    /// Draws the raster: runs of equal pixels in a row become one rectangle, which keeps SVG
    /// output small.
    fn draw<DB: DrawingBackend>(&self, area: &Area<DB>, scale: f64) -> Result<()> {
        let edge = |i: usize| ((i * self.scale) as f64 * scale).round() as i32;
        for (y, row) in self.grey.chunks(self.width).enumerate() {
            let mut start = 0;
            while start < row.len() {
                let level = row[start];
                let end = start + row[start..].iter().take_while(|&&g| g == level).count();
                if level != 255 {
                    let color = RGBColor(level, level, level).filled();
                    let corners = [(edge(start), edge(y)), (edge(end), edge(y + 1))];
                    area.draw(&Rectangle::new(corners, color))
                        .map_err(plot_error)?;
                }
                start = end;
            }
        }
        Ok(())
    }
}

fn grid<S: Data<Elem = f64>>(
    images: &ArrayBase<S, Ix2>,
    per_row: usize,
    scale: usize,
) -> Result<Figure> {
    let (count, pixels) = images.dim();
    if pixels != SIDE * SIDE {
        return Err(Error::invalid(
            "images",
            format!("{} values per image (28x28 pixels)", SIDE * SIDE),
            format!("{pixels} values"),
        ));
    }
    let (low, high) = value_range(images)?;
    // No images: a blank square block, `per_row` images high.
    let rows = if count == 0 {
        per_row
    } else {
        count.div_ceil(per_row)
    };
    let (width, height) = (per_row * SIDE, rows * SIDE);
    let mut grey = vec![255u8; width * height];
    for (index, image) in images.outer_iter().enumerate() {
        let (left, top) = ((index % per_row) * SIDE, (index / per_row) * SIDE);
        for (p, &value) in image.iter().enumerate() {
            grey[(top + p / SIDE) * width + left + p % SIDE] =
                Colormap::Binary.color_in(value, low, high).r;
        }
    }
    let size = |n: usize| {
        u32::try_from(n * scale).map_err(|_| Error::invalid("images", "fewer images", count))
    };
    Figure::new(
        size(width)?,
        size(height)?,
        Content::Drawing(Box::new(GreyImage { width, grey, scale })),
    )
}

/// The smallest and largest value, as matplotlib's `imshow` scales the colormap.
fn value_range<S: Data<Elem = f64>>(images: &ArrayBase<S, Ix2>) -> Result<(f64, f64)> {
    images
        .iter()
        .try_fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            if v.is_finite() {
                Ok((lo.min(v), hi.max(v)))
            } else {
                Err(Error::invalid("images", "finite pixel values", v))
            }
        })
}
