//! Model selection, as scikit-learn's `sklearn.model_selection`: folds ([`KFold`],
//! [`StratifiedKFold`], or a plain number of folds) and cross-validation
//! ([`cross_val_predict`], [`cross_val_predict_with`], [`cross_val_score`]) of any model that
//! implements the [`crate::estimator`] traits; random train/test splits ([`train_test_split`],
//! [`stratified_split_indices`], drawn with [`crate::random::shuffle_split_indices`])
//! and learning curves ([`learning_curve`]); grid search over hyper-parameters
//! ([`GridSearchCV`]).

pub mod grid_search;
pub mod learning_curve;
pub mod split;
pub mod stratified_split;
pub mod train_test_split;
pub mod validation;

pub use grid_search::{CvResult, GridSearchCV, ParamGrid};
pub use learning_curve::{LearningCurve, learning_curve};
pub use split::{CrossValidator, Folds, KFold, StratifiedKFold};
pub use stratified_split::stratified_split_indices;
pub use train_test_split::train_test_split;
pub use validation::{
    Scoring, cross_val_predict, cross_val_predict_with, cross_val_score, decision_function,
    predict, predict_proba,
};
