//! Model selection, as scikit-learn's `sklearn.model_selection`: folds ([`KFold`],
//! [`StratifiedKFold`], or a plain number of folds) and cross-validation
//! ([`cross_val_predict`], [`cross_val_predict_with`], [`cross_val_score`]) of any model that
//! implements the [`crate::estimator`] traits.

pub mod split;
pub mod validation;

pub use split::{CrossValidator, Folds, KFold, StratifiedKFold};
pub use validation::{
    Scorer, Scoring, cross_val_predict, cross_val_predict_with, cross_val_score, decision_function,
    predict, predict_proba,
};
