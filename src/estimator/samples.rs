//! [`Samples`]: rows of a matrix of samples, all of them or a subset given by row numbers,
//! without copying. Cross-validation hands each fold's training rows to `fit` as the full matrix
//! plus a list of row numbers, so that a fold costs no copy of the training matrix.

use ndarray::{Array2, ArrayView1, ArrayView2, Axis};

use crate::error::{Error, Result};

/// Rows of a matrix of samples (one sample per row, one feature per column), all of them or a
/// subset given by row numbers, without copying.
#[derive(Debug, Clone, Copy)]
pub struct Samples<'a> {
    matrix: ArrayView2<'a, f64>,
    rows: Option<&'a [usize]>,
}

impl<'a> Samples<'a> {
    /// All rows of `matrix`, in order.
    pub fn all(matrix: ArrayView2<'a, f64>) -> Self {
        Samples { matrix, rows: None }
    }

    /// The rows `rows` of `matrix`, in that order. Fails if a row number is out of range.
    pub fn rows(matrix: ArrayView2<'a, f64>, rows: &'a [usize]) -> Result<Self> {
        if let Some(&bad) = rows.iter().find(|&&row| row >= matrix.nrows()) {
            return Err(Error::invalid(
                "rows",
                format!("row numbers below {}", matrix.nrows()),
                format!("row {bad}"),
            ));
        }
        Ok(Samples {
            matrix,
            rows: Some(rows),
        })
    }

    /// The number of samples (selected rows).
    pub fn n_samples(&self) -> usize {
        self.rows.map_or(self.matrix.nrows(), <[usize]>::len)
    }

    /// The number of features (columns).
    pub fn n_features(&self) -> usize {
        self.matrix.ncols()
    }

    /// The whole underlying matrix, including rows that are not selected.
    pub fn matrix(&self) -> ArrayView2<'a, f64> {
        self.matrix
    }

    /// The selected row numbers of [`matrix`](Self::matrix), or `None` when all rows are.
    pub fn row_numbers(&self) -> Option<&'a [usize]> {
        self.rows
    }

    /// The row of the matrix that holds sample `i` (`0 <= i < n_samples`).
    ///
    /// # Panics
    /// If `i >= n_samples()`, like indexing a slice past its end: loops over
    /// `0..x.n_samples()` never do.
    pub fn matrix_row(&self, i: usize) -> usize {
        self.rows.map_or(i, |rows| rows[i])
    }

    /// Sample `i` as a view of its row.
    ///
    /// # Panics
    /// If `i >= n_samples()`, like indexing a slice past its end.
    pub fn sample(&self, i: usize) -> ArrayView1<'a, f64> {
        self.matrix.index_axis_move(Axis(0), self.matrix_row(i))
    }

    /// The selected rows copied into a new matrix.
    pub fn to_owned(&self) -> Array2<f64> {
        match self.rows {
            None => self.matrix.to_owned(),
            Some(rows) => self.matrix.select(Axis(0), rows),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn samples_select_rows_without_copying() {
        let x = array![[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]];
        let rows = [2, 0];
        let samples = Samples::rows(x.view(), &rows).unwrap();
        assert_eq!(samples.n_samples(), 2);
        assert_eq!(samples.n_features(), 2);
        assert_eq!(samples.sample(0), array![4.0, 5.0]);
        assert_eq!(samples.to_owned(), array![[4.0, 5.0], [0.0, 1.0]]);
        assert!(Samples::rows(x.view(), &[3]).is_err());
        assert_eq!(Samples::all(x.view()).n_samples(), 3);
    }
}
