//! The traits every model implements, so that model selection (cross-validation, grid search,
//! learning curves) works on any model without special cases, as linfa's `traits.rs` does.
//!
//! - [`Fit`] learns from samples and targets; [`Predict`], [`DecisionFunction`] and
//!   [`PredictProba`] answer for new samples; [`Transformer`] turns samples into new features.
//!   `Fit` requires `Clone`, so cross-validation fits a
//!   fresh copy of the user's (unfitted or fitted) model on each fold.
//! - [`Samples`] is a set of rows of a matrix *without copying them*: cross-validation hands each
//!   fold's training rows to `fit` as the full matrix plus a list of row numbers, so that a fold
//!   costs no copy of the training matrix.
//! - [`Targets`] is what a model learns to predict: class labels (`Array1<L>` for any [`Label`]:
//!   `u8` digits, `bool` detectors, strings), multilabel indicators (`Array2<bool>`), multioutput
//!   classes (`Array2<u8>`), or real values. Model selection only needs to count, select and
//!   reassemble them.
//!
//! Notebooks call the convenience methods [`Fit::fit`], [`Predict::predict`], ... which take any
//! 2-D `f64` array (owned, view, slice); models implement the `*_samples` methods.

use std::fmt::Debug;

use ndarray::{Array1, Array2, ArrayBase, ArrayView1, ArrayView2, Axis, Data, Ix2};

use crate::error::{Error, Result};
use crate::metrics::{ClassTargets, accuracy_score};

/// What a class label can be: anything cloneable, totally ordered (classes are kept sorted, as
/// scikit-learn's `np.unique` does) and shareable between threads.
pub trait Label: Clone + Ord + Debug + Send + Sync {}

impl<T: Clone + Ord + Debug + Send + Sync> Label for T {}

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

/// What a model learns to predict, as model selection sees it: one target (a label, a row of
/// labels, a value) per sample, which can be subset by sample and put back together from the
/// predictions of cross-validation folds.
pub trait Targets: Sized + Send + Sync {
    /// The number of samples.
    fn n_samples(&self) -> usize;

    /// The targets of samples `rows`, in that order.
    ///
    /// # Panics
    /// If a row number is `n_samples()` or more. Model selection only passes fold rows it
    /// checked against `n_samples()`.
    fn select_samples(&self, rows: &[usize]) -> Self;

    /// The targets of `n_samples` samples put together from parts: each part holds the targets
    /// of the samples whose numbers it lists, in that order. Fails unless every sample is in
    /// exactly one part and the parts have the same shape apart from the sample count.
    fn assemble(n_samples: usize, parts: Vec<(&[usize], Self)>) -> Result<Self>;
}

/// For each sample, which part holds it and where: the common step of [`Targets::assemble`].
fn locate_samples<T>(n_samples: usize, parts: &[(&[usize], T)]) -> Result<Vec<(usize, usize)>> {
    let mut place = vec![None; n_samples];
    for (part, (samples, _)) in parts.iter().enumerate() {
        for (position, &sample) in samples.iter().enumerate() {
            let slot = place.get_mut(sample).ok_or_else(|| {
                Error::invalid("parts", format!("sample numbers below {n_samples}"), sample)
            })?;
            if slot.replace((part, position)).is_some() {
                return Err(Error::invalid(
                    "parts",
                    "each sample in exactly one part",
                    format!("sample {sample} twice"),
                ));
            }
        }
    }
    place
        .into_iter()
        .enumerate()
        .map(|(sample, slot)| {
            slot.ok_or_else(|| {
                Error::invalid(
                    "parts",
                    "each sample in exactly one part",
                    format!("sample {sample} missing"),
                )
            })
        })
        .collect()
}

impl<T: Clone + Send + Sync> Targets for Array1<T> {
    fn n_samples(&self) -> usize {
        self.len()
    }

    fn select_samples(&self, rows: &[usize]) -> Self {
        rows.iter().map(|&row| self[row].clone()).collect()
    }

    fn assemble(n_samples: usize, parts: Vec<(&[usize], Self)>) -> Result<Self> {
        let place = locate_samples(n_samples, &parts)?;
        Ok(place
            .into_iter()
            .map(|(part, position)| parts[part].1[position].clone())
            .collect())
    }
}

impl<T: Clone + Send + Sync> Targets for Array2<T> {
    fn n_samples(&self) -> usize {
        self.nrows()
    }

    fn select_samples(&self, rows: &[usize]) -> Self {
        self.select(Axis(0), rows)
    }

    fn assemble(n_samples: usize, parts: Vec<(&[usize], Self)>) -> Result<Self> {
        let place = locate_samples(n_samples, &parts)?;
        let width = parts.first().map_or(0, |(_, part)| part.ncols());
        if let Some((_, part)) = parts.iter().find(|(_, part)| part.ncols() != width) {
            return Err(Error::invalid(
                "parts",
                format!("{width} columns in every part"),
                format!("{} columns", part.ncols()),
            ));
        }
        let mut values = Vec::with_capacity(n_samples * width);
        for (part, position) in place {
            values.extend(parts[part].1.row(position).iter().cloned());
        }
        Array2::from_shape_vec((n_samples, width), values)
            .map_err(|e| Error::invalid("parts", "a rectangular result", e))
    }
}

/// A model that learns from samples and their targets `Y`.
///
/// `Clone` gives cross-validation one independent copy per fold; `Send + Sync` lets folds run
/// in parallel.
pub trait Fit<Y: Targets>: Clone + Send + Sync {
    /// Learns from `x` and `y` (one target per sample), replacing what was learnt before.
    fn fit_samples(&mut self, x: Samples<'_>, y: &Y) -> Result<()>;

    /// The class of each sample when this model classifies single labels, numbered from 0; `None`
    /// otherwise. Cross-validation with a plain number of folds stratifies on it (scikit-learn's
    /// `StratifiedKFold` for classifiers of binary or multiclass targets, `KFold` for the rest).
    fn strata(&self, _y: &Y) -> Option<Vec<usize>> {
        None
    }

    /// Learns from the samples in the rows of `x` and their targets `y`, like scikit-learn's
    /// `fit(X, y)`, and returns the fitted model.
    fn fit<S: Data<Elem = f64>>(&mut self, x: &ArrayBase<S, Ix2>, y: &Y) -> Result<&mut Self> {
        self.fit_samples(Samples::all(x.view()), y)?;
        Ok(self)
    }
}

/// A fitted model that predicts targets `Y` for new samples.
pub trait Predict<Y: Targets> {
    /// The predicted target of each sample.
    fn predict_samples(&self, x: Samples<'_>) -> Result<Y>;

    /// The predicted target of each row of `x`, like scikit-learn's `predict(X)`.
    fn predict<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Y> {
        self.predict_samples(Samples::all(x.view()))
    }

    /// The accuracy of the predictions for `x` against `y` (the fraction of samples, or for
    /// multilabel targets of rows, predicted exactly right), like a classifier's `score(X, y)`.
    fn score<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>, y: &Y) -> Result<f64>
    where
        Y: ClassTargets,
    {
        accuracy_score(y, &self.predict(x)?)
    }
}

/// A fitted classifier with confidence scores: positive for the class it stands for.
pub trait DecisionFunction {
    /// One row of scores per sample: one column per class, or a single column (for the
    /// second class) when there are two classes, as scikit-learn's `decision_function`.
    fn decision_function_samples(&self, x: Samples<'_>) -> Result<Array2<f64>>;

    /// The scores of each row of `x`, like scikit-learn's `decision_function(X)`.
    fn decision_function<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        self.decision_function_samples(Samples::all(x.view()))
    }
}

/// A fitted classifier that estimates class probabilities.
pub trait PredictProba {
    /// One row per sample with the probability of each class (classes in sorted order).
    fn predict_proba_samples(&self, x: Samples<'_>) -> Result<Array2<f64>>;

    /// The class probabilities of each row of `x`, like scikit-learn's `predict_proba(X)`.
    fn predict_proba<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        self.predict_proba_samples(Samples::all(x.view()))
    }
}

/// A transformation of samples that learns from them first, such as
/// [`PolynomialFeatures`](crate::preprocessing::PolynomialFeatures) or
/// [`StandardScaler`](crate::preprocessing::StandardScaler): what a
/// [`Pipeline`](crate::pipeline::Pipeline) chains before a model (linfa's `Transformer`,
/// scikit-learn's `fit` and `transform`).
pub trait Transformer: Clone + Send + Sync {
    /// Learns what the transformation needs from `x` (means, the number of features, ...).
    fn fit_samples(&mut self, x: Samples<'_>) -> Result<()>;

    /// The transformed samples, one row per sample.
    fn transform_samples(&self, x: Samples<'_>) -> Result<Array2<f64>>;

    /// Learns from the rows of `x` and returns them transformed, like scikit-learn's
    /// `fit_transform(X)`.
    fn fit_transform<S: Data<Elem = f64>>(&mut self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        self.fit_samples(Samples::all(x.view()))?;
        self.transform_samples(Samples::all(x.view()))
    }

    /// The rows of `x` transformed with what was learnt, like scikit-learn's `transform(X)`.
    fn transform<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        self.transform_samples(Samples::all(x.view()))
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

    #[test]
    fn targets_select_and_assemble() {
        let y = array![5u8, 0, 4, 1];
        assert_eq!(y.select_samples(&[3, 1]), array![1, 0]);
        let whole = Array1::assemble(
            4,
            vec![(&[1, 3][..], array![10, 30]), (&[0, 2][..], array![0, 20])],
        )
        .unwrap();
        assert_eq!(whole, array![0, 10, 20, 30]);
        assert!(Array1::assemble(3, vec![(&[0, 1][..], array![0, 1])]).is_err());
        assert!(Array1::assemble(2, vec![(&[0, 0][..], array![0, 1])]).is_err());

        let m = array![[true, false], [false, true]];
        assert_eq!(m.select_samples(&[1]), array![[false, true]]);
        let whole = Array2::assemble(
            2,
            vec![
                (&[1][..], array![[1.0, 2.0]]),
                (&[0][..], array![[3.0, 4.0]]),
            ],
        )
        .unwrap();
        assert_eq!(whole, array![[3.0, 4.0], [1.0, 2.0]]);
        assert!(
            Array2::assemble(
                2,
                vec![(&[1][..], array![[1.0]]), (&[0][..], array![[3.0, 4.0]])]
            )
            .is_err()
        );
    }
}
