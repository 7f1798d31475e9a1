//! The Titanic and SpamAssassin loaders on the real files: needs the data home
//! (`HANDSON_DATA`, which `make test` points at `../shared/data`), so these tests are ignored by
//! a plain `cargo test`.

use std::collections::HashMap;

use handson::datasets::{
    load_spam_assassin, load_spam_assassin_from, load_titanic, load_titanic_from,
};
use handson::text::parse_emails;

#[test]
#[ignore = "needs the Titanic files: run with --include-ignored and HANDSON_DATA"]
fn titanic_has_the_published_rows_and_missing_values() {
    let titanic = load_titanic().unwrap();
    assert_eq!((titanic.train.n_rows(), titanic.test.n_rows()), (891, 418));
    assert_eq!(titanic.train.numeric("Survived").unwrap().sum(), 342.0);
    let missing: HashMap<String, usize> = titanic.train.missing_counts().into_iter().collect();
    assert_eq!(
        (missing["Age"], missing["Cabin"], missing["Embarked"]),
        (177, 687, 2)
    );
    assert!(titanic.test.column("Survived").is_err());
}

#[test]
#[ignore = "needs the SpamAssassin archives: run with --include-ignored and HANDSON_DATA"]
fn spam_assassin_has_its_emails_and_the_books_structures() {
    let corpus = load_spam_assassin().unwrap();
    assert_eq!(
        (
            corpus.easy_ham.len(),
            corpus.hard_ham.len(),
            corpus.spam.len()
        ),
        (2500, 250, 500)
    );
    assert!(corpus.spam[0].path.starts_with("spam/00001."));
    let count = |emails: &[handson::datasets::Member], structure: &str| {
        let raw: Vec<&[u8]> = emails.iter().map(|m| m.bytes.as_slice()).collect();
        parse_emails(&raw)
            .unwrap()
            .iter()
            .filter(|e| e.structure() == structure)
            .count()
    };
    // The book's counts of the most common structures.
    assert_eq!(count(&corpus.easy_ham, "text/plain"), 2408);
    assert_eq!(
        count(
            &corpus.easy_ham,
            "multipart(text/plain, application/pgp-signature)"
        ),
        66
    );
    assert_eq!(count(&corpus.spam, "text/plain"), 218);
    assert_eq!(count(&corpus.spam, "text/html"), 183);
    assert_eq!(count(&corpus.spam, "multipart(text/plain, text/html)"), 45);
}

#[test]
#[ignore = "needs the Titanic files: run with --include-ignored and HANDSON_DATA"]
fn the_titanic_forest_scores_about_0_81_in_10_fold_cross_validation() {
    use handson::prelude::*;
    let titanic = load_titanic().unwrap();
    let mut preprocess = ColumnTransformer::new()
        .add(
            "num",
            NumericPipeline::new(ImputeStrategy::Median).standardize(),
            ["Age", "SibSp", "Parch", "Fare"],
        )
        .add(
            "cat",
            OneHotEncoder::new().impute_most_frequent(),
            ["Pclass", "Sex", "Embarked"],
        );
    let x = preprocess.fit_transform(&titanic.train).unwrap();
    let y = titanic.train.numeric("Survived").unwrap().mapv(|v| v as u8);
    let scores = cross_val_score(
        &RandomForestClassifier::new().random_state(42),
        &x,
        &y,
        10,
        Scoring::Accuracy,
    )
    .unwrap();
    let mean = scores.mean().unwrap();
    assert!((mean - 0.81).abs() <= 0.02, "mean accuracy {mean}");
    assert!(preprocess.transform(&titanic.test).unwrap().dim() == (418, 12));
}

/// Cross-validated accuracy, test precision and test recall of the book's spam pipeline on the
/// split `(train, test)` of the corpus.
fn spam_filter_scores(
    split: impl Fn(&ndarray::Array1<u8>) -> (Vec<usize>, Vec<usize>),
) -> (f64, f64, f64) {
    use handson::prelude::*;
    let corpus = load_spam_assassin().unwrap();
    let emails: Vec<Email> = parse_emails(&corpus.easy_ham)
        .unwrap()
        .into_iter()
        .chain(parse_emails(&corpus.spam).unwrap())
        .collect();
    let y = Array1::from_iter((0..emails.len()).map(|i| u8::from(i >= corpus.easy_ham.len())));
    let (train, test) = split(&y);
    let pick = |rows: &[usize]| rows.iter().map(|&i| emails[i].clone()).collect::<Vec<_>>();
    let counter = EmailToWordCounter::new();
    let mut vectorizer = WordCounterToVector::new(1000);
    let x_train = vectorizer
        .fit_transform(&counter.transform(&pick(&train)))
        .unwrap()
        .to_dense();
    let x_test = vectorizer
        .transform(&counter.transform(&pick(&test)))
        .unwrap()
        .to_dense();
    let (y_train, y_test) = (y.select(Axis(0), &train), y.select(Axis(0), &test));
    let mut model = LogisticRegression::new().max_iter(1000);
    let cv = cross_val_score(&model, &x_train, &y_train, 3, Scoring::Accuracy)
        .unwrap()
        .mean()
        .unwrap();
    model.fit(&x_train, &y_train).unwrap();
    let y_pred = model.predict(&x_test).unwrap();
    (
        cv,
        precision_score(&y_test, &y_pred, Average::Binary).unwrap(),
        recall_score(&y_test, &y_pred, Average::Binary).unwrap(),
    )
}

/// What the book's own spam filter scores with scikit-learn 1.9.1 on `split` ("book" or
/// "stratified"), from tests/notebooks/sklearn_spam.py: a field of its JSON.
fn sklearn_spam(split: &str, field: &str) -> f64 {
    let reference: serde_json::Value =
        serde_json::from_str(include_str!("notebooks/sklearn_spam.json")).unwrap();
    reference[split][field].as_f64().unwrap()
}

/// How far handson's filter may be from the book's (its words differ: another stemmer, URL
/// finder and MIME parser; sklearn_spam.py measures the gaps, as record_expectations.py's
/// SPAM_CV_TOLERANCE and SPAM_TEST_TOLERANCE do for the notebook).
const SPAM_CV_TOLERANCE: f64 = 0.005;
const SPAM_TEST_TOLERANCE: f64 = 0.04;

#[test]
#[ignore = "needs the SpamAssassin archives: run with --include-ignored and HANDSON_DATA"]
fn the_spam_filter_scores_as_the_books_does_in_scikit_learn() {
    // The book's split: train_test_split(X, y, test_size=0.2, random_state=42).
    let (cv, precision, recall) = spam_filter_scores(|y| {
        handson::random::shuffle_split_indices(y.len(), 0.2, Some(42)).unwrap()
    });
    let cv_sklearn = sklearn_spam("book", "cv_mean");
    assert!(
        (cv - cv_sklearn).abs() <= SPAM_CV_TOLERANCE,
        "CV accuracy {cv}, sklearn {cv_sklearn}"
    );
    let precision_sklearn = sklearn_spam("book", "precision");
    assert!(
        (precision - precision_sklearn).abs() <= SPAM_TEST_TOLERANCE,
        "precision {precision}, sklearn {precision_sklearn}"
    );
    let recall_sklearn = sklearn_spam("book", "recall");
    assert!(
        (recall - recall_sklearn).abs() <= SPAM_TEST_TOLERANCE,
        "recall {recall}, sklearn {recall_sklearn}"
    );
}

#[test]
#[ignore = "needs the SpamAssassin archives: run with --include-ignored and HANDSON_DATA"]
fn the_spam_filter_scores_as_the_books_does_on_a_stratified_split() {
    let (_, precision, recall) = spam_filter_scores(|y| {
        handson::model_selection::stratified_split_indices(y, 0.2, 42).unwrap()
    });
    let precision_sklearn = sklearn_spam("stratified", "precision");
    assert!(
        (precision - precision_sklearn).abs() <= SPAM_TEST_TOLERANCE,
        "precision {precision}, sklearn {precision_sklearn}"
    );
    let recall_sklearn = sklearn_spam("stratified", "recall");
    assert!(
        (recall - recall_sklearn).abs() <= SPAM_TEST_TOLERANCE,
        "recall {recall}, sklearn {recall_sklearn}"
    );
}

#[test]
#[ignore = "needs the Titanic and SpamAssassin files: run with --include-ignored and HANDSON_DATA"]
fn the_from_loaders_take_a_data_home_as_any_path() {
    let home = std::env::var("HANDSON_DATA").unwrap();
    // The same folder as the default resolution, so the same once-per-process value.
    assert!(std::ptr::eq(
        load_titanic_from(&home).unwrap(),
        load_titanic().unwrap()
    ));
    let home = std::path::PathBuf::from(home);
    assert!(std::ptr::eq(
        load_spam_assassin_from(home).unwrap(),
        load_spam_assassin().unwrap()
    ));
}

#[test]
fn the_spam_splits_pick_scikit_learns_rows() {
    // tests/notebooks/sklearn_spam.py records the rows that train_test_split(test_size=0.2,
    // random_state=42) and StratifiedShuffleSplit(test_size=0.2, random_state=42) pick from
    // the 2,500 ham and 500 spam, in their order.
    let reference: serde_json::Value =
        serde_json::from_str(include_str!("notebooks/sklearn_spam.json")).unwrap();
    let rows = |split: &str, part: &str| -> Vec<usize> {
        let values = reference[split][part].as_array().unwrap();
        values
            .iter()
            .map(|v| v.as_u64().unwrap() as usize)
            .collect()
    };
    let (train, test) = handson::random::shuffle_split_indices(3000, 0.2, Some(42)).unwrap();
    assert_eq!(test, rows("split", "test_rows"));
    assert_eq!(train, rows("split", "train_rows"));
    let y = ndarray::Array1::from_iter((0..3000).map(|i| u8::from(i >= 2500)));
    let (train, test) = handson::model_selection::stratified_split_indices(&y, 0.2, 42).unwrap();
    assert_eq!(test, rows("stratified", "test_rows"));
    assert_eq!(train, rows("stratified", "train_rows"));
}
