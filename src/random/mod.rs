//! NumPy's legacy `np.random.RandomState`, draw for draw.
//!
//! The book seeds its randomness with `np.random.seed(42)` and scikit-learn's `random_state=42`;
//! both draw from NumPy's legacy `RandomState`. [`RandomState`] reproduces it bit for bit: the
//! same MT19937 generator and seeding (in the private `mt19937` module), and the same legacy
//! algorithms on top (53-bit doubles, the polar Gaussian with its cached second value, masked
//! rejection for bounded integers, Fisher-Yates shuffles, binomial inversion for multinomial
//! counts), so a seeded cell prints the book's digits. Arrays come back in the shapes NumPy would give and fill in row-major order.
//!
//! ```
//! use handson::random::RandomState;
//! let mut rng = RandomState::new(42); // np.random.seed(42)
//! let x = 2.0 * rng.rand((100, 1))?; // X = 2 * np.random.rand(100, 1)
//! assert_eq!(x[[0, 0]], 0.749080237694725);
//! # Ok::<(), handson::Error>(())
//! ```

mod mt19937;
mod multinomial;
mod shuffle_split;
#[cfg(test)]
mod tests;

pub use shuffle_split::shuffle_split_indices;
pub(crate) use shuffle_split::split_sizes;

use std::fmt;

use ndarray::{Array, Array1, ArrayBase, Axis, DataMut, Dimension, IntoDimension, RemoveAxis, Zip};

use crate::error::{Error, Result};
use mt19937::Mt19937;

/// A seeded source of random numbers that draws exactly what NumPy's legacy
/// `np.random.RandomState(seed)` draws, call for call.
///
/// Every method consumes the generator's stream the way NumPy's method of the same name does,
/// so a sequence of calls gives NumPy's values as long as the calls are the same and in the
/// same order. Methods that take a `shape` accept what ndarray accepts (`5`, `(100, 1)`,
/// `[2, 3, 4]`) and return an array of that dimensionality.
///
/// ```
/// use handson::random::RandomState;
/// let mut rng = RandomState::new(42);
/// let x = rng.rand(3)?;
/// assert_eq!(x.to_vec(), [0.3745401188473625, 0.9507143064099162, 0.7319939418114051]);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Clone)]
pub struct RandomState {
    mt: Mt19937,
    /// The second value of the last polar Gaussian pair, returned by the next Gaussian draw.
    cached_gauss: Option<f64>,
}

impl RandomState {
    /// A generator seeded like `np.random.RandomState(seed)` (or `np.random.seed(seed)`).
    ///
    /// NumPy accepts integer seeds from 0 to 2^32 - 1, which is what `u32` holds.
    ///
    /// ```
    /// use handson::random::RandomState;
    /// let mut rng = RandomState::new(0);
    /// assert_eq!(rng.rand(1)?[0], 0.5488135039273248);
    /// # Ok::<(), handson::Error>(())
    /// ```
    pub fn new(seed: u32) -> Self {
        RandomState {
            mt: Mt19937::new(seed),
            cached_gauss: None,
        }
    }

    /// Uniform samples in [0, 1), like `rng.rand(*shape)` or `rng.random_sample(shape)`.
    ///
    /// Each value takes two 32-bit words and keeps 53 bits of them. Fails only when the shape
    /// has more elements than memory can hold.
    ///
    /// ```
    /// use handson::random::RandomState;
    /// let mut rng = RandomState::new(42);
    /// let x = rng.rand((2, 3))?;
    /// assert_eq!(x.shape(), &[2, 3]);
    /// assert_eq!(x[[1, 0]], 0.5986584841970366);
    /// # Ok::<(), handson::Error>(())
    /// ```
    pub fn rand<Sh: IntoDimension>(&mut self, shape: Sh) -> Result<Array<f64, Sh::Dim>> {
        filled(shape.into_dimension(), || self.mt.next_f64())
    }

    /// Standard normal samples, like `rng.randn(*shape)` or `rng.standard_normal(shape)`.
    ///
    /// NumPy's legacy polar method makes Gaussians in pairs and keeps the second one for the
    /// next Gaussian draw, in this call or a later call to `randn` or [`normal`](Self::normal);
    /// this generator keeps it the same way, so odd-sized draws stay in step with NumPy.
    ///
    /// ```
    /// use handson::random::RandomState;
    /// let mut rng = RandomState::new(42);
    /// let first = rng.randn(1)?;
    /// let second = rng.randn(1)?; // the cached second value of the first pair
    /// assert_eq!([first[0], second[0]], [0.4967141530112327, -0.13826430117118466]);
    /// # Ok::<(), handson::Error>(())
    /// ```
    pub fn randn<Sh: IntoDimension>(&mut self, shape: Sh) -> Result<Array<f64, Sh::Dim>> {
        filled(shape.into_dimension(), || self.gauss())
    }

    /// Uniform samples in [`low`, `high`), like `rng.uniform(low, high, shape)`.
    ///
    /// Each value is `low + (high - low) * u` for a [`rand`](Self::rand) draw `u`. Fails when
    /// a bound is not finite or `high < low`; `low == high` gives `low` everywhere (and still
    /// draws, as NumPy does).
    ///
    /// ```
    /// use handson::random::RandomState;
    /// let mut rng = RandomState::new(42);
    /// let x = rng.uniform(-3.0, 5.0, 2)?;
    /// assert_eq!(x.to_vec(), [-0.0036790492211000725, 4.605714451279329]);
    /// assert!(rng.uniform(1.0, 0.0, 2).is_err());
    /// # Ok::<(), handson::Error>(())
    /// ```
    pub fn uniform<Sh: IntoDimension>(
        &mut self,
        low: f64,
        high: f64,
        shape: Sh,
    ) -> Result<Array<f64, Sh::Dim>> {
        if !low.is_finite() {
            return Err(Error::invalid("low", "a finite number", low));
        }
        if !high.is_finite() || high < low {
            return Err(Error::invalid(
                "high",
                format!("a finite number at least low = {low}"),
                high,
            ));
        }
        let range = high - low;
        if !range.is_finite() {
            return Err(Error::invalid(
                "high",
                format!("a bound whose distance to low = {low} is a finite f64"),
                high,
            ));
        }
        filled(shape.into_dimension(), || low + range * self.mt.next_f64())
    }

    /// Normal samples with mean `loc` and standard deviation `scale`, like
    /// `rng.normal(loc, scale, shape)`.
    ///
    /// Each value is `loc + scale * g` for a Gaussian `g` drawn as in [`randn`](Self::randn),
    /// sharing its cached value. Fails when `loc` is not finite or `scale` is negative or not
    /// finite.
    ///
    /// ```
    /// use handson::random::RandomState;
    /// let mut rng = RandomState::new(42);
    /// let x = rng.normal(10.0, 2.0, (1, 2))?;
    /// assert_eq!(x[[0, 0]], 10.0 + 2.0 * 0.4967141530112327);
    /// # Ok::<(), handson::Error>(())
    /// ```
    pub fn normal<Sh: IntoDimension>(
        &mut self,
        loc: f64,
        scale: f64,
        shape: Sh,
    ) -> Result<Array<f64, Sh::Dim>> {
        if !loc.is_finite() {
            return Err(Error::invalid("loc", "a finite number", loc));
        }
        if !(scale.is_finite() && scale >= 0.0) {
            return Err(Error::invalid("scale", "a finite number >= 0", scale));
        }
        filled(shape.into_dimension(), || loc + scale * self.gauss())
    }

    /// Integers in [`low`, `high`), like `rng.randint(low, high, shape)` with its default
    /// 64-bit dtype.
    ///
    /// NumPy's legacy masked rejection: draw a word (32 bits when `high - low - 1` fits in
    /// 32 bits, else 64), keep the bits under the smallest all-ones mask that covers the range,
    /// and draw again while the result is out of range. A range of one value draws nothing.
    /// Fails when `low >= high`.
    ///
    /// ```
    /// use handson::random::RandomState;
    /// let mut rng = RandomState::new(42);
    /// let digits = rng.randint(0, 10, (2, 3))?;
    /// assert_eq!(digits.as_slice(), Some(&[6, 3, 7, 4, 6, 9][..]));
    /// assert!(rng.randint(5, 5, 1).is_err());
    /// # Ok::<(), handson::Error>(())
    /// ```
    pub fn randint<Sh: IntoDimension>(
        &mut self,
        low: i64,
        high: i64,
        shape: Sh,
    ) -> Result<Array<i64, Sh::Dim>> {
        let span = span(low, high)?;
        filled(shape.into_dimension(), || offset(low, self.interval(span)))
    }

    /// One integer in [`low`, `high`), like `rng.randint(low, high)` without a size.
    ///
    /// It draws exactly what [`randint`](Self::randint) draws for one element. This is how
    /// scikit-learn derives seeds from a `random_state`:
    /// `random_state.randint(np.iinfo(np.int32).max)` is
    /// `rng.randint_scalar(0, i32::MAX.into())`. Fails when `low >= high`.
    ///
    /// ```
    /// use handson::random::RandomState;
    /// let mut rng = RandomState::new(42);
    /// assert_eq!(rng.randint_scalar(0, i32::MAX.into())?, 1608637542);
    /// # Ok::<(), handson::Error>(())
    /// ```
    pub fn randint_scalar(&mut self, low: i64, high: i64) -> Result<i64> {
        let span = span(low, high)?;
        Ok(offset(low, self.interval(span)))
    }

    /// The numbers `0..n` in random order, like `rng.permutation(n)`.
    ///
    /// The order is NumPy's: `np.arange(n)` shuffled by [`shuffle`](Self::shuffle). The values
    /// are `usize` so that they index arrays directly, for example with
    /// `x.select(Axis(0), perm.as_slice().unwrap())`.
    ///
    /// Fails when `n` numbers do not fit in memory, as NumPy raises `MemoryError`.
    ///
    /// ```
    /// use handson::random::RandomState;
    /// let mut rng = RandomState::new(42);
    /// assert_eq!(rng.permutation(10)?.to_vec(), [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]);
    /// assert!(rng.permutation(usize::MAX).is_err());
    /// # Ok::<(), handson::Error>(())
    /// ```
    pub fn permutation(&mut self, n: usize) -> Result<Array1<usize>> {
        let mut order = Vec::new();
        order
            .try_reserve_exact(n)
            .map_err(|_| Error::invalid("n", "a length whose numbers fit in memory", n))?;
        order.extend(0..n);
        self.fisher_yates(n, |i, j| order.swap(i, j));
        Ok(Array1::from(order))
    }

    /// Shuffles an array in place along its first axis, like `rng.shuffle(x)`: the elements of
    /// a 1-D array, the rows of a 2-D array, the sub-arrays of a higher-dimensional one.
    ///
    /// NumPy's legacy Fisher-Yates: for `i` from `n - 1` down to 1, swap entry `i` with entry
    /// `j`, a uniform draw from `0..=i` by masked rejection. Fails only for a 0-dimensional
    /// array (of dynamic dimension), which has no axis to shuffle.
    ///
    /// ```
    /// use handson::random::RandomState;
    /// use ndarray::array;
    /// let mut rng = RandomState::new(42);
    /// let mut x = array![[0, 1], [2, 3], [4, 5], [6, 7]];
    /// rng.shuffle(&mut x)?;
    /// assert_eq!(x, array![[2, 3], [6, 7], [0, 1], [4, 5]]);
    /// # Ok::<(), handson::Error>(())
    /// ```
    pub fn shuffle<A, S, D>(&mut self, array: &mut ArrayBase<S, D>) -> Result<()>
    where
        S: DataMut<Elem = A>,
        D: RemoveAxis,
    {
        if array.ndim() == 0 {
            return Err(Error::invalid(
                "array",
                "an array with at least one axis",
                "a 0-dimensional array",
            ));
        }
        let n = array.len_of(Axis(0));
        self.fisher_yates(n, |i, j| swap_subviews(array, i, j));
        Ok(())
    }

    /// One standard Gaussian by the legacy polar method, using and refilling the cache.
    fn gauss(&mut self) -> f64 {
        if let Some(cached) = self.cached_gauss.take() {
            return cached;
        }
        let (x1, x2, r2) = loop {
            let x1 = 2.0 * self.mt.next_f64() - 1.0;
            let x2 = 2.0 * self.mt.next_f64() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                break (x1, x2, r2);
            }
        };
        let f = (-2.0 * r2.ln() / r2).sqrt();
        self.cached_gauss = Some(f * x1);
        f * x2
    }

    /// A uniform draw from `0..=max` by masked rejection (NumPy's `random_interval`, which its
    /// bounded integers share): 32-bit words while `max` fits in 32 bits, 64-bit words beyond.
    /// `max == 0` draws nothing.
    fn interval(&mut self, max: u64) -> u64 {
        let mut mask = max;
        for shift in [1, 2, 4, 8, 16, 32] {
            mask |= mask >> shift;
        }
        if max == 0 {
            0
        } else if let Ok(max32) = u32::try_from(max) {
            let mask32 = mask as u32;
            loop {
                let value = self.mt.next_u32() & mask32;
                if value <= max32 {
                    return u64::from(value);
                }
            }
        } else {
            loop {
                let value = self.mt.next_u64() & mask;
                if value <= max {
                    return value;
                }
            }
        }
    }

    /// NumPy's legacy Fisher-Yates order over `n` entries: `swap(i, j)` for `i` from `n - 1`
    /// down to 1 and `j` drawn from `0..=i`.
    fn fisher_yates(&mut self, n: usize, mut swap: impl FnMut(usize, usize)) {
        for i in (1..n).rev() {
            let j = self.interval(i as u64) as usize;
            swap(i, j);
        }
    }
}

/// A seed for a model left unseeded (`random_state` `None`), different at every call, as
/// NumPy and scikit-learn seed from the operating system: taken from the standard library's
/// randomly keyed hasher.
///
/// ```
/// use handson::random::{RandomState, fresh_seed};
/// let mut rng = RandomState::new(fresh_seed());
/// assert!(rng.rand(1)?[0] < 1.0);
/// # Ok::<(), handson::Error>(())
/// ```
pub fn fresh_seed() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish() as u32
}

impl fmt::Debug for RandomState {
    /// A summary, not the 624 words of state.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RandomState")
            .field("position", &self.mt.position())
            .field("cached_gauss", &self.cached_gauss)
            .finish_non_exhaustive()
    }
}

/// `high - low - 1` as an unsigned span, after checking that `low < high`.
fn span(low: i64, high: i64) -> Result<u64> {
    if low >= high {
        return Err(Error::invalid(
            "high",
            format!("a value greater than low = {low}"),
            high,
        ));
    }
    Ok((high - 1).wrapping_sub(low) as u64)
}

/// `low + drawn` with NumPy's two's-complement wrap, so spans wider than `i64::MAX` work.
fn offset(low: i64, drawn: u64) -> i64 {
    (low as u64).wrapping_add(drawn) as i64
}

/// An array of `shape` whose elements are `draw()`'s results in row-major order.
fn filled<A, D: Dimension>(shape: D, draw: impl FnMut() -> A) -> Result<Array<A, D>> {
    let too_big = || {
        Error::invalid(
            "shape",
            "a shape whose elements fit in memory",
            format!("{:?}", shape.slice()),
        )
    };
    let size = shape.size_checked().ok_or_else(too_big)?;
    let mut values = Vec::new();
    values.try_reserve_exact(size).map_err(|_| too_big())?;
    values.extend(std::iter::repeat_with(draw).take(size));
    Array::from_shape_vec(shape.clone(), values).map_err(|_| too_big())
}

/// Swaps entries `i` and `j` along axis 0 (elements of a 1-D array, rows of a 2-D one).
fn swap_subviews<A, S, D>(array: &mut ArrayBase<S, D>, i: usize, j: usize)
where
    S: DataMut<Elem = A>,
    D: RemoveAxis,
{
    if i == j {
        return;
    }
    let (first, second) = (i.min(j), i.max(j));
    let (mut head, mut tail) = array.view_mut().split_at(Axis(0), second);
    Zip::from(head.index_axis_mut(Axis(0), first))
        .and(tail.index_axis_mut(Axis(0), 0))
        .for_each(std::mem::swap);
}
