//! scikit-learn's numbers on full MNIST (issue 3's accuracy band, issue 11's exact values), with
//! the notebook's own lines: needs the data set in the data home, so these tests are ignored by
//! a plain `cargo test` and run by `cargo test --release -- --include-ignored` with
//! `HANDSON_DATA` set. Reference values: `../shared/reference/chapter3-numbers.md`
//! (scikit-learn 1.9.1).

use handson::prelude::*;

fn assert_close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() <= 1e-9 * expected.abs(),
        "{actual} != {expected}"
    );
}

#[test]
#[ignore = "needs full MNIST: run with --include-ignored and HANDSON_DATA"]
fn five_detector_on_raw_pixels_matches_scikit_learn() -> Result<()> {
    let mnist = load_mnist()?;
    let (x_train, y_train) = (&mnist.x_train, &mnist.y_train);
    let y_train_5 = y_train.mapv(|d| d == 5);
    let mut sgd_clf = SgdClassifier::new().random_state(42);
    sgd_clf.fit(x_train, &y_train_5)?;
    assert_eq!(sgd_clf.n_iter()?, 239);
    let some_digit = x_train.slice(s![0..1, ..]);
    assert_close(
        sgd_clf.decision_function(&some_digit)?[[0, 0]],
        2164.2203023926595,
    );
    assert!(sgd_clf.predict(&some_digit)?[0]);

    let scores = cross_val_score(&sgd_clf, x_train, &y_train_5, 3, Scoring::Accuracy)?;
    assert_eq!(scores, array![0.95035, 0.96035, 0.9604]);

    let y_scores = cross_val_predict_with(&sgd_clf, x_train, &y_train_5, 3, decision_function)?;
    let y_train_pred = y_scores.column(0).mapv(|s| s > 0.0);
    assert_eq!(
        confusion_matrix(&y_train_5, &y_train_pred)?,
        array![[53892, 687], [1891, 3530]]
    );
    assert!((precision_score(&y_train_5, &y_train_pred, Average::Binary)? - 0.83709).abs() < 5e-6);
    assert!((recall_score(&y_train_5, &y_train_pred, Average::Binary)? - 0.65117).abs() < 5e-6);
    assert!((f1_score(&y_train_5, &y_train_pred, Average::Binary)? - 0.73252).abs() < 5e-6);

    let (precisions, _recalls, thresholds) = precision_recall_curve(&y_train_5, &y_scores)?;
    let idx_for_90_precision = precisions.iter().position(|&p| p >= 0.90).unwrap();
    assert_close(thresholds[idx_for_90_precision], 3370.0194991439557);
    assert!((roc_auc_score(&y_train_5, &y_scores)? - 0.96049).abs() < 5e-6);
    Ok(())
}

#[test]
#[ignore = "needs full MNIST: run with --include-ignored and HANDSON_DATA"]
fn ten_classes_on_standardized_pixels_match_scikit_learn() -> Result<()> {
    let mnist = load_mnist()?;
    let (x_train, y_train) = (&mnist.x_train, &mnist.y_train);
    // The notebook's lines.
    let x_train_scaled = StandardScaler::new().fit_transform(x_train)?;
    let y_train_pred = cross_val_predict(
        &SgdClassifier::new().random_state(42),
        &x_train_scaled,
        y_train,
        3,
    )?;
    let conf_mx = confusion_matrix(y_train, &y_train_pred)?;
    let acc = accuracy_score(y_train, &y_train_pred)?;
    let f1 = f1_score(y_train, &y_train_pred, Average::Macro)?;

    // Issue 3's band and error pattern.
    assert!((acc - 0.8965).abs() <= 0.01, "accuracy {acc}");
    assert!(f1 > 0.85, "macro F1 {f1}");
    let off_diagonal = |i: usize, j: usize| if i == j { 0 } else { conf_mx[[i, j]] };
    let column_errors: Vec<usize> = (0..10)
        .map(|j| (0..10).map(|i| off_diagonal(i, j)).sum())
        .collect();
    let brightest = (0..10).max_by_key(|&j| column_errors[j]).unwrap();
    assert_eq!(
        brightest, 8,
        "errors per predicted class: {column_errors:?}"
    );
    // 3s and 5s are confused both ways: each is among the other's three most frequent errors.
    let among_top_errors = |i: usize, j: usize| {
        let row: Vec<usize> = (0..10).map(|k| off_diagonal(i, k)).collect();
        row.iter().filter(|&&e| e > row[j]).count() < 3
    };
    assert!(
        among_top_errors(3, 5) && among_top_errors(5, 3),
        "{conf_mx}"
    );

    // Issue 11's exact values.
    assert_eq!(acc, 0.8965);
    assert_eq!(conf_mx.row(0), array![5573, 0, 23, 5, 8, 44, 36, 6, 227, 1]);
    let folds = StratifiedKFold::new(3).split(y_train)?;
    let fold_accuracy: Vec<f64> = folds
        .iter()
        .map(|(_, test)| {
            accuracy_score(
                &y_train.select(Axis(0), test),
                &y_train_pred.select(Axis(0), test),
            )
        })
        .collect::<Result<_>>()?;
    assert_eq!(fold_accuracy, [0.89835, 0.8902, 0.90095]);
    Ok(())
}
