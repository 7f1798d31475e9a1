//! [`LogisticRegression`]: logistic regression for two classes and softmax (multinomial)
//! regression for more, like scikit-learn's `LogisticRegression` with its default `lbfgs`
//! solver: the same objective and scaling (`mean(loss) + ||w||^2 / (2 C n)`, intercepts not
//! penalized) minimized by L-BFGS ([`super::lbfgs`]) with the same stopping rules.
//!
//! The objective is strictly convex, so its minimizer is unique; the coefficients agree with
//! scikit-learn's to within what its `tol` leaves (about `tol` on the gradient), and to many
//! more digits with a smaller `tol`.
//!
//! Cost: per L-BFGS iteration, two passes over the data (`x w` and `x' r`), `O(n p k)` for
//! `k` scores per sample (1 for two classes).

use ndarray::{Array1, Array2, ArrayView2, Axis, s};

use crate::error::{Error, Result};
use crate::estimator::{DecisionFunction, Fit, Label, Predict, PredictProba, Samples};
use crate::linear_model::lbfgs::{Stop, minimize};
use crate::metrics::labels::{class_index, classes_to_learn, sorted_classes};
use crate::validation::{
    check_at_least_one, check_matrix, check_n_features, check_non_negative, check_same_length,
    not_fitted,
};

/// Logistic (two classes) or softmax (more classes) regression with an L2 penalty, like
/// scikit-learn's `LogisticRegression()`.
///
/// Defaults as scikit-learn: `c` 1 (the inverse regularization strength `C`; `f64::INFINITY`
/// for none), `max_iter` 100, `tol` 1e-4, an intercept. Classes are kept sorted; two classes
/// give one row of `coef` (for the second class), more give one row per class (multinomial).
///
/// ```
/// use handson::prelude::*;
/// let x = array![[0.5], [1.0], [1.5], [2.0], [2.5], [3.0]];
/// let y = array![false, false, true, false, true, true];
/// let mut log_reg = LogisticRegression::new();
/// log_reg.fit(&x, &y)?;
/// assert_eq!(log_reg.predict(&array![[0.2], [3.2]])?, array![false, true]);
/// let proba = log_reg.predict_proba(&array![[1.75]])?;
/// assert!((proba[[0, 0]] + proba[[0, 1]] - 1.0).abs() < 1e-12);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct LogisticRegression<L> {
    c: f64,
    fit_intercept: bool,
    max_iter: usize,
    tol: f64,
    fitted: Option<Fitted<L>>,
}

/// What `fit` learns.
#[derive(Debug, Clone)]
struct Fitted<L> {
    classes: Vec<L>,
    coef: Array2<f64>,
    intercept: Array1<f64>,
    n_iter: usize,
}

impl<L: Label> Default for LogisticRegression<L> {
    fn default() -> Self {
        Self::new()
    }
}

impl<L: Label> LogisticRegression<L> {
    /// A classifier with scikit-learn's defaults (`LogisticRegression()`).
    pub fn new() -> Self {
        LogisticRegression {
            c: 1.0,
            fit_intercept: true,
            max_iter: 100,
            tol: 1e-4,
            fitted: None,
        }
    }

    /// The inverse of the regularization strength, scikit-learn's `C` (default 1): smaller
    /// values regularize more; `f64::INFINITY` turns the penalty off.
    pub fn c(mut self, c: f64) -> Self {
        self.c = c;
        self
    }

    /// Whether to learn intercepts (default `true`).
    pub fn fit_intercept(mut self, fit_intercept: bool) -> Self {
        self.fit_intercept = fit_intercept;
        self
    }

    /// The maximum number of L-BFGS iterations (default 100).
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Training stops when no gradient component exceeds `tol` (default 1e-4).
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// The classes, sorted (`classes_`).
    pub fn classes(&self) -> Result<&[L]> {
        Ok(&self.fitted()?.classes)
    }

    /// The weights: one row for two classes (the second class's), else one row per class
    /// (`coef_`).
    pub fn coef(&self) -> Result<&Array2<f64>> {
        Ok(&self.fitted()?.coef)
    }

    /// The intercepts, one per row of [`coef`](Self::coef) (`intercept_`).
    pub fn intercept(&self) -> Result<&Array1<f64>> {
        Ok(&self.fitted()?.intercept)
    }

    /// The number of L-BFGS iterations run (`n_iter_`).
    pub fn n_iter(&self) -> Result<usize> {
        Ok(self.fitted()?.n_iter)
    }

    fn fitted(&self) -> Result<&Fitted<L>> {
        self.fitted
            .as_ref()
            .ok_or_else(|| not_fitted("LogisticRegression"))
    }

    /// `x . coef_k + intercept_k` for each sample and row `k`.
    fn scores(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        let fitted = self.fitted()?;
        check_n_features(fitted.coef.ncols(), x.n_features())?;
        let owned;
        let matrix = match x.row_numbers() {
            None => x.matrix(),
            Some(_) => {
                owned = x.to_owned();
                owned.view()
            }
        };
        let scores = matrix.dot(&fitted.coef.t()) + &fitted.intercept;
        if let Some(bad) = scores.iter().find(|v| !v.is_finite()) {
            return Err(Error::invalid(
                "x",
                "finite values only",
                format!("a row giving the score {bad}"),
            ));
        }
        Ok(scores)
    }
}

/// `log(1 + exp(x))` without overflow, with scikit-learn's branches.
fn log1pexp(x: f64) -> f64 {
    if x <= -37.0 {
        x.exp()
    } else if x <= -2.0 {
        x.exp().ln_1p()
    } else if x <= 18.0 {
        (1.0 + x.exp()).ln()
    } else if x <= 33.3 {
        x + (-x).exp()
    } else {
        x
    }
}

/// The logistic function `1 / (1 + exp(-x))` without overflow.
fn expit(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// The penalized mean binomial loss of `params = [w, b]` and its gradient; `y` is 0 or 1.
fn binomial_loss(
    x: ArrayView2<f64>,
    y: &[f64],
    l2: f64,
    fit_intercept: bool,
    params: &[f64],
    grad: &mut [f64],
) -> f64 {
    let p = x.ncols();
    let n = x.nrows() as f64;
    let w = ndarray::ArrayView1::from(&params[..p]);
    let b = if fit_intercept { params[p] } else { 0.0 };
    let raw = x.dot(&w);
    let mut loss = 0.0;
    let mut residual = Array1::<f64>::zeros(x.nrows());
    for ((r, &z), &yi) in residual.iter_mut().zip(raw.iter()).zip(y) {
        let z = z + b;
        loss += log1pexp(z) - yi * z;
        *r = (expit(z) - yi) / n;
    }
    let g = x.t().dot(&residual);
    for j in 0..p {
        grad[j] = g[j] + l2 * params[j];
    }
    if fit_intercept {
        grad[p] = residual.sum();
    }
    loss / n + 0.5 * l2 * w.dot(&w)
}

/// The penalized mean multinomial loss of `params = [W (k x p, row-major), b (k)]` and its
/// gradient; `codes` holds each sample's class number.
fn multinomial_loss(
    x: ArrayView2<f64>,
    codes: &[usize],
    k: usize,
    l2: f64,
    fit_intercept: bool,
    params: &[f64],
    grad: &mut [f64],
) -> f64 {
    let (n, p) = x.dim();
    let Ok(w) = ArrayView2::from_shape((k, p), &params[..k * p]) else {
        return f64::NAN; // unreachable: the solver always passes k p weights (+ k intercepts)
    };
    let mut raw = x.dot(&w.t());
    if fit_intercept {
        raw += &ndarray::ArrayView1::from(&params[k * p..]);
    }
    let mut loss = 0.0;
    for (mut row, &code) in raw.rows_mut().into_iter().zip(codes) {
        let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        let true_score = row[code];
        row.mapv_inplace(|v| (v - max).exp());
        let sum = row.sum();
        loss += max + sum.ln() - true_score;
        row /= sum;
        row[code] -= 1.0;
        row /= n as f64;
    }
    let g = raw.t().dot(&x);
    for (j, (gj, wj)) in g.iter().zip(w.iter()).enumerate() {
        grad[j] = gj + l2 * wj;
    }
    if fit_intercept {
        for (c, column) in raw.axis_iter(Axis(1)).enumerate() {
            grad[k * p + c] = column.sum();
        }
    }
    loss / n as f64 + 0.5 * l2 * w.iter().map(|v| v * v).sum::<f64>()
}

impl<L: Label> Fit<Array1<L>> for LogisticRegression<L> {
    fn fit_samples(&mut self, x: Samples<'_>, y: &Array1<L>) -> Result<()> {
        if !(self.c > 0.0) {
            return Err(Error::invalid(
                "c",
                "a number > 0 (or f64::INFINITY for no penalty)",
                self.c,
            ));
        }
        check_at_least_one("max_iter", self.max_iter)?;
        check_non_negative("tol", self.tol)?;
        check_same_length(x.n_samples(), y.len())?;
        let owned;
        let matrix = match x.row_numbers() {
            None => x.matrix(),
            Some(_) => {
                owned = x.to_owned();
                owned.view()
            }
        };
        check_matrix("x", &matrix)?;
        let classes = classes_to_learn(y.iter())?;
        let codes: Vec<usize> = y.iter().map(|label| class_index(&classes, label)).collect();
        let (n, p) = matrix.dim();
        let l2 = 1.0 / (self.c * n as f64);
        let fit_intercept = self.fit_intercept;
        let stop = Stop {
            max_iter: self.max_iter,
            gtol: self.tol,
            ftol: 64.0 * f64::EPSILON,
        };
        let k = if classes.len() == 2 { 1 } else { classes.len() };
        let n_params = k * p + if fit_intercept { k } else { 0 };
        let minimum = if k == 1 {
            let targets: Vec<f64> = codes.iter().map(|&c| c as f64).collect();
            minimize(
                |w, g| binomial_loss(matrix, &targets, l2, fit_intercept, w, g),
                vec![0.0; n_params],
                stop,
            )
        } else {
            minimize(
                |w, g| multinomial_loss(matrix, &codes, k, l2, fit_intercept, w, g),
                vec![0.0; n_params],
                stop,
            )
        };
        if let Some(bad) = minimum.x.iter().find(|v| !v.is_finite()) {
            return Err(Error::invalid(
                "x",
                "data on which the optimization stays finite (try scaling it)",
                bad,
            ));
        }
        let params = Array1::from(minimum.x);
        let coef = params
            .slice(s![..k * p])
            .to_owned()
            .into_shape_with_order((k, p))
            .map_err(|e| Error::invalid("coef", "k x p weights", e))?;
        let intercept = if fit_intercept {
            params.slice(s![k * p..]).to_owned()
        } else {
            Array1::zeros(k)
        };
        self.fitted = Some(Fitted {
            classes,
            coef,
            intercept,
            n_iter: minimum.n_iter,
        });
        Ok(())
    }

    fn strata(&self, y: &Array1<L>) -> Option<Vec<usize>> {
        let classes = sorted_classes(y.iter());
        Some(y.iter().map(|label| class_index(&classes, label)).collect())
    }
}

impl<L: Label> Predict<Array1<L>> for LogisticRegression<L> {
    /// The most probable class of each sample.
    fn predict_samples(&self, x: Samples<'_>) -> Result<Array1<L>> {
        let scores = self.scores(x)?;
        let classes = &self.fitted()?.classes;
        Ok(scores
            .rows()
            .into_iter()
            .map(|row| {
                let best = if row.len() == 1 {
                    usize::from(row[0] > 0.0)
                } else {
                    row.iter()
                        .enumerate()
                        .fold(0, |best, (k, &s)| if s > row[best] { k } else { best })
                };
                classes[best].clone()
            })
            .collect())
    }
}

impl<L: Label> DecisionFunction for LogisticRegression<L> {
    /// The scores `x . coef_k + intercept_k`: one column (the log-odds of the second class)
    /// for two classes, one per class otherwise.
    fn decision_function_samples(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        self.scores(x)
    }
}

impl<L: Label> PredictProba for LogisticRegression<L> {
    /// The logistic function of the score for two classes (`[1 - p, p]`), the softmax of the
    /// scores for more.
    fn predict_proba_samples(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        let mut scores = self.scores(x)?;
        if scores.ncols() == 1 {
            let positive = scores.column(0).mapv(expit);
            return Ok(ndarray::stack![
                Axis(1),
                positive.mapv(|p| 1.0 - p),
                positive
            ]);
        }
        for mut row in scores.rows_mut() {
            let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
            row.mapv_inplace(|v| (v - max).exp());
            let sum = row.sum();
            row /= sum;
        }
        Ok(scores)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn gradients_match_finite_differences() {
        let x = array![[0.5, 1.0], [1.0, -1.0], [2.0, 0.3], [-1.0, 0.2]];
        let codes = [0, 2, 1, 2];
        let params = [0.1, -0.2, 0.3, 0.05, -0.4, 0.2, 0.1, -0.1, 0.0];
        let mut grad = [0.0; 9];
        multinomial_loss(x.view(), &codes, 3, 0.1, true, &params, &mut grad);
        for j in 0..9 {
            let (mut up, mut down) = (params, params);
            up[j] += 1e-6;
            down[j] -= 1e-6;
            let mut scratch = [0.0; 9];
            let numeric = (multinomial_loss(x.view(), &codes, 3, 0.1, true, &up, &mut scratch)
                - multinomial_loss(x.view(), &codes, 3, 0.1, true, &down, &mut scratch))
                / 2e-6;
            assert!(
                (numeric - grad[j]).abs() < 1e-8,
                "{j}: {numeric} vs {}",
                grad[j]
            );
        }
        let y = [1.0, 0.0, 1.0, 0.0];
        let params = [0.3, -0.2, 0.1];
        let mut grad = [0.0; 3];
        binomial_loss(x.view(), &y, 0.5, true, &params, &mut grad);
        for j in 0..3 {
            let (mut up, mut down) = (params, params);
            up[j] += 1e-6;
            down[j] -= 1e-6;
            let mut scratch = [0.0; 3];
            let numeric = (binomial_loss(x.view(), &y, 0.5, true, &up, &mut scratch)
                - binomial_loss(x.view(), &y, 0.5, true, &down, &mut scratch))
                / 2e-6;
            assert!((numeric - grad[j]).abs() < 1e-8);
        }
    }

    #[test]
    fn three_classes_and_bad_input() {
        let x = array![
            [0.0, 0.0],
            [0.2, 0.1],
            [3.0, 0.0],
            [3.1, 0.2],
            [0.0, 3.0],
            [0.1, 3.2]
        ];
        let y = array!["a", "a", "b", "b", "c", "c"];
        let mut model = LogisticRegression::new();
        model.fit(&x, &y).unwrap();
        assert_eq!(model.coef().unwrap().dim(), (3, 2));
        assert_eq!(model.predict(&x).unwrap(), y);
        let proba = model.predict_proba(&x).unwrap();
        assert!(
            proba
                .rows()
                .into_iter()
                .all(|r| (r.sum() - 1.0).abs() < 1e-12)
        );
        assert!(LogisticRegression::new().c(0.0).fit(&x, &y).is_err());
        assert!(
            LogisticRegression::new()
                .fit(&x, &array!["a", "a", "a", "a", "a", "a"])
                .is_err()
        );
        assert!(LogisticRegression::<u8>::new().predict(&x).is_err());
        assert!(model.predict(&array![[1.0]]).is_err());
    }
}
