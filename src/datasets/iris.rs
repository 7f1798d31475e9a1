//! The iris data set (Fisher, 1936; public domain): 150 flowers of three species, four
//! measurements each. It is small enough to ship inside the crate (`iris.csv`, the copy that
//! scikit-learn bundles), so [`load_iris`] needs no download.

use ndarray::{Array1, Array2};

use crate::error::{Error, Result};

/// The bundled file: a header `150,4,setosa,versicolor,virginica`, then one flower per line,
/// four measurements and the species number.
const IRIS_CSV: &str = include_str!("iris.csv");

/// The iris data set, as scikit-learn's `load_iris()`.
#[derive(Debug, Clone, PartialEq)]
pub struct Iris {
    /// 150 x 4 measurements in cm: sepal length, sepal width, petal length, petal width.
    pub data: Array2<f64>,
    /// The species of each flower: 0 (setosa), 1 (versicolor) or 2 (virginica).
    pub target: Array1<usize>,
    /// The names of the columns of `data`.
    pub feature_names: Vec<String>,
    /// The names of the species, by number.
    pub target_names: Vec<String>,
}

/// Loads the bundled iris data set (scikit-learn's `datasets.load_iris()`).
///
/// ```
/// use handson::prelude::*;
/// let iris = load_iris()?;
/// assert_eq!(iris.data.dim(), (150, 4));
/// assert_eq!(iris.target_names[iris.target[149]], "virginica");
/// assert_eq!(iris.feature_names[3], "petal width (cm)");
/// # Ok::<(), handson::Error>(())
/// ```
pub fn load_iris() -> Result<Iris> {
    parse(IRIS_CSV)
}

/// Parses the file format of `iris.csv`.
fn parse(text: &str) -> Result<Iris> {
    let corrupt = |problem: String| Error::CorruptData {
        path: "src/datasets/iris.csv".into(),
        problem,
        fix: "reinstall the handson crate".into(),
    };
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let (n_samples, n_features) = match header.as_slice() {
        [n, p, ..] => (
            n.parse::<usize>()
                .map_err(|e| corrupt(format!("header: {e}")))?,
            p.parse::<usize>()
                .map_err(|e| corrupt(format!("header: {e}")))?,
        ),
        _ => return Err(corrupt("no header".into())),
    };
    let target_names: Vec<String> = header[2..].iter().map(|s| s.to_string()).collect();
    let mut data = Vec::with_capacity(n_samples * n_features);
    let mut target = Vec::with_capacity(n_samples);
    for (number, line) in lines.enumerate() {
        let fields: Vec<&str> = line.split(',').collect();
        if fields.len() != n_features + 1 {
            return Err(corrupt(format!(
                "line {} has {} fields",
                number + 2,
                fields.len()
            )));
        }
        for field in &fields[..n_features] {
            data.push(
                field
                    .parse::<f64>()
                    .map_err(|e| corrupt(format!("line {}: {e}", number + 2)))?,
            );
        }
        let species: usize = fields[n_features]
            .parse()
            .map_err(|e| corrupt(format!("line {}: {e}", number + 2)))?;
        if species >= target_names.len() {
            return Err(corrupt(format!("line {}: species {species}", number + 2)));
        }
        target.push(species);
    }
    if target.len() != n_samples {
        return Err(corrupt(format!(
            "{} rows instead of {n_samples}",
            target.len()
        )));
    }
    let data = Array2::from_shape_vec((n_samples, n_features), data)
        .map_err(|e| corrupt(e.to_string()))?;
    let feature_names = [
        "sepal length (cm)",
        "sepal width (cm)",
        "petal length (cm)",
        "petal width (cm)",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    Ok(Iris {
        data,
        target: Array1::from(target),
        feature_names,
        target_names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_file_parses() {
        let iris = load_iris().unwrap();
        assert_eq!(iris.data.row(0).to_vec(), [5.1, 3.5, 1.4, 0.2]);
        assert_eq!(iris.target.iter().filter(|&&t| t == 2).count(), 50);
        assert_eq!(iris.target_names, ["setosa", "versicolor", "virginica"]);
        assert!(parse("2,4,a\n1,2,3,4,0\n").is_err());
        assert!(parse("1,4,a\n1,2,3,4,1\n").is_err());
        assert!(parse("").is_err());
    }
}
