//! How neighbours vote, exactly as scikit-learn's `KNeighborsClassifier` counts them: the
//! [`Weights`] of each neighbour, the winning class of one output (the largest count or weight
//! sum, ties to the smallest label), and the targets a classifier can vote on
//! ([`NeighborTargets`]: labels, multilabel indicators, multioutput classes).

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::estimator::{Label, Targets};
use crate::metrics::labels::{class_index, sorted_classes};
use crate::metrics::numpy_sum::pairwise_sum;

/// How much each of the k nearest neighbours counts in a vote (scikit-learn's `weights`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Weights {
    /// Every neighbour counts once (`"uniform"`, the default).
    #[default]
    Uniform,
    /// A neighbour counts `1 / distance`; a query that coincides with training rows gets
    /// only their votes (`"distance"`).
    Distance,
}

impl Weights {
    /// The weight of each neighbour of one query, from its distances (ascending), as
    /// scikit-learn's `_get_weights`; `None` for uniform weights.
    pub(crate) fn of(self, distances: ArrayView1<'_, f64>) -> Option<Vec<f64>> {
        match self {
            Weights::Uniform => None,
            Weights::Distance if distances.iter().any(|&d| d == 0.0) => Some(
                distances
                    .iter()
                    .map(|&d| if d == 0.0 { 1.0 } else { 0.0 })
                    .collect(),
            ),
            Weights::Distance => Some(distances.iter().map(|&d| 1.0 / d).collect()),
        }
    }
}

/// The winning label among `labels` (one per neighbour, nearest first) and `weights`.
///
/// Uniform: the most frequent label (scipy's `mode`). Weighted: the largest weight sum, each
/// sum taken over the neighbours in order with zeros for the others, as `weighted_mode` does
/// with `np.sum`. Ties go to the smallest label in both cases. `labels` must not be empty.
pub(crate) fn vote<L: Ord + Clone>(labels: &[L], weights: Option<&[f64]>) -> L {
    let mut distinct: Vec<&L> = labels.iter().collect();
    distinct.sort_unstable();
    distinct.dedup();
    let mut best = distinct[0];
    let mut best_score = f64::NEG_INFINITY;
    let mut row = vec![0.0; labels.len()];
    for &candidate in &distinct {
        for ((slot, label), i) in row.iter_mut().zip(labels).zip(0..) {
            let weight = weights.map_or(1.0, |w| w[i]);
            *slot = if label == candidate { weight } else { 0.0 };
        }
        let score = pairwise_sum(&row);
        if score > best_score {
            best = candidate;
            best_score = score;
        }
    }
    best.clone()
}

/// Targets a [`KNeighborsClassifier`](crate::neighbors::KNeighborsClassifier) can learn:
/// one label per sample (`Array1<L>`), or one row of labels per sample (`Array2<L>`: multilabel
/// indicators as `Array2<bool>`, multioutput classes such as the 784 pixel values of the
/// denoising example as `Array2<u8>`), each output voted on separately.
pub trait NeighborTargets: Targets + Clone {
    /// The number of outputs (1 for a label vector); must be at least 1.
    fn n_outputs(&self) -> usize;

    /// The class number of each sample when these are single labels, for stratified folds
    /// (see [`Fit::strata`](crate::estimator::Fit::strata)); `None` for several outputs.
    fn strata(&self) -> Option<Vec<usize>>;

    /// The vote of each query: `indices` holds its neighbours' rows of these targets, nearest
    /// first, and `distances` their distances, weighted by `weights`. Fails unless there is at
    /// least one neighbour per query, one distance per index, and every index is a row of these
    /// (non-empty) targets.
    fn vote(
        &self,
        indices: ArrayView2<'_, usize>,
        distances: ArrayView2<'_, f64>,
        weights: Weights,
    ) -> Result<Self>;
}

/// Checks the neighbours handed to [`NeighborTargets::vote`] against `n_targets` target rows.
fn check_neighbors(
    n_targets: usize,
    indices: ArrayView2<'_, usize>,
    distances: ArrayView2<'_, f64>,
) -> Result<()> {
    if distances.dim() != indices.dim() {
        return Err(Error::invalid(
            "distances",
            format!(
                "one distance per neighbour index (shape {:?})",
                indices.dim()
            ),
            format!("shape {:?}", distances.dim()),
        ));
    }
    if indices.ncols() == 0 {
        return Err(Error::invalid(
            "indices",
            "at least one neighbour per query",
            "no columns",
        ));
    }
    if let Some(&bad) = indices.iter().find(|&&i| i >= n_targets) {
        return Err(Error::invalid(
            "indices",
            format!("row numbers of the targets, below {n_targets}"),
            bad,
        ));
    }
    Ok(())
}

impl<L: Label> NeighborTargets for Array1<L> {
    fn n_outputs(&self) -> usize {
        1
    }

    fn strata(&self) -> Option<Vec<usize>> {
        let classes = sorted_classes(self.iter());
        Some(
            self.iter()
                .map(|label| class_index(&classes, label))
                .collect(),
        )
    }

    fn vote(
        &self,
        indices: ArrayView2<'_, usize>,
        distances: ArrayView2<'_, f64>,
        weights: Weights,
    ) -> Result<Self> {
        check_neighbors(self.len(), indices, distances)?;
        let votes: Vec<L> = (0..indices.nrows())
            .into_par_iter()
            .map(|q| {
                let labels: Vec<L> = indices.row(q).iter().map(|&i| self[i].clone()).collect();
                vote(&labels, weights.of(distances.row(q)).as_deref())
            })
            .collect();
        Ok(Array1::from(votes))
    }
}

impl<L: Label> NeighborTargets for Array2<L> {
    fn n_outputs(&self) -> usize {
        self.ncols()
    }

    fn strata(&self) -> Option<Vec<usize>> {
        None
    }

    fn vote(
        &self,
        indices: ArrayView2<'_, usize>,
        distances: ArrayView2<'_, f64>,
        weights: Weights,
    ) -> Result<Self> {
        let Some(first) = self.first() else {
            return Err(Error::invalid(
                "self",
                "targets with at least one row and one output",
                format!("shape {:?}", self.dim()),
            ));
        };
        check_neighbors(self.nrows(), indices, distances)?;
        let n_outputs = self.ncols();
        let mut votes = Array2::from_elem((indices.nrows(), n_outputs), first.clone());
        votes
            .axis_iter_mut(Axis(0))
            .into_par_iter()
            .enumerate()
            .for_each(|(q, mut out)| {
                let neighbours = indices.row(q);
                let weights = weights.of(distances.row(q));
                let mut labels = Vec::with_capacity(neighbours.len());
                for (output, slot) in out.iter_mut().enumerate() {
                    labels.clear();
                    labels.extend(neighbours.iter().map(|&i| self[[i, output]].clone()));
                    *slot = vote(&labels, weights.as_deref());
                }
            });
        Ok(votes)
    }
}

/// The class probabilities of each query, as scikit-learn's `predict_proba`: each neighbour
/// adds its weight to its class (in neighbour order), then each row is divided by its sum.
/// `codes` holds the class number (in `0..n_classes`) of each training row.
pub(crate) fn class_probabilities(
    codes: &[usize],
    n_classes: usize,
    indices: ArrayView2<'_, usize>,
    distances: ArrayView2<'_, f64>,
    weights: Weights,
) -> Array2<f64> {
    let mut probabilities = Array2::zeros((indices.nrows(), n_classes));
    probabilities
        .axis_iter_mut(Axis(0))
        .into_par_iter()
        .enumerate()
        .for_each(|(q, mut row)| {
            let weights = weights.of(distances.row(q));
            for (i, &neighbour) in indices.row(q).iter().enumerate() {
                row[codes[neighbour]] += weights.as_ref().map_or(1.0, |w| w[i]);
            }
            #[allow(
                clippy::expect_used,
                reason = "the rows of a new (standard-layout) array are contiguous"
            )]
            let total = pairwise_sum(row.as_slice().expect("a row of a standard-layout array"));
            row.mapv_inplace(|p| p / total);
        });
    probabilities
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn uniform_votes_take_the_mode_with_ties_to_the_smallest_label() {
        assert_eq!(vote(&[3, 1, 3, 2], None), 3);
        assert_eq!(vote(&[5, 2, 2, 5], None), 2);
        assert_eq!(vote(&["b", "a"], None), "a");
        assert_eq!(vote(&[7], None), 7);
    }

    #[test]
    fn distance_votes_sum_inverse_distances() {
        let weights = Weights::Distance.of(array![1.0, 2.0, 2.0].view()).unwrap();
        assert_eq!(weights, [1.0, 0.5, 0.5]);
        // 1.0 for label 9 against 0.5 + 0.5 for label 4: a tie, so the smaller label wins.
        assert_eq!(vote(&[9, 4, 4], Some(&weights)), 4);
        let weights = Weights::Distance.of(array![1.0, 3.0, 3.0].view()).unwrap();
        assert_eq!(vote(&[9, 4, 4], Some(&weights)), 9);
    }

    #[test]
    fn coinciding_training_rows_take_all_the_weight() {
        let weights = Weights::Distance.of(array![0.0, 0.0, 0.1].view()).unwrap();
        assert_eq!(weights, [1.0, 1.0, 0.0]);
        assert_eq!(vote(&[2, 1, 1], Some(&weights)), 1);
        assert_eq!(Weights::Uniform.of(array![0.0].view()), None);
    }

    #[test]
    fn multioutput_votes_are_per_column() {
        let y = array![[0u8, 9], [1, 9], [1, 8]];
        let indices = array![[0, 1, 2], [2, 0, 1]];
        let distances = array![[0.0, 1.0, 2.0], [0.5, 1.0, 4.0]];
        assert_eq!(
            y.vote(indices.view(), distances.view(), Weights::Uniform)
                .unwrap(),
            array![[1, 9], [1, 9]]
        );
        assert_eq!(
            y.vote(indices.view(), distances.view(), Weights::Distance)
                .unwrap(),
            array![[0, 9], [1, 8]]
        );
    }

    fn failed_argument<T: std::fmt::Debug>(result: Result<T>) -> &'static str {
        match result.unwrap_err() {
            Error::InvalidArgument { name, .. } => name,
            other => panic!("unexpected error {other}"),
        }
    }

    #[test]
    fn votes_need_neighbours_that_are_rows_of_the_targets() {
        let labels = array![3u8, 5];
        let outputs = array![[0u8, 9], [1, 9]];
        let distances = array![[0.0, 1.0]];
        let out_of_range = array![[0, 2]];
        assert_eq!(
            failed_argument(labels.vote(out_of_range.view(), distances.view(), Weights::Uniform)),
            "indices"
        );
        assert_eq!(
            failed_argument(outputs.vote(out_of_range.view(), distances.view(), Weights::Uniform)),
            "indices"
        );
        let no_neighbours = Array2::<usize>::zeros((1, 0));
        let no_distances = Array2::<f64>::zeros((1, 0));
        let no_votes = labels.vote(no_neighbours.view(), no_distances.view(), Weights::Uniform);
        assert_eq!(failed_argument(no_votes), "indices");
        let one = array![[1]];
        assert_eq!(
            failed_argument(labels.vote(one.view(), distances.view(), Weights::Distance)),
            "distances"
        );
        let empty = Array2::<u8>::zeros((0, 3));
        let nobody = Array2::<usize>::zeros((0, 1));
        let no_distance = Array2::<f64>::zeros((0, 1));
        assert_eq!(
            failed_argument(empty.vote(nobody.view(), no_distance.view(), Weights::Uniform)),
            "self"
        );
    }

    #[test]
    fn probabilities_are_normalized_weight_sums() {
        let codes = [0, 1, 1, 2];
        let indices = array![[1, 0, 2, 3]];
        let distances = array![[1.0, 1.0, 2.0, 4.0]];
        let uniform = class_probabilities(
            &codes,
            3,
            indices.view(),
            distances.view(),
            Weights::Uniform,
        );
        assert_eq!(uniform, array![[0.25, 0.5, 0.25]]);
        let weighted = class_probabilities(
            &codes,
            3,
            indices.view(),
            distances.view(),
            Weights::Distance,
        );
        assert_eq!(weighted, array![[1.0 / 2.75, 1.5 / 2.75, 0.25 / 2.75]]);
    }
}
