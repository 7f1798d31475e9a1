//! [`add_dummy_feature`]: the column of ones that turns a linear model's bias into one more
//! weight, as scikit-learn's `add_dummy_feature` (the book's `X_b`).

use ndarray::{Array2, ArrayBase, Data, Ix2, s};

use crate::error::Result;
use crate::validation::check_matrix;

/// `x` with a first column of ones, like scikit-learn's `add_dummy_feature(X)` (NumPy's
/// `np.c_[np.ones((m, 1)), X]`). Fails if `x` is empty or not finite.
///
/// ```
/// use handson::prelude::*;
/// let x_b = add_dummy_feature(&array![[0.5], [2.0]])?;
/// assert_eq!(x_b, array![[1.0, 0.5], [1.0, 2.0]]);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn add_dummy_feature<S: Data<Elem = f64>>(x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
    check_matrix("x", x)?;
    let mut out = Array2::ones((x.nrows(), x.ncols() + 1));
    out.slice_mut(s![.., 1..]).assign(x);
    Ok(out)
}
