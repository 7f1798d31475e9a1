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
//! Modules, from the bottom up: [`error`]; [`datasets`] (loaders, data home, downloads);
//! [`plot`] (figures and their inline display); [`random`] (NumPy's seeded `RandomState`);
//! [`prelude`].
//!
//! Library code never unwraps: a failure reachable from a caller's input is an [`Error`]. The
//! lints below enforce it (`make test` runs `cargo clippy --lib`; tests may unwrap, see
//! `clippy.toml`); the few `expect`s left are allowed one by one with the reason they cannot
//! fail.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::todo,
    clippy::unimplemented
)]

pub mod datasets;
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
pub mod text;
mod validation;

pub use error::{Error, Result};
/// The ndarray version this crate is built on, for code that needs more of it than the prelude.
pub use ndarray;
