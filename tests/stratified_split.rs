//! The stratified split against scikit-learn 1.9.1's
//! `train_test_split(np.arange(n), test_size=..., random_state=..., stratify=y)`.

use handson::model_selection::stratified_split_indices;
use ndarray::Array1;

#[test]
fn the_spam_split_matches_scikit_learn() {
    let y = Array1::from_iter((0..3000).map(|i| u8::from(i >= 2500)));
    let (train, test) = stratified_split_indices(&y, 0.2, 42).unwrap();
    assert_eq!((train.len(), test.len()), (2400, 600));
    assert_eq!(train[..8], [348, 1770, 1752, 1232, 1596, 2032, 695, 1090]);
    assert_eq!(test[..8], [2648, 2070, 779, 1522, 1759, 1275, 1504, 1787]);
    assert_eq!(test.iter().filter(|&&i| y[i] == 1).count(), 100);
}

#[test]
fn uneven_shares_draw_the_same_extra_samples_as_scikit_learn() {
    let y = Array1::from_iter([0u8; 7].into_iter().chain([1; 5]).chain([2; 3]));
    let (train, test) = stratified_split_indices(&y, 0.3, 7).unwrap();
    assert_eq!(train, [5, 10, 0, 6, 13, 12, 2, 3, 11, 9]);
    assert_eq!(test, [8, 4, 14, 1, 7]);
}

#[test]
fn impossible_splits_are_errors() {
    let y = Array1::from_iter([0u8, 0, 0, 1]);
    assert!(
        stratified_split_indices(&y, 0.5, 0)
            .unwrap_err()
            .to_string()
            .contains("two samples of every class")
    );
    let y = Array1::from_iter([0u8, 0, 1, 1, 2, 2]);
    assert!(
        stratified_split_indices(&y, 0.2, 0)
            .unwrap_err()
            .to_string()
            .contains("room for each")
    );
    assert!(stratified_split_indices(&y, 1.5, 0).is_err());
}
