//! [`Pipeline`]: features transformed, then a model, as one model, like scikit-learn's
//! `make_pipeline(PolynomialFeatures(10), StandardScaler(), LinearRegression())`. A pipeline
//! implements the [`crate::estimator`] traits of its model, so cross-validation and learning
//! curves refit the transformers on each fold's training samples only.
//!
//! Several transformers chain as a tuple: `(PolynomialFeatures::new(10), StandardScaler::new())`
//! is itself a [`Transformer`].

use ndarray::Array2;

use crate::error::Result;
use crate::estimator::{
    DecisionFunction, Fit, Predict, PredictProba, Samples, Targets, Transformer,
};
use crate::preprocessing::StandardScaler;

/// A transformer (or a tuple of them) followed by a model.
///
/// ```
/// use handson::prelude::*;
/// let x = array![[-2.0], [-1.0], [0.0], [1.0], [2.0]];
/// let y = x.column(0).mapv(|v| 1.0 + v * v);
/// let mut model = make_pipeline(
///     (PolynomialFeatures::new(2).include_bias(false), StandardScaler::new()),
///     LinearRegression::new(),
/// );
/// model.fit(&x, &y)?;
/// assert!((model.predict(&array![[3.0]])?[0] - 10.0).abs() < 1e-9);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Pipeline<T, M> {
    transformer: T,
    model: M,
}

/// A pipeline of `transformer` then `model` (scikit-learn's `make_pipeline`).
pub fn make_pipeline<T: Transformer, M>(transformer: T, model: M) -> Pipeline<T, M> {
    Pipeline { transformer, model }
}

impl<T: Transformer, M> Pipeline<T, M> {
    /// The transformer(s), fitted once the pipeline is.
    pub fn transformer(&self) -> &T {
        &self.transformer
    }

    /// The model, fitted once the pipeline is.
    pub fn model(&self) -> &M {
        &self.model
    }
}

impl<T: Transformer, M: Fit<Y>, Y: Targets> Fit<Y> for Pipeline<T, M> {
    fn fit_samples(&mut self, x: Samples<'_>, y: &Y) -> Result<()> {
        self.transformer.fit_samples(x)?;
        let features = self.transformer.transform_samples(x)?;
        self.model.fit_samples(Samples::all(features.view()), y)
    }

    fn strata(&self, y: &Y) -> Option<Vec<usize>> {
        self.model.strata(y)
    }
}

impl<T: Transformer, M: Predict<Y>, Y: Targets> Predict<Y> for Pipeline<T, M> {
    fn predict_samples(&self, x: Samples<'_>) -> Result<Y> {
        let features = self.transformer.transform_samples(x)?;
        self.model.predict_samples(Samples::all(features.view()))
    }
}

impl<T: Transformer, M: DecisionFunction> DecisionFunction for Pipeline<T, M> {
    fn decision_function_samples(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        let features = self.transformer.transform_samples(x)?;
        self.model
            .decision_function_samples(Samples::all(features.view()))
    }
}

impl<T: Transformer, M: PredictProba> PredictProba for Pipeline<T, M> {
    fn predict_proba_samples(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        let features = self.transformer.transform_samples(x)?;
        self.model
            .predict_proba_samples(Samples::all(features.view()))
    }
}

impl<A: Transformer, B: Transformer> Transformer for (A, B) {
    fn fit_samples(&mut self, x: Samples<'_>) -> Result<()> {
        self.0.fit_samples(x)?;
        let middle = self.0.transform_samples(x)?;
        self.1.fit_samples(Samples::all(middle.view()))
    }

    fn transform_samples(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        let middle = self.0.transform_samples(x)?;
        self.1.transform_samples(Samples::all(middle.view()))
    }
}

impl Transformer for StandardScaler {
    fn fit_samples(&mut self, x: Samples<'_>) -> Result<()> {
        match x.row_numbers() {
            None => self.fit(&x.matrix()).map(|_| ()),
            Some(_) => self.fit(&x.to_owned()).map(|_| ()),
        }
    }

    fn transform_samples(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        match x.row_numbers() {
            None => self.transform(&x.matrix()),
            Some(_) => self.transform(&x.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linear_model::LinearRegression;
    use crate::preprocessing::PolynomialFeatures;
    use ndarray::array;

    #[test]
    fn fits_on_row_subsets_and_checks_widths() {
        let x = array![[0.0], [1.0], [2.0], [3.0], [9.0]];
        let y = array![1.0, 2.0, 5.0, 10.0, 0.0];
        let rows = [0, 1, 2, 3];
        let mut model = make_pipeline(PolynomialFeatures::new(2), LinearRegression::new());
        model
            .fit_samples(
                Samples::rows(x.view(), &rows).unwrap(),
                &y.select_samples(&rows),
            )
            .unwrap();
        assert!((model.predict(&array![[4.0]]).unwrap()[0] - 17.0).abs() < 1e-9);
        assert_eq!(
            model.transformer().transform(&array![[2.0]]).unwrap(),
            array![[1.0, 2.0, 4.0]]
        );
        assert!(model.predict(&array![[1.0, 2.0]]).is_err());
    }
}
