//! Imputing, one-hot encoding and column transformers on small data frames, and the
//! one-vs-one wrapper on a small multiclass problem.

use handson::datasets::{Column, DataFrame};
use handson::preprocessing::{
    ColumnPipeline, ColumnTransformer, ImputeStrategy, NumericPipeline, OneHotEncoder,
    SimpleImputer,
};
use ndarray::array;

fn frame() -> DataFrame {
    DataFrame::from_csv(
        b"Age,Fare,Pclass,Embarked\n22,7.25,3,S\n,71.3,1,C\n26,7.9,3,\n35,53.1,1,S\n",
        "t.csv".as_ref(),
    )
    .unwrap()
}

#[test]
fn imputer_strategies() {
    let x = array![[1.0, f64::NAN], [2.0, 2.0], [2.0, f64::NAN], [9.0, 4.0]];
    let fill = |s| SimpleImputer::new(s).fit_transform(&x).unwrap();
    assert_eq!(
        fill(ImputeStrategy::Mean).column(1).to_vec(),
        vec![3.0, 2.0, 3.0, 4.0]
    );
    assert_eq!(
        fill(ImputeStrategy::Median).column(1).to_vec(),
        vec![3.0, 2.0, 3.0, 4.0]
    );
    assert_eq!(
        fill(ImputeStrategy::MostFrequent).column(1).to_vec(),
        vec![2.0, 2.0, 2.0, 4.0]
    );
    assert_eq!(
        fill(ImputeStrategy::Constant(-1.0)).column(1).to_vec(),
        vec![-1.0, 2.0, -1.0, 4.0]
    );
    let mut imputer = SimpleImputer::new(ImputeStrategy::Median);
    assert!(
        imputer
            .fit(&array![[f64::NAN], [f64::NAN]])
            .unwrap_err()
            .to_string()
            .contains("all NaN")
    );
    assert!(imputer.fit(&array![[f64::INFINITY]]).is_err());
    assert!(
        SimpleImputer::new(ImputeStrategy::Mean)
            .transform(&x)
            .unwrap_err()
            .to_string()
            .contains("fit")
    );
    imputer.fit(&x).unwrap();
    assert!(
        imputer
            .transform(&array![[1.0]])
            .unwrap_err()
            .to_string()
            .contains("2 columns")
    );
}

#[test]
fn one_hot_encoding_learns_sorted_categories() {
    let df = frame();
    let columns = [df.column("Pclass").unwrap(), df.column("Embarked").unwrap()];
    let mut encoder = OneHotEncoder::new().impute_most_frequent();
    encoder.fit(&columns).unwrap();
    assert_eq!(
        encoder.categories().unwrap(),
        vec![
            &["1".to_string(), "3".to_string()][..],
            &["C".to_string(), "S".to_string()][..]
        ]
    );
    let x = encoder.transform(&columns).unwrap();
    // Row 2's missing Embarked becomes the most frequent, S.
    assert_eq!(
        x,
        array![
            [0.0, 1.0, 0.0, 1.0],
            [1.0, 0.0, 1.0, 0.0],
            [0.0, 1.0, 0.0, 1.0],
            [1.0, 0.0, 0.0, 1.0]
        ]
    );
}

#[test]
fn one_hot_encoding_refuses_missing_and_unknown_values_unless_told() {
    let df = frame();
    let embarked = [df.column("Embarked").unwrap()];
    assert!(
        OneHotEncoder::new()
            .fit(&embarked)
            .unwrap_err()
            .to_string()
            .contains("impute_most_frequent")
    );
    let mut encoder = OneHotEncoder::new().impute_most_frequent();
    encoder.fit(&embarked).unwrap();
    let other = Column::Text(vec![Some("Q".into())]);
    assert!(
        encoder
            .transform(&[&other])
            .unwrap_err()
            .to_string()
            .contains("\"Q\"")
    );
    let mut lenient = OneHotEncoder::new().impute_most_frequent().ignore_unknown();
    lenient.fit(&embarked).unwrap();
    assert_eq!(lenient.transform(&[&other]).unwrap(), array![[0.0, 0.0]]);
}

#[test]
fn a_column_transformer_puts_the_pipelines_side_by_side() {
    let df = frame();
    let mut preprocess = ColumnTransformer::new()
        .add(
            "num",
            NumericPipeline::new(ImputeStrategy::Median).standardize(),
            ["Age", "Fare"],
        )
        .add(
            "cat",
            OneHotEncoder::new().impute_most_frequent(),
            ["Pclass", "Embarked"],
        );
    let x = preprocess.fit_transform(&df).unwrap();
    assert_eq!(x.dim(), (4, 6));
    // Standardized columns have mean 0; Age's missing value became the median, 26.
    for j in 0..2 {
        assert!(x.column(j).mean().unwrap().abs() < 1e-12);
    }
    assert_eq!(x[[1, 0]], x[[2, 0]]);
    let copy = preprocess.clone();
    assert_eq!(copy.transform(&df).unwrap(), x);
    let err = ColumnTransformer::new()
        .add(
            "num",
            NumericPipeline::new(ImputeStrategy::Median),
            ["Nope"],
        )
        .fit(&df)
        .unwrap_err();
    assert!(err.to_string().contains("\"Nope\""));
    let err = ColumnTransformer::new()
        .add(
            "num",
            NumericPipeline::new(ImputeStrategy::Median),
            ["Embarked"],
        )
        .fit(&df)
        .unwrap_err();
    assert!(err.to_string().contains("text"));
    assert!(ColumnTransformer::new().fit(&df).is_err());
}
