//! Box plots (`plt.boxplot`): for each group of numbers, a box from the first to the third
//! quartile with a line at the median, whiskers to the furthest values within 1.5 times the box's
//! height, and the values beyond drawn as points, as matplotlib does.

use crate::error::{Error, Result};
use crate::plot::axes::Plot;

/// The five numbers a box shows, and the values outside the whiskers.
#[derive(Debug, Clone, PartialEq)]
struct BoxStats {
    q1: f64,
    median: f64,
    q3: f64,
    low_whisker: f64,
    high_whisker: f64,
    outliers: Vec<f64>,
}

/// NumPy's default percentile: linear interpolation between the closest ranks.
fn percentile(sorted: &[f64], q: f64) -> f64 {
    let rank = q * (sorted.len() - 1) as f64;
    let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
    sorted[low] + (sorted[high] - sorted[low]) * (rank - low as f64)
}

fn box_stats(values: &[f64]) -> BoxStats {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (q1, median, q3) = (
        percentile(&sorted, 0.25),
        percentile(&sorted, 0.5),
        percentile(&sorted, 0.75),
    );
    let reach = 1.5 * (q3 - q1);
    let inside = |v: &&f64| **v >= q1 - reach && **v <= q3 + reach;
    let low_whisker = sorted.iter().find(inside).copied().unwrap_or(q1);
    let high_whisker = sorted.iter().rev().find(inside).copied().unwrap_or(q3);
    let outliers = sorted.iter().copied().filter(|v| !inside(&v)).collect();
    BoxStats {
        q1,
        median,
        q3,
        low_whisker,
        high_whisker,
        outliers,
    }
}

/// A box plot of each `(label, values)` group, at x = 1, 2, ..., with the labels under the boxes.
/// Fails on no groups, an empty group or a value that is not finite.
///
/// ```
/// use handson::plot::boxplot;
/// let svm = [0.8, 0.82, 0.85, 0.79, 0.9];
/// let forest = [0.81, 0.8, 0.84, 0.78, 0.83];
/// let fig = boxplot(&[("SVM", &svm[..]), ("Random Forest", &forest[..])])?
///     .ylabel("Accuracy")
///     .figure()?;
/// assert!(fig.size().0 > 0);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn boxplot(groups: &[(&str, &[f64])]) -> Result<Plot> {
    if groups.is_empty() {
        return Err(Error::invalid(
            "groups",
            "at least one group of values",
            "none",
        ));
    }
    let mut plot = Plot::new();
    let (mut ymin, mut ymax) = (f64::INFINITY, f64::NEG_INFINITY);
    for (i, (label, values)) in groups.iter().enumerate() {
        if values.is_empty() {
            return Err(Error::invalid(
                "groups",
                "at least one value in every group",
                format!("{label:?} is empty"),
            ));
        }
        if let Some(v) = values.iter().find(|v| !v.is_finite()) {
            return Err(Error::invalid(
                "groups",
                "finite values",
                format!("{v} in {label:?}"),
            ));
        }
        let s = box_stats(values);
        let x = (i + 1) as f64;
        let (left, right) = (x - 0.25, x + 0.25);
        plot = plot
            .line(
                [left, right, right, left, left],
                [s.q1, s.q1, s.q3, s.q3, s.q1],
                "k-",
                "",
            )
            .line([left, right], [s.median, s.median], "C1-", "")
            .line([x, x], [s.q1, s.low_whisker], "k-", "")
            .line([x, x], [s.q3, s.high_whisker], "k-", "")
            .line(
                [x - 0.12, x + 0.12],
                [s.low_whisker, s.low_whisker],
                "k-",
                "",
            )
            .line(
                [x - 0.12, x + 0.12],
                [s.high_whisker, s.high_whisker],
                "k-",
                "",
            );
        if !s.outliers.is_empty() {
            plot = plot.scatter(vec![x; s.outliers.len()], s.outliers.clone(), "ko", "");
        }
        ymin = ymin
            .min(s.low_whisker)
            .min(s.outliers.iter().copied().fold(f64::INFINITY, f64::min));
        ymax = ymax
            .max(s.high_whisker)
            .max(s.outliers.iter().copied().fold(f64::NEG_INFINITY, f64::max));
    }
    let margin = ((ymax - ymin) * 0.15).max(1e-3);
    let label_y = ymin - margin * 0.6;
    for (i, (label, _)) in groups.iter().enumerate() {
        plot = plot.text((i + 1) as f64 - 0.02 * label.len() as f64, label_y, label);
    }
    Ok(plot.axis(
        0.4,
        groups.len() as f64 + 0.6,
        ymin - margin,
        ymax + margin * 0.5,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_whiskers_and_outliers_as_matplotlib() {
        let s = box_stats(&[1.0, 2.0, 3.0, 4.0, 100.0]);
        assert_eq!((s.q1, s.median, s.q3), (2.0, 3.0, 4.0));
        assert_eq!((s.low_whisker, s.high_whisker), (1.0, 4.0));
        assert_eq!(s.outliers, vec![100.0]);
        let s = box_stats(&[0.5]);
        assert_eq!(
            (s.q1, s.median, s.q3, s.low_whisker, s.high_whisker),
            (0.5, 0.5, 0.5, 0.5, 0.5)
        );
    }

    #[test]
    fn bad_groups_are_errors() {
        assert!(boxplot(&[]).is_err());
        assert!(boxplot(&[("a", &[][..])]).is_err());
        assert!(boxplot(&[("a", &[f64::NAN][..])]).is_err());
    }
}
