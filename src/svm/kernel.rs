//! The kernel functions of [`Svc`](crate::svm::Svc), written as libsvm (scikit-learn's
//! `sklearn/svm/src/libsvm/svm.cpp`) writes them, so that the values agree to the last bit where
//! the inputs do:
//!
//! - `linear`: `x·y`;
//! - `poly`: `(γ x·y + coef0)^degree`, the power by repeated squaring (libsvm's `powi`);
//! - `rbf`: `exp(-γ ||x - y||²)`; while training libsvm expands the distance as
//!   `||x||² + ||y||² - 2 x·y` (its `kernel_rbf`), while predicting it sums `(x_i - y_i)²`
//!   (its `k_function`): [`KernelFunction::value_from_dot`] and [`KernelFunction::between`];
//! - `sigmoid`: `tanh(γ x·y + coef0)`.
//!
//! [`Gamma`] is the `gamma` parameter: "scale" (`1 / (n_features · X.var())`, NumPy's variance),
//! "auto" (`1 / n_features`) or a positive number.

use ndarray::ArrayView1;

use crate::error::{Error, Result};
use crate::metrics::numpy_sum::pairwise_sum;

/// The kernels libsvm offers (besides precomputed ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kernel {
    /// `x·y`.
    Linear,
    /// `(γ x·y + coef0)^degree`.
    Poly,
    /// `exp(-γ ||x - y||²)`, scikit-learn's default.
    Rbf,
    /// `tanh(γ x·y + coef0)`.
    Sigmoid,
}

impl Kernel {
    /// The kernel called `name` in scikit-learn ("linear", "poly", "rbf", "sigmoid").
    pub fn from_name(name: &str) -> Result<Self> {
        match name {
            "linear" => Ok(Kernel::Linear),
            "poly" => Ok(Kernel::Poly),
            "rbf" => Ok(Kernel::Rbf),
            "sigmoid" => Ok(Kernel::Sigmoid),
            other => Err(Error::invalid(
                "kernel",
                "\"linear\", \"poly\", \"rbf\" or \"sigmoid\" (precomputed kernels are not supported)",
                format!("{other:?}"),
            )),
        }
    }
}

/// The `gamma` parameter of an RBF, polynomial or sigmoid kernel: `Gamma::from("scale")`,
/// `Gamma::from("auto")` or `Gamma::from(0.01)`; checked when the model is fitted.
#[derive(Debug, Clone, PartialEq)]
pub struct Gamma(GammaSetting);

#[derive(Debug, Clone, PartialEq)]
enum GammaSetting {
    Named(String),
    Value(f64),
}

impl From<&str> for Gamma {
    fn from(name: &str) -> Self {
        Gamma(GammaSetting::Named(name.to_owned()))
    }
}

impl From<f64> for Gamma {
    fn from(value: f64) -> Self {
        Gamma(GammaSetting::Value(value))
    }
}

impl Default for Gamma {
    /// "scale", scikit-learn's default.
    fn default() -> Self {
        Gamma::from("scale")
    }
}

impl Gamma {
    /// The value of gamma for training samples `values` (all of them, row after row) with
    /// `n_features` columns: "scale" is `1 / (n_features · var)` with NumPy's variance (1 when
    /// the variance is 0), "auto" is `1 / n_features`. Fails on another name or on a value that
    /// is not a finite number > 0.
    pub(crate) fn resolve(&self, values: &[f64], n_features: usize) -> Result<f64> {
        match &self.0 {
            GammaSetting::Named(name) if name == "scale" => {
                let n = values.len() as f64;
                let mean = pairwise_sum(values) / n;
                let squares: Vec<f64> = values.iter().map(|v| (v - mean) * (v - mean)).collect();
                let variance = pairwise_sum(&squares) / n;
                Ok(if variance == 0.0 {
                    1.0
                } else {
                    1.0 / (n_features as f64 * variance)
                })
            }
            GammaSetting::Named(name) if name == "auto" => Ok(1.0 / n_features as f64),
            GammaSetting::Named(name) => Err(Error::invalid(
                "gamma",
                "\"scale\", \"auto\" or a number > 0",
                format!("{name:?}"),
            )),
            &GammaSetting::Value(value) => {
                if value > 0.0 && value.is_finite() {
                    Ok(value)
                } else {
                    Err(Error::invalid("gamma", "a finite number > 0", value))
                }
            }
        }
    }
}

/// A kernel with its parameters resolved: what a fitted model evaluates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct KernelFunction {
    pub kernel: Kernel,
    pub gamma: f64,
    pub degree: u32,
    pub coef0: f64,
}

/// `base^times` by repeated squaring, libsvm's `powi` (so that polynomial kernels round alike).
fn powi(base: f64, times: u32) -> f64 {
    let (mut tmp, mut ret) = (base, 1.0);
    let mut t = times;
    while t > 0 {
        if t % 2 == 1 {
            ret *= tmp;
        }
        tmp *= tmp;
        t /= 2;
    }
    ret
}

/// `x·y` summed in feature order, as libsvm's `dot`.
pub(crate) fn dot(x: ArrayView1<'_, f64>, y: ArrayView1<'_, f64>) -> f64 {
    x.iter().zip(y).fold(0.0, |sum, (a, b)| sum + a * b)
}

impl KernelFunction {
    /// The kernel value from the dot product `x·y` and the squared norms `||x||²`, `||y||²`
    /// (libsvm's training kernels: the RBF distance expanded).
    pub(crate) fn value_from_dot(&self, dot: f64, x_square: f64, y_square: f64) -> f64 {
        match self.kernel {
            Kernel::Linear => dot,
            Kernel::Poly => powi(self.gamma * dot + self.coef0, self.degree),
            Kernel::Rbf => (-self.gamma * (x_square + y_square - 2.0 * dot)).exp(),
            Kernel::Sigmoid => (self.gamma * dot + self.coef0).tanh(),
        }
    }

    /// The kernel value of `x` and `y` as libsvm's `k_function` computes it when predicting
    /// (the RBF distance summed from the differences).
    pub(crate) fn between(&self, x: ArrayView1<'_, f64>, y: ArrayView1<'_, f64>) -> f64 {
        match self.kernel {
            Kernel::Rbf => {
                let sum = x.iter().zip(y).fold(0.0, |sum, (a, b)| {
                    let d = a - b;
                    sum + d * d
                });
                (-self.gamma * sum).exp()
            }
            _ => self.value_from_dot(dot(x, y), 0.0, 0.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn powi_squares_repeatedly() {
        assert_eq!(powi(2.0, 0), 1.0);
        assert_eq!(powi(2.0, 10), 1024.0);
        assert_eq!(powi(-3.0, 3), -27.0);
    }

    #[test]
    fn gamma_names_and_values() {
        let values = [0.0, 1.0, 2.0, 3.0];
        assert_eq!(Gamma::from("auto").resolve(&values, 2).unwrap(), 0.5);
        // var = 1.25, two features.
        assert_eq!(Gamma::default().resolve(&values, 2).unwrap(), 1.0 / 2.5);
        assert_eq!(Gamma::default().resolve(&[3.0, 3.0], 2).unwrap(), 1.0);
        assert_eq!(Gamma::from(0.25).resolve(&values, 2).unwrap(), 0.25);
        for bad in [Gamma::from("big"), Gamma::from(0.0), Gamma::from(-1.0)] {
            assert!(bad.resolve(&values, 2).is_err());
        }
        assert!(Kernel::from_name("laplacian").is_err());
    }

    #[test]
    fn rbf_agrees_between_its_two_forms() {
        let k = KernelFunction {
            kernel: Kernel::Rbf,
            gamma: 0.5,
            degree: 3,
            coef0: 0.0,
        };
        let (x, y) = (array![1.0, 2.0], array![2.0, 0.0]);
        let expanded = k.value_from_dot(dot(x.view(), y.view()), 5.0, 4.0);
        assert_eq!(expanded, (-2.5f64).exp());
        assert_eq!(k.between(x.view(), y.view()), expanded);
    }
}
