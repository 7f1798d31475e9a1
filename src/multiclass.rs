//! Many classes from any binary classifier, as scikit-learn's `multiclass` module:
//!
//! - [`OneVsOneClassifier`]: for N classes it trains N (N - 1) / 2 copies of the binary model,
//!   the one for classes `i < j` on the samples of those two classes only, with `j` as the
//!   positive class. To classify, each model votes for one of its two classes; ties between vote
//!   counts are broken by the models' summed confidences, squashed into (-1/3, 1/3) so that they
//!   never outweigh a vote ([`ovr_decision_function`], also [`Svc`](crate::svm::Svc)'s).
//! - [`OneVsRestClassifier`]: one copy per class, trained on all samples with that class as the
//!   positive one (a single copy for two classes); the class whose model is most confident wins.

use ndarray::{Array1, Array2};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::estimator::{DecisionFunction, Fit, Label, Predict, Samples};
use crate::metrics::labels::{class_index, classes_to_learn, sorted_classes};
use crate::validation::{check_same_length, not_fitted};

/// One binary model per pair of classes (see the [module documentation](self)).
///
/// ```
/// use handson::prelude::*;
/// let x = array![[0.0, 0.0], [0.1, 0.0], [5.0, 0.0], [5.1, 0.0], [0.0, 5.0], [0.0, 5.1]];
/// let y = array![0u8, 0, 1, 1, 2, 2];
/// let mut ovo = OneVsOneClassifier::new(SgdClassifier::new().random_state(42));
/// ovo.fit(&x, &y)?;
/// assert_eq!(ovo.n_estimators()?, 3);
/// assert_eq!(ovo.predict(&x)?, y);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OneVsOneClassifier<E, L> {
    estimator: E,
    fitted: Option<(Vec<L>, Vec<E>)>,
}

impl<E, L> OneVsOneClassifier<E, L>
where
    E: Fit<Array1<bool>> + DecisionFunction,
    L: Label,
{
    /// Wraps the binary classifier `estimator` (it is cloned for every pair of classes).
    pub fn new(estimator: E) -> Self {
        OneVsOneClassifier {
            estimator,
            fitted: None,
        }
    }

    /// The classes seen by `fit`, sorted.
    pub fn classes(&self) -> Result<&[L]> {
        Ok(&self.fitted()?.0)
    }

    /// The number of binary models: one per pair of classes.
    pub fn n_estimators(&self) -> Result<usize> {
        Ok(self.fitted()?.1.len())
    }

    /// The binary models, for the pairs (0, 1), (0, 2), ..., (1, 2), ... in that order.
    pub fn estimators(&self) -> Result<&[E]> {
        Ok(&self.fitted()?.1)
    }

    fn fitted(&self) -> Result<&(Vec<L>, Vec<E>)> {
        self.fitted
            .as_ref()
            .ok_or_else(|| not_fitted("OneVsOneClassifier"))
    }
}

/// The pairs of class numbers `(i, j)` with `i < j`, in scikit-learn's order.
fn pairs(n_classes: usize) -> Vec<(usize, usize)> {
    (0..n_classes)
        .flat_map(|i| (i + 1..n_classes).map(move |j| (i, j)))
        .collect()
}

/// The one column of scores of a binary model's `decision_function` for `n_samples` samples,
/// or an error naming the shape it had instead.
fn single_column(scores: Array2<f64>, n_samples: usize) -> Result<Array1<f64>> {
    if scores.dim() != (n_samples, 1) {
        return Err(Error::invalid(
            "estimator",
            format!(
                "a binary classifier whose decision_function gives one score per sample \
                 ({n_samples}x1)"
            ),
            format!("scores of shape {}x{}", scores.nrows(), scores.ncols()),
        ));
    }
    Ok(scores.column(0).to_owned())
}

/// scikit-learn's `_ovr_decision_function`: per-class scores from the scores of the pairs
/// `(0, 1), (0, 2), ..., (1, 2), ...` (one column each, positive for the pair's second class).
/// Each pair votes for its second class when its score is positive, else for its first; the
/// summed confidences `c` (minus the score for the first class, plus it for the second) are added
/// as `c / (3 (|c| + 1))`, which only breaks ties between vote counts.
pub(crate) fn ovr_decision_function(pair_scores: &Array2<f64>, n_classes: usize) -> Array2<f64> {
    let n_samples = pair_scores.nrows();
    let mut votes = Array2::<f64>::zeros((n_samples, n_classes));
    let mut confidence = Array2::<f64>::zeros((n_samples, n_classes));
    for (scores, (i, j)) in pair_scores.columns().into_iter().zip(pairs(n_classes)) {
        for (s, &score) in scores.iter().enumerate() {
            confidence[[s, i]] -= score;
            confidence[[s, j]] += score;
            votes[[s, if score > 0.0 { j } else { i }]] += 1.0;
        }
    }
    votes + confidence.mapv(|c| c / (3.0 * (c.abs() + 1.0)))
}

impl<E, L> Fit<Array1<L>> for OneVsOneClassifier<E, L>
where
    E: Fit<Array1<bool>> + DecisionFunction,
    L: Label,
{
    fn fit_samples(&mut self, x: Samples<'_>, y: &Array1<L>) -> Result<()> {
        check_same_length(x.n_samples(), y.len())?;
        let classes = classes_to_learn(y.iter())?;
        let class_of: Vec<usize> = y.iter().map(|label| class_index(&classes, label)).collect();
        let models = pairs(classes.len())
            .into_par_iter()
            .map(|(i, j)| {
                let (rows, targets): (Vec<usize>, Vec<bool>) = (0..x.n_samples())
                    .filter(|&s| class_of[s] == i || class_of[s] == j)
                    .map(|s| (x.matrix_row(s), class_of[s] == j))
                    .unzip();
                let mut model = self.estimator.clone();
                model.fit_samples(
                    Samples::rows(x.matrix(), &rows)?,
                    &Array1::from_vec(targets),
                )?;
                Ok(model)
            })
            .collect::<Result<Vec<E>>>()?;
        self.fitted = Some((classes, models));
        Ok(())
    }

    fn strata(&self, y: &Array1<L>) -> Option<Vec<usize>> {
        Some(class_strata(y))
    }
}

impl<E, L> DecisionFunction for OneVsOneClassifier<E, L>
where
    E: Fit<Array1<bool>> + DecisionFunction,
    L: Label,
{
    /// Votes plus squashed summed confidences, one column per class (scikit-learn's
    /// `_ovr_decision_function`).
    fn decision_function_samples(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        let (classes, models) = self.fitted()?;
        let n_classes = classes.len();
        let mut scores = Array2::<f64>::zeros((x.n_samples(), models.len()));
        for (p, model) in models.iter().enumerate() {
            let pair_scores = single_column(model.decision_function_samples(x)?, x.n_samples())?;
            scores.column_mut(p).assign(&pair_scores);
        }
        Ok(ovr_decision_function(&scores, n_classes))
    }
}

impl<E, L> Predict<Array1<L>> for OneVsOneClassifier<E, L>
where
    E: Fit<Array1<bool>> + DecisionFunction,
    L: Label,
{
    /// The class with the highest decision value (the first on a tie).
    fn predict_samples(&self, x: Samples<'_>) -> Result<Array1<L>> {
        let decision = self.decision_function_samples(x)?;
        let classes = &self.fitted()?.0;
        Ok(decision
            .rows()
            .into_iter()
            .map(|row| {
                classes[row
                    .iter()
                    .enumerate()
                    .fold(0, |b, (i, &v)| if v > row[b] { i } else { b })]
                .clone()
            })
            .collect())
    }
}

/// One binary model per class, trained to tell that class from all the others (see the
/// [module documentation](self)); with two classes, a single model for the second class.
///
/// ```
/// use handson::prelude::*;
/// let x = array![[0.0, 0.0], [0.1, 0.0], [5.0, 0.0], [5.1, 0.0], [0.0, 5.0], [0.0, 5.1]];
/// let y = array![0u8, 0, 1, 1, 2, 2];
/// let mut ovr = OneVsRestClassifier::new(Svc::new().gamma("auto"));
/// ovr.fit(&x, &y)?;
/// assert_eq!(ovr.estimators()?.len(), 3);
/// assert_eq!(ovr.predict(&x)?, y);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OneVsRestClassifier<E, L> {
    estimator: E,
    fitted: Option<(Vec<L>, Vec<E>)>,
}

impl<E, L> OneVsRestClassifier<E, L>
where
    E: Fit<Array1<bool>> + DecisionFunction,
    L: Label,
{
    /// Wraps the binary classifier `estimator` (it is cloned for every class).
    pub fn new(estimator: E) -> Self {
        OneVsRestClassifier {
            estimator,
            fitted: None,
        }
    }

    /// The classes seen by `fit`, sorted.
    pub fn classes(&self) -> Result<&[L]> {
        Ok(&self.fitted()?.0)
    }

    /// The binary models, one per class in the order of [`classes`](Self::classes) (a single
    /// one, for the second class, when there are two classes).
    pub fn estimators(&self) -> Result<&[E]> {
        Ok(&self.fitted()?.1)
    }

    fn fitted(&self) -> Result<&(Vec<L>, Vec<E>)> {
        self.fitted
            .as_ref()
            .ok_or_else(|| not_fitted("OneVsRestClassifier"))
    }
}

impl<E, L> Fit<Array1<L>> for OneVsRestClassifier<E, L>
where
    E: Fit<Array1<bool>> + DecisionFunction,
    L: Label,
{
    fn fit_samples(&mut self, x: Samples<'_>, y: &Array1<L>) -> Result<()> {
        check_same_length(x.n_samples(), y.len())?;
        let classes = classes_to_learn(y.iter())?;
        let positives: Vec<usize> = if classes.len() == 2 {
            vec![1]
        } else {
            (0..classes.len()).collect()
        };
        let models = positives
            .into_par_iter()
            .map(|c| {
                let targets: Array1<bool> = y.iter().map(|label| *label == classes[c]).collect();
                let mut model = self.estimator.clone();
                model.fit_samples(x, &targets)?;
                Ok(model)
            })
            .collect::<Result<Vec<E>>>()?;
        self.fitted = Some((classes, models));
        Ok(())
    }

    fn strata(&self, y: &Array1<L>) -> Option<Vec<usize>> {
        Some(class_strata(y))
    }
}

impl<E, L> DecisionFunction for OneVsRestClassifier<E, L>
where
    E: Fit<Array1<bool>> + DecisionFunction,
    L: Label,
{
    /// Each model's score, one column per class (one column with two classes).
    fn decision_function_samples(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        let models = &self.fitted()?.1;
        let mut scores = Array2::<f64>::zeros((x.n_samples(), models.len()));
        for (c, model) in models.iter().enumerate() {
            let model_scores = single_column(model.decision_function_samples(x)?, x.n_samples())?;
            scores.column_mut(c).assign(&model_scores);
        }
        Ok(scores)
    }
}

impl<E, L> Predict<Array1<L>> for OneVsRestClassifier<E, L>
where
    E: Fit<Array1<bool>> + DecisionFunction,
    L: Label,
{
    /// The class whose model scores highest, the last one on a tie as in scikit-learn; with two
    /// classes, the second class where its model's score is positive.
    fn predict_samples(&self, x: Samples<'_>) -> Result<Array1<L>> {
        let scores = self.decision_function_samples(x)?;
        let classes = &self.fitted()?.0;
        Ok(scores
            .rows()
            .into_iter()
            .map(|row| {
                let best = if classes.len() == 2 {
                    usize::from(row[0] > 0.0)
                } else {
                    row.iter()
                        .enumerate()
                        .fold(0, |b, (c, &v)| if v >= row[b] { c } else { b })
                };
                classes[best].clone()
            })
            .collect())
    }
}

/// Each label's class number among the sorted classes of `y`: the strata of stratified folds.
fn class_strata<L: Label>(y: &Array1<L>) -> Vec<usize> {
    let classes = sorted_classes(y.iter());
    y.iter().map(|label| class_index(&classes, label)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    /// A binary "classifier" whose scores have `columns` columns, all equal to the first feature.
    #[derive(Debug, Clone)]
    struct Scores {
        columns: usize,
    }

    impl Fit<Array1<bool>> for Scores {
        fn fit_samples(&mut self, _x: Samples<'_>, _y: &Array1<bool>) -> Result<()> {
            Ok(())
        }
    }

    impl DecisionFunction for Scores {
        fn decision_function_samples(&self, x: Samples<'_>) -> Result<Array2<f64>> {
            Ok(Array2::from_shape_fn(
                (x.n_samples(), self.columns),
                |(i, _)| x.sample(i)[0],
            ))
        }
    }

    #[test]
    fn binary_models_must_give_one_score_per_sample() {
        let x = array![[-1.0], [0.5], [2.0]];
        let y = array![0u8, 1, 2];
        let mut ovo = OneVsOneClassifier::new(Scores { columns: 1 });
        ovo.fit(&x, &y).unwrap();
        assert_eq!(ovo.predict(&x).unwrap().len(), 3);
        for columns in [0, 2] {
            let mut ovo = OneVsOneClassifier::new(Scores { columns });
            ovo.fit(&x, &y).unwrap();
            let err = ovo.predict(&x).unwrap_err();
            assert!(matches!(&err, Error::InvalidArgument { name, .. } if *name == "estimator"));
            assert!(err.to_string().contains(&format!("3x{columns}")), "{err}");
        }
        assert!(
            OneVsOneClassifier::<Scores, u8>::new(Scores { columns: 1 })
                .predict(&x)
                .is_err()
        );
    }
}
