//! [`Targets`]: what a model learns to predict, as model selection sees it (class labels,
//! multilabel indicators, multioutput classes, real values): something it can count, subset by
//! sample and put back together from the predictions of cross-validation folds.

use ndarray::{Array1, Array2, Axis};

use crate::error::{Error, Result};

/// What a model learns to predict, as model selection sees it: one target (a label, a row of
/// labels, a value) per sample, which can be subset by sample and put back together from the
/// predictions of cross-validation folds.
pub trait Targets: Sized + Send + Sync {
    /// The number of samples.
    fn n_samples(&self) -> usize;

    /// The targets of samples `rows`, in that order.
    ///
    /// # Panics
    /// If a row number is `n_samples()` or more. Model selection only passes fold rows it
    /// checked against `n_samples()`.
    fn select_samples(&self, rows: &[usize]) -> Self;

    /// The targets of `n_samples` samples put together from parts: each part holds the targets
    /// of the samples whose numbers it lists, in that order. Fails unless every sample is in
    /// exactly one part and the parts have the same shape apart from the sample count.
    fn assemble(n_samples: usize, parts: Vec<(&[usize], Self)>) -> Result<Self>;
}

/// For each sample, which part holds it and where: the common step of [`Targets::assemble`].
fn locate_samples<T>(n_samples: usize, parts: &[(&[usize], T)]) -> Result<Vec<(usize, usize)>> {
    let mut place = vec![None; n_samples];
    for (part, (samples, _)) in parts.iter().enumerate() {
        for (position, &sample) in samples.iter().enumerate() {
            let slot = place.get_mut(sample).ok_or_else(|| {
                Error::invalid("parts", format!("sample numbers below {n_samples}"), sample)
            })?;
            if slot.replace((part, position)).is_some() {
                return Err(Error::invalid(
                    "parts",
                    "each sample in exactly one part",
                    format!("sample {sample} twice"),
                ));
            }
        }
    }
    place
        .into_iter()
        .enumerate()
        .map(|(sample, slot)| {
            slot.ok_or_else(|| {
                Error::invalid(
                    "parts",
                    "each sample in exactly one part",
                    format!("sample {sample} missing"),
                )
            })
        })
        .collect()
}

impl<T: Clone + Send + Sync> Targets for Array1<T> {
    fn n_samples(&self) -> usize {
        self.len()
    }

    fn select_samples(&self, rows: &[usize]) -> Self {
        rows.iter().map(|&row| self[row].clone()).collect()
    }

    fn assemble(n_samples: usize, parts: Vec<(&[usize], Self)>) -> Result<Self> {
        let place = locate_samples(n_samples, &parts)?;
        Ok(place
            .into_iter()
            .map(|(part, position)| parts[part].1[position].clone())
            .collect())
    }
}

impl<T: Clone + Send + Sync> Targets for Array2<T> {
    fn n_samples(&self) -> usize {
        self.nrows()
    }

    fn select_samples(&self, rows: &[usize]) -> Self {
        self.select(Axis(0), rows)
    }

    fn assemble(n_samples: usize, parts: Vec<(&[usize], Self)>) -> Result<Self> {
        let place = locate_samples(n_samples, &parts)?;
        let width = parts.first().map_or(0, |(_, part)| part.ncols());
        if let Some((_, part)) = parts.iter().find(|(_, part)| part.ncols() != width) {
            return Err(Error::invalid(
                "parts",
                format!("{width} columns in every part"),
                format!("{} columns", part.ncols()),
            ));
        }
        let mut values = Vec::with_capacity(n_samples * width);
        for (part, position) in place {
            values.extend(parts[part].1.row(position).iter().cloned());
        }
        Array2::from_shape_vec((n_samples, width), values)
            .map_err(|e| Error::invalid("parts", "a rectangular result", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn targets_select_and_assemble() {
        let y = array![5u8, 0, 4, 1];
        assert_eq!(y.select_samples(&[3, 1]), array![1, 0]);
        let whole = Array1::assemble(
            4,
            vec![(&[1, 3][..], array![10, 30]), (&[0, 2][..], array![0, 20])],
        )
        .unwrap();
        assert_eq!(whole, array![0, 10, 20, 30]);
        assert!(Array1::assemble(3, vec![(&[0, 1][..], array![0, 1])]).is_err());
        assert!(Array1::assemble(2, vec![(&[0, 0][..], array![0, 1])]).is_err());

        let m = array![[true, false], [false, true]];
        assert_eq!(m.select_samples(&[1]), array![[false, true]]);
        let whole = Array2::assemble(
            2,
            vec![
                (&[1][..], array![[1.0, 2.0]]),
                (&[0][..], array![[3.0, 4.0]]),
            ],
        )
        .unwrap();
        assert_eq!(whole, array![[3.0, 4.0], [1.0, 2.0]]);
        assert!(
            Array2::assemble(
                2,
                vec![(&[1][..], array![[1.0]]), (&[0][..], array![[3.0, 4.0]])]
            )
            .is_err()
        );
    }
}
