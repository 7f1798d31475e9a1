//! Kernel matrices between two sets of rows, the costly part of [`Svc`](crate::svm::Svc):
//! blocks of training kernels (stored as `f32`, libsvm's `Qfloat`) and of prediction kernels
//! (`f64`).
//!
//! Every kernel needs the dot products `x·y` (the RBF kernel through
//! `||x||² + ||y||² - 2 x·y`). Small blocks sum them in feature order as libsvm does, so tiny
//! problems reproduce libsvm's rounding exactly; large blocks take them from one `f64` matrix
//! product per block of rows ([`multiply_transposed`]), whose rounding differs from a sequential
//! sum by an ulp or so of `f64`: far below the `f32` the training kernels are stored in, and
//! exact for whole-number data such as raw pixels (every partial sum is an integer below 2⁵³).
//!
//! Cost: `2 · m · n · n_features` flops for an `m x n` block.

use ndarray::{Array2, ArrayView2, Axis, s};

use crate::linalg::product::multiply_transposed;
use crate::svm::kernel::{KernelFunction, dot};

/// Below this many multiply-adds (`m · n · n_features`) a block is summed naively.
const NAIVE_WORK: usize = 1 << 22;
/// Rows of the left-hand side per matrix product: a block of `f64` products (`ROW_BLOCK x n`)
/// stays small enough for the caches while it is turned into kernel values.
const ROW_BLOCK: usize = 256;

/// `||x||²` of each row, summed as libsvm's `dot(x, x)`.
pub(crate) fn squared_norms(rows: ArrayView2<'_, f64>) -> Vec<f64> {
    rows.rows().into_iter().map(|r| dot(r, r)).collect()
}

/// Calls `each(i, products)` for every row `i` of `a` with the dot products of `a`'s row `i`
/// and every row of `b`.
fn for_each_product_row(
    a: ArrayView2<'_, f64>,
    b: ArrayView2<'_, f64>,
    mut each: impl FnMut(usize, &[f64]),
) {
    let (m, k) = a.dim();
    let n = b.nrows();
    if m * n * k < NAIVE_WORK {
        let mut row = vec![0.0; n];
        for (i, x) in a.rows().into_iter().enumerate() {
            for (product, y) in row.iter_mut().zip(b.rows()) {
                *product = dot(x, y);
            }
            each(i, &row);
        }
        return;
    }
    let b = b.as_standard_layout();
    let b_values = b.as_slice().unwrap_or_default();
    let mut products = vec![0.0; ROW_BLOCK.min(m) * n];
    for (chunk, block) in a.axis_chunks_iter(Axis(0), ROW_BLOCK).enumerate() {
        let block = block.as_standard_layout();
        let rows = block.nrows();
        let products = &mut products[..rows * n];
        multiply_transposed(
            block.as_slice().unwrap_or_default(),
            b_values,
            products,
            rows,
            n,
            k,
        );
        for (r, row) in products.chunks_exact(n).enumerate() {
            each(chunk * ROW_BLOCK + r, row);
        }
    }
}

/// The training kernel values `K(a_i, b_j)` as `f32`, row-major `m x n`, from libsvm's training
/// formulas (`a_square` and `b_square` are the rows' squared norms).
pub(crate) fn training_block(
    kernel: &KernelFunction,
    a: ArrayView2<'_, f64>,
    a_square: &[f64],
    b: ArrayView2<'_, f64>,
    b_square: &[f64],
) -> Vec<f32> {
    let n = b.nrows();
    let mut values = vec![0f32; a.nrows() * n];
    for_each_product_row(a, b, |i, products| {
        let out = &mut values[i * n..(i + 1) * n];
        for ((value, &product), &y_square) in out.iter_mut().zip(products).zip(b_square) {
            *value = kernel.value_from_dot(product, a_square[i], y_square) as f32;
        }
    });
    values
}

/// The training kernel values of the rows of `a` with themselves (`n x n`, symmetric): as
/// [`training_block`] of `a` with `a`, computing each pair once.
pub(crate) fn symmetric_training_block(
    kernel: &KernelFunction,
    a: ArrayView2<'_, f64>,
    a_square: &[f64],
) -> Vec<f32> {
    let n = a.nrows();
    let mut values = vec![0f32; n * n];
    for start in (0..n).step_by(ROW_BLOCK) {
        let end = (start + ROW_BLOCK).min(n);
        let rows = a.slice(s![start..end, ..]);
        let rest = a.slice(s![start.., ..]);
        for_each_product_row(rows, rest, |r, products| {
            let i = start + r;
            for (j, &product) in (i..n).zip(&products[r..]) {
                let value = kernel.value_from_dot(product, a_square[i], a_square[j]) as f32;
                values[i * n + j] = value;
                values[j * n + i] = value;
            }
        });
    }
    values
}

/// The prediction kernel values `K(q_i, s_j)` of queries `q` and support vectors `s`
/// (`s_square`: their squared norms), `m x n`: libsvm's `k_function` on small blocks, the
/// expanded form on large ones.
pub(crate) fn prediction_block(
    kernel: &KernelFunction,
    queries: ArrayView2<'_, f64>,
    support: ArrayView2<'_, f64>,
    support_square: &[f64],
) -> Array2<f64> {
    let (m, n) = (queries.nrows(), support.nrows());
    if m * n * queries.ncols() < NAIVE_WORK {
        return Array2::from_shape_fn((m, n), |(i, j)| {
            kernel.between(queries.row(i), support.row(j))
        });
    }
    let query_square = squared_norms(queries);
    let mut values = Array2::zeros((m, n));
    for_each_product_row(queries, support, |i, products| {
        for ((value, &product), &s_square) in values
            .row_mut(i)
            .iter_mut()
            .zip(products)
            .zip(support_square)
        {
            *value = kernel.value_from_dot(product, query_square[i], s_square);
        }
    });
    values
}

/// `a bᵀ` for `m x k` and `n x k` matrices, by the same products (decision values from kernel
/// values and dual coefficients).
pub(crate) fn products(a: ArrayView2<'_, f64>, b: ArrayView2<'_, f64>) -> Array2<f64> {
    let mut out = Array2::zeros((a.nrows(), b.nrows()));
    for_each_product_row(a, b, |i, row| {
        out.row_mut(i)
            .iter_mut()
            .zip(row)
            .for_each(|(o, &v)| *o = v);
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::svm::kernel::Kernel;
    use ndarray::Array2;

    #[test]
    fn large_blocks_agree_with_naive_sums() {
        let (m, n, k) = (300, 70, 230);
        assert!(m * n * k >= NAIVE_WORK);
        let a = Array2::from_shape_fn((m, k), |(i, j)| ((i * 7 + j * 3) % 11) as f64 - 5.0);
        let b = Array2::from_shape_fn((n, k), |(i, j)| ((i * 5 + j) % 13) as f64 * 0.5);
        let kernel = KernelFunction {
            kernel: Kernel::Rbf,
            gamma: 1e-3,
            degree: 3,
            coef0: 0.0,
        };
        let (a_square, b_square) = (squared_norms(a.view()), squared_norms(b.view()));
        let block = training_block(&kernel, a.view(), &a_square, b.view(), &b_square);
        let same = symmetric_training_block(&kernel, a.view(), &a_square);
        let same_naive = training_block(&kernel, a.view(), &a_square, a.view(), &a_square);
        assert_eq!(same.len(), m * m);
        for (x, y) in same.iter().zip(&same_naive) {
            assert!((x - y).abs() <= f32::EPSILON * x.abs(), "{x} {y}");
        }
        let predicted = prediction_block(&kernel, a.view(), b.view(), &b_square);
        for i in 0..m {
            for j in 0..n {
                let exact = kernel.between(a.row(i), b.row(j));
                assert_eq!(block[i * n + j], exact as f32);
                assert!((predicted[[i, j]] - exact).abs() <= 1e-15, "{i} {j}");
            }
        }
        let p = products(a.view(), b.view());
        assert_eq!(p, a.dot(&b.t()));
    }
}
