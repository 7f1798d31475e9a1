//! Exact brute-force k-nearest-neighbour search: the one hot loop of [`crate::neighbors`].
//!
//! Squared Euclidean distances are expanded as `||a||² - 2 a·b + ||b||²` so that the bulk of the
//! work, every `a·b`, is one matrix product per block of queries and block of training rows, in
//! `f32` on the `gemm` crate (AVX-512 or AVX2 kernels chosen at run time; see
//! `benches/gemm_candidates` for why this crate). `f32` products are inexact, so they only
//! *screen*: with a rigorous bound `B` on the error of each approximate distance `d̃`, a training
//! row stays a candidate while `d̃ - B` is at most the k-th smallest `d̃ + B` seen so far, which no
//! true k-nearest neighbour can fail. The few candidates left are re-ranked with
//! [`squared_distance`] in `f64`, ties broken by the smaller training index, so the result is the
//! same as a naive `f64` search's.
//!
//! The bound holds while every value converts to a normal `f32` and no product or sum overflows
//! one: values are 0 or of magnitude `2⁻⁶⁰..=2⁵⁰`, with fewer than 2²² features
//! ([`screenable`]). Data outside that range (rare: astronomically large or tiny values) are
//! searched exactly in `f64` without a screen, slower but with the same result.
//!
//! When the training rows and the queries are all whole numbers 0..=255 (MNIST pixels), the
//! products are exact integer dot products instead ([`crate::neighbors::bytes`], on AMX tiles
//! or AVX-512 VNNI), which need no re-ranking.
//!
//! scikit-learn's brute-force search finds the same distances (exactly, on integer data), but
//! orders *equal* distances by its heap rather than by index (`sklearn/utils/_sorting.pyx` says
//! so in a TODO), so where several training rows tie at the k-th distance it may keep others.
//!
//! Cost: `2 · n_queries · n_train · n_features` flops in the products (0.94 TFLOP for the 10,000
//! MNIST test digits against 60,000), plus `O(n_queries · n_train)` comparisons to screen them.
//! Query blocks run in parallel on rayon's pool; each product is single-threaded.

use std::sync::OnceLock;

use ndarray::{Array2, ArrayView1, ArrayView2, Axis};
use rayon::prelude::*;

use crate::linalg::product::multiply_transposed;
use crate::neighbors::bytes::{ByteQueries, ByteRows, Kernel, TILE_ROWS, raw_products};

/// The most queries per block: each block is one rayon task and the left-hand side of its
/// products. Large blocks amortize the products' packing of training rows (measured on MNIST:
/// 1024 queries x 256 training rows beat 256 x 1024 by 40%).
const QUERY_BLOCK: usize = 1024;
/// The fewest queries per block when there are too few queries to keep every thread busy.
const MIN_QUERY_BLOCK: usize = 32;
/// Training rows per product: a block of `f32` products (`QUERY_BLOCK x TRAIN_BLOCK`, 1 MiB)
/// stays in a core's L2 cache while it is screened.
const TRAIN_BLOCK: usize = 256;
/// The most queries per block on byte data: their bytes (200 KiB) and their products with a
/// block of training rows (`BYTE_QUERY_BLOCK x BYTE_TRAIN_BLOCK` `i32`, 384 KiB) share L2.
const BYTE_QUERY_BLOCK: usize = 256;
/// Training rows per block of integer products: 8 kernel tiles.
const BYTE_TRAIN_BLOCK: usize = 8 * TILE_ROWS;

/// The squared Euclidean distance `Σ (a_i - b_i)²` in `f64`, summed in feature order: the
/// distance every search result is ranked by.
pub(crate) fn squared_distance(a: ArrayView1<'_, f64>, b: impl IntoIterator<Item = f64>) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// The k nearest training rows of each query, nearest first.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Neighbors {
    /// Euclidean distances (not squared), one row per query, ascending.
    pub distances: Array2<f64>,
    /// The training rows they belong to, in the same order; equal distances in index order.
    pub indices: Array2<usize>,
}

/// Training rows prepared for search: the rows (as bytes when they all are whole numbers
/// 0..=255, else as `f64`), their norms, and an `f32` copy for the products, made on the first
/// search that needs it.
#[derive(Debug, Clone)]
pub(crate) struct SearchIndex {
    rows: Rows,
    n_features: usize,
    squared_norms: Vec<f64>,
    norms: Vec<f64>,
    /// Whether the training rows can be screened in `f32` ([`screenable`]).
    screenable: bool,
    packed: OnceLock<Vec<f32>>,
}

/// The training rows, exactly: bytes take an eighth of the memory of `f64`.
#[derive(Debug, Clone)]
enum Rows {
    Bytes(ByteRows),
    Floats(Array2<f64>),
}

impl SearchIndex {
    /// Prepares `rows` (one training sample per row, finite values) for search, copying them.
    pub(crate) fn new(rows: ArrayView2<'_, f64>) -> Self {
        let n_features = rows.ncols();
        // Byte rows have exact integer norms (any f64 summation order gives them: they are
        // below 2⁵³), and are screenable whenever there are few enough features.
        let (rows, squared_norms, screenable) = match ByteRows::new(rows, Kernel::detect()) {
            Some(bytes) => {
                let squared_norms: Vec<f64> = bytes
                    .squared_norms()
                    .iter()
                    .map(|&s| f64::from(s))
                    .collect();
                (
                    Rows::Bytes(bytes),
                    squared_norms,
                    n_features < MAX_SCREEN_FEATURES,
                )
            }
            None => (
                Rows::Floats(rows.as_standard_layout().into_owned()),
                rows.rows().into_iter().map(|r| r.dot(&r)).collect(),
                screenable(rows),
            ),
        };
        let norms = squared_norms.iter().map(|s| s.sqrt()).collect();
        SearchIndex {
            rows,
            n_features,
            squared_norms,
            norms,
            screenable,
            packed: OnceLock::new(),
        }
    }

    /// The number of training rows.
    pub(crate) fn n_samples(&self) -> usize {
        self.squared_norms.len()
    }

    /// The number of features.
    pub(crate) fn n_features(&self) -> usize {
        self.n_features
    }

    /// The squared distance from `query` to training row `index`, by [`squared_distance`].
    fn distance_to(&self, query: ArrayView1<'_, f64>, index: usize) -> f64 {
        match &self.rows {
            Rows::Bytes(bytes) => squared_distance(query, bytes.row(index)),
            Rows::Floats(rows) => squared_distance(query, rows.row(index).iter().copied()),
        }
    }

    /// The training rows in `f32`, row-major.
    fn packed(&self) -> &[f32] {
        self.packed.get_or_init(|| match &self.rows {
            Rows::Bytes(bytes) => (0..self.n_samples())
                .flat_map(|r| bytes.row(r))
                .map(|v| v as f32)
                .collect(),
            Rows::Floats(rows) => rows.iter().map(|&v| v as f32).collect(),
        })
    }

    /// The `k` nearest training rows of each row of `queries` (`1 <= k <= n_samples`, same
    /// number of features, finite values: the caller checks).
    ///
    /// On byte data (training rows and queries all whole numbers 0..=255) the distances are
    /// integer dot products ([`crate::neighbors::bytes`]); otherwise `f32` products screen and
    /// `f64` re-ranks. Both give the naive search's neighbours.
    pub(crate) fn kneighbors(&self, queries: ArrayView2<'_, f64>, k: usize) -> Neighbors {
        // Each block of queries takes the integer path when its values are all bytes too.
        let bytes = match &self.rows {
            Rows::Bytes(bytes) => Some(bytes),
            Rows::Floats(_) => None,
        };
        let n_queries = queries.nrows();
        let mut distances = Array2::zeros((n_queries, k));
        let mut indices = Array2::zeros((n_queries, k));
        let tasks = 2 * rayon::current_num_threads();
        let most = if bytes.is_some() {
            BYTE_QUERY_BLOCK
        } else {
            QUERY_BLOCK
        };
        let block = n_queries.div_ceil(tasks).clamp(MIN_QUERY_BLOCK, most);
        distances
            .axis_chunks_iter_mut(Axis(0), block)
            .into_par_iter()
            .zip(indices.axis_chunks_iter_mut(Axis(0), block).into_par_iter())
            .zip(queries.axis_chunks_iter(Axis(0), block).into_par_iter())
            .for_each(|((mut distances, mut indices), block)| {
                let byte_block = bytes.and_then(|train| Some((train, ByteQueries::new(block)?)));
                let nearest = match byte_block {
                    Some((train, queries)) => self.byte_search(train, &queries, k),
                    None if self.screenable && screenable(block) => self
                        .screen(block, k)
                        .into_iter()
                        .enumerate()
                        .map(|(q, candidates)| self.rerank(block.row(q), candidates, k))
                        .collect(),
                    None => block
                        .rows()
                        .into_iter()
                        .map(|query| self.rerank(query, (0..self.n_samples()).collect(), k))
                        .collect(),
                };
                for (q, ranked) in nearest.into_iter().enumerate() {
                    for (slot, (squared, index)) in ranked.into_iter().enumerate() {
                        distances[[q, slot]] = squared.sqrt();
                        indices[[q, slot]] = index;
                    }
                }
            });
        Neighbors { distances, indices }
    }

    /// The `k` nearest training rows of each query of a block by exact integer distances:
    /// (squared distance, training row), nearest first, equal distances in row order.
    fn byte_search(
        &self,
        train: &ByteRows,
        queries: &ByteQueries,
        k: usize,
    ) -> Vec<Vec<(f64, usize)>> {
        let padded_width = BYTE_TRAIN_BLOCK;
        let mut raw = vec![0i32; queries.padded_rows() * padded_width];
        let mut nearest: Vec<Nearest> = (0..queries.n_rows()).map(|_| Nearest::new(k)).collect();
        for start in (0..train.n_rows()).step_by(BYTE_TRAIN_BLOCK) {
            let width = BYTE_TRAIN_BLOCK.min(train.n_rows() - start);
            let tiles_width = width.div_ceil(TILE_ROWS) * TILE_ROWS;
            raw_products(queries, train, start, &mut raw, tiles_width);
            let adjusted = &train.adjusted_norms()[start..start + width];
            for (q, nearest) in nearest.iter_mut().enumerate() {
                let raw = &raw[q * tiles_width..][..width];
                nearest.scan(queries.squared_norms[q], adjusted, raw, start);
            }
        }
        nearest.into_iter().map(Nearest::finish).collect()
    }

    /// The candidates of each query of `block`: every training row that can be among its `k`
    /// nearest, by the `f32` products and their error bound.
    fn screen(&self, block: ArrayView2<'_, f64>, k: usize) -> Vec<Vec<usize>> {
        let n_features = self.n_features();
        let rows = block.nrows();
        let packed_train = self.packed();
        let packed: Vec<f32> = block.iter().map(|&v| v as f32).collect();
        let squared_norms: Vec<f64> = block.rows().into_iter().map(|r| r.dot(&r)).collect();
        let bound = ErrorBound::new(n_features);
        let mut screens: Vec<Screen> = squared_norms
            .iter()
            .map(|&squared_norm| Screen::new(k, squared_norm, &bound))
            .collect();
        let mut products = vec![0f32; rows * TRAIN_BLOCK];
        for start in (0..self.n_samples()).step_by(TRAIN_BLOCK) {
            let width = TRAIN_BLOCK.min(self.n_samples() - start);
            let train = &packed_train[start * n_features..(start + width) * n_features];
            let products = &mut products[..rows * width];
            multiply_transposed(&packed, train, products, rows, width, n_features);
            for (screen, row) in screens.iter_mut().zip(products.chunks_exact(width)) {
                screen.scan(
                    row,
                    &self.squared_norms[start..start + width],
                    &self.norms[start..start + width],
                    start,
                );
            }
        }
        screens.into_iter().map(Screen::finish).collect()
    }

    /// The `k` nearest of `candidates` to `query` by exact `f64` distance, then index.
    fn rerank(
        &self,
        query: ArrayView1<'_, f64>,
        candidates: Vec<usize>,
        k: usize,
    ) -> Vec<(f64, usize)> {
        let mut ranked: Vec<(f64, usize)> = candidates
            .into_iter()
            .map(|index| (self.distance_to(query, index), index))
            .collect();
        ranked.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        ranked.truncate(k);
        ranked
    }
}

/// One query's `k` nearest training rows so far by exact integer squared distance.
struct Nearest {
    k: usize,
    /// (squared distance, training row), ascending; equal distances in row order.
    best: Vec<(i32, usize)>,
    /// The k-th smallest distance (`i32::MAX` until `k` were seen): a row must be nearer.
    threshold: i32,
}

impl Nearest {
    fn new(k: usize) -> Self {
        Nearest {
            k,
            best: Vec::with_capacity(k + 1),
            threshold: i32::MAX,
        }
    }

    /// Considers training rows `offset + j` with `||q - t_j||² = squared_norm + adjusted[j] -
    /// 2 raw[j]`, in row order (so a later row never displaces an equally near one).
    fn scan(&mut self, squared_norm: i32, adjusted: &[i32], raw: &[i32], offset: usize) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the processor has AVX-512 F.
            return unsafe { self.scan_avx512(squared_norm, adjusted, raw, offset) };
        }
        self.scan_with(squared_norm, adjusted, raw, offset);
    }

    /// [`Nearest::scan`] compiled for AVX-512: its 16 distances a chunk fill one vector.
    ///
    /// # Safety
    /// The processor must have AVX-512 F.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    unsafe fn scan_avx512(
        &mut self,
        squared_norm: i32,
        adjusted: &[i32],
        raw: &[i32],
        offset: usize,
    ) {
        self.scan_with(squared_norm, adjusted, raw, offset);
    }

    /// The body of [`Nearest::scan`], inlined into each of its compilations.
    #[inline(always)]
    fn scan_with(&mut self, squared_norm: i32, adjusted: &[i32], raw: &[i32], offset: usize) {
        const LANES: usize = 16;
        let whole = adjusted.len() / LANES * LANES;
        for (chunk, (adjusted, raw)) in adjusted[..whole]
            .chunks_exact(LANES)
            .zip(raw[..whole].chunks_exact(LANES))
            .enumerate()
        {
            // Fixed-width arrays: the compiler keeps the 16 distances in one vector register.
            let distances: [i32; LANES] =
                std::array::from_fn(|lane| squared_norm + adjusted[lane] - 2 * raw[lane]);
            // The chunk's minimum decides, branch-free, whether any row of it is near enough.
            if distances.iter().fold(i32::MAX, |m, &d| m.min(d)) < self.threshold {
                self.consider(&distances, offset + chunk * LANES);
            }
        }
        let mut tail = [0i32; LANES];
        let tail = &mut tail[..adjusted.len() - whole];
        for ((d, &a), &r) in tail.iter_mut().zip(&adjusted[whole..]).zip(&raw[whole..]) {
            *d = squared_norm + a - 2 * r;
        }
        self.consider(tail, offset + whole);
    }

    /// Takes each of `distances` (of rows `first..`, in row order) that beats the threshold.
    fn consider(&mut self, distances: &[i32], first: usize) {
        for (lane, &d) in distances.iter().enumerate() {
            if d < self.threshold {
                let at = self.best.partition_point(|&(b, _)| b <= d);
                self.best.insert(at, (d, first + lane));
                self.best.truncate(self.k);
                if self.best.len() == self.k {
                    self.threshold = self.best[self.k - 1].0;
                }
            }
        }
    }

    fn finish(self) -> Vec<(f64, usize)> {
        self.best
            .into_iter()
            .map(|(d, index)| (f64::from(d), index))
            .collect()
    }
}

/// A rigorous bound on `|d̃ - d|`, where `d` is the re-ranking's `f64` squared distance and `d̃`
/// the one from an `f32` dot product: `scale · ||a|| · ||b|| + absolute · (||a||² + ||b||²)`.
///
/// The `f32` product: rounding the inputs to `f32` changes each product `a_i b_i` by at most
/// `(2u + u²)|a_i b_i|`; any order of `f32` summation (with or without FMA) adds at most
/// `γ_n Σ|a_i b_i|` with `γ_n = n u / (1 - n u)` and `u = 2⁻²⁴`; `Σ|a_i b_i| <= ||a|| ||b||`
/// (Cauchy-Schwarz); the distance holds the product twice; doubling leaves room for rounding
/// the bound itself. That term is 0 when either norm is.
///
/// The `f64` arithmetic, in units `γ_m` of `f64` (`u = 2⁻⁵³`), is relative to the squared norms
/// rather than to their product: the norms (summed in any order) are within `γ_n` of theirs,
/// the sum `||a||² - 2 a·b + ||b||²` adds `γ_2 (||a||² + ||b||² + 2 |a·b|)`, and the re-ranking's
/// sum of `n` rounded squares `(a_i - b_i)²` is within `γ_(n+2) Σ (a_i - b_i)²
/// <= 2 γ_(n+2) (||a||² + ||b||²)` of the exact distance. Together at most
/// `4 γ_(n+4) (||a||² + ||b||²)`, doubled.
struct ErrorBound {
    scale: f64,
    absolute: f64,
}

impl ErrorBound {
    fn new(n_features: usize) -> Self {
        let gamma = |m: f64, u: f64| m * u / (1.0 - m * u);
        let u = f64::from(f32::EPSILON) / 2.0;
        // `screenable` keeps n_features below 2²², so `nu < 1/8`.
        let n = n_features as f64;
        let gamma_n = gamma(n, u);
        ErrorBound {
            scale: 2.0 * 2.0 * (gamma_n * (1.0 + u) * (1.0 + u) + 2.0 * u + u * u),
            absolute: 2.0 * 4.0 * gamma(n + 4.0, f64::EPSILON / 2.0),
        }
    }
}

/// The fewest features that `f32` screening refuses: `n u` stays below 1/8.
const MAX_SCREEN_FEATURES: usize = 1 << 22;

/// Whether `rows` can be screened in `f32` with [`ErrorBound`]: fewer than 2²² features, and
/// every value 0 or of magnitude `2⁻⁶⁰..=2⁵⁰`, so that each converts to a normal `f32` with
/// relative error `u`, each product of two stays normal (at least 2⁻¹²⁰), and no sum of
/// products overflows (at most 2²² · 2¹⁰⁰ < 2¹²⁸).
fn screenable(rows: ArrayView2<'_, f64>) -> bool {
    const SMALLEST: f64 = 1.0 / (1u64 << 60) as f64;
    const LARGEST: f64 = (1u64 << 50) as f64;
    rows.ncols() < MAX_SCREEN_FEATURES
        && rows
            .iter()
            .all(|&v| v == 0.0 || (SMALLEST..=LARGEST).contains(&v.abs()))
}

/// One query's screening state: the `k` smallest upper bounds seen so far, and every training
/// row whose lower bound does not exceed the k-th of them.
struct Screen {
    k: usize,
    squared_norm: f64,
    /// `ErrorBound::scale · ||query||`: the error's term in `||b||` for training row `b`.
    bound_scale: f64,
    /// `ErrorBound::absolute`: the error's term in `||b||²`.
    absolute: f64,
    /// `ErrorBound::absolute · ||query||²`: the error's constant term.
    absolute_query: f64,
    /// The smallest upper bounds so far, ascending, at most `k` of them.
    upper: Vec<f64>,
    /// The k-th smallest upper bound (infinite until `k` were seen).
    threshold: f64,
    /// Candidates as (lower bound, training row).
    candidates: Vec<(f64, usize)>,
}

impl Screen {
    fn new(k: usize, squared_norm: f64, bound: &ErrorBound) -> Self {
        Screen {
            k,
            squared_norm,
            bound_scale: bound.scale * squared_norm.sqrt(),
            absolute: bound.absolute,
            absolute_query: bound.absolute * squared_norm,
            upper: Vec::with_capacity(k + 1),
            threshold: f64::INFINITY,
            candidates: Vec::new(),
        }
    }

    /// Screens one block of products `products[j] ≈ query · b_j` for training rows
    /// `offset + j`, with their squared norms and norms.
    fn scan(&mut self, products: &[f32], squared_norms: &[f64], norms: &[f64], offset: usize) {
        const LANES: usize = 16;
        let whole = products.len() - products.len() % LANES;
        let mut lower = [0f64; LANES];
        for start in (0..whole).step_by(LANES) {
            let range = start..start + LANES;
            // The minimum lower bound of a chunk decides, branch-free, whether any row of it
            // needs a closer look: almost never once the threshold has settled.
            for ((l, &p), (&s, &n)) in lower.iter_mut().zip(&products[range.clone()]).zip(
                squared_norms[range.clone()]
                    .iter()
                    .zip(&norms[range.clone()]),
            ) {
                *l = (s - 2.0 * f64::from(p)) - self.error(s, n);
            }
            let least = lower.iter().fold(f64::INFINITY, |m, &l| m.min(l));
            if least + self.squared_norm <= self.threshold {
                for j in range {
                    self.consider(products[j], squared_norms[j], norms[j], offset + j);
                }
            }
        }
        for j in whole..products.len() {
            self.consider(products[j], squared_norms[j], norms[j], offset + j);
        }
    }

    /// The [`ErrorBound`] for a training row with `squared_norm` and `norm`.
    #[inline(always)]
    fn error(&self, squared_norm: f64, norm: f64) -> f64 {
        self.bound_scale * norm + (self.absolute * squared_norm + self.absolute_query)
    }

    fn consider(&mut self, product: f32, squared_norm: f64, norm: f64, index: usize) {
        let approximate = self.squared_norm + squared_norm - 2.0 * f64::from(product);
        let error = self.error(squared_norm, norm);
        let lower = approximate - error;
        if lower > self.threshold {
            return;
        }
        self.candidates.push((lower, index));
        let upper = approximate + error;
        if upper < self.threshold {
            let at = self.upper.partition_point(|&u| u <= upper);
            self.upper.insert(at, upper);
            self.upper.truncate(self.k);
            if self.upper.len() == self.k {
                self.threshold = self.upper[self.k - 1];
                if self.candidates.len() > 8 * self.k + 64 {
                    let threshold = self.threshold;
                    self.candidates.retain(|&(lower, _)| lower <= threshold);
                }
            }
        }
    }

    /// The training rows that can still be among the `k` nearest.
    fn finish(self) -> Vec<usize> {
        let threshold = self.threshold;
        self.candidates
            .into_iter()
            .filter(|&(lower, _)| lower <= threshold)
            .map(|(_, index)| index)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::RandomState;

    /// The k nearest by a full sort of every training row, by (f64 distance, index).
    fn naive(
        train: ArrayView2<'_, f64>,
        query: ArrayView1<'_, f64>,
        k: usize,
    ) -> Vec<(f64, usize)> {
        let mut all: Vec<(f64, usize)> = train
            .rows()
            .into_iter()
            .enumerate()
            .map(|(i, row)| (squared_distance(query, row.iter().copied()), i))
            .collect();
        all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        all.truncate(k);
        all
    }

    fn assert_matches_naive(train: &Array2<f64>, queries: &Array2<f64>, k: usize) {
        let index = SearchIndex::new(train.view());
        let found = index.kneighbors(queries.view(), k);
        for (q, query) in queries.rows().into_iter().enumerate() {
            let expected = naive(train.view(), query, k);
            let indices: Vec<usize> = expected.iter().map(|&(_, i)| i).collect();
            let distances: Vec<f64> = expected.iter().map(|&(d, _)| d.sqrt()).collect();
            assert_eq!(found.indices.row(q).to_vec(), indices, "query {q}");
            assert_eq!(found.distances.row(q).to_vec(), distances, "query {q}");
        }
    }

    #[test]
    fn matches_naive_search_on_random_data() {
        let mut rng = RandomState::new(0);
        // More rows than one training block and one query block, and widths that are not
        // multiples of the screening chunk.
        let train = rng.uniform(-3.0, 3.0, (2500, 37)).unwrap();
        let queries = rng.uniform(-3.0, 3.0, (300, 37)).unwrap();
        for k in [1, 5, 40] {
            assert_matches_naive(&train, &queries, k);
        }
    }

    #[test]
    fn matches_naive_search_on_values_beyond_the_f32_screen() {
        // Values whose f32 copies underflow (1e-25² is below f32's range) or overflow (1e30):
        // the search skips the screen and still finds the naive search's neighbours.
        let mut rng = RandomState::new(3);
        let train = rng.uniform(-3.0, 3.0, (300, 12)).unwrap();
        let queries = rng.uniform(-3.0, 3.0, (40, 12)).unwrap();
        for scale in [1e-25, 1e30] {
            assert!(!screenable((&train * scale).view()), "scale {scale}");
            assert_matches_naive(&(&train * scale), &(&queries * scale), 5);
        }
        assert!(screenable(train.view()));
    }

    /// Checks `train` and `queries` as they are and moved by half a unit, which keeps every
    /// distance but takes byte data off the integer path onto the `f32` screen.
    fn assert_both_paths_match_naive(train: &Array2<f64>, queries: &Array2<f64>, k: usize) {
        assert_matches_naive(train, queries, k);
        assert_matches_naive(&(train + 0.5), &(queries + 0.5), k);
    }

    #[test]
    fn matches_naive_search_with_ties_and_duplicates() {
        // Small integers make many exactly equal distances; duplicated rows make equal
        // neighbours, which must come in index order.
        let mut rng = RandomState::new(1);
        let mut train = rng.randint(0, 3, (1500, 20)).unwrap().mapv(|v| v as f64);
        for i in (0..1500).step_by(7) {
            let source = train.row(i / 2).to_owned();
            train.row_mut(i).assign(&source);
        }
        let mut queries = rng.randint(0, 3, (200, 20)).unwrap().mapv(|v| v as f64);
        queries.row_mut(0).assign(&train.row(3));
        for k in [1, 4, 25] {
            assert_both_paths_match_naive(&train, &queries, k);
        }
    }

    #[test]
    fn matches_naive_search_on_pixel_like_data() {
        // Large values with near-equal distances test the screen's error bound: f32 products of
        // 0..255 pixels round when the dot product exceeds 2^24.
        let mut rng = RandomState::new(2);
        let train = rng.randint(0, 256, (1200, 784)).unwrap().mapv(|v| v as f64);
        let mut queries = rng.randint(0, 256, (64, 784)).unwrap().mapv(|v| v as f64);
        queries.row_mut(5).assign(&train.row(17));
        assert_both_paths_match_naive(&train, &queries, 4);
        assert_both_paths_match_naive(&train, &queries, 1200);
        // Byte training rows with queries that are not bytes take the f32 path.
        assert_matches_naive(&train, &(&queries * 0.5), 7);
    }

    #[test]
    fn tiny_sets_work() {
        let train = ndarray::array![[0.0], [1.0], [3.0]];
        let queries = ndarray::array![[0.5], [3.0]];
        let found = SearchIndex::new(train.view()).kneighbors(queries.view(), 3);
        assert_eq!(found.indices, ndarray::array![[0, 1, 2], [2, 1, 0]]);
        assert_eq!(
            found.distances,
            ndarray::array![[0.5, 0.5, 2.5], [0.0, 2.0, 3.0]]
        );
    }
}
