//! Transformations of features before a model sees them, as scikit-learn's
//! `sklearn.preprocessing`: [`StandardScaler`].

pub mod standard_scaler;

pub use standard_scaler::StandardScaler;
