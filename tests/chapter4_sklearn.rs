//! Chapter 4's models against scikit-learn 1.9.1 on the book's seeded data: the reference
//! numbers and the data they came from are in `tests/fixtures/chapter4_sklearn.json`, written by
//! `tests/fixtures/chapter4_sklearn.py`. The data generators must reproduce NumPy's draws to the
//! bit; closed-form models must agree to 1e-6 or better, SGD to the bit (scikit-learn's exact
//! arithmetic), and the iterative solvers to what their tolerances leave.

mod common;

use handson::prelude::*;
use serde_json::Value;

use common::floats;

fn fixture() -> Value {
    common::fixture("chapter4_sklearn.json")
}

fn column(v: &Value) -> Array2<f64> {
    let values = floats(v);
    Array2::from_shape_vec((values.len(), 1), values).unwrap()
}

fn assert_close(actual: &[f64], expected: &[f64], tol: f64, what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: lengths");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!(
            (a - e).abs() <= tol * e.abs().max(1.0),
            "{what}[{i}]: {a} vs {e} (tol {tol})"
        );
    }
}

fn with_intercept(intercept: f64, coef: &Array1<f64>) -> Vec<f64> {
    std::iter::once(intercept)
        .chain(coef.iter().copied())
        .collect()
}

#[test]
fn generated_data_is_numpys() {
    let f = fixture();
    let (x, y) = linear_data(&mut RandomState::new(42), 100).unwrap();
    assert_eq!(x.column(0).to_vec(), floats(&f["linear"]["x"]));
    assert_eq!(y.to_vec(), floats(&f["linear"]["y"]));
    let (x, y) = quadratic_data(&mut RandomState::new(42), 100).unwrap();
    assert_eq!(x.column(0).to_vec(), floats(&f["quadratic"]["x"]));
    assert_eq!(y.to_vec(), floats(&f["quadratic"]["y"]));
    let (x, y) = regularization_data(&mut RandomState::new(42), 20).unwrap();
    assert_eq!(x.column(0).to_vec(), floats(&f["regularization"]["x"]));
    assert_eq!(y.to_vec(), floats(&f["regularization"]["y"]));
}

#[test]
fn closed_form_linear_regression() {
    let f = fixture();
    let lin = &f["linear"];
    let (x, y) = (column(&lin["x"]), Array1::from(floats(&lin["y"])));
    let x_b = ndarray::concatenate![ndarray::Axis(1), Array2::ones((100, 1)), x];
    let theta = inv(&x_b.t().dot(&x_b)).unwrap().dot(&x_b.t()).dot(&y);
    assert_close(
        theta.as_slice().unwrap(),
        &floats(&lin["theta_normal"]),
        1e-12,
        "normal equation",
    );
    let theta = lstsq(&x_b, &y, Some(1e-6)).unwrap().solution;
    assert_close(
        theta.as_slice().unwrap(),
        &floats(&lin["theta_lstsq"]),
        1e-12,
        "lstsq",
    );
    let theta = pinv(&x_b, None).unwrap().dot(&y);
    assert_close(
        theta.as_slice().unwrap(),
        &floats(&lin["theta_pinv"]),
        1e-12,
        "pinv",
    );
    let mut lin_reg = LinearRegression::new();
    lin_reg.fit(&x, &y).unwrap();
    assert_close(
        &with_intercept(lin_reg.intercept().unwrap(), lin_reg.coef().unwrap()),
        &floats(&lin["linreg"]),
        1e-12,
        "LinearRegression",
    );
}

#[test]
fn sgd_regressor_is_bit_exact() {
    let f = fixture();
    let lin = &f["linear"];
    let (x, y) = (column(&lin["x"]), Array1::from(floats(&lin["y"])));
    let cases = [
        (
            "sgd_none",
            SgdRegressor::new()
                .max_iter(1000)
                .tol(1e-3)
                .penalty(None)
                .eta0(0.1)
                .random_state(42),
        ),
        ("sgd_default", SgdRegressor::new().random_state(42)),
    ];
    for (name, mut model) in cases {
        model.fit(&x, &y).unwrap();
        let expected = &lin[name];
        assert_eq!(
            model.intercept().unwrap(),
            expected["intercept"].as_f64().unwrap(),
            "{name}"
        );
        assert_eq!(
            model.coef().unwrap().to_vec(),
            floats(&expected["coef"]),
            "{name}"
        );
        assert_eq!(
            model.n_iter().unwrap() as u64,
            expected["n_iter"].as_u64().unwrap(),
            "{name}"
        );
    }
    // L1, elastic-net and L2 penalties on scaled degree-3 features of the quadratic data.
    let quad = &f["quadratic"];
    let (x, y) = (column(&quad["x"]), Array1::from(floats(&quad["y"])));
    let mut prep = (
        PolynomialFeatures::new(3).include_bias(false),
        StandardScaler::new(),
    );
    prep.fit_samples(Samples::all(x.view())).unwrap();
    let xp = prep.transform_samples(Samples::all(x.view())).unwrap();
    for penalty in ["l1", "elasticnet", "l2"] {
        let mut model = SgdRegressor::new()
            .penalty(penalty)
            .alpha(0.01)
            .random_state(42);
        model.fit(&xp, &y).unwrap();
        let expected = &quad[format!("sgd_{penalty}").as_str()];
        assert_eq!(
            model.intercept().unwrap(),
            expected["intercept"].as_f64().unwrap(),
            "{penalty}"
        );
        assert_eq!(
            model.coef().unwrap().to_vec(),
            floats(&expected["coef"]),
            "{penalty}"
        );
        assert_eq!(
            model.n_iter().unwrap() as u64,
            expected["n_iter"].as_u64().unwrap(),
            "{penalty}"
        );
    }
}

#[test]
fn sgd_regressor_early_stopping_on_a_validation_split_is_bit_exact() {
    let f = fixture();
    let quad = &f["quadratic"];
    let (x, y) = (column(&quad["x"]), Array1::from(floats(&quad["y"])));
    let mut prep = (
        PolynomialFeatures::new(3).include_bias(false),
        StandardScaler::new(),
    );
    let xp = prep.fit_transform(&x).unwrap();
    let cases = [
        (
            "sgd_early",
            SgdRegressor::new().early_stopping(true).random_state(42),
        ),
        (
            "sgd_early_l2",
            SgdRegressor::new()
                .early_stopping(true)
                .validation_fraction(0.2)
                .n_iter_no_change(3)
                .alpha(0.01)
                .random_state(42),
        ),
    ];
    for (name, mut model) in cases {
        model.fit(&xp, &y).unwrap();
        let expected = &quad[name];
        assert_eq!(
            model.intercept().unwrap(),
            expected["intercept"].as_f64().unwrap(),
            "{name}"
        );
        assert_eq!(
            model.coef().unwrap().to_vec(),
            floats(&expected["coef"]),
            "{name}"
        );
        assert_eq!(
            model.n_iter().unwrap() as u64,
            expected["n_iter"].as_u64().unwrap(),
            "{name}"
        );
        assert_eq!(
            model.t().unwrap(),
            expected["t"].as_f64().unwrap(),
            "{name}"
        );
    }
    assert!(
        SgdRegressor::new()
            .early_stopping(true)
            .validation_fraction(1.0)
            .fit(&xp, &y)
            .is_err()
    );
}

#[test]
fn early_stopping_with_warm_start_and_partial_fit() {
    let f = fixture();
    let e = &f["early_stopping"];
    let (x, y) = (column(&e["x"]), Array1::from(floats(&e["y"])));
    let first = ndarray::s![..50, ..];
    let (x_train, x_val, y_train, y_val) = train_test_split(
        &x.slice(first),
        &y.slice(ndarray::s![..50]).to_owned(),
        0.5,
        10,
    )
    .unwrap();
    let mut prep = (
        PolynomialFeatures::new(90).include_bias(false),
        StandardScaler::new(),
    );
    prep.fit_samples(Samples::all(x_train.view())).unwrap();
    let x_train = prep
        .transform_samples(Samples::all(x_train.view()))
        .unwrap();
    let x_val = prep.transform_samples(Samples::all(x_val.view())).unwrap();
    let mut sgd = SgdRegressor::new()
        .max_iter(1)
        .tol(None)
        .warm_start(true)
        .penalty(None)
        .learning_rate("constant")
        .eta0(0.0005)
        .random_state(42);
    let mut val_rmse = Vec::new();
    for _ in 0..500 {
        sgd.fit(&x_train, &y_train).unwrap();
        val_rmse.push(root_mean_squared_error(&y_val, &sgd.predict(&x_val).unwrap()).unwrap());
    }
    assert_close(&val_rmse, &floats(&e["val_rmse"]), 1e-12, "validation RMSE");
    assert_eq!(
        sgd.intercept().unwrap(),
        e["final_intercept"].as_f64().unwrap()
    );
    assert_eq!(sgd.coef().unwrap().to_vec(), floats(&e["final_coef"]));
    let mut sgd = SgdRegressor::new()
        .penalty(None)
        .eta0(0.002)
        .random_state(42);
    for _ in 0..20 {
        sgd.partial_fit(&x_train, &y_train).unwrap();
    }
    assert_eq!(
        sgd.intercept().unwrap(),
        e["partial_fit_intercept"].as_f64().unwrap()
    );
    assert_eq!(sgd.coef().unwrap().to_vec(), floats(&e["partial_fit_coef"]));
}

#[test]
fn polynomial_regression_and_learning_curves() {
    let f = fixture();
    let quad = &f["quadratic"];
    let (x, y) = (column(&quad["x"]), Array1::from(floats(&quad["y"])));
    let mut poly = PolynomialFeatures::new(2).include_bias(false);
    let x_poly = poly.fit_transform(&x).unwrap();
    assert_eq!(x_poly.row(0).to_vec(), floats(&quad["x_poly0"]));
    let mut lin_reg = LinearRegression::new();
    lin_reg.fit(&x_poly, &y).unwrap();
    assert_close(
        &with_intercept(lin_reg.intercept().unwrap(), lin_reg.coef().unwrap()),
        &floats(&quad["poly2"]),
        1e-10,
        "degree 2",
    );
    let x_new = Array1::linspace(-3.0, 3.0, 7)
        .into_shape_with_order((7, 1))
        .unwrap();
    let mut degree10 = make_pipeline(
        (
            PolynomialFeatures::new(10).include_bias(false),
            StandardScaler::new(),
        ),
        LinearRegression::new(),
    );
    degree10.fit(&x, &y).unwrap();
    assert_close(
        degree10.predict(&x_new).unwrap().as_slice().unwrap(),
        &floats(&quad["pipeline10_predict"]),
        1e-6,
        "degree 10",
    );
    let sizes: Vec<f64> = Array1::linspace(0.01, 1.0, 40).to_vec();
    let curve = learning_curve(
        &LinearRegression::new(),
        &x,
        &y,
        &sizes,
        5,
        root_mean_squared_error,
    )
    .unwrap();
    let expected = &quad["lincurve"];
    let expected_sizes: Vec<usize> = expected["sizes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect();
    assert_eq!(curve.train_sizes.to_vec(), expected_sizes);
    // A single training sample fits exactly: scikit-learn's RMSE there is rounding noise.
    assert_close(
        &curve.train_mean().to_vec()[1..],
        &floats(&expected["train"])[1..],
        1e-9,
        "train RMSE",
    );
    assert_close(
        curve.valid_mean().as_slice().unwrap(),
        &floats(&expected["valid"]),
        1e-9,
        "valid RMSE",
    );
    let poly10 = make_pipeline(
        PolynomialFeatures::new(10).include_bias(false),
        LinearRegression::new(),
    );
    let curve = learning_curve(&poly10, &x, &y, &sizes, 5, root_mean_squared_error).unwrap();
    let expected = &quad["polycurve"];
    // Sizes with at least as many samples as the 10 features are well-posed.
    let from = expected_sizes.iter().position(|&s| s > 11).unwrap();
    assert_close(
        &curve.valid_mean().to_vec()[from..],
        &floats(&expected["valid"])[from..],
        1e-5,
        "degree-10 valid RMSE",
    );
}

#[test]
fn train_test_split_matches_shuffle_split() {
    let f = fixture();
    let s = &f["split"];
    let x = Array2::from_shape_fn((100, 1), |(i, _)| i as f64);
    let y = Array1::from_iter((0..100).map(|i| i as f64));
    let (x_train, x_test, _, y_test) = train_test_split(&x, &y, 0.2, 10).unwrap();
    assert_eq!(x_test.column(0).to_vec(), floats(&s["test"]));
    assert_eq!(y_test.to_vec(), floats(&s["test"]));
    assert_eq!(x_train.column(0).to_vec(), floats(&s["train"]));
}

#[test]
fn regularized_models() {
    let f = fixture();
    let reg = &f["regularization"];
    let (x, y) = (column(&reg["x"]), Array1::from(floats(&reg["y"])));
    let check = |name: &str, intercept: f64, coef: &Array1<f64>, tol: f64| {
        assert_close(
            &with_intercept(intercept, coef),
            &floats(&reg[name]),
            tol,
            name,
        );
    };
    let mut ridge = Ridge::new().alpha(1.0).solver("cholesky");
    ridge.fit(&x, &y).unwrap();
    check(
        "ridge_cholesky",
        ridge.intercept().unwrap(),
        ridge.coef().unwrap(),
        1e-12,
    );
    let mut ridge = Ridge::new().alpha(1.0).solver("svd");
    ridge.fit(&x, &y).unwrap();
    check(
        "ridge_svd",
        ridge.intercept().unwrap(),
        ridge.coef().unwrap(),
        1e-12,
    );
    let mut ridge = Ridge::new().alpha(0.1);
    ridge.fit(&x, &y).unwrap();
    check(
        "ridge_alpha0.1",
        ridge.intercept().unwrap(),
        ridge.coef().unwrap(),
        1e-12,
    );
    let mut lasso = Lasso::new().alpha(0.1);
    lasso.fit(&x, &y).unwrap();
    check(
        "lasso",
        lasso.intercept().unwrap(),
        lasso.coef().unwrap(),
        1e-9,
    );
    let mut enet = ElasticNet::new().alpha(0.1).l1_ratio(0.5);
    enet.fit(&x, &y).unwrap();
    check(
        "elastic_net",
        enet.intercept().unwrap(),
        enet.coef().unwrap(),
        1e-9,
    );

    let scaled = |x: &Array2<f64>| {
        let mut prep = (
            PolynomialFeatures::new(10).include_bias(false),
            StandardScaler::new(),
        );
        prep.fit_samples(Samples::all(x.view())).unwrap();
        prep.transform_samples(Samples::all(x.view())).unwrap()
    };
    let xp = scaled(&x);
    let mut ridge = Ridge::new().alpha(1e-5);
    ridge.fit(&xp, &y).unwrap();
    check(
        "ridge_poly",
        ridge.intercept().unwrap(),
        ridge.coef().unwrap(),
        1e-6,
    );
    let mut lasso = Lasso::new().alpha(1.0);
    lasso.fit(&xp, &y).unwrap();
    check(
        "lasso_poly",
        lasso.intercept().unwrap(),
        lasso.coef().unwrap(),
        1e-12,
    );
    // Coordinate descent stops at scikit-learn's duality-gap tolerance: agreement to ~1e-3.
    let mut lasso = Lasso::new().alpha(1e-2);
    lasso.fit(&xp, &y).unwrap();
    check(
        "lasso_poly_small",
        lasso.intercept().unwrap(),
        lasso.coef().unwrap(),
        2e-3,
    );
    let mut enet = ElasticNet::new().alpha(1e-2).l1_ratio(0.3);
    enet.fit(&xp, &y).unwrap();
    check(
        "enet_poly",
        enet.intercept().unwrap(),
        enet.coef().unwrap(),
        2e-3,
    );
}

#[test]
fn logistic_and_softmax_regression_on_iris() {
    let f = fixture();
    let lg = &f["logistic"];
    let iris = load_iris().unwrap();
    let petal_width = iris.data.slice(ndarray::s![.., 3..]).to_owned();
    let virginica = iris.target.mapv(|t| t == 2);
    let grid = Array1::linspace(0.0, 3.0, 7)
        .into_shape_with_order((7, 1))
        .unwrap();
    for (name, model, tol) in [
        ("width_default", LogisticRegression::new(), 1e-3),
        (
            "width_tight",
            LogisticRegression::new().tol(1e-10).max_iter(10_000),
            1e-7,
        ),
    ] {
        let mut model = model;
        model.fit(&petal_width, &virginica).unwrap();
        let expected = &lg[name];
        assert_close(
            model.coef().unwrap().as_slice().unwrap(),
            &floats(&expected["coef"]),
            tol,
            name,
        );
        assert_close(
            model.intercept().unwrap().as_slice().unwrap(),
            &floats(&expected["intercept"]),
            tol,
            name,
        );
        let proba = model.predict_proba(&grid).unwrap().column(1).to_vec();
        assert_close(&proba, &floats(&expected["proba"]), tol, name);
        let x_new = Array1::linspace(0.0, 3.0, 1000);
        let p = model
            .predict_proba(&x_new.clone().into_shape_with_order((1000, 1)).unwrap())
            .unwrap();
        let boundary = x_new
            .iter()
            .zip(p.column(1))
            .find(|(_, p)| **p >= 0.5)
            .map(|(x, _)| *x)
            .unwrap();
        assert_eq!(boundary, expected["boundary"].as_f64().unwrap());
    }
    let petals = iris.data.slice(ndarray::s![.., 2..]).to_owned();
    let mut log_reg = LogisticRegression::new()
        .c(2.0)
        .tol(1e-10)
        .max_iter(100_000);
    log_reg.fit(&petals, &virginica).unwrap();
    let expected = &lg["two_features_tight"];
    assert_close(
        log_reg.coef().unwrap().as_slice().unwrap(),
        &floats(&expected["coef"]),
        1e-6,
        "two features",
    );
    assert_close(
        log_reg.intercept().unwrap().as_slice().unwrap(),
        &floats(&expected["intercept"]),
        1e-6,
        "two features",
    );
    for (name, model, tol) in [
        ("softmax_default", LogisticRegression::new().c(10.0), 1e-2),
        (
            "softmax_tight",
            LogisticRegression::new()
                .c(10.0)
                .tol(1e-10)
                .max_iter(100_000),
            1e-6,
        ),
    ] {
        let mut softmax = model;
        softmax.fit(&petals, &iris.target).unwrap();
        let expected = &lg[name];
        assert_close(
            softmax.coef().unwrap().as_slice().unwrap(),
            &floats(&expected["coef"]),
            tol,
            name,
        );
        assert_close(
            softmax.intercept().unwrap().as_slice().unwrap(),
            &floats(&expected["intercept"]),
            tol,
            name,
        );
        let flower = array![[5.0, 2.0]];
        assert_close(
            softmax.predict_proba(&flower).unwrap().as_slice().unwrap(),
            &floats(&expected["proba_5_2"]),
            tol,
            name,
        );
        assert_eq!(
            softmax.predict(&flower).unwrap()[0] as u64,
            expected["predict_5_2"].as_u64().unwrap()
        );
    }
}

#[test]
fn polynomial_features_and_metrics() {
    let f = fixture();
    let p = &f["poly_two_features"];
    let z = Array2::from_shape_vec((4, 2), floats(&p["x"])).unwrap();
    let mut poly = PolynomialFeatures::new(3);
    assert_eq!(
        poly.fit_transform(&z)
            .unwrap()
            .iter()
            .copied()
            .collect::<Vec<_>>(),
        floats(&p["out"])
    );
    let names: Vec<String> = p["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(poly.feature_names_out().unwrap(), names);
    let m = &f["metrics"];
    let (a, b) = (Array1::from(floats(&m["a"])), Array1::from(floats(&m["b"])));
    assert_eq!(
        mean_squared_error(&a, &b).unwrap(),
        m["mse"].as_f64().unwrap()
    );
    assert_eq!(
        root_mean_squared_error(&a, &b).unwrap(),
        m["rmse"].as_f64().unwrap()
    );
    assert!((r2_score(&a, &b).unwrap() - m["r2"].as_f64().unwrap()).abs() < 1e-14);
}
