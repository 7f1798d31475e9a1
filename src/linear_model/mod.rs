//! Linear models, as scikit-learn's `sklearn.linear_model`: [`SgdClassifier`], trained by
//! stochastic gradient descent with scikit-learn's algorithm and arithmetic; the regressors of
//! chapter 4 ([`LinearRegression`], [`SgdRegressor`], [`Ridge`], [`Lasso`], [`ElasticNet`]);
//! and [`LogisticRegression`] (logistic and softmax regression).

pub(crate) mod base;
pub mod coordinate_descent;
pub(crate) mod lbfgs;
pub mod linear_regression;
pub mod logistic;
pub mod ridge;
pub(crate) mod sgd;
pub mod sgd_classifier;
pub mod sgd_regressor;

pub use coordinate_descent::{ElasticNet, Lasso};
pub use linear_regression::LinearRegression;
pub use logistic::LogisticRegression;
pub use ridge::Ridge;
pub use sgd_classifier::SgdClassifier;
pub use sgd_regressor::SgdRegressor;
