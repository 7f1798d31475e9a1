//! 03_exercise_titanic's SVM scene as the book's solution has it: `SVC(gamma="auto")` scored by
//! 10-fold cross-validation on the prepared features: the book's mean accuracy, 0.8249.
//! Needs the Titanic files, so it is ignored by a plain `cargo test`.

use handson::prelude::*;

#[test]
#[ignore = "needs the Titanic files: run with --include-ignored and HANDSON_DATA"]
fn the_titanic_svc_scores_the_books_0_8249_in_10_fold_cross_validation() -> Result<()> {
    let titanic = load_titanic()?;
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
    let x_train = preprocess.fit_transform(&titanic.train)?;
    let y_train = titanic.train.numeric("Survived")?.mapv(|v| v as u8);
    let svm_scores = cross_val_score(
        &Svc::new().gamma("auto"),
        &x_train,
        &y_train,
        10,
        Scoring::Accuracy,
    )?;
    let mean = svm_scores.mean().unwrap_or(0.0);
    assert!((mean - 0.8249).abs() <= 1e-4, "mean accuracy {mean}");
    println!("svm mean accuracy: {mean}");
    Ok(())
}
