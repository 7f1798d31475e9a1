//! Scores of predicted classes against true ones: the confusion matrix, accuracy, and precision,
//! recall and F1 with scikit-learn's averages, for single labels and multilabel indicators.
//!
//! Definitions follow scikit-learn's `precision_recall_fscore_support`: per label, precision is
//! `tp / (tp + fp)`, recall `tp / (tp + fn)`, F1 `2 tp / (2 tp + fp + fn)`; a ratio with a zero
//! denominator is 0 (scikit-learn's `zero_division="warn"` value, without the warning). Labels
//! are the sorted union of the true and predicted labels, or the indicator columns.

use ndarray::{Array2, Zip};

use crate::error::{Error, Result};
use crate::estimator::Label;
use crate::metrics::labels::{ClassTargets, Pair, class_index, pair, sorted_classes};
use crate::metrics::numpy_sum::{mean, pairwise_sum};

/// How per-label scores combine into one number, as scikit-learn's `average=` argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Average {
    /// The score of the positive class only, for two classes: the larger label (`true` for
    /// `bool`, 1 for 0/1 labels). An error for more than two classes or multilabel targets.
    Binary,
    /// Counts pooled over all labels, then one ratio.
    Micro,
    /// The unweighted mean of the per-label scores.
    Macro,
    /// The mean of the per-label scores weighted by each label's number of true samples.
    Weighted,
}

/// True positives, predicted positives and actual positives of each label.
struct Counts {
    tp: Vec<usize>,
    predicted: Vec<usize>,
    actual: Vec<usize>,
}

/// The counts behind precision and recall for each label selected by `average`.
fn label_counts<L: Label>(pair: &Pair<'_, L>, average: Average) -> Result<Counts> {
    match pair {
        Pair::Labels(t, p) => {
            let classes = sorted_classes(t.iter().chain(p.iter()));
            let n = classes.len();
            let mut counts = Counts {
                tp: vec![0; n],
                predicted: vec![0; n],
                actual: vec![0; n],
            };
            for (truth, guess) in t.iter().zip(p.iter()) {
                let (i, j) = (class_index(&classes, truth), class_index(&classes, guess));
                counts.actual[i] += 1;
                counts.predicted[j] += 1;
                if i == j {
                    counts.tp[i] += 1;
                }
            }
            if average == Average::Binary {
                match n {
                    2 => Ok(Counts {
                        tp: vec![counts.tp[1]],
                        predicted: vec![counts.predicted[1]],
                        actual: vec![counts.actual[1]],
                    }),
                    _ => Err(Error::invalid(
                        "average",
                        "Average::Micro, Macro or Weighted, since Average::Binary needs exactly two classes",
                        format!("Average::Binary with {n} classes: {classes:?}"),
                    )),
                }
            } else {
                Ok(counts)
            }
        }
        Pair::Multilabel(t, p) => {
            if average == Average::Binary {
                return Err(Error::invalid(
                    "average",
                    "Average::Micro, Macro or Weighted for multilabel targets",
                    "Average::Binary",
                ));
            }
            let n = t.ncols();
            let mut counts = Counts {
                tp: vec![0; n],
                predicted: vec![0; n],
                actual: vec![0; n],
            };
            Zip::indexed(t)
                .and(p)
                .for_each(|(_, label), &truth, &guess| {
                    counts.actual[label] += usize::from(truth);
                    counts.predicted[label] += usize::from(guess);
                    counts.tp[label] += usize::from(truth && guess);
                });
            Ok(counts)
        }
    }
}

/// `numerator / denominator`, or 0 when the denominator is 0.
fn ratio(numerator: f64, denominator: f64) -> f64 {
    if denominator == 0.0 {
        0.0
    } else {
        numerator / denominator
    }
}

/// Which score of [`precision_recall_f1`] to compute.
#[derive(Clone, Copy)]
enum Score {
    Precision,
    Recall,
    F1,
}

/// One averaged score, computed as scikit-learn computes it.
fn averaged_score<T, P>(y_true: &T, y_pred: &P, average: Average, score: Score) -> Result<f64>
where
    T: ClassTargets + ?Sized,
    P: ClassTargets<Label = T::Label> + ?Sized,
{
    let pair = pair(y_true.class_view(), y_pred.class_view())?;
    let mut counts = label_counts(&pair, average)?;
    if average == Average::Micro {
        counts = Counts {
            tp: vec![counts.tp.iter().sum()],
            predicted: vec![counts.predicted.iter().sum()],
            actual: vec![counts.actual.iter().sum()],
        };
    }
    let per_label: Vec<f64> = (0..counts.tp.len())
        .map(|i| {
            let (tp, predicted, actual) = (
                counts.tp[i] as f64,
                counts.predicted[i] as f64,
                counts.actual[i] as f64,
            );
            match score {
                Score::Precision => ratio(tp, predicted),
                Score::Recall => ratio(tp, actual),
                Score::F1 => ratio(2.0 * tp, actual + predicted),
            }
        })
        .collect();
    Ok(match average {
        Average::Weighted => {
            let total: usize = counts.actual.iter().sum();
            if total == 0 {
                mean(&per_label)
            } else {
                let weighted: Vec<f64> = per_label
                    .iter()
                    .zip(&counts.actual)
                    .map(|(s, &w)| s * w as f64)
                    .collect();
                pairwise_sum(&weighted) / total as f64
            }
        }
        _ => mean(&per_label),
    })
}

/// The confusion matrix: entry `[i, j]` counts the samples of class `i` predicted as class `j`,
/// classes being the sorted union of the labels in `y_true` and `y_pred` (scikit-learn's
/// `confusion_matrix`). Multilabel indicators are an error, as in scikit-learn.
///
/// ```
/// use handson::prelude::*;
/// let cm = confusion_matrix(&array![0u8, 1, 1, 2], &array![0u8, 1, 2, 2])?;
/// assert_eq!(cm, array![[1, 0, 0], [0, 1, 1], [0, 0, 1]]);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn confusion_matrix<T, P>(y_true: &T, y_pred: &P) -> Result<Array2<usize>>
where
    T: ClassTargets + ?Sized,
    P: ClassTargets<Label = T::Label> + ?Sized,
{
    match pair(y_true.class_view(), y_pred.class_view())? {
        Pair::Labels(t, p) => {
            let classes = sorted_classes(t.iter().chain(p.iter()));
            let mut matrix = Array2::zeros((classes.len(), classes.len()));
            for (truth, guess) in t.iter().zip(p.iter()) {
                matrix[[class_index(&classes, truth), class_index(&classes, guess)]] += 1;
            }
            Ok(matrix)
        }
        Pair::Multilabel(..) => Err(Error::invalid(
            "y_true",
            "1-D labels (a confusion matrix of multilabel targets is one 2x2 matrix per label)",
            "a 2-D multilabel indicator",
        )),
    }
}

/// The fraction of samples predicted exactly right; for multilabel indicators, of rows whose
/// every label is right (scikit-learn's `accuracy_score`).
///
/// ```
/// use handson::prelude::*;
/// assert_eq!(accuracy_score(&array![5u8, 0, 4, 1], &array![5u8, 0, 9, 1])?, 0.75);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn accuracy_score<T, P>(y_true: &T, y_pred: &P) -> Result<f64>
where
    T: ClassTargets + ?Sized,
    P: ClassTargets<Label = T::Label> + ?Sized,
{
    let (right, n) = match pair(y_true.class_view(), y_pred.class_view())? {
        Pair::Labels(t, p) => (
            t.iter().zip(p.iter()).filter(|(a, b)| a == b).count(),
            t.len(),
        ),
        Pair::Multilabel(t, p) => (
            t.outer_iter()
                .zip(p.outer_iter())
                .filter(|(a, b)| a == b)
                .count(),
            t.nrows(),
        ),
    };
    Ok(right as f64 / n as f64)
}

/// Precision, `tp / (tp + fp)`: of the samples predicted positive, the fraction that are
/// (scikit-learn's `precision_score`). No predicted positives gives 0.
///
/// ```
/// use handson::prelude::*;
/// let y_true = array![true, true, false, false];
/// let y_pred = array![true, false, true, false];
/// assert_eq!(precision_score(&y_true, &y_pred, Average::Binary)?, 0.5);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn precision_score<T, P>(y_true: &T, y_pred: &P, average: Average) -> Result<f64>
where
    T: ClassTargets + ?Sized,
    P: ClassTargets<Label = T::Label> + ?Sized,
{
    averaged_score(y_true, y_pred, average, Score::Precision)
}

/// Recall, `tp / (tp + fn)`: of the positive samples, the fraction predicted positive
/// (scikit-learn's `recall_score`). No actual positives gives 0.
///
/// ```
/// use handson::prelude::*;
/// let y_true = array![true, true, true, false];
/// let y_pred = array![true, false, false, true];
/// assert_eq!(recall_score(&y_true, &y_pred, Average::Binary)?, 1.0 / 3.0);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn recall_score<T, P>(y_true: &T, y_pred: &P, average: Average) -> Result<f64>
where
    T: ClassTargets + ?Sized,
    P: ClassTargets<Label = T::Label> + ?Sized,
{
    averaged_score(y_true, y_pred, average, Score::Recall)
}

/// F1, the harmonic mean of precision and recall, `2 tp / (2 tp + fp + fn)` (scikit-learn's
/// `f1_score`). No positives at all gives 0.
///
/// ```
/// use handson::prelude::*;
/// let y_true = array![[true, false], [false, true]];
/// let y_pred = array![[true, false], [true, true]];
/// assert_eq!(f1_score(&y_true, &y_pred, Average::Macro)?, (2.0 / 3.0 + 1.0) / 2.0);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn f1_score<T, P>(y_true: &T, y_pred: &P, average: Average) -> Result<f64>
where
    T: ClassTargets + ?Sized,
    P: ClassTargets<Label = T::Label> + ?Sized,
{
    averaged_score(y_true, y_pred, average, Score::F1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, array};

    #[test]
    fn confusion_matrix_counts_true_rows_against_predicted_columns() {
        let y_true = array![2u8, 0, 2, 2, 0, 1];
        let y_pred = array![0u8, 0, 2, 2, 0, 2];
        assert_eq!(
            confusion_matrix(&y_true, &y_pred).unwrap(),
            array![[2, 0, 0], [0, 0, 1], [1, 0, 2]]
        );
        // A label that only appears in the predictions still gets a row and a column.
        assert_eq!(
            confusion_matrix(&array![1u8, 1], &array![1u8, 3]).unwrap(),
            array![[1, 1], [0, 0]]
        );
        assert!(confusion_matrix(&array![[true]], &array![[true]]).is_err());
    }

    #[test]
    fn accuracy_of_labels_and_of_multilabel_rows() {
        assert_eq!(
            accuracy_score(&array!["a", "b", "c"], &array!["a", "c", "c"]).unwrap(),
            2.0 / 3.0
        );
        let y = array![[true, false], [false, true]];
        let p = array![[true, false], [true, true]];
        assert_eq!(accuracy_score(&y, &p).unwrap(), 0.5);
    }

    #[test]
    fn binary_scores_by_hand() {
        // tp = 2, fp = 1, fn = 2
        let y_true = array![true, true, true, true, false, false];
        let y_pred = array![true, true, false, false, true, false];
        assert_eq!(
            precision_score(&y_true, &y_pred, Average::Binary).unwrap(),
            2.0 / 3.0
        );
        assert_eq!(
            recall_score(&y_true, &y_pred, Average::Binary).unwrap(),
            0.5
        );
        assert_eq!(
            f1_score(&y_true, &y_pred, Average::Binary).unwrap(),
            4.0 / 7.0
        );
        // With 0/1 labels the positive class is 1.
        let t = y_true.mapv(u8::from);
        let p = y_pred.mapv(u8::from);
        assert_eq!(f1_score(&t, &p, Average::Binary).unwrap(), 4.0 / 7.0);
    }

    #[test]
    fn zero_division_gives_zero() {
        let y_true = array![true, false];
        let none = array![false, false];
        assert_eq!(
            precision_score(&y_true, &none, Average::Binary).unwrap(),
            0.0
        );
        assert_eq!(f1_score(&y_true, &none, Average::Binary).unwrap(), 0.0);
        assert_eq!(recall_score(&none, &y_true, Average::Binary).unwrap(), 0.0);
        // Class 2 is never predicted: its precision counts as 0 in the macro average.
        let y_true = array![0u8, 1, 2];
        let y_pred = array![0u8, 1, 1];
        assert_eq!(
            precision_score(&y_true, &y_pred, Average::Macro).unwrap(),
            (1.0 + 0.5 + 0.0) / 3.0
        );
    }

    #[test]
    fn multiclass_averages_by_hand() {
        let y_true = array![0u8, 0, 0, 1, 1, 2];
        let y_pred = array![0u8, 0, 1, 1, 2, 2];
        // per class: precision 1, 1/2, 1/2; recall 2/3, 1/2, 1; support 3, 2, 1
        let macro_p = precision_score(&y_true, &y_pred, Average::Macro).unwrap();
        assert_eq!(macro_p, (1.0 + 0.5 + 0.5) / 3.0);
        let weighted_r = recall_score(&y_true, &y_pred, Average::Weighted).unwrap();
        assert_eq!(weighted_r, (2.0 / 3.0 * 3.0 + 0.5 * 2.0 + 1.0) / 6.0);
        // Micro precision of single labels is the accuracy.
        assert_eq!(
            precision_score(&y_true, &y_pred, Average::Micro).unwrap(),
            4.0 / 6.0
        );
        let f1 = f1_score(&y_true, &y_pred, Average::Macro).unwrap();
        assert_eq!(f1, (0.8 + 0.5 + 2.0 / 3.0) / 3.0);
        assert!(precision_score(&y_true, &y_pred, Average::Binary).is_err());
    }

    #[test]
    fn multilabel_scores_by_hand() {
        let y_true = array![[true, true], [false, true], [true, false]];
        let y_pred = array![[true, false], [false, true], [false, false]];
        // label 0: tp 1, fp 0, fn 1; label 1: tp 1, fp 0, fn 1
        assert_eq!(recall_score(&y_true, &y_pred, Average::Macro).unwrap(), 0.5);
        assert_eq!(
            precision_score(&y_true, &y_pred, Average::Micro).unwrap(),
            1.0
        );
        assert_eq!(
            f1_score(&y_true, &y_pred, Average::Micro).unwrap(),
            4.0 / 6.0
        );
        assert!(f1_score(&y_true, &y_pred, Average::Binary).is_err());
    }

    #[test]
    fn bad_input_is_an_error() {
        let empty = Array1::<u8>::zeros(0);
        assert!(accuracy_score(&empty, &empty).is_err());
        assert!(f1_score(&array![1u8, 2], &array![1u8], Average::Macro).is_err());
        assert!(accuracy_score(&array![[true, false]], &array![[true]]).is_err());
        let one_class = array![true, true];
        assert!(f1_score(&one_class, &one_class, Average::Binary).is_err());
    }
}
