//! [`SgdClassifier`]: linear classifiers (a linear SVM by default, logistic regression with
//! `loss("log_loss")`) trained by stochastic gradient descent, like scikit-learn's
//! `SGDClassifier`, with its defaults and its exact arithmetic.

use ndarray::{Array1, Array2, Axis};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::estimator::{DecisionFunction, Fit, Label, Predict, PredictProba, Samples};
use crate::linear_model::sgd::params::{SgdModel, SgdParams};
use crate::linear_model::sgd::rows::TrainingRows;
use crate::linear_model::sgd::seeds::problem_seeds;
use crate::linear_model::sgd::solver::{BinaryProblem, solve};
use crate::metrics::labels::{class_index, classes_to_learn, sorted_classes};
use crate::validation::{check_n_features, check_not_empty, check_same_length, not_fitted};

/// A linear classifier trained by SGD, like scikit-learn's `SGDClassifier`.
///
/// Hyper-parameters are set by builder methods with scikit-learn's names and defaults: hinge
/// loss (a linear SVM), L2 penalty, `alpha` 1e-4, the `"optimal"` learning rate, `max_iter`
/// 1000, `tol` 1e-3 with `n_iter_no_change` 5, shuffling each epoch. More than two classes are
/// learnt one-vs-rest, one binary problem per class, in parallel; classes are kept sorted.
/// The fitted `coef_`, `intercept_` and `n_iter_` are bit-equal to scikit-learn 1.9's for the
/// same `random_state`. Invalid settings are reported by `fit`.
///
/// ```
/// use handson::prelude::*;
/// let x = array![[0.0, 1.0], [1.0, 0.0], [0.0, 2.0], [2.0, 0.0]];
/// let y = array![true, false, true, false];
/// let mut clf = SgdClassifier::new().random_state(42);
/// clf.fit(&x, &y)?;
/// assert_eq!(clf.predict(&x)?, y);
/// assert_eq!(clf.score(&x, &y)?, 1.0);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct SgdClassifier<L> {
    params: SgdParams,
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

impl<L: Label> Default for SgdClassifier<L> {
    fn default() -> Self {
        Self::new()
    }
}

impl<L: Label> SgdClassifier<L> {
    /// A classifier with scikit-learn's defaults (`SGDClassifier()`).
    pub fn new() -> Self {
        SgdClassifier {
            params: SgdParams::new(SgdModel::Classifier),
            fitted: None,
        }
    }

    /// The loss: `"hinge"` (default), `"log_loss"` (logistic regression, with
    /// [`predict_proba`](PredictProba::predict_proba)), `"modified_huber"`, `"squared_hinge"`,
    /// `"perceptron"` or `"squared_error"`.
    pub fn loss(mut self, loss: impl Into<String>) -> Self {
        self.params.loss = loss.into();
        self
    }

    /// The penalty: `"l2"` (default) or `None`.
    pub fn penalty<'a>(mut self, penalty: impl Into<Option<&'a str>>) -> Self {
        self.params.penalty = penalty.into().map(str::to_owned);
        self
    }

    /// The regularization strength (default 1e-4); also sets the `"optimal"` learning rate.
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.params.alpha = alpha;
        self
    }

    /// Whether to learn an intercept (default `true`).
    pub fn fit_intercept(mut self, fit_intercept: bool) -> Self {
        self.params.fit_intercept = fit_intercept;
        self
    }

    /// The maximum number of epochs (default 1000).
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.params.max_iter = max_iter;
        self
    }

    /// The stopping tolerance (default `1e-3`); `None` runs all `max_iter` epochs.
    pub fn tol(mut self, tol: impl Into<Option<f64>>) -> Self {
        self.params.tol = tol.into();
        self
    }

    /// Whether to shuffle the samples before each epoch (default `true`).
    pub fn shuffle(mut self, shuffle: bool) -> Self {
        self.params.shuffle = shuffle;
        self
    }

    /// The seed of the shuffles, as scikit-learn's `random_state`; `None` (default) draws one.
    pub fn random_state(mut self, random_state: impl Into<Option<u32>>) -> Self {
        self.params.random_state = random_state.into();
        self
    }

    /// The schedule: `"optimal"` (default), `"constant"`, `"invscaling"` or `"adaptive"`.
    pub fn learning_rate(mut self, learning_rate: impl Into<String>) -> Self {
        self.params.learning_rate = learning_rate.into();
        self
    }

    /// The initial learning rate of the `"constant"`, `"invscaling"` and `"adaptive"`
    /// schedules (default 0.01).
    pub fn eta0(mut self, eta0: f64) -> Self {
        self.params.eta0 = eta0;
        self
    }

    /// The exponent of the `"invscaling"` schedule (default 0.5).
    pub fn power_t(mut self, power_t: f64) -> Self {
        self.params.power_t = power_t;
        self
    }

    /// How many epochs without improvement stop training (default 5).
    pub fn n_iter_no_change(mut self, n_iter_no_change: usize) -> Self {
        self.params.n_iter_no_change = n_iter_no_change;
        self
    }

    /// The classes, sorted (`classes_`).
    pub fn classes(&self) -> Result<&[L]> {
        Ok(&self.fitted()?.classes)
    }

    /// The weights, one row per binary problem: one row for two classes, else one per class
    /// (`coef_`).
    pub fn coef(&self) -> Result<&Array2<f64>> {
        Ok(&self.fitted()?.coef)
    }

    /// The intercepts, one per row of [`coef`](Self::coef) (`intercept_`).
    pub fn intercept(&self) -> Result<&Array1<f64>> {
        Ok(&self.fitted()?.intercept)
    }

    /// The number of epochs run, the largest over the binary problems (`n_iter_`).
    pub fn n_iter(&self) -> Result<usize> {
        Ok(self.fitted()?.n_iter)
    }

    fn fitted(&self) -> Result<&Fitted<L>> {
        self.fitted
            .as_ref()
            .ok_or_else(|| not_fitted("SgdClassifier"))
    }

    /// The score of each sample for each binary problem: `x . coef_k + intercept_k`.
    fn scores(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        let fitted = self.fitted()?;
        check_n_features(fitted.coef.ncols(), x.n_features())?;
        let mut scores = Array2::zeros((x.n_samples(), fitted.coef.nrows()));
        scores
            .axis_iter_mut(Axis(0))
            .into_par_iter()
            .enumerate()
            .for_each(|(i, mut out)| {
                let sample = x.sample(i);
                for ((score, coef), &intercept) in out
                    .iter_mut()
                    .zip(fitted.coef.rows())
                    .zip(&fitted.intercept)
                {
                    *score = sample.dot(&coef) + intercept;
                }
            });
        if let Some(bad) = scores.iter().find(|s| !s.is_finite()) {
            return Err(Error::invalid(
                "x",
                "finite values only",
                format!("a row giving the score {bad}"),
            ));
        }
        Ok(scores)
    }
}

impl<L: Label> Fit<Array1<L>> for SgdClassifier<L> {
    fn fit_samples(&mut self, x: Samples<'_>, y: &Array1<L>) -> Result<()> {
        let params = self
            .params
            .check(SgdModel::Classifier, self.params.max_iter)?;
        check_not_empty("x", x.n_samples(), x.n_features())?;
        check_same_length(x.n_samples(), y.len())?;
        let classes = classes_to_learn(y.iter())?;
        let rows = TrainingRows::new(x)?;
        let codes: Vec<u32> = y
            .iter()
            .map(|label| class_index(&classes, label) as u32)
            .collect();
        let n_problems = if classes.len() == 2 { 1 } else { classes.len() };
        let seeds = problem_seeds(self.params.random_state, n_problems)?;
        let problems: Vec<BinaryProblem> = seeds
            .iter()
            .enumerate()
            .map(|(i, &seed)| BinaryProblem {
                positive: if n_problems == 1 { 1 } else { i as u32 },
                seed,
            })
            .collect();
        let solutions = solve(&rows, &codes, &problems, &params)?;
        let mut coef = Array2::zeros((n_problems, rows.n_features));
        for (mut row, solution) in coef.rows_mut().into_iter().zip(&solutions) {
            row.assign(&ndarray::ArrayView1::from(&solution.coef));
        }
        self.fitted = Some(Fitted {
            classes,
            coef,
            intercept: solutions.iter().map(|s| s.intercept).collect(),
            n_iter: solutions.iter().map(|s| s.n_iter).max().unwrap_or(0),
        });
        Ok(())
    }

    fn strata(&self, y: &Array1<L>) -> Option<Vec<usize>> {
        let classes = sorted_classes(y.iter());
        Some(y.iter().map(|label| class_index(&classes, label)).collect())
    }
}

impl<L: Label> Predict<Array1<L>> for SgdClassifier<L> {
    /// The class with the highest score (for two classes, the second class where the score is
    /// positive).
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

impl<L: Label> DecisionFunction for SgdClassifier<L> {
    fn decision_function_samples(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        self.scores(x)
    }
}

impl<L: Label> PredictProba for SgdClassifier<L> {
    /// Probabilities of the log loss: `1 / (1 + exp(-score))` per binary problem, normalized over
    /// the classes for more than two (scikit-learn's one-vs-rest normalization). Only for
    /// `loss("log_loss")`.
    fn predict_proba_samples(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        if self.params.loss != "log_loss" {
            return Err(Error::invalid(
                "loss",
                "\"log_loss\" for probability estimates",
                format!("{:?}", self.params.loss),
            ));
        }
        let mut scores = self.scores(x)?;
        scores.mapv_inplace(|s| 1.0 / (1.0 + (-s).exp()));
        if scores.ncols() == 1 {
            let positive = scores.column(0);
            return Ok(ndarray::stack![
                Axis(1),
                positive.mapv(|p| 1.0 - p),
                positive
            ]);
        }
        let n_classes = scores.ncols() as f64;
        for mut row in scores.rows_mut() {
            let sum: f64 = row.sum();
            if sum == 0.0 {
                row.fill(1.0 / n_classes);
            } else {
                row /= sum;
            }
        }
        Ok(scores)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn toy() -> (Array2<f64>, Array1<u8>) {
        let x = array![
            [0.0, 1.0, 0.2],
            [1.0, 0.0, 0.1],
            [0.1, 0.2, 1.0],
            [0.0, 2.0, 0.0],
            [2.0, 0.1, 0.0],
            [0.0, 0.3, 2.0]
        ];
        (x, array![7, 3, 9, 7, 3, 9])
    }

    #[test]
    fn one_vs_rest_on_three_classes() {
        let (x, y) = toy();
        let mut clf = SgdClassifier::new().random_state(0);
        clf.fit(&x, &y).unwrap();
        assert_eq!(clf.classes().unwrap(), &[3, 7, 9]);
        assert_eq!(clf.coef().unwrap().dim(), (3, 3));
        assert_eq!(clf.intercept().unwrap().len(), 3);
        assert_eq!(clf.predict(&x).unwrap(), y);
        assert_eq!(clf.decision_function(&x).unwrap().dim(), (6, 3));
        assert!(clf.n_iter().unwrap() >= 1);
    }

    #[test]
    fn log_loss_gives_probabilities() {
        let (x, y) = toy();
        let mut clf = SgdClassifier::new().loss("log_loss").random_state(0);
        clf.fit(&x, &y).unwrap();
        let proba = clf.predict_proba(&x).unwrap();
        for row in proba.rows() {
            assert!((row.sum() - 1.0).abs() < 1e-12);
        }
        let binary = y.mapv(|label| label == 7);
        let mut clf = SgdClassifier::new().loss("log_loss").random_state(0);
        clf.fit(&x, &binary).unwrap();
        assert_eq!(clf.predict_proba(&x).unwrap().dim(), (6, 2));
        assert!(
            SgdClassifier::<bool>::new()
                .fit(&x, &binary)
                .unwrap()
                .predict_proba(&x)
                .is_err()
        );
    }

    #[test]
    fn bad_input_and_settings_are_errors() {
        let (x, y) = toy();
        assert!(
            SgdClassifier::new()
                .fit(&x, &y.slice(ndarray::s![..5]).to_owned())
                .is_err()
        );
        assert!(
            SgdClassifier::new()
                .fit(&x, &Array1::from_elem(6, 1u8))
                .is_err()
        );
        assert!(SgdClassifier::new().loss("nope").fit(&x, &y).is_err());
        assert!(SgdClassifier::new().penalty("l1").fit(&x, &y).is_err());
        assert!(SgdClassifier::new().alpha(0.0).fit(&x, &y).is_err());
        assert!(SgdClassifier::new().max_iter(0).fit(&x, &y).is_err());
        let unfitted = SgdClassifier::<u8>::new();
        assert!(unfitted.predict(&x).is_err());
        assert!(unfitted.coef().is_err());
        let mut clf = SgdClassifier::new();
        clf.fit(&x, &y).unwrap();
        assert!(clf.predict(&array![[1.0, 2.0]]).is_err());
        let mut with_nan = x.clone();
        with_nan[[2, 1]] = f64::NAN;
        assert!(SgdClassifier::new().fit(&with_nan, &y).is_err());
    }

    #[test]
    fn samples_without_features_are_an_error() {
        let (_, y) = toy();
        let no_features = Array2::<f64>::zeros((6, 0));
        let err = SgdClassifier::new()
            .fit(&no_features, &y)
            .map(|_| ())
            .unwrap_err();
        assert!(matches!(&err, Error::InvalidArgument { name, .. } if *name == "x"));
        assert!(err.to_string().contains("shape 6x0"), "{err}");
    }
}
