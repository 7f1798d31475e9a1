//! [`train_test_split`]: a random split of samples into a training set and a test set, drawn
//! exactly as scikit-learn's `train_test_split(X, y, test_size=..., random_state=...)` draws it
//! (its `ShuffleSplit`: one `RandomState(random_state).permutation(n)`, test samples first), so
//! that a seeded split holds the same samples as in the book.

use ndarray::{Array2, ArrayBase, Axis, Data, Ix2};

use crate::error::{Error, Result};
use crate::estimator::Targets;
use crate::random::{RandomState, fresh_seed};
use crate::validation::check_same_length;

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
    let permutation = RandomState::new(seed).permutation(n_samples).to_vec();
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

/// Splits samples `x` and targets `y` into `(x_train, x_test, y_train, y_test)` like
/// scikit-learn's `train_test_split(X, y, test_size=test_size, random_state=random_state)`:
/// same samples, same order. `test_size` is a fraction in (0, 1) (rounded up to whole samples)
/// or a whole number of samples.
///
/// ```
/// use handson::prelude::*;
/// let x = Array2::from_shape_fn((10, 1), |(i, _)| i as f64);
/// let y = Array1::from_iter((0..10).map(|i| i as f64 * 10.0));
/// let (x_train, x_test, y_train, y_test) = train_test_split(&x, &y, 0.2, 42)?;
/// assert_eq!(x_test.column(0).to_vec(), [8.0, 1.0]); // scikit-learn's test rows for seed 42
/// assert_eq!((x_train.nrows(), y_train.len(), y_test[0]), (8, 8, 80.0));
/// # Ok::<(), handson::Error>(())
/// ```
pub fn train_test_split<S, Y>(
    x: &ArrayBase<S, Ix2>,
    y: &Y,
    test_size: f64,
    random_state: impl Into<Option<u32>>,
) -> Result<(Array2<f64>, Array2<f64>, Y, Y)>
where
    S: Data<Elem = f64>,
    Y: Targets,
{
    check_same_length(x.nrows(), y.n_samples())?;
    let (train, test) = shuffle_split_indices(x.nrows(), test_size, random_state.into())?;
    Ok((
        x.select(Axis(0), &train),
        x.select(Axis(0), &test),
        y.select_samples(&train),
        y.select_samples(&test),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, array};

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
        let x = array![[1.0], [2.0]];
        assert!(train_test_split(&x, &Array1::<f64>::zeros(3), 0.5, 0).is_err());
    }
}
