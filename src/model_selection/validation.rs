//! Cross-validation: fit a fresh clone of a model on each fold's training samples, in parallel,
//! and predict or score its test samples, like scikit-learn's `cross_val_predict` and
//! `cross_val_score`.
//!
//! Folds never copy the training matrix: each fold's model gets the caller's matrix and the
//! fold's row numbers ([`Samples`]), so running all folds at once keeps a single copy of the
//! data in memory (plus whatever the model itself stores).

use ndarray::{Array1, Array2, ArrayBase, Data, Ix2};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::estimator::{DecisionFunction, Fit, Predict, PredictProba, Samples, Scorer, Targets};
use crate::metrics::{
    Average, ClassTargets, accuracy_score, f1_score, precision_score, recall_score,
};
use crate::model_selection::split::CrossValidator;
use crate::validation::check_same_length;

/// Method selector for [`cross_val_predict_with`]: the model's predictions
/// (scikit-learn's `method="predict"`).
pub fn predict<E: Predict<Y>, Y: Targets>(estimator: &E, x: Samples<'_>) -> Result<Y> {
    estimator.predict_samples(x)
}

/// Method selector for [`cross_val_predict_with`]: the model's decision scores
/// (`method="decision_function"`), as the precision-recall and ROC curves want them.
pub fn decision_function<E: DecisionFunction>(
    estimator: &E,
    x: Samples<'_>,
) -> Result<Array2<f64>> {
    estimator.decision_function_samples(x)
}

/// Method selector for [`cross_val_predict_with`]: the model's class probabilities
/// (`method="predict_proba"`).
pub fn predict_proba<E: PredictProba>(estimator: &E, x: Samples<'_>) -> Result<Array2<f64>> {
    estimator.predict_proba_samples(x)
}

/// Checks that `x` and `y` describe the same, non-zero number of samples.
fn check_data<S: Data<Elem = f64>, Y: Targets>(x: &ArrayBase<S, Ix2>, y: &Y) -> Result<()> {
    if x.nrows() == 0 {
        return Err(Error::invalid(
            "x",
            "at least one sample",
            "an empty matrix",
        ));
    }
    check_same_length(x.nrows(), y.n_samples())
}

/// For each fold (in parallel), a clone of `estimator` fitted on the training samples, applied
/// by `apply` to the test samples.
fn per_fold<E, S, Y, C, T, A>(
    estimator: &E,
    x: &ArrayBase<S, Ix2>,
    y: &Y,
    cv: C,
    apply: A,
) -> Result<Vec<(Vec<usize>, T)>>
where
    E: Fit<Y>,
    S: Data<Elem = f64>,
    Y: Targets,
    C: CrossValidator,
    T: Send,
    A: Fn(&E, Samples<'_>, &[usize]) -> Result<T> + Sync,
{
    check_data(x, y)?;
    let folds = cv.folds(x.nrows(), estimator.strata(y).as_deref())?;
    let x = x.view();
    folds
        .into_par_iter()
        .map(|(train, test)| {
            let mut model = estimator.clone();
            model.fit_samples(Samples::rows(x, &train)?, &y.select_samples(&train))?;
            let result = apply(&model, Samples::rows(x, &test)?, &test)?;
            Ok((test, result))
        })
        .collect()
}

/// Out-of-fold results of `method` for every sample, like scikit-learn's
/// `cross_val_predict(estimator, X, y, cv=cv, method=...)`: each sample's result comes from the
/// clone that did not see it in training. `method` is [`predict`], [`decision_function`] or
/// [`predict_proba`] (or any function of a fitted model and samples).
///
/// ```
/// use handson::prelude::*;
/// let x = array![[0.0, 1.0], [1.0, 0.0], [0.0, 2.0], [2.0, 0.0], [0.0, 3.0], [3.0, 0.0]];
/// let y = array![true, false, true, false, true, false];
/// let sgd = SgdClassifier::new().random_state(42);
/// let scores = cross_val_predict_with(&sgd, &x, &y, 3, decision_function)?;
/// assert_eq!(scores.dim(), (6, 1));
/// # Ok::<(), handson::Error>(())
/// ```
pub fn cross_val_predict_with<E, S, Y, O, C, M>(
    estimator: &E,
    x: &ArrayBase<S, Ix2>,
    y: &Y,
    cv: C,
    method: M,
) -> Result<O>
where
    E: Fit<Y>,
    S: Data<Elem = f64>,
    Y: Targets,
    O: Targets,
    C: CrossValidator,
    M: Fn(&E, Samples<'_>) -> Result<O> + Sync,
{
    let (tests, parts): (Vec<Vec<usize>>, Vec<O>) =
        per_fold(estimator, x, y, cv, |model, test, _| method(model, test))?
            .into_iter()
            .unzip();
    O::assemble(
        x.nrows(),
        tests.iter().map(Vec::as_slice).zip(parts).collect(),
    )
}

/// Out-of-fold predictions for every sample, like scikit-learn's
/// `cross_val_predict(estimator, X, y, cv=cv)`. `cv` is a number of folds (stratified for
/// classifiers of single labels), a [`KFold`](super::KFold) or a
/// [`StratifiedKFold`](super::StratifiedKFold).
///
/// ```
/// use handson::prelude::*;
/// let x = array![[0.0, 1.0], [1.0, 0.0], [0.0, 2.0], [2.0, 0.0], [0.0, 3.0], [3.0, 0.0]];
/// let y = array![1u8, 0, 1, 0, 1, 0];
/// let y_pred = cross_val_predict(&SgdClassifier::new().random_state(42), &x, &y, 3)?;
/// assert_eq!(y_pred, y);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn cross_val_predict<E, S, Y, C>(
    estimator: &E,
    x: &ArrayBase<S, Ix2>,
    y: &Y,
    cv: C,
) -> Result<Y>
where
    E: Fit<Y> + Predict<Y>,
    S: Data<Elem = f64>,
    Y: Targets,
    C: CrossValidator,
{
    cross_val_predict_with(estimator, x, y, cv, predict)
}

/// The usual classification scores, as scikit-learn's `scoring=` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scoring {
    /// `"accuracy"`.
    Accuracy,
    /// `"precision"` (with `Average::Binary`), `"precision_macro"`, ...
    Precision(Average),
    /// `"recall"`, `"recall_macro"`, ...
    Recall(Average),
    /// `"f1"`, `"f1_macro"`, ...
    F1(Average),
}

impl<Y: ClassTargets + Sync> Scorer<Y> for Scoring {
    fn score(&self, y_true: &Y, y_pred: &Y) -> Result<f64> {
        match *self {
            Scoring::Accuracy => accuracy_score(y_true, y_pred),
            Scoring::Precision(average) => precision_score(y_true, y_pred, average),
            Scoring::Recall(average) => recall_score(y_true, y_pred, average),
            Scoring::F1(average) => f1_score(y_true, y_pred, average),
        }
    }
}

/// The score of each fold's clone on its test samples, like scikit-learn's
/// `cross_val_score(estimator, X, y, cv=cv, scoring=...)`.
///
/// ```
/// use handson::prelude::*;
/// let x = array![[0.0, 1.0], [1.0, 0.0], [0.0, 2.0], [2.0, 0.0], [0.0, 3.0], [3.0, 0.0]];
/// let y = array![1u8, 0, 1, 0, 1, 0];
/// let sgd = SgdClassifier::new().random_state(42);
/// let scores = cross_val_score(&sgd, &x, &y, 3, Scoring::Accuracy)?;
/// assert_eq!(scores, array![1.0, 1.0, 1.0]);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn cross_val_score<E, S, Y, C, R>(
    estimator: &E,
    x: &ArrayBase<S, Ix2>,
    y: &Y,
    cv: C,
    scoring: R,
) -> Result<Array1<f64>>
where
    E: Fit<Y> + Predict<Y>,
    S: Data<Elem = f64>,
    Y: Targets,
    C: CrossValidator,
    R: Scorer<Y>,
{
    let scores = per_fold(estimator, x, y, cv, |model, test, rows| {
        scoring.score(&y.select_samples(rows), &model.predict_samples(test)?)
    })?;
    Ok(scores.into_iter().map(|(_, score)| score).collect())
}
