//! NumPy's order of summation for `np.sum` / `np.mean` of a contiguous 1-D `float64` array
//! (pairwise, with eight interleaved partial sums in blocks of up to 128 values), so that
//! averaged scores and areas under curves come out bit-equal to scikit-learn's, and a notebook
//! that computes by hand what the book computes with NumPy prints the book's digits
//! ([`numpy_mean`]).

use ndarray::{ArrayBase, Data, Ix1};

/// Sums `values` exactly as `np.sum(values)` does.
pub(crate) fn pairwise_sum(values: &[f64]) -> f64 {
    const BLOCK: usize = 128;
    let n = values.len();
    if n < 8 {
        values.iter().fold(0.0, |sum, &v| sum + v)
    } else if n <= BLOCK {
        let mut r = [0.0; 8];
        r.copy_from_slice(&values[..8]);
        let whole = n - n % 8;
        for chunk in values[8..whole].chunks_exact(8) {
            for (partial, &v) in r.iter_mut().zip(chunk) {
                *partial += v;
            }
        }
        let sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        values[whole..].iter().fold(sum, |sum, &v| sum + v)
    } else {
        let half = n / 2;
        let half = half - half % 8;
        pairwise_sum(&values[..half]) + pairwise_sum(&values[half..])
    }
}

/// The mean of `values` as `np.mean(values)` computes it (pairwise sum, then one division).
pub(crate) fn mean(values: &[f64]) -> f64 {
    pairwise_sum(values) / values.len() as f64
}

/// The mean of `values` in NumPy's order of summation, like `np.mean(values)` for a 1-D
/// `float64` array: bit-equal to NumPy's, where ndarray's `mean` (another order) can differ in
/// the last digit. NaN for an empty array, as NumPy's.
///
/// ```
/// use handson::prelude::*;
/// assert_eq!(numpy_mean(&array![1.0, 2.0, 3.0, 4.0]), 2.5);
/// ```
pub fn numpy_mean<S: Data<Elem = f64>>(values: &ArrayBase<S, Ix1>) -> f64 {
    match values.as_slice() {
        Some(contiguous) => mean(contiguous),
        None => mean(&values.to_vec()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_sums_are_sequential() {
        assert_eq!(pairwise_sum(&[]), 0.0);
        assert_eq!(pairwise_sum(&[1.0, 2.0, 3.0]), 6.0);
    }

    #[test]
    fn block_sums_use_eight_partial_sums() {
        // Sequentially, 1e16 + 1 + 1 + ... loses every 1; NumPy's eight partial sums keep the
        // ones that do not land in the first partial sum.
        let mut values = vec![1.0; 16];
        values[0] = 1e16;
        let first = 1e16 + 1.0;
        let expected = ((first + 2.0) + (2.0 + 2.0)) + ((2.0 + 2.0) + (2.0 + 2.0));
        assert_eq!(pairwise_sum(&values), expected);
        assert_ne!(pairwise_sum(&values), values.iter().sum::<f64>());
        assert_eq!(mean(&[1.0, 2.0, 3.0, 4.0]), 2.5);
    }

    #[test]
    fn numpy_mean_takes_any_one_dimensional_array() {
        let values = ndarray::Array1::from_iter((0..40).map(|i| 1.0 / f64::from(i + 1)));
        assert_eq!(numpy_mean(&values), mean(values.as_slice().unwrap()));
        let strided = values.slice(ndarray::s![..;3]);
        assert_eq!(numpy_mean(&strided), mean(&strided.to_vec()));
        assert!(numpy_mean(&ndarray::Array1::<f64>::zeros(0)).is_nan());
    }
}
