//! [`Svc`]: scikit-learn's `SVC`, which is libsvm's C-SVC, with the same support vectors,
//! coefficients and decision values.
//!
//! Training follows libsvm's `svm_train`: the classes are sorted, the samples grouped by class
//! (keeping their order), and one two-class problem solved per pair of classes `i < j`, class `i`
//! as `+1`, by the SMO solver of [`crate::svm::solver`]. A sample is a support vector when its
//! coefficient is non-zero in any pair. The pairwise problems run in parallel on rayon's pool;
//! the kernel blocks of each class with itself are computed once and shared by its pairs.
//!
//! Predicting follows libsvm's `svm_predict_values` and scikit-learn's wrappers: one decision
//! value per pair (`Σ coef K(sv, x) - rho`), a vote per pair (a positive value votes for the first
//! class; the most votes win, ties to the first class), and `decision_function` either per pair
//! ("ovo") or per class ("ovr", scikit-learn's `_ovr_decision_function` of the votes and
//! values). With two classes the decision value, dual coefficients and intercept change sign, as
//! scikit-learn's do, so that a positive value stands for the second class.

use ndarray::{Array1, Array2, ArrayView2, Axis, s};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::estimator::{DecisionFunction, Fit, Label, Predict, Samples};
use crate::metrics::labels::{class_index, classes_to_learn, sorted_classes};
use crate::multiclass::ovr_decision_function;
use crate::svm::gram::{
    prediction_block, products, squared_norms, symmetric_training_block, training_block,
};
use crate::svm::kernel::{Gamma, Kernel, KernelFunction};
use crate::svm::solver::{QMatrix, solve};
use crate::validation::{check_matrix, check_n_features, check_same_length, not_fitted};

/// Queries per block of prediction kernels (one rayon task each).
const QUERY_BLOCK: usize = 256;

/// C-support vector classification, scikit-learn's `SVC` (see the [module documentation](self)).
///
/// Hyper-parameters and defaults are scikit-learn's: `C = 1.0`, `kernel = "rbf"`, `degree = 3`,
/// `gamma = "scale"`, `coef0 = 0.0`, `shrinking = true`, `tol = 1e-3`, `max_iter = None` (no
/// limit, scikit-learn's `-1`) and `decision_function_shape = "ovr"`. Not supported:
/// `probability` (so no `predict_proba`), `class_weight` and sample weights, precomputed
/// kernels, and `break_ties`. `cache_size` has no counterpart: each pairwise problem holds its
/// whole kernel matrix. `random_state` is accepted for the book's calls; like scikit-learn's
/// without `probability`, it changes nothing.
///
/// ```
/// use handson::prelude::*;
/// let x = array![[0.0, 0.0], [0.0, 1.0], [3.0, 3.0], [3.0, 4.0], [6.0, 0.0], [6.0, 1.0]];
/// let y = array![0u8, 0, 1, 1, 2, 2];
/// let mut svc = Svc::new().gamma("auto");
/// svc.fit(&x, &y)?;
/// assert_eq!(svc.predict(&x)?, y);
/// assert_eq!(svc.n_support()?, &[2, 2, 2]);
/// assert_eq!(svc.decision_function(&x)?.dim(), (6, 3));
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Svc<L> {
    c: f64,
    kernel: String,
    degree: u32,
    gamma: Gamma,
    coef0: f64,
    shrinking: bool,
    tol: f64,
    max_iter: Option<usize>,
    decision_function_shape: String,
    random_state: Option<u32>,
    fitted: Option<Fitted<L>>,
}

/// What `fit` learns.
#[derive(Debug, Clone)]
struct Fitted<L> {
    classes: Vec<L>,
    kernel: KernelFunction,
    ovr: bool,
    support: Vec<usize>,
    support_vectors: Array2<f64>,
    support_square: Vec<f64>,
    n_support: Vec<usize>,
    /// scikit-learn's `dual_coef_` and `intercept_` (signs flipped for two classes).
    dual_coef: Array2<f64>,
    intercept: Array1<f64>,
    /// libsvm's coefficients of every support vector in each pair's decision function (zero
    /// for the support vectors of other classes): `n_pairs x n_SV`.
    pair_coef: Array2<f64>,
    rho: Vec<f64>,
    hit_max_iter: bool,
}

impl<L: Label> Default for Svc<L> {
    fn default() -> Self {
        Self::new()
    }
}

impl<L: Label> Svc<L> {
    /// An SVC with scikit-learn's defaults.
    pub fn new() -> Self {
        Svc {
            c: 1.0,
            kernel: "rbf".to_owned(),
            degree: 3,
            gamma: Gamma::default(),
            coef0: 0.0,
            shrinking: true,
            tol: 1e-3,
            max_iter: None,
            decision_function_shape: "ovr".to_owned(),
            random_state: None,
            fitted: None,
        }
    }

    /// The cost `C` of a margin violation (> 0; default 1.0).
    #[allow(non_snake_case)]
    pub fn C(mut self, c: f64) -> Self {
        self.c = c;
        self
    }

    /// The kernel: "rbf" (default), "linear", "poly" or "sigmoid".
    pub fn kernel(mut self, kernel: impl Into<String>) -> Self {
        self.kernel = kernel.into();
        self
    }

    /// The degree of the "poly" kernel (default 3).
    pub fn degree(mut self, degree: u32) -> Self {
        self.degree = degree;
        self
    }

    /// The kernel coefficient γ: "scale" (default), "auto" or a number > 0.
    pub fn gamma(mut self, gamma: impl Into<Gamma>) -> Self {
        self.gamma = gamma.into();
        self
    }

    /// The constant term of the "poly" and "sigmoid" kernels (default 0.0).
    pub fn coef0(mut self, coef0: f64) -> Self {
        self.coef0 = coef0;
        self
    }

    /// Whether the solver shrinks its active set (default true).
    pub fn shrinking(mut self, shrinking: bool) -> Self {
        self.shrinking = shrinking;
        self
    }

    /// The stopping tolerance of the solver (> 0; default 1e-3).
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// The most solver iterations per pairwise problem (`None`, the default: no limit).
    pub fn max_iter(mut self, max_iter: impl Into<Option<usize>>) -> Self {
        self.max_iter = max_iter.into();
        self
    }

    /// The columns of [`decision_function`](DecisionFunction::decision_function) with more
    /// than two classes: "ovr" (default, one per class) or "ovo" (one per pair of classes).
    pub fn decision_function_shape(mut self, shape: impl Into<String>) -> Self {
        self.decision_function_shape = shape.into();
        self
    }

    /// Accepted as scikit-learn accepts it; without probability estimates it is not used.
    pub fn random_state(mut self, random_state: impl Into<Option<u32>>) -> Self {
        self.random_state = random_state.into();
        self
    }

    fn fitted(&self) -> Result<&Fitted<L>> {
        self.fitted.as_ref().ok_or_else(|| not_fitted("Svc"))
    }

    /// The classes seen by `fit`, sorted.
    pub fn classes(&self) -> Result<&[L]> {
        Ok(&self.fitted()?.classes)
    }

    /// The number of support vectors of each class.
    pub fn n_support(&self) -> Result<&[usize]> {
        Ok(&self.fitted()?.n_support)
    }

    /// The sample numbers of the support vectors, class by class (scikit-learn's `support_`).
    pub fn support(&self) -> Result<&[usize]> {
        Ok(&self.fitted()?.support)
    }

    /// The support vectors, one per row, in the order of [`support`](Self::support).
    pub fn support_vectors(&self) -> Result<&Array2<f64>> {
        Ok(&self.fitted()?.support_vectors)
    }

    /// The dual coefficients `y_i α_i`, `(n_classes - 1) x n_SV` in libsvm's layout
    /// (scikit-learn's `dual_coef_`).
    pub fn dual_coef(&self) -> Result<&Array2<f64>> {
        Ok(&self.fitted()?.dual_coef)
    }

    /// The intercept of each pair's decision function (scikit-learn's `intercept_`).
    pub fn intercept(&self) -> Result<&Array1<f64>> {
        Ok(&self.fitted()?.intercept)
    }

    /// The value of γ the kernel used (scikit-learn's `_gamma`).
    pub fn gamma_value(&self) -> Result<f64> {
        Ok(self.fitted()?.kernel.gamma)
    }

    /// Whether some pairwise problem stopped at `max_iter` before converging (scikit-learn
    /// warns then).
    pub fn hit_max_iter(&self) -> Result<bool> {
        Ok(self.fitted()?.hit_max_iter)
    }

    /// The hyper-parameters checked, with γ resolved for the training matrix `x`.
    fn check_params(&self, x: &Array2<f64>) -> Result<(KernelFunction, bool)> {
        if !(self.c > 0.0 && self.c.is_finite()) {
            return Err(Error::invalid("C", "a finite number > 0", self.c));
        }
        if !(self.tol > 0.0 && self.tol.is_finite()) {
            return Err(Error::invalid("tol", "a finite number > 0", self.tol));
        }
        if !self.coef0.is_finite() {
            return Err(Error::invalid("coef0", "a finite number", self.coef0));
        }
        let ovr = match self.decision_function_shape.as_str() {
            "ovr" => true,
            "ovo" => false,
            other => {
                return Err(Error::invalid(
                    "decision_function_shape",
                    "\"ovr\" or \"ovo\"",
                    format!("{other:?}"),
                ));
            }
        };
        let kernel = Kernel::from_name(&self.kernel)?;
        let gamma = self
            .gamma
            .resolve(x.as_slice().unwrap_or_default(), x.ncols())?;
        Ok((
            KernelFunction {
                kernel,
                gamma,
                degree: self.degree,
                coef0: self.coef0,
            },
            ovr,
        ))
    }

    /// libsvm's decision value of each pair for each query (`Σ coef K - rho`), `m x n_pairs`.
    fn pair_decisions(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        let fitted = self.fitted()?;
        check_n_features(fitted.support_vectors.ncols(), x.n_features())?;
        let queries = x.to_owned();
        check_matrix("x", &queries)?;
        let mut decisions = Array2::zeros((queries.nrows(), fitted.rho.len()));
        decisions
            .axis_chunks_iter_mut(Axis(0), QUERY_BLOCK)
            .into_par_iter()
            .zip(
                queries
                    .axis_chunks_iter(Axis(0), QUERY_BLOCK)
                    .into_par_iter(),
            )
            .for_each(|(mut out, block)| {
                let kernels = prediction_block(
                    &fitted.kernel,
                    block,
                    fitted.support_vectors.view(),
                    &fitted.support_square,
                );
                let values = products(kernels.view(), fitted.pair_coef.view());
                for (mut row, values) in out.rows_mut().into_iter().zip(values.rows()) {
                    for ((o, &v), &rho) in row.iter_mut().zip(values).zip(&fitted.rho) {
                        *o = v - rho;
                    }
                }
            });
        Ok(decisions)
    }
}

/// The pairs of class numbers `(i, j)`, `i < j`, in libsvm's order.
fn pairs(n_classes: usize) -> Vec<(usize, usize)> {
    (0..n_classes)
        .flat_map(|i| (i + 1..n_classes).map(move |j| (i, j)))
        .collect()
}

/// The training samples grouped by class.
struct Grouped {
    /// Rows of the samples, class after class (each class in sample order).
    x: Array2<f64>,
    square: Vec<f64>,
    /// The sample number of each grouped row.
    perm: Vec<usize>,
    /// The first grouped row of each class, and one past the last class.
    start: Vec<usize>,
}

impl Grouped {
    fn new(x: &Array2<f64>, class_of: &[usize], n_classes: usize) -> Self {
        let mut perm: Vec<usize> = (0..class_of.len()).collect();
        perm.sort_by_key(|&s| class_of[s]);
        let mut start = vec![0; n_classes + 1];
        for &c in class_of {
            start[c + 1] += 1;
        }
        for c in 0..n_classes {
            start[c + 1] += start[c];
        }
        let x = x.select(Axis(0), &perm);
        let square = squared_norms(x.view());
        Grouped {
            x,
            square,
            perm,
            start,
        }
    }

    fn rows(&self, class: usize) -> (ArrayView2<'_, f64>, &[f64]) {
        let range = self.start[class]..self.start[class + 1];
        (self.x.slice(s![range.clone(), ..]), &self.square[range])
    }

    fn count(&self, class: usize) -> usize {
        self.start[class + 1] - self.start[class]
    }
}

/// The matrix `Q` of the pair `(a, b)`: class `a` as +1, `b` as -1, from the kernel blocks of
/// each class with itself and of `a` with `b` (`n_a x n_b`).
fn pair_matrix(
    same: &[Vec<f32>],
    between: &[f32],
    diagonal: &[f64],
    grouped: &Grouped,
    (a, b): (usize, usize),
) -> QMatrix {
    let (n_a, n_b) = (grouped.count(a), grouped.count(b));
    let l = n_a + n_b;
    let mut values = Vec::with_capacity(l * l);
    for r in 0..n_a {
        values.extend_from_slice(&same[a][r * n_a..(r + 1) * n_a]);
        values.extend(between[r * n_b..(r + 1) * n_b].iter().map(|&k| -k));
    }
    for r in 0..n_b {
        values.extend((0..n_a).map(|c| -between[c * n_b + r]));
        values.extend_from_slice(&same[b][r * n_b..(r + 1) * n_b]);
    }
    let mut diag = diagonal[grouped.start[a]..grouped.start[a + 1]].to_vec();
    diag.extend_from_slice(&diagonal[grouped.start[b]..grouped.start[b + 1]]);
    QMatrix::new(values, diag)
}

impl<L: Label> Fit<Array1<L>> for Svc<L> {
    fn fit_samples(&mut self, x: Samples<'_>, y: &Array1<L>) -> Result<()> {
        check_same_length(x.n_samples(), y.len())?;
        let x = x.to_owned();
        check_matrix("x", &x)?;
        let (kernel, ovr) = self.check_params(&x)?;
        let classes = classes_to_learn(y.iter())?;
        let n_classes = classes.len();
        let class_of: Vec<usize> = y.iter().map(|label| class_index(&classes, label)).collect();
        let grouped = Grouped::new(&x, &class_of, n_classes);
        let diagonal: Vec<f64> = grouped
            .square
            .iter()
            .map(|&sq| kernel.value_from_dot(sq, sq, sq))
            .collect();
        let same: Vec<Vec<f32>> = (0..n_classes)
            .into_par_iter()
            .map(|c| {
                let (rows, square) = grouped.rows(c);
                symmetric_training_block(&kernel, rows, square)
            })
            .collect();
        let (c, tol, shrinking, max_iter) = (self.c, self.tol, self.shrinking, self.max_iter);
        let solutions: Vec<_> = pairs(n_classes)
            .into_par_iter()
            .map(|(a, b)| {
                let (rows_a, square_a) = grouped.rows(a);
                let (rows_b, square_b) = grouped.rows(b);
                let between = training_block(&kernel, rows_a, square_a, rows_b, square_b);
                let q = pair_matrix(&same, &between, &diagonal, &grouped, (a, b));
                drop(between);
                let y: Vec<i8> = (0..grouped.count(a))
                    .map(|_| 1)
                    .chain((0..grouped.count(b)).map(|_| -1))
                    .collect();
                solve(q, &y, c, tol, shrinking, max_iter)
            })
            .collect();
        drop(same);

        // Support vectors: grouped rows with a non-zero coefficient in some pair.
        let n = grouped.perm.len();
        let mut nonzero = vec![false; n];
        for (solution, (a, b)) in solutions.iter().zip(pairs(n_classes)) {
            let rows = (grouped.start[a]..grouped.start[a + 1])
                .chain(grouped.start[b]..grouped.start[b + 1]);
            for (row, &coef) in rows.zip(&solution.coef) {
                nonzero[row] |= coef.abs() > 0.0;
            }
        }
        let sv_rows: Vec<usize> = (0..n).filter(|&r| nonzero[r]).collect();
        let mut sv_position = vec![usize::MAX; n];
        for (position, &row) in sv_rows.iter().enumerate() {
            sv_position[row] = position;
        }
        let n_support: Vec<usize> = (0..n_classes)
            .map(|c| {
                (grouped.start[c]..grouped.start[c + 1])
                    .filter(|&r| nonzero[r])
                    .count()
            })
            .collect();
        let n_sv = sv_rows.len();
        let mut dual_coef = Array2::zeros((n_classes - 1, n_sv));
        let mut pair_coef = Array2::zeros((solutions.len(), n_sv));
        for (p, (solution, (a, b))) in solutions.iter().zip(pairs(n_classes)).enumerate() {
            let rows = (grouped.start[a]..grouped.start[a + 1])
                .chain(grouped.start[b]..grouped.start[b + 1]);
            for (row, &coef) in rows.zip(&solution.coef) {
                if nonzero[row] {
                    let position = sv_position[row];
                    let line = if row < grouped.start[b] { b - 1 } else { a };
                    dual_coef[[line, position]] = coef;
                    pair_coef[[p, position]] = coef;
                }
            }
        }
        let rho: Vec<f64> = solutions.iter().map(|s| s.rho).collect();
        let mut intercept: Array1<f64> = rho
            .iter()
            .map(|&r| if r != 0.0 { -r } else { 0.0 })
            .collect();
        if n_classes == 2 {
            intercept.mapv_inplace(|v| -v);
            dual_coef.mapv_inplace(|v| -v);
        }
        let support_vectors = grouped.x.select(Axis(0), &sv_rows);
        self.fitted = Some(Fitted {
            classes,
            kernel,
            ovr,
            support: sv_rows.iter().map(|&r| grouped.perm[r]).collect(),
            support_square: sv_rows.iter().map(|&r| grouped.square[r]).collect(),
            support_vectors,
            n_support,
            dual_coef,
            intercept,
            pair_coef,
            rho,
            hit_max_iter: solutions.iter().any(|s| s.hit_max_iter),
        });
        Ok(())
    }

    fn strata(&self, y: &Array1<L>) -> Option<Vec<usize>> {
        let classes = sorted_classes(y.iter());
        Some(y.iter().map(|label| class_index(&classes, label)).collect())
    }
}

impl<L: Label> DecisionFunction for Svc<L> {
    /// With two classes, one column (positive for the second class); with more, one column per
    /// class ("ovr") or per pair of classes ("ovo", libsvm's values).
    fn decision_function_samples(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        let decisions = self.pair_decisions(x)?;
        let fitted = self.fitted()?;
        let n_classes = fitted.classes.len();
        Ok(if n_classes == 2 {
            -decisions
        } else if fitted.ovr {
            ovr_decision_function(&-decisions, n_classes)
        } else {
            decisions
        })
    }
}

impl<L: Label> Predict<Array1<L>> for Svc<L> {
    /// libsvm's vote: each pair votes for its first class when its value is positive, else
    /// for its second; the class with the most votes wins, the first one on a tie.
    fn predict_samples(&self, x: Samples<'_>) -> Result<Array1<L>> {
        let decisions = self.pair_decisions(x)?;
        let classes = &self.fitted()?.classes;
        let pairs = pairs(classes.len());
        Ok(decisions
            .rows()
            .into_iter()
            .map(|row| {
                let mut votes = vec![0usize; classes.len()];
                for (&value, &(i, j)) in row.iter().zip(&pairs) {
                    votes[if value > 0.0 { i } else { j }] += 1;
                }
                let best = (1..votes.len()).fold(0, |b, c| if votes[c] > votes[b] { c } else { b });
                classes[best].clone()
            })
            .collect())
    }
}
