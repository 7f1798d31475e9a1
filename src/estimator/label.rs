//! [`Label`]: what a class label can be. It sits below both the model traits and the metrics,
//! which compare labels, so that neither has to import the other.

use std::fmt::Debug;

/// What a class label can be: anything cloneable, totally ordered (classes are kept sorted, as
/// scikit-learn's `np.unique` does) and shareable between threads.
pub trait Label: Clone + Ord + Debug + Send + Sync {}

impl<T: Clone + Ord + Debug + Send + Sync> Label for T {}
