//! Regression scores, as scikit-learn's `mean_squared_error`, `root_mean_squared_error` and
//! `r2_score` for one output: real targets against real predictions, averaged in NumPy's
//! summation order so that the printed digits match scikit-learn's.

use ndarray::{ArrayBase, Data, Ix1};

use crate::error::{Error, Result};
use crate::metrics::numpy_sum::{mean, pairwise_sum};

/// The squared differences of two equally long, non-empty, finite vectors.
fn squared_errors<S, T>(y_true: &ArrayBase<S, Ix1>, y_pred: &ArrayBase<T, Ix1>) -> Result<Vec<f64>>
where
    S: Data<Elem = f64>,
    T: Data<Elem = f64>,
{
    if y_true.is_empty() {
        return Err(Error::invalid("y_true", "at least one target", "none"));
    }
    if y_true.len() != y_pred.len() {
        return Err(Error::invalid(
            "y_pred",
            format!("one prediction per target ({})", y_true.len()),
            format!("{} predictions", y_pred.len()),
        ));
    }
    for (name, values) in [("y_true", y_true.view()), ("y_pred", y_pred.view())] {
        if let Some(bad) = values.iter().find(|v| !v.is_finite()) {
            return Err(Error::invalid(name, "finite values only", bad));
        }
    }
    Ok(y_true
        .iter()
        .zip(y_pred)
        .map(|(t, p)| (t - p) * (t - p))
        .collect())
}

/// The mean of the squared errors, like `sklearn.metrics.mean_squared_error(y_true, y_pred)`.
/// Fails if the lengths differ, are zero, or a value is not finite.
///
/// ```
/// use handson::metrics::mean_squared_error;
/// use ndarray::array;
/// assert_eq!(mean_squared_error(&array![3.0, 5.0], &array![2.0, 8.0])?, 5.0);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn mean_squared_error<S, T>(
    y_true: &ArrayBase<S, Ix1>,
    y_pred: &ArrayBase<T, Ix1>,
) -> Result<f64>
where
    S: Data<Elem = f64>,
    T: Data<Elem = f64>,
{
    Ok(mean(&squared_errors(y_true, y_pred)?))
}

/// The square root of [`mean_squared_error`] (the RMSE), like
/// `sklearn.metrics.root_mean_squared_error(y_true, y_pred)`.
///
/// ```
/// use handson::metrics::root_mean_squared_error;
/// use ndarray::array;
/// assert_eq!(root_mean_squared_error(&array![3.0, 5.0], &array![1.0, 7.0])?, 2.0);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn root_mean_squared_error<S, T>(
    y_true: &ArrayBase<S, Ix1>,
    y_pred: &ArrayBase<T, Ix1>,
) -> Result<f64>
where
    S: Data<Elem = f64>,
    T: Data<Elem = f64>,
{
    Ok(mean_squared_error(y_true, y_pred)?.sqrt())
}

/// The coefficient of determination `1 - SS_res / SS_tot`, like
/// `sklearn.metrics.r2_score(y_true, y_pred)` (what a regressor's `score` returns): 1 for
/// perfect predictions, 0 for predicting the mean. Constant targets score 1 when predicted
/// exactly and 0 otherwise, as in scikit-learn.
///
/// ```
/// use handson::metrics::r2_score;
/// use ndarray::array;
/// assert_eq!(r2_score(&array![1.0, 2.0, 3.0], &array![1.0, 2.0, 3.0])?, 1.0);
/// assert_eq!(r2_score(&array![1.0, 2.0, 3.0], &array![2.0, 2.0, 2.0])?, 0.0);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn r2_score<S, T>(y_true: &ArrayBase<S, Ix1>, y_pred: &ArrayBase<T, Ix1>) -> Result<f64>
where
    S: Data<Elem = f64>,
    T: Data<Elem = f64>,
{
    let residual = pairwise_sum(&squared_errors(y_true, y_pred)?);
    let values: Vec<f64> = y_true.iter().copied().collect();
    let average = mean(&values);
    let total = pairwise_sum(
        &values
            .iter()
            .map(|v| (v - average) * (v - average))
            .collect::<Vec<_>>(),
    );
    Ok(if total != 0.0 {
        1.0 - residual / total
    } else if residual == 0.0 {
        1.0
    } else {
        0.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn bad_inputs_are_errors() {
        assert!(mean_squared_error(&array![1.0], &array![1.0, 2.0]).is_err());
        assert!(
            mean_squared_error(
                &ndarray::Array1::<f64>::zeros(0),
                &ndarray::Array1::<f64>::zeros(0)
            )
            .is_err()
        );
        assert!(root_mean_squared_error(&array![f64::NAN], &array![1.0]).is_err());
        assert_eq!(r2_score(&array![2.0, 2.0], &array![2.0, 2.0]).unwrap(), 1.0);
        assert_eq!(r2_score(&array![2.0, 2.0], &array![1.0, 2.0]).unwrap(), 0.0);
    }
}
