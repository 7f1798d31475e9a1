//! Threshold curves of a binary classifier's scores: precision-recall and ROC curves and the
//! area under the ROC curve, with scikit-learn's threshold semantics.
//!
//! The thresholds are the distinct scores; at threshold `s` a sample is predicted positive when
//! its score is `>= s`. `precision_recall_curve` lists them in increasing order and ends its
//! precision and recall with an extra point (1, 0); `roc_curve` lists them in decreasing order,
//! starts with `+inf` (nothing predicted positive), and drops points collinear with their
//! neighbours (scikit-learn's default `drop_intermediate=True`).

use ndarray::{Array1, ArrayBase, ArrayView1, Data, Ix1, Ix2};

use crate::error::{Error, Result};
use crate::metrics::numpy_sum::pairwise_sum;

/// Scores of a binary classifier: a 1-D array, or a 2-D array with a single column (what
/// `decision_function` and `cross_val_predict_with(..., decision_function)` return for two
/// classes).
pub trait BinaryScores {
    /// The scores as one column. Fails for a 2-D array with more than one column.
    fn score_column(&self) -> Result<ArrayView1<'_, f64>>;
}

impl<S: Data<Elem = f64>> BinaryScores for ArrayBase<S, Ix1> {
    fn score_column(&self) -> Result<ArrayView1<'_, f64>> {
        Ok(self.view())
    }
}

impl<S: Data<Elem = f64>> BinaryScores for ArrayBase<S, Ix2> {
    fn score_column(&self) -> Result<ArrayView1<'_, f64>> {
        match self.ncols() {
            1 => Ok(self.column(0)),
            n => Err(Error::invalid(
                "y_score",
                "one score per sample (a 1-D array or a single column; pick a class's column with `.column(j)`)",
                format!("{n} columns"),
            )),
        }
    }
}

/// Counts of true and false positives at each distinct score, highest score first
/// (scikit-learn's `confusion_matrix_at_thresholds`).
struct ThresholdCounts {
    fps: Vec<f64>,
    tps: Vec<f64>,
    thresholds: Vec<f64>,
}

/// Sorts the scores in decreasing order and counts positives at each distinct score.
fn threshold_counts<S: Data<Elem = bool>>(
    y_true: &ArrayBase<S, Ix1>,
    scores: ArrayView1<'_, f64>,
) -> Result<ThresholdCounts> {
    if y_true.is_empty() {
        return Err(Error::invalid(
            "y_true",
            "at least one sample",
            "an empty array",
        ));
    }
    if scores.len() != y_true.len() {
        return Err(Error::invalid(
            "y_score",
            format!("{} scores, one per label of y_true", y_true.len()),
            scores.len(),
        ));
    }
    if let Some(bad) = scores.iter().find(|s| !s.is_finite()) {
        return Err(Error::invalid("y_score", "finite scores", bad));
    }
    let positives = y_true.iter().filter(|&&t| t).count();
    if positives == 0 || positives == y_true.len() {
        return Err(Error::invalid(
            "y_true",
            "both positive (true) and negative (false) samples: the curve is undefined for one class",
            format!("{} samples, all {}", y_true.len(), positives > 0),
        ));
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut counts = ThresholdCounts {
        fps: Vec::new(),
        tps: Vec::new(),
        thresholds: Vec::new(),
    };
    let mut tp = 0.0;
    for (k, &i) in order.iter().enumerate() {
        if y_true[i] {
            tp += 1.0;
        }
        // `0.0 == -0.0`: like NumPy's `diff`, a sign of zero does not separate thresholds.
        let last_of_value = order
            .get(k + 1)
            .is_none_or(|&next| scores[next] != scores[i]);
        if last_of_value {
            counts.tps.push(tp);
            counts.fps.push((k + 1) as f64 - tp);
            counts.thresholds.push(scores[i]);
        }
    }
    Ok(counts)
}

/// Precision and recall at every threshold, like scikit-learn's `precision_recall_curve`:
/// returns `(precisions, recalls, thresholds)`, where `precisions[i]` and `recalls[i]` are those
/// of predicting positive the samples with a score `>= thresholds[i]`, thresholds increase, and
/// the curves end with one extra point, precision 1 and recall 0.
///
/// ```
/// use handson::prelude::*;
/// let y_true = array![false, false, true, true];
/// let y_scores = array![0.1, 0.4, 0.35, 0.8];
/// let (precisions, recalls, thresholds) = precision_recall_curve(&y_true, &y_scores)?;
/// assert_eq!(thresholds, array![0.1, 0.35, 0.4, 0.8]);
/// assert_eq!(precisions, array![0.5, 2.0 / 3.0, 0.5, 1.0, 1.0]);
/// assert_eq!(recalls, array![1.0, 1.0, 0.5, 0.5, 0.0]);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn precision_recall_curve<S, Y>(
    y_true: &ArrayBase<S, Ix1>,
    y_score: &Y,
) -> Result<(Array1<f64>, Array1<f64>, Array1<f64>)>
where
    S: Data<Elem = bool>,
    Y: BinaryScores + ?Sized,
{
    let counts = threshold_counts(y_true, y_score.score_column()?)?;
    let total_tp = counts.tps.last().copied().unwrap_or(0.0);
    let precisions = counts
        .tps
        .iter()
        .zip(&counts.fps)
        .rev()
        .map(|(tp, fp)| tp / (tp + fp))
        .chain([1.0]);
    let recalls = counts.tps.iter().rev().map(|tp| tp / total_tp).chain([0.0]);
    Ok((
        precisions.collect(),
        recalls.collect(),
        counts.thresholds.iter().rev().copied().collect(),
    ))
}

/// The receiver operating characteristic, like scikit-learn's `roc_curve`: returns
/// `(false_positive_rates, true_positive_rates, thresholds)` with thresholds decreasing from
/// `+inf`, keeping only the points where the curve turns.
///
/// ```
/// use handson::prelude::*;
/// let y_true = array![false, false, true, true];
/// let (fpr, tpr, thresholds) = roc_curve(&y_true, &array![0.1, 0.4, 0.35, 0.8])?;
/// assert_eq!(fpr, array![0.0, 0.0, 0.5, 0.5, 1.0]);
/// assert_eq!(tpr, array![0.0, 0.5, 0.5, 1.0, 1.0]);
/// assert_eq!(thresholds, array![f64::INFINITY, 0.8, 0.4, 0.35, 0.1]);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn roc_curve<S, Y>(
    y_true: &ArrayBase<S, Ix1>,
    y_score: &Y,
) -> Result<(Array1<f64>, Array1<f64>, Array1<f64>)>
where
    S: Data<Elem = bool>,
    Y: BinaryScores + ?Sized,
{
    let counts = threshold_counts(y_true, y_score.score_column()?)?;
    let n = counts.tps.len();
    // Keep the ends and every point where the second difference of fps or tps is non-zero.
    let turns = |v: &[f64], i: usize| (v[i + 1] - v[i]) - (v[i] - v[i - 1]) != 0.0;
    let keep: Vec<usize> = if n > 2 {
        (0..n)
            .filter(|&i| i == 0 || i == n - 1 || turns(&counts.fps, i) || turns(&counts.tps, i))
            .collect()
    } else {
        (0..n).collect()
    };
    let (total_fp, total_tp) = (counts.fps[n - 1], counts.tps[n - 1]);
    let fpr = [0.0]
        .into_iter()
        .chain(keep.iter().map(|&i| counts.fps[i] / total_fp));
    let tpr = [0.0]
        .into_iter()
        .chain(keep.iter().map(|&i| counts.tps[i] / total_tp));
    let thresholds = [f64::INFINITY]
        .into_iter()
        .chain(keep.iter().map(|&i| counts.thresholds[i]));
    Ok((fpr.collect(), tpr.collect(), thresholds.collect()))
}

/// The area under the ROC curve, like scikit-learn's `roc_auc_score` for binary targets: the
/// trapezoidal area under [`roc_curve`], summed in NumPy's order.
///
/// ```
/// use handson::prelude::*;
/// let y_true = array![false, false, true, true];
/// assert_eq!(roc_auc_score(&y_true, &array![0.1, 0.4, 0.35, 0.8])?, 0.75);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn roc_auc_score<S, Y>(y_true: &ArrayBase<S, Ix1>, y_score: &Y) -> Result<f64>
where
    S: Data<Elem = bool>,
    Y: BinaryScores + ?Sized,
{
    let (fpr, tpr, _) = roc_curve(y_true, y_score)?;
    let areas: Vec<f64> = (1..fpr.len())
        .map(|i| (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2.0)
        .collect();
    Ok(pairwise_sum(&areas))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn tied_scores_share_one_threshold() {
        let y_true = array![true, false, true, false, true];
        let scores = array![0.9, 0.5, 0.5, 0.5, 0.1];
        let (p, r, t) = precision_recall_curve(&y_true, &scores).unwrap();
        assert_eq!(t, array![0.1, 0.5, 0.9]);
        assert_eq!(p, array![0.6, 0.5, 1.0, 1.0]);
        assert_eq!(r, array![1.0, 2.0 / 3.0, 1.0 / 3.0, 0.0]);
    }

    #[test]
    fn roc_drops_collinear_points() {
        // The point at threshold 2 lies on the straight segment from (0, 1) to (1, 1).
        let y_true = array![true, true, false, false];
        let scores = array![4.0, 3.0, 2.0, 1.0];
        let (fpr, tpr, t) = roc_curve(&y_true, &scores).unwrap();
        assert_eq!(t, array![f64::INFINITY, 4.0, 3.0, 1.0]);
        assert_eq!(fpr, array![0.0, 0.0, 0.0, 1.0]);
        assert_eq!(tpr, array![0.0, 0.5, 1.0, 1.0]);
        assert_eq!(roc_auc_score(&y_true, &scores).unwrap(), 1.0);
        assert_eq!(roc_auc_score(&y_true, &scores.mapv(|s| -s)).unwrap(), 0.0);
    }

    #[test]
    fn single_column_scores_are_accepted() {
        let y_true = array![false, true];
        assert_eq!(roc_auc_score(&y_true, &array![[0.2], [0.7]]).unwrap(), 1.0);
        assert!(roc_auc_score(&y_true, &array![[0.2, 0.1], [0.7, 0.3]]).is_err());
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(roc_curve(&array![true, true], &array![0.1, 0.2]).is_err());
        assert!(precision_recall_curve(&array![false, false], &array![0.1, 0.2]).is_err());
        assert!(roc_auc_score(&array![true, false], &array![0.1]).is_err());
        assert!(roc_auc_score(&array![true, false], &array![0.1, f64::NAN]).is_err());
        assert!(
            roc_auc_score(&Array1::<bool>::from_vec(vec![]), &Array1::<f64>::zeros(0)).is_err()
        );
    }
}
