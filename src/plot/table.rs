//! Arrays as tables: [`Table`] shows a 1-D or 2-D array (a confusion matrix, scores) in a
//! notebook as an HTML table with right-aligned numbers, optionally shaded like `matshow`, and
//! as aligned plain text elsewhere. [`ToHtmlTable`] adds `.to_html_table()` to ndarray arrays.

use std::fmt;

use ndarray::{Array2, ArrayBase, Data, Ix1, Ix2};

use crate::plot::color::Colormap;
use crate::plot::values::Number;

/// The most decimals a table prints: the exact decimal value of an `f64` has at most 1074.
const MAX_DECIMALS: usize = 1074;

/// An array shown as a table.
///
/// ```
/// use handson::plot::{Colormap, ToHtmlTable};
/// let conf_mx = ndarray::array![[53892usize, 687], [1891, 3530]];
/// let table = conf_mx.to_html_table().shade(Colormap::Gray);
/// assert!(table.to_html().contains("53892"));
/// assert_eq!(table.to_string(), "53892   687\n 1891  3530");
/// ```
#[derive(Clone, Debug)]
pub struct Table {
    values: Array2<f64>,
    integers: bool,
    decimals: usize,
    shade: Option<Colormap>,
    row_labels: Option<Vec<String>>,
    col_labels: Option<Vec<String>>,
}

/// Adds `.to_html_table()` to ndarray arrays of numbers (1-D arrays become one row).
pub trait ToHtmlTable {
    /// The array as a [`Table`].
    fn to_html_table(&self) -> Table;
}

impl<S: Data<Elem = T>, T: Number> ToHtmlTable for ArrayBase<S, Ix2> {
    fn to_html_table(&self) -> Table {
        Table::new(self)
    }
}

impl<S: Data<Elem = T>, T: Number> ToHtmlTable for ArrayBase<S, Ix1> {
    fn to_html_table(&self) -> Table {
        Table::new(&self.view().insert_axis(ndarray::Axis(0)))
    }
}

impl Table {
    /// The table of a 2-D array; whole-number types print without decimals, others with 4.
    pub fn new<S: Data<Elem = T>, T: Number>(array: &ArrayBase<S, Ix2>) -> Table {
        Table {
            values: array.mapv(Number::to_f64),
            integers: T::is_integer_type(),
            decimals: 4,
            shade: None,
            row_labels: None,
            col_labels: None,
        }
    }

    /// Prints non-integer values with `decimals` decimals; more than 1074 (the most that the
    /// exact decimal value of an `f64` has) print as 1074.
    pub fn decimals(mut self, decimals: usize) -> Table {
        self.decimals = decimals.min(MAX_DECIMALS);
        self
    }

    /// Shades each cell with its value's color in `colormap`, from the table's lowest value to
    /// its highest, as `matshow` would.
    pub fn shade(mut self, colormap: Colormap) -> Table {
        self.shade = Some(colormap);
        self
    }

    /// Row headers (one per row; shorter or longer lists are cut or padded with blanks).
    pub fn row_labels<L: ToString>(mut self, labels: impl IntoIterator<Item = L>) -> Table {
        self.row_labels = Some(labels.into_iter().map(|l| l.to_string()).collect());
        self
    }

    /// Column headers (one per column; shorter or longer lists are cut or padded with blanks).
    pub fn col_labels<L: ToString>(mut self, labels: impl IntoIterator<Item = L>) -> Table {
        self.col_labels = Some(labels.into_iter().map(|l| l.to_string()).collect());
        self
    }

    fn cell(&self, value: f64) -> String {
        if self.integers && value.is_finite() {
            format!("{value:.0}")
        } else {
            format!("{value:.*}", self.decimals)
        }
    }

    fn label(labels: &Option<Vec<String>>, index: usize) -> Option<String> {
        labels
            .as_ref()
            .map(|l| l.get(index).cloned().unwrap_or_default())
    }

    /// The table as an HTML fragment.
    pub fn to_html(&self) -> String {
        let (low, high) = self
            .values
            .iter()
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
        let cell_style =
            "text-align:right;padding:2px 10px;font-family:monospace;border:1px solid #ddd";
        let mut html =
            String::from("<table class=\"handson-table\" style=\"border-collapse:collapse\">\n");
        if self.col_labels.is_some() {
            html.push_str("<thead><tr>");
            if self.row_labels.is_some() {
                html.push_str("<th></th>");
            }
            for j in 0..self.values.ncols() {
                let label = Self::label(&self.col_labels, j).unwrap_or_default();
                html.push_str(&format!(
                    "<th style=\"{cell_style}\">{}</th>",
                    escape(&label)
                ));
            }
            html.push_str("</tr></thead>\n");
        }
        html.push_str("<tbody>\n");
        for (i, row) in self.values.rows().into_iter().enumerate() {
            html.push_str("<tr>");
            if let Some(label) = Self::label(&self.row_labels, i) {
                html.push_str(&format!(
                    "<th style=\"{cell_style}\">{}</th>",
                    escape(&label)
                ));
            }
            for &value in row {
                let colors = match &self.shade {
                    Some(colormap) if value.is_finite() => {
                        let background = colormap.color_in(value, low, high);
                        let ink = if background.is_light() {
                            "#000000"
                        } else {
                            "#ffffff"
                        };
                        format!(";background:{};color:{ink}", background.to_hex())
                    }
                    _ => String::new(),
                };
                html.push_str(&format!(
                    "<td style=\"{cell_style}{colors}\">{}</td>",
                    self.cell(value)
                ));
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody></table>");
        html
    }

    /// Shows the table inline in an evcxr notebook (HTML, with the plain text as a fallback).
    pub fn evcxr_display(&self) {
        println!(
            "EVCXR_BEGIN_CONTENT text/html\n{}\nEVCXR_END_CONTENT",
            self.to_html()
        );
        println!("EVCXR_BEGIN_CONTENT text/plain\n{self}\nEVCXR_END_CONTENT");
    }
}

/// The table as aligned plain text: every column right-aligned to its widest entry.
impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rows: Vec<Vec<String>> = Vec::new();
        if self.col_labels.is_some() {
            let mut header: Vec<String> = (0..self.values.ncols())
                .map(|j| Self::label(&self.col_labels, j).unwrap_or_default())
                .collect();
            if self.row_labels.is_some() {
                header.insert(0, String::new());
            }
            rows.push(header);
        }
        for (i, row) in self.values.rows().into_iter().enumerate() {
            let mut cells: Vec<String> = row.iter().map(|&v| self.cell(v)).collect();
            if let Some(label) = Self::label(&self.row_labels, i) {
                cells.insert(0, label);
            }
            rows.push(cells);
        }
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|j| {
                rows.iter()
                    .filter_map(|r| r.get(j))
                    .map(|c| c.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let lines: Vec<String> = rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&widths)
                    .map(|(c, &w)| format!("{c:>w$}"))
                    .collect::<Vec<_>>()
                    .join("  ")
            })
            .collect();
        write!(f, "{}", lines.join("\n"))
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_numbers_and_escape_labels() {
        let table = ndarray::array![[0.5, 0.25], [1.0, 0.125]]
            .to_html_table()
            .decimals(2)
            .row_labels(["a<b", "c"])
            .col_labels(["x", "y"]);
        assert_eq!(
            table.to_string(),
            "        x     y\na<b  0.50  0.25\n  c  1.00  0.12"
        );
        let html = table.shade(Colormap::Gray).to_html();
        assert!(html.contains("a&lt;b"));
        assert!(html.contains("background:#ffffff;color:#000000\">1.00</td>"));
        assert!(html.contains("background:#000000;color:#ffffff\">0.12</td>"));
        assert_eq!(
            ndarray::array![1u8, 2, 3].to_html_table().to_string(),
            "1  2  3"
        );
    }
}
