//! Turning a [`DataFrame`] of mixed columns into a matrix of numbers, as scikit-learn's
//! `ColumnTransformer` does: each [`ColumnPipeline`] learns from its own columns and produces
//! some output columns, and [`ColumnTransformer`] puts the outputs side by side.
//!
//! Two pipelines cover the book's Titanic exercise: [`NumericPipeline`] (impute, then
//! optionally standardize) for numbers, and [`OneHotEncoder`] (optionally impute the most
//! frequent value, then one column per category) for categories.

use ndarray::{Array2, Axis, concatenate};

use crate::datasets::{Column, DataFrame};
use crate::error::{Error, Result};
use crate::preprocessing::imputer::{ImputeStrategy, SimpleImputer};
use crate::preprocessing::standard_scaler::StandardScaler;
use crate::validation::not_fitted;

/// A transformation of some columns of a data frame into numbers, learnt from training data.
pub trait ColumnPipeline: std::fmt::Debug + Send + Sync {
    /// Learns from `columns` (all of the same length).
    fn fit(&mut self, columns: &[&Column]) -> Result<()>;
    /// The output for `columns`: one row per value, as many columns as the pipeline makes.
    fn transform(&self, columns: &[&Column]) -> Result<Array2<f64>>;
    /// A boxed copy (what lets a [`ColumnTransformer`] be cloned).
    fn clone_box(&self) -> Box<dyn ColumnPipeline>;
}

/// Numbers, imputed and optionally standardized: the book's `num_pipeline`.
#[derive(Debug, Clone, PartialEq)]
pub struct NumericPipeline {
    imputer: SimpleImputer,
    scaler: Option<StandardScaler>,
}

impl NumericPipeline {
    /// Fills missing values with `strategy` (the book uses the median).
    pub fn new(strategy: ImputeStrategy) -> Self {
        NumericPipeline {
            imputer: SimpleImputer::new(strategy),
            scaler: None,
        }
    }

    /// Also standardizes each column (zero mean, unit variance) after imputing.
    pub fn standardize(mut self) -> Self {
        self.scaler = Some(StandardScaler::new());
        self
    }

    fn matrix(columns: &[&Column]) -> Result<Array2<f64>> {
        let n = common_length(columns)?;
        let mut matrix = Array2::zeros((n, columns.len()));
        for (j, column) in columns.iter().enumerate() {
            match column {
                Column::Numeric(values) => matrix.column_mut(j).assign(values),
                Column::Text(_) => {
                    return Err(Error::invalid(
                        "columns",
                        "numeric columns for a NumericPipeline",
                        format!("column {j} holds text"),
                    ));
                }
            }
        }
        Ok(matrix)
    }
}

impl ColumnPipeline for NumericPipeline {
    fn fit(&mut self, columns: &[&Column]) -> Result<()> {
        let imputed = self.imputer.fit_transform(&Self::matrix(columns)?)?;
        if let Some(scaler) = &mut self.scaler {
            scaler.fit(&imputed)?;
        }
        Ok(())
    }

    fn transform(&self, columns: &[&Column]) -> Result<Array2<f64>> {
        let imputed = self.imputer.transform(&Self::matrix(columns)?)?;
        match &self.scaler {
            Some(scaler) => scaler.transform(&imputed),
            None => Ok(imputed),
        }
    }

    fn clone_box(&self) -> Box<dyn ColumnPipeline> {
        Box::new(self.clone())
    }
}

/// Categories as one-hot columns: one output column per category seen in training (sorted),
/// 1 where the value is that category. Numeric columns are treated as categories too (`Pclass`
/// 1, 2, 3). The book's `cat_pipeline`, with [`impute_most_frequent`](Self::impute_most_frequent).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OneHotEncoder {
    impute_most_frequent: bool,
    ignore_unknown: bool,
    /// Per input column: the fill value for missing entries and the sorted categories.
    fitted: Option<Vec<(Option<String>, Vec<String>)>>,
}

impl OneHotEncoder {
    /// An encoder that rejects missing values and categories unseen in training.
    pub fn new() -> Self {
        OneHotEncoder::default()
    }

    /// Fills missing values with the column's most frequent training value first.
    pub fn impute_most_frequent(mut self) -> Self {
        self.impute_most_frequent = true;
        self
    }

    /// Encodes a category unseen in training as all zeros instead of failing.
    pub fn ignore_unknown(mut self) -> Self {
        self.ignore_unknown = true;
        self
    }

    /// The categories of each input column, as learnt by `fit`.
    pub fn categories(&self) -> Result<Vec<&[String]>> {
        let fitted = self
            .fitted
            .as_ref()
            .ok_or_else(|| not_fitted("OneHotEncoder"))?;
        Ok(fitted.iter().map(|(_, c)| c.as_slice()).collect())
    }
}

/// The number of values in each of `columns`: fails unless there is at least one column and
/// they all have the same length.
fn common_length(columns: &[&Column]) -> Result<usize> {
    let Some(first) = columns.first() else {
        return Err(Error::invalid("columns", "at least one column", "none"));
    };
    let n = first.len();
    if let Some((j, column)) = columns.iter().enumerate().find(|(_, c)| c.len() != n) {
        return Err(Error::invalid(
            "columns",
            format!("columns of equal length ({n}, as column 0)"),
            format!("{} values in column {j}", column.len()),
        ));
    }
    Ok(n)
}

/// A column's values as category names (`None` where missing).
fn category_values(column: &Column) -> Vec<Option<String>> {
    match column {
        Column::Text(values) => values.clone(),
        Column::Numeric(values) => values
            .iter()
            .map(|v| (!v.is_nan()).then(|| v.to_string()))
            .collect(),
    }
}

impl ColumnPipeline for OneHotEncoder {
    fn fit(&mut self, columns: &[&Column]) -> Result<()> {
        common_length(columns)?;
        let mut fitted = Vec::with_capacity(columns.len());
        for (j, column) in columns.iter().enumerate() {
            let values = category_values(column);
            let mut present: Vec<&String> = values.iter().flatten().collect();
            present.sort();
            if present.is_empty() {
                return Err(Error::invalid(
                    "columns",
                    "at least one present value per column",
                    format!("column {j} is empty"),
                ));
            }
            let mut categories: Vec<String> = present.iter().map(|s| (*s).clone()).collect();
            categories.dedup();
            let fill = if self.impute_most_frequent {
                // The most frequent value; on a tie the smallest, as scikit-learn.
                let mut best: (&String, usize) = (present[0], 0);
                let mut start = 0;
                for i in 1..=present.len() {
                    if i == present.len() || present[i] != present[start] {
                        if i - start > best.1 {
                            best = (present[start], i - start);
                        }
                        start = i;
                    }
                }
                Some(best.0.clone())
            } else if present.len() < values.len() {
                return Err(Error::invalid(
                    "columns",
                    "no missing values (or call impute_most_frequent())",
                    format!("{} missing in column {j}", values.len() - present.len()),
                ));
            } else {
                None
            };
            fitted.push((fill, categories));
        }
        self.fitted = Some(fitted);
        Ok(())
    }

    fn transform(&self, columns: &[&Column]) -> Result<Array2<f64>> {
        let fitted = self
            .fitted
            .as_ref()
            .ok_or_else(|| not_fitted("OneHotEncoder"))?;
        if fitted.len() != columns.len() {
            return Err(Error::invalid(
                "columns",
                format!("{} columns, as in fit", fitted.len()),
                columns.len(),
            ));
        }
        let n = common_length(columns)?;
        let width: usize = fitted.iter().map(|(_, c)| c.len()).sum();
        let mut out = Array2::zeros((n, width));
        let mut offset = 0;
        for (j, (column, (fill, categories))) in columns.iter().zip(fitted).enumerate() {
            for (i, value) in category_values(column).into_iter().enumerate() {
                let value = value.or_else(|| fill.clone()).ok_or_else(|| {
                    Error::invalid(
                        "columns",
                        "no missing values (or call impute_most_frequent())",
                        format!("a missing value in column {j}, row {i}"),
                    )
                })?;
                match categories.binary_search(&value) {
                    Ok(k) => out[[i, offset + k]] = 1.0,
                    Err(_) if self.ignore_unknown => {}
                    Err(_) => {
                        return Err(Error::invalid(
                            "columns",
                            format!(
                                "categories seen in training {categories:?} (or call ignore_unknown())"
                            ),
                            format!("{value:?} in column {j}, row {i}"),
                        ));
                    }
                }
            }
            offset += categories.len();
        }
        Ok(out)
    }

    fn clone_box(&self) -> Box<dyn ColumnPipeline> {
        Box::new(self.clone())
    }
}

/// Pipelines applied to named columns of a data frame, their outputs side by side in the order
/// they were added.
///
/// ```
/// use handson::prelude::*;
/// let frame = DataFrame::from_csv(b"Age,Sex\n22,male\n,female\n38,female\n", "x.csv".as_ref())?;
/// let mut preprocess = ColumnTransformer::new()
///     .add("num", NumericPipeline::new(ImputeStrategy::Median), ["Age"])
///     .add("cat", OneHotEncoder::new(), ["Sex"]);
/// let x = preprocess.fit_transform(&frame)?;
/// assert_eq!(x, array![[22.0, 0.0, 1.0], [30.0, 1.0, 0.0], [38.0, 1.0, 0.0]]);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug)]
pub struct ColumnTransformer {
    steps: Vec<(String, Box<dyn ColumnPipeline>, Vec<String>)>,
}

impl Clone for ColumnTransformer {
    fn clone(&self) -> Self {
        ColumnTransformer {
            steps: self
                .steps
                .iter()
                .map(|(n, p, c)| (n.clone(), p.clone_box(), c.clone()))
                .collect(),
        }
    }
}

impl Default for ColumnTransformer {
    fn default() -> Self {
        Self::new()
    }
}

impl ColumnTransformer {
    /// A transformer with no steps yet.
    pub fn new() -> Self {
        ColumnTransformer { steps: Vec::new() }
    }

    /// Adds a step: `pipeline` applied to the columns `columns`, called `name`.
    pub fn add<P, I, S>(mut self, name: &str, pipeline: P, columns: I) -> Self
    where
        P: ColumnPipeline + 'static,
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.steps.push((
            name.to_owned(),
            Box::new(pipeline),
            columns.into_iter().map(Into::into).collect(),
        ));
        self
    }

    fn columns<'f>(frame: &'f DataFrame, names: &[String]) -> Result<Vec<&'f Column>> {
        names.iter().map(|name| frame.column(name)).collect()
    }

    /// Learns every step from its columns of `frame`.
    pub fn fit(&mut self, frame: &DataFrame) -> Result<&mut Self> {
        if self.steps.is_empty() {
            return Err(Error::invalid(
                "steps",
                "at least one step (call add)",
                "none",
            ));
        }
        for (_, pipeline, names) in &mut self.steps {
            pipeline.fit(&Self::columns(frame, names)?)?;
        }
        Ok(self)
    }

    /// The outputs of every step for `frame`, side by side.
    pub fn transform(&self, frame: &DataFrame) -> Result<Array2<f64>> {
        let parts = self
            .steps
            .iter()
            .map(|(_, pipeline, names)| pipeline.transform(&Self::columns(frame, names)?))
            .collect::<Result<Vec<_>>>()?;
        let views: Vec<_> = parts.iter().map(|part| part.view()).collect();
        concatenate(Axis(1), &views)
            .map_err(|e| Error::invalid("steps", "outputs with one row per sample", e))
    }

    /// [`fit`](Self::fit) then [`transform`](Self::transform).
    pub fn fit_transform(&mut self, frame: &DataFrame) -> Result<Array2<f64>> {
        self.fit(frame)?;
        self.transform(frame)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn numbers(values: &[f64]) -> Column {
        Column::Numeric(ndarray::Array1::from(values.to_vec()))
    }

    fn words(values: &[&str]) -> Column {
        Column::Text(values.iter().map(|v| Some(v.to_string())).collect())
    }

    fn rejects_columns(result: Result<impl std::fmt::Debug>, needle: &str) {
        let err = result.unwrap_err();
        assert!(matches!(&err, Error::InvalidArgument { name, .. } if *name == "columns"));
        assert!(err.to_string().contains(needle), "{err}");
    }

    #[test]
    fn pipelines_need_columns_of_one_length() {
        let (short, long) = (numbers(&[1.0, 2.0]), numbers(&[1.0, 2.0, 3.0]));
        let mut numeric = NumericPipeline::new(ImputeStrategy::Median);
        rejects_columns(numeric.fit(&[&short, &long]), "3 values in column 1");
        rejects_columns(numeric.fit(&[]), "at least one column");
        numeric.fit(&[&short, &short]).unwrap();
        rejects_columns(numeric.transform(&[&short, &long]), "3 values in column 1");

        let (a, b) = (words(&["a", "b"]), words(&["a", "b", "a"]));
        let mut encoder = OneHotEncoder::new();
        rejects_columns(encoder.fit(&[&a, &b]), "3 values in column 1");
        rejects_columns(encoder.fit(&[]), "at least one column");
        encoder.fit(&[&a, &a]).unwrap();
        assert_eq!(
            encoder.transform(&[&a, &a]).unwrap(),
            array![[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 1.0]]
        );
        rejects_columns(encoder.transform(&[&a, &b]), "3 values in column 1");
    }

    #[test]
    fn every_step_needs_a_column() {
        let frame =
            DataFrame::from_csv(b"Age,Sex\n22,male\n38,female\n", "x.csv".as_ref()).unwrap();
        let mut preprocess = ColumnTransformer::new()
            .add("num", NumericPipeline::new(ImputeStrategy::Median), ["Age"])
            .add("cat", OneHotEncoder::new(), Vec::<String>::new());
        rejects_columns(preprocess.fit(&frame).map(|_| ()), "at least one column");
    }
}
