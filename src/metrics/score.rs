//! [`Score`]: a classifier's `score(X, y)`, the accuracy of its predictions, as scikit-learn's
//! `ClassifierMixin.score`. It lives with the metrics (which know accuracy) rather than in the
//! estimator contract (which the metrics build on), so the two do not import each other.

use ndarray::{ArrayBase, Data, Ix2};

use crate::error::Result;
use crate::estimator::{Predict, Targets};
use crate::metrics::{ClassTargets, accuracy_score};

/// The accuracy of a fitted classifier on labelled samples: implemented for every model that
/// predicts class targets.
pub trait Score<Y: Targets + ClassTargets>: Predict<Y> {
    /// The accuracy of the predictions for `x` against `y` (the fraction of samples, or for
    /// multilabel targets of rows, predicted exactly right), like a classifier's `score(X, y)`.
    fn score<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>, y: &Y) -> Result<f64> {
        accuracy_score(y, &self.predict(x)?)
    }
}

impl<Y: Targets + ClassTargets, M: Predict<Y> + ?Sized> Score<Y> for M {}
