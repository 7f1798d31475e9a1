//! The hyper-parameters the SGD models share ([`SgdParams`]) and their one validation, as
//! scikit-learn's `BaseSGD._validate_params`: the learning-rate schedule
//! ([`LearningRate::parse`]) and the penalty ([`Penalty::parse`]) by name, beside
//! [`Loss::parse`], and the numeric checks, so that `SgdClassifier` and `SgdRegressor` refuse a
//! bad setting with the same message.

use crate::error::{Error, Result};
use crate::linear_model::sgd::loss::Loss;
use crate::linear_model::sgd::solver::SolverParams;
use crate::validation::check_at_least_one;

/// The learning-rate schedule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum LearningRate {
    /// `eta = eta0`.
    Constant,
    /// `eta = 1 / (alpha (t0 + t - 1))`.
    Optimal,
    /// `eta = eta0 / t^power_t`.
    InvScaling,
    /// `eta = eta0`, divided by 5 each time the objective stops improving.
    Adaptive,
}

impl LearningRate {
    /// The schedule called `name` in scikit-learn.
    pub(crate) fn parse(name: &str) -> Result<LearningRate> {
        Ok(match name {
            "constant" => LearningRate::Constant,
            "optimal" => LearningRate::Optimal,
            "invscaling" => LearningRate::InvScaling,
            "adaptive" => LearningRate::Adaptive,
            other => {
                return Err(Error::invalid(
                    "learning_rate",
                    "\"constant\", \"optimal\", \"invscaling\" or \"adaptive\"",
                    format!("{other:?}"),
                ));
            }
        })
    }
}

/// The regularization term.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Penalty {
    /// No regularization.
    None,
    /// `alpha ||w||^2 / 2`.
    L2,
    /// `alpha ||w||_1`, by the truncated gradient (scikit-learn's `l1penalty`).
    L1,
    /// `alpha (l1_ratio ||w||_1 + (1 - l1_ratio) ||w||^2 / 2)`.
    ElasticNet,
}

impl Penalty {
    /// The penalty called `name` in scikit-learn (`None` for none), if it is one of
    /// `supported`.
    pub(crate) fn parse(name: Option<&str>, supported: &[Penalty]) -> Result<Penalty> {
        let penalty = match name {
            None => Some(Penalty::None),
            Some("l2") => Some(Penalty::L2),
            Some("l1") => Some(Penalty::L1),
            Some("elasticnet") => Some(Penalty::ElasticNet),
            Some(_) => None,
        };
        match penalty {
            Some(penalty) if supported.contains(&penalty) => Ok(penalty),
            _ => {
                let names: Vec<&str> = supported.iter().map(|p| p.name()).collect();
                let expected = match names.split_last() {
                    Some((last, [])) => last.to_string(),
                    Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                    None => "no penalty".into(),
                };
                let actual = name.map_or("None".into(), |n| format!("{n:?}"));
                Err(Error::invalid("penalty", expected, actual))
            }
        }
    }

    /// The name as scikit-learn spells it, quoted (`None` bare).
    fn name(self) -> &'static str {
        match self {
            Penalty::None => "None",
            Penalty::L2 => "\"l2\"",
            Penalty::L1 => "\"l1\"",
            Penalty::ElasticNet => "\"elasticnet\"",
        }
    }
}

/// The losses and penalties an SGD model supports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum SgdModel {
    /// `SgdClassifier`: every loss of [`Loss::parse`]; the `"l2"` penalty or none.
    Classifier,
    /// `SgdRegressor`: the squared error; every penalty.
    Regressor,
}

/// The hyper-parameters of an SGD model, with scikit-learn's names, as the builder methods set
/// them.
#[derive(Debug, Clone)]
pub(crate) struct SgdParams {
    pub loss: String,
    pub penalty: Option<String>,
    pub alpha: f64,
    pub l1_ratio: f64,
    pub fit_intercept: bool,
    pub max_iter: usize,
    pub tol: Option<f64>,
    pub shuffle: bool,
    pub random_state: Option<u32>,
    pub learning_rate: String,
    pub eta0: f64,
    pub power_t: f64,
    pub n_iter_no_change: usize,
}

impl SgdParams {
    /// scikit-learn's defaults for `model`: `SGDClassifier()` (hinge loss, the `"optimal"`
    /// schedule, `power_t` 0.5) or `SGDRegressor()` (squared error, `"invscaling"`, 0.25).
    pub(crate) fn new(model: SgdModel) -> Self {
        let (loss, learning_rate, power_t) = match model {
            SgdModel::Classifier => ("hinge", "optimal", 0.5),
            SgdModel::Regressor => ("squared_error", "invscaling", 0.25),
        };
        SgdParams {
            loss: loss.into(),
            penalty: Some("l2".into()),
            alpha: 1e-4,
            l1_ratio: 0.15,
            fit_intercept: true,
            max_iter: 1000,
            tol: Some(1e-3),
            shuffle: true,
            random_state: None,
            learning_rate: learning_rate.into(),
            eta0: 0.01,
            power_t,
            n_iter_no_change: 5,
        }
    }

    /// Validates the hyper-parameters once, before any work, for `model` running up to
    /// `max_iter` epochs (`self.max_iter` for `fit`, 1 for `partial_fit`).
    pub(crate) fn check(&self, model: SgdModel, max_iter: usize) -> Result<SolverParams> {
        let (loss, penalties) = match model {
            SgdModel::Classifier => (Loss::parse(&self.loss)?, &[Penalty::L2, Penalty::None][..]),
            SgdModel::Regressor => {
                if self.loss != "squared_error" {
                    return Err(Error::invalid(
                        "loss",
                        "\"squared_error\"",
                        format!("{:?}", self.loss),
                    ));
                }
                (
                    Loss::SquaredError,
                    &[Penalty::L2, Penalty::L1, Penalty::ElasticNet, Penalty::None][..],
                )
            }
        };
        let penalty = Penalty::parse(self.penalty.as_deref(), penalties)?;
        if !(0.0..=1.0).contains(&self.l1_ratio) {
            return Err(Error::invalid(
                "l1_ratio",
                "a number in [0, 1]",
                self.l1_ratio,
            ));
        }
        let l1_ratio = match penalty {
            Penalty::L2 => 0.0,
            Penalty::L1 => 1.0,
            Penalty::ElasticNet | Penalty::None => self.l1_ratio,
        };
        let learning_rate = LearningRate::parse(&self.learning_rate)?;
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimator::Fit;
    use crate::linear_model::{SgdClassifier, SgdRegressor};
    use ndarray::array;

    #[test]
    fn names_parse_to_their_schedule_and_penalty() {
        assert_eq!(
            LearningRate::parse("invscaling").unwrap(),
            LearningRate::InvScaling
        );
        assert!(LearningRate::parse("fast").is_err());
        let all = [Penalty::L2, Penalty::L1, Penalty::ElasticNet, Penalty::None];
        assert_eq!(Penalty::parse(None, &all).unwrap(), Penalty::None);
        assert_eq!(
            Penalty::parse(Some("elasticnet"), &all).unwrap(),
            Penalty::ElasticNet
        );
        let err = Penalty::parse(Some("l1"), &[Penalty::L2, Penalty::None]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid argument `penalty`: expected \"l2\" or None, got \"l1\""
        );
        let err = Penalty::parse(Some("l3"), &all).unwrap_err();
        assert!(
            err.to_string()
                .contains("\"l2\", \"l1\", \"elasticnet\" or None"),
            "{err}"
        );
    }

    #[test]
    fn both_models_refuse_a_shared_setting_with_the_same_message() {
        let x = array![[0.0], [1.0], [2.0], [3.0]];
        let classes = array![0u8, 0, 1, 1];
        let values = array![0.0, 1.0, 2.0, 3.0];
        let classifier = |mut c: SgdClassifier<u8>| c.fit(&x, &classes).map(|_| ()).unwrap_err();
        let regressor = |mut r: SgdRegressor| r.fit(&x, &values).map(|_| ()).unwrap_err();
        let pairs = [
            (
                classifier(SgdClassifier::new().learning_rate("fast")),
                regressor(SgdRegressor::new().learning_rate("fast")),
            ),
            (
                classifier(SgdClassifier::new().alpha(-1.0)),
                regressor(SgdRegressor::new().alpha(-1.0)),
            ),
            (
                classifier(SgdClassifier::new().eta0(0.0)),
                regressor(SgdRegressor::new().eta0(0.0)),
            ),
            (
                classifier(SgdClassifier::new().tol(-1.0)),
                regressor(SgdRegressor::new().tol(-1.0)),
            ),
            (
                classifier(SgdClassifier::new().max_iter(0)),
                regressor(SgdRegressor::new().max_iter(0)),
            ),
            (
                classifier(SgdClassifier::new().power_t(f64::NAN)),
                regressor(SgdRegressor::new().power_t(f64::NAN)),
            ),
            (
                classifier(SgdClassifier::new().n_iter_no_change(0)),
                regressor(SgdRegressor::new().n_iter_no_change(0)),
            ),
        ];
        for (from_classifier, from_regressor) in pairs {
            assert_eq!(from_classifier.to_string(), from_regressor.to_string());
        }
    }
}
