//! Scores of predictions against the truth, as scikit-learn's `sklearn.metrics`.
//!
//! - [`classification`]: confusion matrix, accuracy, precision, recall and F1 with an
//!   [`Average`], for 1-D labels and 2-D multilabel indicators ([`ClassTargets`]).
//! - [`ranking`]: precision-recall and ROC curves and ROC AUC of binary scores.
//! - [`confusion`]: the errors-only view of a confusion matrix ([`normalized_errors`]).
//! - [`regression`]: mean squared error, its root, and R² of real predictions.
//! - [`Score`]: a classifier's `score`, the accuracy of its predictions.
//! - [`numpy_mean`]: a mean in NumPy's order of summation, for computations done by hand.
//!
//! Where scikit-learn would warn and return 0 (a ratio with nothing to divide by), these return 0;
//! inputs of different lengths, empty inputs and non-finite scores are errors.

pub mod classification;
pub mod confusion;
pub mod labels;
pub(crate) mod numpy_sum;
pub mod ranking;
pub mod regression;
mod score;

pub use classification::{
    Average, accuracy_score, confusion_matrix, f1_score, precision_score, recall_score,
};
pub use confusion::normalized_errors;
pub use labels::{ClassTargets, ClassView};
pub use numpy_sum::numpy_mean;
pub use ranking::{BinaryScores, precision_recall_curve, roc_auc_score, roc_curve};
pub use regression::{mean_squared_error, r2_score, root_mean_squared_error};
pub use score::Score;
