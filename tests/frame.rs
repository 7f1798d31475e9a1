//! Reading CSV into a `DataFrame`: types, missing values, and malformed rows.

use handson::datasets::{Column, DataFrame};

fn frame(csv: &str) -> handson::Result<DataFrame> {
    DataFrame::from_csv(csv.as_bytes(), "test.csv".as_ref())
}

#[test]
fn columns_are_numeric_or_text_with_missing_values() {
    let df =
        frame("Id,Age,Name,Cabin\r\n1,22,\"Braund, Mr. Owen\",\r\n2,,Cumings,C85\r\n").unwrap();
    assert_eq!(df.n_rows(), 2);
    assert_eq!(df.numeric("Id").unwrap().to_vec(), vec![1.0, 2.0]);
    assert!(df.numeric("Age").unwrap()[1].is_nan());
    assert_eq!(
        df.text("Name").unwrap()[0].as_deref(),
        Some("Braund, Mr. Owen")
    );
    assert_eq!(df.text("Cabin").unwrap()[0], None);
    assert_eq!(
        df.missing_counts(),
        vec![
            ("Id".into(), 0),
            ("Age".into(), 1),
            ("Name".into(), 0),
            ("Cabin".into(), 1)
        ]
    );
    let html = df.head(1).to_html();
    assert!(
        html.contains("<th>Age</th>")
            && html.contains("Braund, Mr. Owen")
            && !html.contains("Cumings")
    );
}

#[test]
fn wrong_names_and_types_are_clear_errors() {
    let df = frame("a,b\n1,x\n").unwrap();
    let err = df.column("c").unwrap_err().to_string();
    assert!(err.contains("\"c\"") && err.contains("\"a\""), "{err}");
    assert!(
        df.numeric("b")
            .unwrap_err()
            .to_string()
            .contains("text column")
    );
    assert!(
        df.text("a")
            .unwrap_err()
            .to_string()
            .contains("numeric column")
    );
}

#[test]
fn malformed_rows_are_reported_with_their_number() {
    let err = frame("a,b\n1,2\n3\n").unwrap_err().to_string();
    assert!(err.contains("row 2"), "{err}");
    assert!(frame("").unwrap_err().to_string().contains("header"));
}

#[test]
fn columns_can_be_added_or_replaced_when_lengths_agree() {
    let df = frame("a\n1\n2\n").unwrap();
    let df = df
        .with_column("b", Column::Numeric(ndarray::array![3.0, 4.0]))
        .unwrap();
    let df = df
        .with_column("a", Column::Text(vec![None, Some("x".into())]))
        .unwrap();
    assert_eq!(df.column_names(), ["a", "b"]);
    let err = df
        .with_column("c", Column::Numeric(ndarray::array![1.0]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("2 values, one per row"), "{err}");
}
