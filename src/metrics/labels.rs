//! The class targets that classification metrics accept: a 1-D array of labels of any
//! [`Label`] type, or a 2-D boolean multilabel indicator (one column per label), owned or
//! viewed. Also the shared helpers that find the sorted classes and check two targets agree.

use ndarray::{ArrayBase, ArrayView1, ArrayView2, Data, Ix1, Ix2};

use crate::error::{Error, Result};
use crate::estimator::Label;

/// A borrowed view of class targets, as [`ClassTargets::class_view`] gives it.
#[derive(Debug, Clone, Copy)]
pub enum ClassView<'a, L> {
    /// One label per sample.
    Labels(ArrayView1<'a, L>),
    /// One row per sample, one column per label, `true` where the label applies.
    Multilabel(ArrayView2<'a, bool>),
}

/// Class targets a metric can compare: implemented for 1-D arrays of labels and for 2-D boolean
/// multilabel indicators, so `f1_score(&y, &y_pred, Average::Macro)` works for both.
pub trait ClassTargets {
    /// The label type (`bool` for multilabel indicators).
    type Label: Label;

    /// A view of the targets.
    fn class_view(&self) -> ClassView<'_, Self::Label>;
}

impl<L: Label, S: Data<Elem = L>> ClassTargets for ArrayBase<S, Ix1> {
    type Label = L;

    fn class_view(&self) -> ClassView<'_, L> {
        ClassView::Labels(self.view())
    }
}

impl<S: Data<Elem = bool>> ClassTargets for ArrayBase<S, Ix2> {
    type Label = bool;

    fn class_view(&self) -> ClassView<'_, bool> {
        ClassView::Multilabel(self.view())
    }
}

/// Two targets of the same kind and size, checked: the form every metric works on.
pub(crate) enum Pair<'a, L> {
    /// Two label vectors of equal, non-zero length.
    Labels(ArrayView1<'a, L>, ArrayView1<'a, L>),
    /// Two multilabel indicators of equal, non-empty shape.
    Multilabel(ArrayView2<'a, bool>, ArrayView2<'a, bool>),
}

/// Checks that `y_true` and `y_pred` are the same kind of targets, non-empty and of equal size.
pub(crate) fn pair<'a, L: Label>(
    y_true: ClassView<'a, L>,
    y_pred: ClassView<'a, L>,
) -> Result<Pair<'a, L>> {
    match (y_true, y_pred) {
        (ClassView::Labels(t), ClassView::Labels(p)) => {
            if t.is_empty() {
                return Err(Error::invalid(
                    "y_true",
                    "at least one sample",
                    "an empty array",
                ));
            }
            if t.len() != p.len() {
                return Err(Error::invalid(
                    "y_pred",
                    format!("{} labels, as y_true", t.len()),
                    p.len(),
                ));
            }
            Ok(Pair::Labels(t, p))
        }
        (ClassView::Multilabel(t), ClassView::Multilabel(p)) => {
            if t.is_empty() {
                return Err(Error::invalid(
                    "y_true",
                    "at least one sample and one label",
                    format!("shape {:?}", t.dim()),
                ));
            }
            if t.dim() != p.dim() {
                return Err(Error::invalid(
                    "y_pred",
                    format!("shape {:?}, as y_true", t.dim()),
                    format!("shape {:?}", p.dim()),
                ));
            }
            Ok(Pair::Multilabel(t, p))
        }
        _ => Err(Error::invalid(
            "y_pred",
            "the same kind of targets as y_true (both 1-D labels or both 2-D multilabel indicators)",
            "one of each",
        )),
    }
}

/// The distinct labels of all `values`, sorted (scikit-learn's `unique_labels`).
pub(crate) fn sorted_classes<'a, L: Label + 'a>(values: impl IntoIterator<Item = &'a L>) -> Vec<L> {
    let mut classes: Vec<L> = values.into_iter().cloned().collect();
    classes.sort_unstable();
    classes.dedup();
    classes
}

/// The sorted classes of the targets `y` of a classifier's `fit`, which needs at least two:
/// fewer is an error that lists them.
pub(crate) fn classes_to_learn<'a, L: Label + 'a>(
    y: impl IntoIterator<Item = &'a L>,
) -> Result<Vec<L>> {
    let classes = sorted_classes(y);
    if classes.len() < 2 {
        return Err(Error::invalid(
            "y",
            "at least two classes",
            format!(
                "{} class{}: {classes:?}",
                classes.len(),
                if classes.len() == 1 { "" } else { "es" }
            ),
        ));
    }
    Ok(classes)
}

/// The position of `label` in the sorted `classes` (which must contain it).
pub(crate) fn class_index<L: Label>(classes: &[L], label: &L) -> usize {
    classes
        .binary_search(label)
        .unwrap_or_else(|insert_at| insert_at)
}
