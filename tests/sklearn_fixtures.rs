//! Exactness against scikit-learn 1.9.1 in seconds: small problems that
//! `tests/fixtures/sklearn_sgd.py` solved with scikit-learn, reproduced bit for bit (fitted
//! coefficients, intercepts and `n_iter_`, scaler statistics, folds, out-of-fold predictions,
//! metrics). Decision scores and probabilities, which scikit-learn computes with BLAS in its own
//! order, agree to 1e-9 relative.

mod common;

use std::sync::OnceLock;

use handson::prelude::*;
use serde_json::Value;

use common::{floats, integers, matrix};

fn fixture() -> &'static Value {
    static FIXTURE: OnceLock<Value> = OnceLock::new();
    FIXTURE.get_or_init(|| common::fixture("sklearn_sgd.json"))
}

fn vector(value: &Value) -> Array1<f64> {
    Array1::from(floats(value))
}

fn labels() -> Array1<u8> {
    common::labels(&fixture()["y"])
}

fn assert_close(actual: &Array2<f64>, expected: &Array2<f64>) {
    assert_eq!(actual.dim(), expected.dim());
    for (a, e) in actual.iter().zip(expected) {
        assert!((a - e).abs() <= 1e-9 * e.abs().max(1e-3), "{a} != {e}");
    }
}

/// Fits `clf` on the fixture's raw or scaled data and compares with scikit-learn's fit `case`.
fn check_fit<L: Label>(case: &str, clf: SgdClassifier<L>, scaled: bool, y: &Array1<L>) {
    let f = fixture();
    let expected = &f["sgd"][case];
    let x = matrix(&f[if scaled { "x_scaled" } else { "x" }]);
    let mut clf = clf;
    clf.fit(&x, y).unwrap();
    assert_eq!(
        clf.n_iter().unwrap() as u64,
        expected["n_iter"].as_u64().unwrap(),
        "{case}: n_iter"
    );
    assert_eq!(
        clf.coef().unwrap(),
        &matrix(&expected["coef"]),
        "{case}: coef"
    );
    assert_eq!(
        clf.intercept().unwrap(),
        &vector(&expected["intercept"]),
        "{case}: intercept"
    );
    let first = x.slice(s![0..5, ..]);
    assert_close(
        &clf.decision_function(&first).unwrap(),
        &matrix(&expected["decision_function"]),
    );
    if let Some(proba) = expected.get("predict_proba") {
        assert_close(&clf.predict_proba(&first).unwrap(), &matrix(proba));
    }
}

#[test]
fn sgd_fits_equal_scikit_learn_bit_for_bit() {
    let y = labels();
    let is = |c: u8| y.mapv(|label| label == c);
    check_fit(
        "binary_raw_hinge",
        SgdClassifier::new().random_state(42),
        false,
        &is(1),
    );
    check_fit(
        "multiclass_raw_hinge",
        SgdClassifier::new().random_state(42),
        false,
        &y,
    );
    check_fit(
        "multiclass_scaled_hinge",
        SgdClassifier::new().random_state(0),
        true,
        &y,
    );
    check_fit(
        "multiclass_scaled_log_loss",
        SgdClassifier::new().loss("log_loss").random_state(7),
        true,
        &y,
    );
    check_fit(
        "binary_scaled_log_loss",
        SgdClassifier::new().loss("log_loss").random_state(8),
        true,
        &is(2),
    );
    check_fit(
        "binary_scaled_modified_huber",
        SgdClassifier::new().loss("modified_huber").random_state(1),
        true,
        &is(0),
    );
    check_fit(
        "binary_scaled_squared_hinge",
        SgdClassifier::new().loss("squared_hinge").random_state(2),
        true,
        &is(3),
    );
    check_fit(
        "binary_scaled_perceptron",
        SgdClassifier::new().loss("perceptron").random_state(3),
        true,
        &is(1),
    );
    check_fit(
        "binary_raw_no_tol",
        SgdClassifier::new().tol(None).max_iter(7).random_state(4),
        false,
        &is(2),
    );
    let constant = SgdClassifier::new()
        .learning_rate("constant")
        .eta0(0.001)
        .penalty(None)
        .random_state(5);
    check_fit("multiclass_scaled_constant_no_penalty", constant, true, &y);
    let invscaling = SgdClassifier::new()
        .learning_rate("invscaling")
        .eta0(0.01)
        .random_state(6);
    check_fit("binary_scaled_invscaling", invscaling, true, &is(0));
    let adaptive = SgdClassifier::new()
        .learning_rate("adaptive")
        .eta0(0.01)
        .random_state(9);
    check_fit("binary_scaled_adaptive", adaptive, true, &is(1));
    check_fit(
        "binary_scaled_no_intercept",
        SgdClassifier::new().fit_intercept(false).random_state(10),
        true,
        &is(2),
    );
}

#[test]
fn standard_scaler_equals_scikit_learn_bit_for_bit() {
    let f = fixture();
    let mut scaler = StandardScaler::new();
    let scaled = scaler.fit_transform(&matrix(&f["x"])).unwrap();
    assert_eq!(scaler.mean().unwrap(), &vector(&f["scaler"]["mean"]));
    assert_eq!(scaler.var().unwrap(), &vector(&f["scaler"]["var"]));
    assert_eq!(scaler.scale().unwrap(), &vector(&f["scaler"]["scale"]));
    assert_eq!(scaled, matrix(&f["x_scaled"]));
}

#[test]
fn folds_and_cross_validation_equal_scikit_learn() {
    let f = fixture();
    let y = labels();
    let folds = StratifiedKFold::new(3).split(&y).unwrap();
    let tests: Vec<Vec<u64>> = folds
        .iter()
        .map(|(_, test)| test.iter().map(|&i| i as u64).collect())
        .collect();
    let expected: Vec<Vec<u64>> = f["stratified_test_folds"]
        .as_array()
        .unwrap()
        .iter()
        .map(integers)
        .collect();
    assert_eq!(tests, expected);

    let x_scaled = matrix(&f["x_scaled"]);
    let y_pred =
        cross_val_predict(&SgdClassifier::new().random_state(42), &x_scaled, &y, 3).unwrap();
    let expected = common::labels(&f["cross_val_predict_scaled"]);
    assert_eq!(y_pred, expected);

    let x = matrix(&f["x"]);
    let scores = cross_val_score(
        &SgdClassifier::new().random_state(42),
        &x,
        &y,
        3,
        Scoring::Accuracy,
    )
    .unwrap();
    assert_eq!(scores, vector(&f["cross_val_score_raw"]));

    let y_bin = y.mapv(|label| label == 1);
    let decision = cross_val_predict_with(
        &SgdClassifier::new().random_state(42),
        &x,
        &y_bin,
        3,
        decision_function,
    )
    .unwrap();
    let expected = vector(&f["cross_val_decision_function_binary_raw"]);
    assert_close(&decision, &expected.insert_axis(Axis(1)));
}

#[test]
fn metrics_equal_scikit_learn() {
    let f = fixture();
    let m = &f["metrics"];
    let y = labels();
    let y_pred = common::labels(&f["cross_val_predict_scaled"]);
    let cm = confusion_matrix(&y, &y_pred).unwrap();
    let expected: Vec<Vec<u64>> = m["confusion_matrix"]
        .as_array()
        .unwrap()
        .iter()
        .map(integers)
        .collect();
    assert_eq!(
        cm.outer_iter()
            .map(|row| row.iter().map(|&v| v as u64).collect())
            .collect::<Vec<Vec<u64>>>(),
        expected
    );
    assert_eq!(
        accuracy_score(&y, &y_pred).unwrap(),
        m["accuracy"].as_f64().unwrap()
    );
    for (name, average) in [
        ("micro", Average::Micro),
        ("macro", Average::Macro),
        ("weighted", Average::Weighted),
    ] {
        assert_eq!(
            precision_score(&y, &y_pred, average).unwrap(),
            m[format!("precision_{name}")].as_f64().unwrap(),
            "{name}"
        );
        assert_eq!(
            recall_score(&y, &y_pred, average).unwrap(),
            m[format!("recall_{name}")].as_f64().unwrap(),
            "{name}"
        );
        assert_eq!(
            f1_score(&y, &y_pred, average).unwrap(),
            m[format!("f1_{name}")].as_f64().unwrap(),
            "{name}"
        );
    }

    let y_bin = y.mapv(|label| label == 1);
    let scores = vector(&f["cross_val_decision_function_binary_raw"]);
    let y_bin_pred = scores.mapv(|s| s > 0.0);
    assert_eq!(
        precision_score(&y_bin, &y_bin_pred, Average::Binary).unwrap(),
        m["binary_precision"].as_f64().unwrap()
    );
    assert_eq!(
        recall_score(&y_bin, &y_bin_pred, Average::Binary).unwrap(),
        m["binary_recall"].as_f64().unwrap()
    );
    assert_eq!(
        f1_score(&y_bin, &y_bin_pred, Average::Binary).unwrap(),
        m["binary_f1"].as_f64().unwrap()
    );

    let (precisions, recalls, thresholds) = precision_recall_curve(&y_bin, &scores).unwrap();
    let expected = &m["precision_recall_curve"];
    assert_eq!(
        (precisions, recalls, thresholds),
        (
            vector(&expected[0]),
            vector(&expected[1]),
            vector(&expected[2])
        )
    );
    let (fpr, tpr, thresholds) = roc_curve(&y_bin, &scores).unwrap();
    let expected = &m["roc_curve"];
    assert_eq!((fpr, tpr), (vector(&expected[0]), vector(&expected[1])));
    assert_eq!(thresholds[0], f64::INFINITY);
    assert_eq!(thresholds.slice(s![1..]), vector(&expected[2]));
    assert_eq!(
        roc_auc_score(&y_bin, &scores).unwrap(),
        m["roc_auc"].as_f64().unwrap()
    );

    let bools = |value: &Value| {
        let rows: Vec<Vec<bool>> = value
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                row.as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_bool().unwrap())
                    .collect()
            })
            .collect();
        Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| rows[i][j])
    };
    let (y_ml, y_ml_pred) = (bools(&m["multilabel_true"]), bools(&m["multilabel_pred"]));
    for (name, average) in [
        ("micro", Average::Micro),
        ("macro", Average::Macro),
        ("weighted", Average::Weighted),
    ] {
        assert_eq!(
            f1_score(&y_ml, &y_ml_pred, average).unwrap(),
            m[format!("multilabel_f1_{name}")].as_f64().unwrap(),
            "{name}"
        );
    }
    assert_eq!(
        accuracy_score(&y_ml, &y_ml_pred).unwrap(),
        m["multilabel_accuracy"].as_f64().unwrap()
    );
}

#[test]
fn sgd_fits_with_overflowing_fast_sums_equal_scikit_learn() {
    // Pixel-like rows times 1e150: the fast sum and its error bound overflow (inf - inf is
    // NaN), and every such sample must take scikit-learn's exact sum. At 1e145 nothing
    // overflows, which checks the fixture itself.
    let overflow = &fixture()["overflow"];
    let r = matrix(&overflow["r"]);
    let y: Array1<bool> = overflow["y"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_bool().unwrap())
        .collect();
    for magnitude in [145, 150] {
        let x = r.mapv(|v| v * format!("1e{magnitude}").parse::<f64>().unwrap());
        for seed in 0..6 {
            let case = format!("1e{magnitude}_seed_{seed}");
            let expected = &overflow["fits"][&case];
            let mut clf = SgdClassifier::new()
                .learning_rate("constant")
                .eta0(1000.0)
                .random_state(seed);
            clf.fit(&x, &y).unwrap();
            assert_eq!(
                clf.n_iter().unwrap() as u64,
                expected["n_iter"].as_u64().unwrap(),
                "{case}: n_iter"
            );
            assert_eq!(
                clf.coef().unwrap(),
                &matrix(&expected["coef"]),
                "{case}: coef"
            );
            assert_eq!(
                clf.intercept().unwrap(),
                &vector(&expected["intercept"]),
                "{case}: intercept"
            );
        }
    }
}

#[test]
fn sgd_fits_equal_scikit_learn_on_the_portable_kernels() {
    // The same fits with `HANDSON_SIMD=portable`, in a child process of this test binary: the
    // solver's fast sum then runs its plain-Rust loop, which this machine would never choose.
    // The fitted bits must not change.
    let tests = [
        "sgd_fits_equal_scikit_learn_bit_for_bit",
        "sgd_fits_with_overflowing_fast_sums_equal_scikit_learn",
        "folds_and_cross_validation_equal_scikit_learn",
    ];
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(tests)
        .args(["--exact", "--test-threads=1"])
        .env("HANDSON_SIMD", "portable")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("3 passed"), "{stdout}");
}
