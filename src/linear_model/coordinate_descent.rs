//! [`Lasso`] and [`ElasticNet`]: least squares with an L1 (and L2) penalty, solved by cyclic
//! coordinate descent as scikit-learn's `enet_coordinate_descent` (`_cd_fast.pyx`) does, with
//! its objective scaling and its duality-gap stopping rule.
//!
//! scikit-learn minimizes `1 / (2 n) ||y - X w||^2 + alpha l1_ratio ||w||_1 + alpha (1 -
//! l1_ratio) / 2 ||w||^2`; multiplied by `n`, that is the solver's problem with L1 strength
//! `alpha l1_ratio n` and L2 strength `alpha (1 - l1_ratio) n`. Each sweep sets every weight in
//! turn to its exact minimizer given the others (a soft threshold). When the largest change of a
//! sweep is small relative to the largest weight, the duality gap is computed; training stops
//! when it is at most `tol ||y||^2`.
//!
//! Cost: `O(n)` per coordinate update, `O(n p)` per sweep and per gap check.

use ndarray::{Array1, Array2, ArrayView1};

use crate::error::{Error, Result};
use crate::estimator::{Fit, Samples};
use crate::linear_model::base::{Centered, LinearFit, linear_regressor};
use crate::validation::{check_at_least_one, check_non_negative, not_fitted};

/// The result of [`coordinate_descent`].
struct Descent {
    coef: Array1<f64>,
    n_iter: usize,
    dual_gap: f64,
}

/// Minimizes `1/2 ||y - X w||^2 + l1 ||w||_1 + l2 / 2 ||w||^2` by cyclic coordinate descent
/// from `w = 0`. `columns` holds the columns of `X` as rows.
fn coordinate_descent(
    columns: &Array2<f64>,
    y: &Array1<f64>,
    l1: f64,
    l2: f64,
    max_iter: usize,
    tol: f64,
) -> Descent {
    let n_features = columns.nrows();
    let norms: Vec<f64> = columns.rows().into_iter().map(|c| c.dot(&c)).collect();
    let mut w = Array1::<f64>::zeros(n_features);
    let mut residual = y.clone();
    let d_w_tol = tol;
    let tol = tol * y.dot(y);
    let mut gap = duality_gap(columns, y, &residual, &w, l1, l2);
    if gap <= tol {
        return Descent {
            coef: w,
            n_iter: 0,
            dual_gap: gap,
        };
    }
    let mut n_iter = 0;
    for iteration in 0..max_iter {
        n_iter = iteration + 1;
        let (mut w_max, mut d_w_max) = (0.0f64, 0.0f64);
        for j in 0..n_features {
            if norms[j] == 0.0 {
                continue;
            }
            let column = columns.row(j);
            let w_j = w[j];
            let tmp = column.dot(&residual) + w_j * norms[j];
            w[j] = tmp.signum() * (tmp.abs() - l1).max(0.0) / (norms[j] + l2);
            if tmp == 0.0 {
                w[j] = 0.0;
            }
            if w[j] != w_j {
                residual.scaled_add(w_j - w[j], &column);
            }
            d_w_max = d_w_max.max((w[j] - w_j).abs());
            w_max = w_max.max(w[j].abs());
        }
        if w_max == 0.0 || d_w_max / w_max <= d_w_tol || iteration + 1 == max_iter {
            gap = duality_gap(columns, y, &residual, &w, l1, l2);
            if gap <= tol {
                break;
            }
        }
    }
    Descent {
        coef: w,
        n_iter,
        dual_gap: gap,
    }
}

/// The duality gap of `w` with residual `r = y - X w` (scikit-learn's `gap_enet`): formulation
/// A for `l1 > 0`, formulation B for a pure L2 penalty, the squared gradient for none.
fn duality_gap(
    columns: &Array2<f64>,
    y: &Array1<f64>,
    r: &Array1<f64>,
    w: &Array1<f64>,
    l1: f64,
    l2: f64,
) -> f64 {
    let r_norm2 = r.dot(r);
    let w_norm2 = if l2 > 0.0 { w.dot(w) } else { 0.0 };
    let ry = r.dot(y);
    let xta: Array1<f64> = columns
        .rows()
        .into_iter()
        .zip(w.iter())
        .map(|(c, &wj): (ArrayView1<f64>, &f64)| c.dot(r) - l2 * wj)
        .collect();
    if l1 == 0.0 {
        let xtr: Array1<f64> = columns.rows().into_iter().map(|c| c.dot(r)).collect();
        let dual_norm = xtr.dot(&xtr);
        if l2 == 0.0 {
            return dual_norm;
        }
        return r_norm2 + 0.5 * l2 * w_norm2 - ry + 1.0 / (2.0 * l2) * dual_norm;
    }
    let dual_norm = xta.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let w_l1 = w.iter().map(|v| v.abs()).sum::<f64>();
    let primal = 0.5 * (r_norm2 + l2 * w_norm2) + l1 * w_l1;
    let scale = if dual_norm > l1 { l1 / dual_norm } else { 1.0 };
    let dual = -0.5 * (scale * scale) * (r_norm2 + l2 * w_norm2) + scale * ry;
    primal - dual
}

/// Linear regression with a combined L1 and L2 penalty, like scikit-learn's `ElasticNet`.
///
/// Minimizes `1 / (2 n) ||y - x w||^2 + alpha l1_ratio ||w||_1 + alpha (1 - l1_ratio) / 2
/// ||w||^2` by coordinate descent. Defaults as scikit-learn: `alpha` 1, `l1_ratio` 0.5,
/// `max_iter` 1000, `tol` 1e-4.
///
/// ```
/// use handson::prelude::*;
/// let x = array![[0.0], [1.0], [2.0], [3.0]];
/// let y = array![1.0, 2.0, 3.0, 4.0];
/// let mut elastic_net = ElasticNet::new().alpha(0.1).l1_ratio(0.5);
/// elastic_net.fit(&x, &y)?;
/// assert!(elastic_net.coef()?[0] < 1.0 && elastic_net.coef()?[0] > 0.8);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ElasticNet {
    alpha: f64,
    l1_ratio: f64,
    fit_intercept: bool,
    max_iter: usize,
    tol: f64,
    fitted: Option<Fitted>,
}

/// What `fit` learns.
#[derive(Debug, Clone, PartialEq)]
struct Fitted {
    linear: LinearFit,
    n_iter: usize,
    dual_gap: f64,
}

impl Default for ElasticNet {
    fn default() -> Self {
        Self::new()
    }
}

impl ElasticNet {
    /// A model with scikit-learn's defaults (`ElasticNet()`).
    pub fn new() -> Self {
        ElasticNet {
            alpha: 1.0,
            l1_ratio: 0.5,
            fit_intercept: true,
            max_iter: 1000,
            tol: 1e-4,
            fitted: None,
        }
    }

    /// The overall regularization strength (default 1).
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// The L1 share of the penalty, from 0 (ridge-like) to 1 (lasso); default 0.5.
    pub fn l1_ratio(mut self, l1_ratio: f64) -> Self {
        self.l1_ratio = l1_ratio;
        self
    }

    /// Whether to learn an intercept (default `true`).
    pub fn fit_intercept(mut self, fit_intercept: bool) -> Self {
        self.fit_intercept = fit_intercept;
        self
    }

    /// The maximum number of sweeps over the coefficients (default 1000).
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// The stopping tolerance on the duality gap, relative to `||y||^2` (default 1e-4).
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// The number of sweeps run (`n_iter_`).
    pub fn n_iter(&self) -> Result<usize> {
        Ok(self.fitted_state()?.n_iter)
    }

    /// The duality gap at the end (`dual_gap_`, scaled as scikit-learn's: divided by `n`).
    pub fn dual_gap(&self) -> Result<f64> {
        Ok(self.fitted_state()?.dual_gap)
    }

    fn fitted_state(&self) -> Result<&Fitted> {
        self.fitted.as_ref().ok_or_else(|| not_fitted("ElasticNet"))
    }

    fn fitted(&self) -> Result<&LinearFit> {
        Ok(&self.fitted_state()?.linear)
    }
}

linear_regressor!(ElasticNet);

impl Fit<Array1<f64>> for ElasticNet {
    fn fit_samples(&mut self, x: Samples<'_>, y: &Array1<f64>) -> Result<()> {
        check_non_negative("alpha", self.alpha)?;
        if !(0.0..=1.0).contains(&self.l1_ratio) {
            return Err(Error::invalid(
                "l1_ratio",
                "a number in [0, 1]",
                self.l1_ratio,
            ));
        }
        check_at_least_one("max_iter", self.max_iter)?;
        check_non_negative("tol", self.tol)?;
        let data = Centered::new(x, y, self.fit_intercept)?;
        let n = data.x.nrows() as f64;
        let l1 = self.alpha * self.l1_ratio * n;
        let l2 = self.alpha * (1.0 - self.l1_ratio) * n;
        let columns = data.x.t().as_standard_layout().to_owned();
        let descent = coordinate_descent(&columns, &data.y, l1, l2, self.max_iter, self.tol);
        let intercept = data.intercept(&descent.coef);
        self.fitted = Some(Fitted {
            linear: LinearFit {
                coef: descent.coef,
                intercept,
            },
            n_iter: descent.n_iter,
            dual_gap: descent.dual_gap / n,
        });
        Ok(())
    }
}

/// Linear regression with an L1 penalty, like scikit-learn's `Lasso`: an [`ElasticNet`] with
/// `l1_ratio` 1, minimizing `1 / (2 n) ||y - x w||^2 + alpha ||w||_1`. It drives the weights of
/// the least useful features to exactly zero.
///
/// ```
/// use handson::prelude::*;
/// let x = array![[0.0, 1.0], [1.0, 1.0], [2.0, 1.0], [3.0, 1.0]];
/// let y = array![1.0, 2.0, 3.0, 4.0];
/// let mut lasso = Lasso::new().alpha(0.1);
/// lasso.fit(&x, &y)?;
/// assert_eq!(lasso.coef()?[1], 0.0);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Lasso {
    inner: ElasticNet,
}

impl Default for Lasso {
    fn default() -> Self {
        Self::new()
    }
}

impl Lasso {
    /// A model with scikit-learn's defaults (`Lasso()`: `alpha` 1, `max_iter` 1000, `tol` 1e-4).
    pub fn new() -> Self {
        Lasso {
            inner: ElasticNet::new().l1_ratio(1.0),
        }
    }

    /// The regularization strength (default 1).
    pub fn alpha(self, alpha: f64) -> Self {
        Lasso {
            inner: self.inner.alpha(alpha),
        }
    }

    /// Whether to learn an intercept (default `true`).
    pub fn fit_intercept(self, fit_intercept: bool) -> Self {
        Lasso {
            inner: self.inner.fit_intercept(fit_intercept),
        }
    }

    /// The maximum number of sweeps over the coefficients (default 1000).
    pub fn max_iter(self, max_iter: usize) -> Self {
        Lasso {
            inner: self.inner.max_iter(max_iter),
        }
    }

    /// The stopping tolerance on the duality gap, relative to `||y||^2` (default 1e-4).
    pub fn tol(self, tol: f64) -> Self {
        Lasso {
            inner: self.inner.tol(tol),
        }
    }

    /// The number of sweeps run (`n_iter_`).
    pub fn n_iter(&self) -> Result<usize> {
        self.inner.n_iter().map_err(|_| not_fitted("Lasso"))
    }

    fn fitted(&self) -> Result<&LinearFit> {
        self.inner.fitted().map_err(|_| not_fitted("Lasso"))
    }
}

linear_regressor!(Lasso);

impl Fit<Array1<f64>> for Lasso {
    fn fit_samples(&mut self, x: Samples<'_>, y: &Array1<f64>) -> Result<()> {
        self.inner.fit_samples(x, y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimator::Predict;
    use ndarray::array;

    #[test]
    fn the_lasso_zeroes_useless_features_and_l1_ratio_zero_is_ridge_like() {
        let x = array![[0.0, 0.3], [1.0, -0.2], [2.0, 0.1], [3.0, 0.0]];
        let y = array![1.0, 3.1, 4.9, 7.0];
        let mut lasso = Lasso::new().alpha(0.1);
        lasso.fit(&x, &y).unwrap();
        assert_eq!(lasso.coef().unwrap()[1], 0.0);
        assert!(lasso.n_iter().unwrap() >= 1);
        // With l1_ratio 0 the problem is ridge with alpha' = alpha n.
        let mut enet = ElasticNet::new()
            .alpha(0.05)
            .l1_ratio(0.0)
            .tol(1e-12)
            .max_iter(100_000);
        enet.fit(&x, &y).unwrap();
        let mut ridge = crate::linear_model::Ridge::new().alpha(0.05 * 4.0);
        ridge.fit(&x, &y).unwrap();
        assert!(
            (enet.coef().unwrap() - ridge.coef().unwrap())
                .iter()
                .all(|e| e.abs() < 1e-6)
        );
    }

    #[test]
    fn bad_settings_are_errors() {
        let x = array![[0.0], [1.0]];
        let y = array![0.0, 1.0];
        assert!(ElasticNet::new().l1_ratio(1.5).fit(&x, &y).is_err());
        assert!(Lasso::new().alpha(f64::NAN).fit(&x, &y).is_err());
        assert!(Lasso::new().max_iter(0).fit(&x, &y).is_err());
        assert!(Lasso::new().predict(&x).is_err());
    }
}
