//! [`RandomForestClassifier`] and [`DecisionTreeClassifier`]: scikit-learn's forest of CART
//! trees, each grown on a bootstrap sample with a random subset of features per split, and
//! voting by averaging their class probabilities.
//!
//! Like scikit-learn, each tree's seed is drawn from a NumPy `RandomState(random_state)` and its
//! bootstrap sample is `RandomState(seed).randint(0, n, n)`, so the trees see the same samples as
//! scikit-learn's; the features each split considers are drawn from a different generator than
//! scikit-learn's Cython one, so individual trees differ and scores agree statistically (the
//! book itself notes that forests depend on the random numbers).

use ndarray::{Array1, Array2, Axis};
use rayon::prelude::*;

use crate::ensemble::tree::{Binned, MaxFeatures, Sample, Tree, TreeParams, grow};
use crate::error::{Error, Result};
use crate::estimator::{Fit, Label, Predict, PredictProba, Samples};
use crate::metrics::labels::{class_index, sorted_classes};
use crate::random::{RandomState, fresh_seed};
use crate::validation::{
    check_at_least_one, check_matrix, check_n_features, check_same_length, not_fitted,
};

/// What a fitted forest or tree knows.
#[derive(Debug, Clone, PartialEq)]
struct Fitted<L> {
    classes: Vec<L>,
    n_features: usize,
    trees: Vec<Tree>,
}

/// A random forest of classification trees, with scikit-learn's defaults: 100 trees, bootstrap
/// samples, `sqrt(n_features)` features per split, Gini impurity, trees grown until pure.
///
/// ```
/// use handson::prelude::*;
/// let x = array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.1, 0.0], [0.9, 1.0]];
/// let y = array![false, false, true, true, false, true];
/// let mut forest = RandomForestClassifier::new().n_estimators(20).random_state(42);
/// forest.fit(&x, &y)?;
/// assert_eq!(forest.predict(&array![[0.95, 0.5]])?, array![true]);
/// # Ok::<(), handson::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RandomForestClassifier<L> {
    n_estimators: usize,
    bootstrap: bool,
    random_state: Option<u32>,
    params: TreeParams,
    fitted: Option<Fitted<L>>,
}

/// A single classification tree (scikit-learn's `DecisionTreeClassifier`): all features
/// considered at every split, grown until pure unless limited.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionTreeClassifier<L> {
    forest: RandomForestClassifier<L>,
}

impl<L: Label> Default for RandomForestClassifier<L> {
    fn default() -> Self {
        Self::new()
    }
}

impl<L: Label> RandomForestClassifier<L> {
    /// A forest with scikit-learn's defaults.
    pub fn new() -> Self {
        RandomForestClassifier {
            n_estimators: 100,
            bootstrap: true,
            random_state: None,
            params: TreeParams {
                max_depth: None,
                min_samples_split: 2,
                min_samples_leaf: 1,
                max_features: MaxFeatures::Sqrt,
            },
            fitted: None,
        }
    }

    /// The number of trees (default 100).
    pub fn n_estimators(mut self, n: usize) -> Self {
        self.n_estimators = n;
        self
    }

    /// Seeds the forest so that fitting is repeatable (default: a new seed each fit).
    pub fn random_state(mut self, seed: u32) -> Self {
        self.random_state = Some(seed);
        self
    }

    /// Whether each tree learns from a bootstrap sample (default) or from every sample.
    pub fn bootstrap(mut self, on: bool) -> Self {
        self.bootstrap = on;
        self
    }

    /// The depth at which trees stop growing (default: none).
    pub fn max_depth(mut self, depth: usize) -> Self {
        self.params.max_depth = Some(depth);
        self
    }

    /// The fewest samples a node needs to be split (default 2).
    pub fn min_samples_split(mut self, n: usize) -> Self {
        self.params.min_samples_split = n;
        self
    }

    /// The fewest samples each leaf keeps (default 1).
    pub fn min_samples_leaf(mut self, n: usize) -> Self {
        self.params.min_samples_leaf = n;
        self
    }

    /// How many features each split considers (default `MaxFeatures::Sqrt`).
    pub fn max_features(mut self, max_features: MaxFeatures) -> Self {
        self.params.max_features = max_features;
        self
    }

    /// The classes seen by `fit`, sorted.
    pub fn classes(&self) -> Result<&[L]> {
        Ok(&self.fitted()?.classes)
    }

    /// The number of leaves of each tree.
    pub fn n_leaves(&self) -> Result<Vec<usize>> {
        Ok(self.fitted()?.trees.iter().map(Tree::n_leaves).collect())
    }

    fn fitted(&self) -> Result<&Fitted<L>> {
        self.fitted
            .as_ref()
            .ok_or_else(|| not_fitted("RandomForestClassifier"))
    }

    fn check(&self) -> Result<()> {
        let p = &self.params;
        check_at_least_one("n_estimators", self.n_estimators)?;
        if p.max_depth == Some(0) {
            return Err(Error::invalid("max_depth", "at least 1", 0));
        }
        if p.min_samples_split < 2 {
            return Err(Error::invalid(
                "min_samples_split",
                "at least 2",
                p.min_samples_split,
            ));
        }
        check_at_least_one("min_samples_leaf", p.min_samples_leaf)?;
        match p.max_features {
            MaxFeatures::Count(0) => Err(Error::invalid("max_features", "at least 1 feature", 0)),
            MaxFeatures::Fraction(f) if !(f > 0.0 && f <= 1.0) => {
                Err(Error::invalid("max_features", "a fraction in (0, 1]", f))
            }
            _ => Ok(()),
        }
    }
}

impl<L: Label> Fit<Array1<L>> for RandomForestClassifier<L> {
    fn fit_samples(&mut self, x: Samples<'_>, y: &Array1<L>) -> Result<()> {
        self.check()?;
        check_matrix("x", &x.matrix())?;
        check_same_length(x.n_samples(), y.len())?;
        if let MaxFeatures::Count(k) = self.params.max_features {
            if k > x.n_features() {
                return Err(Error::invalid(
                    "max_features",
                    format!("at most the number of features ({})", x.n_features()),
                    k,
                ));
            }
        }
        let classes = sorted_classes(y.iter());
        if classes.is_empty() {
            return Err(Error::invalid("y", "at least one sample", "no samples"));
        }
        let class_of: Vec<usize> = y.iter().map(|label| class_index(&classes, label)).collect();
        let seed = self.random_state.unwrap_or_else(fresh_seed);
        let trees = grow_trees(
            x,
            &class_of,
            classes.len(),
            self.n_estimators,
            self.bootstrap,
            seed,
            self.params,
        )?;
        self.fitted = Some(Fitted {
            classes,
            n_features: x.n_features(),
            trees,
        });
        Ok(())
    }

    fn strata(&self, y: &Array1<L>) -> Option<Vec<usize>> {
        let classes = sorted_classes(y.iter());
        Some(y.iter().map(|label| class_index(&classes, label)).collect())
    }
}

impl<L: Label> PredictProba for RandomForestClassifier<L> {
    /// The mean over the trees of the class fractions in the leaf each sample falls in.
    fn predict_proba_samples(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        let fitted = self.fitted()?;
        check_n_features(fitted.n_features, x.n_features())?;
        check_matrix("x", &x.matrix())?;
        Ok(mean_leaf_proba(&fitted.trees, x, fitted.classes.len()))
    }
}

// The forest's loops live in the two functions below, which are not generic: they are compiled
// here, with the crate's settings, whatever instantiates the generic `fit` and `predict_proba`
// (a kernel cell compiles its own instances of those without optimization).

/// Grows `n_estimators` trees on `x`, whose samples are of the classes `class_of` (indices
/// below `n_classes`). scikit-learn draws one seed per tree from `RandomState(seed)`, and each
/// tree's bootstrap sample (when `bootstrap`) is `RandomState(tree_seed).randint(0, n, n)`.
fn grow_trees(
    x: Samples<'_>,
    class_of: &[usize],
    n_classes: usize,
    n_estimators: usize,
    bootstrap: bool,
    seed: u32,
    params: TreeParams,
) -> Result<Vec<Tree>> {
    let rows: Vec<usize> = (0..x.n_samples()).map(|i| x.matrix_row(i)).collect();
    let binned = Binned::new(x.matrix(), &rows);
    let mut master = RandomState::new(seed);
    let seeds: Vec<u32> = (0..n_estimators)
        .map(|_| {
            master
                .randint_scalar(0, i64::from(i32::MAX))
                .map(|s| s as u32)
        })
        .collect::<Result<_>>()?;
    let n = rows.len();
    seeds
        .par_iter()
        .map(|&seed| {
            let mut rng = RandomState::new(seed);
            let mut weights = vec![0.0; n];
            if bootstrap {
                for i in rng.randint(0, n as i64, n)? {
                    weights[i as usize] += 1.0;
                }
            } else {
                weights.fill(1.0);
            }
            let samples = (0..n)
                .filter(|&i| weights[i] > 0.0)
                .map(|i| Sample {
                    row: rows[i],
                    class: class_of[i],
                    weight: weights[i],
                })
                .collect();
            grow(&binned, samples, n_classes, params, &mut rng)
        })
        .collect()
}

/// The mean over `trees` of the class fractions (of `n_classes`) in the leaf each sample of
/// `x` falls in.
fn mean_leaf_proba(trees: &[Tree], x: Samples<'_>, n_classes: usize) -> Array2<f64> {
    let mut proba = Array2::zeros((x.n_samples(), n_classes));
    proba
        .axis_iter_mut(Axis(0))
        .into_par_iter()
        .enumerate()
        .for_each(|(i, mut row)| {
            let sample = x.sample(i);
            for tree in trees {
                for (p, leaf) in row.iter_mut().zip(tree.leaf_proba(sample)) {
                    *p += leaf;
                }
            }
        });
    proba /= trees.len() as f64;
    proba
}

impl<L: Label> Predict<Array1<L>> for RandomForestClassifier<L> {
    /// The class with the highest mean probability (the first such class on a tie).
    fn predict_samples(&self, x: Samples<'_>) -> Result<Array1<L>> {
        let proba = self.predict_proba_samples(x)?;
        let classes = &self.fitted()?.classes;
        Ok(proba
            .rows()
            .into_iter()
            .map(|row| {
                let best = row
                    .iter()
                    .enumerate()
                    .fold(0, |b, (i, &p)| if p > row[b] { i } else { b });
                classes[best].clone()
            })
            .collect())
    }
}

impl<L: Label> Default for DecisionTreeClassifier<L> {
    fn default() -> Self {
        Self::new()
    }
}

impl<L: Label> DecisionTreeClassifier<L> {
    /// A tree with scikit-learn's defaults: every feature considered, grown until pure.
    pub fn new() -> Self {
        DecisionTreeClassifier {
            forest: RandomForestClassifier::new()
                .n_estimators(1)
                .bootstrap(false)
                .max_features(MaxFeatures::All),
        }
    }

    /// Seeds the order in which features are tried (it matters only for ties).
    pub fn random_state(self, seed: u32) -> Self {
        DecisionTreeClassifier {
            forest: self.forest.random_state(seed),
        }
    }

    /// The depth at which the tree stops growing (default: none).
    pub fn max_depth(self, depth: usize) -> Self {
        DecisionTreeClassifier {
            forest: self.forest.max_depth(depth),
        }
    }

    /// The fewest samples each leaf keeps (default 1).
    pub fn min_samples_leaf(self, n: usize) -> Self {
        DecisionTreeClassifier {
            forest: self.forest.min_samples_leaf(n),
        }
    }

    /// How many features each split considers (default all).
    pub fn max_features(self, max_features: MaxFeatures) -> Self {
        DecisionTreeClassifier {
            forest: self.forest.max_features(max_features),
        }
    }

    /// The number of leaves.
    pub fn n_leaves(&self) -> Result<usize> {
        Ok(self.forest.n_leaves()?.iter().sum())
    }
}

impl<L: Label> Fit<Array1<L>> for DecisionTreeClassifier<L> {
    fn fit_samples(&mut self, x: Samples<'_>, y: &Array1<L>) -> Result<()> {
        self.forest.fit_samples(x, y)
    }

    fn strata(&self, y: &Array1<L>) -> Option<Vec<usize>> {
        self.forest.strata(y)
    }
}

impl<L: Label> PredictProba for DecisionTreeClassifier<L> {
    fn predict_proba_samples(&self, x: Samples<'_>) -> Result<Array2<f64>> {
        self.forest.predict_proba_samples(x)
    }
}

impl<L: Label> Predict<Array1<L>> for DecisionTreeClassifier<L> {
    fn predict_samples(&self, x: Samples<'_>) -> Result<Array1<L>> {
        self.forest.predict_samples(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn max_features_cannot_exceed_the_features() {
        let x = array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
        let y = array![false, false, true, true];
        let mut tree = DecisionTreeClassifier::new().max_features(MaxFeatures::Count(3));
        let err = tree.fit(&x, &y).map(|_| ()).unwrap_err();
        assert!(matches!(&err, Error::InvalidArgument { name, .. } if *name == "max_features"));
        assert!(
            err.to_string()
                .contains("at most the number of features (2)"),
            "{err}"
        );
        let mut tree = DecisionTreeClassifier::new().max_features(MaxFeatures::Count(2));
        tree.fit(&x, &y).unwrap();
        assert_eq!(tree.predict(&x).unwrap(), y);
    }
}
