//! Matrix products `C = A Bᵀ` of row-major blocks on the `gemm` crate (AVX-512 or AVX2 kernels
//! chosen at run time): the one product behind the `f32` screens of the KNN search
//! ([`crate::neighbors`]) and the `f64` kernel matrices of the support vector machines
//! ([`crate::svm`]). Each call is single-threaded: callers run blocks in parallel on rayon.

/// `gemm`'s product of one element type (`gemm_common`'s `GemmTy`): sizes `m, n, k`, then
/// `dst` (pointer, column and row strides, whether to read it), `lhs` and `rhs` (pointer and
/// strides), `alpha` (the weight of `dst`'s old content) and `beta` (that of the product), the
/// three conjugation flags (ignored for real numbers), and the parallelism.
type Product<T> = unsafe fn(
    usize,
    usize,
    usize,
    *mut T,
    isize,
    isize,
    bool,
    *const T,
    isize,
    isize,
    *const T,
    isize,
    isize,
    T,
    T,
    bool,
    bool,
    bool,
    gemm_common::Parallelism,
);

/// The element types `gemm` multiplies here.
pub(crate) trait GemmFloat: Copy + 'static {
    /// Zero (the weight of `C`'s old content).
    const ZERO: Self;
    /// One (the weight of the product).
    const ONE: Self;
    /// The fastest kernel for this processor, chosen once.
    fn product() -> Product<Self>;
}

impl GemmFloat for f32 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    fn product() -> Product<Self> {
        gemm_f32::gemm::f32::get_gemm_fn()
    }
}

impl GemmFloat for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    fn product() -> Product<Self> {
        gemm_f64::gemm::f64::get_gemm_fn()
    }
}

/// `c = a bᵀ` where `a` is `m x k`, `b` is `n x k` and `c` is `m x n`, all row-major.
///
/// # Panics
/// If a slice's length does not match its shape (callers compute them from the same sizes).
pub(crate) fn multiply_transposed<T: GemmFloat>(
    a: &[T],
    b: &[T],
    c: &mut [T],
    m: usize,
    n: usize,
    k: usize,
) {
    assert!(
        a.len() == m * k && b.len() == n * k && c.len() == m * n,
        "block shapes"
    );
    // SAFETY: the assertion above keeps every element the strides reach inside the slices, and
    // `c` is borrowed mutably so it cannot alias `a` or `b`.
    unsafe {
        T::product()(
            m,
            n,
            k,
            c.as_mut_ptr(),
            1,
            n as isize,
            false,
            a.as_ptr(),
            1,
            k as isize,
            b.as_ptr(),
            k as isize,
            1,
            T::ZERO,
            T::ONE,
            false,
            false,
            false,
            gemm_common::Parallelism::None,
        );
    }
}
