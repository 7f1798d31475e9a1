//! `DummyClassifier` against scikit-learn 1.9.1's: every strategy, seeded draws included, on the
//! targets of `tests/fixtures/dummy_sklearn.json` (written by `tests/fixtures/dummy_sklearn.py`),
//! and the book's out-of-fold ROC curve of the "prior" dummy when the MNIST data is present.

use handson::prelude::*;
use serde_json::Value;

fn fixture() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/dummy_sklearn.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn ints(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_i64().unwrap())
        .collect()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap_or(f64::INFINITY))
        .collect()
}

/// The case's model, configured as the fixture says.
fn model(case: &Value) -> DummyClassifier<i64> {
    let mut clf = DummyClassifier::new().strategy(case["strategy"].as_str().unwrap());
    if let Some(seed) = case["random_state"].as_u64() {
        clf = clf.random_state(seed as u32);
    }
    if let Some(constant) = case["constant"].as_i64() {
        clf = clf.constant(constant);
    }
    clf
}

#[test]
fn every_strategy_answers_as_scikit_learn() -> Result<()> {
    let fixture = fixture();
    let n_predict = fixture["n_predict"].as_u64().unwrap() as usize;
    let cases = fixture["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 42);
    for case in cases {
        let name = format!(
            "{} {} {}",
            case["target"], case["strategy"], case["random_state"]
        );
        let y = Array1::from(ints(&fixture["targets"][case["target"].as_str().unwrap()]));
        let mut clf = model(case);
        clf.fit(&Array2::zeros((y.len(), 3)), &y)?;
        assert_eq!(clf.classes()?, ints(&case["classes"]), "{name}: classes");
        assert_eq!(
            clf.class_prior()?,
            floats(&case["class_prior"]),
            "{name}: class_prior"
        );
        let x_new = Array2::zeros((n_predict, 3));
        assert_eq!(
            clf.predict(&x_new)?.to_vec(),
            ints(&case["predict"]),
            "{name}: predict"
        );
        let proba = clf.predict_proba(&x_new)?;
        let expected: Vec<Vec<f64>> = case["predict_proba"]
            .as_array()
            .unwrap()
            .iter()
            .map(floats)
            .collect();
        let rows: Vec<Vec<f64>> = proba.rows().into_iter().map(|r| r.to_vec()).collect();
        assert_eq!(rows, expected, "{name}: predict_proba");
        let score = clf.score(&Array2::zeros((y.len(), 3)), &y)?;
        assert_eq!(score, case["score"].as_f64().unwrap(), "{name}: score");
    }
    Ok(())
}

#[test]
fn seeded_models_repeat_their_answers_and_clones_are_independent() -> Result<()> {
    let y = array![0u8, 1, 1, 2, 2, 2];
    let x = Array2::zeros((6, 2));
    let mut clf = DummyClassifier::new()
        .strategy("stratified")
        .random_state(7);
    clf.fit(&x, &y)?;
    let first = clf.predict(&Array2::zeros((50, 2)))?;
    assert_eq!(clf.predict(&Array2::zeros((50, 2)))?, first);
    let mut other = clf.clone().strategy("most_frequent");
    other.fit(&x, &y)?;
    assert_eq!(other.predict(&x)?, array![2, 2, 2, 2, 2, 2]);
    assert_eq!(clf.predict(&Array2::zeros((50, 2)))?, first);
    Ok(())
}

#[test]
fn bad_input_gets_the_crates_errors() {
    let x = Array2::zeros((4, 2));
    let y = array![0u8, 1, 1, 1];
    let unfitted = DummyClassifier::<u8>::new();
    assert!(unfitted.predict(&x).is_err());
    let err = DummyClassifier::new()
        .strategy("median")
        .fit(&x, &y)
        .map(|_| ())
        .unwrap_err();
    assert!(err.to_string().contains("\"stratified\""), "{err}");
    assert!(
        DummyClassifier::new()
            .strategy("constant")
            .fit(&x, &y)
            .is_err()
    );
    let err = DummyClassifier::new()
        .strategy("constant")
        .constant(7)
        .fit(&x, &y)
        .map(|_| ())
        .unwrap_err();
    assert!(err.to_string().contains("[0, 1]"), "{err}");
    assert!(DummyClassifier::new().fit(&x, &array![0u8, 1]).is_err());
    assert!(
        DummyClassifier::new()
            .fit(&Array2::zeros((0, 2)), &Array1::<u8>::zeros(0))
            .is_err()
    );
    let mut clf = DummyClassifier::new();
    clf.fit(&x, &y).unwrap();
    assert!(clf.predict_proba(&Array2::zeros((2, 3))).is_err());
    // Like scikit-learn, the features' values are ignored, NaN included.
    assert_eq!(clf.predict(&array![[f64::NAN, 0.0]]).unwrap(), array![1]);
}

#[test]
fn grid_search_sets_strategy_and_seed() -> Result<()> {
    let mut clf = DummyClassifier::<u8>::new();
    clf.set_param("strategy", &"uniform".into())?;
    clf.set_param("random_state", &42.into())?;
    assert!(clf.set_param("random_state", &(-1).into()).is_err());
    assert!(clf.set_param("alpha", &0.1.into()).is_err());
    let y = array![0u8, 1, 1, 1];
    clf.fit(&Array2::zeros((4, 1)), &y)?;
    // RandomState(42).randint(0, 2, 5)
    assert_eq!(clf.predict(&Array2::zeros((5, 1)))?, array![0, 1, 0, 0, 0]);
    Ok(())
}

/// The book's extra scene: the out-of-fold probabilities of the "prior" dummy on the
/// 5-detector give the diagonal ROC curve, AUC 0.5; and the fold accuracies of each strategy.
#[test]
#[ignore = "needs the MNIST files; run with --include-ignored"]
fn prior_dummy_roc_curve_on_mnist_is_scikit_learns() -> Result<()> {
    let fixture = fixture();
    let expected = &fixture["mnist"];
    let mnist = load_mnist()?;
    let y_train_5 = mnist.y_train.mapv(|d| d == 5);
    let dmy_clf = DummyClassifier::new().strategy("prior");
    let y_probas_dmy =
        cross_val_predict_with(&dmy_clf, &mnist.x_train, &y_train_5, 3, predict_proba)?;
    let y_scores_dmy = y_probas_dmy.column(1).to_owned();
    let mut distinct = y_scores_dmy.to_vec();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    assert_eq!(distinct, floats(&expected["distinct_scores"]));
    let (fprr, tprr, thresholdsr) = roc_curve(&y_train_5, &y_scores_dmy)?;
    assert_eq!(fprr.to_vec(), floats(&expected["fpr"]));
    assert_eq!(tprr.to_vec(), floats(&expected["tpr"]));
    assert_eq!(thresholdsr.to_vec(), floats(&expected["thresholds"]));
    assert_eq!(
        roc_auc_score(&y_train_5, &y_scores_dmy)?,
        expected["auc"].as_f64().unwrap()
    );
    Ok(())
}
