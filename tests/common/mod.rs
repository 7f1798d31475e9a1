//! Helpers shared by the integration tests that read scikit-learn's answers from the JSON
//! fixtures in `tests/fixtures/` (each test file uses some of them).
#![allow(dead_code)]

use handson::prelude::*;
use serde_json::Value;

/// The committed fixture `tests/fixtures/NAME`, parsed.
pub fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).expect("the committed fixture is valid JSON")
}

/// A JSON array of numbers.
pub fn floats(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

/// A JSON array of rows of numbers, as a matrix.
pub fn matrix(value: &Value) -> Array2<f64> {
    let rows: Vec<Vec<f64>> = value.as_array().unwrap().iter().map(floats).collect();
    Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| rows[i][j])
}

/// A JSON array of non-negative integers, each converted to `T` (a value out of `T`'s range is
/// a broken fixture).
pub fn integers<T: TryFrom<u64>>(value: &Value) -> Vec<T> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            T::try_from(v.as_u64().unwrap())
                .ok()
                .expect("an integer in range")
        })
        .collect()
}

/// A JSON array of class labels.
pub fn labels(value: &Value) -> Array1<u8> {
    Array1::from(integers(value))
}
