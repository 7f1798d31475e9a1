//! [`matshow`]: a 2-D array drawn as a grid of colored cells (the book's
//! `plt.matshow(conf_mx, cmap=plt.cm.gray)`), with tick labels (a data set's class names on both
//! axes with `.labels(...)`; column labels wider than a cell stand upright), an optional colorbar
//! and the numbers written in the cells. The errors-only view of a confusion matrix that the book
//! draws with it comes from `metrics::normalized_errors`.

use ndarray::{Array2, ArrayBase, Data, Ix2};
use plotters::prelude::*;
use plotters::style::Color as _;
use plotters::style::text_anchor::{HPos, VPos};

use crate::error::{Error, Result};
use crate::plot::color::{Color, Colormap};
use crate::plot::draw::{Area, font, plot_error, px, text};
use crate::plot::figure::{self, Content, Draw, Figure, IntoFigure};
use crate::plot::marks::{fill, paint};
use crate::plot::ticks::{decimals, fixed};
use crate::plot::values::Number;

/// The side of the square the cells fill, in logical pixels.
const MATRIX_SIDE: f64 = 400.0;
const TICK_SIZE: f64 = 12.0;
const LABEL_SIZE: f64 = 14.0;
const TITLE_SIZE: f64 = 16.0;
const MARGIN: f64 = 10.0;
const COLORBAR_WIDTH: f64 = 18.0;
const COLORBAR_TICKS: usize = 6;

/// A matrix figure being set up: colormap, colorbar, labels, numbers in the cells.
///
/// ```
/// use handson::plot::{Colormap, matshow};
/// let conf_mx = ndarray::array![[50usize, 3], [7, 40]];
/// let fig = matshow(&conf_mx)
///     .colormap(Colormap::Viridis)
///     .colorbar()
///     .numbers()
///     .xlabel("Predicted label")
///     .ylabel("True label")
///     .figure()?;
/// let (w, h) = fig.size();
/// assert!(w > h, "the colorbar is on the right");
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Clone)]
pub struct MatShow {
    values: Array2<f64>,
    integers: bool,
    colormap: Colormap,
    colorbar: bool,
    numbers: Option<Numbers>,
    row_labels: Option<Vec<String>>,
    col_labels: Option<Vec<String>>,
    xlabel: Option<String>,
    ylabel: Option<String>,
    title: Option<String>,
}

/// How cell values are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Numbers {
    /// Whole numbers as they are, others with two decimals.
    Plain,
    /// As a percentage with no decimals (the book's `values_format=".0%"`).
    Percent,
}

/// Starts a matrix figure of `matrix` (counts, rates, any numbers) in the book's gray colormap:
/// `matshow(&conf_mx)` as a cell's value shows it; `.figure()?` makes the [`Figure`].
pub fn matshow<S, T>(matrix: &ArrayBase<S, Ix2>) -> MatShow
where
    S: Data<Elem = T>,
    T: Number,
{
    MatShow {
        values: matrix.mapv(Number::to_f64),
        integers: T::is_integer_type(),
        colormap: Colormap::Gray,
        colorbar: false,
        numbers: None,
        row_labels: None,
        col_labels: None,
        xlabel: None,
        ylabel: None,
        title: None,
    }
}

/// A one-line summary (see `Plot`'s `Debug`).
impl std::fmt::Debug for MatShow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (rows, cols) = self.values.dim();
        write!(f, "MatShow({rows}x{cols})")
    }
}

impl MatShow {
    /// Colors the cells with `colormap` instead of gray.
    pub fn colormap(mut self, colormap: Colormap) -> MatShow {
        self.colormap = colormap;
        self
    }

    /// Adds a colorbar on the right.
    pub fn colorbar(mut self) -> MatShow {
        self.colorbar = true;
        self
    }

    /// Writes each cell's value in it: whole numbers as they are, others with two decimals.
    pub fn numbers(mut self) -> MatShow {
        self.numbers = Some(Numbers::Plain);
        self
    }

    /// Writes each cell's value in it as a percentage (0.25 as "25%").
    pub fn percent(mut self) -> MatShow {
        self.numbers = Some(Numbers::Percent);
        self
    }

    /// Labels the rows and the columns alike with the classes' names, as a confusion matrix
    /// wants them (scikit-learn's `ConfusionMatrixDisplay(display_labels=...)`): one label per
    /// class. Column labels wider than a cell are written upright, reading upwards.
    ///
    /// ```
    /// use handson::plot::matshow;
    /// let conf_mx = ndarray::array![[50usize, 3], [7, 40]];
    /// let names = ["Sandal", "Ankle boot"];
    /// let (w, h) = matshow(&conf_mx).labels(names).figure()?.size();
    /// let (w0, h0) = matshow(&conf_mx).figure()?.size();
    /// assert!(w > w0 && h > h0, "room for the names on the left and above");
    /// # Ok::<(), handson::Error>(())
    /// ```
    pub fn labels<L: ToString>(mut self, labels: impl IntoIterator<Item = L>) -> MatShow {
        let labels: Vec<String> = labels.into_iter().map(|l| l.to_string()).collect();
        self.row_labels = Some(labels.clone());
        self.col_labels = Some(labels);
        self
    }

    /// Labels the rows (instead of 0, 1, 2...): one label per row.
    pub fn row_labels<L: ToString>(mut self, labels: impl IntoIterator<Item = L>) -> MatShow {
        self.row_labels = Some(labels.into_iter().map(|l| l.to_string()).collect());
        self
    }

    /// Labels the columns (instead of 0, 1, 2...): one label per column.
    pub fn col_labels<L: ToString>(mut self, labels: impl IntoIterator<Item = L>) -> MatShow {
        self.col_labels = Some(labels.into_iter().map(|l| l.to_string()).collect());
        self
    }

    /// The label above the columns, such as "Predicted label".
    pub fn xlabel(mut self, label: &str) -> MatShow {
        self.xlabel = Some(label.to_string());
        self
    }

    /// The label beside the rows, such as "True label".
    pub fn ylabel(mut self, label: &str) -> MatShow {
        self.ylabel = Some(label.to_string());
        self
    }

    /// A title above the figure.
    pub fn title(mut self, title: &str) -> MatShow {
        self.title = Some(title.to_string());
        self
    }

    /// Checks the matrix and the labels and makes the figure.
    pub fn figure(&self) -> Result<Figure> {
        let (rows, cols) = self.values.dim();
        if rows == 0 || cols == 0 {
            return Err(Error::invalid(
                "matrix",
                "at least one row and one column",
                format!("{rows}x{cols}"),
            ));
        }
        if let Some(bad) = self.values.iter().find(|v| !v.is_finite()) {
            return Err(Error::invalid("matrix", "finite values", bad));
        }
        for (name, labels, count) in [
            ("row_labels", &self.row_labels, rows),
            ("col_labels", &self.col_labels, cols),
        ] {
            if let Some(labels) = labels {
                if labels.len() != count {
                    return Err(Error::invalid(
                        name,
                        format!("{count} labels, one per {}", &name[..3]),
                        labels.len(),
                    ));
                }
            }
        }
        if let Colormap::Listed(colors) = &self.colormap {
            if colors.is_empty() {
                return Err(Error::invalid(
                    "colormap",
                    "at least one color",
                    "an empty list",
                ));
            }
        }
        let layout = self.layout();
        Figure::new(
            layout.width.round() as u32,
            layout.height.round() as u32,
            Content::Drawing(Box::new(self.clone())),
        )
    }

    /// Shows the matrix inline in an evcxr notebook, or the error that prevents it.
    pub fn evcxr_display(&self) {
        figure::display(self.figure());
    }

    fn tick_labels(given: &Option<Vec<String>>, count: usize) -> Vec<String> {
        given
            .clone()
            .unwrap_or_else(|| (0..count).map(|i| i.to_string()).collect())
    }

    /// Where everything goes, in logical pixels. Text widths are estimated from the font size
    /// (0.62 em per character), which leaves room for DejaVu Sans' digits.
    fn layout(&self) -> Layout {
        let (rows, cols) = self.values.dim();
        let cell = (MATRIX_SIDE / rows.max(cols) as f64).clamp(8.0, 60.0);
        let chars =
            |labels: &[String]| labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64;
        let row_label_width = chars(&Self::tick_labels(&self.row_labels, rows)) * TICK_SIZE * 0.62;
        let col_label_width = chars(&Self::tick_labels(&self.col_labels, cols)) * TICK_SIZE * 0.62;
        let upright_col_labels = col_label_width > cell;
        let line = |present: bool, size: f64| if present { size * 1.6 } else { 0.0 };
        let left = MARGIN + line(self.ylabel.is_some(), LABEL_SIZE) + row_label_width + 8.0;
        let top = MARGIN
            + line(self.title.is_some(), TITLE_SIZE)
            + line(self.xlabel.is_some(), LABEL_SIZE)
            + if upright_col_labels {
                col_label_width + 8.0
            } else {
                TICK_SIZE * 1.6
            };
        let (matrix_w, matrix_h) = (cell * cols as f64, cell * rows as f64);
        let (low, high) = self.value_range();
        let ticks = if self.colorbar {
            nice_ticks(low, high, COLORBAR_TICKS)
        } else {
            Vec::new()
        };
        let places = decimals(&ticks);
        let colorbar_ticks: Vec<(f64, String)> =
            ticks.into_iter().map(|v| (v, fixed(v, places))).collect();
        let tick_chars = colorbar_ticks
            .iter()
            .map(|(_, label)| label.chars().count())
            .max()
            .unwrap_or(0) as f64;
        let colorbar = if self.colorbar {
            16.0 + COLORBAR_WIDTH + 6.0 + tick_chars * TICK_SIZE * 0.62
        } else {
            0.0
        };
        Layout {
            cell,
            upright_col_labels,
            left,
            top,
            width: left + matrix_w + colorbar + MARGIN,
            height: top + matrix_h + MARGIN,
            colorbar_ticks,
        }
    }

    fn value_range(&self) -> (f64, f64) {
        self.values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            })
    }

    fn number(&self, value: f64) -> String {
        match self.numbers {
            Some(Numbers::Percent) => format!("{:.0}%", value * 100.0),
            _ if self.integers => format!("{value:.0}"),
            _ => format!("{value:.2}"),
        }
    }
}

impl Draw for MatShow {
    fn draw<DB: DrawingBackend>(&self, area: &Area<DB>, scale: f64) -> Result<()> {
        let (rows, cols) = self.values.dim();
        let layout = self.layout();
        let (low, high) = self.value_range();
        let at = |x: f64, y: f64| (px(x, scale), px(y, scale));
        let cell_x = |j: usize| layout.left + layout.cell * j as f64;
        let cell_y = |i: usize| layout.top + layout.cell * i as f64;
        let number_size = (layout.cell * 0.32).clamp(6.0, 14.0);
        for ((i, j), &value) in self.values.indexed_iter() {
            let color = self.colormap.color_in(value, low, high);
            fill(
                area,
                at(cell_x(j), cell_y(i)),
                at(cell_x(j + 1), cell_y(i + 1)),
                paint(color, 1.0),
            )?;
            if self.numbers.is_some() {
                let ink = if color.is_light() {
                    Color::BLACK
                } else {
                    Color::WHITE
                };
                let center = at(cell_x(j) + layout.cell / 2.0, cell_y(i) + layout.cell / 2.0);
                text(
                    area,
                    &self.number(value),
                    center,
                    number_size,
                    scale,
                    ink,
                    (HPos::Center, VPos::Center),
                )?;
            }
        }
        let frame = BLACK.stroke_width(px(1.0, scale).max(1) as u32);
        area.draw(&Rectangle::new(
            [at(cell_x(0), cell_y(0)), at(cell_x(cols), cell_y(rows))],
            frame,
        ))
        .map_err(plot_error)?;
        let upright = font(TICK_SIZE, scale, Color::BLACK, (HPos::Left, VPos::Center))
            .transform(FontTransform::Rotate270);
        for (j, label) in Self::tick_labels(&self.col_labels, cols).iter().enumerate() {
            let foot = at(cell_x(j) + layout.cell / 2.0, layout.top - 6.0);
            if layout.upright_col_labels {
                area.draw(&Text::new(label.clone(), foot, &upright))
                    .map_err(plot_error)?;
            } else {
                text(
                    area,
                    label,
                    foot,
                    TICK_SIZE,
                    scale,
                    Color::BLACK,
                    (HPos::Center, VPos::Bottom),
                )?;
            }
        }
        for (i, label) in Self::tick_labels(&self.row_labels, rows).iter().enumerate() {
            let y = cell_y(i) + layout.cell / 2.0;
            text(
                area,
                label,
                at(layout.left - 6.0, y),
                TICK_SIZE,
                scale,
                Color::BLACK,
                (HPos::Right, VPos::Center),
            )?;
        }
        let middle_x = cell_x(0) + layout.cell * cols as f64 / 2.0;
        let middle_y = cell_y(0) + layout.cell * rows as f64 / 2.0;
        let mut top = MARGIN;
        if let Some(title) = &self.title {
            text(
                area,
                title,
                at(middle_x, top),
                TITLE_SIZE,
                scale,
                Color::BLACK,
                (HPos::Center, VPos::Top),
            )?;
            top += TITLE_SIZE * 1.6;
        }
        if let Some(label) = &self.xlabel {
            text(
                area,
                label,
                at(middle_x, top),
                LABEL_SIZE,
                scale,
                Color::BLACK,
                (HPos::Center, VPos::Top),
            )?;
        }
        if let Some(label) = &self.ylabel {
            let style = font(
                LABEL_SIZE,
                scale,
                Color::BLACK,
                (HPos::Center, VPos::Center),
            )
            .transform(FontTransform::Rotate270);
            let x = MARGIN + LABEL_SIZE * 0.8;
            area.draw(&Text::new(label.clone(), at(x, middle_y), &style))
                .map_err(plot_error)?;
        }
        if self.colorbar {
            self.draw_colorbar(
                area,
                &layout,
                cell_x(cols) + 16.0,
                (cell_y(0), cell_y(rows)),
                (low, high),
                scale,
            )?;
        }
        Ok(())
    }
}

impl MatShow {
    fn draw_colorbar<DB: DrawingBackend>(
        &self,
        area: &Area<DB>,
        layout: &Layout,
        left: f64,
        (top, bottom): (f64, f64),
        (low, high): (f64, f64),
        scale: f64,
    ) -> Result<()> {
        let (y0, y1) = (px(top, scale), px(bottom, scale));
        let (x0, x1) = (px(left, scale), px(left + COLORBAR_WIDTH, scale));
        for y in y0..y1 {
            let t = f64::from(y1 - 1 - y) / f64::from((y1 - y0 - 1).max(1));
            fill(
                area,
                (x0, y),
                (x1, y + 1),
                paint(self.colormap.color(t), 1.0),
            )?;
        }
        let frame = BLACK.stroke_width(px(1.0, scale).max(1) as u32);
        area.draw(&Rectangle::new([(x0, y0), (x1, y1)], frame))
            .map_err(plot_error)?;
        for (tick, label) in &layout.colorbar_ticks {
            let t = if high > low {
                (tick - low) / (high - low)
            } else {
                0.5
            };
            let y = y1 - ((f64::from(y1 - y0)) * t).round() as i32;
            area.draw(&PathElement::new(
                vec![(x1, y), (x1 + px(4.0, scale), y)],
                frame,
            ))
            .map_err(plot_error)?;
            text(
                area,
                label,
                (x1 + px(6.0, scale), y),
                TICK_SIZE,
                scale,
                Color::BLACK,
                (HPos::Left, VPos::Center),
            )?;
        }
        Ok(())
    }
}

/// Positions computed once for drawing and sizing.
struct Layout {
    cell: f64,
    /// Whether the column labels are written upright: the widest is wider than a cell.
    upright_col_labels: bool,
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    /// Colorbar ticks and their labels, which share their number of decimals.
    colorbar_ticks: Vec<(f64, String)>,
}

/// Up to about `count` round values (1, 2 or 5 times a power of ten apart) from `low` to `high`.
fn nice_ticks(low: f64, high: f64, count: usize) -> Vec<f64> {
    if high <= low {
        return vec![low];
    }
    if !(high - low).is_finite() {
        return vec![low, high];
    }
    let rough = (high - low) / count.max(1) as f64;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|&s| s >= rough)
        .unwrap_or(10.0 * magnitude);
    let first = (low / step).ceil() as i64;
    let last = (high / step + 1e-9).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

impl IntoFigure for MatShow {
    fn into_figure(self) -> Result<Figure> {
        self.figure()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::ticks::tick_label;

    #[test]
    fn nice_ticks_are_round() {
        let labels: Vec<String> = nice_ticks(0.0, 1.0, 5)
            .into_iter()
            .map(tick_label)
            .collect();
        assert_eq!(labels, ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
        assert_eq!(
            nice_ticks(3.0, 5400.0, 6),
            vec![1000.0, 2000.0, 3000.0, 4000.0, 5000.0]
        );
        assert_eq!(nice_ticks(2.0, 2.0, 6), vec![2.0]);
    }
}
