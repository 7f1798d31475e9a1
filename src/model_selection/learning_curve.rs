//! [`learning_curve`]: a model's training and validation scores as the training set grows,
//! like scikit-learn's `learning_curve(estimator, X, y, train_sizes=..., cv=..., scoring=...)`:
//! for each cross-validation fold and each training size `m`, a clone is fitted on the first
//! `m` training samples of the fold and scored on them and on the fold's test samples.

use ndarray::{Array1, Array2, ArrayBase, Data, Ix2};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::estimator::{Fit, Predict, Samples, Scorer, Targets};
use crate::model_selection::split::CrossValidator;
use crate::validation::check_same_length;

/// The scores of a [`learning_curve`].
#[derive(Debug, Clone, PartialEq)]
pub struct LearningCurve {
    /// The training set sizes, increasing.
    pub train_sizes: Array1<usize>,
    /// The score on the training samples: one row per size, one column per fold.
    pub train_scores: Array2<f64>,
    /// The score on the held-out samples: one row per size, one column per fold.
    pub valid_scores: Array2<f64>,
}

impl LearningCurve {
    /// The mean training score of each size (over the folds).
    pub fn train_mean(&self) -> Array1<f64> {
        self.train_scores
            .mean_axis(ndarray::Axis(1))
            .unwrap_or_default()
    }

    /// The mean validation score of each size (over the folds).
    pub fn valid_mean(&self) -> Array1<f64> {
        self.valid_scores
            .mean_axis(ndarray::Axis(1))
            .unwrap_or_default()
    }
}

/// The training sizes for fractions `train_sizes` of `n_max` samples (scikit-learn's
/// `_translate_train_sizes`): fractions in (0, 1] become `floor(fraction n_max)`, at least 1,
/// whole numbers above 1 are sizes; duplicates are dropped and the sizes sorted.
fn translate_train_sizes(train_sizes: &[f64], n_max: usize) -> Result<Vec<usize>> {
    if train_sizes.is_empty() {
        return Err(Error::invalid("train_sizes", "at least one size", "none"));
    }
    let fractions = train_sizes.iter().all(|&s| s <= 1.0);
    let mut sizes: Vec<usize> = Vec::with_capacity(train_sizes.len());
    for &s in train_sizes {
        let size = if fractions {
            if !(s > 0.0) {
                return Err(Error::invalid("train_sizes", "fractions in (0, 1]", s));
            }
            ((s * n_max as f64) as usize).clamp(1, n_max)
        } else {
            if !(s >= 1.0 && s.fract() == 0.0 && s <= n_max as f64) {
                return Err(Error::invalid(
                    "train_sizes",
                    format!("whole numbers of samples from 1 to {n_max}"),
                    s,
                ));
            }
            s as usize
        };
        sizes.push(size);
    }
    sizes.sort_unstable();
    sizes.dedup();
    Ok(sizes)
}

/// Training and validation scores of clones of `estimator` fitted on growing training sets,
/// like scikit-learn's `learning_curve`. `train_sizes` are fractions of the largest training
/// set (scikit-learn's default is `np.linspace(0.1, 1.0, 5)`) or numbers of samples; `cv` is a
/// number of folds (stratified for classifiers), a [`KFold`](super::KFold) or a
/// [`StratifiedKFold`](super::StratifiedKFold); `scoring` scores predictions against the truth,
/// for example [`root_mean_squared_error`](crate::metrics::root_mean_squared_error) (where
/// scikit-learn would report its negative). Fits run in parallel.
///
/// ```
/// use handson::prelude::*;
/// let x = Array2::from_shape_fn((20, 1), |(i, _)| i as f64);
/// let y = x.column(0).mapv(|v| 2.0 * v + 1.0);
/// let model = LinearRegression::new();
/// let curve = learning_curve(&model, &x, &y, &[0.5, 1.0], 5, root_mean_squared_error)?;
/// assert_eq!(curve.train_sizes.to_vec(), [8, 16]);
/// assert_eq!(curve.valid_scores.dim(), (2, 5));
/// assert!(curve.valid_scores.iter().all(|&rmse| rmse < 1e-9));
/// # Ok::<(), handson::Error>(())
/// ```
pub fn learning_curve<E, S, Y, C, R>(
    estimator: &E,
    x: &ArrayBase<S, Ix2>,
    y: &Y,
    train_sizes: &[f64],
    cv: C,
    scoring: R,
) -> Result<LearningCurve>
where
    E: Fit<Y> + Predict<Y>,
    S: Data<Elem = f64>,
    Y: Targets,
    C: CrossValidator,
    R: Scorer<Y>,
{
    check_same_length(x.nrows(), y.n_samples())?;
    let folds = cv.folds(x.nrows(), estimator.strata(y).as_deref())?;
    let n_max = folds.first().map_or(0, |(train, _)| train.len());
    let sizes = translate_train_sizes(train_sizes, n_max)?;
    let x = x.view();
    let jobs: Vec<(usize, usize)> = (0..sizes.len())
        .flat_map(|s| (0..folds.len()).map(move |f| (s, f)))
        .collect();
    let scores: Vec<(f64, f64)> = jobs
        .par_iter()
        .map(|&(s, f)| {
            let (train, test) = &folds[f];
            let subset = &train[..sizes[s].min(train.len())];
            let mut model = estimator.clone();
            let y_train = y.select_samples(subset);
            model.fit_samples(Samples::rows(x, subset)?, &y_train)?;
            let train_score =
                scoring.score(&y_train, &model.predict_samples(Samples::rows(x, subset)?)?)?;
            let valid_score = scoring.score(
                &y.select_samples(test),
                &model.predict_samples(Samples::rows(x, test)?)?,
            )?;
            Ok((train_score, valid_score))
        })
        .collect::<Result<_>>()?;
    let shape = (sizes.len(), folds.len());
    let train_scores = Array2::from_shape_fn(shape, |(s, f)| scores[s * folds.len() + f].0);
    let valid_scores = Array2::from_shape_fn(shape, |(s, f)| scores[s * folds.len() + f].1);
    Ok(LearningCurve {
        train_sizes: Array1::from(sizes),
        train_scores,
        valid_scores,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_like_scikit_learn() {
        assert_eq!(
            translate_train_sizes(&[0.1, 0.55, 1.0], 80).unwrap(),
            [8, 44, 80]
        );
        assert_eq!(translate_train_sizes(&[0.001, 0.01], 80).unwrap(), [1]);
        assert_eq!(translate_train_sizes(&[5.0, 2.0], 80).unwrap(), [2, 5]);
        assert!(translate_train_sizes(&[], 80).is_err());
        assert!(translate_train_sizes(&[0.0, 0.5], 80).is_err());
        assert!(translate_train_sizes(&[2.0, 81.0], 80).is_err());
    }
}
