//! [`train_test_split`]: a random split of samples into a training set and a test set, drawn
//! exactly as scikit-learn's `train_test_split(X, y, test_size=..., random_state=...)` draws it
//! (its `ShuffleSplit`: one `RandomState(random_state).permutation(n)`, test samples first), so
//! that a seeded split holds the same samples as in the book. The draw itself is
//! [`shuffle_split_indices`](crate::random::shuffle_split_indices), which models use too.

use ndarray::{Array2, ArrayBase, Axis, Data, Ix2};

use crate::error::Result;
use crate::estimator::Targets;
use crate::random::shuffle_split_indices;
use crate::validation::check_same_length;

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
    fn samples_and_targets_must_have_the_same_length() {
        let x = array![[1.0], [2.0]];
        assert!(train_test_split(&x, &Array1::<f64>::zeros(3), 0.5, 0).is_err());
    }
}
