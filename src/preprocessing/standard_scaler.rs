//! [`StandardScaler`]: centre each feature on its mean and divide it by its standard deviation,
//! with scikit-learn's arithmetic, so that its mean and scale are bit-equal to scikit-learn's and
//! the scaled cells of a notebook print the book's numbers.
//!
//! scikit-learn (`_incremental_mean_and_var` on a first fit) sums each column in row order
//! (NumPy's reduction over axis 0), takes `mean = sum / n`, then the corrected two-pass variance
//! `(sum((x - mean)^2) - sum(x - mean)^2 / n) / n`, and leaves near-constant columns unscaled
//! (scale 1) when `var <= n eps var + (n mean eps)^2`.

use ndarray::{Array1, Array2, ArrayBase, Axis, Data, Ix2, Zip};

use crate::error::Result;
use crate::validation::{check_matrix, check_n_features, not_fitted};

/// Standardizes features: `(x - mean) / scale` column by column, like scikit-learn's
/// `StandardScaler`.
///
/// ```
/// use handson::prelude::*;
/// let x = array![[0.0, 5.0], [2.0, 5.0]];
/// let mut scaler = StandardScaler::new();
/// let scaled = scaler.fit_transform(&x)?;
/// assert_eq!(scaled, array![[-1.0, 0.0], [1.0, 0.0]]);
/// assert_eq!(scaler.scale().unwrap(), &array![1.0, 1.0]); // the constant column is left unscaled
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StandardScaler {
    with_mean: bool,
    with_std: bool,
    fitted: Option<Fitted>,
}

/// What [`StandardScaler::fit`] learns.
#[derive(Debug, Clone, PartialEq)]
struct Fitted {
    mean: Array1<f64>,
    var: Array1<f64>,
    scale: Array1<f64>,
    n_samples_seen: usize,
}

impl Default for StandardScaler {
    fn default() -> Self {
        Self::new()
    }
}

impl StandardScaler {
    /// A scaler that centres and scales (scikit-learn's defaults).
    pub fn new() -> Self {
        StandardScaler {
            with_mean: true,
            with_std: true,
            fitted: None,
        }
    }

    /// Whether to subtract the mean (default `true`).
    pub fn with_mean(mut self, with_mean: bool) -> Self {
        self.with_mean = with_mean;
        self
    }

    /// Whether to divide by the standard deviation (default `true`).
    pub fn with_std(mut self, with_std: bool) -> Self {
        self.with_std = with_std;
        self
    }

    /// Learns each column's mean and standard deviation from the rows of `x`.
    ///
    /// Fails if `x` is empty or holds NaN or infinite values.
    pub fn fit<S: Data<Elem = f64>>(&mut self, x: &ArrayBase<S, Ix2>) -> Result<&mut Self> {
        check_matrix("x", x)?;
        let n = x.nrows() as f64;
        let mut sum = Array1::zeros(x.ncols());
        for row in x.rows() {
            sum += &row;
        }
        let mean = &sum / n;
        let mut correction = Array1::<f64>::zeros(x.ncols());
        let mut squares = Array1::<f64>::zeros(x.ncols());
        for row in x.rows() {
            Zip::from(&mut correction)
                .and(&mut squares)
                .and(&row)
                .and(&mean)
                .for_each(|c, s, &v, &m| {
                    let d = v - m;
                    *c += d;
                    *s += d * d;
                });
        }
        let var = Zip::from(&squares)
            .and(&correction)
            .map_collect(|&s, &c| (s - c * c / n) / n);
        let scale = Zip::from(&var).and(&mean).map_collect(|&v, &m| {
            let near_constant = v <= n * f64::EPSILON * v + (n * m * f64::EPSILON).powi(2);
            if near_constant { 1.0 } else { v.sqrt() }
        });
        self.fitted = Some(Fitted {
            mean,
            var,
            scale,
            n_samples_seen: x.nrows(),
        });
        Ok(self)
    }

    /// Standardizes the rows of `x` with what [`fit`](Self::fit) learnt, into a new matrix.
    ///
    /// Fails before fitting, or if `x` has a different number of columns than the fitted data,
    /// is empty, or holds NaN or infinite values.
    pub fn transform<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        let fitted = self
            .fitted
            .as_ref()
            .ok_or_else(|| not_fitted("StandardScaler"))?;
        check_matrix("x", x)?;
        check_n_features(fitted.mean.len(), x.ncols())?;
        let mut out = x.to_owned();
        let (with_mean, with_std) = (self.with_mean, self.with_std);
        for mut row in out.axis_iter_mut(Axis(0)) {
            Zip::from(&mut row)
                .and(&fitted.mean)
                .and(&fitted.scale)
                .for_each(|v, &m, &s| {
                    if with_mean {
                        *v -= m;
                    }
                    if with_std {
                        *v /= s;
                    }
                });
        }
        Ok(out)
    }

    /// [`fit`](Self::fit) then [`transform`](Self::transform) the same rows.
    pub fn fit_transform<S: Data<Elem = f64>>(
        &mut self,
        x: &ArrayBase<S, Ix2>,
    ) -> Result<Array2<f64>> {
        self.fit(x)?.transform(x)
    }

    /// The mean of each column (`mean_`), once fitted, unless both centring and scaling are off.
    pub fn mean(&self) -> Option<&Array1<f64>> {
        self.fitted
            .as_ref()
            .filter(|_| self.with_mean || self.with_std)
            .map(|f| &f.mean)
    }

    /// The variance of each column (`var_`), once fitted with scaling on.
    pub fn var(&self) -> Option<&Array1<f64>> {
        self.fitted
            .as_ref()
            .filter(|_| self.with_std)
            .map(|f| &f.var)
    }

    /// The divisor of each column (`scale_`): the standard deviation, or 1 for a (near)
    /// constant column. Once fitted with scaling on.
    pub fn scale(&self) -> Option<&Array1<f64>> {
        self.fitted
            .as_ref()
            .filter(|_| self.with_std)
            .map(|f| &f.scale)
    }

    /// The number of rows the scaler was fitted on (`n_samples_seen_`), once fitted.
    pub fn n_samples_seen(&self) -> Option<usize> {
        self.fitted.as_ref().map(|f| f.n_samples_seen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn standardizes_columns_and_keeps_constant_ones() {
        let x = array![[1.0, 10.0, 3.0], [3.0, 10.0, 5.0], [5.0, 10.0, 13.0]];
        let mut scaler = StandardScaler::new();
        let z = scaler.fit_transform(&x).unwrap();
        assert_eq!(scaler.mean().unwrap(), &array![3.0, 10.0, 7.0]);
        assert_eq!(scaler.var().unwrap(), &array![8.0 / 3.0, 0.0, 56.0 / 3.0]);
        assert_eq!(scaler.scale().unwrap()[1], 1.0);
        assert_eq!(z.column(1), array![0.0, 0.0, 0.0]);
        for column in z.columns() {
            assert!(column.sum().abs() < 1e-12);
        }
        assert_eq!(scaler.n_samples_seen(), Some(3));
    }

    #[test]
    fn mean_and_std_can_be_turned_off() {
        let x = array![[1.0], [3.0]];
        let only_std = StandardScaler::new()
            .with_mean(false)
            .fit_transform(&x)
            .unwrap();
        assert_eq!(only_std, array![[1.0], [3.0]]);
        let only_mean = StandardScaler::new()
            .with_std(false)
            .fit_transform(&x)
            .unwrap();
        assert_eq!(only_mean, array![[-1.0], [1.0]]);
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(StandardScaler::new().transform(&array![[1.0]]).is_err());
        assert!(
            StandardScaler::new()
                .fit(&Array2::<f64>::zeros((0, 2)))
                .is_err()
        );
        assert!(StandardScaler::new().fit(&array![[f64::NAN]]).is_err());
        let mut scaler = StandardScaler::new();
        scaler.fit(&array![[1.0, 2.0]]).unwrap();
        assert!(scaler.transform(&array![[1.0]]).is_err());
    }
}
