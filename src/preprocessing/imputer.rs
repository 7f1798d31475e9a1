//! [`SimpleImputer`]: fills the missing values (NaN) of each column with a statistic learnt
//! from the training data, as scikit-learn's `SimpleImputer`.

use ndarray::{Array1, Array2, ArrayBase, Data, Ix2};

use crate::error::{Error, Result};
use crate::validation::{check_n_features, not_fitted};

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
        SimpleImputer { strategy, statistics: None }
    }

    /// The value learnt for each column (`statistics_`).
    pub fn statistics(&self) -> Result<&Array1<f64>> {
        self.statistics.as_ref().ok_or_else(|| not_fitted("SimpleImputer"))
    }

    /// Learns each column's fill value. Fails on an empty matrix, on infinite values, or on a
    /// column with no present value (unless the strategy is a constant).
    pub fn fit<S: Data<Elem = f64>>(&mut self, x: &ArrayBase<S, Ix2>) -> Result<&mut Self> {
        if x.is_empty() {
            return Err(Error::invalid("x", "at least one row and one column", format!("shape {:?}", x.dim())));
        }
        if let Some(v) = x.iter().find(|v| v.is_infinite()) {
            return Err(Error::invalid("x", "finite values or NaN for missing ones", v));
        }
        let statistics = x
            .columns()
            .into_iter()
            .enumerate()
            .map(|(j, column)| {
                let mut present: Vec<f64> = column.iter().copied().filter(|v| !v.is_nan()).collect();
                if present.is_empty() {
                    return match self.strategy {
                        ImputeStrategy::Constant(c) => Ok(c),
                        _ => Err(Error::invalid("x", "at least one present value in every column", format!("column {j} is all NaN"))),
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

    /// `x` with each NaN replaced by its column's learnt value.
    pub fn transform<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        let statistics = self.statistics()?;
        check_n_features(statistics.len(), x.ncols())?;
        let mut filled = x.to_owned();
        for (mut column, &fill) in filled.columns_mut().into_iter().zip(statistics) {
            column.mapv_inplace(|v| if v.is_nan() { fill } else { v });
        }
        Ok(filled)
    }

    /// [`fit`](Self::fit) then [`transform`](Self::transform).
    pub fn fit_transform<S: Data<Elem = f64>>(&mut self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        self.fit(x)?;
        self.transform(x)
    }
}

fn median_of_sorted(values: &[f64]) -> f64 {
    let n = values.len();
    if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 }
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
