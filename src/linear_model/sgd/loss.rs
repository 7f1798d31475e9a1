//! The loss functions of scikit-learn's SGD (`_sgd_fast.pyx.tp`, and `CyHalfBinomialLoss` and
//! `CyHalfSquaredError` from `sklearn/_loss/_loss.pyx.tp`), with their exact arithmetic: the
//! loss of a prediction `p` for a target `y` and its derivative with respect to `p`.

use crate::error::{Error, Result};

/// A loss function of [`crate::linear_model::SgdClassifier`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Loss {
    /// `max(0, threshold - y p)`: `"hinge"` (threshold 1, a linear SVM) and `"perceptron"` (0).
    Hinge { threshold: f64 },
    /// `max(0, threshold - y p)^2`: `"squared_hinge"`.
    SquaredHinge { threshold: f64 },
    /// Quadratically smoothed hinge: `"modified_huber"`.
    ModifiedHuber,
    /// Logistic regression's loss, targets in {0, 1}: `"log_loss"`.
    Log,
    /// `(p - y)^2 / 2`: `"squared_error"`.
    SquaredError,
}

/// The loss names [`Loss::parse`] accepts.
pub(crate) const LOSS_NAMES: &str = "\"hinge\", \"log_loss\", \"modified_huber\", \"squared_hinge\", \"perceptron\" or \"squared_error\"";

impl Loss {
    /// The loss called `name` in scikit-learn.
    pub(crate) fn parse(name: &str) -> Result<Loss> {
        Ok(match name {
            "hinge" => Loss::Hinge { threshold: 1.0 },
            "perceptron" => Loss::Hinge { threshold: 0.0 },
            "squared_hinge" => Loss::SquaredHinge { threshold: 1.0 },
            "modified_huber" => Loss::ModifiedHuber,
            "log_loss" => Loss::Log,
            "squared_error" => Loss::SquaredError,
            other => return Err(Error::invalid("loss", LOSS_NAMES, format!("{other:?}"))),
        })
    }

    /// The binary targets this loss expects for the negative class: 0 for the log loss
    /// (scikit-learn's `label_encode`), -1 for the others.
    pub(crate) fn negative_target(self) -> f64 {
        if self == Loss::Log { 0.0 } else { -1.0 }
    }

    /// For the losses that are exactly zero, with a zero derivative, once the margin `p y` is
    /// large enough (hinge, perceptron, squared hinge, modified Huber): that region.
    pub(crate) fn flat_region(self) -> Option<FlatRegion> {
        match self {
            Loss::Hinge { threshold } => Some(FlatRegion {
                threshold,
                inclusive: false,
            }),
            Loss::SquaredHinge { threshold } => Some(FlatRegion {
                threshold,
                inclusive: true,
            }),
            Loss::ModifiedHuber => Some(FlatRegion {
                threshold: 1.0,
                inclusive: true,
            }),
            Loss::Log | Loss::SquaredError => None,
        }
    }

    /// The derivative outside the flat region when it does not depend on `p` (hinge and
    /// perceptron: `-y`), so that an update can start before `p` is known exactly.
    pub(crate) fn constant_dloss(self, y: f64) -> Option<f64> {
        match self {
            Loss::Hinge { .. } => Some(-y),
            _ => None,
        }
    }

    /// The loss of prediction `p` for target `y`.
    pub(crate) fn loss(self, y: f64, p: f64) -> f64 {
        match self {
            Loss::Hinge { threshold } => {
                let z = p * y;
                if z <= threshold { threshold - z } else { 0.0 }
            }
            Loss::SquaredHinge { threshold } => {
                let z = threshold - p * y;
                if z > 0.0 { z * z } else { 0.0 }
            }
            Loss::ModifiedHuber => {
                let z = p * y;
                if z >= 1.0 {
                    0.0
                } else if z >= -1.0 {
                    (1.0 - z) * (1.0 - z)
                } else {
                    -4.0 * z
                }
            }
            Loss::Log => log1pexp(p) - y * p,
            Loss::SquaredError => 0.5 * (p - y) * (p - y),
        }
    }

    /// The derivative of the loss with respect to `p`.
    pub(crate) fn dloss(self, y: f64, p: f64) -> f64 {
        match self {
            Loss::Hinge { threshold } => {
                if p * y <= threshold {
                    -y
                } else {
                    0.0
                }
            }
            Loss::SquaredHinge { threshold } => {
                let z = threshold - p * y;
                if z > 0.0 { -2.0 * y * z } else { 0.0 }
            }
            Loss::ModifiedHuber => {
                let z = p * y;
                if z >= 1.0 {
                    0.0
                } else if z >= -1.0 {
                    2.0 * (1.0 - z) * -y
                } else {
                    -4.0 * y
                }
            }
            Loss::Log => {
                if p > -37.0 {
                    let e = (-p).exp();
                    ((1.0 - y) - y * e) / (1.0 + e)
                } else {
                    p.exp() - y
                }
            }
            Loss::SquaredError => p - y,
        }
    }
}

/// Margins `z = p y` beyond `threshold` (or at it, when `inclusive`), where [`Loss::loss`] and
/// [`Loss::dloss`] both return exactly `0.0`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FlatRegion {
    pub threshold: f64,
    pub inclusive: bool,
}

impl FlatRegion {
    /// Whether margin `z` lies in the region.
    #[inline]
    pub(crate) fn contains(self, z: f64) -> bool {
        z > self.threshold || (self.inclusive && z == self.threshold)
    }
}

/// `log(1 + exp(x))` with scikit-learn's branches (`log1pexp` in `_loss.pyx.tp`).
fn log1pexp(x: f64) -> f64 {
    if x <= -37.0 {
        x.exp()
    } else if x <= -2.0 {
        x.exp().ln_1p()
    } else if x <= 18.0 {
        (1.0 + x.exp()).ln()
    } else if x <= 33.3 {
        x + (-x).exp()
    } else {
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hinge_by_hand() {
        let hinge = Loss::parse("hinge").unwrap();
        assert_eq!(hinge.loss(1.0, 0.25), 0.75);
        assert_eq!(hinge.loss(-1.0, -2.0), 0.0);
        assert_eq!(hinge.dloss(-1.0, 0.5), 1.0);
        assert_eq!(hinge.dloss(1.0, 2.0), 0.0);
        assert_eq!(hinge.negative_target(), -1.0);
    }

    #[test]
    fn log_loss_by_hand() {
        let log = Loss::parse("log_loss").unwrap();
        assert_eq!(log.loss(1.0, 0.0), 2f64.ln());
        assert_eq!(log.dloss(1.0, 0.0), -0.5);
        assert_eq!(log.dloss(0.0, 0.0), 0.5);
        assert_eq!(log.loss(0.0, 40.0), 40.0);
        assert!((log.dloss(1.0, -50.0) + 1.0).abs() < 1e-20);
        assert_eq!(log.negative_target(), 0.0);
    }

    #[test]
    fn flat_regions_have_zero_loss_and_gradient() {
        for name in ["hinge", "perceptron", "squared_hinge", "modified_huber"] {
            let loss = Loss::parse(name).unwrap();
            let region = loss.flat_region().unwrap();
            for z in [region.threshold, region.threshold + 1e-12, 3.0, 1e300] {
                for y in [1.0, -1.0] {
                    if region.contains(z) {
                        assert_eq!(loss.loss(y, z * y), 0.0, "{name} {z}");
                        assert_eq!(loss.dloss(y, z * y), 0.0, "{name} {z}");
                    }
                }
            }
            assert!(!region.contains(region.threshold - 1e-12));
        }
        assert!(Loss::Log.flat_region().is_none());
        assert!(
            !Loss::parse("hinge")
                .unwrap()
                .flat_region()
                .unwrap()
                .contains(1.0)
        );
    }

    #[test]
    fn other_losses_by_hand() {
        assert_eq!(Loss::parse("modified_huber").unwrap().loss(1.0, -2.0), 8.0);
        assert_eq!(Loss::parse("squared_hinge").unwrap().dloss(1.0, 0.5), -1.0);
        assert_eq!(Loss::parse("perceptron").unwrap().loss(1.0, 0.5), 0.0);
        assert_eq!(Loss::parse("squared_error").unwrap().loss(1.0, 3.0), 2.0);
        assert!(
            Loss::parse("huber")
                .unwrap_err()
                .to_string()
                .contains("log_loss")
        );
    }
}
