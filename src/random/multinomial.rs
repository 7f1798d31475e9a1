//! [`RandomState::multinomial`]: NumPy's legacy `rng.multinomial(n, pvals, size)`, draw for draw.
//!
//! NumPy draws each row category by category: the count of category `j` is a binomial draw of
//! the trials left with probability `pvals[j]` over the probability left, until no trial is
//! left; the last category takes the rest. Its binomial sampler inverts the cumulative
//! distribution while `n * min(p, 1 - p) <= 30` (always the case for `n = 1`, the one-hot rows
//! of scikit-learn's `DummyClassifier(strategy="stratified")`) and switches to the BTPE
//! rejection sampler beyond; this module has the inversion only and says so when a draw would
//! need BTPE.

use ndarray::Array2;

use super::RandomState;
use crate::error::{Error, Result};

/// The largest `n * min(p, 1 - p)` that NumPy's binomial sampler handles by inversion.
const INVERSION_LIMIT: f64 = 30.0;

impl RandomState {
    /// `size` rows of counts of `n` trials over categories of probabilities `pvals`, like
    /// `rng.multinomial(n, pvals, size)`: a `size x pvals.len()` matrix whose rows sum to `n`.
    ///
    /// As in NumPy, the last probability is not used (the last category takes the trials left),
    /// and `pvals` must lie in [0, 1] with the others summing to at most 1 (within 1e-12,
    /// Kahan-summed). Fails on those, on `n < 0`, and when a category's draw could need NumPy's
    /// BTPE sampler (`n * min(p, 1 - p) > 30` for its probability `p` given the categories
    /// before it), which this crate does not reproduce. A call that fails draws nothing.
    ///
    /// ```
    /// use handson::random::RandomState;
    /// let mut rng = RandomState::new(0);
    /// let counts = rng.multinomial(1, &[0.3, 0.7], 5)?; // rng.multinomial(1, [0.3, 0.7], 5)
    /// assert_eq!(counts.column(0).to_vec(), [0, 1, 0, 0, 0]);
    /// assert!(rng.multinomial(1, &[0.8, 0.5, 0.1], 1).is_err()); // 0.8 + 0.5 > 1
    /// # Ok::<(), handson::Error>(())
    /// ```
    pub fn multinomial(&mut self, n: i64, pvals: &[f64], size: usize) -> Result<Array2<i64>> {
        check_pvals(pvals)?;
        if n < 0 {
            return Err(Error::invalid("n", "a number of trials >= 0", n));
        }
        check_inversion_suffices(n, pvals)?;
        let d = pvals.len();
        let too_big =
            || Error::invalid("size", "a number of rows whose counts fit in memory", size);
        let cells = size.checked_mul(d).ok_or_else(too_big)?;
        let mut counts = Vec::new();
        counts.try_reserve_exact(cells).map_err(|_| too_big())?;
        counts.resize(cells, 0);
        if d > 0 {
            for row in counts.chunks_exact_mut(d) {
                self.multinomial_row(n, pvals, row);
            }
        }
        Array2::from_shape_vec((size, d), counts).map_err(|_| too_big())
    }

    /// One row of counts (NumPy's `random_multinomial`), into `row`, which starts at zeros.
    fn multinomial_row(&mut self, n: i64, pvals: &[f64], row: &mut [i64]) {
        let d = row.len();
        let mut remaining_p = 1.0;
        let mut left = n;
        for j in 0..d - 1 {
            row[j] = self.binomial(left, pvals[j] / remaining_p);
            left -= row[j];
            if left <= 0 {
                break;
            }
            remaining_p -= pvals[j];
        }
        if left > 0 {
            row[d - 1] = left;
        }
    }

    /// A binomial draw of `n` trials with probability `p` (NumPy's `random_binomial`): nothing
    /// drawn when `n` or `p` is 0, inversion on the smaller of `p` and `1 - p` (which
    /// [`check_inversion_suffices`] made sure of).
    fn binomial(&mut self, n: i64, p: f64) -> i64 {
        if n == 0 || p == 0.0 {
            return 0;
        }
        if p <= 0.5 {
            self.binomial_inversion(n, p)
        } else {
            n - self.binomial_inversion(n, 1.0 - p)
        }
    }

    /// NumPy's `random_binomial_inversion`: walk up the cumulative distribution from 0 until a
    /// uniform draw is covered, starting over with a new draw past `n p + 10 sqrt(n p q + 1)`.
    fn binomial_inversion(&mut self, n: i64, p: f64) -> i64 {
        let n_f = n as f64;
        let q = 1.0 - p;
        let qn = (n_f * q.ln()).exp();
        let np = n_f * p;
        // C's (RAND_INT_TYPE)MIN(n, bound): the smaller as a double, truncated.
        let bound = n_f.min(np + 10.0 * (np * q + 1.0).sqrt()) as i64;
        let mut x = 0;
        let mut px = qn;
        let mut u = self.mt.next_f64();
        while u > px {
            x += 1;
            if x > bound {
                x = 0;
                px = qn;
                u = self.mt.next_f64();
            } else {
                u -= px;
                px = ((n - x + 1) as f64 * p * px) / (x as f64 * q);
            }
        }
        x
    }
}

/// Fails unless every category's binomial draw takes NumPy's inversion branch even with all `n`
/// trials left: `n * min(p, 1 - p) <= 30` for each conditional probability `p` (which does not
/// depend on the draws), so that a call either draws NumPy's values or fails before drawing.
fn check_inversion_suffices(n: i64, pvals: &[f64]) -> Result<()> {
    let mut remaining_p = 1.0;
    for &pj in pvals.iter().take(pvals.len().saturating_sub(1)) {
        let p = pj / remaining_p;
        let smaller = if p <= 0.5 { p } else { 1.0 - p };
        if smaller * n as f64 > INVERSION_LIMIT {
            return Err(Error::invalid(
                "n",
                format!(
                    "n * min(p, 1 - p) <= {INVERSION_LIMIT} for each category (NumPy draws \
                     larger counts with its BTPE sampler, which handson does not reproduce)"
                ),
                format!("n = {n} with p = {p}"),
            ));
        }
        remaining_p -= pj;
    }
    Ok(())
}

/// NumPy's checks of `pvals`: each in [0, 1] (no NaN), and all but the last summing to at most
/// 1 + 1e-12 by Kahan summation.
fn check_pvals(pvals: &[f64]) -> Result<()> {
    if let Some((i, p)) = pvals
        .iter()
        .enumerate()
        .find(|(_, p)| !(0.0..=1.0).contains(*p))
    {
        return Err(Error::invalid(
            "pvals",
            "probabilities between 0 and 1",
            format!("{p} at position {i}"),
        ));
    }
    let head = &pvals[..pvals.len().saturating_sub(1)];
    let sum = kahan_sum(head);
    if sum > 1.0 + 1e-12 {
        return Err(Error::invalid(
            "pvals",
            "probabilities whose sum, the last one left out, is at most 1",
            format!("a sum of {sum}"),
        ));
    }
    Ok(())
}

/// NumPy's `kahan_sum`: compensated summation in order.
fn kahan_sum(values: &[f64]) -> f64 {
    let Some((&first, rest)) = values.split_first() else {
        return 0.0;
    };
    let mut sum = first;
    let mut compensation = 0.0;
    for &value in rest {
        let y = value - compensation;
        let t = sum + y;
        compensation = (t - sum) - y;
        sum = t;
    }
    sum
}
