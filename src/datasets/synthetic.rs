//! The generated data sets of chapter 4, drawn from a NumPy-exact [`RandomState`] with the
//! book's formulas in the book's order of operations, so that a seeded notebook prints the
//! book's digits. Each takes the generator by reference: later draws (a random initial `theta`)
//! continue the same stream, as `np.random` does in the book.

use ndarray::{Array1, Array2};

use crate::error::Result;
use crate::random::RandomState;

/// `m` samples on a noisy line: `X = 2 * rand(m, 1)`, `y = 4 + 3 X + randn(m, 1)`.
///
/// ```
/// use handson::prelude::*;
/// let mut rng = RandomState::new(42);
/// let (x, y) = linear_data(&mut rng, 100)?;
/// assert_eq!(x[[0, 0]], 0.749080237694725);
/// assert_eq!(y.len(), 100);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn linear_data(rng: &mut RandomState, m: usize) -> Result<(Array2<f64>, Array1<f64>)> {
    let x = 2.0 * rng.rand((m, 1))?;
    let noise = rng.randn(m)?;
    let y = (4.0 + 3.0 * &x.column(0)) + noise;
    Ok((x, y))
}

/// `m` samples on a noisy parabola: `X = 6 * rand(m, 1) - 3`,
/// `y = 0.5 X^2 + X + 2 + randn(m, 1)`.
///
/// ```
/// use handson::prelude::*;
/// let (x, y) = quadratic_data(&mut RandomState::new(42), 100)?;
/// assert!(x.iter().all(|v| (-3.0..3.0).contains(v)));
/// assert_eq!(y.len(), 100);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn quadratic_data(rng: &mut RandomState, m: usize) -> Result<(Array2<f64>, Array1<f64>)> {
    let x = 6.0 * rng.rand((m, 1))? - 3.0;
    let noise = rng.randn(m)?;
    let y = x.column(0).mapv(|v| 0.5 * (v * v) + v + 2.0) + noise;
    Ok((x, y))
}

/// `m` samples of the regularization examples: `X = 3 * rand(m, 1)`,
/// `y = 1 + 0.5 X + randn(m, 1) / 1.5`.
///
/// ```
/// use handson::prelude::*;
/// let (x, y) = regularization_data(&mut RandomState::new(42), 20)?;
/// assert_eq!((x.nrows(), y.len()), (20, 20));
/// # Ok::<(), handson::Error>(())
/// ```
pub fn regularization_data(rng: &mut RandomState, m: usize) -> Result<(Array2<f64>, Array1<f64>)> {
    let x = 3.0 * rng.rand((m, 1))?;
    let noise = rng.randn(m)? / 1.5;
    let y = (1.0 + 0.5 * &x.column(0)) + noise;
    Ok((x, y))
}
