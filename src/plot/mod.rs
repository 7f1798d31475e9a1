//! Figures and their inline display in notebooks.
//!
//! Every figure of chapters 3 and 4 comes from a handful of pieces:
//! - [`plot_digit`] and [`plot_digits`] for MNIST images;
//! - [`matshow`] for matrices (confusion matrices, and their errors-only view from
//!   [`normalized_errors`](crate::metrics::normalized_errors));
//! - [`Plot`] for lines, markers, reference lines, contours, class regions, text and arrows on one
//!   pair of axes, styled with matplotlib's format strings ([`Style`]);
//! - [`subplots`] to put figures side by side, and [`Figure::with_title`] to title one.
//!
//! Each gives a [`Figure`], which a notebook cell shows inline (a sharp PNG; [`Figure::svg`] for
//! SVG) and a program saves with [`Figure::save`] (PNG or SVG after the extension). [`Table`]
//! (or `.to_html_table()` from [`ToHtmlTable`]) shows an array as an HTML table. Text is drawn
//! in DejaVu Sans, embedded in the crate, so figures look the same on every machine.

mod axes;
mod boxplot;
mod color;
mod contour;
mod digits;
mod draw;
mod figure;
mod fonts;
mod layout;
mod legend;
mod marks;
mod matshow;
mod style;
mod table;
mod ticks;
mod values;

pub use axes::Plot;
pub use boxplot::boxplot;
pub use color::{Color, Colormap};
pub use contour::MeshGrid;
pub use digits::{plot_digit, plot_digits};
pub use figure::{Figure, IntoFigure, PNG_SCALE, Svg};
pub use layout::subplots;
pub use matshow::{MatShow, matshow};
pub use style::Style;
pub use table::{Table, ToHtmlTable};
pub use values::{Number, Values};
