//! [`KNeighborsClassifier`]: classification by a vote of the k nearest training samples, like
//! scikit-learn's `KNeighborsClassifier` with its default brute-force Euclidean search, for
//! labels, multilabel indicators and multioutput classes.

use std::sync::Arc;

use ndarray::{Array1, Array2, ArrayBase, ArrayView2, CowArray, Data, Ix2, s};

use crate::error::{Error, Result};
use crate::estimator::{
    Fit, FoldScores, Label, ParamValue, Predict, PredictProba, Samples, Scorer, SetParams,
};
use crate::metrics::labels::{class_index, sorted_classes};
use crate::neighbors::search::{Neighbors, SearchIndex};
use crate::neighbors::vote::{NeighborTargets, Weights, class_probabilities};
use crate::validation::{check_matrix, check_n_features, check_same_length, not_fitted};

/// A k-nearest-neighbours classifier, like scikit-learn's `KNeighborsClassifier`.
///
/// `Y` is the kind of targets it learns and predicts: `Array1<L>` (one label per sample, any
/// [`Label`]), `Array2<bool>` (multilabel) or `Array2<u8>` (multioutput), fixed by the first
/// `fit`. Hyper-parameters are scikit-learn's: `n_neighbors` (default 5) and `weights`
/// (default [`Weights::Uniform`]); invalid settings are reported by `fit`.
///
/// The search is exact and brute force (see [`crate::neighbors::search`]): the neighbours are
/// those of a naive `f64` search, equal distances in training-row order, and votes are
/// counted as scikit-learn counts them (ties to the smallest label). Predictions agree with
/// scikit-learn's (all 10,000 MNIST test digits do) except where training rows tie at the k-th
/// distance: scikit-learn then keeps the ones its heap happens to hold.
///
/// ```
/// use handson::prelude::*;
/// let x = array![[0.0], [1.0], [2.0], [10.0], [11.0]];
/// let y = array![0u8, 0, 0, 1, 1];
/// let mut knn = KNeighborsClassifier::new().n_neighbors(3).weights(Weights::Distance);
/// knn.fit(&x, &y)?;
/// assert_eq!(knn.predict(&array![[1.5], [9.0]])?, array![0, 1]);
/// let proba = knn.predict_proba(&array![[10.0]])?;
/// assert_eq!(proba, array![[0.0, 1.0]]);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct KNeighborsClassifier<Y> {
    n_neighbors: usize,
    weights: Weights,
    fitted: Option<Fitted<Y>>,
}

/// What `fit` learns: the training samples prepared for search (shared by clones, never
/// changed) and their targets.
#[derive(Debug, Clone)]
struct Fitted<Y> {
    index: Arc<SearchIndex>,
    y: Y,
}

impl<Y> Default for KNeighborsClassifier<Y> {
    fn default() -> Self {
        Self::new()
    }
}

impl<Y> KNeighborsClassifier<Y> {
    /// A classifier with scikit-learn's defaults (`KNeighborsClassifier()`): 5 neighbours,
    /// uniform weights.
    pub fn new() -> Self {
        KNeighborsClassifier {
            n_neighbors: 5,
            weights: Weights::Uniform,
            fitted: None,
        }
    }

    /// The number of neighbours that vote (default 5; at least 1 and at most the number of
    /// training samples).
    pub fn n_neighbors(mut self, n_neighbors: usize) -> Self {
        self.n_neighbors = n_neighbors;
        self
    }

    /// How the neighbours' votes are weighted (default [`Weights::Uniform`]).
    pub fn weights(mut self, weights: Weights) -> Self {
        self.weights = weights;
        self
    }

    /// The configured number of neighbours.
    pub fn get_n_neighbors(&self) -> usize {
        self.n_neighbors
    }

    /// The configured weighting.
    pub fn get_weights(&self) -> Weights {
        self.weights
    }

    /// The number of training samples (`n_samples_fit_`).
    pub fn n_samples_fit(&self) -> Result<usize> {
        Ok(self.fitted()?.index.n_samples())
    }

    /// The `n_neighbors` nearest training samples of each row of `x`, like scikit-learn's
    /// `kneighbors(X, n_neighbors)`: their Euclidean distances (ascending) and their row numbers
    /// in the training set (equal distances in row order).
    pub fn kneighbors<S: Data<Elem = f64>>(
        &self,
        x: &ArrayBase<S, Ix2>,
        n_neighbors: usize,
    ) -> Result<(Array2<f64>, Array2<usize>)> {
        let neighbors = self.search(x.view(), n_neighbors)?;
        Ok((neighbors.distances, neighbors.indices))
    }

    fn fitted(&self) -> Result<&Fitted<Y>> {
        self.fitted
            .as_ref()
            .ok_or_else(|| not_fitted("KNeighborsClassifier"))
    }

    /// The `k` nearest training samples of the rows of `x`, after checking both.
    fn search(&self, x: ArrayView2<'_, f64>, k: usize) -> Result<Neighbors> {
        let index = &self.fitted()?.index;
        check_matrix("x", &x)?;
        check_n_features(index.n_features(), x.ncols())?;
        check_n_neighbors(k, index.n_samples())?;
        Ok(index.kneighbors(x, k))
    }

    /// [`search`](Self::search) for `samples`.
    fn search_samples(&self, samples: Samples<'_>, k: usize) -> Result<Neighbors> {
        self.search(as_matrix(samples).view(), k)
    }
}

/// `samples` as one matrix, copied only when they are a subset of rows.
fn as_matrix(samples: Samples<'_>) -> CowArray<'_, f64, Ix2> {
    match samples.row_numbers() {
        None => CowArray::from(samples.matrix()),
        Some(_) => CowArray::from(samples.to_owned()),
    }
}

/// Fails unless `1 <= n_neighbors <= n_samples`.
pub(crate) fn check_n_neighbors(n_neighbors: usize, n_samples: usize) -> Result<()> {
    if n_neighbors == 0 || n_neighbors > n_samples {
        return Err(Error::invalid(
            "n_neighbors",
            format!("between 1 and the number of training samples ({n_samples})"),
            n_neighbors,
        ));
    }
    Ok(())
}

impl<Y: NeighborTargets> Fit<Y> for KNeighborsClassifier<Y> {
    fn fit_samples(&mut self, x: Samples<'_>, y: &Y) -> Result<()> {
        let x = as_matrix(x);
        check_matrix("x", &x)?;
        check_same_length(x.nrows(), y.n_samples())?;
        if y.n_outputs() == 0 {
            return Err(Error::invalid(
                "y",
                "at least one output (column)",
                "no columns",
            ));
        }
        check_n_neighbors(self.n_neighbors, x.nrows())?;
        self.fitted = Some(Fitted {
            index: Arc::new(SearchIndex::new(x.view())),
            y: y.clone(),
        });
        Ok(())
    }

    fn strata(&self, y: &Y) -> Option<Vec<usize>> {
        y.strata()
    }
}

impl<Y: NeighborTargets> Predict<Y> for KNeighborsClassifier<Y> {
    /// The vote of each sample's `n_neighbors` nearest training samples.
    fn predict_samples(&self, x: Samples<'_>) -> Result<Y> {
        let neighbors = self.search_samples(x, self.n_neighbors)?;
        let y = &self.fitted()?.y;
        y.vote(
            neighbors.indices.view(),
            neighbors.distances.view(),
            self.weights,
        )
    }
}

impl<Y> SetParams for KNeighborsClassifier<Y> {
    /// `"n_neighbors"` (a whole number >= 1) or `"weights"` (`"uniform"` or `"distance"`).
    fn set_param(&mut self, name: &str, value: &ParamValue) -> Result<()> {
        match name {
            "n_neighbors" => self.n_neighbors = value.as_count("n_neighbors", 1)?,
            "weights" => {
                self.weights = match value.as_str("weights")? {
                    "uniform" => Weights::Uniform,
                    "distance" => Weights::Distance,
                    other => {
                        return Err(Error::invalid(
                            "weights",
                            "\"uniform\" or \"distance\"",
                            format!("{other:?}"),
                        ));
                    }
                }
            }
            other => {
                return Err(Error::invalid(
                    "param_grid",
                    "a parameter of KNeighborsClassifier: n_neighbors or weights",
                    format!("{other:?}"),
                ));
            }
        }
        Ok(())
    }
}

impl<Y: NeighborTargets> FoldScores<Y> for KNeighborsClassifier<Y> {
    /// Finds the fold's neighbours once, for the largest `n_neighbors` of the candidates, and
    /// lets each candidate vote from the first `n_neighbors` of them: the same neighbours and
    /// votes as fitting each candidate, with one search instead of one per candidate.
    fn fold_scores<R: Scorer<Y>>(
        candidates: &[Self],
        train: Samples<'_>,
        y_train: &Y,
        test: Samples<'_>,
        y_test: &Y,
        scoring: &R,
    ) -> Result<Vec<f64>> {
        let Some(largest) = candidates.iter().max_by_key(|c| c.n_neighbors) else {
            return Ok(Vec::new());
        };
        let mut model = largest.clone();
        model.fit_samples(train, y_train)?;
        let neighbors = model.search_samples(test, largest.n_neighbors)?;
        candidates
            .iter()
            .map(|candidate| {
                let k = candidate.n_neighbors;
                check_n_neighbors(k, train.n_samples())?;
                let votes = y_train.vote(
                    neighbors.indices.slice(s![.., ..k]),
                    neighbors.distances.slice(s![.., ..k]),
                    candidate.weights,
                )?;
                scoring.score(y_test, &votes)
            })
            .collect()
    }
}

impl<L: Label> KNeighborsClassifier<Array1<L>> {
    /// The classes seen by `fit`, sorted (`classes_`): the columns of
    /// [`predict_proba`](PredictProba::predict_proba).
    pub fn classes(&self) -> Result<Vec<L>> {
        Ok(sorted_classes(self.fitted()?.y.iter()))
    }
}

impl<L: Label> PredictProba for KNeighborsClassifier<Array1<L>> {
    /// The share of each class in the (weighted) vote of each sample's neighbours, classes in
    /// sorted order.
    fn predict_proba_samples(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        let neighbors = self.search_samples(x, self.n_neighbors)?;
        let y = &self.fitted()?.y;
        let classes = sorted_classes(y.iter());
        let codes: Vec<usize> = y.iter().map(|label| class_index(&classes, label)).collect();
        Ok(class_probabilities(
            &codes,
            classes.len(),
            neighbors.indices.view(),
            neighbors.distances.view(),
            self.weights,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Score;
    use ndarray::{Axis, array, stack};

    fn two_clusters() -> (Array2<f64>, Array1<u8>) {
        let x = array![
            [0.0, 0.0],
            [0.0, 1.0],
            [1.0, 0.0],
            [5.0, 5.0],
            [5.0, 6.0],
            [6.0, 5.0]
        ];
        (x, array![1, 1, 1, 7, 7, 7])
    }

    #[test]
    fn predicts_labels_probabilities_and_neighbours() {
        let (x, y) = two_clusters();
        let mut knn = KNeighborsClassifier::new().n_neighbors(3);
        knn.fit(&x, &y).unwrap();
        assert_eq!(
            knn.predict(&array![[0.2, 0.2], [5.5, 5.5]]).unwrap(),
            array![1, 7]
        );
        assert_eq!(knn.classes().unwrap(), [1, 7]);
        let proba = knn.predict_proba(&array![[0.2, 0.2], [3.0, 3.0]]).unwrap();
        assert_eq!(proba.row(0), array![1.0, 0.0]);
        assert_eq!(proba.row(1).sum(), 1.0);
        let (distances, indices) = knn.kneighbors(&array![[0.0, 0.0]], 2).unwrap();
        assert_eq!(indices, array![[0, 1]]);
        assert_eq!(distances, array![[0.0, 1.0]]);
        assert_eq!(knn.score(&x, &y).unwrap(), 1.0);
        assert_eq!(knn.n_samples_fit().unwrap(), 6);
    }

    #[test]
    fn multilabel_targets_keep_their_shape() {
        let (x, digits) = two_clusters();
        let y = stack![
            Axis(1),
            digits.mapv(|d| d >= 7),
            digits.mapv(|d| d % 2 == 1)
        ];
        let mut knn = KNeighborsClassifier::new().n_neighbors(3);
        knn.fit(&x, &y).unwrap();
        let predicted: Array2<bool> = knn
            .predict(&array![[0.5, 0.5], [5.0, 5.5], [9.0, 9.0]])
            .unwrap();
        assert_eq!(predicted, array![[false, true], [true, true], [true, true]]);
    }

    #[test]
    fn multioutput_targets_predict_every_output() {
        // Denoising in miniature: noisy inputs, clean "pixel" rows as 3-output targets.
        let x = array![
            [10.0, 0.0, 250.0],
            [12.0, 3.0, 240.0],
            [200.0, 199.0, 1.0],
            [190.0, 210.0, 0.0]
        ];
        let clean = array![[0u8, 0, 255], [0, 0, 255], [200, 200, 0], [200, 200, 0]];
        let mut knn = KNeighborsClassifier::new().n_neighbors(2);
        knn.fit(&x, &clean).unwrap();
        assert_eq!(
            knn.predict(&array![[11.0, 1.0, 245.0], [195.0, 205.0, 2.0]])
                .unwrap(),
            array![[0, 0, 255], [200, 200, 0]]
        );
    }

    #[test]
    fn clones_are_independent() {
        let (x, y) = two_clusters();
        let mut knn = KNeighborsClassifier::new().n_neighbors(1);
        knn.fit(&x, &y).unwrap();
        let copy = knn.clone();
        knn.fit(&x, &y.mapv(|d| d + 1)).unwrap();
        assert_eq!(copy.predict(&array![[0.0, 0.0]]).unwrap(), array![1]);
        assert_eq!(knn.predict(&array![[0.0, 0.0]]).unwrap(), array![2]);
    }

    #[test]
    fn fits_and_predicts_row_subsets() {
        let (x, y) = two_clusters();
        let rows = [3, 4, 5, 0];
        let mut knn = KNeighborsClassifier::new().n_neighbors(1);
        knn.fit_samples(
            Samples::rows(x.view(), &rows).unwrap(),
            &y.select(Axis(0), &rows),
        )
        .unwrap();
        let predicted = knn
            .predict_samples(Samples::rows(x.view(), &[1, 5]).unwrap())
            .unwrap();
        assert_eq!(predicted, array![1, 7]);
    }

    /// scikit-learn's answers where votes tie often (`tests/fixtures/knn_ties.py`): the smallest
    /// label wins, and probabilities agree.
    #[test]
    fn vote_ties_are_broken_as_scikit_learn_breaks_them() {
        let mut rng = crate::random::RandomState::new(0);
        let x_train = rng.rand((300, 4)).unwrap();
        let y_train = rng.randint(0, 2, 300).unwrap().mapv(|v| v as u8);
        let x_test = rng.rand((100, 4)).unwrap();
        let fixture = include_str!("../../tests/fixtures/knn_ties.txt");
        let mut lines = fixture.lines();
        for line in lines.by_ref().take(8) {
            let mut fields = line.split(' ');
            let k: usize = fields.next().unwrap().parse().unwrap();
            let weights = match fields.next().unwrap() {
                "uniform" => Weights::Uniform,
                _ => Weights::Distance,
            };
            let expected: Vec<u8> = fields.next().unwrap().bytes().map(|b| b - b'0').collect();
            let mut knn = KNeighborsClassifier::new().n_neighbors(k).weights(weights);
            knn.fit(&x_train, &y_train).unwrap();
            assert_eq!(knn.predict(&x_test).unwrap().to_vec(), expected, "{line}");
        }
        let expected: Vec<f64> = lines
            .next()
            .unwrap()
            .split(' ')
            .map(|p| p.parse().unwrap())
            .collect();
        let mut knn = KNeighborsClassifier::new()
            .n_neighbors(4)
            .weights(Weights::Distance);
        knn.fit(&x_train, &y_train).unwrap();
        let proba = knn
            .predict_proba(&x_test.slice(ndarray::s![..10, ..]))
            .unwrap();
        assert_eq!(proba.iter().copied().collect::<Vec<_>>(), expected);
    }

    fn message<T>(result: Result<T>) -> String {
        result.map(|_| ()).unwrap_err().to_string()
    }

    #[test]
    fn bad_input_is_an_error() {
        let (x, y) = two_clusters();
        let too_many = message(KNeighborsClassifier::new().n_neighbors(7).fit(&x, &y));
        assert!(
            too_many.contains("n_neighbors") && too_many.contains("(6)"),
            "{too_many}"
        );
        assert!(
            KNeighborsClassifier::new()
                .n_neighbors(0)
                .fit(&x, &y)
                .is_err()
        );
        let empty = Array2::<f64>::zeros((0, 2));
        assert!(
            KNeighborsClassifier::new()
                .fit(&empty, &Array1::<u8>::zeros(0))
                .is_err()
        );
        assert!(
            KNeighborsClassifier::new()
                .n_neighbors(1)
                .fit(&x, &array![1u8, 2])
                .is_err()
        );
        let mut nan = x.clone();
        nan[[2, 1]] = f64::NAN;
        assert!(
            message(KNeighborsClassifier::new().n_neighbors(1).fit(&nan, &y))
                .contains("row 2, column 1")
        );
        let no_outputs = Array2::<bool>::from_elem((6, 0), false);
        assert!(
            KNeighborsClassifier::new()
                .n_neighbors(1)
                .fit(&x, &no_outputs)
                .is_err()
        );

        let unfitted = KNeighborsClassifier::<Array1<u8>>::new();
        assert!(message(unfitted.predict(&x)).contains("fit"));
        let mut knn = KNeighborsClassifier::new().n_neighbors(3);
        knn.fit(&x, &y).unwrap();
        assert!(message(knn.predict(&array![[1.0, 2.0, 3.0]])).contains("3 columns"));
        assert!(knn.predict(&array![[f64::INFINITY, 0.0]]).is_err());
        assert!(knn.kneighbors(&x, 7).is_err());
        assert!(knn.predict_proba(&Array2::<f64>::zeros((0, 2))).is_err());
    }
}
