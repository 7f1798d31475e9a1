//! The random forest and the decision tree: toy problems with known answers, scikit-learn's
//! bootstrap, bad input, and (with full MNIST) the book's 5-detector.

use handson::ensemble::{DecisionTreeClassifier, MaxFeatures, RandomForestClassifier};
use handson::estimator::{Fit, Predict, PredictProba};
use handson::metrics::Score;
use ndarray::{Array1, Array2, array};

/// Two interleaved classes on a line: only a deep tree separates them.
fn stripes(n: usize) -> (Array2<f64>, Array1<u8>) {
    let x = Array2::from_shape_fn(
        (n, 2),
        |(i, j)| if j == 0 { i as f64 } else { (i * 7 % 5) as f64 },
    );
    let y = Array1::from_shape_fn(n, |i| u8::from((i / 3) % 2 == 1));
    (x, y)
}

#[test]
fn a_full_tree_learns_its_training_set_exactly() {
    let (x, y) = stripes(60);
    let mut tree = DecisionTreeClassifier::new();
    tree.fit(&x, &y).unwrap();
    assert_eq!(tree.predict(&x).unwrap(), y);
    // Twenty stripes of three need at least twenty leaves; greedy splits may add a few.
    let leaves = tree.n_leaves().unwrap();
    assert!((20..=30).contains(&leaves), "{leaves} leaves");
}

#[test]
fn depth_and_leaf_size_limit_the_tree() {
    let (x, y) = stripes(60);
    let mut stump = DecisionTreeClassifier::new().max_depth(1);
    stump.fit(&x, &y).unwrap();
    assert_eq!(stump.n_leaves().unwrap(), 2);
    let proba = stump.predict_proba(&x).unwrap();
    for row in proba.rows() {
        assert!((row.sum() - 1.0).abs() < 1e-12);
    }
    let mut coarse = DecisionTreeClassifier::new().min_samples_leaf(10);
    coarse.fit(&x, &y).unwrap();
    assert!(coarse.n_leaves().unwrap() <= 6);
}

#[test]
fn thresholds_sit_between_values_as_in_scikit_learn() {
    // One feature, classes split between 1 and 3: the threshold is 2, so 1.9 goes left, 2.1 right.
    let x = array![[0.0], [1.0], [3.0], [4.0]];
    let y = array!["a", "a", "b", "b"];
    let mut tree = DecisionTreeClassifier::new();
    tree.fit(&x, &y).unwrap();
    assert_eq!(
        tree.predict(&array![[1.9], [2.1]]).unwrap(),
        array!["a", "b"]
    );
}

#[test]
fn features_with_many_values_split_by_sorting() {
    // 600 distinct values: more than the 256 codes of the fast path.
    let x = Array2::from_shape_fn((600, 1), |(i, _)| i as f64 * 0.5);
    let y = Array1::from_shape_fn(600, |i| i >= 250);
    let mut tree = DecisionTreeClassifier::new();
    tree.fit(&x, &y).unwrap();
    assert_eq!(tree.n_leaves().unwrap(), 2);
    assert_eq!(
        tree.predict(&array![[124.6], [124.9]]).unwrap(),
        array![false, true]
    );
}

#[test]
fn a_seeded_forest_is_repeatable_and_averages_its_trees() {
    let (x, y) = stripes(90);
    let fit = |seed| {
        let mut forest = RandomForestClassifier::new()
            .n_estimators(15)
            .random_state(seed);
        forest.fit(&x, &y).unwrap();
        forest.predict_proba(&x).unwrap()
    };
    assert_eq!(fit(42), fit(42));
    assert_ne!(fit(42), fit(7));
    let proba = fit(42);
    assert!(proba.iter().all(|p| (0.0..=1.0).contains(p)));
    // Fully grown trees have pure leaves, so each probability is a multiple of 1/15.
    assert!(
        proba
            .iter()
            .all(|p| ((p * 15.0) - (p * 15.0).round()).abs() < 1e-9)
    );
    let mut forest = RandomForestClassifier::new()
        .n_estimators(15)
        .random_state(42);
    forest.fit(&x, &y).unwrap();
    let accuracy = forest
        .predict(&x)
        .unwrap()
        .iter()
        .zip(&y)
        .filter(|(p, t)| p == t)
        .count();
    assert!(accuracy >= 85, "{accuracy}/90");
}

#[test]
fn bad_settings_and_input_are_errors() {
    let (x, y) = stripes(10);
    let message = |mut f: RandomForestClassifier<u8>| f.fit(&x, &y).unwrap_err().to_string();
    assert!(message(RandomForestClassifier::new().n_estimators(0)).contains("n_estimators"));
    assert!(
        message(RandomForestClassifier::new().min_samples_split(1)).contains("min_samples_split")
    );
    assert!(
        message(RandomForestClassifier::new().max_features(MaxFeatures::Fraction(1.5)))
            .contains("max_features")
    );
    let mut forest = RandomForestClassifier::new();
    assert!(
        forest
            .fit(&x, &y.slice(ndarray::s![..5]).to_owned())
            .is_err()
    );
    let mut with_nan = x.clone();
    with_nan[[3, 1]] = f64::NAN;
    assert!(
        forest
            .fit(&with_nan, &y)
            .unwrap_err()
            .to_string()
            .contains("NaN")
    );
    assert!(
        RandomForestClassifier::<u8>::new()
            .predict(&x)
            .unwrap_err()
            .to_string()
            .contains("fit")
    );
    forest.fit(&x, &y).unwrap();
    assert!(
        forest
            .predict(&array![[1.0, 2.0, 3.0]])
            .unwrap_err()
            .to_string()
            .contains("2 columns")
    );
}

#[test]
#[ignore = "needs full MNIST: run with --include-ignored and HANDSON_DATA"]
fn the_five_detector_forest_ranks_almost_perfectly() {
    let mnist = handson::datasets::load_mnist().unwrap();
    let y5 = mnist.y_train.mapv(|d| d == 5);
    let started = std::time::Instant::now();
    let mut forest = RandomForestClassifier::new().random_state(42);
    forest.fit(&mnist.x_train, &y5).unwrap();
    let fit_time = started.elapsed();
    let scores = forest
        .predict_proba(&mnist.x_test)
        .unwrap()
        .column(1)
        .to_owned();
    let y5_test = mnist.y_test.mapv(|d| d == 5);
    let auc = handson::metrics::roc_auc_score(&y5_test, &scores).unwrap();
    let accuracy = forest.score(&mnist.x_test, &y5_test).unwrap();
    eprintln!("forest fit {fit_time:?}, test AUC {auc:.5}, accuracy {accuracy:.4}");
    assert!(auc > 0.995, "AUC {auc}");
    assert!(accuracy > 0.985, "accuracy {accuracy}");
}
