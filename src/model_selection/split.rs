//! Splits of samples into cross-validation folds, with scikit-learn's assignment when not
//! shuffled: [`KFold`] cuts the samples in order into folds whose sizes differ by at most one;
//! [`StratifiedKFold`] deals each class's samples into the folds in blocks so that every fold
//! has about the same class proportions (`StratifiedKFold._make_test_folds`).

use crate::error::{Error, Result};
use crate::estimator::Label;
use crate::metrics::labels::{class_index, sorted_classes};
use ndarray::{ArrayBase, Data, Ix1};

/// The folds of a cross-validation: for each, the training sample numbers and the test sample
/// numbers, both increasing.
pub type Folds = Vec<(Vec<usize>, Vec<usize>)>;

/// Something that splits samples into folds: a [`KFold`], a [`StratifiedKFold`], or a number of
/// folds (`3`), which means stratified folds for a classifier of single labels and plain ones
/// otherwise, as scikit-learn's `cv=3`.
pub trait CrossValidator: Sync {
    /// The folds of `n_samples` samples; `strata` holds each sample's class when the model is a
    /// classifier of single labels.
    fn folds(&self, n_samples: usize, strata: Option<&[usize]>) -> Result<Folds>;
}

impl CrossValidator for usize {
    fn folds(&self, n_samples: usize, strata: Option<&[usize]>) -> Result<Folds> {
        match strata {
            Some(classes) => StratifiedKFold::new(*self).split_strata(n_samples, classes),
            None => KFold::new(*self).split(n_samples),
        }
    }
}

/// Checks a number of folds against a number of samples.
fn check_n_splits(n_splits: usize, n_samples: usize) -> Result<()> {
    if n_splits < 2 {
        return Err(Error::invalid("n_splits", "at least 2 folds", n_splits));
    }
    if n_splits > n_samples {
        return Err(Error::invalid(
            "n_splits",
            format!("at most one fold per sample ({n_samples})"),
            n_splits,
        ));
    }
    Ok(())
}

/// Training and test sample numbers from each sample's fold.
fn folds_from_assignment(fold_of: &[usize], n_splits: usize) -> Folds {
    (0..n_splits)
        .map(|fold| {
            let (test, train): (Vec<usize>, Vec<usize>) =
                (0..fold_of.len()).partition(|&i| fold_of[i] == fold);
            (train, test)
        })
        .collect()
}

/// Consecutive folds, like scikit-learn's `KFold(n_splits)` without shuffling.
///
/// ```
/// use handson::prelude::*;
/// let folds = KFold::new(3).split(7)?;
/// assert_eq!(folds[0].1, [0, 1, 2]);
/// assert_eq!(folds[2], (vec![0, 1, 2, 3, 4], vec![5, 6]));
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KFold {
    n_splits: usize,
}

impl KFold {
    /// `n_splits` folds (at least 2).
    pub fn new(n_splits: usize) -> Self {
        KFold { n_splits }
    }

    /// The folds of `n_samples` samples: the first `n_samples % n_splits` test folds hold one
    /// sample more than the others.
    pub fn split(&self, n_samples: usize) -> Result<Folds> {
        check_n_splits(self.n_splits, n_samples)?;
        let (size, extra) = (n_samples / self.n_splits, n_samples % self.n_splits);
        let fold_of: Vec<usize> = (0..self.n_splits)
            .flat_map(|fold| std::iter::repeat_n(fold, size + usize::from(fold < extra)))
            .collect();
        Ok(folds_from_assignment(&fold_of, self.n_splits))
    }
}

impl CrossValidator for KFold {
    fn folds(&self, n_samples: usize, _strata: Option<&[usize]>) -> Result<Folds> {
        self.split(n_samples)
    }
}

/// Folds that keep the class proportions, like scikit-learn's `StratifiedKFold(n_splits)`
/// without shuffling.
///
/// ```
/// use handson::prelude::*;
/// let y = array![0u8, 0, 0, 1, 1, 1];
/// let folds = StratifiedKFold::new(3).split(&y)?;
/// assert_eq!(folds[0].1, [0, 3]);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StratifiedKFold {
    n_splits: usize,
}

impl StratifiedKFold {
    /// `n_splits` folds (at least 2, and at most the size of the smallest class).
    pub fn new(n_splits: usize) -> Self {
        StratifiedKFold { n_splits }
    }

    /// The folds of the samples labelled `y`.
    pub fn split<L: Label, S: Data<Elem = L>>(&self, y: &ArrayBase<S, Ix1>) -> Result<Folds> {
        let classes = sorted_classes(y.iter());
        let codes: Vec<usize> = y.iter().map(|label| class_index(&classes, label)).collect();
        self.split_classes(&codes)
    }

    /// The folds of `n_samples` samples whose classes are numbered `classes[i]`: fails unless
    /// there is one class number per sample.
    fn split_strata(&self, n_samples: usize, classes: &[usize]) -> Result<Folds> {
        if classes.len() != n_samples {
            return Err(Error::invalid(
                "strata",
                format!("one class number per sample ({n_samples})"),
                format!("{} class numbers", classes.len()),
            ));
        }
        self.split_classes(classes)
    }

    /// The folds of samples whose classes are numbered `classes[i]`.
    fn split_classes(&self, classes: &[usize]) -> Result<Folds> {
        let n_splits = self.n_splits;
        check_n_splits(n_splits, classes.len())?;
        // Number classes by first appearance, as scikit-learn does.
        let mut first_seen: Vec<Option<usize>> = Vec::new();
        let mut n_classes = 0;
        let encoded: Vec<usize> = classes
            .iter()
            .map(|&c| {
                if c >= first_seen.len() {
                    first_seen.resize(c + 1, None);
                }
                *first_seen[c].get_or_insert_with(|| {
                    n_classes += 1;
                    n_classes - 1
                })
            })
            .collect();
        let mut counts = vec![0; n_classes];
        for &k in &encoded {
            counts[k] += 1;
        }
        if let Some((class, &count)) = counts
            .iter()
            .enumerate()
            .find(|(_, count)| **count < n_splits)
        {
            return Err(Error::invalid(
                "cv",
                format!(
                    "at most as many folds as the smallest class has samples ({count}, class number {class} in order of appearance)"
                ),
                format!("{n_splits} folds"),
            ));
        }
        // Deal the samples, sorted by class, round robin into the folds; count per fold and class.
        let mut allocation = vec![vec![0; n_classes]; n_splits];
        let mut position = 0;
        for (k, &count) in counts.iter().enumerate() {
            for _ in 0..count {
                allocation[position % n_splits][k] += 1;
                position += 1;
            }
        }
        // Within a class, samples in order go to fold 0 first, then fold 1, ...
        let mut next_fold = vec![0; n_classes];
        let mut left_in_fold: Vec<usize> = (0..n_classes).map(|k| allocation[0][k]).collect();
        let fold_of: Vec<usize> = encoded
            .iter()
            .map(|&k| {
                while left_in_fold[k] == 0 {
                    next_fold[k] += 1;
                    left_in_fold[k] = allocation[next_fold[k]][k];
                }
                left_in_fold[k] -= 1;
                next_fold[k]
            })
            .collect();
        Ok(folds_from_assignment(&fold_of, n_splits))
    }
}

impl CrossValidator for StratifiedKFold {
    fn folds(&self, n_samples: usize, strata: Option<&[usize]>) -> Result<Folds> {
        match strata {
            Some(classes) => self.split_strata(n_samples, classes),
            None => Err(Error::invalid(
                "cv",
                "KFold or a number of folds for this model (stratified folds need a classifier of single labels)",
                format!("StratifiedKFold on {n_samples} samples"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn kfold_sizes_differ_by_at_most_one() {
        let folds = KFold::new(3).split(10).unwrap();
        let tests: Vec<Vec<usize>> = folds.iter().map(|(_, test)| test.clone()).collect();
        assert_eq!(tests, vec![vec![0, 1, 2, 3], vec![4, 5, 6], vec![7, 8, 9]]);
        assert_eq!(folds[1].0, vec![0, 1, 2, 3, 7, 8, 9]);
        assert!(KFold::new(1).split(10).is_err());
        assert!(KFold::new(11).split(10).is_err());
    }

    #[test]
    fn stratified_folds_match_scikit_learn() {
        // StratifiedKFold(3).split(X, y) test folds, from scikit-learn 1.9.1
        let y = array![1u8, 0, 2, 0, 1, 1, 0, 2, 2, 1, 0, 0, 1, 2];
        let folds = StratifiedKFold::new(3).split(&y).unwrap();
        let tests: Vec<Vec<usize>> = folds.iter().map(|(_, test)| test.clone()).collect();
        assert_eq!(
            tests,
            vec![
                vec![0, 1, 2, 3, 4],
                vec![5, 6, 7, 8, 9],
                vec![10, 11, 12, 13]
            ]
        );
    }

    #[test]
    fn too_many_folds_for_a_class_is_an_error() {
        let y = array![0u8, 0, 0, 1, 1];
        assert!(
            StratifiedKFold::new(3)
                .split(&y)
                .unwrap_err()
                .to_string()
                .contains("smallest class")
        );
        assert!(StratifiedKFold::new(2).split(&y).is_ok());
        assert!(3.folds(5, None).is_ok());
        assert!(3.folds(5, Some(&[0, 0, 0, 1, 1])).is_err());
    }

    #[test]
    fn strata_need_one_class_per_sample() {
        let strata = [0, 1, 0, 1, 0, 1];
        assert!(2.folds(6, Some(&strata)).is_ok());
        for n_samples in [4, 8] {
            for err in [
                2.folds(n_samples, Some(&strata)).unwrap_err(),
                StratifiedKFold::new(2)
                    .folds(n_samples, Some(&strata))
                    .unwrap_err(),
            ] {
                assert!(matches!(&err, Error::InvalidArgument { name, .. } if *name == "strata"));
                assert!(err.to_string().contains("6 class numbers"), "{err}");
            }
        }
    }
}
