//! Dense linear algebra for the closed-form solutions of chapter 4, like the parts of
//! `np.linalg` the book calls: [`inv`] (the normal equation), [`pinv`] and [`lstsq`] (least
//! squares through the SVD, what `LinearRegression` uses), and a Cholesky solver for `Ridge`.
//!
//! The matrices of the chapter are small (at most a few hundred columns), so these are plain
//! `O(n^3)` algorithms written for accuracy: LU with partial pivoting, Cholesky, and the
//! one-sided Jacobi SVD of the [`svd`] module. They are here rather than a LAPACK binding or a
//! large linear-algebra crate to keep the notebook kernel's compile time and dependency tree
//! small.

pub(crate) mod product;
pub mod svd;

use ndarray::{Array1, Array2, ArrayBase, Data, Ix1, Ix2};

use crate::error::{Error, Result};
use crate::validation::check_non_negative;
pub use svd::{Svd, svd};

/// Fails unless `a` is a non-empty square matrix of finite values.
fn check_square<S: Data<Elem = f64>>(name: &'static str, a: &ArrayBase<S, Ix2>) -> Result<usize> {
    let (m, n) = a.dim();
    if m != n || m == 0 {
        return Err(Error::invalid(
            name,
            "a non-empty square matrix",
            format!("shape {m}x{n}"),
        ));
    }
    if let Some(bad) = a.iter().find(|v| !v.is_finite()) {
        return Err(Error::invalid(name, "finite values only", bad));
    }
    Ok(n)
}

/// The inverse of a square matrix, like `np.linalg.inv(a)`: Gauss-Jordan elimination with
/// partial pivoting. Fails if `a` is not square, not finite, or singular.
///
/// ```
/// use handson::linalg::inv;
/// use ndarray::array;
/// let a = array![[4.0, 7.0], [2.0, 6.0]];
/// let a_inv = inv(&a)?;
/// assert!((a.dot(&a_inv) - ndarray::Array2::<f64>::eye(2)).iter().all(|e| e.abs() < 1e-12));
/// # Ok::<(), handson::Error>(())
/// ```
pub fn inv<S: Data<Elem = f64>>(a: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
    let n = check_square("a", a)?;
    let mut lu = a.to_owned();
    let mut out = Array2::<f64>::eye(n);
    let scale = lu.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    for k in 0..n {
        let pivot = (k..n)
            .max_by(|&i, &j| lu[[i, k]].abs().total_cmp(&lu[[j, k]].abs()))
            .unwrap_or(k);
        if lu[[pivot, k]].abs() <= scale * n as f64 * f64::EPSILON {
            return Err(Error::invalid(
                "a",
                "an invertible matrix",
                "a singular matrix",
            ));
        }
        if pivot != k {
            for j in 0..n {
                lu.swap([k, j], [pivot, j]);
                out.swap([k, j], [pivot, j]);
            }
        }
        let d = lu[[k, k]];
        for j in 0..n {
            lu[[k, j]] /= d;
            out[[k, j]] /= d;
        }
        for i in 0..n {
            let f = lu[[i, k]];
            if i == k || f == 0.0 {
                continue;
            }
            for j in 0..n {
                lu[[i, j]] -= f * lu[[k, j]];
                out[[i, j]] -= f * out[[k, j]];
            }
        }
    }
    Ok(out)
}

/// Solves `a x = b` for a symmetric positive definite `a` by Cholesky factorization (scipy's
/// `linalg.solve(a, b, assume_a="pos")`), one column of `b` at a time. Fails if `a` is not
/// positive definite, the shapes disagree, or a value is not finite.
pub fn solve_positive<S, T>(a: &ArrayBase<S, Ix2>, b: &ArrayBase<T, Ix1>) -> Result<Array1<f64>>
where
    S: Data<Elem = f64>,
    T: Data<Elem = f64>,
{
    let n = check_square("a", a)?;
    if b.len() != n {
        return Err(Error::invalid(
            "b",
            format!("{n} values, one per row of a"),
            b.len(),
        ));
    }
    if let Some(bad) = b.iter().find(|v| !v.is_finite()) {
        return Err(Error::invalid("b", "finite values only", bad));
    }
    let mut l = Array2::<f64>::zeros((n, n));
    for j in 0..n {
        let mut d = a[[j, j]];
        for k in 0..j {
            d -= l[[j, k]] * l[[j, k]];
        }
        if !(d > 0.0) {
            return Err(Error::invalid(
                "a",
                "a positive definite matrix",
                "a matrix with a non-positive pivot (use the \"svd\" solver)",
            ));
        }
        let d = d.sqrt();
        l[[j, j]] = d;
        for i in j + 1..n {
            let mut v = a[[i, j]];
            for k in 0..j {
                v -= l[[i, k]] * l[[j, k]];
            }
            l[[i, j]] = v / d;
        }
    }
    let mut x = b.to_owned();
    for i in 0..n {
        let mut v = x[i];
        for k in 0..i {
            v -= l[[i, k]] * x[k];
        }
        x[i] = v / l[[i, i]];
    }
    for i in (0..n).rev() {
        let mut v = x[i];
        for k in i + 1..n {
            v -= l[[k, i]] * x[k];
        }
        x[i] = v / l[[i, i]];
    }
    Ok(x)
}

/// The default cutoff of small singular values relative to the largest: machine epsilon times
/// the larger dimension, as `np.linalg.lstsq` (`rcond=None`) and `np.linalg.pinv` use.
fn default_rcond(m: usize, n: usize) -> f64 {
    f64::EPSILON * m.max(n) as f64
}

/// The relative cutoff for the singular values of `a`: `rcond`, checked to be finite and `>= 0`,
/// or [`default_rcond`].
fn relative_cutoff<S: Data<Elem = f64>>(rcond: Option<f64>, a: &ArrayBase<S, Ix2>) -> Result<f64> {
    match rcond {
        Some(rcond) => check_non_negative("rcond", rcond).map(|()| rcond),
        None => Ok(default_rcond(a.nrows(), a.ncols())),
    }
}

/// The Moore-Penrose pseudo-inverse of `a`, like `np.linalg.pinv(a)`: from the SVD, inverting
/// the singular values above `rcond` times the largest (default: machine epsilon times the
/// larger dimension) and dropping the others. Fails if `a` is empty or not finite, or if `rcond`
/// is negative or not finite.
///
/// ```
/// use handson::linalg::pinv;
/// use ndarray::array;
/// let a = array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]];
/// let p = pinv(&a, None)?;
/// assert_eq!(p.dim(), (2, 3));
/// assert!((p.dot(&a) - ndarray::Array2::<f64>::eye(2)).iter().all(|e| e.abs() < 1e-12));
/// # Ok::<(), handson::Error>(())
/// ```
pub fn pinv<S: Data<Elem = f64>>(a: &ArrayBase<S, Ix2>, rcond: Option<f64>) -> Result<Array2<f64>> {
    let rcond = relative_cutoff(rcond, a)?;
    let Svd { u, s, vt } = svd(a.view())?;
    // `svd` fails on empty matrices, so there is at least one singular value.
    let cutoff = rcond * s[0];
    let inv_s = s.mapv(|v| if v > cutoff { 1.0 / v } else { 0.0 });
    Ok((vt.t().to_owned() * &inv_s).dot(&u.t()))
}

/// The result of [`lstsq`].
#[derive(Debug, Clone)]
pub struct Lstsq {
    /// The minimum-norm least-squares solution `x` of `a x ~ b`.
    pub solution: Array1<f64>,
    /// The number of singular values kept (the effective rank of `a`).
    pub rank: usize,
    /// The singular values of `a`, decreasing.
    pub singular_values: Array1<f64>,
}

/// The least-squares solution of `a x = b` with the smallest norm, like
/// `np.linalg.lstsq(a, b, rcond)` and `scipy.linalg.lstsq`: through the SVD of `a`, ignoring
/// singular values below `rcond` times the largest (default: machine epsilon times the larger
/// dimension). Works for any shape and rank. Fails if `a` is empty or not finite, if `b` does
/// not have one finite value per row of `a`, or if `rcond` is negative or not finite.
///
/// ```
/// use handson::linalg::lstsq;
/// use ndarray::array;
/// let a = array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]];
/// let fit = lstsq(&a, &array![1.0, 3.0, 5.0], None)?;
/// assert!((fit.solution[0] - 1.0).abs() < 1e-12 && (fit.solution[1] - 2.0).abs() < 1e-12);
/// assert_eq!(fit.rank, 2);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn lstsq<S, T>(
    a: &ArrayBase<S, Ix2>,
    b: &ArrayBase<T, Ix1>,
    rcond: Option<f64>,
) -> Result<Lstsq>
where
    S: Data<Elem = f64>,
    T: Data<Elem = f64>,
{
    if b.len() != a.nrows() {
        return Err(Error::invalid(
            "b",
            format!("{} values, one per row of a", a.nrows()),
            b.len(),
        ));
    }
    if let Some(bad) = b.iter().find(|v| !v.is_finite()) {
        return Err(Error::invalid("b", "finite values only", bad));
    }
    let rcond = relative_cutoff(rcond, a)?;
    let Svd { u, s, vt } = svd(a.view())?;
    // `svd` fails on empty matrices, so there is at least one singular value.
    let cutoff = rcond * s[0];
    let rank = s.iter().filter(|&&v| v > cutoff).count();
    let utb = u.t().dot(b);
    let scaled: Array1<f64> = utb
        .iter()
        .zip(&s)
        .map(|(&c, &v)| if v > cutoff { c / v } else { 0.0 })
        .collect();
    Ok(Lstsq {
        solution: vt.t().dot(&scaled),
        rank,
        singular_values: s,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn inverse_and_singular_matrices() {
        let a = array![[0.0, 2.0, 1.0], [1.0, 1.0, 0.0], [3.0, 0.0, 1.0]];
        let a_inv = inv(&a).unwrap();
        assert!(
            (a.dot(&a_inv) - Array2::<f64>::eye(3))
                .iter()
                .all(|e| e.abs() < 1e-12)
        );
        assert!(inv(&array![[1.0, 2.0], [2.0, 4.0]]).is_err());
        assert!(inv(&array![[1.0, 2.0]]).is_err());
    }

    #[test]
    fn cholesky_solves_positive_definite_systems() {
        let a = array![[4.0, 2.0], [2.0, 3.0]];
        let x = solve_positive(&a, &array![2.0, 1.0]).unwrap();
        assert!(
            (a.dot(&x) - array![2.0, 1.0])
                .iter()
                .all(|e| e.abs() < 1e-12)
        );
        assert!(solve_positive(&array![[1.0, 2.0], [2.0, 1.0]], &array![1.0, 1.0]).is_err());
        assert!(solve_positive(&a, &array![1.0]).is_err());
    }

    #[test]
    fn minimum_norm_solutions_of_wide_systems() {
        // x + y = 2: the minimum-norm solution is (1, 1).
        let fit = lstsq(&array![[1.0, 1.0]], &array![2.0], None).unwrap();
        assert!(
            (fit.solution - array![1.0, 1.0])
                .iter()
                .all(|e| e.abs() < 1e-12)
        );
        assert_eq!(fit.rank, 1);
        let p = pinv(&array![[1.0, 1.0]], None).unwrap();
        assert!((p - array![[0.5], [0.5]]).iter().all(|e| e.abs() < 1e-12));
        assert!(lstsq(&array![[1.0, 1.0]], &array![2.0, 3.0], None).is_err());
    }

    #[test]
    fn cutoffs_must_be_finite_and_non_negative() {
        let a = array![[1.0, 0.0], [0.0, 0.0]];
        for rcond in [f64::NAN, -1.0, f64::INFINITY] {
            let err = pinv(&a, Some(rcond)).unwrap_err();
            assert!(matches!(err, Error::InvalidArgument { name, .. } if name == "rcond"));
            let err = lstsq(&a, &array![1.0, 1.0], Some(rcond)).unwrap_err();
            assert!(matches!(err, Error::InvalidArgument { name, .. } if name == "rcond"));
        }
        assert!(
            (pinv(&a, Some(0.0)).unwrap() - &a)
                .iter()
                .all(|e| e.abs() < 1e-12)
        );
    }

    #[test]
    fn right_hand_sides_must_be_finite() {
        let a = array![[4.0, 2.0], [2.0, 3.0]];
        let err = solve_positive(&a, &array![1.0, f64::NAN]).unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { name, .. } if name == "b"));
    }
}
