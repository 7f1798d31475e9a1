//! Input checks shared by every model, transformer and metric, like scikit-learn's
//! `utils/validation.py`: each public entry point calls these instead of writing its own, so the
//! same mistake gets the same message everywhere.

use ndarray::{ArrayBase, ArrayView2, Data, Ix2};

use crate::error::{Error, Result};

/// Fails unless `x` has at least one row and one column and only finite values.
///
/// `name` is the argument's name as the user wrote it (`"x"`, `"x_train"`).
pub(crate) fn check_matrix<S: Data<Elem = f64>>(
    name: &'static str,
    x: &ArrayBase<S, Ix2>,
) -> Result<()> {
    let (rows, cols) = x.dim();
    check_not_empty(name, rows, cols)?;
    if all_finite(x.view()) {
        return Ok(());
    }
    if let Some(((row, col), value)) = x.indexed_iter().find(|(_, v)| !v.is_finite()) {
        return Err(Error::invalid(
            name,
            "finite values only (remove or impute NaN and infinite entries first)",
            format!("{value} at row {row}, column {col}"),
        ));
    }
    Ok(())
}

/// Whether every entry of `x` is finite: a branch-free pass over rows (which the compiler
/// vectorizes), compiled once in this crate whatever the caller's array type; the slow search
/// for the position runs only when this fails.
fn all_finite(x: ArrayView2<'_, f64>) -> bool {
    x.rows()
        .into_iter()
        .all(|row| row.fold(true, |finite, v| finite & v.is_finite()))
}

/// Fails unless a matrix of `rows x cols` samples has at least one row and one column (for
/// models that check finiteness themselves, in their own pass over the data).
pub(crate) fn check_not_empty(name: &'static str, rows: usize, cols: usize) -> Result<()> {
    if rows == 0 || cols == 0 {
        return Err(Error::invalid(
            name,
            "a matrix with at least one row and one column",
            format!("shape {rows}x{cols}"),
        ));
    }
    Ok(())
}

/// Fails unless `n_targets` (the length of `y`) equals `n_samples` (the rows of `x`).
pub(crate) fn check_same_length(n_samples: usize, n_targets: usize) -> Result<()> {
    if n_samples != n_targets {
        return Err(Error::invalid(
            "y",
            format!("one target per row of x ({n_samples})"),
            format!("{n_targets} targets"),
        ));
    }
    Ok(())
}

/// Fails unless a matrix passed to an already fitted model has the `expected` number of columns.
pub(crate) fn check_n_features(expected: usize, actual: usize) -> Result<()> {
    if expected != actual {
        return Err(Error::invalid(
            "x",
            format!("{expected} columns, as in the data the model was fitted on"),
            format!("{actual} columns"),
        ));
    }
    Ok(())
}

/// Fails unless `value` is a finite number `>= 0` (a regularization strength, a tolerance, a
/// cutoff).
pub(crate) fn check_non_negative(name: &'static str, value: f64) -> Result<()> {
    if !(value >= 0.0 && value.is_finite()) {
        return Err(Error::invalid(name, "a finite number >= 0", value));
    }
    Ok(())
}

/// Fails unless the count `value` is at least 1 (`max_iter`, `n_estimators`, ...).
pub(crate) fn check_at_least_one(name: &'static str, value: usize) -> Result<()> {
    if value == 0 {
        return Err(Error::invalid(name, "at least 1", 0));
    }
    Ok(())
}

/// The error of a method called on a model that has not been fitted yet.
pub(crate) fn not_fitted(model: &'static str) -> Error {
    Error::NotFitted { model }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array2, array};

    #[test]
    fn matrices_must_be_non_empty_and_finite() {
        assert!(check_matrix("x", &array![[1.0, 2.0]]).is_ok());
        assert!(check_matrix("x", &Array2::<f64>::zeros((0, 3))).is_err());
        assert!(check_matrix("x", &Array2::<f64>::zeros((3, 0))).is_err());
        let message = check_matrix("x", &array![[1.0, f64::NAN]])
            .unwrap_err()
            .to_string();
        assert!(message.contains("row 0, column 1"), "{message}");
        assert!(check_matrix("x", &array![[f64::INFINITY]]).is_err());
    }

    #[test]
    fn lengths_and_widths_must_agree() {
        assert!(check_same_length(3, 3).is_ok());
        assert!(check_same_length(3, 2).is_err());
        assert!(check_n_features(784, 784).is_ok());
        assert!(
            check_n_features(784, 783)
                .unwrap_err()
                .to_string()
                .contains("783 columns")
        );
    }

    #[test]
    fn non_negative_numbers() {
        assert!(check_non_negative("tol", 0.0).is_ok());
        for bad in [-1e-9, f64::NAN, f64::INFINITY] {
            let err = check_non_negative("tol", bad).unwrap_err();
            assert!(matches!(err, Error::InvalidArgument { name, .. } if name == "tol"));
        }
    }

    #[test]
    fn counts_of_at_least_one() {
        assert!(check_at_least_one("max_iter", 1).is_ok());
        let err = check_at_least_one("max_iter", 0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid argument `max_iter`: expected at least 1, got 0"
        );
    }
}
