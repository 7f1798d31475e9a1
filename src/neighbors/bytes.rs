//! Exact dot products of byte data (whole numbers 0..=255, such as MNIST pixels) on the integer
//! SIMD units: the fast path of [`crate::neighbors::search`].
//!
//! Squared distances of byte rows are whole numbers well inside `i32`, so integer dot products
//! give them exactly, with no error bound and no re-ranking. AVX-512 VNNI's `vpdpbusd`
//! multiplies 64 unsigned by signed bytes and adds them in fours into 16 `i32` lanes: four times
//! the multiply-adds of an `f32` FMA. Its second operand is signed, so queries are stored as
//! `q - 128` and each dot product is corrected by `128 Σt` (`t·q = t·(q - 128) + 128 Σt`).
//! Intel AMX's `tdpbsud` ([`crate::neighbors::amx`]) does the same on tile registers, 256
//! `vpdpbusd`s in one instruction. The kernel is chosen at run time (AMX, else AVX-512 VNNI, else
//! a portable kernel); all three compute the same integers over the same layout.
//!
//! Layout: training rows in tiles of 3 panels of 16 rows; a tile is a list of steps of 4
//! features, each 3 panels x 16 rows x 4 bytes (one 64-byte vector per panel), so a vector holds
//! 4 consecutive features of 16 rows; 4 features of a query are broadcast to all lanes. Steps
//! that are zero in all 48 rows of a tile are not stored (MNIST's margins: 30% of them); for AMX,
//! whose tiles take 16 consecutive steps, only blocks of 16 steps that are all zero. A tile of
//! [`TILE_QUERIES`] queries x [`TILE_ROWS`] training rows keeps its 24 accumulators in vector
//! registers; with AMX, 16 queries x 48 rows fill three tile registers. Queries are stored
//! row-major, as `q - 128`, so that any 64 consecutive bytes of 16 queries form an AMX tile.

/// Training rows per panel (the `i32` lanes of a 512-bit vector).
const PANEL_ROWS: usize = 16;
/// Panels per kernel tile.
const TILE_PANELS: usize = 3;
/// Training rows per kernel tile.
pub(crate) const TILE_ROWS: usize = PANEL_ROWS * TILE_PANELS;
/// Queries per tile of the vector kernels (AVX-512 VNNI and portable; AMX has its own).
pub(crate) const TILE_QUERIES: usize = 8;
/// Queries are stored in whole blocks of this many (the larger of the kernels' query tiles).
const QUERY_PADDING: usize = 16;
/// Features are stored in whole blocks of this many steps of 4 (an AMX tile's row).
const STEP_PADDING: usize = 16;

use ndarray::{ArrayView1, ArrayView2, Axis};
use rayon::prelude::*;

#[cfg(target_arch = "x86_64")]
use crate::neighbors::amx;

/// Whether `value` is a whole number in 0..=255.
#[inline(always)]
pub(crate) fn is_byte(value: f64) -> bool {
    // The cast truncates (no call to `trunc`, unlike `fract`); NaN fails the range. No branch
    // (`&`, not `&&`), so that loops over rows vectorize.
    (0.0..=255.0).contains(&value) & (f64::from(value as u8) == value)
}

/// Writes the values of `row` as bytes into `out` (as many as it holds) and returns `(||row||²,
/// Σ row)`, or `None` when a value is not a byte.
fn row_bytes(row: ArrayView1<'_, f64>, out: &mut [u8]) -> Option<(i32, i32)> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512bw")
    {
        // SAFETY: the processor has AVX-512 F and BW.
        return unsafe { row_bytes_avx512(row, out) };
    }
    row_bytes_with(row, out)
}

/// [`row_bytes`] compiled for AVX-512 (the conversions of 8 values at a time).
///
/// # Safety
/// The processor must have AVX-512 F and BW.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw")]
unsafe fn row_bytes_avx512(row: ArrayView1<'_, f64>, out: &mut [u8]) -> Option<(i32, i32)> {
    row_bytes_with(row, out)
}

/// The body of [`row_bytes`], branch-free over the row so that it vectorizes.
#[inline(always)]
fn row_bytes_with(row: ArrayView1<'_, f64>, out: &mut [u8]) -> Option<(i32, i32)> {
    let mut all_bytes = true;
    let mut convert = |(byte, &value): (&mut u8, &f64)| {
        all_bytes &= is_byte(value);
        *byte = value as u8;
    };
    match row.as_slice() {
        Some(values) => out.iter_mut().zip(values).for_each(&mut convert),
        None => out.iter_mut().zip(row.iter()).for_each(&mut convert),
    }
    // The sums fit: a row has at most MAX_FEATURES values.
    all_bytes.then(|| {
        out.iter().fold((0i32, 0i32), |(norm, sum), &b| {
            (norm + i32::from(b) * i32::from(b), sum + i32::from(b))
        })
    })
}

/// The largest number of features for which every intermediate of a byte distance fits in
/// `i32`: `|q·t|`, `Σt · 256` and the norms are each at most `n · 255 · 256`, and the distance
/// adds four of them.
const MAX_FEATURES: usize = (i32::MAX as usize) / (4 * 255 * 256);

/// Training rows of bytes, packed in tiles of 48 rows, with what the distance needs of each row.
#[derive(Debug, Clone)]
pub(crate) struct ByteRows {
    /// Tile `t`'s steps `tile_starts[t]..tile_starts[t + 1]`, each [`STEP_BYTES`] bytes: 3
    /// panels x 16 rows x 4 features.
    data: Vec<u8>,
    /// Which step (4 features from `4 step`) each stored step is, ascending within a tile.
    steps: Vec<u32>,
    /// Where each tile's steps start in `steps` (and, times [`STEP_BYTES`], in `data`).
    tile_starts: Vec<usize>,
    /// Steps of 4 features per row, padded to whole blocks of [`STEP_PADDING`].
    k4: usize,
    n_rows: usize,
    n_features: usize,
    /// The kernel this layout is made for.
    kernel: Kernel,
    /// `||t||² - 256 Σt` of each row: with the raw kernel output `r = t·(q - 128)`,
    /// `||q - t||² = ||q||² + adjusted_norm - 2 r`.
    adjusted_norms: Vec<i32>,
    /// `||t||²` of each row.
    squared_norms: Vec<i32>,
}

/// The bytes of one step of a tile: 4 features of its 48 rows.
const STEP_BYTES: usize = TILE_PANELS * 64;

/// One tile being packed: its non-zero steps, their bytes, and (squared norm, sum) of each row.
type PackedTile = (Vec<u32>, Vec<u8>, Vec<(i32, i32)>);

impl ByteRows {
    /// Packs `rows` (row-major, `n_features` per row) for `kernel`, or `None` when a value is
    /// not a byte or there are too many features for `i32` distances. Steps that are zero in
    /// every row of a tile are left out (their products are 0): on MNIST, 30% of them (the
    /// digits' margins); for AMX, only whole blocks of 16 such steps.
    pub(crate) fn new(rows: ArrayView2<'_, f64>, kernel: Kernel) -> Option<Self> {
        let (n_rows, n_features) = rows.dim();
        if n_features > MAX_FEATURES {
            return None;
        }
        let k4 = steps_of(n_features);
        let skipped = kernel.skipped_steps();
        let tiles: Option<Vec<PackedTile>> = rows
            .axis_chunks_iter(Axis(0), TILE_ROWS)
            .into_par_iter()
            .map(|block| pack_tile(block, k4, skipped))
            .collect();
        let tiles = tiles?;
        let mut tile_starts = Vec::with_capacity(tiles.len() + 1);
        tile_starts.push(0);
        let total: usize = tiles.iter().map(|(steps, _, _)| steps.len()).sum();
        let (mut steps, mut data) = (Vec::with_capacity(total), Vec::with_capacity(total * 192));
        let mut norms = Vec::with_capacity(n_rows);
        for (tile_steps, tile_data, tile_norms) in tiles {
            steps.extend_from_slice(&tile_steps);
            data.extend_from_slice(&tile_data);
            norms.extend_from_slice(&tile_norms);
            tile_starts.push(steps.len());
        }
        Some(ByteRows {
            data,
            steps,
            tile_starts,
            k4,
            n_rows,
            n_features,
            kernel,
            adjusted_norms: norms.iter().map(|&(norm, sum)| norm - 256 * sum).collect(),
            squared_norms: norms.iter().map(|&(norm, _)| norm).collect(),
        })
    }

    /// The number of training rows (without padding).
    pub(crate) fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// The values of row `r`, in feature order.
    pub(crate) fn row(&self, r: usize) -> impl Iterator<Item = f64> + '_ {
        let tile = r / TILE_ROWS;
        let (first, end) = (self.tile_starts[tile], self.tile_starts[tile + 1]);
        let steps = &self.steps[first..end];
        let data = &self.data[first * STEP_BYTES..end * STEP_BYTES];
        let within = (r % TILE_ROWS / PANEL_ROWS) * 64 + (r % PANEL_ROWS) * 4;
        (0..self.n_features).map(move |k| {
            steps
                .binary_search(&((k / 4) as u32))
                .map_or(0.0, |at| f64::from(data[at * STEP_BYTES + within + k % 4]))
        })
    }

    /// `||t||²` of each row.
    pub(crate) fn squared_norms(&self) -> &[i32] {
        &self.squared_norms
    }

    /// `||t||² - 256 Σt` of each row.
    pub(crate) fn adjusted_norms(&self) -> &[i32] {
        &self.adjusted_norms
    }
}

/// Steps of 4 features for `n_features`, in whole blocks of [`STEP_PADDING`].
fn steps_of(n_features: usize) -> usize {
    n_features.div_ceil(4).next_multiple_of(STEP_PADDING)
}

/// Packs the up to 48 rows of one tile (the missing ones are zero), leaving out each group of
/// `skipped` steps that is zero in all of them, or `None` at a value that is not a byte.
fn pack_tile(block: ArrayView2<'_, f64>, k4: usize, skipped: usize) -> Option<PackedTile> {
    let mut dense = vec![0u8; k4 * STEP_BYTES];
    let mut norms = Vec::with_capacity(block.nrows());
    let mut bytes = vec![0u8; k4 * 4];
    for (r, row) in block.rows().into_iter().enumerate() {
        norms.push(row_bytes(row, &mut bytes[..block.ncols()])?);
        let within = (r / PANEL_ROWS) * 64 + (r % PANEL_ROWS) * 4;
        for (step, four) in bytes.chunks_exact(4).enumerate() {
            dense[step * STEP_BYTES + within..][..4].copy_from_slice(four);
        }
    }
    let mut steps = Vec::new();
    let mut data = Vec::new();
    for (group, bytes) in dense.chunks_exact(skipped * STEP_BYTES).enumerate() {
        if bytes.iter().any(|&b| b != 0) {
            steps.extend((group * skipped..(group + 1) * skipped).map(|step| step as u32));
            data.extend_from_slice(bytes);
        }
    }
    Some((steps, data, norms))
}

/// A block of queries of bytes, stored row-major as `q - 128`, padded to whole tiles.
#[derive(Debug, Clone)]
pub(crate) struct ByteQueries {
    shifted: Vec<i8>,
    /// Steps of 4 features per query, as [`ByteRows`] has them.
    k4: usize,
    /// `||q||²` of each query (without padding).
    pub(crate) squared_norms: Vec<i32>,
}

impl ByteQueries {
    /// Packs `rows`, or `None` when a value is not a byte.
    pub(crate) fn new(rows: ArrayView2<'_, f64>) -> Option<Self> {
        let (n_rows, n_features) = rows.dim();
        let k4 = steps_of(n_features);
        let mut shifted = vec![-128i8; n_rows.next_multiple_of(QUERY_PADDING) * k4 * 4];
        let mut squared_norms = Vec::with_capacity(n_rows);
        let mut bytes = vec![0u8; n_features];
        for (row, shifted) in rows
            .rows()
            .into_iter()
            .zip(shifted.chunks_exact_mut(k4 * 4))
        {
            squared_norms.push(row_bytes(row, &mut bytes)?.0);
            for (q, &b) in shifted.iter_mut().zip(&bytes) {
                // `b - 128` in two's complement: the top bit flipped.
                *q = (b ^ 0x80) as i8;
            }
        }
        Some(ByteQueries {
            shifted,
            k4,
            squared_norms,
        })
    }

    /// The number of queries (without padding).
    pub(crate) fn n_rows(&self) -> usize {
        self.squared_norms.len()
    }

    /// The number of queries with their padding: the rows [`raw_products`] writes.
    pub(crate) fn padded_rows(&self) -> usize {
        self.shifted.len() / (self.k4 * 4)
    }
}

/// Which kernel computes the tiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kernel {
    /// `tdpbsud` on AMX tile registers ([`crate::neighbors::amx`]).
    #[cfg(target_arch = "x86_64")]
    Amx,
    /// `vpdpbusd` on 512-bit vectors.
    #[cfg(target_arch = "x86_64")]
    Avx512Vnni,
    /// Plain Rust over the same layout, on any machine.
    Portable,
}

impl Kernel {
    /// The fastest kernel this machine runs, unless `HANDSON_SIMD=portable` ([`crate::simd`]).
    pub(crate) fn detect() -> Self {
        if crate::simd::portable_forced() {
            return Kernel::Portable;
        }
        Self::available()
            .into_iter()
            .next()
            .unwrap_or(Kernel::Portable)
    }

    /// Every kernel this machine runs, fastest first, the portable one last.
    pub(crate) fn available() -> Vec<Self> {
        let mut kernels = Vec::new();
        #[cfg(target_arch = "x86_64")]
        {
            if amx::available() {
                kernels.push(Kernel::Amx);
            }
            if std::arch::is_x86_feature_detected!("avx512f")
                && std::arch::is_x86_feature_detected!("avx512bw")
                && std::arch::is_x86_feature_detected!("avx512vnni")
            {
                kernels.push(Kernel::Avx512Vnni);
            }
        }
        kernels.push(Kernel::Portable);
        kernels
    }

    /// How many consecutive steps [`ByteRows`] leaves out together when they are all zero: an
    /// AMX tile's 16, else each step on its own.
    fn skipped_steps(self) -> usize {
        match self {
            #[cfg(target_arch = "x86_64")]
            Kernel::Amx => amx::TILE_STEPS,
            _ => 1,
        }
    }
}

/// The raw products `out[i * out_width + j] = t_(first_row + j) · (q_i - 128)` for every query
/// `i` of `queries` (padded: [`ByteQueries::padded_rows`]) and the training rows of tiles
/// `first_row / TILE_ROWS ..` that fill `out_width` columns (`first_row` and `out_width`
/// multiples of [`TILE_ROWS`], within the padded rows), by the kernel `train` is packed for.
pub(crate) fn raw_products(
    queries: &ByteQueries,
    train: &ByteRows,
    first_row: usize,
    out: &mut [i32],
    out_width: usize,
) {
    let (k4, kernel) = (train.k4, train.kernel);
    assert!(
        queries.k4 == k4
            && first_row.is_multiple_of(TILE_ROWS)
            && out_width.is_multiple_of(TILE_ROWS),
        "tile alignment"
    );
    let padded_queries = queries.padded_rows();
    assert!(out.len() >= padded_queries * out_width, "output size");
    assert!(
        (first_row + out_width) / TILE_ROWS < train.tile_starts.len(),
        "training rows"
    );
    // Training tiles outside, so that a tile's steps (at most k4 x 192 bytes) stay in L1 while
    // every query tile of the block passes over them.
    for tile in 0..out_width / TILE_ROWS {
        let at = first_row / TILE_ROWS + tile;
        let (first, end) = (train.tile_starts[at], train.tile_starts[at + 1]);
        let steps = &train.steps[first..end];
        let data = &train.data[first * STEP_BYTES..end * STEP_BYTES];
        let out = &mut out[tile * TILE_ROWS..];
        let vector_tiles = (0..padded_queries / TILE_QUERIES).map(|query_tile| {
            let q = &queries.shifted[query_tile * TILE_QUERIES * k4 * 4..][..TILE_QUERIES * k4 * 4];
            (q, query_tile * TILE_QUERIES * out_width)
        });
        match kernel {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `detect` chose AMX only where `amx::available`; the queries are padded to
            // whole AMX tiles of `4 k4` bytes a row, `pack_tile` stored whole blocks of 16 steps
            // from multiples of 16, below k4, and `out` holds every padded query's row.
            Kernel::Amx => unsafe {
                let query_tiles = padded_queries / amx::TILE_QUERIES;
                amx::tiles(
                    &queries.shifted,
                    k4,
                    query_tiles,
                    data,
                    steps,
                    out,
                    out_width,
                );
            },
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx512Vnni => {
                for (q, at) in vector_tiles {
                    // SAFETY: `detect` chose this kernel only where the CPU has these features;
                    // the slices hold a whole tile (checked by their lengths above), and every
                    // step is below k4 (`pack_tile` numbers them so).
                    unsafe { avx512::tile(q, data, steps, k4, &mut out[at..], out_width) };
                }
            }
            Kernel::Portable => {
                for (q, at) in vector_tiles {
                    portable_tile(q, data, steps, k4, &mut out[at..], out_width);
                }
            }
        }
    }
}

/// One tile in plain Rust: `out[i * out_width + j]` for 8 queries and 48 training rows, over
/// the tile's stored `steps` (`data` holds [`STEP_BYTES`] bytes for each).
fn portable_tile(
    q: &[i8],
    data: &[u8],
    steps: &[u32],
    k4: usize,
    out: &mut [i32],
    out_width: usize,
) {
    let mut acc = [[0i32; TILE_ROWS]; TILE_QUERIES];
    for (bytes, &step) in data.chunks_exact(STEP_BYTES).zip(steps) {
        let step = step as usize;
        for (i, acc) in acc.iter_mut().enumerate() {
            let a = &q[i * k4 * 4 + step * 4..][..4];
            for (acc, b) in acc.iter_mut().zip(bytes.chunks_exact(4)) {
                *acc += (0..4)
                    .map(|x| i32::from(b[x]) * i32::from(a[x]))
                    .sum::<i32>();
            }
        }
    }
    for (i, acc) in acc.iter().enumerate() {
        out[i * out_width..][..TILE_ROWS].copy_from_slice(acc);
    }
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use super::{PANEL_ROWS, TILE_PANELS, TILE_QUERIES};
    use std::arch::x86_64::*;

    /// One tile with `vpdpbusd`: 24 accumulators (8 queries x 3 panels of 16 rows), over the
    /// tile's stored `steps`.
    ///
    /// # Safety
    /// The CPU must support AVX-512 F, BW and VNNI; `q` must hold 8 queries of `4 k4` bytes,
    /// `data` 192 bytes for each of `steps`, every step below `k4`, and `out` 8 rows of
    /// `out_width` from its start with 48 columns each.
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    pub(super) unsafe fn tile(
        q: &[i8],
        data: &[u8],
        steps: &[u32],
        k4: usize,
        out: &mut [i32],
        out_width: usize,
    ) {
        let mut acc = [[_mm512_setzero_si512(); TILE_PANELS]; TILE_QUERIES];
        assert!(data.len() >= steps.len() * 192, "tile data");
        for (s, &step) in steps.iter().enumerate() {
            let step = step as usize;
            // SAFETY (all loads): `s < steps.len()` keeps them inside `data` (asserted), and
            // `step < k4` inside the queries the caller sized.
            let b: [__m512i; TILE_PANELS] = std::array::from_fn(|p| unsafe {
                _mm512_loadu_si512(data.as_ptr().add(s * 192 + p * 64).cast())
            });
            for (i, acc) in acc.iter_mut().enumerate() {
                let a = unsafe {
                    q.as_ptr()
                        .add(i * k4 * 4 + step * 4)
                        .cast::<i32>()
                        .read_unaligned()
                };
                let a = _mm512_set1_epi32(a);
                for (acc, &b) in acc.iter_mut().zip(&b) {
                    *acc = _mm512_dpbusd_epi32(*acc, b, a);
                }
            }
        }
        for (i, acc) in acc.iter().enumerate() {
            for (p, &acc) in acc.iter().enumerate() {
                let at = i * out_width + p * PANEL_ROWS;
                assert!(at + PANEL_ROWS <= out.len(), "output row");
                // SAFETY: the assertion keeps the 16 stored lanes inside `out`.
                unsafe { _mm512_storeu_si512(out.as_mut_ptr().add(at).cast(), acc) };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::RandomState;
    use ndarray::Array2;

    /// Every kernel gives the exact integer dot products, padding and skipped steps included.
    #[test]
    fn kernels_give_exact_dot_products() {
        let mut rng = RandomState::new(3);
        // 150 features: not a multiple of 4, three blocks of 16 steps, the first all zero in
        // the training rows (skipped by every kernel); 100 rows and 21 queries: not whole tiles.
        let mut train = rng.randint(0, 256, (100, 150)).unwrap().mapv(|v| v as f64);
        train.slice_mut(ndarray::s![.., ..64]).fill(0.0);
        let queries = rng.randint(0, 256, (21, 150)).unwrap().mapv(|v| v as f64);
        let packed_queries = ByteQueries::new(queries.view()).unwrap();
        let kernels = Kernel::available();
        assert_eq!(kernels.last(), Some(&Kernel::Portable));
        for kernel in kernels {
            let packed = ByteRows::new(train.view(), kernel).unwrap();
            assert_eq!(packed.row(99).collect::<Vec<_>>(), train.row(99).to_vec());
            let width = packed.n_rows().div_ceil(TILE_ROWS) * TILE_ROWS;
            let mut out = vec![0; packed_queries.padded_rows() * width];
            raw_products(&packed_queries, &packed, 0, &mut out, width);
            for (i, q) in queries.rows().into_iter().enumerate() {
                for (j, t) in train.rows().into_iter().enumerate() {
                    let exact = (&q - &t).mapv(|d| d * d).sum() as i32;
                    let raw = out[i * width + j];
                    let distance =
                        packed_queries.squared_norms[i] + packed.adjusted_norms()[j] - 2 * raw;
                    assert_eq!(distance, exact, "{kernel:?} query {i} row {j}");
                }
            }
        }
    }

    #[test]
    fn only_bytes_are_packed() {
        let x = ndarray::array![[0.0, 255.0], [3.0, 4.0]];
        assert!(ByteRows::new(x.view(), Kernel::Portable).is_some());
        for bad in [256.0, -1.0, 0.5] {
            let x = ndarray::array![[0.0, bad]];
            assert!(ByteRows::new(x.view(), Kernel::Portable).is_none(), "{bad}");
            assert!(ByteQueries::new(x.view()).is_none(), "{bad}");
        }
        let wide = Array2::<f64>::zeros((1, MAX_FEATURES + 1));
        assert!(ByteRows::new(wide.view(), Kernel::Portable).is_none());
    }
}
