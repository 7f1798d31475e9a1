//! Exhaustive search over a grid of hyper-parameters with cross-validation, like
//! scikit-learn's `GridSearchCV`: [`GridSearchCV`] tries every combination of a [`ParamGrid`]
//! on every fold, keeps the best mean score and refits that setting on all the data.
//!
//! It works with any model that can set its hyper-parameters by name
//! ([`SetParams`](crate::estimator::SetParams)) and score a list of settings on one fold
//! ([`FoldScores`](crate::estimator::FoldScores), whose default fits and predicts each setting);
//! both belong to the estimator contract, beside the models. Models with a shortcut override
//! `FoldScores::fold_scores`: the
//! [`KNeighborsClassifier`](crate::neighbors::KNeighborsClassifier) finds each fold's neighbours
//! once, for the largest `n_neighbors`, and lets every setting vote from those lists.

use ndarray::{ArrayBase, Data, Ix2};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::estimator::{FoldScores, ParamValue, Params, Samples, SetParams, Targets};
use crate::metrics::ClassTargets;
use crate::metrics::numpy_sum::mean;
use crate::model_selection::split::CrossValidator;
use crate::model_selection::validation::Scoring;
use crate::validation::{check_same_length, not_fitted};

/// The values to try for each hyper-parameter, like one dict of scikit-learn's `param_grid`.
///
/// ```
/// use handson::prelude::*;
/// let grid = ParamGrid::new()
///     .param("weights", ["uniform", "distance"])
///     .param("n_neighbors", [3, 4, 5]);
/// let settings = grid.settings()?;
/// assert_eq!(settings.len(), 6);
/// assert_eq!(settings[1].to_string(), "{'n_neighbors': 3, 'weights': 'distance'}");
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParamGrid {
    params: Vec<(String, Vec<ParamValue>)>,
}

impl ParamGrid {
    /// An empty grid: one setting, the model as it is.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a hyper-parameter and the values to try for it.
    pub fn param<V: Into<ParamValue>>(
        mut self,
        name: &str,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        self.params.push((
            name.to_owned(),
            values.into_iter().map(Into::into).collect(),
        ));
        self
    }

    /// Every combination, in scikit-learn's order: names sorted, the last name's values
    /// changing fastest. Fails when a name is given twice or has no values.
    pub fn settings(&self) -> Result<Vec<Params>> {
        let mut params = self.params.clone();
        params.sort_by(|a, b| a.0.cmp(&b.0));
        if let Some(pair) = params.windows(2).find(|pair| pair[0].0 == pair[1].0) {
            return Err(Error::invalid(
                "param_grid",
                "each parameter once",
                format!("`{}` twice", pair[0].0),
            ));
        }
        if let Some((name, _)) = params.iter().find(|(_, values)| values.is_empty()) {
            return Err(Error::invalid(
                "param_grid",
                "at least one value per parameter",
                format!("no values for `{name}`"),
            ));
        }
        let mut settings = vec![Params::default()];
        for (name, values) in &params {
            settings = settings
                .into_iter()
                .flat_map(|setting| {
                    values.iter().map(move |value| {
                        let mut next = setting.clone();
                        next.0.push((name.clone(), value.clone()));
                        next
                    })
                })
                .collect();
        }
        Ok(settings)
    }
}

/// The cross-validation result of one setting (a row of scikit-learn's `cv_results_`).
#[derive(Debug, Clone, PartialEq)]
pub struct CvResult {
    /// The setting.
    pub params: Params,
    /// Its score on each fold (`split0_test_score`, ...).
    pub fold_scores: Vec<f64>,
    /// The mean of the fold scores (`mean_test_score`).
    pub mean_test_score: f64,
    /// Their standard deviation (`std_test_score`).
    pub std_test_score: f64,
    /// 1 for the best mean score; equal means share a rank (`rank_test_score`).
    pub rank_test_score: usize,
}

/// What [`GridSearchCV::fit`] finds.
#[derive(Debug, Clone)]
struct Found<E> {
    results: Vec<CvResult>,
    best_index: usize,
    best_estimator: E,
}

/// A grid search with cross-validation, like scikit-learn's `GridSearchCV(estimator,
/// param_grid, cv=cv)` with its defaults: accuracy as the score (change it with
/// [`scoring`](Self::scoring)), the first of equally good settings as the best, and the best
/// setting refitted on all the data.
///
/// ```
/// use handson::prelude::*;
/// let x = array![[0.0], [1.0], [2.0], [3.0], [10.0], [11.0], [12.0], [13.0]];
/// let y = array![0u8, 0, 0, 0, 1, 1, 1, 1];
/// let param_grid = ParamGrid::new()
///     .param("n_neighbors", [1, 3])
///     .param("weights", ["uniform", "distance"]);
/// let mut grid_search = GridSearchCV::new(KNeighborsClassifier::new(), param_grid, 2);
/// grid_search.fit(&x, &y)?;
/// assert_eq!(grid_search.best_params()?.to_string(), "{'n_neighbors': 1, 'weights': 'uniform'}");
/// assert_eq!(grid_search.best_score()?, 1.0);
/// assert_eq!(grid_search.best_estimator()?.predict(&array![[2.5]])?, array![0]);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct GridSearchCV<E, C = usize> {
    estimator: E,
    param_grid: ParamGrid,
    cv: C,
    scoring: Scoring,
    found: Option<Found<E>>,
}

impl<E: SetParams + Clone, C: CrossValidator> GridSearchCV<E, C> {
    /// A search over `param_grid` for `estimator` (whose other settings are kept), with folds
    /// from `cv`: a number of folds (stratified for classifiers of single labels), a
    /// [`KFold`](super::KFold) or a [`StratifiedKFold`](super::StratifiedKFold).
    pub fn new(estimator: E, param_grid: ParamGrid, cv: C) -> Self {
        GridSearchCV {
            estimator,
            param_grid,
            cv,
            scoring: Scoring::Accuracy,
            found: None,
        }
    }

    /// The score to maximize (default [`Scoring::Accuracy`]).
    pub fn scoring(mut self, scoring: Scoring) -> Self {
        self.scoring = scoring;
        self
    }

    /// Scores every setting on every fold of `x` and `y`, then refits the best setting on all
    /// of them. Fails on an empty grid value list, an unknown parameter or unusable value, or
    /// anything the model's own `fit` or `predict` refuses.
    pub fn fit<S, Y>(&mut self, x: &ArrayBase<S, Ix2>, y: &Y) -> Result<&mut Self>
    where
        S: Data<Elem = f64>,
        Y: ClassTargets + Targets,
        E: FoldScores<Y>,
    {
        let settings = self.param_grid.settings()?;
        let candidates = settings
            .iter()
            .map(|params| self.estimator.with_params(params))
            .collect::<Result<Vec<E>>>()?;
        check_same_length(x.nrows(), y.n_samples())?;
        let folds = self
            .cv
            .folds(x.nrows(), self.estimator.strata(y).as_deref())?;
        let x = x.view();
        let per_fold = folds
            .par_iter()
            .map(|(train, test)| {
                E::fold_scores(
                    &candidates,
                    Samples::rows(x, train)?,
                    &y.select_samples(train),
                    Samples::rows(x, test)?,
                    &y.select_samples(test),
                    &self.scoring,
                )
            })
            .collect::<Result<Vec<Vec<f64>>>>()?;
        if let Some(scores) = per_fold.iter().find(|s| s.len() != candidates.len()) {
            return Err(Error::invalid(
                "estimator",
                format!(
                    "a FoldScores::fold_scores that gives one score per setting ({})",
                    candidates.len()
                ),
                format!("{} scores for a fold", scores.len()),
            ));
        }
        let mut results: Vec<CvResult> = settings
            .into_iter()
            .enumerate()
            .map(|(c, params)| {
                let fold_scores: Vec<f64> = per_fold.iter().map(|scores| scores[c]).collect();
                let mean_test_score = mean(&fold_scores);
                let deviations: Vec<f64> = fold_scores
                    .iter()
                    .map(|s| (s - mean_test_score).powi(2))
                    .collect();
                CvResult {
                    params,
                    std_test_score: mean(&deviations).sqrt(),
                    fold_scores,
                    mean_test_score,
                    rank_test_score: 0,
                }
            })
            .collect();
        // As scikit-learn ranks them: a NaN mean (a scorer that failed) below every number.
        let better = |a: f64, b: f64| !a.is_nan() && (b.is_nan() || a > b);
        let means: Vec<f64> = results.iter().map(|r| r.mean_test_score).collect();
        for result in &mut results {
            result.rank_test_score = 1 + means
                .iter()
                .filter(|&&m| better(m, result.mean_test_score))
                .count();
        }
        let best_index = results
            .iter()
            .position(|r| r.rank_test_score == 1)
            .unwrap_or(0);
        let mut best_estimator = candidates[best_index].clone();
        best_estimator.fit(&x, y)?;
        self.found = Some(Found {
            results,
            best_index,
            best_estimator,
        });
        Ok(self)
    }

    fn found(&self) -> Result<&Found<E>> {
        self.found
            .as_ref()
            .ok_or_else(|| not_fitted("GridSearchCV"))
    }

    /// The best setting (`best_params_`).
    pub fn best_params(&self) -> Result<&Params> {
        let found = self.found()?;
        Ok(&found.results[found.best_index].params)
    }

    /// Its mean cross-validation score (`best_score_`).
    pub fn best_score(&self) -> Result<f64> {
        let found = self.found()?;
        Ok(found.results[found.best_index].mean_test_score)
    }

    /// The model with the best setting, refitted on all the data (`best_estimator_`).
    pub fn best_estimator(&self) -> Result<&E> {
        Ok(&self.found()?.best_estimator)
    }

    /// Every setting's cross-validation result, in the grid's order (`cv_results_`).
    pub fn cv_results(&self) -> Result<&[CvResult]> {
        Ok(&self.found()?.results)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimator::{Fit, Predict, Scorer};
    use crate::model_selection::cross_val_score;
    use crate::neighbors::{KNeighborsClassifier, Weights};
    use crate::random::RandomState;
    use ndarray::{Array1, Array2, Axis, array};

    #[test]
    fn settings_follow_scikit_learns_parameter_grid_order() {
        let grid = ParamGrid::new()
            .param("weights", ["uniform", "distance"])
            .param("n_neighbors", [3, 4]);
        let settings: Vec<String> = grid
            .settings()
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            settings,
            [
                "{'n_neighbors': 3, 'weights': 'uniform'}",
                "{'n_neighbors': 3, 'weights': 'distance'}",
                "{'n_neighbors': 4, 'weights': 'uniform'}",
                "{'n_neighbors': 4, 'weights': 'distance'}",
            ]
        );
        assert_eq!(ParamGrid::new().settings().unwrap(), [Params::default()]);
        assert!(
            ParamGrid::new()
                .param("a", [1])
                .param("a", [2])
                .settings()
                .is_err()
        );
        assert!(ParamGrid::new().param::<i32>("a", []).settings().is_err());
        assert_eq!(ParamValue::from(0.5).to_string(), "0.5");
        assert_eq!(ParamValue::from(true).to_string(), "True");
    }

    /// Two noisy classes on a line, where one neighbour overfits the label noise.
    fn noisy_line() -> (Array2<f64>, Array1<u8>) {
        let mut rng = RandomState::new(7);
        let x = rng.uniform(0.0, 10.0, (120, 1)).unwrap();
        let flips = rng.rand(120).unwrap();
        let y = x
            .column(0)
            .iter()
            .zip(&flips)
            .map(|(&v, &f)| u8::from(v > 5.0) ^ u8::from(f < 0.15))
            .collect();
        (x, y)
    }

    #[test]
    fn picks_the_setting_with_the_best_mean_score() {
        let (x, y) = noisy_line();
        let grid = ParamGrid::new()
            .param("n_neighbors", [1, 9])
            .param("weights", ["uniform", "distance"]);
        let mut search = GridSearchCV::new(KNeighborsClassifier::new(), grid, 4);
        search.fit(&x, &y).unwrap();
        let results = search.cv_results().unwrap();
        // Each mean is the mean of cross_val_score for that setting: the shortcut agrees with
        // fitting every candidate on every fold.
        for result in results {
            let model = KNeighborsClassifier::new()
                .with_params(&result.params)
                .unwrap();
            let scores = cross_val_score(&model, &x, &y, 4, Scoring::Accuracy).unwrap();
            assert_eq!(result.fold_scores, scores.to_vec(), "{}", result.params);
        }
        let best = results
            .iter()
            .map(|r| r.mean_test_score)
            .fold(f64::NEG_INFINITY, f64::max);
        assert_eq!(search.best_score().unwrap(), best);
        assert_eq!(
            search.best_params().unwrap().get("n_neighbors"),
            Some(&ParamValue::Int(9))
        );
        assert!(results.iter().any(|r| r.rank_test_score == 1));
        let best_model = search.best_estimator().unwrap();
        assert_eq!(best_model.get_n_neighbors(), 9);
        assert_eq!(best_model.n_samples_fit().unwrap(), 120);
    }

    #[test]
    fn multilabel_targets_are_searched_too() {
        let (x, y) = noisy_line();
        let multilabel = ndarray::stack![Axis(1), y.mapv(|v| v == 1), y.mapv(|v| v == 0)];
        let grid = ParamGrid::new().param("n_neighbors", [1, 5]);
        let mut search = GridSearchCV::new(
            KNeighborsClassifier::new().weights(Weights::Distance),
            grid,
            3,
        );
        search.fit(&x, &multilabel).unwrap();
        assert_eq!(search.cv_results().unwrap().len(), 2);
    }

    #[test]
    fn first_of_equal_settings_wins() {
        let x = array![[0.0], [1.0], [10.0], [11.0]];
        let y = array![0u8, 0, 1, 1];
        let grid = ParamGrid::new().param("weights", ["uniform", "distance"]);
        let mut search = GridSearchCV::new(KNeighborsClassifier::new().n_neighbors(1), grid, 2);
        search.fit(&x, &y).unwrap();
        assert_eq!(
            search.best_params().unwrap().to_string(),
            "{'weights': 'uniform'}"
        );
        assert!(
            search
                .cv_results()
                .unwrap()
                .iter()
                .all(|r| r.rank_test_score == 1)
        );
    }

    #[test]
    fn bad_grids_are_errors() {
        let (x, y) = noisy_line();
        let fit = |grid: ParamGrid| {
            GridSearchCV::new(KNeighborsClassifier::new(), grid, 3)
                .fit(&x, &y)
                .map(|_| ())
        };
        assert!(
            fit(ParamGrid::new().param("n_neighbours", [3]))
                .unwrap_err()
                .to_string()
                .contains("n_neighbours")
        );
        assert!(fit(ParamGrid::new().param("n_neighbors", [0])).is_err());
        assert!(fit(ParamGrid::new().param("n_neighbors", [100])).is_err());
        assert!(fit(ParamGrid::new().param("weights", ["nearest"])).is_err());
        assert!(fit(ParamGrid::new().param("weights", [1])).is_err());
        let unfitted = GridSearchCV::new(
            KNeighborsClassifier::<Array1<u8>>::new(),
            ParamGrid::new(),
            3,
        );
        assert!(unfitted.best_params().is_err());
    }

    /// A model whose `fold_scores` shortcut gives what `scores` makes of the number of
    /// settings, on every fold.
    #[derive(Debug, Clone)]
    struct Scripted {
        scores: fn(usize) -> Vec<f64>,
    }

    impl Fit<Array1<u8>> for Scripted {
        fn fit_samples(&mut self, _x: Samples<'_>, _y: &Array1<u8>) -> Result<()> {
            Ok(())
        }
    }

    impl Predict<Array1<u8>> for Scripted {
        fn predict_samples(&self, x: Samples<'_>) -> Result<Array1<u8>> {
            Ok(Array1::zeros(x.n_samples()))
        }
    }

    impl SetParams for Scripted {
        fn set_param(&mut self, _name: &str, _value: &ParamValue) -> Result<()> {
            Ok(())
        }
    }

    impl FoldScores<Array1<u8>> for Scripted {
        fn fold_scores<R: Scorer<Array1<u8>>>(
            candidates: &[Self],
            _train: Samples<'_>,
            _y_train: &Array1<u8>,
            _test: Samples<'_>,
            _y_test: &Array1<u8>,
            _scoring: &R,
        ) -> Result<Vec<f64>> {
            Ok((candidates[0].scores)(candidates.len()))
        }
    }

    #[test]
    fn fold_scores_must_score_every_setting() {
        let (x, y) = noisy_line();
        let grid = ParamGrid::new().param("anything", [1, 2, 3]);
        let forgets_one = Scripted {
            scores: |n| vec![1.0; n - 1],
        };
        let err = GridSearchCV::new(forgets_one, grid, 3)
            .fit(&x, &y)
            .map(|_| ())
            .unwrap_err();
        assert!(matches!(&err, Error::InvalidArgument { name, .. } if *name == "estimator"));
        assert!(err.to_string().contains("2 scores"), "{err}");
    }

    #[test]
    fn a_nan_mean_ranks_below_every_number() {
        let (x, y) = noisy_line();
        let grid = ParamGrid::new().param("anything", [1, 2, 3]);
        let one_fails = Scripted {
            scores: |_| vec![f64::NAN, 0.5, 0.75],
        };
        let mut search = GridSearchCV::new(one_fails, grid, 3);
        search.fit(&x, &y).unwrap();
        let ranks: Vec<usize> = search
            .cv_results()
            .unwrap()
            .iter()
            .map(|r| r.rank_test_score)
            .collect();
        assert_eq!(ranks, [3, 2, 1]);
        assert_eq!(search.best_score().unwrap(), 0.75);
    }
}
