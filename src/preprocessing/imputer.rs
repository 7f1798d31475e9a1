//! [`SimpleImputer`]: fills the missing values (NaN) of each column with a statistic learnt
//! from the training data, as scikit-learn's `SimpleImputer`.

use ndarray::{Array1, Array2, ArrayBase, Data, Ix2};

use crate::error::{Error, Result};
use crate::validation::{check_n_features, check_not_empty, not_fitted};

/// What fills a column's missing values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ImputeStrategy {
    /// The mean of the column's present values.
    Mean,
    /// The median of the column's present values (the book's choice for Titanic's numbers).
    Median,
    /// The column's most frequent present value (the smallest on a tie, as scikit-learn).
    MostFrequent,
    /// A fixed value.
    Constant(f64),
}

/// Replaces NaN in each column by a statistic of the column's training values.
///
/// ```
/// use handson::prelude::*;
/// let x = array![[1.0, f64::NAN], [3.0, 4.0], [f64::NAN, 4.0], [8.0, 5.0]];
/// let filled = SimpleImputer::new(ImputeStrategy::Median).fit_transform(&x)?;
/// assert_eq!(filled, array![[1.0, 4.0], [3.0, 4.0], [3.0, 4.0], [8.0, 5.0]]);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SimpleImputer {
    strategy: ImputeStrategy,
    statistics: Option<Array1<f64>>,
}

impl SimpleImputer {
    /// An imputer that fills with `strategy`.
    pub fn new(strategy: ImputeStrategy) -> Self {
        SimpleImputer {
            strategy,
            statistics: None,
        }
    }

    /// The value learnt for each column (`statistics_`).
    pub fn statistics(&self) -> Result<&Array1<f64>> {
        self.statistics
            .as_ref()
            .ok_or_else(|| not_fitted("SimpleImputer"))
    }

    /// Learns each column's fill value. Fails on an empty matrix, on infinite values, on a
    /// column with no present value (unless the strategy is a constant), or on a constant that
    /// is not finite.
    pub fn fit<S: Data<Elem = f64>>(&mut self, x: &ArrayBase<S, Ix2>) -> Result<&mut Self> {
        check_not_empty("x", x.nrows(), x.ncols())?;
        if let ImputeStrategy::Constant(c) = self.strategy {
            if !c.is_finite() {
                return Err(Error::invalid(
                    "strategy",
                    "a finite fill value for ImputeStrategy::Constant",
                    c,
                ));
            }
        }
        check_no_infinite(x)?;
        let statistics = x
            .columns()
            .into_iter()
            .enumerate()
            .map(|(j, column)| {
                let mut present: Vec<f64> =
                    column.iter().copied().filter(|v| !v.is_nan()).collect();
                if present.is_empty() {
                    return match self.strategy {
                        ImputeStrategy::Constant(c) => Ok(c),
                        _ => Err(Error::invalid(
                            "x",
                            "at least one present value in every column",
                            format!("column {j} is all NaN"),
                        )),
                    };
                }
                present.sort_by(f64::total_cmp);
                Ok(match self.strategy {
                    ImputeStrategy::Mean => present.iter().sum::<f64>() / present.len() as f64,
                    ImputeStrategy::Median => median_of_sorted(&present),
                    ImputeStrategy::MostFrequent => most_frequent_of_sorted(&present),
                    ImputeStrategy::Constant(c) => c,
                })
            })
            .collect::<Result<Vec<f64>>>()?;
        self.statistics = Some(Array1::from_vec(statistics));
        Ok(self)
    }

    /// `x` with each NaN replaced by its column's learnt value. Fails before fitting, on a
    /// different number of columns than in `fit`, or on infinite values.
    pub fn transform<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        let statistics = self.statistics()?;
        check_n_features(statistics.len(), x.ncols())?;
        check_no_infinite(x)?;
        let mut filled = x.to_owned();
        for (mut column, &fill) in filled.columns_mut().into_iter().zip(statistics) {
            column.mapv_inplace(|v| if v.is_nan() { fill } else { v });
        }
        Ok(filled)
    }

    /// [`fit`](Self::fit) then [`transform`](Self::transform).
    pub fn fit_transform<S: Data<Elem = f64>>(
        &mut self,
        x: &ArrayBase<S, Ix2>,
    ) -> Result<Array2<f64>> {
        self.fit(x)?;
        self.transform(x)
    }
}

/// Fails if `x` holds an infinite value (NaN marks a missing one).
fn check_no_infinite<S: Data<Elem = f64>>(x: &ArrayBase<S, Ix2>) -> Result<()> {
    match x.indexed_iter().find(|(_, v)| v.is_infinite()) {
        Some(((row, col), v)) => Err(Error::invalid(
            "x",
            "finite values or NaN for missing ones",
            format!("{v} at row {row}, column {col}"),
        )),
        None => Ok(()),
    }
}

fn median_of_sorted(values: &[f64]) -> f64 {
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn most_frequent_of_sorted(values: &[f64]) -> f64 {
    let mut best = (values[0], 0usize);
    let mut run = (values[0], 0usize);
    for &v in values {
        run = if v == run.0 { (v, run.1 + 1) } else { (v, 1) };
        if run.1 > best.1 {
            best = run;
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn failed_argument(err: Error) -> &'static str {
        match err {
            Error::InvalidArgument { name, .. } => name,
            other => panic!("unexpected error {other}"),
        }
    }

    #[test]
    fn constants_and_inputs_must_be_finite() {
        let x = array![[1.0, f64::NAN], [3.0, 4.0]];
        for c in [f64::NAN, f64::INFINITY] {
            let err = SimpleImputer::new(ImputeStrategy::Constant(c))
                .fit(&x)
                .unwrap_err();
            assert_eq!(failed_argument(err), "strategy");
        }
        let mut imputer = SimpleImputer::new(ImputeStrategy::Constant(0.0));
        assert_eq!(
            imputer.fit_transform(&x).unwrap(),
            array![[1.0, 0.0], [3.0, 4.0]]
        );
        let err = imputer
            .transform(&array![[f64::NEG_INFINITY, 1.0]])
            .unwrap_err();
        assert!(err.to_string().contains("row 0, column 0"), "{err}");
        assert_eq!(failed_argument(err), "x");
    }
}
