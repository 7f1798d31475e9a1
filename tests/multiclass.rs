//! The one-vs-one wrapper: one model per pair of classes, votes with confidence tie-breaks.

use handson::prelude::*;

#[test]
fn one_model_per_pair_and_the_right_votes() {
    // Four well separated clusters.
    let centers = [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0), (10.0, 10.0)];
    let x = Array2::from_shape_fn((40, 2), |(i, j)| {
        let (cx, cy) = centers[i % 4];
        (if j == 0 { cx } else { cy }) + (i / 4) as f64 * 0.1
    });
    let y = Array1::from_shape_fn(40, |i| ["a", "b", "c", "d"][i % 4]);
    let mut ovo = OneVsOneClassifier::new(SgdClassifier::new().random_state(42));
    ovo.fit(&x, &y).unwrap();
    assert_eq!(ovo.n_estimators().unwrap(), 6);
    assert_eq!(ovo.classes().unwrap(), ["a", "b", "c", "d"]);
    assert_eq!(ovo.predict(&x).unwrap(), y);
    let decision = ovo.decision_function(&x).unwrap();
    assert_eq!(decision.dim(), (40, 4));
    // The winner of each row has 3 votes (it beats the three others), give or take the squashed
    // confidences, which stay within a third of a vote.
    for row in decision.rows() {
        let best = row.iter().cloned().fold(f64::MIN, f64::max);
        assert!((best - 3.0).abs() < 1.0 / 3.0, "{row}");
    }
}

#[test]
fn one_class_is_an_error() {
    let mut ovo = OneVsOneClassifier::new(SgdClassifier::new());
    let err = ovo
        .fit(&array![[0.0], [1.0]], &array![1u8, 1])
        .unwrap_err()
        .to_string();
    assert!(err.contains("two classes"), "{err}");
    assert!(
        OneVsOneClassifier::<SgdClassifier<bool>, u8>::new(SgdClassifier::new())
            .predict(&array![[0.0]])
            .is_err()
    );
}
