//! Figures and their inline display in notebooks.
//!
//! Every plotting function returns a [`Figure`], which a notebook cell shows inline as a PNG and
//! a program saves with [`Figure::save`].

pub mod digits;
pub mod figure;

pub use digits::{plot_digit, plot_digits};
pub use figure::Figure;
