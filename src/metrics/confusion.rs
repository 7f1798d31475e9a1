//! Views of a confusion matrix for error analysis: [`normalized_errors`], the book's
//! errors-only matrix (each row divided by its class's count, the diagonal zeroed), which
//! `plot::matshow` draws.

use ndarray::{Array2, ArrayBase, Data, Ix2};

use crate::error::{Error, Result};

/// The book's errors-only matrix: each row of a confusion matrix divided by its total (the
/// number of instances of that class), with the diagonal (the correct predictions) set to zero,
/// so that `matshow` shows which confusions are frequent. A row with no instances stays zero
/// (NumPy would give NaN).
///
/// ```
/// use handson::prelude::*;
/// let conf_mx = array![[8usize, 2], [1, 3]];
/// assert_eq!(normalized_errors(&conf_mx)?, array![[0.0, 0.2], [0.25, 0.0]]);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn normalized_errors<S: Data<Elem = usize>>(
    conf_mx: &ArrayBase<S, Ix2>,
) -> Result<Array2<f64>> {
    let (rows, cols) = conf_mx.dim();
    if rows == 0 || rows != cols {
        return Err(Error::invalid(
            "conf_mx",
            "a square confusion matrix with at least one class",
            format!("{rows}x{cols}"),
        ));
    }
    let mut errors = conf_mx.mapv(|count| count as f64);
    for (i, mut row) in errors.rows_mut().into_iter().enumerate() {
        let total: f64 = row.sum();
        if total > 0.0 {
            row /= total;
        }
        row[i] = 0.0;
    }
    Ok(errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_only_matrices_need_square_counts() {
        assert!(normalized_errors(&Array2::<usize>::zeros((2, 3))).is_err());
        assert!(normalized_errors(&Array2::<usize>::zeros((0, 0))).is_err());
        let empty_row = ndarray::array![[0usize, 0], [0, 5]];
        assert_eq!(
            normalized_errors(&empty_row).unwrap(),
            Array2::<f64>::zeros((2, 2))
        );
    }
}
