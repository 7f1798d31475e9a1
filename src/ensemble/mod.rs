//! Ensembles of trees: [`RandomForestClassifier`], and the [`DecisionTreeClassifier`] it is
//! made of.

pub mod forest;
pub mod tree;

pub use forest::{DecisionTreeClassifier, RandomForestClassifier};
pub use tree::MaxFeatures;
