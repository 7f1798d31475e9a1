//! [`SgdRegressor`]: linear regression trained by stochastic gradient descent, like
//! scikit-learn's `SGDRegressor`, on the same solver as [`SgdClassifier`](super::SgdClassifier)
//! and with scikit-learn's exact arithmetic: the same seed, sample order, schedule and stopping
//! rule, so `coef_`, `intercept_` and `n_iter_` equal scikit-learn's.

use ndarray::Array1;

use crate::error::{Error, Result};
use crate::estimator::{Fit, Samples};
use crate::linear_model::base::{LinearFit, linear_regressor};
use crate::linear_model::sgd::params::{SgdModel, SgdParams};
use crate::linear_model::sgd::rows::TrainingRows;
use crate::linear_model::sgd::solver::{Start, Validation, solve_regression};
use crate::random::{RandomState, fresh_seed, shuffle_split_indices};
use crate::validation::{check_n_features, check_not_empty, check_same_length, not_fitted};

/// `np.iinfo(np.int32).max`.
const MAX_INT: i64 = i32::MAX as i64;

/// A linear regressor trained by SGD, like scikit-learn's `SGDRegressor`.
///
/// Hyper-parameters have scikit-learn's names and defaults: squared error loss, `"l2"` penalty
/// with `alpha` 1e-4 (`"l1"`, `"elasticnet"` with `l1_ratio` 0.15, or `None`), the
/// `"invscaling"` schedule `eta0 / t^power_t` with `eta0` 0.01 and `power_t` 0.25 (or
/// `"constant"`, `"optimal"`, `"adaptive"`), `max_iter` 1000, `tol` 1e-3 with
/// `n_iter_no_change` 5, shuffling each epoch from `random_state`.
///
/// [`fit`](Fit::fit) starts from zero, or from the last fit with `warm_start(true)`;
/// [`partial_fit`](Self::partial_fit) runs one more epoch from where the model is, continuing
/// the learning schedule, for hand-written training loops such as early stopping.
///
/// ```
/// use handson::prelude::*;
/// let (x, y) = linear_data(&mut RandomState::new(42), 100)?; // the book's seeded line
/// let mut sgd_reg = SgdRegressor::new().penalty(None).eta0(0.1).random_state(42);
/// sgd_reg.fit(&x, &y)?;
/// assert_eq!(sgd_reg.intercept()?, 4.243652860329604); // scikit-learn's, to the bit
/// assert_eq!(sgd_reg.coef()?[0], 2.8250878043833314);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct SgdRegressor {
    params: SgdParams,
    early_stopping: bool,
    validation_fraction: f64,
    warm_start: bool,
    fitted: Option<Fitted>,
}

/// What training learns, and the schedule's step counter to continue from.
#[derive(Debug, Clone)]
struct Fitted {
    linear: LinearFit,
    n_iter: usize,
    t: f64,
}

impl Default for SgdRegressor {
    fn default() -> Self {
        Self::new()
    }
}

impl SgdRegressor {
    /// A regressor with scikit-learn's defaults (`SGDRegressor()`).
    pub fn new() -> Self {
        SgdRegressor {
            params: SgdParams::new(SgdModel::Regressor),
            early_stopping: false,
            validation_fraction: 0.1,
            warm_start: false,
            fitted: None,
        }
    }

    /// The loss: `"squared_error"` (the default and the only one supported).
    pub fn loss(mut self, loss: impl Into<String>) -> Self {
        self.params.loss = loss.into();
        self
    }

    /// The penalty: `"l2"` (default), `"l1"`, `"elasticnet"` or `None`.
    pub fn penalty<'a>(mut self, penalty: impl Into<Option<&'a str>>) -> Self {
        self.params.penalty = penalty.into().map(str::to_owned);
        self
    }

    /// The regularization strength (default 1e-4).
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.params.alpha = alpha;
        self
    }

    /// The L1 share of the `"elasticnet"` penalty (default 0.15).
    pub fn l1_ratio(mut self, l1_ratio: f64) -> Self {
        self.params.l1_ratio = l1_ratio;
        self
    }

    /// Whether to learn an intercept (default `true`).
    pub fn fit_intercept(mut self, fit_intercept: bool) -> Self {
        self.params.fit_intercept = fit_intercept;
        self
    }

    /// The maximum number of epochs of [`fit`](Fit::fit) (default 1000).
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.params.max_iter = max_iter;
        self
    }

    /// The stopping tolerance (default `1e-3`); `None` runs all `max_iter` epochs.
    pub fn tol(mut self, tol: impl Into<Option<f64>>) -> Self {
        self.params.tol = tol.into();
        self
    }

    /// Whether to shuffle the samples before each epoch (default `true`).
    pub fn shuffle(mut self, shuffle: bool) -> Self {
        self.params.shuffle = shuffle;
        self
    }

    /// The seed of the shuffles, as scikit-learn's `random_state`; `None` (default) draws one.
    pub fn random_state(mut self, random_state: impl Into<Option<u32>>) -> Self {
        self.params.random_state = random_state.into();
        self
    }

    /// The schedule: `"invscaling"` (default), `"constant"`, `"optimal"` or `"adaptive"`.
    pub fn learning_rate(mut self, learning_rate: impl Into<String>) -> Self {
        self.params.learning_rate = learning_rate.into();
        self
    }

    /// The initial learning rate (default 0.01).
    pub fn eta0(mut self, eta0: f64) -> Self {
        self.params.eta0 = eta0;
        self
    }

    /// The exponent of the `"invscaling"` schedule (default 0.25).
    pub fn power_t(mut self, power_t: f64) -> Self {
        self.params.power_t = power_t;
        self
    }

    /// How many epochs without improvement stop training (default 5).
    pub fn n_iter_no_change(mut self, n_iter_no_change: usize) -> Self {
        self.params.n_iter_no_change = n_iter_no_change;
        self
    }

    /// Whether to hold out `validation_fraction` of the samples (scikit-learn's `ShuffleSplit`
    /// from `random_state`) and stop when their R² has not improved by `tol` for
    /// `n_iter_no_change` epochs, instead of watching the training loss (default `false`).
    pub fn early_stopping(mut self, early_stopping: bool) -> Self {
        self.early_stopping = early_stopping;
        self
    }

    /// The share of samples held out with [`early_stopping`](Self::early_stopping), in (0, 1)
    /// (default 0.1).
    pub fn validation_fraction(mut self, validation_fraction: f64) -> Self {
        self.validation_fraction = validation_fraction;
        self
    }

    /// Whether [`fit`](Fit::fit) starts from the previous fit's weights (default `false`).
    pub fn warm_start(mut self, warm_start: bool) -> Self {
        self.warm_start = warm_start;
        self
    }

    /// The number of epochs of the last [`fit`](Fit::fit) or [`partial_fit`](Self::partial_fit)
    /// (`n_iter_`).
    pub fn n_iter(&self) -> Result<usize> {
        Ok(self.fitted_state()?.n_iter)
    }

    /// The number of weight updates so far plus one (`t_`): the step counter of the schedule.
    pub fn t(&self) -> Result<f64> {
        Ok(self.fitted_state()?.t)
    }

    /// One epoch over `x` and `y` from the current weights (zero if unfitted), continuing the
    /// learning schedule, like scikit-learn's `partial_fit(X, y)`.
    pub fn partial_fit<S: ndarray::Data<Elem = f64>>(
        &mut self,
        x: &ndarray::ArrayBase<S, ndarray::Ix2>,
        y: &Array1<f64>,
    ) -> Result<&mut Self> {
        let start = self.fitted.as_ref().map(|f| Start {
            coef: f.linear.coef.to_vec(),
            intercept: f.linear.intercept,
            t: f.t,
        });
        self.train(Samples::all(x.view()), y, 1, start)?;
        Ok(self)
    }

    fn fitted_state(&self) -> Result<&Fitted> {
        self.fitted
            .as_ref()
            .ok_or_else(|| not_fitted("SgdRegressor"))
    }

    fn fitted(&self) -> Result<&LinearFit> {
        Ok(&self.fitted_state()?.linear)
    }

    /// Runs up to `max_iter` epochs from `start` (zeros when `None`), as scikit-learn's
    /// `_fit_regressor`: the shuffle seed is the first draw of `RandomState(random_state)`.
    fn train(
        &mut self,
        x: Samples<'_>,
        y: &Array1<f64>,
        max_iter: usize,
        start: Option<Start>,
    ) -> Result<()> {
        let params = self.params.check(SgdModel::Regressor, max_iter)?;
        check_same_length(x.n_samples(), y.len())?;
        check_not_empty("x", x.n_samples(), x.n_features())?;
        if let Some((i, bad)) = y.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(Error::invalid(
                "y",
                "finite targets only",
                format!("{bad} at position {i}"),
            ));
        }
        let start = match start {
            Some(start) => {
                check_n_features(start.coef.len(), x.n_features())?;
                start
            }
            None => Start {
                coef: vec![0.0; x.n_features()],
                intercept: 0.0,
                t: 1.0,
            },
        };
        let t = start.t;
        let rows = TrainingRows::new(x)?;
        let values: Vec<f64> = y.iter().copied().collect();
        let seed = self.params.random_state.unwrap_or_else(fresh_seed);
        let mut mask = vec![false; values.len()];
        let held_out = if self.early_stopping {
            if !(self.validation_fraction > 0.0 && self.validation_fraction < 1.0) {
                return Err(Error::invalid(
                    "validation_fraction",
                    "a fraction in (0, 1)",
                    self.validation_fraction,
                ));
            }
            let (_, mut held_out) =
                shuffle_split_indices(values.len(), self.validation_fraction, Some(seed)).map_err(
                    |_| {
                        Error::invalid(
                            "validation_fraction",
                            format!(
                                "a fraction that leaves samples both to train on and to validate \
                                 with among the {} samples (more samples, or no early stopping)",
                                values.len()
                            ),
                            self.validation_fraction,
                        )
                    },
                )?;
            held_out.sort_unstable();
            held_out.iter().for_each(|&i| mask[i] = true);
            held_out
        } else {
            Vec::new()
        };
        let validation = self.early_stopping.then_some(Validation {
            mask: &mask,
            samples: &held_out,
        });
        let seed = RandomState::new(seed).randint_scalar(0, MAX_INT)? as u32;
        let solution = solve_regression(&rows, &values, seed, start, &params, validation)?;
        self.fitted = Some(Fitted {
            linear: LinearFit {
                coef: Array1::from(solution.coef),
                intercept: solution.intercept,
            },
            n_iter: solution.n_iter,
            t: t + (solution.n_iter * x.n_samples()) as f64,
        });
        Ok(())
    }
}

linear_regressor!(SgdRegressor);

impl Fit<Array1<f64>> for SgdRegressor {
    fn fit_samples(&mut self, x: Samples<'_>, y: &Array1<f64>) -> Result<()> {
        let start = match (&self.fitted, self.warm_start) {
            (Some(fitted), true) => Some(Start {
                coef: fitted.linear.coef.to_vec(),
                intercept: fitted.linear.intercept,
                t: 1.0,
            }),
            _ => None,
        };
        self.train(x, y, self.params.max_iter, start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimator::Predict;
    use ndarray::array;

    #[test]
    fn warm_start_and_partial_fit_continue_training() {
        let x = array![[0.0], [0.5], [1.0], [1.5], [2.0]];
        let y = array![1.0, 2.0, 3.0, 4.0, 5.0];
        let mut model = SgdRegressor::new()
            .max_iter(1)
            .tol(None)
            .random_state(0)
            .warm_start(true);
        model.fit(&x, &y).unwrap();
        let first = model.coef().unwrap()[0];
        model.fit(&x, &y).unwrap();
        assert_ne!(model.coef().unwrap()[0], first);
        let mut partial = SgdRegressor::new().random_state(0);
        partial.partial_fit(&x, &y).unwrap();
        assert_eq!(partial.t().unwrap(), 6.0);
        partial.partial_fit(&x, &y).unwrap();
        assert_eq!(partial.t().unwrap(), 11.0);
        assert_eq!(partial.n_iter().unwrap(), 1);
    }

    #[test]
    fn bad_input_and_settings_are_errors() {
        let x = array![[0.0], [1.0]];
        let y = array![0.0, 1.0];
        assert!(SgdRegressor::new().loss("huber").fit(&x, &y).is_err());
        assert!(SgdRegressor::new().penalty("l3").fit(&x, &y).is_err());
        assert!(SgdRegressor::new().eta0(0.0).fit(&x, &y).is_err());
        assert!(SgdRegressor::new().fit(&x, &array![1.0]).is_err());
        assert!(
            SgdRegressor::new()
                .fit(&x, &array![1.0, f64::INFINITY])
                .is_err()
        );
        assert!(SgdRegressor::new().predict(&x).is_err());
        let mut model = SgdRegressor::new();
        model.fit(&x, &y).unwrap();
        assert!(
            model
                .partial_fit(&array![[1.0, 2.0]], &array![1.0])
                .is_err()
        );
    }

    #[test]
    fn early_stopping_needs_samples_for_both_sets() {
        let err = SgdRegressor::new()
            .early_stopping(true)
            .fit(&array![[1.0]], &array![2.0])
            .map(|_| ())
            .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidArgument { name, .. } if *name == "validation_fraction"),
            "{err}"
        );
        assert!(err.to_string().contains("among the 1 samples"), "{err}");
        let x = ndarray::Array2::from_shape_fn((20, 1), |(i, _)| i as f64 / 20.0);
        let y = x.column(0).to_owned();
        let mut model = SgdRegressor::new().early_stopping(true).random_state(0);
        model.fit(&x, &y).unwrap();
    }
}
