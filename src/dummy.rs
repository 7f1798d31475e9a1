//! [`DummyClassifier`]: scikit-learn's `sklearn.dummy.DummyClassifier`, a baseline that ignores
//! the features and answers from the class frequencies of the training targets alone, the yard
//! stick the book holds its classifiers against (its ROC curve is the diagonal).
//!
//! The random strategies draw what scikit-learn draws: every `predict` or `predict_proba` call
//! starts a fresh NumPy `RandomState(random_state)` (scikit-learn's `check_random_state`), and
//! takes `multinomial(1, class_prior, n_samples)` for `"stratified"` and
//! `randint(0, n_classes, n_samples)` for `"uniform"`, so a seeded model gives scikit-learn's
//! answers sample for sample.

use ndarray::{Array1, Array2};

use crate::error::{Error, Result};
use crate::estimator::{Fit, Label, ParamValue, Predict, PredictProba, Samples, SetParams};
use crate::metrics::labels::{class_index, sorted_classes};
use crate::random::{RandomState, fresh_seed};
use crate::validation::{check_n_features, check_not_empty, check_same_length, not_fitted};

/// A classifier that ignores its input, like scikit-learn's `DummyClassifier`.
///
/// The `strategy` (default `"prior"`, scikit-learn's) says what it answers:
/// - `"most_frequent"`: the most frequent training class (the smallest on a tie);
///   `predict_proba` is 1 for that class.
/// - `"prior"`: the same predictions; `predict_proba` is the class prior, the fraction of the
///   training targets in each class.
/// - `"stratified"`: random one-hot rows drawn from the class prior, and their classes.
/// - `"uniform"`: classes drawn uniformly; `predict_proba` is `1 / n_classes` everywhere.
/// - `"constant"`: the class set by [`constant`](Self::constant), which the training targets
///   must contain.
///
/// Only the number of features is checked, so NaN features are fine, as in scikit-learn. The
/// random strategies are seeded by [`random_state`](Self::random_state); unseeded, each call
/// draws a fresh seed.
///
/// ```
/// use handson::prelude::*;
/// let x = Array2::zeros((4, 1));
/// let y = array![0u8, 1, 1, 1];
/// let mut dummy_clf = DummyClassifier::new().strategy("most_frequent");
/// dummy_clf.fit(&x, &y)?;
/// assert_eq!(dummy_clf.predict(&x)?, array![1, 1, 1, 1]);
/// assert_eq!(dummy_clf.score(&x, &y)?, 0.75);
/// let mut prior = DummyClassifier::new();
/// prior.fit(&x, &y)?;
/// assert_eq!(prior.predict_proba(&x.slice(s![..1, ..]))?, array![[0.25, 0.75]]);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DummyClassifier<L> {
    strategy: String,
    random_state: Option<u32>,
    constant: Option<L>,
    fitted: Option<Fitted<L>>,
}

/// What `fit` learns.
#[derive(Debug, Clone, PartialEq)]
struct Fitted<L> {
    strategy: Strategy,
    classes: Vec<L>,
    class_prior: Vec<f64>,
    n_features: usize,
}

/// A parsed strategy; `Constant` holds the position of the constant class.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Strategy {
    MostFrequent,
    Prior,
    Stratified,
    Uniform,
    Constant(usize),
}

impl<L: Label> Default for DummyClassifier<L> {
    fn default() -> Self {
        Self::new()
    }
}

impl<L: Label> DummyClassifier<L> {
    /// A dummy classifier with scikit-learn's defaults: strategy `"prior"`, unseeded.
    pub fn new() -> Self {
        DummyClassifier {
            strategy: "prior".to_owned(),
            random_state: None,
            constant: None,
            fitted: None,
        }
    }

    /// The strategy: `"prior"` (default), `"most_frequent"`, `"stratified"`, `"uniform"` or
    /// `"constant"`; `fit` rejects any other.
    pub fn strategy(mut self, strategy: impl Into<String>) -> Self {
        self.strategy = strategy.into();
        self
    }

    /// The seed of the `"stratified"` and `"uniform"` draws, as scikit-learn's `random_state`;
    /// `None` (default) draws a fresh seed at every call.
    pub fn random_state(mut self, random_state: impl Into<Option<u32>>) -> Self {
        self.random_state = random_state.into();
        self
    }

    /// The class the `"constant"` strategy predicts.
    pub fn constant(mut self, label: L) -> Self {
        self.constant = Some(label);
        self
    }

    /// The classes seen by `fit`, sorted (`classes_`).
    pub fn classes(&self) -> Result<&[L]> {
        Ok(&self.fitted()?.classes)
    }

    /// The fraction of the training targets in each class, in the order of
    /// [`classes`](Self::classes) (`class_prior_`).
    pub fn class_prior(&self) -> Result<&[f64]> {
        Ok(&self.fitted()?.class_prior)
    }

    fn fitted(&self) -> Result<&Fitted<L>> {
        self.fitted
            .as_ref()
            .ok_or_else(|| not_fitted("DummyClassifier"))
    }

    /// The strategy parsed, with the position of the constant class among `classes`.
    fn parse_strategy(&self, classes: &[L]) -> Result<Strategy> {
        Ok(match self.strategy.as_str() {
            "most_frequent" => Strategy::MostFrequent,
            "prior" => Strategy::Prior,
            "stratified" => Strategy::Stratified,
            "uniform" => Strategy::Uniform,
            "constant" => {
                let constant = self.constant.as_ref().ok_or_else(|| {
                    Error::invalid(
                        "constant",
                        "a class to predict with the \"constant\" strategy (set `constant`)",
                        "none",
                    )
                })?;
                let position = classes.binary_search(constant).map_err(|_| {
                    Error::invalid(
                        "constant",
                        format!("one of the training classes {classes:?}"),
                        format!("{constant:?}"),
                    )
                })?;
                Strategy::Constant(position)
            }
            other => {
                return Err(Error::invalid(
                    "strategy",
                    "\"most_frequent\", \"prior\", \"stratified\", \"uniform\" or \"constant\"",
                    format!("{other:?}"),
                ));
            }
        })
    }

    /// The fitted model after checking that `x` has its number of features.
    fn fitted_for(&self, x: Samples<'_>) -> Result<&Fitted<L>> {
        let fitted = self.fitted()?;
        check_n_features(fitted.n_features, x.n_features())?;
        Ok(fitted)
    }

    /// The generator of one call: scikit-learn's `check_random_state(random_state)`.
    fn rng(&self) -> RandomState {
        RandomState::new(self.random_state.unwrap_or_else(fresh_seed))
    }
}

impl<L: Label> Fit<Array1<L>> for DummyClassifier<L> {
    /// Learns the sorted classes and their frequencies; the features only give their number.
    fn fit_samples(&mut self, x: Samples<'_>, y: &Array1<L>) -> Result<()> {
        check_not_empty("x", x.n_samples(), x.n_features())?;
        check_same_length(x.n_samples(), y.len())?;
        let classes = sorted_classes(y.iter());
        let strategy = self.parse_strategy(&classes)?;
        let mut counts = vec![0usize; classes.len()];
        for label in y {
            counts[class_index(&classes, label)] += 1;
        }
        let n = y.len() as f64;
        self.fitted = Some(Fitted {
            strategy,
            class_prior: counts.iter().map(|&c| c as f64 / n).collect(),
            classes,
            n_features: x.n_features(),
        });
        Ok(())
    }

    fn strata(&self, y: &Array1<L>) -> Option<Vec<usize>> {
        let classes = sorted_classes(y.iter());
        Some(y.iter().map(|label| class_index(&classes, label)).collect())
    }
}

impl<L: Label> PredictProba for DummyClassifier<L> {
    /// The class probabilities of the strategy, one row per sample (classes in sorted order).
    fn predict_proba_samples(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        let fitted = self.fitted_for(x)?;
        let (n, k) = (x.n_samples(), fitted.classes.len());
        Ok(match fitted.strategy {
            Strategy::MostFrequent => one_hot(n, k, argmax(&fitted.class_prior)),
            Strategy::Prior => Array2::from_shape_fn((n, k), |(_, j)| fitted.class_prior[j]),
            Strategy::Stratified => self
                .rng()
                .multinomial(1, &fitted.class_prior, n)?
                .mapv(|count| count as f64),
            Strategy::Uniform => Array2::from_elem((n, k), 1.0 / k as f64),
            Strategy::Constant(position) => one_hot(n, k, position),
        })
    }
}

impl<L: Label> Predict<Array1<L>> for DummyClassifier<L> {
    /// The class of the strategy for each sample.
    fn predict_samples(&self, x: Samples<'_>) -> Result<Array1<L>> {
        let fitted = self.fitted_for(x)?;
        let n = x.n_samples();
        let class = |position: usize| fitted.classes[position].clone();
        Ok(match fitted.strategy {
            Strategy::MostFrequent | Strategy::Prior => {
                Array1::from_elem(n, class(argmax(&fitted.class_prior)))
            }
            Strategy::Stratified => self
                .predict_proba_samples(x)?
                .rows()
                .into_iter()
                .map(|row| class(argmax(row)))
                .collect(),
            Strategy::Uniform => self
                .rng()
                .randint(0, fitted.classes.len() as i64, n)?
                .iter()
                .map(|&drawn| class(drawn as usize))
                .collect(),
            Strategy::Constant(position) => Array1::from_elem(n, class(position)),
        })
    }
}

impl<L> SetParams for DummyClassifier<L> {
    /// `"strategy"` (a string, checked by `fit`) or `"random_state"` (a whole number from 0 to
    /// 2^32 - 1).
    fn set_param(&mut self, name: &str, value: &ParamValue) -> Result<()> {
        match name {
            "strategy" => self.strategy = value.as_str("strategy")?.to_owned(),
            "random_state" => {
                let seed = match value {
                    ParamValue::Int(v) => u32::try_from(*v).ok(),
                    _ => None,
                };
                self.random_state = Some(seed.ok_or_else(|| {
                    Error::invalid("random_state", "a whole number from 0 to 2^32 - 1", value)
                })?);
            }
            other => {
                return Err(Error::invalid(
                    "param_grid",
                    "a parameter of DummyClassifier: strategy or random_state",
                    format!("{other:?}"),
                ));
            }
        }
        Ok(())
    }
}

/// `n` rows with a 1 in column `hot` of `k`.
fn one_hot(n: usize, k: usize, hot: usize) -> Array2<f64> {
    Array2::from_shape_fn((n, k), |(_, j)| if j == hot { 1.0 } else { 0.0 })
}

/// The position of the first largest value, as NumPy's `argmax` (0 when there is none).
fn argmax<'a>(values: impl IntoIterator<Item = &'a f64>) -> usize {
    let mut best = (0, f64::NEG_INFINITY);
    for (i, &value) in values.into_iter().enumerate() {
        if value > best.1 {
            best = (i, value);
        }
    }
    best.0
}
