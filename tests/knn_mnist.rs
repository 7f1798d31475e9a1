//! The chapter's KNN cells on full MNIST against scikit-learn 1.9.1 (issue 4): the same test
//! predictions and neighbours bit for bit (`fixtures/knn_sklearn.txt`, written by
//! `fixtures/knn_sklearn.py`), the denoising example's clean digit, the multilabel F1, exercise
//! 1's grid search and exercise 2's augmented training set, with the notebook's own lines. They
//! need the data set in the data home, so they are ignored by a plain `cargo test` and run by
//! `cargo test --release -- --include-ignored` with `HANDSON_DATA` set. Reference values:
//! `../shared/reference/chapter3-numbers.md`.

use handson::prelude::*;

const FIXTURE: &str = include_str!("fixtures/knn_sklearn.txt");

#[test]
#[ignore = "needs full MNIST: run with --include-ignored and HANDSON_DATA"]
fn test_predictions_and_neighbours_equal_scikit_learns() -> Result<()> {
    let mnist = load_mnist()?;
    let (x_train, y_train) = (&mnist.x_train, &mnist.y_train);
    let mut knn_clf = KNeighborsClassifier::new()
        .n_neighbors(4)
        .weights(Weights::Distance);
    knn_clf.fit(x_train, y_train)?;
    let y_pred = knn_clf.predict(&mnist.x_test)?;
    assert_eq!(accuracy_score(&mnist.y_test, &y_pred)?, 0.9714);

    let mut lines = FIXTURE.lines();
    let expected: Vec<u8> = lines.next().unwrap().bytes().map(|b| b - b'0').collect();
    let differences = y_pred.iter().zip(&expected).filter(|(a, b)| a != b).count();
    assert_eq!(
        differences, 0,
        "predictions that differ from scikit-learn's"
    );

    let (distances, indices) = knn_clf.kneighbors(&mnist.x_test.slice(s![..20, ..]), 10)?;
    for (q, line) in lines.take(20).enumerate() {
        let (expected_indices, expected_distances) = line.split_once(" | ").unwrap();
        let expected_indices: Vec<usize> = expected_indices
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        let expected_distances: Vec<f64> = expected_distances
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        assert_eq!(indices.row(q).to_vec(), expected_indices, "test digit {q}");
        assert_eq!(
            distances.row(q).to_vec(),
            expected_distances,
            "test digit {q}"
        );
    }
    Ok(())
}

#[test]
#[ignore = "needs full MNIST: run with --include-ignored and HANDSON_DATA"]
fn multilabel_knn_matches_scikit_learns_f1() -> Result<()> {
    let mnist = load_mnist()?;
    let (x_train, y_train) = (&mnist.x_train, &mnist.y_train);
    let y_multilabel = ndarray::stack![
        Axis(1),
        y_train.mapv(|d| d >= 7),
        y_train.mapv(|d| d % 2 == 1)
    ];
    let mut knn_clf = KNeighborsClassifier::new();
    knn_clf.fit(x_train, &y_multilabel)?;
    assert_eq!(
        knn_clf.predict(&x_train.slice(s![0..1, ..]))?,
        array![[false, true]]
    );

    let y_knn_pred = cross_val_predict(&KNeighborsClassifier::new(), x_train, &y_multilabel, 3)?;
    let f1 = f1_score(&y_multilabel, &y_knn_pred, Average::Macro)?;
    assert!((f1 - 0.976410265560605).abs() < 1e-12, "F1 macro {f1}");
    Ok(())
}

#[test]
#[ignore = "needs full MNIST: run with --include-ignored and HANDSON_DATA"]
fn denoising_predicts_scikit_learns_clean_digit() -> Result<()> {
    let mnist = load_mnist()?;
    let mut rng = RandomState::new(42);
    let noise = rng.randint(0, 100, (mnist.x_train.nrows(), 784))?;
    let x_train_mod = &mnist.x_train + &noise.mapv(|v| v as f64);
    let noise = rng.randint(0, 100, (mnist.x_test.nrows(), 784))?;
    let x_test_mod = &mnist.x_test + &noise.mapv(|v| v as f64);
    let y_train_mod = mnist.x_train.mapv(|v| v as u8);
    let mut knn_clf = KNeighborsClassifier::new();
    knn_clf.fit(&x_train_mod, &y_train_mod)?;
    let clean_digit = knn_clf.predict(&x_test_mod.slice(s![0..1, ..]))?;
    assert_eq!(clean_digit.dim(), (1, 784));
    let expected: Vec<u8> = FIXTURE
        .lines()
        .last()
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    assert_eq!(clean_digit.row(0).to_vec(), expected);
    Ok(())
}

#[test]
#[ignore = "needs full MNIST: run with --include-ignored and HANDSON_DATA"]
fn exercise_1_grid_search_finds_scikit_learns_best() -> Result<()> {
    let mnist = load_mnist()?;
    let param_grid = ParamGrid::new()
        .param("weights", ["uniform", "distance"])
        .param("n_neighbors", [3, 4, 5]);
    let mut grid_search = GridSearchCV::new(KNeighborsClassifier::new(), param_grid, 5);
    grid_search.fit(&mnist.x_train, &mnist.y_train)?;
    assert_eq!(
        grid_search.best_params()?.to_string(),
        "{'n_neighbors': 4, 'weights': 'distance'}"
    );
    let best_score = grid_search.best_score()?;
    assert!(
        (best_score - 0.97162).abs() < 5e-6,
        "best score {best_score}"
    );
    let test_accuracy = grid_search
        .best_estimator()?
        .score(&mnist.x_test, &mnist.y_test)?;
    assert_eq!(test_accuracy, 0.9714);
    Ok(())
}

#[test]
#[ignore = "needs full MNIST: run with --include-ignored and HANDSON_DATA"]
fn exercise_2_shift_augmentation_improves_the_best_model() -> Result<()> {
    let mnist = load_mnist()?;
    let (x_train_augmented, y_train_augmented) =
        augment_with_shifts(&mnist.x_train, &mnist.y_train)?;
    assert_eq!(x_train_augmented.dim(), (300_000, 784));
    let mut knn_clf = KNeighborsClassifier::new()
        .n_neighbors(4)
        .weights(Weights::Distance);
    knn_clf.fit(&x_train_augmented, &y_train_augmented)?;
    let accuracy = knn_clf.score(&mnist.x_test, &mnist.y_test)?;
    assert!(
        (accuracy - 0.9763).abs() <= 0.002,
        "test accuracy {accuracy}"
    );
    Ok(())
}
