//! [`PolynomialFeatures`]: every product of the features up to a degree, in scikit-learn's
//! column order and with its arithmetic (each degree's columns are the previous degree's times
//! one feature), so that polynomial regression fits see the same numbers as scikit-learn's.

use ndarray::{Array2, ArrayBase, Data, Ix2, s};

use crate::error::{Error, Result};
use crate::estimator::{Samples, Transformer};
use crate::validation::{check_matrix, check_n_features, not_fitted};

/// Polynomial and interaction features, like scikit-learn's `PolynomialFeatures(degree,
/// include_bias)`.
///
/// For features `[a, b]` and degree 2 the columns are `[1, a, b, a^2, a b, b^2]`: the bias
/// column (unless `include_bias(false)`), then the monomials of degree 1, 2, ... each degree in
/// scikit-learn's order (lexicographic in the feature numbers).
///
/// ```
/// use handson::prelude::*;
/// let x = array![[2.0, 3.0]];
/// let mut poly = PolynomialFeatures::new(2);
/// assert_eq!(poly.fit_transform(&x)?, array![[1.0, 2.0, 3.0, 4.0, 6.0, 9.0]]);
/// let mut poly = PolynomialFeatures::new(3).include_bias(false);
/// assert_eq!(poly.fit_transform(&array![[-0.5]])?, array![[-0.5, 0.25, -0.125]]);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolynomialFeatures {
    degree: usize,
    include_bias: bool,
    interaction_only: bool,
    n_features_in: Option<usize>,
}

impl PolynomialFeatures {
    /// Features up to `degree` (scikit-learn's default is 2), with a bias column.
    pub fn new(degree: usize) -> Self {
        PolynomialFeatures {
            degree,
            include_bias: true,
            interaction_only: false,
            n_features_in: None,
        }
    }

    /// Whether to start with a column of ones (default `true`).
    pub fn include_bias(mut self, include_bias: bool) -> Self {
        self.include_bias = include_bias;
        self
    }

    /// Only products of distinct features, no powers (default `false`).
    pub fn interaction_only(mut self, interaction_only: bool) -> Self {
        self.interaction_only = interaction_only;
        self
    }

    /// Learns the number of input features. Fails if `x` is empty or not finite, or the degree
    /// is 0 without a bias column (which would leave no feature).
    pub fn fit<S: Data<Elem = f64>>(&mut self, x: &ArrayBase<S, Ix2>) -> Result<&mut Self> {
        check_matrix("x", x)?;
        if self.degree == 0 && !self.include_bias {
            return Err(Error::invalid(
                "degree",
                "at least 1 when include_bias is false",
                0,
            ));
        }
        self.n_features_in = Some(x.ncols());
        Ok(self)
    }

    /// The polynomial features of each row of `x`.
    pub fn transform<S: Data<Elem = f64>>(&self, x: &ArrayBase<S, Ix2>) -> Result<Array2<f64>> {
        let n_features = self
            .n_features_in
            .ok_or_else(|| not_fitted("PolynomialFeatures"))?;
        check_matrix("x", x)?;
        check_n_features(n_features, x.ncols())?;
        let n_output = self.n_output_features()?;
        let n_samples = x.nrows();
        let mut values = self.reserve(n_samples.checked_mul(n_output), n_samples, n_output)?;
        values.resize(n_samples * n_output, 0.0);
        let mut out = Array2::from_shape_vec((n_samples, n_output), values)
            .map_err(|e| Error::invalid("degree", "an output matrix ndarray can hold", e))?;
        let mut current = 0;
        if self.include_bias {
            out.column_mut(0).fill(1.0);
            current = 1;
        }
        if self.degree == 0 {
            return Ok(out);
        }
        out.slice_mut(s![.., current..current + n_features])
            .assign(x);
        let mut index: Vec<usize> = (current..current + n_features).collect();
        current += n_features;
        index.push(current);
        for _ in 2..=self.top_degree(n_features) {
            let mut new_index = Vec::with_capacity(n_features + 1);
            let end = index[n_features];
            for feature in 0..n_features {
                let mut start = index[feature];
                new_index.push(current);
                if self.interaction_only {
                    start += index[feature + 1] - index[feature];
                }
                let next = current + end.saturating_sub(start);
                if next <= current {
                    break;
                }
                for i in 0..n_samples {
                    let factor = x[[i, feature]];
                    for (offset, source) in (start..end).enumerate() {
                        out[[i, current + offset]] = out[[i, source]] * factor;
                    }
                }
                current = next;
            }
            new_index.push(current);
            index = new_index;
        }
        Ok(out)
    }

    /// [`fit`](Self::fit) then [`transform`](Self::transform) the same rows.
    pub fn fit_transform<S: Data<Elem = f64>>(
        &mut self,
        x: &ArrayBase<S, Ix2>,
    ) -> Result<Array2<f64>> {
        self.fit(x)?.transform(x)
    }

    /// The number of output columns (`n_output_features_`), once fitted.
    pub fn n_output_features(&self) -> Result<usize> {
        let n = self
            .n_features_in
            .ok_or_else(|| not_fitted("PolynomialFeatures"))?;
        let too_many = || {
            Error::invalid(
                "degree",
                "a degree whose feature count fits in memory",
                self.degree,
            )
        };
        let bias = usize::from(self.include_bias);
        if !self.interaction_only {
            // The monomials of degrees 0 to D in n variables number C(n + D, n); degree 0 is
            // the bias column.
            let all = n.checked_add(self.degree).and_then(|m| binomial(m, n));
            return all.map(|all| all - 1 + bias).ok_or_else(too_many);
        }
        // Products of d distinct features: C(n, d).
        (1..=self.top_degree(n)).try_fold(bias, |total, d| {
            binomial(n, d)
                .and_then(|count| total.checked_add(count))
                .ok_or_else(too_many)
        })
    }

    /// The output columns' names for inputs named `x0`, `x1`, ... (`get_feature_names_out`):
    /// `"1"`, `"x0"`, `"x0^2"`, `"x0 x1"`, ...
    pub fn feature_names_out(&self) -> Result<Vec<String>> {
        let n = self
            .n_features_in
            .ok_or_else(|| not_fitted("PolynomialFeatures"))?;
        let n_output = self.n_output_features()?;
        let mut names = self.reserve(Some(n_output), 1, n_output)?;
        if self.include_bias {
            names.push("1".to_string());
        }
        let mut combination: Vec<usize> = Vec::new();
        for d in 1..=self.top_degree(n) {
            combination.clear();
            push_combinations(n, d, 0, self.interaction_only, &mut combination, &mut names);
        }
        Ok(names)
    }
}

impl PolynomialFeatures {
    /// The highest degree that has features: with `interaction_only`, products of distinct
    /// features stop at the number of features `n`.
    fn top_degree(&self, n: usize) -> usize {
        if self.interaction_only {
            self.degree.min(n)
        } else {
            self.degree
        }
    }

    /// An empty vector with room for `len` values (`None` when that count overflows), the
    /// output of `n_samples` rows of `n_output` features; fails, naming the degree, when memory
    /// cannot hold them.
    fn reserve<T>(&self, len: Option<usize>, n_samples: usize, n_output: usize) -> Result<Vec<T>> {
        let mut values = Vec::new();
        len.and_then(|len| values.try_reserve_exact(len).ok())
            .ok_or_else(|| {
                Error::invalid(
                    "degree",
                    "a degree whose output fits in memory (fewer features or a lower degree)",
                    format!(
                        "degree {} giving {n_samples} x {n_output} output values",
                        self.degree
                    ),
                )
            })?;
        Ok(values)
    }
}

/// Appends the names of the degree-`left` monomials over features `from..n` after `prefix`.
fn push_combinations(
    n: usize,
    left: usize,
    from: usize,
    distinct: bool,
    prefix: &mut Vec<usize>,
    names: &mut Vec<String>,
) {
    if left == 0 {
        let mut powers: Vec<(usize, usize)> = Vec::new();
        for &f in prefix.iter() {
            match powers.last_mut() {
                Some((g, p)) if *g == f => *p += 1,
                _ => powers.push((f, 1)),
            }
        }
        let parts: Vec<String> = powers
            .iter()
            .map(|&(f, p)| {
                if p == 1 {
                    format!("x{f}")
                } else {
                    format!("x{f}^{p}")
                }
            })
            .collect();
        names.push(parts.join(" "));
        return;
    }
    for f in from..n {
        prefix.push(f);
        push_combinations(
            n,
            left - 1,
            if distinct { f + 1 } else { f },
            distinct,
            prefix,
            names,
        );
        prefix.pop();
    }
}

/// `n choose k`, or `None` on overflow.
fn binomial(n: usize, k: usize) -> Option<usize> {
    if k > n {
        return Some(0);
    }
    let mut result: usize = 1;
    for i in 0..k.min(n - k) {
        result = result.checked_mul(n - i)? / (i + 1);
    }
    Some(result)
}

impl Transformer for PolynomialFeatures {
    fn fit_samples(&mut self, x: Samples<'_>) -> Result<()> {
        match x.row_numbers() {
            None => self.fit(&x.matrix()).map(|_| ()),
            Some(_) => self.fit(&x.to_owned()).map(|_| ()),
        }
    }

    fn transform_samples(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        match x.row_numbers() {
            None => self.transform(&x.matrix()),
            Some(_) => self.transform(&x.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn columns_in_scikit_learn_order() {
        let x = array![[2.0, 3.0, 5.0]];
        let mut poly = PolynomialFeatures::new(3);
        let out = poly.fit_transform(&x).unwrap();
        let names = poly.feature_names_out().unwrap();
        assert_eq!(out.ncols(), 20);
        assert_eq!(names.len(), 20);
        assert_eq!(names[..5], ["1", "x0", "x1", "x2", "x0^2"]);
        assert_eq!(names[10..13], ["x0^3", "x0^2 x1", "x0^2 x2"]);
        assert_eq!(
            out.row(0).to_vec()[..7],
            [1.0, 2.0, 3.0, 5.0, 4.0, 6.0, 10.0]
        );
        assert_eq!(out[[0, 19]], 125.0);
        let mut interactions = PolynomialFeatures::new(2)
            .interaction_only(true)
            .include_bias(false);
        assert_eq!(
            interactions.fit_transform(&x).unwrap(),
            array![[2.0, 3.0, 5.0, 6.0, 10.0, 15.0]]
        );
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(
            PolynomialFeatures::new(2)
                .transform(&array![[1.0]])
                .is_err()
        );
        assert!(
            PolynomialFeatures::new(0)
                .include_bias(false)
                .fit(&array![[1.0]])
                .is_err()
        );
        let mut poly = PolynomialFeatures::new(2);
        poly.fit(&array![[1.0, 2.0]]).unwrap();
        assert!(poly.transform(&array![[1.0]]).is_err());
        assert!(poly.transform(&array![[1.0, f64::NAN]]).is_err());
    }

    #[test]
    fn outputs_too_large_for_memory_are_errors() {
        // 1400 features to degree 7: about 2.1e18 output columns, whose f64 values overflow
        // the address space (the count itself still fits in a usize).
        let x = Array2::<f64>::zeros((1, 1400));
        let mut poly = PolynomialFeatures::new(7);
        poly.fit(&x).unwrap();
        assert_eq!(poly.n_output_features().unwrap(), 2_133_713_640_757_121_631);
        for err in [
            poly.transform(&x).unwrap_err(),
            poly.feature_names_out().unwrap_err(),
        ] {
            assert!(matches!(&err, Error::InvalidArgument { name, .. } if *name == "degree"));
            assert!(err.to_string().contains("fits in memory"), "{err}");
        }
    }
}
