//! [`shuffle_split_indices`]: the sample numbers of a random train/test split, drawn exactly as
//! scikit-learn's `ShuffleSplit` draws them (one `RandomState(random_state).permutation(n)`,
//! test samples first). Model selection's `train_test_split` and the stratified split use it,
//! and so does `SgdRegressor`'s early stopping, which is why it lives here, below the models.

use crate::error::{Error, Result};
use crate::random::{RandomState, fresh_seed};

/// The sample numbers of a shuffled split of `n_samples` into `(train, test)`, with
/// `ceil(test_size n)` test samples and `floor((1 - test_size) n)` training samples when
/// `test_size` is a fraction in (0, 1), or `test_size` test samples and the rest for training
/// when it is a whole number of at least 1. `random_state` seeds NumPy's generator as
/// scikit-learn's `random_state`; `None` draws a fresh seed.
pub fn shuffle_split_indices(
    n_samples: usize,
    test_size: f64,
    random_state: Option<u32>,
) -> Result<(Vec<usize>, Vec<usize>)> {
    let (n_test, n_train) = split_sizes(n_samples, test_size)?;
    let seed = random_state.unwrap_or_else(fresh_seed);
    let permutation = RandomState::new(seed).permutation(n_samples)?.to_vec();
    let test = permutation[..n_test].to_vec();
    let train = permutation[n_test..(n_test + n_train).min(n_samples)].to_vec();
    Ok((train, test))
}

/// The numbers of test and training samples of a split of `n_samples`, as scikit-learn's
/// `_validate_shuffle_split` computes them (see [`shuffle_split_indices`]).
pub(crate) fn split_sizes(n_samples: usize, test_size: f64) -> Result<(usize, usize)> {
    let (n_test, n_train) = if test_size > 0.0 && test_size < 1.0 {
        let n = n_samples as f64;
        (
            (test_size * n).ceil() as usize,
            ((1.0 - test_size) * n).floor() as usize,
        )
    } else if test_size >= 1.0 && test_size.fract() == 0.0 {
        (
            test_size as usize,
            n_samples.saturating_sub(test_size as usize),
        )
    } else {
        return Err(Error::invalid(
            "test_size",
            "a fraction in (0, 1) or a whole number of samples >= 1",
            test_size,
        ));
    };
    if n_test == 0 || n_train == 0 || n_test >= n_samples {
        return Err(Error::invalid(
            "test_size",
            format!("a test set of at least 1 and fewer than all {n_samples} samples"),
            format!("{n_test} test samples"),
        ));
    }
    Ok((n_test, n_train))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_errors() {
        let (train, test) = shuffle_split_indices(100, 0.2, Some(10)).unwrap();
        assert_eq!((train.len(), test.len()), (80, 20));
        let (_, test) = shuffle_split_indices(10, 0.25, Some(0)).unwrap();
        assert_eq!(test.len(), 3);
        let (_, test) = shuffle_split_indices(10, 4.0, Some(0)).unwrap();
        assert_eq!(test.len(), 4);
        assert!(shuffle_split_indices(10, 0.0, None).is_err());
        assert!(shuffle_split_indices(10, 10.0, None).is_err());
        assert!(shuffle_split_indices(10, 2.5, None).is_err());
    }
}
