//! [`stratified_split_indices`]: a random train/test split that keeps each class's share, drawn
//! exactly as scikit-learn's `StratifiedShuffleSplit` (and so
//! `train_test_split(..., stratify=y, random_state=...)`) draws it.

use ndarray::{ArrayBase, Data, Ix1};

use crate::error::{Error, Result};
use crate::estimator::Label;
use crate::metrics::labels::{class_index, sorted_classes};
use crate::random::{RandomState, split_sizes};

/// The sample numbers `(train, test)` of a stratified split of the samples labelled `y`:
/// `ceil(test_size n)` test samples (or `test_size` of them when it is a whole number), each
/// class in both parts in proportion to its size, in scikit-learn's order for the same
/// `random_state`. Use them to select rows of any collection (emails, data frames, arrays).
///
/// ```
/// use handson::prelude::*;
/// let y = Array1::from_iter((0..20).map(|i| i % 4 == 0));
/// let (train, test) = stratified_split_indices(&y, 0.25, 42)?;
/// assert_eq!((train.len(), test.len()), (15, 5));
/// assert_eq!(test.iter().filter(|&&i| y[i]).count(), 1); // the positives keep their share
/// # Ok::<(), handson::Error>(())
/// ```
pub fn stratified_split_indices<L: Label, S: Data<Elem = L>>(
    y: &ArrayBase<S, Ix1>,
    test_size: f64,
    random_state: u32,
) -> Result<(Vec<usize>, Vec<usize>)> {
    let (n_test, n_train) = split_sizes(y.len(), test_size)?;
    let classes = sorted_classes(y.iter());
    // Each class's samples in their original order (NumPy's stable argsort of the class codes).
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); classes.len()];
    for (i, label) in y.iter().enumerate() {
        members[class_index(&classes, label)].push(i);
    }
    if let Some(small) = members.iter().position(|m| m.len() < 2) {
        return Err(Error::invalid(
            "y",
            "at least two samples of every class, one for each part",
            format!("1 sample of class {:?}", classes[small]),
        ));
    }
    if n_train < classes.len() || n_test < classes.len() {
        return Err(Error::invalid(
            "test_size",
            format!(
                "room for each of the {} classes in both parts",
                classes.len()
            ),
            format!("{n_train} training and {n_test} test samples"),
        ));
    }
    let counts: Vec<usize> = members.iter().map(Vec::len).collect();
    let mut rng = RandomState::new(random_state);
    let train_counts = approximate_mode(&counts, n_train, &mut rng)?;
    let remaining: Vec<usize> = counts
        .iter()
        .zip(&train_counts)
        .map(|(c, t)| c - t)
        .collect();
    let test_counts = approximate_mode(&remaining, n_test, &mut rng)?;
    let (mut train, mut test) = (Vec::with_capacity(n_train), Vec::with_capacity(n_test));
    for ((class_members, &n_i), &t_i) in members.iter().zip(&train_counts).zip(&test_counts) {
        let order = rng.permutation(class_members.len())?;
        let shuffled: Vec<usize> = order.iter().map(|&k| class_members[k]).collect();
        train.extend_from_slice(&shuffled[..n_i]);
        test.extend_from_slice(&shuffled[n_i..n_i + t_i]);
    }
    let reorder = |part: Vec<usize>, rng: &mut RandomState| -> Result<Vec<usize>> {
        Ok(rng
            .permutation(part.len())?
            .iter()
            .map(|&k| part[k])
            .collect())
    };
    let train = reorder(std::mem::take(&mut train), &mut rng)?;
    let test = reorder(std::mem::take(&mut test), &mut rng)?;
    Ok((train, test))
}

/// How many of `n_draws` each class gets, proportionally, as scikit-learn's
/// `_approximate_mode`: the floors of the exact shares, then one more for the classes with the
/// largest remainders, ties among them drawn at random (`rng.choice` without replacement, which
/// is the start of a permutation).
fn approximate_mode(counts: &[usize], n_draws: usize, rng: &mut RandomState) -> Result<Vec<usize>> {
    let total: usize = counts.iter().sum();
    let continuous: Vec<f64> = counts
        .iter()
        .map(|&c| c as f64 / total as f64 * n_draws as f64)
        .collect();
    let mut floored: Vec<usize> = continuous.iter().map(|c| c.floor() as usize).collect();
    let mut need = n_draws.saturating_sub(floored.iter().sum());
    let remainder: Vec<f64> = continuous
        .iter()
        .zip(&floored)
        .map(|(c, &f)| c - f as f64)
        .collect();
    let mut values = remainder.clone();
    values.sort_by(|a, b| b.total_cmp(a));
    values.dedup();
    for value in values {
        if need == 0 {
            break;
        }
        let tied: Vec<usize> = (0..remainder.len())
            .filter(|&i| remainder[i] == value)
            .collect();
        let add_now = tied.len().min(need);
        for &k in rng.permutation(tied.len())?.iter().take(add_now) {
            floored[tied[k]] += 1;
        }
        need -= add_now;
    }
    Ok(floored)
}
