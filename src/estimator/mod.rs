//! The traits every model implements, so that model selection (cross-validation, grid search,
//! learning curves) works on any model without special cases, as linfa's `traits.rs` does.
//!
//! - [`Fit`] learns from samples and targets; [`Predict`], [`DecisionFunction`] and
//!   [`PredictProba`] answer for new samples; [`Transformer`] turns samples into new features.
//!   `Fit` requires `Clone`, so cross-validation fits a
//!   fresh copy of the user's (unfitted or fitted) model on each fold.
//! - [`Samples`] is a set of rows of a matrix *without copying them* (cross-validation folds).
//! - [`Targets`] is what a model learns to predict: class labels (`Array1<L>` for any [`Label`]:
//!   `u8` digits, `bool` detectors, strings), multilabel indicators (`Array2<bool>`), multioutput
//!   classes (`Array2<u8>`), or real values. Model selection only needs to count, select and
//!   reassemble them.
//! - [`SetParams`] sets hyper-parameters by name ([`ParamValue`], [`Params`]) and [`FoldScores`]
//!   scores settings on one fold, for grid search; [`Scorer`] is a score of predictions.
//!
//! This contract sits below the models, model selection and the metrics, and imports none of
//! them: a model that depends on it does not depend on the tools that select models, and the
//! metrics compare [`Label`]s without knowing about models (a classifier's accuracy `score` is
//! [`metrics::Score`](crate::metrics::Score)).
//!
//! Notebooks call the convenience methods [`Fit::fit`], [`Predict::predict`], ... which take any
//! 2-D `f64` array (owned, view, slice); models implement the `*_samples` methods.

mod label;
mod params;
mod samples;
mod targets;

pub use label::Label;
pub use params::{FoldScores, ParamValue, Params, SetParams};
pub use samples::Samples;
pub use targets::Targets;

use ndarray::{Array2, ArrayBase, Data, Ix2};

use crate::error::Result;

/// A model that learns from samples and their targets `Y`.
///
/// `Clone` gives cross-validation one independent copy per fold; `Send + Sync` lets folds run
/// in parallel.
pub trait Fit<Y: Targets>: Clone + Send + Sync {
    /// Learns from `x` and `y` (one target per sample), replacing what was learnt before.
    fn fit_samples(&mut self, x: Samples<'_>, y: &Y) -> Result<()>;

    /// The class of each sample when this model classifies single labels, numbered from 0; `None`
    /// otherwise. Cross-validation with a plain number of folds stratifies on it (scikit-learn's
    /// `StratifiedKFold` for classifiers of binary or multiclass targets, `KFold` for the rest).
    fn strata(&self, _y: &Y) -> Option<Vec<usize>> {
        None
    }

    /// Learns from the samples in the rows of `x` and their targets `y`, like scikit-learn's
    /// `fit(X, y)`, and returns the fitted model.
    fn fit<S: Data<Elem = f64>>(&mut self, x: &ArrayBase<S, Ix2>, y: &Y) -> Result<&mut Self> {
        self.fit_samples(Samples::all(x.view()), y)?;
        Ok(self)
    }
}

/// A fitted model that predicts targets `Y` for new samples.
pub trait Predict<Y: Targets> {
    /// The predicted target of each sample.
    fn predict_samples(&self, x: Samples<'_>) -> Result<Y>;

    /// The predicted target of each row of `x`, like scikit-learn's `predict(X)`.
    fn predict<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Y> {
        self.predict_samples(Samples::all(x.view()))
    }
}

/// A fitted classifier with confidence scores: positive for the class it stands for.
pub trait DecisionFunction {
    /// One row of scores per sample: one column per class, or a single column (for the
    /// second class) when there are two classes, as scikit-learn's `decision_function`.
    fn decision_function_samples(&self, x: Samples<'_>) -> Result<Array2<f64>>;

    /// The scores of each row of `x`, like scikit-learn's `decision_function(X)`.
    fn decision_function<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        self.decision_function_samples(Samples::all(x.view()))
    }
}

/// A fitted classifier that estimates class probabilities.
pub trait PredictProba {
    /// One row per sample with the probability of each class (classes in sorted order).
    fn predict_proba_samples(&self, x: Samples<'_>) -> Result<Array2<f64>>;

    /// The class probabilities of each row of `x`, like scikit-learn's `predict_proba(X)`.
    fn predict_proba<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        self.predict_proba_samples(Samples::all(x.view()))
    }
}

/// A transformation of samples that learns from them first, such as
/// [`PolynomialFeatures`](crate::preprocessing::PolynomialFeatures) or
/// [`StandardScaler`](crate::preprocessing::StandardScaler): what a
/// [`Pipeline`](crate::pipeline::Pipeline) chains before a model (linfa's `Transformer`,
/// scikit-learn's `fit` and `transform`).
pub trait Transformer: Clone + Send + Sync {
    /// Learns what the transformation needs from `x` (means, the number of features, ...).
    fn fit_samples(&mut self, x: Samples<'_>) -> Result<()>;

    /// The transformed samples, one row per sample.
    fn transform_samples(&self, x: Samples<'_>) -> Result<Array2<f64>>;

    /// Learns from the rows of `x` and returns them transformed, like scikit-learn's
    /// `fit_transform(X)`.
    fn fit_transform<S: Data<Elem = f64>>(&mut self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        self.fit_samples(Samples::all(x.view()))?;
        self.transform_samples(Samples::all(x.view()))
    }

    /// The rows of `x` transformed with what was learnt, like scikit-learn's `transform(X)`.
    fn transform<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        self.transform_samples(Samples::all(x.view()))
    }
}

/// A score of predictions against the truth, for
/// [`cross_val_score`](crate::model_selection::cross_val_score) and grid search: a
/// [`Scoring`](crate::model_selection::Scoring), or any
/// function `Fn(&Y, &Y) -> Result<f64>` of the true and the predicted targets.
pub trait Scorer<Y>: Sync {
    /// The score of `y_pred` against `y_true`.
    fn score(&self, y_true: &Y, y_pred: &Y) -> Result<f64>;
}

impl<Y, F: Fn(&Y, &Y) -> Result<f64> + Sync> Scorer<Y> for F {
    fn score(&self, y_true: &Y, y_pred: &Y) -> Result<f64> {
        self(y_true, y_pred)
    }
}
