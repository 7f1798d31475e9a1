//! What the linear regressors share, as scikit-learn's `linear_model/_base.py`: input checks
//! for real targets, centering the data when an intercept is fitted (`_preprocess_data`), the
//! intercept recovered from the offsets (`_set_intercept`), and predictions `x . coef +
//! intercept`.

use ndarray::{Array1, Array2, Axis};

use crate::error::{Error, Result};
use crate::estimator::Samples;
use crate::validation::{check_matrix, check_n_features, check_same_length};

/// The training data of a linear regressor, centred when an intercept is fitted.
pub(crate) struct Centered {
    /// The samples minus `x_offset`, one per row.
    pub x: Array2<f64>,
    /// The targets minus `y_offset`.
    pub y: Array1<f64>,
    /// The mean of each column (zeros without intercept).
    pub x_offset: Array1<f64>,
    /// The mean target (zero without intercept).
    pub y_offset: f64,
}

impl Centered {
    /// Checks `x` and `y` and centres them when `fit_intercept`.
    pub fn new(x: Samples<'_>, y: &Array1<f64>, fit_intercept: bool) -> Result<Centered> {
        let mut x = x.to_owned();
        check_matrix("x", &x)?;
        check_same_length(x.nrows(), y.len())?;
        if let Some((i, bad)) = y.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(Error::invalid(
                "y",
                "finite targets only",
                format!("{bad} at position {i}"),
            ));
        }
        let mut y = y.clone();
        let n = x.nrows() as f64;
        let (x_offset, y_offset) = if fit_intercept {
            let x_offset = x.sum_axis(Axis(0)) / n;
            let y_offset = y.sum() / n;
            x -= &x_offset;
            y -= y_offset;
            (x_offset, y_offset)
        } else {
            (Array1::zeros(x.ncols()), 0.0)
        };
        Ok(Centered {
            x,
            y,
            x_offset,
            y_offset,
        })
    }

    /// The intercept that goes with `coef` learnt on the centred data.
    pub fn intercept(&self, coef: &Array1<f64>) -> f64 {
        self.y_offset - self.x_offset.dot(coef)
    }
}

/// What a linear regressor learns: `y = x . coef + intercept`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LinearFit {
    pub coef: Array1<f64>,
    pub intercept: f64,
}

impl LinearFit {
    /// The prediction for each sample of `x`.
    pub fn predict(&self, x: Samples<'_>) -> Result<Array1<f64>> {
        check_n_features(self.coef.len(), x.n_features())?;
        let predictions: Array1<f64> = (0..x.n_samples())
            .map(|i| x.sample(i).dot(&self.coef) + self.intercept)
            .collect();
        if let Some((i, bad)) = predictions.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(Error::invalid(
                "x",
                "finite values only",
                format!("row {} giving the prediction {bad}", x.matrix_row(i)),
            ));
        }
        Ok(predictions)
    }
}

/// Implements [`Predict`](crate::estimator::Predict) for real targets and an inherent `score`
/// (R², as a scikit-learn regressor's `score`) for a regressor whose fitted state is reached by
/// `self.fitted()` returning `Result<&LinearFit>`.
macro_rules! linear_regressor {
    ($model:ty) => {
        impl $crate::estimator::Predict<ndarray::Array1<f64>> for $model {
            /// The prediction `x . coef + intercept` of each sample.
            fn predict_samples(
                &self,
                x: $crate::estimator::Samples<'_>,
            ) -> $crate::error::Result<ndarray::Array1<f64>> {
                self.fitted()?.predict(x)
            }
        }

        impl $model {
            /// The coefficient of determination R² of the predictions for `x` against `y`,
            /// like a scikit-learn regressor's `score(X, y)`.
            pub fn score<S: ndarray::Data<Elem = f64>>(
                &self,
                x: &ndarray::ArrayBase<S, ndarray::Ix2>,
                y: &ndarray::Array1<f64>,
            ) -> $crate::error::Result<f64> {
                let predictions = self
                    .fitted()?
                    .predict($crate::estimator::Samples::all(x.view()))?;
                $crate::metrics::r2_score(y, &predictions)
            }

            /// The weight of each feature (`coef_`).
            pub fn coef(&self) -> $crate::error::Result<&ndarray::Array1<f64>> {
                Ok(&self.fitted()?.coef)
            }

            /// The bias term (`intercept_`), 0 without `fit_intercept`.
            pub fn intercept(&self) -> $crate::error::Result<f64> {
                Ok(self.fitted()?.intercept)
            }
        }
    };
}
pub(crate) use linear_regressor;

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn centering_and_checks() {
        let x = array![[1.0, 2.0], [3.0, 6.0]];
        let c = Centered::new(Samples::all(x.view()), &array![1.0, 3.0], true).unwrap();
        assert_eq!(c.x, array![[-1.0, -2.0], [1.0, 2.0]]);
        assert_eq!(c.y_offset, 2.0);
        assert_eq!(c.intercept(&array![1.0, 0.0]), 0.0);
        assert!(Centered::new(Samples::all(x.view()), &array![1.0], true).is_err());
        assert!(Centered::new(Samples::all(x.view()), &array![1.0, f64::NAN], true).is_err());
        let fit = LinearFit {
            coef: array![1.0, 1.0],
            intercept: 0.5,
        };
        assert_eq!(
            fit.predict(Samples::all(x.view())).unwrap(),
            array![3.5, 9.5]
        );
        assert!(fit.predict(Samples::all(array![[1.0]].view())).is_err());
    }
}
