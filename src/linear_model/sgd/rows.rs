//! The training rows as the SGD solver reads them: each sample's row as a contiguous slice of
//! the caller's matrix (no copy when the matrix is in standard layout) and, for rows that are
//! mostly zeros, the list of their non-zero columns.
//!
//! Skipping zeros changes no bit of the result: scikit-learn's dense loop adds `w[j] * 0.0`
//! (a signed zero, which leaves a sum unchanged) and `0.0 * step` to `w[j]` (likewise), so only
//! the non-zero columns move anything. Raw MNIST rows are about 80% zeros; standardized ones
//! have almost none, and use the dense path.

use std::borrow::Cow;

use crate::error::{Error, Result};
use crate::estimator::Samples;

/// Where one sample's columns are: its row in [`TrainingRows::data`] and its column list.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowRef {
    /// Offset of the row's first value in the data.
    pub offset: usize,
    /// Range of [`TrainingRows::columns`] listing the columns to visit, in increasing order.
    pub start: u32,
    /// End of that range.
    pub end: u32,
}

/// The training samples of one fit.
pub(crate) struct TrainingRows<'a> {
    data: Cow<'a, [f64]>,
    /// The number of features.
    pub n_features: usize,
    /// Column lists: `0..n_features` first (for dense rows), then each sparse row's non-zeros.
    pub columns: Vec<u32>,
    /// One entry per sample, in the order of the samples.
    pub rows: Vec<RowRef>,
    /// Whether every row is dense, so the solver can read rows without column lists.
    pub all_dense: bool,
}

impl<'a> TrainingRows<'a> {
    /// Indexes the rows of `x`, checking that every value is finite.
    pub fn new(x: Samples<'a>) -> Result<Self> {
        let n_features = x.n_features();
        let (n_samples, width) = (x.n_samples(), u32::try_from(n_features));
        let Ok(width) = width else {
            return Err(Error::invalid("x", "fewer than 2^32 columns", n_features));
        };
        let matrix = x.matrix();
        let (data, offsets): (Cow<'a, [f64]>, Vec<usize>) = match matrix.to_slice() {
            Some(data) => (
                Cow::Borrowed(data),
                (0..n_samples)
                    .map(|i| x.matrix_row(i) * n_features)
                    .collect(),
            ),
            None => (
                Cow::Owned(x.to_owned().iter().copied().collect()),
                (0..n_samples).map(|i| i * n_features).collect(),
            ),
        };
        let mut columns: Vec<u32> = (0..width).collect();
        let mut rows = Vec::with_capacity(n_samples);
        let mut all_dense = true;
        for (sample, &offset) in offsets.iter().enumerate() {
            let row = &data[offset..offset + n_features];
            if let Some(column) = row.iter().position(|v| !v.is_finite()) {
                return Err(Error::invalid(
                    "x",
                    "finite values only (remove or impute NaN and infinite entries first)",
                    format!(
                        "{} at row {}, column {column}",
                        row[column],
                        x.matrix_row(sample)
                    ),
                ));
            }
            let non_zeros = row.iter().filter(|&&v| v != 0.0).count();
            let entry = if 2 * non_zeros <= n_features {
                all_dense = false;
                let start = columns.len();
                columns.extend((0..width).filter(|&j| row[j as usize] != 0.0));
                RowRef {
                    offset,
                    start: range_bound(start)?,
                    end: range_bound(columns.len())?,
                }
            } else {
                RowRef {
                    offset,
                    start: 0,
                    end: width,
                }
            };
            rows.push(entry);
        }
        Ok(TrainingRows {
            data,
            n_features,
            columns,
            rows,
            all_dense,
        })
    }

    /// The full row of sample `sample`.
    #[inline]
    pub fn row(&self, sample: usize) -> &[f64] {
        let offset = self.rows[sample].offset;
        &self.data[offset..offset + self.n_features]
    }

    /// The columns to visit for sample `sample`.
    #[inline]
    pub fn columns_of(&self, sample: usize) -> &[u32] {
        let RowRef { start, end, .. } = self.rows[sample];
        &self.columns[start as usize..end as usize]
    }

    /// The number of samples.
    pub fn n_samples(&self) -> usize {
        self.rows.len()
    }
}

/// A position in the column lists as `u32`, or an error for lists too long to index.
fn range_bound(position: usize) -> Result<u32> {
    u32::try_from(position)
        .map_err(|_| Error::invalid("x", "fewer than 2^32 non-zero values", position))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn sparse_rows_list_their_non_zero_columns() {
        let x = array![
            [0.0, 0.0, 3.0, 0.0],
            [1.0, 2.0, 3.0, 0.0],
            [9.0, 9.0, 9.0, 9.0]
        ];
        let rows = [2, 0];
        let training = TrainingRows::new(Samples::rows(x.view(), &rows).unwrap()).unwrap();
        assert_eq!(training.n_samples(), 2);
        assert_eq!(training.row(1), &[0.0, 0.0, 3.0, 0.0]);
        assert_eq!(training.columns_of(1), &[2]);
        assert_eq!(training.columns_of(0), &[0, 1, 2, 3]);
        assert!(!training.all_dense);
        let dense = TrainingRows::new(Samples::all(x.slice(ndarray::s![1.., ..]))).unwrap();
        assert!(dense.all_dense);
    }

    #[test]
    fn non_standard_layouts_are_copied_and_non_finite_values_rejected() {
        let x = array![[1.0, 2.0], [3.0, 4.0]];
        let t = x.t();
        let training = TrainingRows::new(Samples::all(t)).unwrap();
        assert_eq!(training.row(0), &[1.0, 3.0]);
        let bad = array![[1.0, f64::NAN]];
        assert!(TrainingRows::new(Samples::all(bad.view())).is_err());
    }
}
