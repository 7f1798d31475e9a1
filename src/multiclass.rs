//! [`OneVsOneClassifier`]: many classes from any binary classifier, one model per pair of
//! classes, as scikit-learn's `OneVsOneClassifier` does.
//!
//! For N classes it trains N (N - 1) / 2 copies of the binary model, the one for classes `i < j`
//! on the samples of those two classes only, with `j` as the positive class. To classify, each
//! model votes for one of its two classes; ties between vote counts are broken by the models'
//! summed confidences, squashed into (-1/3, 1/3) so that they never outweigh a vote.

use ndarray::{Array1, Array2};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::estimator::{DecisionFunction, Fit, Label, Predict, Samples};
use crate::metrics::labels::{class_index, sorted_classes};
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

impl<E, L> Fit<Array1<L>> for OneVsOneClassifier<E, L>
where
    E: Fit<Array1<bool>> + DecisionFunction,
    L: Label,
{
    fn fit_samples(&mut self, x: Samples<'_>, y: &Array1<L>) -> Result<()> {
        check_same_length(x.n_samples(), y.len())?;
        let classes = sorted_classes(y.iter());
        if classes.len() < 2 {
            return Err(Error::invalid(
                "y",
                "at least two classes",
                format!("{} class", classes.len()),
            ));
        }
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
        let classes = sorted_classes(y.iter());
        Some(y.iter().map(|label| class_index(&classes, label)).collect())
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
        let mut votes = Array2::<f64>::zeros((x.n_samples(), n_classes));
        let mut confidence = Array2::<f64>::zeros((x.n_samples(), n_classes));
        for (model, (i, j)) in models.iter().zip(pairs(n_classes)) {
            let scores = model.decision_function_samples(x)?;
            if scores.dim() != (x.n_samples(), 1) {
                return Err(Error::invalid(
                    "estimator",
                    format!(
                        "a binary classifier whose decision_function gives one score per sample ({}x1)",
                        x.n_samples()
                    ),
                    format!("scores of shape {}x{}", scores.nrows(), scores.ncols()),
                ));
            }
            for (s, &score) in scores.column(0).iter().enumerate() {
                confidence[[s, i]] -= score;
                confidence[[s, j]] += score;
                votes[[s, if score > 0.0 { j } else { i }]] += 1.0;
            }
        }
        Ok(votes + confidence.mapv(|c| c / (3.0 * (c.abs() + 1.0))))
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
