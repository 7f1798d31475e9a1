//! Nearest-neighbour models, as scikit-learn's `sklearn.neighbors`.
//!
//! - [`KNeighborsClassifier`] (in `classifier`): a vote of the k nearest training samples, for
//!   labels, multilabel indicators and multioutput classes ([`NeighborTargets`]), weighted by
//!   [`Weights`].
//! - `vote`: how neighbours vote, exactly as scikit-learn counts.
//! - `search`: exact brute-force k-nearest-neighbour search, the hot loop, with `bytes`, its
//!   integer kernels for byte data such as MNIST pixels, and `amx`, the fastest of them.

#[cfg(target_arch = "x86_64")]
mod amx;
mod bytes;
mod classifier;
pub(crate) mod search;
mod vote;

pub use classifier::KNeighborsClassifier;
pub use vote::{NeighborTargets, Weights};
