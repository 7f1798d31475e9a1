//! Which f32 GEMM reaches this machine's speed for the KNN distance product
//! `C (m x n) = A (m x 784) * B^T`, B stored row-major (n x 784), as `KNeighborsClassifier` uses
//! it.
//!
//! Two ways of using 2 cores are measured for each crate: the crate's own threading on one big
//! product, and one single-threaded product per core on separate row blocks (what a search
//! parallel over query blocks does). Prints the median GFLOP/s over a few runs.
//!
//! Measured on the 2-core AVX-512 (VNNI) development machine, shared with other builds:
//!
//! | crate | 1 thread | own threading (2) | 2 threads, one block each |
//! |---|---|---|---|
//! | matrixmultiply 0.3 (AVX2+FMA kernels) | 186 | n/a | 346 |
//! | gemm 0.19, feature `x86-v4` (AVX-512) | 241 | 471 | 453 |
//! | faer 0.24 | 239 | 434 | 450 |
//!
//! `gemm` and `faer` tie; `faer` is `gemm` plus a linear-algebra library, so handson uses `gemm`
//! (single-threaded products, parallel over query blocks), which adds no duplicate crate.
//!
//! `cargo bench --manifest-path benches/gemm_candidates/Cargo.toml`

use std::time::Instant;

const K: usize = 784;
const M: usize = 1024;
const N: usize = 8192;
const RUNS: usize = 5;

type Gemm = fn(&[f32], &[f32], &mut [f32], usize, usize, bool);

fn matrixmultiply_gemm(a: &[f32], b: &[f32], c: &mut [f32], m: usize, n: usize, threads: bool) {
    let _ = threads; // single-threaded: handson's ndarray does not enable matrixmultiply's threads
    unsafe {
        matrixmultiply::sgemm(
            m,
            K,
            n,
            1.0,
            a.as_ptr(),
            K as isize,
            1,
            b.as_ptr(),
            1,
            K as isize,
            0.0,
            c.as_mut_ptr(),
            n as isize,
            1,
        )
    }
}

fn gemm_gemm(a: &[f32], b: &[f32], c: &mut [f32], m: usize, n: usize, threads: bool) {
    let par = if threads {
        gemm::Parallelism::Rayon(2)
    } else {
        gemm::Parallelism::None
    };
    unsafe {
        gemm::gemm(
            m,
            n,
            K,
            c.as_mut_ptr(),
            1,
            n as isize,
            false,
            a.as_ptr(),
            1,
            K as isize,
            b.as_ptr(),
            K as isize,
            1,
            0.0f32,
            1.0f32,
            false,
            false,
            false,
            par,
        )
    }
}

fn faer_gemm(a: &[f32], b: &[f32], c: &mut [f32], m: usize, n: usize, threads: bool) {
    let a = faer::MatRef::from_row_major_slice(a, m, K);
    let bt = faer::MatRef::from_row_major_slice(b, n, K).transpose();
    let mut c = faer::MatMut::from_row_major_slice_mut(c, m, n);
    let par = if threads {
        faer::Par::rayon(2)
    } else {
        faer::Par::Seq
    };
    faer::linalg::matmul::matmul(&mut c, faer::Accum::Replace, a, bt, 1.0f32, par);
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let a: Vec<f32> = (0..M * K).map(|i| ((i * 7919) % 256) as f32).collect();
    let b: Vec<f32> = (0..N * K).map(|i| ((i * 104729) % 256) as f32).collect();
    let flops = 2.0 * (M * N * K) as f64;
    let candidates: [(&str, Gemm); 3] = [
        ("matrixmultiply 0.3", matrixmultiply_gemm),
        ("gemm 0.19", gemm_gemm),
        ("faer 0.24", faer_gemm),
    ];
    let mut reference = vec![0f32; M * N];
    matrixmultiply_gemm(&a, &b, &mut reference, M, N, false);
    println!("f32 C = A * B^T, m={M} n={N} k={K}, median of {RUNS} runs, GFLOP/s");
    println!("| crate | 1 thread | own threading (2) | 2 threads, one block each |");
    println!("|---|---|---|---|");
    for (name, f) in candidates {
        let mut c = vec![0f32; M * N];
        f(&a, &b, &mut c, M, N, false);
        assert!(
            c.iter().zip(&reference).all(|(x, y)| x == y),
            "{name} disagrees"
        );
        let single = median(
            (0..RUNS)
                .map(|_| {
                    let t = Instant::now();
                    f(&a, &b, &mut c, M, N, false);
                    flops / t.elapsed().as_secs_f64() / 1e9
                })
                .collect(),
        );
        let own = median(
            (0..RUNS)
                .map(|_| {
                    let t = Instant::now();
                    f(&a, &b, &mut c, M, N, true);
                    flops / t.elapsed().as_secs_f64() / 1e9
                })
                .collect(),
        );
        let split = median(
            (0..RUNS)
                .map(|_| {
                    let t = Instant::now();
                    let (c0, c1) = c.split_at_mut(M / 2 * N);
                    rayon::join(
                        || f(&a[..M / 2 * K], &b, c0, M / 2, N, false),
                        || f(&a[M / 2 * K..], &b, c1, M / 2, N, false),
                    );
                    flops / t.elapsed().as_secs_f64() / 1e9
                })
                .collect(),
        );
        println!("| {name} | {single:.0} | {own:.0} | {split:.0} |");
    }
}
