//! `Svc` against scikit-learn 1.9.1's `SVC` on the small problems of
//! `tests/fixtures/svm_sklearn.py` (every kernel, a few C and gamma values, raw, standardized and
//! pixel-like data, shrinking off, a `max_iter` stop, and ties): the same support vectors, `n_support`,
//! dual coefficients, intercepts and predictions, and decision values to 1e-6 relative.

mod common;

use std::sync::OnceLock;

use handson::prelude::*;
use serde_json::Value;

use common::{floats, integers, labels, matrix};

fn fixture() -> &'static Value {
    static FIXTURE: OnceLock<Value> = OnceLock::new();
    FIXTURE.get_or_init(|| common::fixture("svm_sklearn.json"))
}

/// The model a case's scikit-learn parameters describe.
fn model(params: &Value) -> Svc<u8> {
    let mut svc = Svc::new();
    for (key, value) in params.as_object().unwrap() {
        svc = match key.as_str() {
            "C" => svc.C(value.as_f64().unwrap()),
            "kernel" => svc.kernel(value.as_str().unwrap()),
            "degree" => svc.degree(value.as_u64().unwrap() as u32),
            "coef0" => svc.coef0(value.as_f64().unwrap()),
            "gamma" => match value.as_str() {
                Some(name) => svc.gamma(name),
                None => svc.gamma(value.as_f64().unwrap()),
            },
            "shrinking" => svc.shrinking(value.as_bool().unwrap()),
            "max_iter" => svc.max_iter(value.as_u64().unwrap() as usize),
            "decision_function_shape" => svc.decision_function_shape(value.as_str().unwrap()),
            other => panic!("unknown parameter {other}"),
        };
    }
    svc
}

fn assert_close(what: &str, actual: &Array2<f64>, expected: &Array2<f64>) {
    assert_eq!(actual.dim(), expected.dim(), "{what}");
    for (a, e) in actual.iter().zip(expected) {
        assert!(
            (a - e).abs() <= 1e-6 * e.abs().max(1e-6),
            "{what}: {a} != {e}"
        );
    }
}

#[test]
fn every_case_matches_scikit_learn() {
    let cases = fixture()["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 24);
    for (number, case) in cases.iter().enumerate() {
        let problem = &fixture()["problems"][case["problem"].as_str().unwrap()];
        let (x, y, x_test) = (
            matrix(&problem["x"]),
            labels(&problem["y"]),
            matrix(&problem["x_test"]),
        );
        let what = format!("case {number} ({} {})", case["problem"], case["params"]);
        let mut svc = model(&case["params"]);
        svc.fit(&x, &y).unwrap();
        assert_eq!(
            svc.gamma_value().unwrap(),
            case["gamma"].as_f64().unwrap(),
            "{what}"
        );
        assert_eq!(
            svc.support().unwrap(),
            integers::<usize>(&case["support"]),
            "{what}"
        );
        assert_eq!(
            svc.n_support().unwrap(),
            integers::<usize>(&case["n_support"]),
            "{what}"
        );
        assert_close(
            &format!("{what} dual_coef"),
            svc.dual_coef().unwrap(),
            &matrix(&case["dual_coef"]),
        );
        let intercept = Array2::from_shape_vec(
            (1, svc.intercept().unwrap().len()),
            svc.intercept().unwrap().to_vec(),
        )
        .unwrap();
        let expected =
            Array2::from_shape_vec((1, intercept.ncols()), floats(&case["intercept"])).unwrap();
        assert_close(&format!("{what} intercept"), &intercept, &expected);
        assert_close(
            &format!("{what} decision_function"),
            &svc.decision_function(&x_test).unwrap(),
            &matrix(&case["decision_function"]),
        );
        assert_eq!(
            svc.predict(&x_test).unwrap(),
            labels(&case["predict"]),
            "{what}"
        );
        assert_eq!(
            svc.predict(&x).unwrap(),
            labels(&case["predict_train"]),
            "{what}"
        );
        let support_rows = x.select(Axis(0), svc.support().unwrap());
        assert_eq!(svc.support_vectors().unwrap(), &support_rows, "{what}");
        assert_eq!(
            svc.hit_max_iter().unwrap(),
            case["params"].get("max_iter").is_some(),
            "{what}"
        );
    }
}

fn tiny() -> (Array2<f64>, Array1<u8>) {
    (
        array![[0.0, 0.0], [0.0, 1.0], [3.0, 3.0], [3.0, 4.0]],
        array![0u8, 0, 1, 1],
    )
}

#[test]
fn bad_input_gets_the_crates_errors() {
    let (x, y) = tiny();
    let message = |svc: Svc<u8>, x: &Array2<f64>, y: &Array1<u8>| {
        let mut svc = svc;
        svc.fit(x, y).unwrap_err().to_string()
    };
    assert!(message(Svc::new().C(0.0), &x, &y).contains("`C`"));
    assert!(message(Svc::new().C(-1.0), &x, &y).contains("`C`"));
    assert!(message(Svc::new().kernel("laplacian"), &x, &y).contains("`kernel`"));
    assert!(message(Svc::new().gamma(0.0), &x, &y).contains("`gamma`"));
    assert!(message(Svc::new().gamma(-0.5), &x, &y).contains("`gamma`"));
    assert!(message(Svc::new().gamma("large"), &x, &y).contains("`gamma`"));
    assert!(message(Svc::new().tol(0.0), &x, &y).contains("`tol`"));
    assert!(
        message(Svc::new().decision_function_shape("ovx"), &x, &y)
            .contains("decision_function_shape")
    );
    assert!(message(Svc::new(), &x, &array![1u8, 1, 1, 1]).contains("two classes"));
    let mut nan = x.clone();
    nan[[2, 1]] = f64::NAN;
    assert!(message(Svc::new(), &nan, &y).contains("finite"));
    assert!(message(Svc::new(), &x, &array![0u8, 1]).contains("one target per row"));

    let mut svc = Svc::new();
    assert!(svc.predict(&x).is_err(), "unfitted");
    svc.fit(&x, &y).unwrap();
    let err = svc
        .predict(&array![[1.0, 2.0, 3.0]])
        .unwrap_err()
        .to_string();
    assert!(err.contains("2 columns"), "{err}");
    assert!(svc.decision_function(&array![[f64::NAN, 0.0]]).is_err());
}

#[test]
fn one_vs_rest_trains_one_model_per_class() {
    let problem = &fixture()["problems"]["multiclass"];
    let (x, y) = (matrix(&problem["x"]), labels(&problem["y"]));
    let mut ovr = OneVsRestClassifier::new(Svc::new().gamma("auto"));
    ovr.fit(&x, &y).unwrap();
    assert_eq!(ovr.classes().unwrap(), &[3, 5, 7, 9]);
    assert_eq!(ovr.estimators().unwrap().len(), 4);
    let scores = ovr.decision_function(&x).unwrap();
    for (c, class) in [3u8, 5, 7, 9].into_iter().enumerate() {
        let mut alone = Svc::new().gamma("auto");
        alone.fit(&x, &y.mapv(|label| label == class)).unwrap();
        assert_eq!(
            alone.decision_function(&x).unwrap().column(0),
            scores.column(c)
        );
    }
    let predicted = ovr.predict(&x).unwrap();
    for (row, &label) in scores.rows().into_iter().zip(&predicted) {
        let best = row.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let c = [3u8, 5, 7, 9].iter().position(|&l| l == label).unwrap();
        assert_eq!(row[c], best);
    }
    assert!(ovr.score(&x, &y).unwrap() > 0.9);

    let (x, y) = tiny();
    let mut binary = OneVsRestClassifier::new(Svc::new());
    binary.fit(&x, &y).unwrap();
    assert_eq!(binary.estimators().unwrap().len(), 1);
    assert_eq!(binary.predict(&x).unwrap(), y);
}

/// libsvm's vote from the "ovo" decision values: positive votes for the pair's first class.
fn votes(decisions: &Array2<f64>, classes: &[u8]) -> Array1<u8> {
    let n = classes.len();
    decisions
        .rows()
        .into_iter()
        .map(|row| {
            let mut votes = vec![0; n];
            let mut p = 0;
            for i in 0..n {
                for j in i + 1..n {
                    votes[if row[p] > 0.0 { i } else { j }] += 1;
                    p += 1;
                }
            }
            let best = (1..n).fold(0, |b, c| if votes[c] > votes[b] { c } else { b });
            classes[best]
        })
        .collect()
}

#[test]
fn predictions_are_the_votes_of_the_ovo_decision_values() {
    // Queries between pairs of training samples, many of them near the class boundaries.
    for name in ["pixels", "multiclass_scaled"] {
        let problem = &fixture()["problems"][name];
        let (x, y) = (matrix(&problem["x"]), labels(&problem["y"]));
        let mut random = RandomState::new(7);
        let n = 2_000;
        let a = random.randint(0, x.nrows() as i64, n).unwrap();
        let b = random.randint(0, x.nrows() as i64, n).unwrap();
        let t = random.rand(n).unwrap();
        let queries = Array2::from_shape_fn((n, x.ncols()), |(q, f)| {
            let (a, b) = (a[q] as usize, b[q] as usize);
            x[[a, f]] + t[q] * (x[[b, f]] - x[[a, f]])
        });
        let mut svc = Svc::new().decision_function_shape("ovo");
        svc.fit(&x, &y).unwrap();
        let expected = votes(
            &svc.decision_function(&queries).unwrap(),
            svc.classes().unwrap(),
        );
        assert_eq!(svc.predict(&queries).unwrap(), expected, "{name}");
    }
}
