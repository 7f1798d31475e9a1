//! Support vector machines: [`Svc`], scikit-learn's `SVC` (libsvm's C-SVC), reproduced closely
//! enough that its support vectors are the same and its decision values agree to about 1e-9.
//!
//! - [`kernel`]: the kernel functions and the `gamma` parameter, in libsvm's arithmetic;
//! - `gram`: kernel matrices between sets of rows, in blocks of matrix products;
//! - `solver`: libsvm's SMO solver (second-order working sets, shrinking) for one pair of
//!   classes;
//! - `model`: [`Svc`] itself: classes, one-versus-one training in parallel, votes and decision
//!   values.

mod gram;
pub mod kernel;
mod model;
mod solver;

pub use kernel::{Gamma, Kernel};
pub use model::Svc;
