//! Hyper-parameters by name, as scikit-learn's `set_params` in `base.py`: a [`ParamValue`], a
//! setting of several ([`Params`]), the models that accept them ([`SetParams`]), and how a
//! model scores a list of settings on one fold ([`FoldScores`]). Grid search
//! ([`GridSearchCV`](crate::model_selection::GridSearchCV)) builds on these; models implement
//! them without depending on model selection.

use std::fmt;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::estimator::{Fit, Predict, Samples, Scorer, Targets};

/// One hyper-parameter value, as a grid lists it: a whole number, a real number, a string or
/// a boolean. Converts from the usual Rust values (`3`, `0.1`, `"distance"`, `true`).
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// A whole number (`n_neighbors`, `max_iter`).
    Int(i64),
    /// A real number (`alpha`, `tol`).
    Float(f64),
    /// A string (`weights`, `loss`).
    Str(String),
    /// A boolean (`shuffle`).
    Bool(bool),
}

impl fmt::Display for ParamValue {
    /// As Python prints it: `4`, `0.1`, `'distance'`, `True`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Int(v) => write!(f, "{v}"),
            ParamValue::Float(v) => write!(f, "{v:?}"),
            ParamValue::Str(v) => write!(f, "'{v}'"),
            ParamValue::Bool(v) => f.write_str(if *v { "True" } else { "False" }),
        }
    }
}

macro_rules! int_param_value {
    ($($t:ty),*) => {$(
        impl From<$t> for ParamValue {
            /// The value as an `Int`; a `usize` beyond `i64::MAX` becomes `i64::MAX` (an
            /// out-of-range count either way) rather than wrapping to a negative number.
            fn from(v: $t) -> Self {
                ParamValue::Int(i64::try_from(v).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_param_value!(i32, i64, u32, usize);

impl From<f64> for ParamValue {
    fn from(v: f64) -> Self {
        ParamValue::Float(v)
    }
}

impl From<&str> for ParamValue {
    fn from(v: &str) -> Self {
        ParamValue::Str(v.to_owned())
    }
}

impl From<String> for ParamValue {
    fn from(v: String) -> Self {
        ParamValue::Str(v)
    }
}

impl From<bool> for ParamValue {
    fn from(v: bool) -> Self {
        ParamValue::Bool(v)
    }
}

impl ParamValue {
    /// The value as a count of at least `min`, or an error naming `name`.
    pub fn as_count(&self, name: &'static str, min: usize) -> Result<usize> {
        match self {
            ParamValue::Int(v) if *v >= min as i64 => Ok(*v as usize),
            other => Err(Error::invalid(
                name,
                format!("a whole number >= {min}"),
                other,
            )),
        }
    }

    /// The value as a string, or an error naming `name`.
    pub fn as_str(&self, name: &'static str) -> Result<&str> {
        match self {
            ParamValue::Str(v) => Ok(v),
            other => Err(Error::invalid(name, "a string", other)),
        }
    }
}

/// One setting of hyper-parameters: names and values, sorted by name as scikit-learn's
/// `ParameterGrid` gives them. Displays like a Python dict: `{'n_neighbors': 4, 'weights':
/// 'distance'}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Params(pub Vec<(String, ParamValue)>);

impl Params {
    /// The value of parameter `name`, if this setting has one.
    pub fn get(&self, name: &str) -> Option<&ParamValue> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

impl fmt::Display for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{")?;
        for (i, (name, value)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "'{name}': {value}")?;
        }
        f.write_str("}")
    }
}

/// A model whose hyper-parameters can be set by name, as scikit-learn's `set_params`.
pub trait SetParams: Sized {
    /// Sets hyper-parameter `name` to `value`; fails on an unknown name or an unusable value.
    fn set_param(&mut self, name: &str, value: &ParamValue) -> Result<()>;

    /// A copy of `self` with every parameter of `params` set.
    fn with_params(&self, params: &Params) -> Result<Self>
    where
        Self: Clone,
    {
        let mut model = self.clone();
        for (name, value) in &params.0 {
            model.set_param(name, value)?;
        }
        Ok(model)
    }
}

/// How [`GridSearchCV`] scores settings of a model on one fold.
///
/// The default fits a copy of each candidate on the fold's training samples and scores its
/// predictions for the test samples, candidates in parallel. A model opts in with an empty
/// `impl FoldScores<Y> for MyModel {}`, or overrides the method with a shortcut.
pub trait FoldScores<Y: Targets>: Fit<Y> + Predict<Y> + SetParams {
    /// The score of each of `candidates` (settings of this model) trained on `train` with
    /// targets `y_train`, predicting `test` against `y_test`.
    fn fold_scores<R: Scorer<Y>>(
        candidates: &[Self],
        train: Samples<'_>,
        y_train: &Y,
        test: Samples<'_>,
        y_test: &Y,
        scoring: &R,
    ) -> Result<Vec<f64>> {
        candidates
            .par_iter()
            .map(|candidate| {
                let mut model = candidate.clone();
                model.fit_samples(train, y_train)?;
                scoring.score(y_test, &model.predict_samples(test)?)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_beyond_i64_do_not_wrap() {
        assert_eq!(ParamValue::from(usize::MAX), ParamValue::Int(i64::MAX));
        assert_eq!(ParamValue::from(7usize), ParamValue::Int(7));
        assert_eq!(ParamValue::from(-3i32), ParamValue::Int(-3));
    }

    #[test]
    fn values_print_as_python_does() {
        assert_eq!(ParamValue::from(0.5).to_string(), "0.5");
        assert_eq!(ParamValue::from(true).to_string(), "True");
        assert_eq!(ParamValue::from("distance").to_string(), "'distance'");
        let params = Params(vec![
            ("n_neighbors".into(), 4.into()),
            ("weights".into(), "distance".into()),
        ]);
        assert_eq!(
            params.to_string(),
            "{'n_neighbors': 4, 'weights': 'distance'}"
        );
        assert_eq!(params.get("n_neighbors"), Some(&ParamValue::Int(4)));
    }
}
