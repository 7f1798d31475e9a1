//! Training rows as small integer *levels* times a per-column step, for the solver's fast
//! approximate sums: `x_ij - background_j ≈ step_j * level_ij` with `level_ij` in `0..=255`.
//!
//! Raw MNIST pixels are levels with step 1; the same pixels after `StandardScaler` are levels
//! with step `1 / scale_j` (up to the rounding of the scaling, which each column's `error`
//! bounds). Stored densely, one byte per feature, a row's approximate sum
//! `sum_j (w_j step_j) level_ij` is a straight vector loop instead of a gather per non-zero
//! entry. The solver adds `sum_j |w_j| error_j` to its error bound, so the fast sums stay a
//! sound filter. There are two:
//! - [`Levels::dot`], in `f64`: AVX-512 when the processor has it, else, or with
//!   `HANDSON_SIMD=portable` ([`crate::simd`]), eight interleaved sums. One multiply-add and two
//!   conversions per feature, eight features at a time.
//! - [`Levels::coarse_dot`], in integers, where the processor has AVX-512 VNNI: the scaled
//!   weights rounded to multiples of a power of two ([`CoarseWeights`]), each multiple split
//!   into three signed bytes, so that `vpdpbusd` multiplies 64 levels by 64 bytes in one
//!   instruction: three instructions per 64 features, about eight times fewer than the `f64`
//!   sum. The integer sum is exact; rounding the weights moves it by at most half a unit per
//!   level, `unit * sum_j level_ij / 2`, which the caller adds to its bound. With 24 bits per
//!   weight, that decides all but a few in a thousand of MNIST's samples; the `f64` sum takes
//!   the rest.
//!
//! Cost: per feature between a row's first and last non-zero level, one byte of memory, and the
//! arithmetic above. [`Levels::builder`] only accepts data dense enough for that to beat a
//! per-entry sum.

use crate::memory::{HugePageVec, huge_page_buffer};

/// The per-column level tables of one column: the value difference of each code.
pub(crate) struct ColumnCodes<'a> {
    /// `value - background` of each code (code 0 included, whose difference is 0 when it is
    /// the background).
    pub differences: &'a [f64],
    /// The background's code.
    pub background: u8,
}

/// Rows as levels (see the module documentation).
pub(crate) struct Levels {
    /// `step_j` of each column.
    steps: Vec<f64>,
    /// `max |x_ij - background_j - step_j level_ij|` over each column's values, rounded up.
    errors: Vec<f64>,
    /// Each row's levels from its first to its last non-zero one (the others are zero).
    levels: HugePageVec<u8>,
    /// Where each row's levels are.
    spans: Vec<Span>,
    /// Whether every error is zero.
    exact: bool,
    /// Which loop [`Levels::dot`] runs.
    kernel: DotKernel,
    /// Whether [`Levels::coarse_dot`] runs: the processor has AVX-512 VNNI (and the portable
    /// kernels are not forced), and there are few enough features for its 32-bit sums.
    coarse: bool,
}

/// The scaled weights of [`Levels::dot`] as whole multiples `q_j unit` of a power of two, with
/// `|q_j| <= COARSE_LIMIT`, each split into three signed bytes `q_j = 2^16 high_j + 2^8
/// middle_j + low_j`: the weights of [`Levels::coarse_dot`].
#[derive(Default)]
pub(crate) struct CoarseWeights {
    /// The power of two, or `None` when a weight is not finite (no coarse sum then).
    unit: Option<f64>,
    low: Vec<i8>,
    middle: Vec<i8>,
    high: Vec<i8>,
}

/// The largest multiple of the unit a weight becomes: `127 * 2^16`, so that the high byte of
/// a multiple rounded up by a unit still fits in `-127..=127`.
const COARSE_LIMIT: f64 = 127.0 * 65536.0;

/// The most features [`Levels::coarse_dot`] takes: its 16 lanes of 32-bit sums add at most
/// `255 * 128` per feature (levels times a byte of a weight), which must stay below `2^31`.
const COARSE_MAX_FEATURES: usize = 1 << 16;

impl CoarseWeights {
    /// The power of two that `n` weights are multiples of (`None`: no coarse sum, or not `n`
    /// weights).
    pub(crate) fn unit_of(&self, n: usize) -> Option<f64> {
        self.unit.filter(|_| {
            [&self.low, &self.middle, &self.high]
                .iter()
                .all(|b| b.len() == n)
        })
    }

    /// Rounds the eight scaled weights `scaled` of columns `at..` (those in `mask`) to
    /// multiples of the present unit, as [`Levels::quantize`] does: for a pass that changes the
    /// weights and rounds them on the way, which then need no [`Levels::quantize`] of their own
    /// if the unit is still the one for their largest magnitude.
    ///
    /// # Safety
    /// The processor must have AVX-512F; `inverse` is the inverse of [`unit_of`](Self::unit_of)
    /// the weights' number, and `at` plus the lanes of `mask` stay within it.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    #[inline]
    pub(crate) unsafe fn round_eight_avx512(
        &mut self,
        at: usize,
        mask: u8,
        scaled: std::arch::x86_64::__m512d,
        inverse: std::arch::x86_64::__m512d,
    ) {
        use std::arch::x86_64::*;
        let q = _mm512_zextsi256_si512(avx512::nearest(_mm512_mul_pd(scaled, inverse)));
        // SAFETY: as the caller promises.
        unsafe { avx512::store_bytes(self, at, u16::from(mask), q) };
    }

    /// The unit of weights whose largest magnitude is `max`: the smallest power of two with
    /// `max / unit <= COARSE_LIMIT` (up to one rounding), at least the smallest normal number
    /// (so that dividing by it is exact); `None` when `max` or the unit is not finite.
    fn unit_for(max: f64) -> Option<f64> {
        let ratio = max / COARSE_LIMIT;
        if !ratio.is_finite() {
            return None;
        }
        if ratio <= f64::MIN_POSITIVE {
            return Some(f64::MIN_POSITIVE);
        }
        let bits = ratio.to_bits();
        let unit = if bits & ((1 << 52) - 1) == 0 {
            ratio
        } else {
            f64::from_bits(((bits >> 52) + 1) << 52)
        };
        unit.is_finite().then_some(unit)
    }
}

/// The loop of [`Levels::dot`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DotKernel {
    /// Sixteen levels at a time on AVX-512F.
    #[cfg(target_arch = "x86_64")]
    Avx512,
    /// Eight interleaved sums in plain Rust, on any machine.
    Portable,
}

impl DotKernel {
    /// The fastest loop this processor runs, unless `HANDSON_SIMD=portable`
    /// ([`crate::simd`]).
    pub(crate) fn detect() -> Self {
        #[cfg(target_arch = "x86_64")]
        if !crate::simd::portable_forced() && std::arch::is_x86_feature_detected!("avx512f") {
            return DotKernel::Avx512;
        }
        DotKernel::Portable
    }

    /// Whether the processor also has AVX-512 VNNI (and BW), for [`Levels::coarse_dot`].
    fn has_vnni(self) -> bool {
        match self {
            #[cfg(target_arch = "x86_64")]
            DotKernel::Avx512 => {
                std::arch::is_x86_feature_detected!("avx512bw")
                    && std::arch::is_x86_feature_detected!("avx512vnni")
            }
            DotKernel::Portable => false,
        }
    }
}

/// Where a row's levels are: `levels[start..start + len]`, for columns `first..first + len`.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    first: u32,
    len: u32,
    /// The sum of the row's levels.
    total: u32,
}

/// The smallest density (non-background entries over all entries) for which levels pay off.
const MIN_DENSITY: f64 = 1.0 / 16.0;

/// How far from an integer `difference / step` may be for a column to count as levels.
const LEVEL_TOLERANCE: f64 = 1e-6;

/// [`Levels`] being written, a row at a time ([`Levels::builder`]).
pub(crate) struct LevelsBuilder {
    steps: Vec<f64>,
    errors: Vec<f64>,
    /// The level of code `c` of column `j` at `j << 8 | c`.
    code_levels: Vec<u8>,
    levels: HugePageVec<u8>,
    spans: Vec<Span>,
    /// The row being written.
    row: Vec<u8>,
}

impl Levels {
    /// A builder of the levels of `n_samples` rows of `columns` with `n_entries` non-background
    /// entries in all, when every column's differences are multiples of one step within
    /// tolerance and the rows have at least [`MIN_DENSITY`] non-background entries; else `None`.
    pub fn builder(
        n_samples: usize,
        columns: &[ColumnCodes<'_>],
        n_entries: usize,
    ) -> Option<LevelsBuilder> {
        let n_features = columns.len();
        if (n_entries as f64) < MIN_DENSITY * (n_samples * n_features) as f64 {
            return None;
        }
        let mut steps = Vec::with_capacity(n_features);
        let mut errors = Vec::with_capacity(n_features);
        let mut code_levels = vec![0; n_features << 8];
        for (j, column) in columns.iter().enumerate() {
            let (step, error, levels) = column_levels(column)?;
            steps.push(step);
            errors.push(error);
            code_levels[j << 8..(j << 8) + levels.len()].copy_from_slice(&levels);
        }
        Some(LevelsBuilder {
            steps,
            errors,
            code_levels,
            // Room for every row whole; only the pages written are backed by memory.
            levels: huge_page_buffer(n_samples * n_features),
            spans: Vec::with_capacity(n_samples),
            row: Vec::with_capacity(n_features),
        })
    }

    /// `step_j` of each column.
    pub fn steps(&self) -> &[f64] {
        &self.steps
    }

    /// `max |x_ij - background_j - step_j level_ij|` of each column (rounded up): how far the
    /// levels are from the values.
    pub fn errors(&self) -> &[f64] {
        &self.errors
    }

    /// `sum_j scaled_j level_ij` for `sample`, in any order.
    #[inline]
    pub fn dot(&self, sample: usize, scaled: &[f64]) -> f64 {
        let levels = self.row(sample);
        let first = self.spans[sample].first as usize;
        let scaled = &scaled[first..first + levels.len()];
        match self.kernel {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `detect` chose this kernel only where the processor has AVX-512F, and
            // both slices have the same length.
            DotKernel::Avx512 => unsafe { avx512::dot(levels, scaled) },
            DotKernel::Portable => portable_dot(levels, scaled),
        }
    }

    /// Whether [`coarse_dot`](Self::coarse_dot) runs on this processor.
    pub fn coarse(&self) -> bool {
        self.coarse
    }

    /// Rounds the scaled weights of [`dot`](Self::dot), whose largest magnitude is `max` (NaN
    /// if one is NaN), into `coarse`, for [`coarse_dot`](Self::coarse_dot); nothing to do when
    /// `coarse` already holds them rounded to the unit that `max` calls for (`rounded_to`: the
    /// unit of [`CoarseWeights::round_eight_avx512`] over all of them).
    pub fn quantize(
        &self,
        scaled: &[f64],
        max: f64,
        coarse: &mut CoarseWeights,
        rounded_to: Option<f64>,
    ) {
        let unit = CoarseWeights::unit_for(max);
        if rounded_to.is_some() && rounded_to == unit {
            return;
        }
        coarse.unit = unit;
        let Some(unit) = unit else {
            return;
        };
        for bytes in [&mut coarse.low, &mut coarse.middle, &mut coarse.high] {
            bytes.resize(scaled.len(), 0);
        }
        #[cfg(target_arch = "x86_64")]
        if self.coarse {
            // SAFETY: `coarse` is set only where the processor has AVX-512F and BW.
            unsafe { avx512::split(scaled, 1.0 / unit, coarse) };
        }
    }

    /// `sum_j scaled_j level_ij` for `sample` from the rounded weights `coarse`
    /// ([`quantize`](Self::quantize)d from `scaled`), and a bound on its distance from the exact
    /// sum: `None` when the coarse sum does not run here or the weights have no unit.
    #[inline]
    pub fn coarse_dot(&self, sample: usize, coarse: &CoarseWeights) -> Option<(f64, f64)> {
        let unit = coarse.unit.filter(|_| self.coarse)?;
        let span = self.spans[sample];
        let (first, levels) = (span.first as usize, self.row(sample));
        let columns = first..first + levels.len();
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `coarse` is set only where the processor has AVX-512F, BW and VNNI; the four
        // slices have the same length.
        let multiples = unsafe {
            avx512::coarse_dot(
                levels,
                &coarse.low[columns.clone()],
                &coarse.middle[columns.clone()],
                &coarse.high[columns],
            )
        };
        #[cfg(not(target_arch = "x86_64"))]
        let multiples: i64 = return None;
        // `|multiples| <= 255 * 2^23 * 2^16 < 2^53`: exact in `f64`, and so is the product by a
        // power of two, up to overflow (an infinite sum, which the caller judges by the other
        // sum) or underflow (below the caller's bound).
        let error = unit * (0.5 * f64::from(span.total) + 1.0);
        Some((multiples as f64 * unit, error))
    }

    /// The same levels with [`dot`](Self::dot) on `kernel` (which the processor must run).
    #[cfg(test)]
    fn with_kernel(mut self, kernel: DotKernel) -> Self {
        self.coarse &= kernel.has_vnni();
        self.kernel = kernel;
        self
    }

    /// The levels of `sample` from its first non-zero one to its last.
    #[inline]
    pub fn row(&self, sample: usize) -> &[u8] {
        let span = self.spans[sample];
        &self.levels[span.start..span.start + span.len as usize]
    }

    /// The first column of `sample`'s span of levels, and the levels in it (the others are
    /// zero).
    #[inline]
    pub fn span(&self, sample: usize) -> (usize, &[u8]) {
        (self.spans[sample].first as usize, self.row(sample))
    }

    /// Whether every level is exactly its difference (`step * level` rounds to it).
    pub fn exact(&self) -> bool {
        self.exact
    }

    /// Where the position of `sample`'s levels is kept (for prefetching).
    #[inline]
    pub fn span_address(&self, sample: usize) -> *const u8 {
        self.spans[sample..].as_ptr().cast()
    }
}

impl LevelsBuilder {
    /// Adds the next row, given the code of each of its values; `None` when a row's span or the
    /// sum of its levels does not fit the 32 bits they are kept in.
    pub fn push_row(&mut self, codes: &[u8]) -> Option<()> {
        self.row.clear();
        self.row.extend(
            codes
                .iter()
                .enumerate()
                .map(|(j, &code)| self.code_levels[j << 8 | usize::from(code)]),
        );
        let row = &self.row;
        let n_features = row.len();
        let first = row.iter().position(|&l| l != 0).unwrap_or(0);
        let end = row.iter().rposition(|&l| l != 0).map_or(first, |e| e + 1);
        // Whole blocks of 8 for the vector loop, by widening the span with zero levels.
        let end = (first + (end - first).next_multiple_of(8)).min(n_features);
        let first = end
            .saturating_sub((end - first).next_multiple_of(8))
            .min(first);
        let total: u64 = row[first..end].iter().map(|&l| u64::from(l)).sum();
        self.spans.push(Span {
            start: self.levels.len(),
            first: u32::try_from(first).ok()?,
            len: u32::try_from(end - first).ok()?,
            total: u32::try_from(total).ok()?,
        });
        for &level in &row[first..end] {
            self.levels.push(level);
        }
        Some(())
    }

    /// The levels of the rows added.
    pub fn finish(self) -> Levels {
        let kernel = DotKernel::detect();
        Levels {
            coarse: kernel.has_vnni() && self.steps.len() <= COARSE_MAX_FEATURES,
            kernel,
            exact: self.errors.iter().all(|&e| e == 0.0),
            steps: self.steps,
            errors: self.errors,
            levels: self.levels,
            spans: self.spans,
        }
    }
}

/// One column's step, error and the level of each code, or `None` when its differences are not
/// all (near) multiples of one step in `1..=255` with one sign.
fn column_levels(column: &ColumnCodes<'_>) -> Option<(f64, f64, Vec<u8>)> {
    let others = || {
        column
            .differences
            .iter()
            .enumerate()
            .filter(move |&(code, _)| code != usize::from(column.background))
            .map(|(_, &d)| d)
    };
    let smallest = others().map(f64::abs).fold(f64::INFINITY, f64::min);
    if smallest == f64::INFINITY {
        // The column only ever holds its background.
        return Some((0.0, 0.0, vec![0; column.differences.len()]));
    }
    let largest = others().map(f64::abs).fold(0.0, f64::max);
    let positive = others().all(|d| d > 0.0);
    if !positive && !others().all(|d| d < 0.0) {
        return None;
    }
    let sign = if positive { 1.0 } else { -1.0 };
    // The smallest difference is some level `m` times the step.
    for m in 1..=255u32 {
        let step = smallest / f64::from(m);
        if largest / step > 255.5 {
            return None;
        }
        let level_of = |d: f64| (d.abs() / step).round();
        let fits = others().all(|d| {
            let level = level_of(d);
            (1.0..=255.0).contains(&level) && (d.abs() / step - level).abs() <= LEVEL_TOLERANCE
        });
        if fits {
            let step = sign * step;
            // Each difference's distance from its level, plus the rounding of computing it
            // (and of the product `step * level` in the fast sum, covered by the caller's bound).
            let error = others()
                .map(|d| {
                    let gap = (d - step * level_of(d)).abs();
                    if gap == 0.0 {
                        0.0
                    } else {
                        gap + 4.0 * f64::EPSILON * d.abs()
                    }
                })
                .fold(0.0, f64::max);
            let levels = column
                .differences
                .iter()
                .enumerate()
                .map(|(code, &d)| {
                    if code == usize::from(column.background) {
                        0
                    } else {
                        level_of(d) as u8
                    }
                })
                .collect();
            return Some((step, error, levels));
        }
    }
    None
}

/// `sum_j scaled_j levels_j` in eight interleaved sums (vectorized by the compiler for the
/// baseline instruction set), in any order.
fn portable_dot(levels: &[u8], scaled: &[f64]) -> f64 {
    let (level_blocks, scaled_blocks) = (levels.chunks_exact(8), scaled.chunks_exact(8));
    let tail: f64 = level_blocks
        .remainder()
        .iter()
        .zip(scaled_blocks.remainder())
        .map(|(&level, s)| s * f64::from(level))
        .sum();
    let mut sums = [0.0; 8];
    for (levels, scaled) in level_blocks.zip(scaled_blocks) {
        for i in 0..8 {
            sums[i] += scaled[i] * f64::from(levels[i]);
        }
    }
    sums.iter().sum::<f64>() + tail
}

/// The fast sums with AVX-512.
#[cfg(target_arch = "x86_64")]
mod avx512 {
    use std::arch::x86_64::*;

    use super::CoarseWeights;

    /// `sum_j scaled_j levels_j` in any order.
    ///
    /// # Safety
    /// The processor must have AVX-512F, and `levels` and `scaled` the same length.
    #[target_feature(enable = "avx512f")]
    pub(super) unsafe fn dot(levels: &[u8], scaled: &[f64]) -> f64 {
        let mut sums = [_mm512_setzero_pd(); 4];
        let blocks = levels.len() / 32;
        for block in 0..blocks {
            for (half, sum) in sums.iter_mut().enumerate() {
                let at = block * 32 + half * 8;
                // SAFETY: `at + 8 <= levels.len() == scaled.len()`; unaligned loads are allowed.
                let (level, weight) = unsafe {
                    (
                        _mm_loadl_epi64(levels.as_ptr().add(at).cast()),
                        _mm512_loadu_pd(scaled.as_ptr().add(at)),
                    )
                };
                let level = _mm512_cvtepi32_pd(_mm256_cvtepu8_epi32(level));
                *sum = _mm512_fmadd_pd(weight, level, *sum);
            }
        }
        let eights = levels.len() / 8;
        for (at, sum) in (blocks * 4..eights).map(|e| e * 8).zip(&mut sums) {
            // SAFETY: `at + 8 <= levels.len() == scaled.len()`; unaligned loads are allowed.
            let (level, weight) = unsafe {
                (
                    _mm_loadl_epi64(levels.as_ptr().add(at).cast()),
                    _mm512_loadu_pd(scaled.as_ptr().add(at)),
                )
            };
            let level = _mm512_cvtepi32_pd(_mm256_cvtepu8_epi32(level));
            *sum = _mm512_fmadd_pd(weight, level, *sum);
        }
        let mut sum = _mm512_reduce_add_pd(_mm512_add_pd(
            _mm512_add_pd(sums[0], sums[1]),
            _mm512_add_pd(sums[2], sums[3]),
        ));
        for (&level, s) in levels[eights * 8..].iter().zip(&scaled[eights * 8..]) {
            sum += s * f64::from(level);
        }
        sum
    }

    /// Rounds `scaled_j * inverse_unit` to the nearest integer `q_j` and writes its three bytes
    /// (see [`CoarseWeights`]), sixteen weights at a time.
    ///
    /// # Safety
    /// The processor must have AVX-512F and BW, and `|scaled_j * inverse_unit|` must be at most
    /// `COARSE_LIMIT` (plus a rounding), so that the high byte fits.
    #[target_feature(enable = "avx512f,avx512bw")]
    pub(super) unsafe fn split(scaled: &[f64], inverse_unit: f64, coarse: &mut CoarseWeights) {
        let n = scaled.len();
        assert!(coarse.low.len() == n && coarse.middle.len() == n && coarse.high.len() == n);
        let inverse = _mm512_set1_pd(inverse_unit);
        for at in (0..n).step_by(16) {
            let rest = n - at;
            let mask = if rest >= 16 {
                u16::MAX
            } else {
                (1 << rest) - 1
            };
            let (first, second) = (mask as u8, (mask >> 8) as u8);
            // SAFETY: the masks keep every access within the four slices, of length `n`.
            unsafe {
                let half = |mask: u8, at: usize| {
                    let s = _mm512_maskz_loadu_pd(mask, scaled.as_ptr().add(at));
                    nearest(_mm512_mul_pd(s, inverse))
                };
                let q = _mm512_inserti64x4::<1>(
                    _mm512_castsi256_si512(half(first, at)),
                    half(second, at + 8),
                );
                store_bytes(coarse, at, mask, q);
            }
        }
    }

    /// The nearest integers (ties to even) of eight values.
    #[target_feature(enable = "avx512f")]
    #[inline]
    pub(super) fn nearest(values: __m512d) -> __m256i {
        const NEAREST: i32 = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
        _mm512_cvt_roundpd_epi32::<NEAREST>(values)
    }

    /// Writes the three bytes of the multiples `q` (sixteen lanes, those in `mask`) at `at`.
    ///
    /// # Safety
    /// The processor must have AVX-512F; `at` plus the lanes of `mask` stay within the byte
    /// vectors; the multiples are at most `COARSE_LIMIT` (plus a rounding) in magnitude.
    #[target_feature(enable = "avx512f")]
    #[inline]
    pub(super) unsafe fn store_bytes(coarse: &mut CoarseWeights, at: usize, mask: u16, q: __m512i) {
        // The low byte of each lane, sign-extended.
        let low_byte = |v| _mm512_srai_epi32::<24>(_mm512_slli_epi32::<24>(v));
        let low = low_byte(q);
        let rest = _mm512_srai_epi32::<8>(_mm512_sub_epi32(q, low));
        let middle = low_byte(rest);
        let high = _mm512_srai_epi32::<8>(_mm512_sub_epi32(rest, middle));
        for (bytes, part) in [
            (&mut coarse.low, low),
            (&mut coarse.middle, middle),
            (&mut coarse.high, high),
        ] {
            // SAFETY: as the caller promises.
            unsafe {
                _mm512_mask_cvtepi32_storeu_epi8(bytes.as_mut_ptr().add(at).cast(), mask, part)
            };
        }
    }

    /// `sum_j levels_j q_j` exactly, for the weights `q_j = 2^16 high_j + 2^8 middle_j + low_j`.
    ///
    /// # Safety
    /// The processor must have AVX-512F, BW and VNNI; the four slices have the same length, at
    /// most `COARSE_MAX_FEATURES`.
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    pub(super) unsafe fn coarse_dot(levels: &[u8], low: &[i8], middle: &[i8], high: &[i8]) -> i64 {
        let mut sums = [_mm512_setzero_si512(); 3];
        let bytes = [low, middle, high];
        for at in (0..levels.len()).step_by(64) {
            let rest = levels.len() - at;
            let mask = if rest >= 64 {
                u64::MAX
            } else {
                (1 << rest) - 1
            };
            // SAFETY: the mask keeps every load within the slices, of the same length.
            unsafe {
                let level = _mm512_maskz_loadu_epi8(mask, levels.as_ptr().add(at).cast());
                for (sum, weights) in sums.iter_mut().zip(bytes) {
                    let weight = _mm512_maskz_loadu_epi8(mask, weights.as_ptr().add(at).cast());
                    *sum = _mm512_dpbusd_epi32(*sum, level, weight);
                }
            }
        }
        let [low, middle, high] = sums.map(|sum| i64::from(_mm512_reduce_add_epi32(sum)));
        (high << 16) + (middle << 8) + low
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The levels of the rows whose codes are `codes` (row-major, a code per column).
    fn levels_of(
        n_samples: usize,
        codes: &[u8],
        columns: &[ColumnCodes<'_>],
        n_entries: usize,
    ) -> Option<Levels> {
        let mut builder = Levels::builder(n_samples, columns, n_entries)?;
        for row in codes.chunks_exact(columns.len()) {
            builder.push_row(row)?;
        }
        Some(builder.finish())
    }

    #[test]
    fn multiples_of_a_step_become_levels() {
        let differences = [0.0, 0.75, 0.25, 2.5];
        let column = ColumnCodes {
            differences: &differences,
            background: 0,
        };
        let (step, error, levels) = column_levels(&column).unwrap();
        assert_eq!((step, error), (0.25, 0.0));
        assert_eq!(levels, [0, 3, 1, 10]);
        let negative = [-0.2, 0.0, -0.6];
        let column = ColumnCodes {
            differences: &negative,
            background: 1,
        };
        let (step, _, levels) = column_levels(&column).unwrap();
        assert!((step + 0.2).abs() < 1e-15);
        assert_eq!(levels, [1, 0, 3]);
    }

    #[test]
    fn near_multiples_carry_their_error_and_others_are_refused() {
        let differences = [0.0, 1.0 / 3.0, 2.0 / 3.0 + 1e-9];
        let column = ColumnCodes {
            differences: &differences,
            background: 0,
        };
        let (_, error, levels) = column_levels(&column).unwrap();
        assert_eq!(levels, [0, 1, 2]);
        assert!((1e-9..2e-9).contains(&error), "{error}");
        for refused in [
            [0.0, 1.0, 1.5_f64.sqrt()],
            [0.0, 1.0, -1.0],
            [0.0, 1.0, 300.0],
        ] {
            let column = ColumnCodes {
                differences: &refused,
                background: 0,
            };
            assert!(column_levels(&column).is_none(), "{refused:?}");
        }
    }

    #[test]
    fn the_fast_sum_matches_a_plain_one() {
        let (n_samples, n_features) = (3, 37);
        let codes: Vec<u8> = (0..n_samples * n_features)
            .map(|i| (i * 7 % 5) as u8)
            .collect();
        let differences = [0.0, 0.5, 1.0, 1.5, 2.0];
        let columns: Vec<ColumnCodes> = (0..n_features)
            .map(|_| ColumnCodes {
                differences: &differences,
                background: 0,
            })
            .collect();
        let w: Vec<f64> = (0..n_features).map(|j| j as f64 - 10.0).collect();
        let mut kernels = vec![DotKernel::Portable, DotKernel::detect()];
        kernels.dedup();
        for kernel in kernels {
            let levels = levels_of(n_samples, &codes, &columns, 100)
                .unwrap()
                .with_kernel(kernel);
            assert!(levels.errors().iter().all(|&e| e == 0.0));
            let scaled: Vec<f64> = w.iter().zip(levels.steps()).map(|(w, s)| w * s).collect();
            for i in 0..n_samples {
                let expected: f64 = (0..n_features)
                    .map(|j| w[j] * differences[usize::from(codes[i * n_features + j])])
                    .sum();
                assert_eq!(levels.dot(i, &scaled), expected, "{kernel:?}");
            }
        }
        assert!(levels_of(n_samples, &codes, &columns, 5).is_none());
    }

    #[test]
    fn coarse_sums_are_exact_multiples_within_their_bound() {
        // Levels in spans of every length around a block of 64, weights over many magnitudes.
        let (n_samples, n_features) = (40, 150);
        let codes: Vec<u8> = (0..n_samples * n_features)
            .map(|k| {
                let (i, j) = (k / n_features, k % n_features);
                if j < i || j > 2 * i + 70 {
                    0
                } else {
                    ((k * 37) % 256) as u8
                }
            })
            .collect();
        let differences: Vec<f64> = (0..256).map(f64::from).collect();
        let columns: Vec<ColumnCodes> = (0..n_features)
            .map(|_| ColumnCodes {
                differences: &differences,
                background: 0,
            })
            .collect();
        let levels = levels_of(n_samples, &codes, &columns, 2000).unwrap();
        let scaled: Vec<f64> = (0..n_features)
            .map(|j| (j as f64 - 70.3) * 10f64.powi(j as i32 % 9 - 4))
            .collect();
        let max = scaled.iter().fold(0f64, |m, s| m.max(s.abs()));
        let mut coarse = CoarseWeights::default();
        levels.quantize(&scaled, max, &mut coarse, None);
        assert_eq!(levels.coarse(), DotKernel::detect().has_vnni());
        if !levels.coarse() {
            assert!(levels.coarse_dot(0, &coarse).is_none());
            return;
        }
        let unit = coarse.unit.unwrap();
        assert!(max / unit <= COARSE_LIMIT && max / unit > COARSE_LIMIT / 2.0);
        for i in 0..n_samples {
            let (sum, error) = levels.coarse_dot(i, &coarse).unwrap();
            let row = &codes[i * n_features..(i + 1) * n_features];
            // The same sum from the weights rounded here, in exact integers.
            let multiples: i64 = row
                .iter()
                .zip(&scaled)
                .map(|(&l, s)| i64::from(l) * (s / unit).round_ties_even() as i64)
                .sum();
            assert_eq!(sum, multiples as f64 * unit, "row {i}");
            let exact: f64 = row
                .iter()
                .zip(&scaled)
                .map(|(&l, s)| f64::from(l) * s)
                .sum();
            assert!(
                (sum - exact).abs() <= error,
                "row {i}: {sum} {exact} {error}"
            );
            let total: u32 = row.iter().map(|&l| u32::from(l)).sum();
            assert_eq!(error, unit * (0.5 * f64::from(total) + 1.0));
        }
        // No unit, and so no coarse sum, for weights that are not all finite.
        for bad in [f64::NAN, f64::INFINITY] {
            levels.quantize(&scaled, bad, &mut coarse, None);
            assert!(levels.coarse_dot(0, &coarse).is_none());
        }
        // All-zero weights sum to zero, within a bound of nearly nothing.
        levels.quantize(&vec![0.0; n_features], 0.0, &mut coarse, None);
        let (sum, error) = levels.coarse_dot(5, &coarse).unwrap();
        assert_eq!(sum, 0.0);
        assert!(error < 1e-300);
    }

    #[test]
    fn units_are_the_smallest_powers_of_two_that_fit() {
        assert_eq!(CoarseWeights::unit_for(COARSE_LIMIT), Some(1.0));
        assert_eq!(CoarseWeights::unit_for(COARSE_LIMIT * 1.5), Some(2.0));
        assert_eq!(CoarseWeights::unit_for(COARSE_LIMIT * 0.75), Some(1.0));
        assert_eq!(CoarseWeights::unit_for(0.0), Some(f64::MIN_POSITIVE));
        let largest = CoarseWeights::unit_for(f64::MAX).unwrap();
        assert!(f64::MAX / largest <= COARSE_LIMIT && f64::MAX / largest > COARSE_LIMIT / 2.0);
        assert_eq!(CoarseWeights::unit_for(f64::INFINITY), None);
        assert_eq!(CoarseWeights::unit_for(f64::NAN), None);
    }
}
