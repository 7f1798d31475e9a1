//! [`Ridge`]: least squares with an L2 penalty, `||y - X w||^2 + alpha ||w||^2`, solved in
//! closed form like scikit-learn's `Ridge` with its `"cholesky"` and `"svd"` solvers.

use ndarray::{Array1, Array2};

use crate::error::{Error, Result};
use crate::estimator::{Fit, Samples};
use crate::linalg::{Svd, solve_positive, svd};
use crate::linear_model::base::{Centered, LinearFit, linear_regressor};
use crate::validation::{check_non_negative, not_fitted};

/// Ridge regression (Tikhonov regularization), like scikit-learn's `Ridge`.
///
/// Minimizes `||y - x w||^2 + alpha ||w||^2` (the intercept is not penalized: the data are
/// centred first). Solvers, as `solver(name)`:
/// - `"auto"` (default) and `"cholesky"`: the normal equations `(x'x + alpha I) w = x'y`
///   solved by Cholesky factorization (the dual form `(x x' + alpha I)` when there are more
///   features than samples), falling back to `"svd"` when the matrix is singular;
/// - `"svd"`: through the SVD of `x`, the most stable.
///
/// ```
/// use handson::prelude::*;
/// let x = array![[0.0], [1.0], [2.0], [3.0]];
/// let y = array![1.0, 2.0, 3.0, 4.0];
/// let mut ridge = Ridge::new().alpha(1.0);
/// ridge.fit(&x, &y)?;
/// // x'x = 5 after centring, so the slope shrinks from 1 to 5 / (5 + 1).
/// assert!((ridge.coef()?[0] - 5.0 / 6.0).abs() < 1e-12);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Ridge {
    alpha: f64,
    fit_intercept: bool,
    solver: String,
    fitted: Option<LinearFit>,
}

impl Default for Ridge {
    fn default() -> Self {
        Self::new()
    }
}

impl Ridge {
    /// A model with scikit-learn's defaults (`Ridge()`: `alpha` 1, solver `"auto"`).
    pub fn new() -> Self {
        Ridge {
            alpha: 1.0,
            fit_intercept: true,
            solver: "auto".into(),
            fitted: None,
        }
    }

    /// The regularization strength (default 1; 0 is ordinary least squares).
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// Whether to learn an intercept (default `true`).
    pub fn fit_intercept(mut self, fit_intercept: bool) -> Self {
        self.fit_intercept = fit_intercept;
        self
    }

    /// The solver: `"auto"` (default), `"cholesky"` or `"svd"`.
    pub fn solver(mut self, solver: impl Into<String>) -> Self {
        self.solver = solver.into();
        self
    }

    fn fitted(&self) -> Result<&LinearFit> {
        self.fitted.as_ref().ok_or_else(|| not_fitted("Ridge"))
    }
}

linear_regressor!(Ridge);

/// The ridge solution by Cholesky, primal or dual form; `None` when the system is singular.
fn solve_cholesky(x: &Array2<f64>, y: &Array1<f64>, alpha: f64) -> Option<Array1<f64>> {
    let (n_samples, n_features) = x.dim();
    if n_features > n_samples {
        let mut k = x.dot(&x.t());
        k.diag_mut().mapv_inplace(|v| v + alpha);
        let dual = solve_positive(&k, y).ok()?;
        Some(x.t().dot(&dual))
    } else {
        let mut a = x.t().dot(x);
        a.diag_mut().mapv_inplace(|v| v + alpha);
        solve_positive(&a, &x.t().dot(y)).ok()
    }
}

/// The ridge solution through the SVD of `x` (scikit-learn's `_solve_svd`).
fn solve_svd(x: &Array2<f64>, y: &Array1<f64>, alpha: f64) -> Result<Array1<f64>> {
    let Svd { u, s, vt } = svd(x.view())?;
    let uty = u.t().dot(y);
    let d: Array1<f64> = s
        .iter()
        .zip(&uty)
        .map(|(&s, &c)| {
            if s > 1e-15 {
                s / (s * s + alpha) * c
            } else {
                0.0
            }
        })
        .collect();
    Ok(vt.t().dot(&d))
}

impl Fit<Array1<f64>> for Ridge {
    fn fit_samples(&mut self, x: Samples<'_>, y: &Array1<f64>) -> Result<()> {
        check_non_negative("alpha", self.alpha)?;
        let use_svd = match self.solver.as_str() {
            "auto" | "cholesky" => false,
            "svd" => true,
            other => {
                return Err(Error::invalid(
                    "solver",
                    "\"auto\", \"cholesky\" or \"svd\"",
                    format!("{other:?}"),
                ));
            }
        };
        let data = Centered::new(x, y, self.fit_intercept)?;
        let coef = match use_svd {
            false => match solve_cholesky(&data.x, &data.y, self.alpha) {
                Some(coef) => coef,
                None => solve_svd(&data.x, &data.y, self.alpha)?,
            },
            true => solve_svd(&data.x, &data.y, self.alpha)?,
        };
        let intercept = data.intercept(&coef);
        self.fitted = Some(LinearFit { coef, intercept });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimator::Predict;
    use ndarray::array;

    #[test]
    fn solvers_agree_in_both_forms() {
        let tall = array![[0.0, 1.0], [1.0, 0.5], [2.0, 2.0], [3.0, 1.0]];
        let wide = tall.t().to_owned();
        for (x, y) in [
            (tall, array![1.0, 2.0, 4.0, 3.0]),
            (wide, array![1.0, -1.0]),
        ] {
            let mut a = Ridge::new().alpha(0.5).solver("cholesky");
            let mut b = Ridge::new().alpha(0.5).solver("svd");
            a.fit(&x, &y).unwrap();
            b.fit(&x, &y).unwrap();
            assert!(
                (a.coef().unwrap() - b.coef().unwrap())
                    .iter()
                    .all(|e| e.abs() < 1e-12)
            );
            assert!((a.intercept().unwrap() - b.intercept().unwrap()).abs() < 1e-12);
        }
    }

    #[test]
    fn bad_settings_are_errors() {
        let x = array![[0.0], [1.0]];
        let y = array![0.0, 1.0];
        assert!(Ridge::new().alpha(-1.0).fit(&x, &y).is_err());
        assert!(Ridge::new().solver("sag").fit(&x, &y).is_err());
        assert!(Ridge::new().predict(&x).is_err());
    }
}
