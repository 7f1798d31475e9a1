//! scikit-learn's numbers on full MNIST (issue 3's accuracy band, issue 11's exact values):
//! needs the data set in the data home, so these tests are ignored by a plain `cargo test` and
//! run by `cargo test --release -- --include-ignored` with `HANDSON_DATA` set.

use handson::prelude::*;

#[test]
#[ignore = "needs full MNIST: run with --include-ignored and HANDSON_DATA"]
fn five_detector_on_raw_pixels_matches_scikit_learn() {
    let mnist = load_mnist().unwrap();
    let (x_train, y_train) = (&mnist.x_train, &mnist.y_train);
    let y_train_5 = y_train.mapv(|d| d == 5);
    let mut sgd_clf = SgdClassifier::new().random_state(42);
    let start = std::time::Instant::now();
    sgd_clf.fit(x_train, &y_train_5).unwrap();
    eprintln!("fit in {:?}", start.elapsed());
    assert_eq!(sgd_clf.n_iter().unwrap(), 239);
    let score = sgd_clf
        .decision_function(&x_train.slice(s![0..1, ..]))
        .unwrap()[[0, 0]];
    assert!(
        (score - 2164.2203023926595).abs() <= 1e-9 * 2164.2203023926595,
        "{score}"
    );
    assert_eq!(
        sgd_clf.predict(&x_train.slice(s![0..1, ..])).unwrap()[0],
        true
    );
}
