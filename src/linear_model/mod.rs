//! Linear models, as scikit-learn's `sklearn.linear_model`: [`SgdClassifier`], trained by
//! stochastic gradient descent with scikit-learn's algorithm and arithmetic.

pub(crate) mod sgd;
pub mod sgd_classifier;

pub use sgd_classifier::{SgdClassifier, SgdSolver};
