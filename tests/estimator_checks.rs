//! The estimator contract, checked on every model of the crate, as scikit-learn's
//! `utils/estimator_checks.py` does: an unfitted model answers [`Error::NotFitted`], fit on
//! tiny data succeeds and predicts one target per row, a wrong width or a NaN is the crate's
//! error (not a panic), a clone is independent of its original, and the same seed gives the
//! same model. A model that never reads feature values declares it ([`Tags`]), as in
//! scikit-learn.
//!
//! Adding a model is one line in `every_classifier_keeps_the_contract` or
//! `every_regressor_keeps_the_contract`.

use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind};

use handson::prelude::*;

/// Tiny classification data: three classes of four samples in two features.
fn classification() -> (Array2<f64>, Array1<u8>) {
    let x = array![
        [0.0, 0.0],
        [0.5, 0.2],
        [0.2, 0.6],
        [0.7, 0.7],
        [4.0, 0.1],
        [4.5, 0.6],
        [4.2, 0.3],
        [4.8, 0.9],
        [0.3, 4.0],
        [0.8, 4.4],
        [0.1, 4.9],
        [0.6, 4.2],
    ];
    let y = array![0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];
    (x, y)
}

/// Tiny regression data: a noisy plane in two features.
fn regression() -> (Array2<f64>, Array1<f64>) {
    let x = array![
        [0.0, 1.0],
        [1.0, 0.5],
        [2.0, 2.0],
        [3.0, 1.0],
        [4.0, 0.0],
        [5.0, 1.5],
        [6.0, 0.5],
        [7.0, 2.5],
    ];
    let y = array![1.0, 2.5, 4.0, 6.5, 8.0, 11.0, 12.5, 15.5];
    (x, y)
}

/// Whether `result` is an error of the crate, failing the check with `what` on a panic or on
/// success.
fn assert_refused<T>(name: &str, what: &str, result: std::thread::Result<Result<T>>) {
    match result {
        Ok(Err(_)) => {}
        Ok(Ok(_)) => panic!("{name}: {what} was accepted"),
        Err(_) => panic!("{name}: {what} panicked instead of returning an Error"),
    }
}

/// What a model declares about itself that changes the checks, as scikit-learn's estimator
/// tags do.
#[derive(Debug, Clone, Copy, Default)]
struct Tags {
    /// The model never looks at feature values (scikit-learn's `allow_nan`, as for the dummy
    /// models): NaN is accepted, and must not panic either.
    allow_nan: bool,
}

/// Every check of the contract on `model` (configured, not fitted), with tiny data `x` and
/// `y` and other targets `y_other` for the same samples.
fn check_estimator<Y, M>(name: &str, model: M, tags: Tags, x: &Array2<f64>, y: &Y, y_other: &Y)
where
    Y: Targets + PartialEq + Debug,
    M: Fit<Y> + Predict<Y>,
{
    // Unfitted: the error says so, as scikit-learn's NotFittedError.
    match model.predict(x) {
        Err(Error::NotFitted { model }) => assert!(!model.is_empty()),
        other => panic!("{name}: predict before fit gave {other:?}, not NotFitted"),
    }

    // Fit on tiny data, one prediction per row.
    let mut fitted = model.clone();
    fitted
        .fit(x, y)
        .unwrap_or_else(|e| panic!("{name}: fit on tiny data failed: {e}"));
    let predictions = fitted.predict(x).unwrap();
    assert_eq!(
        predictions.n_samples(),
        x.nrows(),
        "{name}: one prediction per row"
    );

    // A clone is independent: fitting it leaves the original as it was, fitted or not.
    assert!(
        matches!(model.predict(x), Err(Error::NotFitted { .. })),
        "{name}: fitting a clone fitted the original"
    );
    let mut copy = fitted.clone();
    copy.fit(x, y_other).unwrap();
    assert_eq!(
        fitted.predict(x).unwrap(),
        predictions,
        "{name}: refitting a clone changed the original"
    );

    // The same settings (and seed) give the same model.
    let mut again = model.clone();
    again.fit(x, y).unwrap();
    assert_eq!(
        again.predict(x).unwrap(),
        predictions,
        "{name}: two fits with the same seed differ"
    );

    // Wrong widths and NaN are the crate's errors, never panics.
    let wide = ndarray::concatenate![Axis(1), x.view(), x.view()];
    assert_refused(
        name,
        "predict with twice the features",
        catch_unwind(AssertUnwindSafe(|| fitted.predict(&wide))),
    );
    let narrow = x.slice(s![.., ..1]).to_owned();
    assert_refused(
        name,
        "predict with one feature fewer",
        catch_unwind(AssertUnwindSafe(|| fitted.predict(&narrow))),
    );
    let mut with_nan = x.clone();
    with_nan[[1, 0]] = f64::NAN;
    if tags.allow_nan {
        let fit = catch_unwind(AssertUnwindSafe(|| {
            model.clone().fit(&with_nan, y).map(|_| ())
        }));
        assert!(matches!(fit, Ok(Ok(()))), "{name}: fit on a NaN failed");
        return;
    }
    assert_refused(
        name,
        "fit on a NaN",
        catch_unwind(AssertUnwindSafe(|| {
            model.clone().fit(&with_nan, y).map(|_| ())
        })),
    );
    assert_refused(
        name,
        "predict for a NaN",
        catch_unwind(AssertUnwindSafe(|| fitted.predict(&with_nan))),
    );
}

/// [`check_estimator`] on classification data (labels 0, 1, 2).
fn check_classifier<M: Fit<Array1<u8>> + Predict<Array1<u8>>>(name: &str, model: M) {
    check_classifier_tagged(name, model, Tags::default());
}

/// [`check_classifier`] for a model with `tags`.
fn check_classifier_tagged<M>(name: &str, model: M, tags: Tags)
where
    M: Fit<Array1<u8>> + Predict<Array1<u8>>,
{
    let (x, y) = classification();
    let y_other = y.mapv(|label| (label + 1) % 3);
    check_estimator(name, model, tags, &x, &y, &y_other);
}

/// [`check_estimator`] on binary classification data (is it class 2?).
fn check_binary_classifier<M: Fit<Array1<bool>> + Predict<Array1<bool>>>(name: &str, model: M) {
    let (x, y) = classification();
    let y_other = y.mapv(|label| label == 0);
    check_estimator(
        name,
        model,
        Tags::default(),
        &x,
        &y.mapv(|label| label == 2),
        &y_other,
    );
}

/// [`check_estimator`] on regression data.
fn check_regressor<M: Fit<Array1<f64>> + Predict<Array1<f64>>>(name: &str, model: M) {
    let (x, y) = regression();
    let y_other = y.mapv(|v| 20.0 - v);
    check_estimator(name, model, Tags::default(), &x, &y, &y_other);
}

#[test]
fn every_classifier_keeps_the_contract() {
    check_classifier("SgdClassifier", SgdClassifier::new().random_state(0));
    check_classifier("LogisticRegression", LogisticRegression::new());
    check_binary_classifier("LogisticRegression", LogisticRegression::new());
    check_binary_classifier("SgdClassifier", SgdClassifier::new().random_state(0));
    check_classifier(
        "KNeighborsClassifier",
        KNeighborsClassifier::new().n_neighbors(3),
    );
    check_classifier(
        "DecisionTreeClassifier",
        DecisionTreeClassifier::new().random_state(0),
    );
    check_classifier(
        "RandomForestClassifier",
        RandomForestClassifier::new()
            .n_estimators(5)
            .random_state(0),
    );
    check_classifier(
        "OneVsOneClassifier",
        OneVsOneClassifier::new(SgdClassifier::new().random_state(0)),
    );
    check_classifier(
        "OneVsRestClassifier",
        OneVsRestClassifier::new(SgdClassifier::new().random_state(0)),
    );
    check_classifier("Svc", Svc::new().random_state(0));
    let dummy = DummyClassifier::new().strategy("stratified");
    check_classifier_tagged(
        "DummyClassifier",
        dummy.random_state(0),
        Tags { allow_nan: true },
    );
    check_classifier(
        "make_pipeline(StandardScaler, SgdClassifier)",
        make_pipeline(StandardScaler::new(), SgdClassifier::new().random_state(0)),
    );
}

#[test]
fn every_regressor_keeps_the_contract() {
    check_regressor("LinearRegression", LinearRegression::new());
    check_regressor("Ridge", Ridge::new());
    check_regressor("Lasso", Lasso::new().alpha(0.1));
    check_regressor("ElasticNet", ElasticNet::new().alpha(0.1));
    check_regressor("SgdRegressor", SgdRegressor::new().random_state(0));
    check_regressor(
        "make_pipeline(PolynomialFeatures, LinearRegression)",
        make_pipeline(PolynomialFeatures::new(2), LinearRegression::new()),
    );
}

#[test]
fn the_checks_catch_a_model_that_breaks_the_contract() {
    /// Predicts the first training target for every row, whatever the width, and reports an
    /// unfitted model as a bad argument rather than NotFitted.
    #[derive(Debug, Clone, Default)]
    struct Careless {
        first: Option<f64>,
    }
    impl Fit<Array1<f64>> for Careless {
        fn fit_samples(&mut self, _x: Samples<'_>, y: &Array1<f64>) -> Result<()> {
            self.first = y.first().copied();
            Ok(())
        }
    }
    impl Predict<Array1<f64>> for Careless {
        fn predict_samples(&self, x: Samples<'_>) -> Result<Array1<f64>> {
            let first = self
                .first
                .ok_or_else(|| Error::invalid("self", "a fitted model", "an unfitted one"))?;
            Ok(Array1::from_elem(x.n_samples(), first))
        }
    }
    let caught = catch_unwind(|| check_regressor("Careless", Careless::default()));
    assert!(
        caught.is_err(),
        "a model without the contract passed the checks"
    );
}
