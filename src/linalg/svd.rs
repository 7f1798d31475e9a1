//! The singular value decomposition by one-sided Jacobi rotations (Hestenes' method): the
//! columns of a copy of the matrix are rotated in pairs until they are mutually orthogonal, the
//! rotations accumulating in `V`. It is slower than LAPACK's bidiagonal SVD on large matrices but
//! small, dependency-free and at least as accurate (it computes small singular values to high
//! relative accuracy), which is what the ill-conditioned polynomial fits of chapter 4 need.
//!
//! Cost: `O(m n^2)` per sweep over the `n (n - 1) / 2` column pairs of an `m x n` matrix
//! (`m >= n`, else the transpose is decomposed), and typically 6 to 12 sweeps.

use ndarray::{Array1, Array2, ArrayView2, Axis, s};

use crate::error::{Error, Result};

/// The most sweeps before giving up (convergence takes far fewer).
const MAX_SWEEPS: usize = 60;

/// A thin singular value decomposition `a = u diag(s) vt`, singular values in decreasing order.
#[derive(Debug, Clone)]
pub struct Svd {
    /// Left singular vectors, one per column: `m x k` with `k = min(m, n)`.
    pub u: Array2<f64>,
    /// Singular values, decreasing: `k` of them.
    pub s: Array1<f64>,
    /// Right singular vectors, one per row: `k x n`.
    pub vt: Array2<f64>,
}

/// The thin SVD of `a` (like `np.linalg.svd(a, full_matrices=False)`, up to the signs of
/// singular vector pairs). Fails if `a` is empty or holds non-finite values.
pub fn svd(a: ArrayView2<'_, f64>) -> Result<Svd> {
    let (m, n) = a.dim();
    if m == 0 || n == 0 {
        return Err(Error::invalid(
            "a",
            "a non-empty matrix",
            format!("shape {m}x{n}"),
        ));
    }
    if let Some(bad) = a.iter().find(|v| !v.is_finite()) {
        return Err(Error::invalid("a", "finite values only", bad));
    }
    if m < n {
        let Svd { u, s, vt } = svd(a.t())?;
        return Ok(Svd {
            u: vt.reversed_axes(),
            s,
            vt: u.reversed_axes(),
        });
    }
    // Work on columns stored as rows, for contiguous access.
    let mut w: Array2<f64> = a.t().to_owned();
    let mut v: Array2<f64> = Array2::eye(n);
    let tol = f64::EPSILON * (m as f64).sqrt();
    for sweep in 0.. {
        let mut rotated = false;
        for p in 0..n {
            for q in p + 1..n {
                let (wp, wq) = (w.row(p), w.row(q));
                let (mut alpha, mut beta, mut gamma) = (0.0, 0.0, 0.0);
                for (x, y) in wp.iter().zip(wq.iter()) {
                    alpha += x * x;
                    beta += y * y;
                    gamma += x * y;
                }
                if gamma == 0.0 || gamma.abs() <= tol * (alpha * beta).sqrt() {
                    continue;
                }
                rotated = true;
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let c = 1.0 / (1.0 + t * t).sqrt();
                let sn = c * t;
                rotate(&mut w, p, q, c, sn);
                rotate(&mut v, p, q, c, sn);
            }
        }
        if !rotated {
            break;
        }
        if sweep + 1 == MAX_SWEEPS {
            return Err(Error::invalid(
                "a",
                format!("a matrix whose SVD converges in {MAX_SWEEPS} sweeps"),
                "one that did not converge",
            ));
        }
    }
    let norms: Vec<f64> = w.rows().into_iter().map(|r| r.dot(&r).sqrt()).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| norms[j].total_cmp(&norms[i]));
    let mut u = Array2::zeros((m, n));
    let mut vt = Array2::zeros((n, n));
    let mut s = Array1::zeros(n);
    for (k, &i) in order.iter().enumerate() {
        s[k] = norms[i];
        if norms[i] > 0.0 {
            u.column_mut(k).assign(&(&w.row(i) / norms[i]));
        }
        vt.row_mut(k).assign(&v.row(i));
    }
    Ok(Svd { u, s, vt })
}

/// Rotates rows `p` and `q` of `w`: `(w_p, w_q) <- (c w_p - s w_q, s w_p + c w_q)`.
fn rotate(w: &mut Array2<f64>, p: usize, q: usize, c: f64, s: f64) {
    let (mut head, mut tail) = w.view_mut().split_at(Axis(0), q);
    let mut wp = head.row_mut(p);
    let mut wq = tail.slice_mut(s![0, ..]);
    for (x, y) in wp.iter_mut().zip(wq.iter_mut()) {
        let (a, b) = (*x, *y);
        *x = c * a - s * b;
        *y = s * a + c * b;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn reconstruct(d: &Svd) -> Array2<f64> {
        let us = &d.u * &d.s;
        us.dot(&d.vt)
    }

    #[test]
    fn decomposes_tall_and_wide_matrices() {
        let a = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
        for m in [a.clone(), a.t().to_owned()] {
            let d = svd(m.view()).unwrap();
            assert!((reconstruct(&d) - &m).iter().all(|e| e.abs() < 1e-12));
            // numpy.linalg.svd: 9.525518091565107, 0.5143005806586441
            assert!((d.s[0] - 9.525518091565107).abs() < 1e-12);
            assert!((d.s[1] - 0.5143005806586441).abs() < 1e-12);
            let utu = d.u.t().dot(&d.u);
            assert!(
                (utu - Array2::<f64>::eye(2))
                    .iter()
                    .all(|e| e.abs() < 1e-12)
            );
        }
    }

    #[test]
    fn rank_deficient_and_bad_matrices() {
        let a = array![[1.0, 2.0], [2.0, 4.0]];
        let d = svd(a.view()).unwrap();
        assert!(d.s[1].abs() < 1e-15);
        assert!(svd(Array2::<f64>::zeros((0, 2)).view()).is_err());
        assert!(svd(array![[f64::NAN]].view()).is_err());
    }
}
