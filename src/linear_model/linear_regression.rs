//! [`LinearRegression`]: ordinary least squares, like scikit-learn's `LinearRegression`, solved
//! through the SVD ([`crate::linalg::lstsq`]) so that it is stable on ill-conditioned and
//! rank-deficient features (high-degree polynomials) and gives the minimum-norm solution there.

use ndarray::Array1;

use crate::error::{Error, Result};
use crate::estimator::{Fit, Samples};
use crate::linalg::lstsq;
use crate::linear_model::base::{Centered, LinearFit, linear_regressor};
use crate::validation::not_fitted;

/// Ordinary least squares linear regression, like scikit-learn's `LinearRegression`.
///
/// With an intercept (the default), the features and targets are centred and the centred
/// problem is solved by least squares with the SVD, dropping singular values below `tol` times
/// the largest (scikit-learn's `tol`, default 1e-6, passed to `scipy.linalg.lstsq` as `cond`).
///
/// ```
/// use handson::prelude::*;
/// let x = array![[0.0], [1.0], [2.0]];
/// let y = array![1.0, 3.0, 5.0];
/// let mut lin_reg = LinearRegression::new();
/// lin_reg.fit(&x, &y)?;
/// assert!((lin_reg.intercept()? - 1.0).abs() < 1e-12);
/// assert!((lin_reg.coef()?[0] - 2.0).abs() < 1e-12);
/// assert!((lin_reg.predict(&array![[3.0]])?[0] - 7.0).abs() < 1e-12);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LinearRegression {
    fit_intercept: bool,
    tol: f64,
    fitted: Option<Fitted>,
}

/// What `fit` learns.
#[derive(Debug, Clone, PartialEq)]
struct Fitted {
    linear: LinearFit,
    rank: usize,
    singular: Array1<f64>,
}

impl Default for LinearRegression {
    fn default() -> Self {
        Self::new()
    }
}

impl LinearRegression {
    /// A model with scikit-learn's defaults (`LinearRegression()`).
    pub fn new() -> Self {
        LinearRegression {
            fit_intercept: true,
            tol: 1e-6,
            fitted: None,
        }
    }

    /// Whether to learn an intercept (default `true`); without it the line goes through 0.
    pub fn fit_intercept(mut self, fit_intercept: bool) -> Self {
        self.fit_intercept = fit_intercept;
        self
    }

    /// Singular values below `tol` times the largest count as zero (default 1e-6).
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// The rank of the (centred) feature matrix (`rank_`).
    pub fn rank(&self) -> Result<usize> {
        Ok(self.fitted_state()?.rank)
    }

    /// The singular values of the (centred) feature matrix, decreasing (`singular_`).
    pub fn singular(&self) -> Result<&Array1<f64>> {
        Ok(&self.fitted_state()?.singular)
    }

    fn fitted_state(&self) -> Result<&Fitted> {
        self.fitted
            .as_ref()
            .ok_or_else(|| not_fitted("LinearRegression"))
    }

    fn fitted(&self) -> Result<&LinearFit> {
        Ok(&self.fitted_state()?.linear)
    }
}

linear_regressor!(LinearRegression);

impl Fit<Array1<f64>> for LinearRegression {
    fn fit_samples(&mut self, x: Samples<'_>, y: &Array1<f64>) -> Result<()> {
        if !(self.tol >= 0.0 && self.tol < 1.0) {
            return Err(Error::invalid("tol", "a number in [0, 1)", self.tol));
        }
        let data = Centered::new(x, y, self.fit_intercept)?;
        let solution = lstsq(&data.x, &data.y, Some(self.tol))?;
        let intercept = data.intercept(&solution.solution);
        self.fitted = Some(Fitted {
            linear: LinearFit {
                coef: solution.solution,
                intercept,
            },
            rank: solution.rank,
            singular: solution.singular_values,
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimator::Predict;
    use ndarray::array;

    #[test]
    fn fits_a_plane_and_reports_errors() {
        let x = array![[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [2.0, 3.0]];
        let y = x.column(0).mapv(|v| 2.0 * v) + x.column(1).mapv(|v| -v) + 0.5;
        let mut model = LinearRegression::new();
        model.fit(&x, &y).unwrap();
        assert!(
            (model.coef().unwrap() - array![2.0, -1.0])
                .iter()
                .all(|e| e.abs() < 1e-12)
        );
        assert!((model.intercept().unwrap() - 0.5).abs() < 1e-12);
        assert!((model.score(&x, &y).unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(model.rank().unwrap(), 2);
        assert!(LinearRegression::new().predict(&x).is_err());
        assert!(model.predict(&array![[1.0]]).is_err());
        assert!(LinearRegression::new().fit(&x, &array![1.0]).is_err());
        let mut through_zero = LinearRegression::new().fit_intercept(false);
        through_zero
            .fit(&array![[1.0], [2.0]], &array![2.0, 4.0])
            .unwrap();
        assert_eq!(through_zero.intercept().unwrap(), 0.0);
    }
}
