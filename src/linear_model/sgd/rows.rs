//! The training rows as the SGD solver reads them, and the solver's hot loops over them: the
//! exact dot product in scikit-learn's order, a fast approximate one, and the weight update.
//!
//! Layouts. When every column holds at most 256 distinct values besides its most frequent one
//! (its *background*: 0 for raw pixels, the standardized 0 after `StandardScaler`), the rows are
//! copied once per fit into a compact *coded* form: each row lists its non-background entries,
//! 2 bytes each (the gap from the previous entry's column and a code; gaps over 255 take extra
//! entries that hold the background), and per-column tables give the value of each code (raw
//! MNIST: 150 entries per row, 0.3 KB instead of 6.3 KB). Other data keeps its plain `f64` rows
//! (borrowed from the caller when in standard layout).
//!
//! Exactness. [`TrainingRows::dot`] sums `w_j x_j` feature after feature like scikit-learn's
//! dense loop. Where the background is zero it visits only the listed entries: skipping a zero
//! feature changes no bit, since `w_j * 0.0` is a signed zero, which leaves the sum unchanged
//! (the sum starts at `+0.0` and can never become `-0.0`). [`TrainingRows::dot_and_add`] updates
//! every weight, as scikit-learn's dense `WeightVector.add` does (adding `0.0 * step` turns
//! `-0.0` into `+0.0`), and takes the exact sum in the same pass. The tables hold the exact
//! values, so nothing is rounded on the way.
//!
//! Cost, per sample: [`TrainingRows::coarse_dot`] is one byte multiply-add in three per feature,
//! 64 at a time, and [`TrainingRows::approx_dot`] one `f64` multiply-add per feature, 8 at a
//! time, when the coded rows are also [`Levels`] (dense enough, and every column's values a step
//! times small integers: raw and standardized pixels); else `approx_dot` is one multiply-add per
//! non-background entry, in four independent sums; [`TrainingRows::dot`] is one chain of
//! dependent additions, over the non-zero entries when the background is zero, else over every
//! feature; [`TrainingRows::dot_and_add`] is two independent chains over every feature.

use std::borrow::Cow;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::estimator::Samples;
use crate::linear_model::sgd::levels::{
    CoarseWeights, ColumnCodes, DotKernel, Levels, LevelsBuilder,
};
use crate::memory::{HugePageVec, huge_page_buffer};

/// Columns with more distinct values than this (besides the background) keep plain rows.
const MAX_CODES: usize = 256;

/// The training samples of one fit.
pub(crate) struct TrainingRows<'a> {
    /// The number of features.
    pub n_features: usize,
    /// What [`refresh`](Self::refresh) weighs each weight by.
    facts: ColumnFacts,
    /// Where [`refresh`](Self::refresh) runs: in AVX-512 registers or portable code.
    kernel: DotKernel,
    layout: Layout<'a>,
}

/// What the fast sum's error bound and its dense levels need to know of each column, one
/// vector per quantity, so that [`TrainingRows::refresh`] runs in vector registers.
#[derive(Debug, Clone, Default, PartialEq)]
struct ColumnFacts {
    /// The largest `|x_ij|` over the training rows.
    max: Vec<f64>,
    /// The background (0 for plain rows).
    background: Vec<f64>,
    /// The levels' step (0 without levels).
    step: Vec<f64>,
    /// The levels' error (0 without levels).
    error: Vec<f64>,
}

enum Layout<'a> {
    Coded(Coded),
    /// Row `i` is `data[offsets[i]..offsets[i] + n_features]`.
    Plain {
        data: Cow<'a, [f64]>,
        offsets: Vec<usize>,
    },
}

/// Rows as lists of their non-background entries.
struct Coded {
    /// Each column's most frequent value.
    background: Vec<f64>,
    /// Whether every background is zero, so that rows are sparse.
    zero_background: bool,
    /// The value of code `c` of column `j` at `j << 8 | c`.
    values: Vec<f64>,
    /// `value - background` of each code, rounded (the fast sum's terms).
    differences: Vec<f64>,
    /// Row `i`'s entries are `entries[starts[i]..starts[i + 1]]`, in increasing column order.
    starts: Vec<usize>,
    /// `gap << 8 | code` of each non-background value: its column is the previous entry's
    /// plus `gap` (the first entry's is `gap`).
    entries: HugePageVec<u16>,
    /// The same rows as dense levels, when they qualify.
    levels: Option<Levels>,
}

/// What [`TrainingRows::approx_dot`] needs from the stored weights, refreshed by
/// [`TrainingRows::refresh`] whenever they change.
#[derive(Default)]
pub(crate) struct FastWeights {
    /// `sum_j w_j background_j`.
    background_dot: f64,
    /// `w_j step_j` of the levels (empty without levels).
    scaled: Vec<f64>,
    /// The same rounded for [`TrainingRows::coarse_dot`] (only where it runs).
    coarse: CoarseWeights,
    /// A bound on `|approx_dot - dot|` for every training sample.
    pub bound: f64,
}

/// The sums behind [`FastWeights`].
#[derive(Default)]
struct FastSums {
    /// `sum_j |w_j| max|x_j|`.
    weighted_max: f64,
    background_dot: f64,
    /// `sum_j |w_j| error_j` of the levels.
    level_error: f64,
    /// `max_j |w_j step_j|`, or NaN when a scaled weight is NaN.
    max_scaled: f64,
}

/// The larger of `a` and `b`, NaN if either is (unlike `f64::max`, which skips a NaN).
#[inline(always)]
fn max_or_nan(a: f64, b: f64) -> f64 {
    if a > b || a.is_nan() { a } else { b }
}

impl FastSums {
    /// The sums for the weights `w` of columns with `facts`, in eight interleaved lanes (in any
    /// order: only the bound depends on their rounding, and it holds for every order); writes
    /// the scaled weights `w_j step_j`.
    #[inline(always)]
    fn of(facts: &ColumnFacts, w: &[f64], scaled: &mut [f64]) -> FastSums {
        const LANES: usize = 8;
        let n = w.len();
        let mut lanes = [[0.0; LANES]; 4];
        let mut add = |lane: usize, w: f64, max: f64, background: f64, error: f64, step: f64| {
            lanes[0][lane] += w.abs() * max;
            lanes[1][lane] += w * background;
            lanes[2][lane] += w.abs() * error;
            let scaled = w * step;
            lanes[3][lane] = max_or_nan(lanes[3][lane], scaled.abs());
            scaled
        };
        let (w, w_rest) = w.as_chunks::<LANES>();
        let (max, max_rest) = facts.max[..n].as_chunks::<LANES>();
        let (background, background_rest) = facts.background[..n].as_chunks::<LANES>();
        let (error, error_rest) = facts.error[..n].as_chunks::<LANES>();
        let (step, step_rest) = facts.step[..n].as_chunks::<LANES>();
        let (scaled, scaled_rest) = scaled[..n].as_chunks_mut::<LANES>();
        let blocks = w
            .iter()
            .zip(max)
            .zip(background)
            .zip(error)
            .zip(step)
            .zip(scaled);
        for (((((w, max), background), error), step), scaled) in blocks {
            for lane in 0..LANES {
                scaled[lane] = add(
                    lane,
                    w[lane],
                    max[lane],
                    background[lane],
                    error[lane],
                    step[lane],
                );
            }
        }
        let rest = w_rest
            .iter()
            .zip(max_rest)
            .zip(background_rest)
            .zip(error_rest)
            .zip(step_rest);
        for (((((&w, &max), &background), &error), &step), scaled) in rest.zip(scaled_rest) {
            *scaled = add(0, w, max, background, error, step);
        }
        let [weighted_max, background_dot, level_error, max_scaled] = lanes;
        FastSums {
            weighted_max: weighted_max.iter().sum(),
            background_dot: background_dot.iter().sum(),
            level_error: level_error.iter().sum(),
            max_scaled: max_scaled.into_iter().fold(0.0, max_or_nan),
        }
    }

    /// Stores the sums in `fast`. The bound is `8 (n + 2) eps sum_j |w_j| max|x_j|` (twice the
    /// textbook bound `gamma_n sum |w_j x_j|` on each of scikit-learn's sum, the fast sum and
    /// the background term) plus the levels' own error. Rounding analysis needs sums that do
    /// not overflow: when `sum_j |w_j| max|x_j|` comes within a factor 8 of `f64::MAX` (where
    /// some order of summation might overflow), the bound is infinite, which sends every
    /// sample to the exact sum.
    fn finish(self, n_features: usize, fast: &mut FastWeights) {
        let sum_error = 8.0 * (n_features as f64 + 2.0) * f64::EPSILON;
        fast.background_dot = self.background_dot;
        fast.bound = if self.weighted_max <= f64::MAX / 8.0 {
            sum_error * self.weighted_max + self.level_error + f64::MIN_POSITIVE
        } else {
            f64::INFINITY
        };
    }
}

impl<'a> TrainingRows<'a> {
    /// Copies the rows of `x` into the compact coded form when they fit it, else indexes them
    /// as they are; checks that every value is finite.
    pub fn new(x: Samples<'a>) -> Result<Self> {
        let n_features = x.n_features();
        let matrix = x.matrix();
        let (data, offsets): (Cow<'a, [f64]>, Vec<usize>) = match matrix.to_slice() {
            Some(data) => (
                Cow::Borrowed(data),
                (0..x.n_samples())
                    .map(|i| x.matrix_row(i) * n_features)
                    .collect(),
            ),
            None => (
                Cow::Owned(x.to_owned().iter().copied().collect()),
                (0..x.n_samples()).map(|i| i * n_features).collect(),
            ),
        };
        let row = |i: usize| &data[offsets[i]..offsets[i] + n_features];
        let mut column_max = vec![0f64; n_features];
        for i in 0..offsets.len() {
            for ((max, &v), j) in column_max.iter_mut().zip(row(i)).zip(0..) {
                if !v.is_finite() {
                    return Err(Error::invalid(
                        "x",
                        "finite values only (remove or impute NaN and infinite entries first)",
                        format!("{v} at row {}, column {j}", x.matrix_row(i)),
                    ));
                }
                *max = max.max(v.abs());
            }
        }
        let mut facts = ColumnFacts {
            background: vec![0.0; n_features],
            step: vec![0.0; n_features],
            error: vec![0.0; n_features],
            max: column_max,
        };
        let layout = match Coded::new(offsets.len(), n_features, row) {
            Some(coded) => {
                facts.background.clone_from(&coded.background);
                if let Some(levels) = &coded.levels {
                    facts.step = levels.steps().to_vec();
                    facts.error = levels.errors().to_vec();
                }
                Layout::Coded(coded)
            }
            None => Layout::Plain { data, offsets },
        };
        Ok(TrainingRows {
            n_features,
            kernel: DotKernel::detect(),
            facts,
            layout,
        })
    }

    /// Whether the fast sum reads dense [`Levels`].
    #[cfg(test)]
    pub fn uses_levels(&self) -> bool {
        matches!(&self.layout, Layout::Coded(coded) if coded.levels.is_some())
    }

    /// The number of samples.
    pub fn n_samples(&self) -> usize {
        match &self.layout {
            Layout::Coded(coded) => coded.starts.len() - 1,
            Layout::Plain { offsets, .. } => offsets.len(),
        }
    }

    /// Refreshes `fast` for the weights `w`.
    pub fn refresh(&self, w: &[f64], fast: &mut FastWeights) {
        fast.scaled.resize(self.n_features, 0.0);
        let (w, scaled) = (&w[..self.n_features], &mut fast.scaled[..]);
        let sums = match self.kernel {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `detect` chose this kernel only where the processor has AVX-512F.
            DotKernel::Avx512 => unsafe { fast_sums_avx512(&self.facts, w, scaled) },
            DotKernel::Portable => FastSums::of(&self.facts, w, scaled),
        };
        self.finish(sums, fast, None);
    }

    /// Stores `sums` in `fast`, and rounds its scaled weights for
    /// [`coarse_dot`](Self::coarse_dot) where that runs (unless they were rounded on the way, to
    /// the unit `rounded_to`, and that unit still fits them).
    fn finish(&self, sums: FastSums, fast: &mut FastWeights, rounded_to: Option<f64>) {
        let max_scaled = sums.max_scaled;
        sums.finish(self.n_features, fast);
        if let Layout::Coded(Coded {
            levels: Some(levels),
            ..
        }) = &self.layout
            && levels.coarse()
        {
            levels.quantize(&fast.scaled, max_scaled, &mut fast.coarse, rounded_to);
        }
    }

    /// `sum_j w_j x_j` for `sample` in any order, and a bound on its distance from
    /// scikit-learn's exact sum: coarser than [`approx_dot`](Self::approx_dot) but several
    /// times faster. `None` where it does not run (rows that are not [`Levels`], a processor
    /// without AVX-512 VNNI) or the weights are not finite. `fast` is
    /// [`refresh`](Self::refresh)ed for the weights.
    #[inline]
    pub fn coarse_dot(&self, sample: usize, fast: &FastWeights) -> Option<(f64, f64)> {
        let Layout::Coded(Coded {
            levels: Some(levels),
            ..
        }) = &self.layout
        else {
            return None;
        };
        let (sum, error) = levels.coarse_dot(sample, &fast.coarse)?;
        // The levels' sum is within `error` of `sum_j scaled_j level_ij` in exact arithmetic,
        // which `fast.bound` covers as it covers the `f64` sum; the factor covers the rounding
        // of the bound's own sum.
        let bound = (fast.bound + error) * (1.0 + 4.0 * f64::EPSILON);
        Some((fast.background_dot + sum, bound))
    }

    /// `sum_j w_j x_j` for `sample` in any order, within `fast.bound` of the exact value;
    /// `fast` is [`refresh`](Self::refresh)ed for `w`.
    #[inline]
    pub fn approx_dot(&self, sample: usize, w: &[f64], fast: &FastWeights) -> f64 {
        match &self.layout {
            Layout::Coded(Coded {
                levels: Some(levels),
                ..
            }) => fast.background_dot + levels.dot(sample, &fast.scaled),
            Layout::Coded(coded) => {
                let entries = coded.row(sample);
                let w = &w[..self.n_features];
                let differences = &coded.differences[..self.n_features << 8];
                let mut sums = [0.0; 4];
                let mut column = 0;
                let blocks = entries.chunks_exact(4);
                let tail = blocks.remainder();
                for block in blocks {
                    for (sum, &entry) in sums.iter_mut().zip(block) {
                        column += usize::from(entry >> 8);
                        *sum += w[column] * differences[column << 8 | usize::from(entry & 0xff)];
                    }
                }
                for &entry in tail {
                    column += usize::from(entry >> 8);
                    sums[0] += w[column] * differences[column << 8 | usize::from(entry & 0xff)];
                }
                fast.background_dot + ((sums[0] + sums[1]) + (sums[2] + sums[3]))
            }
            Layout::Plain { data, offsets } => {
                let x = &data[offsets[sample]..offsets[sample] + self.n_features];
                blocked_dot(w, x)
            }
        }
    }

    /// `sum_j w_j x_j` for `sample` exactly as scikit-learn sums it: one feature after another,
    /// from `+0.0`. `scratch` holds `n_features` values.
    #[inline]
    pub fn dot(&self, sample: usize, w: &[f64], scratch: &mut [f64]) -> f64 {
        match &self.layout {
            Layout::Coded(coded) if coded.zero_background => {
                coded.indices(sample).fold(0.0, |sum, (column, index)| {
                    sum + w[column] * coded.values[index]
                })
            }
            _ => sequential_dot(w, self.row(sample, scratch)),
        }
    }

    /// `w_j += x_j * step` for every feature of `sample`, as scikit-learn's dense
    /// `WeightVector.add` does, in one pass that also returns scikit-learn's exact `w . x` of
    /// the weights before the update (as [`dot`](Self::dot)) and `sum_j w_j^2` after it (summed
    /// in order); then [`refresh`](Self::refresh)es `fast` when given. The two sums are
    /// independent chains of additions, so the pass costs about what one of them costs alone;
    /// the refresh, in vector registers, costs a fraction of that.
    pub fn dot_and_add(
        &self,
        sample: usize,
        w: &mut [f64],
        step: f64,
        scratch: &mut [f64],
        fast: Option<&mut FastWeights>,
    ) -> (f64, f64) {
        let sums = match &self.layout {
            // Exact levels of zero-background rows are the values themselves (`x = step *
            // level`, exactly): the row is read from them, as the fast sum just did.
            Layout::Coded(coded) if coded.zero_background => match &coded.levels {
                Some(levels) if levels.exact() => {
                    let (first, span) = levels.span(sample);
                    let x = self.facts.step.iter().enumerate().map(|(j, step)| {
                        span.get(j.wrapping_sub(first))
                            .map_or(0.0, |&level| step * f64::from(level))
                    });
                    match fast {
                        Some(fast) => return self.dot_add_and_refresh(x, w, step, fast),
                        None => dense_dot_and_add(x, w, step),
                    }
                }
                _ => sparse_dot_and_add(coded, sample, w, step),
            },
            _ => dense_dot_and_add(self.row(sample, scratch).iter().copied(), w, step),
        };
        if let Some(fast) = fast {
            self.refresh(w, fast);
        }
        sums
    }

    /// `w_j += x_j * step` for every feature of `sample`, with the same bits as
    /// [`dot_and_add`](Self::dot_and_add), but without its exact sums: returns `sum_j w_j^2`
    /// after the update summed in any order, and [`refresh`](Self::refresh)es `fast`.
    /// Vectorized: a fraction of the exact pass's cost.
    pub fn add(
        &self,
        sample: usize,
        w: &mut [f64],
        step: f64,
        scratch: &mut [f64],
        fast: &mut FastWeights,
    ) -> f64 {
        #[cfg(target_arch = "x86_64")]
        if self.kernel == DotKernel::Avx512 {
            let n = self.n_features;
            fast.scaled.resize(n, 0.0);
            let (w, scaled) = (&mut w[..n], &mut fast.scaled[..n]);
            let (levels, zero_background) = match &self.layout {
                Layout::Coded(coded) => (coded.levels.as_ref(), coded.zero_background),
                Layout::Plain { .. } => (None, false),
            };
            // The coarse sum's weights are rounded on the way, to their present unit.
            let coarse = levels
                .filter(|levels| levels.coarse())
                .and_then(|_| fast.coarse.unit_of(n))
                .map(|unit| (&mut fast.coarse, unit));
            let rounded_to = coarse.as_ref().map(|&(_, unit)| unit);
            let exact_levels = levels.filter(|levels| levels.exact());
            // SAFETY: `detect` chose this kernel only where the processor has AVX-512F; the
            // slices have `n` values (the facts at least), a span of levels lies within them,
            // and the unit is that of `n` coarse weights.
            let (squares, sums) = unsafe {
                match exact_levels {
                    Some(levels) if zero_background => {
                        let (first, span) = levels.span(sample);
                        add_and_refresh_avx512::<false>(
                            |at| levels_x_avx512(first, span, &self.facts.step, at),
                            &self.facts,
                            w,
                            step,
                            scaled,
                            coarse,
                        )
                    }
                    _ => {
                        let x = self.row(sample, scratch);
                        add_and_refresh_avx512::<true>(
                            |at| load_avx512(x, at),
                            &self.facts,
                            w,
                            step,
                            scaled,
                            coarse,
                        )
                    }
                }
            };
            self.finish(sums, fast, rounded_to);
            return squares;
        }
        let x = self.row(sample, scratch);
        let w = &mut w[..x.len()];
        let squares = add_and_square(w, x, step);
        self.refresh(w, fast);
        squares
    }

    /// [`dot_and_add`](Self::dot_and_add) with the refresh in the same pass, for rows with a
    /// zero background and exact levels (whose background sum and level error are zero): the
    /// pass waits on its two chains of additions, which leaves room for the refresh's few
    /// operations per weight.
    fn dot_add_and_refresh(
        &self,
        x: impl Iterator<Item = f64>,
        w: &mut [f64],
        step: f64,
        fast: &mut FastWeights,
    ) -> (f64, f64) {
        fast.scaled.resize(self.n_features, 0.0);
        let (mut dot, mut squares) = (0.0, 0.0);
        let mut sums = FastSums::default();
        let columns = self.facts.max.iter().zip(&self.facts.step);
        for (((w, x), (max, column_step)), scaled) in
            w.iter_mut().zip(x).zip(columns).zip(&mut fast.scaled)
        {
            dot += *w * x;
            *w += x * step;
            squares += *w * *w;
            sums.weighted_max += w.abs() * max;
            *scaled = *w * column_step;
            sums.max_scaled = max_or_nan(sums.max_scaled, scaled.abs());
        }
        self.finish(sums, fast, None);
        (dot, squares)
    }

    /// The full row of `sample`: a slice of the data, or written into `scratch`.
    pub fn row<'s>(&'s self, sample: usize, scratch: &'s mut [f64]) -> &'s [f64] {
        match &self.layout {
            Layout::Coded(coded) => {
                let scratch = &mut scratch[..self.n_features];
                scratch.copy_from_slice(&coded.background);
                for (column, index) in coded.indices(sample) {
                    scratch[column] = coded.values[index];
                }
                scratch
            }
            Layout::Plain { data, offsets } => {
                &data[offsets[sample]..offsets[sample] + self.n_features]
            }
        }
    }

    /// Asks the processor to start loading `sample`'s row, which the solver reads soon, into
    /// `cache`.
    #[inline]
    pub fn prefetch(&self, sample: usize, cache: Cache) {
        let Layout::Coded(coded) = &self.layout else {
            return;
        };
        // With levels, the fast sum reads only them: the coded row is read for updates only.
        if let Some(levels) = &coded.levels {
            for line in levels.row(sample).chunks(64) {
                prefetch_line(line.as_ptr(), cache);
            }
            return;
        }
        for line in coded.row(sample).chunks(32) {
            prefetch_line(line.as_ptr(), cache);
        }
    }

    /// Asks the processor to start loading where `sample`'s row is, ahead of
    /// [`prefetch`](Self::prefetch).
    #[inline]
    pub fn prefetch_start(&self, sample: usize) {
        if let Layout::Coded(coded) = &self.layout {
            prefetch_line(coded.starts[sample..].as_ptr(), Cache::L1);
            if let Some(levels) = &coded.levels {
                prefetch_line(levels.span_address(sample), Cache::L1);
            }
        }
    }
}

/// [`FastSums::of`] in AVX-512 registers, eight weights at a time.
///
/// # Safety
/// The processor must have AVX-512F; the slices have the same length, at most those of `facts`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn fast_sums_avx512(facts: &ColumnFacts, w: &[f64], scaled: &mut [f64]) -> FastSums {
    use std::arch::x86_64::*;
    let n = w.len();
    let (mut weighted_max, mut background_dot) = (_mm512_setzero_pd(), _mm512_setzero_pd());
    let (mut level_error, mut max_scaled) = (_mm512_setzero_pd(), _mm512_setzero_pd());
    let mut nan = 0;
    for at in (0..n).step_by(8) {
        let mask = lanes_left(n, at);
        // SAFETY: the mask keeps every access within the slices (zeros past their end).
        unsafe {
            let load = |values: &[f64]| _mm512_maskz_loadu_pd(mask, values.as_ptr().add(at));
            let w = load(w);
            let magnitude = _mm512_abs_pd(w);
            weighted_max = _mm512_fmadd_pd(magnitude, load(&facts.max), weighted_max);
            background_dot = _mm512_fmadd_pd(w, load(&facts.background), background_dot);
            level_error = _mm512_fmadd_pd(magnitude, load(&facts.error), level_error);
            let s = _mm512_mul_pd(w, load(&facts.step));
            _mm512_mask_storeu_pd(scaled.as_mut_ptr().add(at), mask, s);
            nan |= _mm512_cmp_pd_mask::<_CMP_UNORD_Q>(s, s);
            max_scaled = _mm512_max_pd(max_scaled, _mm512_abs_pd(s));
        }
    }
    reduce_fast_sums([weighted_max, background_dot, level_error, max_scaled], nan)
}

/// The [`FastSums`] of the vector lanes `[weighted_max, background_dot, level_error,
/// max_scaled]`, where `nan` has the lanes whose scaled weight was NaN.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn reduce_fast_sums(lanes: [std::arch::x86_64::__m512d; 4], nan: u8) -> FastSums {
    use std::arch::x86_64::*;
    let [weighted_max, background_dot, level_error, max_scaled] = lanes;
    FastSums {
        weighted_max: _mm512_reduce_add_pd(weighted_max),
        background_dot: _mm512_reduce_add_pd(background_dot),
        level_error: _mm512_reduce_add_pd(level_error),
        max_scaled: if nan == 0 {
            _mm512_reduce_max_pd(max_scaled)
        } else {
            f64::NAN
        },
    }
}

/// [`TrainingRows::add`] and [`TrainingRows::refresh`] in one pass over the features: `w_j +=
/// x_j * step` with the same bits as [`add_and_square`], where `row(at)` gives `x_j` of the eight
/// columns from `at` (zeros past the end). Returns `sum_j w_j^2` after the update, in eight
/// lanes, and the refresh's sums, as [`fast_sums_avx512`] sums them; writes the scaled weights,
/// and, given `coarse` weights and their unit, rounds them to it as [`Levels::quantize`] would.
/// One pass instead of up to four (writing the row out, the update, the refresh, the
/// rounding). Without a `BACKGROUND`, the background sum and the level error are taken as zero
/// (rows with a zero background and exact levels).
///
/// # Safety
/// The processor must have AVX-512F; `w` and `scaled` have the same length, at most that of
/// `facts`' vectors; the unit is [`CoarseWeights::unit_of`] that length.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn add_and_refresh_avx512<const BACKGROUND: bool>(
    row: impl Fn(usize) -> std::arch::x86_64::__m512d,
    facts: &ColumnFacts,
    w: &mut [f64],
    step: f64,
    scaled: &mut [f64],
    mut coarse: Option<(&mut CoarseWeights, f64)>,
) -> (f64, FastSums) {
    use std::arch::x86_64::*;
    let n = w.len();
    let (max, background) = (&facts.max[..n], &facts.background[..n]);
    let (error, column_step) = (&facts.error[..n], &facts.step[..n]);
    let step = _mm512_set1_pd(step);
    let inverse_unit = _mm512_set1_pd(coarse.as_ref().map_or(0.0, |&(_, unit)| 1.0 / unit));
    let (mut squares, mut weighted_max) = (_mm512_setzero_pd(), _mm512_setzero_pd());
    let (mut background_dot, mut level_error) = (_mm512_setzero_pd(), _mm512_setzero_pd());
    let mut max_scaled = _mm512_setzero_pd();
    let mut nan = 0;
    for at in (0..n).step_by(8) {
        let mask = lanes_left(n, at);
        let x = row(at);
        // SAFETY: the mask keeps every access within the slices (zeros past their end).
        unsafe {
            let load = |values: &[f64]| _mm512_maskz_loadu_pd(mask, values.as_ptr().add(at));
            // The product, then the sum, as scikit-learn rounds them (no fused multiply-add).
            let updated = _mm512_add_pd(load(w), _mm512_mul_pd(x, step));
            _mm512_mask_storeu_pd(w.as_mut_ptr().add(at), mask, updated);
            squares = _mm512_add_pd(squares, _mm512_mul_pd(updated, updated));
            let magnitude = _mm512_abs_pd(updated);
            weighted_max = _mm512_fmadd_pd(magnitude, load(max), weighted_max);
            if BACKGROUND {
                background_dot = _mm512_fmadd_pd(updated, load(background), background_dot);
                level_error = _mm512_fmadd_pd(magnitude, load(error), level_error);
            }
            let s = _mm512_mul_pd(updated, load(column_step));
            _mm512_mask_storeu_pd(scaled.as_mut_ptr().add(at), mask, s);
            nan |= _mm512_cmp_pd_mask::<_CMP_UNORD_Q>(s, s);
            max_scaled = _mm512_max_pd(max_scaled, _mm512_abs_pd(s));
            if let Some((coarse, _)) = &mut coarse {
                coarse.round_eight_avx512(at, mask, s, inverse_unit);
            }
        }
    }
    let sums = reduce_fast_sums([weighted_max, background_dot, level_error, max_scaled], nan);
    (_mm512_reduce_add_pd(squares), sums)
}

/// The mask of the eight lanes from `at` that are within `n` values.
#[inline(always)]
fn lanes_left(n: usize, at: usize) -> u8 {
    if n - at >= 8 {
        u8::MAX
    } else {
        (1 << (n - at)) - 1
    }
}

/// `x[at..at + 8]`, zeros past the end.
///
/// # Safety
/// The processor must have AVX-512F; `at < x.len()`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[inline]
unsafe fn load_avx512(x: &[f64], at: usize) -> std::arch::x86_64::__m512d {
    use std::arch::x86_64::*;
    // SAFETY: the mask keeps the load within `x`.
    unsafe { _mm512_maskz_loadu_pd(lanes_left(x.len(), at), x.as_ptr().add(at)) }
}

/// `x_j = step_j level_j` of the eight columns from `at`, for a row whose levels from column
/// `first` are `levels` (the others are zero): exact where the levels are.
///
/// # Safety
/// The processor must have AVX-512F; `at < step.len()`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[inline]
unsafe fn levels_x_avx512(
    first: usize,
    levels: &[u8],
    step: &[f64],
    at: usize,
) -> std::arch::x86_64::__m512d {
    use std::arch::x86_64::*;
    let end = first + levels.len();
    let bytes = if at >= first && at + 8 <= end {
        let bytes = &levels[at - first..at - first + 8];
        u64::from_le_bytes(bytes.try_into().unwrap_or_default())
    } else if at + 8 <= first || at >= end {
        0
    } else {
        (at.max(first)..(at + 8).min(end)).fold(0, |bytes, j| {
            bytes | u64::from(levels[j - first]) << (8 * (j - at))
        })
    };
    let level = _mm512_cvtepi32_pd(_mm256_cvtepu8_epi32(_mm_cvtsi64_si128(bytes as i64)));
    // SAFETY: `at < step.len()` (the load is masked to it).
    _mm512_mul_pd(level, unsafe { load_avx512(step, at) })
}

/// `w_j += x_j * step` (rounded as scikit-learn rounds it: the product, then the sum), and
/// `sum_j w_j^2` after it in eight interleaved sums; `w` and `x` have the same length.
#[inline(always)]
fn add_and_square(w: &mut [f64], x: &[f64], step: f64) -> f64 {
    const LANES: usize = 8;
    let mut squares = [0.0; LANES];
    let (w_blocks, w_rest) = w.as_chunks_mut::<LANES>();
    let (x_blocks, x_rest) = x.as_chunks::<LANES>();
    for (w, x) in w_blocks.iter_mut().zip(x_blocks) {
        for lane in 0..LANES {
            w[lane] += x[lane] * step;
            squares[lane] += w[lane] * w[lane];
        }
    }
    for (w, x) in w_rest.iter_mut().zip(x_rest) {
        *w += x * step;
        squares[0] += *w * *w;
    }
    squares.iter().sum()
}

/// [`TrainingRows::dot_and_add`] of a row whose values are `x`, in one pass over the features.
#[inline(always)]
fn dense_dot_and_add(x: impl Iterator<Item = f64>, w: &mut [f64], step: f64) -> (f64, f64) {
    let (mut dot, mut squares) = (0.0, 0.0);
    for (w, x) in w.iter_mut().zip(x) {
        dot += *w * x;
        *w += x * step;
        squares += *w * *w;
    }
    (dot, squares)
}

/// [`TrainingRows::dot_and_add`] of a sparse row, in two passes: the row's entries (the exact
/// sum skips zero features, which change no bit of it, and the update), then every weight
/// (adding `0 * step`, as scikit-learn's loop over every feature does: it turns `-0.0` into
/// `+0.0` when `step > 0` and leaves every other value as it is, those just updated included;
/// and the squares).
fn sparse_dot_and_add(coded: &Coded, sample: usize, w: &mut [f64], step: f64) -> (f64, f64) {
    let mut dot = 0.0;
    for (column, index) in coded.indices(sample) {
        let x = coded.values[index];
        dot += w[column] * x;
        w[column] += x * step;
    }
    let zero_step = 0.0 * step;
    let mut squares = 0.0;
    for w in w.iter_mut() {
        *w += zero_step;
        squares += *w * *w;
    }
    (dot, squares)
}

/// `sum_j a_j b_j` in eight interleaved partial sums (vectorized, not scikit-learn's rounding).
#[inline]
fn blocked_dot(a: &[f64], b: &[f64]) -> f64 {
    let (a_blocks, b_blocks) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f64 = a_blocks
        .remainder()
        .iter()
        .zip(b_blocks.remainder())
        .map(|(a, b)| a * b)
        .sum();
    let mut sums = [0.0; 8];
    for (a, b) in a_blocks.zip(b_blocks) {
        for i in 0..8 {
            sums[i] += a[i] * b[i];
        }
    }
    sums.iter().sum::<f64>() + tail
}

/// The cache a prefetch loads into.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Cache {
    L1,
    L2,
}

/// Asks the processor to load the cache line at `pointer` into `cache`.
#[inline]
fn prefetch_line<T>(pointer: *const T, cache: Cache) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint that never faults, whatever the address.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _MM_HINT_T1, _mm_prefetch};
        match cache {
            Cache::L1 => _mm_prefetch::<_MM_HINT_T0>(pointer.cast()),
            Cache::L2 => _mm_prefetch::<_MM_HINT_T1>(pointer.cast()),
        }
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (pointer, cache);
}

/// `sum_j w_j x_j`, one feature after another from `+0.0` (scikit-learn's order).
#[inline]
fn sequential_dot(w: &[f64], x: &[f64]) -> f64 {
    x.iter().zip(w).fold(0.0, |sum, (x, w)| sum + w * x)
}

impl Coded {
    /// The coded form of the `n_samples` rows given by `row`, or `None` when a column has too
    /// many distinct values (or too many columns for the 24-bit column field).
    ///
    /// Two passes over the rows, each on all threads: the first gives every column its table of
    /// values and their counts, a block of [`COLUMN_BLOCK`] columns per task; the second codes
    /// [`CHUNK_ROWS`] rows at a time, a row per task, then writes their entries and levels where
    /// they stay. No array of all the codes: memory that a fit touches for the first time is
    /// dear (see [`huge_page_buffer`]).
    fn new<'r>(
        n_samples: usize,
        n_features: usize,
        row: impl Fn(usize) -> &'r [f64] + Sync,
    ) -> Option<Coded> {
        if n_features >= 1 << 24 || n_samples == 0 {
            return None;
        }
        // Each column's values in row order (the order that numbers the codes).
        let mut tables: Vec<ValueTable> = (0..n_features).map(|_| ValueTable::new()).collect();
        tables
            .par_chunks_mut(COLUMN_BLOCK)
            .enumerate()
            .try_for_each(|(block, tables)| {
                let first = block * COLUMN_BLOCK;
                (0..n_samples).try_for_each(|i| {
                    let values = &row(i)[first..first + tables.len()];
                    tables
                        .iter_mut()
                        .zip(values)
                        .try_for_each(|(table, &v)| table.code(v).map(drop))
                })
            })?;
        let background_codes: Vec<u8> = tables.iter().map(ValueTable::most_frequent).collect();
        let background: Vec<f64> = tables
            .iter()
            .zip(&background_codes)
            .map(|(table, &code)| table.values[code as usize])
            .collect();
        let mut values = vec![0.0; n_features << 8];
        let mut differences = vec![0.0; n_features << 8];
        for (j, table) in tables.iter().enumerate() {
            for (code, &v) in table.values.iter().enumerate() {
                values[j << 8 | code] = v;
                differences[j << 8 | code] = v - background[j];
            }
        }
        let columns: Vec<ColumnCodes> = tables
            .iter()
            .zip(&background_codes)
            .enumerate()
            .map(|(j, (table, &background))| ColumnCodes {
                differences: &differences[j << 8..(j << 8) + table.values.len()],
                background,
            })
            .collect();
        let non_background: usize = tables
            .iter()
            .zip(&background_codes)
            .map(|(table, &code)| n_samples - table.counts[usize::from(code)])
            .sum();
        let mut levels = Levels::builder(n_samples, &columns, non_background);
        // A row has at most an entry per column, and one per 255 columns of background between
        // two entries; only the pages written are backed by memory.
        let mut entries = huge_page_buffer(n_samples * (n_features + n_features / 255 + 1));
        let mut starts = Vec::with_capacity(n_samples + 1);
        starts.push(0);
        let mut chunk = vec![0u8; CHUNK_ROWS * n_features];
        for first in (0..n_samples).step_by(CHUNK_ROWS) {
            let chunk = &mut chunk[..(n_samples - first).min(CHUNK_ROWS) * n_features];
            chunk
                .par_chunks_mut(n_features)
                .enumerate()
                .try_for_each(|(k, codes)| {
                    let values = row(first + k);
                    for ((code, &v), table) in codes.iter_mut().zip(values).zip(&tables) {
                        *code = table.find(v)?;
                    }
                    Some(())
                })?;
            for codes in chunk.chunks_exact(n_features) {
                push_entries(&mut entries, codes, &background_codes);
                starts.push(entries.len());
                // Rows too long for the levels' 32-bit spans leave the levels out.
                if levels.as_mut().is_some_and(|l| l.push_row(codes).is_none()) {
                    levels = None;
                }
            }
        }
        Some(Coded {
            levels: levels.map(LevelsBuilder::finish),
            zero_background: background.iter().all(|&z| z == 0.0),
            background,
            values,
            differences,
            starts,
            entries,
        })
    }

    #[inline]
    fn row(&self, sample: usize) -> &[u16] {
        &self.entries[self.starts[sample]..self.starts[sample + 1]]
    }

    /// The column and table index (`column << 8 | code`) of each of `sample`'s entries.
    #[inline]
    fn indices(&self, sample: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let mut column = 0;
        self.row(sample).iter().map(move |&entry| {
            column += usize::from(entry >> 8);
            (column, column << 8 | usize::from(entry & 0xff))
        })
    }
}

/// Appends the entries of the row whose codes are `codes`: `gap << 8 | code` of each value that
/// is not its column's background (whose code is in `background_codes`), and, before a gap over
/// 255 columns, entries that hold the background 255 columns on.
fn push_entries(entries: &mut HugePageVec<u16>, codes: &[u8], background_codes: &[u8]) {
    let mut previous = 0;
    for (j, (&code, &background)) in codes.iter().zip(background_codes).enumerate() {
        if code != background {
            while j - previous > 255 {
                previous += 255;
                entries.push(255 << 8 | u16::from(background_codes[previous]));
            }
            entries.push(((j - previous) as u16) << 8 | u16::from(code));
            previous = j;
        }
    }
}

/// Rows per chunk of [`Coded::new`]'s second pass: a chunk's codes (a byte per value, 800 KB for
/// MNIST) stay in the level-2 cache while its entries and levels are written.
const CHUNK_ROWS: usize = 1024;

/// Columns per block of [`Coded::new`]'s first pass, a block per task: the block's value tables
/// (8 KB each) stay in the level-2 cache.
const COLUMN_BLOCK: usize = 64;

/// The distinct values of one column (by bit pattern), each with a code and a count.
struct ValueTable {
    /// Open addressing: `(bits, code + 1)`, code 0 marking an empty slot.
    slots: Vec<(u64, u16)>,
    values: Vec<f64>,
    counts: Vec<usize>,
}

impl ValueTable {
    const SLOTS: usize = 2 * MAX_CODES;

    fn new() -> Self {
        ValueTable {
            slots: vec![(0, 0); Self::SLOTS],
            values: Vec::new(),
            counts: Vec::new(),
        }
    }

    /// The code of `v`, given a new one if unseen; `None` once the column has too many values.
    #[inline]
    fn code(&mut self, v: f64) -> Option<u8> {
        let bits = v.to_bits();
        let slot = self.probe(bits);
        let code = self.slots[slot].1;
        if code == 0 {
            if self.values.len() == MAX_CODES {
                return None;
            }
            self.values.push(v);
            self.counts.push(1);
            self.slots[slot] = (bits, self.values.len() as u16);
            return Some((self.values.len() - 1) as u8);
        }
        self.counts[code as usize - 1] += 1;
        Some((code - 1) as u8)
    }

    /// The code of `v`, `None` if unseen.
    #[inline]
    fn find(&self, v: f64) -> Option<u8> {
        let code = self.slots[self.probe(v.to_bits())].1;
        code.checked_sub(1).map(|code| code as u8)
    }

    /// The slot that holds the value with `bits`, or the empty slot where it would go.
    #[inline]
    fn probe(&self, bits: u64) -> usize {
        let mut slot = (bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 55) as usize;
        loop {
            let (key, code) = self.slots[slot];
            if code == 0 || key == bits {
                return slot;
            }
            slot = (slot + 1) % Self::SLOTS;
        }
    }

    /// The code of the most frequent value: zero among ties (so that sparse data stays
    /// sparse), else the first seen.
    fn most_frequent(&self) -> u8 {
        let mut best = 0;
        for (code, &count) in self.counts.iter().enumerate() {
            let tie_to_zero = count == self.counts[best] && self.values[code] == 0.0;
            if count > self.counts[best] || (tie_to_zero && self.values[best] != 0.0) {
                best = code;
            }
        }
        best as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn coded_rows_list_their_non_background_entries() {
        let x = array![
            [0.0, 0.0, 3.0, 0.5],
            [1.0, 2.0, 3.0, 0.5],
            [9.0, 0.0, 3.0, 0.25]
        ];
        let rows = [2, 0];
        let training = TrainingRows::new(Samples::rows(x.view(), &rows).unwrap()).unwrap();
        assert_eq!(training.n_samples(), 2);
        assert_eq!(training.facts.max, [9.0, 0.0, 3.0, 0.5]);
        let mut scratch = [0.0; 4];
        assert_eq!(training.row(1, &mut scratch), &[0.0, 0.0, 3.0, 0.5]);
        let Layout::Coded(coded) = &training.layout else {
            panic!("coded layout expected");
        };
        assert!(!coded.zero_background);
        assert_eq!(coded.background, [0.0, 0.0, 3.0, 0.25]);
        assert_eq!(coded.row(0), &[0]);
        assert_eq!(coded.row(1), &[3 << 8 | 1]);
        let w = [1.0, 2.0, 4.0, 8.0];
        assert_eq!(training.dot(1, &w, &mut scratch), 16.0);
        let mut fast = FastWeights::default();
        training.refresh(&w, &mut fast);
        assert_eq!(training.approx_dot(1, &w, &fast), 16.0);
        let sum_error = 8.0 * 6.0 * f64::EPSILON;
        assert_eq!(fast.bound, sum_error * 25.0 + f64::MIN_POSITIVE);
    }

    #[test]
    fn rows_over_several_chunks_and_column_blocks_keep_every_value() {
        // 600 rows (two whole chunks and part of a third) of 300 columns (four whole blocks and
        // part of a fifth), pixel-like: non-zero levels in every fifth column or so; every 50th
        // row from row 7 has one, in the last column, after a gap of more than 255 columns.
        let (n_samples, n_features) = (600, 300);
        let x = ndarray::Array2::from_shape_fn((n_samples, n_features), |(i, j)| {
            let lone = i % 50 == 7;
            if lone && j == 299 || !lone && (i * 31 + j * 7) % 5 == 0 {
                ((i + 3 * j) % 17 + 1) as f64 * 15.0
            } else {
                0.0
            }
        });
        let training = TrainingRows::new(Samples::all(x.view())).unwrap();
        assert!(training.uses_levels());
        let Layout::Coded(coded) = &training.layout else {
            panic!("coded layout expected");
        };
        let levels = coded.levels.as_ref().unwrap();
        let mut scratch = vec![0.0; n_features];
        for (i, expected) in x.rows().into_iter().enumerate() {
            assert_eq!(
                training.row(i, &mut scratch),
                expected.as_slice().unwrap(),
                "row {i}"
            );
            let (first, row_levels) = levels.span(i);
            for (j, &v) in expected.iter().enumerate() {
                let level = row_levels.get(j.wrapping_sub(first)).copied().unwrap_or(0);
                assert_eq!(
                    f64::from(level) * levels.steps()[j],
                    v,
                    "row {i}, column {j}"
                );
            }
            let non_zero = expected.iter().filter(|&&v| v != 0.0).count();
            // The lone value's entry, after one that only skips 255 columns.
            let gaps = usize::from(i % 50 == 7);
            assert_eq!(coded.row(i).len(), non_zero + gaps, "row {i}");
        }
    }

    #[test]
    fn updates_touch_every_feature_like_scikit_learn_dense_add() {
        let x = array![[0.0, 0.0, 3.0], [1.0, 0.0, 0.0], [0.0, 0.0, 2.0]];
        let training = TrainingRows::new(Samples::all(x.view())).unwrap();
        let Layout::Coded(coded) = &training.layout else {
            panic!("coded layout expected");
        };
        assert!(coded.zero_background);
        assert_eq!(coded.row(0), &[2 << 8]);
        // Adding +0.0 turns -0.0 into +0.0, as scikit-learn's loop over every feature does.
        let mut w = [-0.0, -0.0, 1.0];
        let mut scratch = [0.0; 3];
        let mut fast = FastWeights::default();
        let (dot, squares) = training.dot_and_add(0, &mut w, 0.5, &mut scratch, Some(&mut fast));
        assert_eq!((dot, squares), (3.0, 6.25));
        assert_eq!(w, [0.0, 0.0, 2.5]);
        assert!(w[0].is_sign_positive() && w[1].is_sign_positive());
        let mut refreshed = FastWeights::default();
        training.refresh(&w, &mut refreshed);
        assert_eq!(
            (fast.bound, fast.background_dot, &fast.scaled),
            (refreshed.bound, refreshed.background_dot, &refreshed.scaled)
        );
        assert_eq!(
            training.dot_and_add(1, &mut w, -1.0, &mut scratch, None),
            (0.0, 1.0 + 6.25)
        );
        assert_eq!(w, [-1.0, 0.0, 2.5]);
    }

    #[test]
    fn long_gaps_between_entries_take_background_entries() {
        let mut x = ndarray::Array2::from_elem((3, 600), 0.0);
        x[[0, 0]] = 7.0;
        x[[0, 599]] = 5.0;
        x[[2, 300]] = 2.0;
        let training = TrainingRows::new(Samples::all(x.view())).unwrap();
        let Layout::Coded(coded) = &training.layout else {
            panic!("coded layout expected");
        };
        assert_eq!(coded.row(0).len(), 4);
        let columns: Vec<usize> = coded.indices(0).map(|(column, _)| column).collect();
        assert_eq!(columns, [0, 255, 510, 599]);
        let mut scratch = vec![0.0; 600];
        assert_eq!(training.row(0, &mut scratch), x.row(0).as_slice().unwrap());
        assert_eq!(training.row(2, &mut scratch), x.row(2).as_slice().unwrap());
        let mut w: Vec<f64> = (0..600).map(|j| j as f64).collect();
        assert_eq!(training.dot(0, &w, &mut scratch), 5.0 * 599.0);
        let mut fast = FastWeights::default();
        training.refresh(&w, &mut fast);
        assert_eq!(training.approx_dot(0, &w, &fast), 5.0 * 599.0);
        training.dot_and_add(0, &mut w, 2.0, &mut scratch, None);
        assert_eq!((w[0], w[255], w[599]), (14.0, 255.0, 599.0 + 10.0));
    }

    #[test]
    fn many_distinct_values_keep_plain_rows_and_non_finite_values_are_rejected() {
        let x = ndarray::Array2::from_shape_fn((300, 2), |(i, j)| (i * (j + 1)) as f64 * 0.1);
        let training = TrainingRows::new(Samples::all(x.view())).unwrap();
        assert!(matches!(training.layout, Layout::Plain { .. }));
        let mut scratch = [0.0; 2];
        assert_eq!(training.row(3, &mut scratch), &[3.0 * 0.1, 6.0 * 0.1]);
        let t = array![[1.0, 2.0], [3.0, 4.0]];
        let transposed = TrainingRows::new(Samples::all(t.t())).unwrap();
        assert_eq!(transposed.row(0, &mut scratch), &[1.0, 3.0]);
        let bad = array![[1.0, f64::NAN]];
        assert!(TrainingRows::new(Samples::all(bad.view())).is_err());
    }

    #[test]
    fn the_one_pass_update_matches_the_update_then_the_refresh() {
        // Raw-pixel-like rows: a zero background, small integers, spans of levels that start
        // and end inside blocks of eight columns, 29 columns (a partial last block); then the
        // same standardized-like (a background, inexact levels).
        let n = 29;
        let raw = ndarray::Array2::from_shape_fn((40, n), |(i, j)| {
            let lit = (j + i) % 5 < 2 && j > i % 7 && j < n - i % 4;
            if lit {
                ((i * 37 + j * 11) % 255 + 1) as f64
            } else {
                0.0
            }
        });
        let shifted = raw.mapv(|v| (v - 0.3) / 3.7);
        for (x, exact_levels) in [(raw, true), (shifted, false)] {
            let training = TrainingRows::new(Samples::all(x.view())).unwrap();
            let Layout::Coded(coded) = &training.layout else {
                panic!("coded layout expected");
            };
            let levels = coded.levels.as_ref().unwrap();
            assert_eq!(coded.zero_background && levels.exact(), exact_levels);
            let mut w: Vec<f64> = (0..n).map(|j| (j as f64 * 1.7).sin() * 0.37).collect();
            w[3] = -0.0;
            let mut scratch = vec![0.0; n];
            let (mut fast, mut expected_fast) = (FastWeights::default(), FastWeights::default());
            let steps = (0..40)
                .map(|i| (i, (i as f64 - 19.5) / 3e3))
                .chain([(39, -0.0), (22, 7.0)]);
            for (sample, step) in steps {
                let mut expected = w.clone();
                let row = training.row(sample, &mut scratch).to_vec();
                let expected_squares = add_and_square(&mut expected, &row, step);
                training.refresh(&expected, &mut expected_fast);
                let squares = training.add(sample, &mut w, step, &mut scratch, &mut fast);
                let bits = |v: &[f64]| v.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&w), bits(&expected), "sample {sample}");
                assert_eq!(bits(&fast.scaled), bits(&expected_fast.scaled));
                let close = |a: f64, b: f64| (a - b).abs() <= 1e-13 * b.abs();
                assert!(close(squares, expected_squares));
                assert!(close(fast.bound, expected_fast.bound));
                assert!(close(fast.background_dot, expected_fast.background_dot));
                assert_eq!(
                    training.coarse_dot(sample, &fast),
                    training.coarse_dot(sample, &expected_fast)
                );
            }
        }
    }

    #[test]
    fn vector_and_portable_refreshes_agree() {
        let n = 29;
        let facts = ColumnFacts {
            max: (0..n).map(|j| j as f64 * 1.5).collect(),
            background: (0..n).map(|j| 0.25 - j as f64).collect(),
            step: (0..n).map(|j| 1.0 / (j as f64 + 3.0)).collect(),
            error: (0..n).map(|j| j as f64 * 1e-12).collect(),
        };
        let w: Vec<f64> = (0..n).map(|j| (j as f64 - 13.7) * 0.3).collect();
        let mut portable = vec![0.0; n];
        let expected = FastSums::of(&facts, &w, &mut portable);
        let sequential: f64 = w.iter().zip(&facts.max).map(|(w, m)| w.abs() * m).sum();
        assert!((expected.weighted_max - sequential).abs() <= 1e-12 * sequential);
        let largest = portable.iter().fold(0f64, |m, s| m.max(s.abs()));
        assert_eq!(expected.max_scaled, largest);
        if DotKernel::detect() == DotKernel::Portable {
            return;
        }
        #[cfg(target_arch = "x86_64")]
        {
            let mut vector = vec![0.0; n];
            // SAFETY: `detect` found AVX-512F; the slices have the same length.
            let sums = unsafe { fast_sums_avx512(&facts, &w, &mut vector) };
            assert_eq!(vector, portable);
            assert_eq!(sums.max_scaled, expected.max_scaled);
            for (a, b) in [
                (sums.weighted_max, expected.weighted_max),
                (sums.background_dot, expected.background_dot),
                (sums.level_error, expected.level_error),
            ] {
                assert!((a - b).abs() <= 1e-12 * b.abs(), "{a} {b}");
            }
            let mut nan = w.clone();
            nan[20] = f64::NAN;
            // SAFETY: as above.
            let sums = unsafe { fast_sums_avx512(&facts, &nan, &mut vector) };
            assert!(sums.max_scaled.is_nan());
            assert!(
                FastSums::of(&facts, &nan, &mut portable)
                    .max_scaled
                    .is_nan()
            );
        }
    }
}
