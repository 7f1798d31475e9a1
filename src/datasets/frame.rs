//! [`DataFrame`]: a small typed table of named columns, read from CSV, the way the book uses a
//! pandas DataFrame for Titanic.
//!
//! A column is numeric when every non-empty cell parses as a number (missing values become NaN,
//! as in pandas), and text otherwise (missing values are `None`).

use std::path::Path;

use ndarray::{Array1, ArrayView1};

use crate::error::{Error, Result};

/// One column's values.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Numbers; NaN marks a missing value.
    Numeric(Array1<f64>),
    /// Strings; `None` marks a missing value.
    Text(Vec<Option<String>>),
}

impl Column {
    /// The number of values.
    pub fn len(&self) -> usize {
        match self {
            Column::Numeric(values) => values.len(),
            Column::Text(values) => values.len(),
        }
    }

    /// Whether the column has no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many values are missing.
    pub fn missing(&self) -> usize {
        match self {
            Column::Numeric(values) => values.iter().filter(|v| v.is_nan()).count(),
            Column::Text(values) => values.iter().filter(|v| v.is_none()).count(),
        }
    }

    fn cell(&self, row: usize) -> String {
        match self {
            Column::Numeric(values) if values[row].is_nan() => "NaN".into(),
            Column::Numeric(values) => format!("{}", values[row]),
            Column::Text(values) => values[row].clone().unwrap_or_else(|| "None".into()),
        }
    }
}

/// Named columns of equal length.
#[derive(Debug, Clone, PartialEq)]
pub struct DataFrame {
    names: Vec<String>,
    columns: Vec<Column>,
    n_rows: usize,
}

impl DataFrame {
    /// Builds a table from named columns, which must have equal lengths and distinct names.
    ///
    /// ```
    /// use handson::datasets::{Column, DataFrame};
    /// let table = DataFrame::new(vec![
    ///     ("Age".into(), Column::Numeric(ndarray::array![22.0, f64::NAN])),
    ///     ("Sex".into(), Column::Text(vec![Some("male".into()), Some("female".into())])),
    /// ])?;
    /// assert_eq!(table.n_rows(), 2);
    /// assert_eq!(table.column("Age")?.missing(), 1);
    /// # Ok::<(), handson::Error>(())
    /// ```
    pub fn new(columns: Vec<(String, Column)>) -> Result<DataFrame> {
        let n_rows = columns.first().map_or(0, |(_, c)| c.len());
        let mut table = DataFrame {
            names: Vec::new(),
            columns: Vec::new(),
            n_rows,
        };
        for (name, column) in columns {
            table = table.with_column(&name, column)?;
        }
        Ok(table)
    }

    /// Parses CSV bytes with a header row. `source` only names the data in error messages.
    ///
    /// ```
    /// let csv = b"PassengerId,Age,Embarked\r\n1,22,S\r\n2,,C\r\n";
    /// let table = handson::datasets::DataFrame::from_csv(csv, "train.csv".as_ref())?;
    /// assert_eq!(table.column_names(), ["PassengerId", "Age", "Embarked"]);
    /// assert!(table.numeric("Age")?[1].is_nan());
    /// assert_eq!(table.text("Embarked")?[1].as_deref(), Some("C"));
    /// # Ok::<(), handson::Error>(())
    /// ```
    pub fn from_csv(bytes: &[u8], source: &Path) -> Result<DataFrame> {
        let corrupt = |problem: String| Error::CorruptData {
            path: source.to_path_buf(),
            problem,
            fix: "Check that the file is the published CSV file, or delete it so that it is \
                  downloaded again"
                .into(),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(bytes);
        let names: Vec<String> = reader
            .headers()
            .map_err(|e| corrupt(format!("unreadable header row ({e})")))?
            .iter()
            .map(str::to_owned)
            .collect();
        if names.iter().all(String::is_empty) {
            return Err(corrupt("no header row".into()));
        }
        let mut cells: Vec<Vec<String>> = vec![Vec::new(); names.len()];
        for (line, record) in reader.records().enumerate() {
            let record =
                record.map_err(|e| corrupt(format!("row {} is malformed ({e})", line + 1)))?;
            for (column, value) in cells.iter_mut().zip(record.iter()) {
                column.push(value.to_owned());
            }
        }
        DataFrame::new(
            names
                .into_iter()
                .zip(cells.into_iter().map(infer_column))
                .collect(),
        )
    }

    /// The number of rows.
    pub fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// The column names, in order.
    pub fn column_names(&self) -> &[String] {
        &self.names
    }

    /// The column called `name`.
    pub fn column(&self, name: &str) -> Result<&Column> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| &self.columns[i])
            .ok_or_else(|| {
                Error::invalid(
                    "name",
                    format!("one of the columns {:?}", self.names),
                    format!("{name:?}"),
                )
            })
    }

    /// The numeric column called `name` (NaN where missing).
    pub fn numeric(&self, name: &str) -> Result<ArrayView1<'_, f64>> {
        match self.column(name)? {
            Column::Numeric(values) => Ok(values.view()),
            Column::Text(_) => Err(Error::invalid(
                "name",
                "a numeric column",
                format!("{name:?}, a text column"),
            )),
        }
    }

    /// The text column called `name` (`None` where missing).
    pub fn text(&self, name: &str) -> Result<&[Option<String>]> {
        match self.column(name)? {
            Column::Text(values) => Ok(values),
            Column::Numeric(_) => Err(Error::invalid(
                "name",
                "a text column",
                format!("{name:?}, a numeric column"),
            )),
        }
    }

    /// The table with one more column, or with `name` replaced if it exists.
    pub fn with_column(mut self, name: &str, column: Column) -> Result<DataFrame> {
        if !self.names.is_empty() && column.len() != self.n_rows {
            return Err(Error::invalid(
                "column",
                format!("{} values, one per row", self.n_rows),
                format!("{} values for {name:?}", column.len()),
            ));
        }
        self.n_rows = column.len();
        match self.names.iter().position(|n| n == name) {
            Some(i) => self.columns[i] = column,
            None => {
                self.names.push(name.to_owned());
                self.columns.push(column);
            }
        }
        Ok(self)
    }

    /// The number of missing values per column, like pandas' `isnull().sum()`.
    pub fn missing_counts(&self) -> Vec<(String, usize)> {
        self.names
            .iter()
            .cloned()
            .zip(self.columns.iter().map(Column::missing))
            .collect()
    }

    /// The first `n` rows as an HTML table (what a notebook shows for `table.head(5)`).
    pub fn head(&self, n: usize) -> DataFrameHead<'_> {
        DataFrameHead {
            frame: self,
            rows: n.min(self.n_rows),
        }
    }
}

/// The first rows of a [`DataFrame`], displayed as an HTML table in a notebook.
#[derive(Debug, Clone, Copy)]
pub struct DataFrameHead<'a> {
    frame: &'a DataFrame,
    rows: usize,
}

impl DataFrameHead<'_> {
    /// The rows as HTML.
    pub fn to_html(&self) -> String {
        let escape = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        };
        let mut html = String::from("<table><thead><tr><th></th>");
        for name in &self.frame.names {
            html += &format!("<th>{}</th>", escape(name));
        }
        html += "</tr></thead><tbody>";
        for row in 0..self.rows {
            html += &format!("<tr><th>{row}</th>");
            for column in &self.frame.columns {
                let align = if matches!(column, Column::Numeric(_)) {
                    " style=\"text-align:right\""
                } else {
                    ""
                };
                html += &format!("<td{align}>{}</td>", escape(&column.cell(row)));
            }
            html += "</tr>";
        }
        html + "</tbody></table>"
    }

    /// Shows the rows in an evcxr notebook.
    pub fn evcxr_display(&self) {
        println!(
            "EVCXR_BEGIN_CONTENT text/html\n{}\nEVCXR_END_CONTENT",
            self.to_html()
        );
    }
}

/// A column of raw cells: numeric when every non-empty cell is a number.
fn infer_column(cells: Vec<String>) -> Column {
    let parsed: Option<Vec<f64>> = cells
        .iter()
        .map(|c| {
            if c.trim().is_empty() {
                Some(f64::NAN)
            } else {
                c.trim().parse().ok()
            }
        })
        .collect();
    match parsed {
        Some(values) if cells.iter().any(|c| !c.trim().is_empty()) => {
            Column::Numeric(Array1::from_vec(values))
        }
        _ => Column::Text(
            cells
                .into_iter()
                .map(|c| (!c.is_empty()).then_some(c))
                .collect(),
        ),
    }
}
