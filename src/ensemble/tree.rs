//! [`DecisionTreeClassifier`]: scikit-learn's CART classification tree (Gini impurity, best
//! split over a random subset of the features, grown until leaves are pure), the building block
//! of [`RandomForestClassifier`](crate::ensemble::RandomForestClassifier).
//!
//! Growing a tree is the hot loop of a forest. Features with at most 256 distinct values (MNIST's
//! pixels, Titanic's columns) are coded as bytes once per fit ([`Binned`]), and a node's best
//! split on such a feature is found from a class histogram over the codes: O(node samples +
//! codes x classes) instead of a sort. Splits fall between consecutive distinct values, at their
//! midpoint, as scikit-learn places them, so binning changes no prediction.

use ndarray::{ArrayView1, ArrayView2};

use crate::error::Result;
use crate::random::RandomState;

/// How many features a split considers, as scikit-learn's `max_features`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MaxFeatures {
    /// All of them (a plain decision tree's default).
    All,
    /// The square root of the number of features, rounded down (a forest's default).
    Sqrt,
    /// The base-2 logarithm, rounded down.
    Log2,
    /// A fixed number (at least 1, at most the number of features).
    Count(usize),
    /// A fraction of the features (more than 0, at most 1).
    Fraction(f64),
}

impl MaxFeatures {
    /// The number of features a split considers among `n_features`.
    pub(crate) fn resolve(self, n_features: usize) -> usize {
        let n = match self {
            MaxFeatures::All => n_features,
            MaxFeatures::Sqrt => (n_features as f64).sqrt() as usize,
            MaxFeatures::Log2 => (n_features as f64).log2() as usize,
            MaxFeatures::Count(k) => k,
            MaxFeatures::Fraction(f) => (f * n_features as f64) as usize,
        };
        n.clamp(1, n_features.max(1))
    }
}

/// The hyper-parameters of a tree, shared with the forest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TreeParams {
    pub max_depth: Option<usize>,
    pub min_samples_split: usize,
    pub min_samples_leaf: usize,
    pub max_features: MaxFeatures,
}

/// A node of a fitted tree.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// Samples with `x[feature] <= threshold` go to `left`, the others to `right`.
    Split {
        feature: usize,
        threshold: f64,
        left: usize,
        right: usize,
    },
    /// The class fractions of the training samples that reached this leaf.
    Leaf { proba: Vec<f64> },
}

/// A fitted tree: nodes in creation order, the root first.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tree {
    nodes: Vec<Node>,
}

impl Tree {
    /// The class fractions of the leaf that `sample` falls in.
    pub(crate) fn leaf_proba(&self, sample: ArrayView1<'_, f64>) -> &[f64] {
        let mut node = 0;
        loop {
            match &self.nodes[node] {
                Node::Split {
                    feature,
                    threshold,
                    left,
                    right,
                } => {
                    node = if sample[*feature] <= *threshold {
                        *left
                    } else {
                        *right
                    };
                }
                Node::Leaf { proba } => return proba,
            }
        }
    }

    /// The number of leaves.
    pub(crate) fn n_leaves(&self) -> usize {
        self.nodes
            .iter()
            .filter(|n| matches!(n, Node::Leaf { .. }))
            .count()
    }
}

/// The training matrix prepared for splitting: each feature either coded as bytes (with the
/// sorted distinct values the codes stand for) or kept as numbers.
pub(crate) struct Binned<'a> {
    x: ArrayView2<'a, f64>,
    features: Vec<FeatureCodes>,
}

enum FeatureCodes {
    /// `codes[row]` indexes `values`, the feature's sorted distinct values.
    Bytes { codes: Vec<u8>, values: Vec<f64> },
    /// More than 256 distinct values: splits sort the node's values.
    Raw,
}

impl<'a> Binned<'a> {
    /// Codes every feature of `x` that has at most 256 distinct values among `rows`.
    pub(crate) fn new(x: ArrayView2<'a, f64>, rows: &[usize]) -> Binned<'a> {
        use rayon::prelude::*;
        let features = (0..x.ncols())
            .into_par_iter()
            .map(|f| {
                let column = x.column(f);
                let mut values: Vec<f64> = rows.iter().map(|&r| column[r]).collect();
                values.sort_by(f64::total_cmp);
                values.dedup();
                if values.len() > 256 {
                    return FeatureCodes::Raw;
                }
                let codes = column
                    .iter()
                    .map(|v| {
                        values
                            .binary_search_by(|p| p.total_cmp(v))
                            .map_or(0, |i| i as u8)
                    })
                    .collect();
                FeatureCodes::Bytes { codes, values }
            })
            .collect();
        Binned { x, features }
    }
}

/// One training sample as the tree sees it: its row, class and weight (bootstrap count).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sample {
    pub row: usize,
    pub class: usize,
    pub weight: f64,
}

/// The best split of a node found so far.
#[derive(Debug, Clone, Copy)]
struct Split {
    feature: usize,
    threshold: f64,
    score: f64,
}

/// Grows a tree on `samples` (rows of `binned` with classes `0..n_classes` and weights).
pub(crate) fn grow(
    binned: &Binned<'_>,
    mut samples: Vec<Sample>,
    n_classes: usize,
    params: TreeParams,
    rng: &mut RandomState,
) -> Result<Tree> {
    let mut features: Vec<usize> = (0..binned.x.ncols()).collect();
    let mut code_counts = CodeCounts::new(n_classes);
    let mut nodes = Vec::new();
    // (start, end, depth, parent link to fill)
    let mut stack: Vec<(usize, usize, usize, Option<(usize, bool)>)> =
        vec![(0, samples.len(), 0, None)];
    while let Some((start, end, depth, parent)) = stack.pop() {
        let node_samples = &mut samples[start..end];
        let counts = class_weights(node_samples, n_classes);
        let id = nodes.len();
        if let Some((parent, is_left)) = parent {
            if let Node::Split { left, right, .. } = &mut nodes[parent] {
                *(if is_left { left } else { right }) = id;
            }
        }
        let pure = counts.iter().filter(|&&w| w > 0.0).count() <= 1;
        let too_deep = params.max_depth.is_some_and(|d| depth >= d);
        let too_small = node_samples.len() < params.min_samples_split
            || node_samples.len() < params.min_samples_leaf.saturating_mul(2);
        let split = if pure || too_deep || too_small {
            None
        } else {
            best_split(
                binned,
                node_samples,
                &counts,
                &mut features,
                &mut code_counts,
                params,
                rng,
            )?
        };
        match split {
            None => {
                let total: f64 = counts.iter().sum();
                nodes.push(Node::Leaf {
                    proba: counts.iter().map(|w| w / total).collect(),
                });
            }
            Some(split) => {
                let column = binned.x.column(split.feature);
                let mid = partition(node_samples, |s| column[s.row] <= split.threshold);
                nodes.push(Node::Split {
                    feature: split.feature,
                    threshold: split.threshold,
                    left: 0,
                    right: 0,
                });
                stack.push((start + mid, end, depth + 1, Some((id, false))));
                stack.push((start, start + mid, depth + 1, Some((id, true))));
            }
        }
    }
    Ok(Tree { nodes })
}

fn class_weights(samples: &[Sample], n_classes: usize) -> Vec<f64> {
    let mut counts = vec![0.0; n_classes];
    for s in samples {
        counts[s.class] += s.weight;
    }
    counts
}

/// Moves the samples for which `goes_left` holds to the front; returns how many there are.
fn partition(samples: &mut [Sample], goes_left: impl Fn(&Sample) -> bool) -> usize {
    let mut mid = 0;
    for i in 0..samples.len() {
        if goes_left(&samples[i]) {
            samples.swap(i, mid);
            mid += 1;
        }
    }
    mid
}

/// The best Gini split over up to `max_features` non-constant features, drawn at random without
/// replacement; like scikit-learn, constant features don't count towards `max_features`.
fn best_split(
    binned: &Binned<'_>,
    samples: &[Sample],
    counts: &[f64],
    features: &mut [usize],
    code_counts: &mut CodeCounts,
    params: TreeParams,
    rng: &mut RandomState,
) -> Result<Option<Split>> {
    let max_features = params.max_features.resolve(features.len());
    let min_leaf = params.min_samples_leaf;
    let mut best: Option<Split> = None;
    let mut visited = 0;
    for drawn in 0..features.len() {
        if visited >= max_features {
            break;
        }
        let pick = drawn + rng.randint_scalar(0, (features.len() - drawn) as i64)? as usize;
        features.swap(drawn, pick);
        let feature = features[drawn];
        let candidate = match &binned.features[feature] {
            FeatureCodes::Bytes { codes, values } => {
                code_counts.split(feature, codes, values, samples, counts, min_leaf)
            }
            FeatureCodes::Raw => {
                split_on_values(feature, binned.x.column(feature), samples, counts, min_leaf)
            }
        };
        let Some(candidate) = candidate else { continue };
        visited += 1;
        if let Some(split) = candidate {
            if best.is_none_or(|b| split.score > b.score) {
                best = Some(split);
            }
        }
    }
    Ok(best)
}

/// Scores splits of sorted `(key, class, weight)` runs. Returns `None` for a constant feature,
/// `Some(None)` when no split leaves `min_leaf` samples on each side.
struct Scan<'a> {
    counts: &'a [f64],
    left: Vec<f64>,
    left_n: usize,
    total_n: usize,
    min_leaf: usize,
    best: Option<(f64, f64)>,
}

impl Scan<'_> {
    fn new(counts: &[f64], total_n: usize, min_leaf: usize) -> Scan<'_> {
        Scan {
            counts,
            left: vec![0.0; counts.len()],
            left_n: 0,
            total_n,
            min_leaf,
            best: None,
        }
    }

    /// Considers the split just after the samples added so far, at `threshold`.
    fn consider(&mut self, threshold: f64) {
        let right_n = self.total_n - self.left_n;
        if self.left_n < self.min_leaf || right_n < self.min_leaf {
            return;
        }
        // scikit-learn's Gini proxy: maximise sum(left_c^2)/left + sum(right_c^2)/right.
        let (mut l2, mut r2, mut lw, mut rw) = (0.0, 0.0, 0.0, 0.0);
        for (l, t) in self.left.iter().zip(self.counts) {
            let r = t - l;
            l2 += l * l;
            r2 += r * r;
            lw += l;
            rw += r;
        }
        if lw <= 0.0 || rw <= 0.0 {
            return;
        }
        let score = l2 / lw + r2 / rw;
        if self.best.is_none_or(|(s, _)| score > s) {
            self.best = Some((score, threshold));
        }
    }
}

/// The midpoint between two consecutive distinct values, as scikit-learn places thresholds.
fn midpoint(low: f64, high: f64) -> f64 {
    let mid = low / 2.0 + high / 2.0;
    if mid == high || !mid.is_finite() {
        low
    } else {
        mid
    }
}

/// The class weights and the number of rows of one node for each code of a coded feature: the
/// scratch space of `split`, allocated once per tree and all zero between calls, so that a node
/// pays for its own samples, not for 256 codes times the classes (allocating and zeroing that for
/// every feature of every node took a fifth of a forest's fit on MNIST).
struct CodeCounts {
    n_classes: usize,
    /// `histogram[code * n_classes + class]`: the weight of the node's samples of that class
    /// whose feature has that code.
    histogram: Vec<f64>,
    rows_per_code: Vec<usize>,
}

impl CodeCounts {
    fn new(n_classes: usize) -> CodeCounts {
        let codes = usize::from(u8::MAX) + 1;
        CodeCounts {
            n_classes,
            histogram: vec![0.0; codes * n_classes],
            rows_per_code: vec![0; codes],
        }
    }

    /// The best split of `samples` on `feature`, whose rows have the `codes` of its sorted
    /// distinct `values`; `None` for a feature constant on the node.
    fn split(
        &mut self,
        feature: usize,
        codes: &[u8],
        values: &[f64],
        samples: &[Sample],
        counts: &[f64],
        min_leaf: usize,
    ) -> Option<Option<Split>> {
        let n_classes = self.n_classes;
        for s in samples {
            let code = usize::from(codes[s.row]);
            self.histogram[code * n_classes + s.class] += s.weight;
            self.rows_per_code[code] += 1;
        }
        let split = self.scan(feature, values, samples.len(), counts, min_leaf);
        for s in samples {
            let code = usize::from(codes[s.row]);
            self.histogram[code * n_classes + s.class] = 0.0;
            self.rows_per_code[code] = 0;
        }
        split
    }

    /// Scores the thresholds between consecutive codes present on the node.
    fn scan(
        &self,
        feature: usize,
        values: &[f64],
        n_samples: usize,
        counts: &[f64],
        min_leaf: usize,
    ) -> Option<Option<Split>> {
        let n_classes = self.n_classes;
        let present = || (0..values.len()).filter(|&c| self.rows_per_code[c] > 0);
        // A feature constant on the node has no second code.
        present().nth(1)?;
        let mut scan = Scan::new(counts, n_samples, min_leaf);
        let mut previous: Option<usize> = None;
        for code in present() {
            if let Some(p) = previous {
                scan.consider(midpoint(values[p], values[code]));
            }
            for class in 0..n_classes {
                scan.left[class] += self.histogram[code * n_classes + class];
            }
            scan.left_n += self.rows_per_code[code];
            previous = Some(code);
        }
        Some(scan.best.map(|(score, threshold)| Split {
            feature,
            threshold,
            score,
        }))
    }
}

fn split_on_values(
    feature: usize,
    column: ArrayView1<'_, f64>,
    samples: &[Sample],
    counts: &[f64],
    min_leaf: usize,
) -> Option<Option<Split>> {
    let mut sorted: Vec<(f64, usize, f64)> = samples
        .iter()
        .map(|s| (column[s.row], s.class, s.weight))
        .collect();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    if sorted.first().map(|f| f.0) == sorted.last().map(|l| l.0) {
        return None;
    }
    let mut scan = Scan::new(counts, samples.len(), min_leaf);
    for i in 0..sorted.len() {
        if i > 0 && sorted[i].0 > sorted[i - 1].0 {
            scan.consider(midpoint(sorted[i - 1].0, sorted[i].0));
        }
        scan.left[sorted[i].1] += sorted[i].2;
        scan.left_n += 1;
    }
    Some(scan.best.map(|(score, threshold)| Split {
        feature,
        threshold,
        score,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_zero(table: &CodeCounts) -> bool {
        table.histogram.iter().all(|&w| w == 0.0) && table.rows_per_code.iter().all(|&n| n == 0)
    }

    #[test]
    fn code_counts_find_the_best_threshold_and_are_left_all_zero() {
        // Rows 0 to 2 are of class 0, rows 3 to 5 of class 1; the feature's values are 0, 0, 1,
        // 2, 2, 2 (codes into the sorted distinct values).
        let codes = [0u8, 0, 1, 2, 2, 2];
        let values = [0.0, 1.0, 2.0];
        let samples: Vec<Sample> = (0..6)
            .map(|row| Sample {
                row,
                class: usize::from(row >= 3),
                weight: 1.0,
            })
            .collect();
        let mut table = CodeCounts::new(2);
        for _ in 0..2 {
            let split = table.split(7, &codes, &values, &samples, &[3.0, 3.0], 1);
            let split = split
                .flatten()
                .expect("a split that leaves a sample on each side");
            assert_eq!((split.feature, split.threshold, split.score), (7, 1.5, 6.0));
            assert!(
                all_zero(&table),
                "the table is cleared for the next feature"
            );
        }
        // On a node of rows 3 to 5 alone the feature is constant.
        let constant = table.split(7, &codes, &values, &samples[3..], &[0.0, 3.0], 1);
        assert!(constant.is_none());
        assert!(all_zero(&table));
    }
}
