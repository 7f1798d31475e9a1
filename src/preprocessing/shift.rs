//! Shifting square images by whole pixels, and the training-set augmentation of the chapter's
//! exercise 2 built on it: [`shift_image`] and [`augment_with_shifts`].
//!
//! An image is a row of `side x side` pixel values in row-major order, as MNIST's rows are.

use ndarray::{Array1, Array2, ArrayBase, Data, Ix1, Ix2};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::memory::zeroed_with_huge_pages;
use crate::validation::{check_matrix, check_same_length};

/// The shifts `(dx, dy)` of exercise 2, in the book's order: one pixel left, right, down, up.
pub const ONE_PIXEL_SHIFTS: [(i64, i64); 4] = [(-1, 0), (1, 0), (0, 1), (0, -1)];

/// `image` moved `dx` pixels right and `dy` pixels down (negative values move it left and up);
/// pixels shifted in from outside are 0.
///
/// The book's `shift(image.reshape(28, 28), [dy, dx], cval=0, mode="constant")` for whole-pixel
/// shifts: scipy interpolates with cubic splines, which for whole pixels reproduce these exact
/// values up to about 1e-13 of rounding. Fails unless `image` is square (`side x side` values).
///
/// ```
/// use handson::prelude::*;
/// let image = array![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0];
/// assert_eq!(shift_image(&image, 1, 0)?, array![0.0, 1.0, 2.0, 0.0, 4.0, 5.0, 0.0, 7.0, 8.0]);
/// assert_eq!(shift_image(&image, 0, -1)?, array![4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 0.0, 0.0, 0.0]);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn shift_image<S: Data<Elem = f64>>(
    image: &ArrayBase<S, Ix1>,
    dx: i64,
    dy: i64,
) -> Result<Array1<f64>> {
    let side = image_side("image", image.len())?;
    let mut shifted = vec![0.0; image.len()];
    shift_into(&image.to_vec(), &mut shifted, side, dx, dy);
    Ok(Array1::from(shifted))
}

/// The training set of exercise 2: the rows of `x` with their labels `y`, followed by four
/// copies of them shifted by one pixel, in the order of [`ONE_PIXEL_SHIFTS`] (60,000 MNIST rows
/// become 300,000). Fails unless the rows are square images with finite values and `y` has one
/// label per row.
///
/// ```
/// use handson::prelude::*;
/// let x = array![[0.0, 1.0, 2.0, 3.0]];
/// let (x_augmented, y_augmented) = augment_with_shifts(&x, &array![7u8])?;
/// assert_eq!(x_augmented.nrows(), 5);
/// assert_eq!(x_augmented.row(2), array![0.0, 0.0, 0.0, 2.0]); // one pixel right
/// assert_eq!(y_augmented, array![7, 7, 7, 7, 7]);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn augment_with_shifts<S: Data<Elem = f64>, L: Clone>(
    x: &ArrayBase<S, Ix2>,
    y: &Array1<L>,
) -> Result<(Array2<f64>, Array1<L>)> {
    check_matrix("x", x)?;
    check_same_length(x.nrows(), y.len())?;
    let side = image_side("x", x.ncols())?;
    let (n, pixels) = x.dim();
    let x = x.as_standard_layout();
    #[allow(
        clippy::expect_used,
        reason = "a standard-layout array is one contiguous slice"
    )]
    let source = x.as_slice().expect("a standard-layout array is contiguous");
    // Copy c of row r is output row c * n + r; copy 0 is the original (a shift by nothing).
    let shifts: Vec<(i64, i64)> = std::iter::once((0, 0)).chain(ONE_PIXEL_SHIFTS).collect();
    let mut augmented = zeroed_with_huge_pages(shifts.len() * n * pixels);
    augmented
        .par_chunks_mut(pixels)
        .enumerate()
        .for_each(|(i, out)| {
            let (dx, dy) = shifts[i / n];
            shift_into(&source[(i % n) * pixels..][..pixels], out, side, dx, dy);
        });
    let labels = (0..shifts.len()).flat_map(|_| y.iter().cloned()).collect();
    let augmented = Array2::from_shape_vec((shifts.len() * n, pixels), augmented)
        .map_err(|e| Error::invalid("x", "a matrix that fits in memory five times", e))?;
    Ok((augmented, labels))
}

/// The side of a square image of `len` pixels; fails when `len` is not a square.
fn image_side(name: &'static str, len: usize) -> Result<usize> {
    let side = len.isqrt();
    if side == 0 || side * side != len {
        return Err(Error::invalid(
            name,
            "a square image of side x side pixels (784 for 28 x 28)",
            format!("{len} pixels"),
        ));
    }
    Ok(side)
}

/// Writes `image` shifted by `(dx, dy)` into `out`, which must be all zeros: only the pixels
/// shifted in from inside the image are written.
fn shift_into(image: &[f64], out: &mut [f64], side: usize, dx: i64, dy: i64) {
    // `unsigned_abs` has no overflow at `i64::MIN`; a shift of a whole side or more leaves
    // nothing inside, and a smaller one fits in `usize`.
    let within = |shift: i64| usize::try_from(shift.unsigned_abs()).is_ok_and(|s| s < side);
    if !within(dx) || !within(dy) {
        return;
    }
    let (dx_abs, dy_abs) = (dx.unsigned_abs() as usize, dy.unsigned_abs() as usize);
    // Columns j of the output read column j - dx of the input, when that is inside.
    let (from_col, to_col) = if dx >= 0 { (0, dx_abs) } else { (dx_abs, 0) };
    let width = side - dx_abs;
    // Rows i of the output read row i - dy of the input, when that is inside.
    let (from_row, to_row) = if dy >= 0 { (0, dy_abs) } else { (dy_abs, 0) };
    for row in 0..side - dy_abs {
        let source = (from_row + row) * side + from_col;
        let target = (to_row + row) * side + to_col;
        out[target..target + width].copy_from_slice(&image[source..source + width]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn matches_scipy_on_a_small_image() {
        // scipy.ndimage.shift(np.arange(1, 26.).reshape(5, 5), [1, -2], cval=0, mode="constant"),
        // rounded (scipy's splines leave ~1e-13 of noise).
        let image = Array1::range(1.0, 26.0, 1.0);
        let expected = array![
            0.0, 0.0, 0.0, 0.0, 0.0, //
            3.0, 4.0, 5.0, 0.0, 0.0, //
            8.0, 9.0, 10.0, 0.0, 0.0, //
            13.0, 14.0, 15.0, 0.0, 0.0, //
            18.0, 19.0, 20.0, 0.0, 0.0
        ];
        assert_eq!(shift_image(&image, -2, 1).unwrap(), expected);
        assert_eq!(shift_image(&image, 0, 0).unwrap(), image);
        assert_eq!(shift_image(&image, 5, 0).unwrap(), Array1::<f64>::zeros(25));
        assert_eq!(
            shift_image(&image, -3, -7).unwrap(),
            Array1::<f64>::zeros(25)
        );
    }

    #[test]
    fn shifts_compose_inside_the_frame() {
        let image = array![0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
        let moved = shift_image(&shift_image(&image, 1, 1).unwrap(), -1, -1).unwrap();
        assert_eq!(moved, image);
    }

    #[test]
    fn augmentation_appends_the_four_shifts_in_order() {
        let x = array![[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]];
        let (augmented, labels) = augment_with_shifts(&x, &array!["a", "b"]).unwrap();
        assert_eq!(augmented.nrows(), 10);
        assert_eq!(
            labels.to_vec(),
            ["a", "b", "a", "b", "a", "b", "a", "b", "a", "b"]
        );
        for (copy, &(dx, dy)) in ONE_PIXEL_SHIFTS.iter().enumerate() {
            for row in 0..2 {
                assert_eq!(
                    augmented.row(2 * (copy + 1) + row),
                    shift_image(&x.row(row), dx, dy).unwrap()
                );
            }
        }
        assert_eq!(augmented.slice(ndarray::s![..2, ..]), x);
    }

    #[test]
    fn extreme_shifts_move_everything_out() {
        let image = Array1::range(1.0, 10.0, 1.0);
        let zeros = Array1::<f64>::zeros(9);
        for (dx, dy) in [
            (i64::MIN, 0),
            (0, i64::MIN),
            (i64::MAX, 0),
            (0, i64::MAX),
            (i64::MIN, i64::MAX),
            (3, 0),
            (0, -3),
        ] {
            assert_eq!(shift_image(&image, dx, dy).unwrap(), zeros, "({dx}, {dy})");
        }
        assert_eq!(
            shift_image(&image, -2, 2).unwrap(),
            array![0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 3.0, 0.0, 0.0]
        );
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(shift_image(&array![1.0, 2.0, 3.0], 1, 0).is_err());
        assert!(shift_image(&Array1::<f64>::zeros(0), 1, 0).is_err());
        assert!(augment_with_shifts(&array![[1.0, 2.0, 3.0, 4.0]], &array![1, 2]).is_err());
        assert!(augment_with_shifts(&array![[1.0, f64::NAN, 3.0, 4.0]], &array![1]).is_err());
    }
}
