//! # handson
//!
//! Chapters 3 (classification) and 4 (training models) of Géron's *Hands-On Machine Learning*,
//! in Rust, for Jupyter notebooks on the evcxr kernel.
//!
//! A notebook starts with `use handson::prelude::*;` (the "Rust (handson)" kernel does it for
//! you) and then reads like the book:
//!
//! ```no_run
//! use handson::prelude::*;
//! let mnist = load_mnist()?;
//! let fig = plot_digit(&mnist.x_train.row(0))?;
//! fig.save("some_digit.png")?;
//! # Ok::<(), handson::Error>(())
//! ```
//!
//! Modules, from the bottom up (each imports only modules of the layers below it, as
//! `tests/structure.rs` checks):
//!
//! - [`error`]: the one [`Error`] type;
//! - the estimator contract, [`estimator`]: the traits every model implements (fit, predict,
//!   transform), the [`Label`](estimator::Label)s and targets they learn, and hyper-parameters
//!   by name ([`SetParams`](estimator::SetParams), in its `params` submodule); beside it
//!   [`random`] (NumPy's seeded `RandomState` and shuffle splits);
//! - [`metrics`] (scores of predictions), [`plot`] (figures and their inline display),
//!   [`datasets`] (loaders, data home, downloads, checksums), [`text`] (email parsing and
//!   vectorizing), [`linalg`] (the closed-form fits' linear algebra);
//! - the models: [`linear_model`], [`neighbors`], [`ensemble`] (trees and forests), [`svm`]
//!   (support vector classifiers), [`dummy`] (baselines), [`multiclass`] (one-vs-one and
//!   one-vs-rest), [`preprocessing`] (transformers), [`pipeline`]
//!   (transformers then a model); and [`model_selection`] (folds, cross-validation, grid
//!   search, learning curves), which works on any model through the contract;
//! - [`prelude`]: what a notebook imports.
//!
//! Library code never unwraps: a failure reachable from a caller's input is an [`Error`]. The
//! lints below enforce it (`make test` runs `cargo clippy --lib`; tests may unwrap, see
//! `clippy.toml`); the few `expect`s left are allowed one by one with the reason they cannot
//! fail.

#![deny(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::todo,
    clippy::unimplemented
)]

pub mod datasets;
pub mod dummy;
pub mod ensemble;
pub mod error;
pub mod estimator;
pub mod linalg;
pub mod linear_model;
mod memory;
pub mod metrics;
pub mod model_selection;
pub mod multiclass;
pub mod neighbors;
pub mod pipeline;
pub mod plot;
pub mod prelude;
pub mod preprocessing;
pub mod random;
mod simd;
pub mod svm;
pub mod text;
mod validation;

pub use error::{Error, Result};
/// The ndarray version this crate is built on, for code that needs more of it than the prelude.
pub use ndarray;
