//! The machinery behind [`SgdClassifier`](super::SgdClassifier), after scikit-learn's
//! `_sgd_fast.pyx.tp` and `_stochastic_gradient.py`: loss functions, the shared
//! hyper-parameters and their validation, the sample order, the
//! indexed training rows (and their dense levels for the fast sums), the solver, and the seeds
//! of each one-vs-rest problem.

pub(crate) mod levels;
pub(crate) mod loss;
pub(crate) mod params;
pub(crate) mod rows;
pub(crate) mod seeds;
pub(crate) mod shuffle;
pub(crate) mod solver;
