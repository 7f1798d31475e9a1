//! [`SgdRegressor`]: linear regression trained by stochastic gradient descent, like
//! scikit-learn's `SGDRegressor`, on the same solver as [`SgdClassifier`](super::SgdClassifier)
//! and with scikit-learn's exact arithmetic: the same seed, sample order, schedule and stopping
//! rule, so `coef_`, `intercept_` and `n_iter_` equal scikit-learn's.

use ndarray::Array1;

use crate::error::{Error, Result};
use crate::estimator::{Fit, Samples};
use crate::linear_model::base::{LinearFit, linear_regressor};
use crate::linear_model::sgd::loss::Loss;
use crate::linear_model::sgd::rows::TrainingRows;
use crate::linear_model::sgd::solver::{
    LearningRate, Penalty, SolverParams, Start, Validation, solve_regression,
};
use crate::random::RandomState;
use crate::random::{fresh_seed, shuffle_split_indices};
use crate::validation::{
    check_at_least_one, check_n_features, check_not_empty, check_same_length, not_fitted,
};

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
    loss: String,
    penalty: Option<String>,
    alpha: f64,
    l1_ratio: f64,
    fit_intercept: bool,
    max_iter: usize,
    tol: Option<f64>,
    shuffle: bool,
    random_state: Option<u32>,
    learning_rate: String,
    eta0: f64,
    power_t: f64,
    n_iter_no_change: usize,
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
            loss: "squared_error".into(),
            penalty: Some("l2".into()),
            alpha: 1e-4,
            l1_ratio: 0.15,
            fit_intercept: true,
            max_iter: 1000,
            tol: Some(1e-3),
            shuffle: true,
            random_state: None,
            learning_rate: "invscaling".into(),
            eta0: 0.01,
            power_t: 0.25,
            n_iter_no_change: 5,
            early_stopping: false,
            validation_fraction: 0.1,
            warm_start: false,
            fitted: None,
        }
    }

    /// The loss: `"squared_error"` (the default and the only one supported).
    pub fn loss(mut self, loss: impl Into<String>) -> Self {
        self.loss = loss.into();
        self
    }

    /// The penalty: `"l2"` (default), `"l1"`, `"elasticnet"` or `None`.
    pub fn penalty<'a>(mut self, penalty: impl Into<Option<&'a str>>) -> Self {
        self.penalty = penalty.into().map(str::to_owned);
        self
    }

    /// The regularization strength (default 1e-4).
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// The L1 share of the `"elasticnet"` penalty (default 0.15).
    pub fn l1_ratio(mut self, l1_ratio: f64) -> Self {
        self.l1_ratio = l1_ratio;
        self
    }

    /// Whether to learn an intercept (default `true`).
    pub fn fit_intercept(mut self, fit_intercept: bool) -> Self {
        self.fit_intercept = fit_intercept;
        self
    }

    /// The maximum number of epochs of [`fit`](Fit::fit) (default 1000).
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// The stopping tolerance (default `1e-3`); `None` runs all `max_iter` epochs.
    pub fn tol(mut self, tol: impl Into<Option<f64>>) -> Self {
        self.tol = tol.into();
        self
    }

    /// Whether to shuffle the samples before each epoch (default `true`).
    pub fn shuffle(mut self, shuffle: bool) -> Self {
        self.shuffle = shuffle;
        self
    }

    /// The seed of the shuffles, as scikit-learn's `random_state`; `None` (default) draws one.
    pub fn random_state(mut self, random_state: impl Into<Option<u32>>) -> Self {
        self.random_state = random_state.into();
        self
    }

    /// The schedule: `"invscaling"` (default), `"constant"`, `"optimal"` or `"adaptive"`.
    pub fn learning_rate(mut self, learning_rate: impl Into<String>) -> Self {
        self.learning_rate = learning_rate.into();
        self
    }

    /// The initial learning rate (default 0.01).
    pub fn eta0(mut self, eta0: f64) -> Self {
        self.eta0 = eta0;
        self
    }

    /// The exponent of the `"invscaling"` schedule (default 0.25).
    pub fn power_t(mut self, power_t: f64) -> Self {
        self.power_t = power_t;
        self
    }

    /// How many epochs without improvement stop training (default 5).
    pub fn n_iter_no_change(mut self, n_iter_no_change: usize) -> Self {
        self.n_iter_no_change = n_iter_no_change;
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

    /// Validates the hyper-parameters once, before any work.
    fn check(&self, max_iter: usize) -> Result<SolverParams> {
        let loss = match self.loss.as_str() {
            "squared_error" => Loss::SquaredError,
            other => {
                return Err(Error::invalid(
                    "loss",
                    "\"squared_error\"",
                    format!("{other:?}"),
                ));
            }
        };
        let (penalty, l1_ratio) = match self.penalty.as_deref() {
            Some("l2") => (Penalty::L2, 0.0),
            Some("l1") => (Penalty::L1, 1.0),
            Some("elasticnet") => (Penalty::ElasticNet, self.l1_ratio),
            None => (Penalty::None, self.l1_ratio),
            Some(other) => {
                return Err(Error::invalid(
                    "penalty",
                    "\"l2\", \"l1\", \"elasticnet\" or None",
                    format!("{other:?}"),
                ));
            }
        };
        if !(0.0..=1.0).contains(&self.l1_ratio) {
            return Err(Error::invalid(
                "l1_ratio",
                "a number in [0, 1]",
                self.l1_ratio,
            ));
        }
        let learning_rate = match self.learning_rate.as_str() {
            "invscaling" => LearningRate::InvScaling,
            "constant" => LearningRate::Constant,
            "optimal" => LearningRate::Optimal,
            "adaptive" => LearningRate::Adaptive,
            other => {
                return Err(Error::invalid(
                    "learning_rate",
                    "\"invscaling\", \"constant\", \"optimal\" or \"adaptive\"",
                    format!("{other:?}"),
                ));
            }
        };
        if !(self.alpha >= 0.0 && self.alpha.is_finite())
            || (learning_rate == LearningRate::Optimal && self.alpha == 0.0)
        {
            return Err(Error::invalid(
                "alpha",
                "a finite number >= 0, and > 0 for the \"optimal\" learning rate",
                self.alpha,
            ));
        }
        check_at_least_one("max_iter", max_iter)?;
        check_at_least_one("n_iter_no_change", self.n_iter_no_change)?;
        if !(self.eta0 > 0.0 && self.eta0.is_finite()) {
            return Err(Error::invalid("eta0", "a finite number > 0", self.eta0));
        }
        if let Some(tol) = self.tol.filter(|tol| !(*tol >= 0.0)) {
            return Err(Error::invalid("tol", "a number >= 0 or None", tol));
        }
        if !self.power_t.is_finite() {
            return Err(Error::invalid("power_t", "a finite number", self.power_t));
        }
        Ok(SolverParams {
            loss,
            penalty,
            alpha: self.alpha,
            l1_ratio,
            fit_intercept: self.fit_intercept,
            max_iter,
            tol: self.tol.unwrap_or(f64::NEG_INFINITY),
            shuffle: self.shuffle,
            learning_rate,
            eta0: self.eta0,
            power_t: self.power_t,
            n_iter_no_change: self.n_iter_no_change,
        })
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
        let params = self.check(max_iter)?;
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
        let seed = self.random_state.unwrap_or_else(fresh_seed);
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
        self.train(x, y, self.max_iter, start)
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
