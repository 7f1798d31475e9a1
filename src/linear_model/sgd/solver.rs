//! The SGD solver: scikit-learn's `_plain_sgd` (`sklearn/linear_model/_sgd_fast.pyx.tp`) for
//! binary problems and regression, with its arithmetic, so that weights, intercepts and
//! `n_iter_` are bit-equal to scikit-learn's.
//!
//! Per sample, in the order of [`shuffle`](super::shuffle): the prediction `p = (w . x) wscale
//! + b`, the dot product summed feature after feature; the step size (`"optimal"`:
//! `1 / (alpha (t0 + t - 1))` with scikit-learn's `t0` heuristic); the loss and the penalty
//! added to the epoch's objective; the weight decay `wscale *= max(0, 1 - eta alpha)` (the
//! weight-scaling trick: decaying all weights costs one multiplication); and, when the loss has
//! a gradient, `w += x (-eta dloss / wscale)`, `b += -eta dloss` and the squared norm summed
//! again over all weights in scikit-learn's order. After each epoch, training stops once the
//! mean objective (or, with a validation set, the validation score) has failed
//! `n_iter_no_change` times in a row to improve on the best by `tol`.
//!
//! Skipping the exact sum. The hinge, perceptron, squared hinge and modified Huber losses are
//! exactly zero, with a zero derivative, once the margin `y p` passes a threshold; such a
//! sample changes nothing but the decay, which does not depend on `p`. So the solver first sums
//! `w . x` fast, in any order, and bounds the difference from scikit-learn's sum
//! ([`TrainingRows::refresh`]: the rounding of both sums, plus how far the dense levels of the
//! fast sum are from the true values, when it uses them). Rounding is monotone, so if `p`
//! computed from the bound's end nearest the threshold is in the flat region, scikit-learn's `p`
//! is too, and the sample is done. Only the other samples (those that update the weights, about
//! 2% of them on MNIST once training settles, and the rare ones too close to call) are summed
//! exactly. There are two fast sums: [`TrainingRows::coarse_dot`], in integers from weights
//! rounded to 24 bits, which decides all but a few in a thousand samples on MNIST, and
//! [`TrainingRows::approx_dot`], in `f64`, for those.
//!
//! Skipping the exact sums of updates. With the hinge (the classifier's default), an update
//! inside the margin needs only the loss's constant derivative, not `p`: the weights stay
//! exact without `w . x`. The sum is still behind the loss, and the squared norm behind the
//! penalty, which the epoch's objective adds up for the stopping rule. So the solver carries
//! both ends of a range for each of them instead ([`Run::bounded`]): the fast sum's bounds give
//! the loss's, a vectorized sum of squares with its rounding bound gives the norm's, and every
//! later operation is monotone, so scikit-learn's values stay between the ends. When the ends
//! of an epoch's objective do not settle its stopping decision, the problem is solved again
//! from the start with every sum exact; on MNIST, that does not happen.
//!
//! Cost per sample: one fast sum; per sample too close to call, one exact sum (a chain of
//! dependent additions); per update, the weight update, the squared norm and the refresh of
//! what the fast sums need (vectorized passes over the weights; with the exact sums, two chains
//! over all weights). Problems of a one-vs-rest fit run in parallel, one per thread at a time.

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::linear_model::sgd::loss::{FlatRegion, Loss};
use crate::linear_model::sgd::params::{LearningRate, Penalty};
use crate::linear_model::sgd::rows::{Cache, FastWeights, TrainingRows};
use crate::linear_model::sgd::shuffle::Shuffle;
use crate::metrics::numpy_sum::pairwise_sum;

// The solver asks for each row in three steps, samples ahead of the one at work: where the row
// is, then the row into the level-2 cache, then into the level-1 cache. The level-2 step keeps
// more rows on their way than level-1 prefetches alone, which stalled once the level-1 cache's
// outstanding misses were full (a profile of 60,000 scaled rows put a third of the solver's own
// time on those prefetch instructions). Alternating runs on 2026-12-07 (AMD EPYC), against rows
// asked for 12 samples ahead into the level-1 cache: `cross_val_predict` on all 60,000 scaled
// digits 49.1 to 54.3 s against 57.9 to 67.1 s (4 runs each), the ten-class fit on raw digits
// faster in 5 of 6 pairs, 10,000 scaled digits the same.
/// How many samples ahead the solver asks for where a row is.
const PREFETCH_START: usize = 24;
/// How many samples ahead the solver asks for a row in the level-2 cache.
const PREFETCH_TO_L2: usize = 12;
/// How many samples ahead the solver asks for a row in the level-1 cache.
const PREFETCH_TO_L1: usize = 4;

/// Below this, the weight scale is folded back into the weights (scikit-learn's threshold).
const WSCALE_RESET: f64 = 1e-9;

/// What each sample's target is.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TargetValues<'a> {
    /// The class code of each sample: a binary problem's target is 1 for its positive class and
    /// the loss's negative target for the others.
    Classes(&'a [u32]),
    /// A real target per sample (regression).
    Values(&'a [f64]),
}

/// The held-out samples of scikit-learn's `early_stopping`: they are skipped in training, and
/// the R² of the predictions for them decides when to stop.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Validation<'a> {
    /// Whether each sample is held out.
    pub mask: &'a [bool],
    /// The held-out samples, in increasing order.
    pub samples: &'a [usize],
}

/// Where a regression starts: scikit-learn's `coef_init`, `intercept_init` and `t_`.
#[derive(Debug, Clone)]
pub(crate) struct Start {
    pub coef: Vec<f64>,
    pub intercept: f64,
    /// The schedule's step counter at the first sample (1 for a fresh fit).
    pub t: f64,
}

/// Hyper-parameters of one solve, already validated.
#[derive(Debug, Clone)]
pub(crate) struct SolverParams {
    pub loss: Loss,
    pub penalty: Penalty,
    pub alpha: f64,
    /// The L1 share of the elastic-net penalty (1 for L1, 0 for L2).
    pub l1_ratio: f64,
    pub fit_intercept: bool,
    pub max_iter: usize,
    /// `-inf` when there is no tolerance (training runs `max_iter` epochs).
    pub tol: f64,
    pub shuffle: bool,
    pub learning_rate: LearningRate,
    pub eta0: f64,
    pub power_t: f64,
    pub n_iter_no_change: usize,
}

/// One binary problem: samples of class `positive` against the rest, shuffled from `seed`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BinaryProblem {
    pub positive: u32,
    pub seed: u32,
}

/// A solved problem.
#[derive(Debug, Clone)]
pub(crate) struct Solution {
    pub coef: Vec<f64>,
    pub intercept: f64,
    pub n_iter: usize,
}

/// What every problem of one solve shares.
struct Context<'a> {
    rows: &'a TrainingRows<'a>,
    targets: TargetValues<'a>,
    /// Held-out samples when stopping on a validation score.
    validation: Option<Validation<'a>>,
    params: &'a SolverParams,
    /// `t0` of the optimal schedule: the first step size is `1 / (alpha t0)`.
    optimal_init: f64,
    /// Where the loss is flat, when samples there may skip the exact sum (classification).
    flat: Option<FlatRegion>,
    /// Whether updates may skip their exact sums (see [`Run::bounded`]): with a flat region, a
    /// constant derivative outside it (the hinge), no validation set and no L1 penalty.
    bounded: bool,
}

/// A value of scikit-learn's computation that the solver knows exactly (both ends the same) or
/// only between two ends `[low, high]`.
type Range = [f64; 2];

/// Solves every problem on the same training rows, in parallel; `codes[i]` is the class of
/// sample `i`.
pub(crate) fn solve(
    rows: &TrainingRows<'_>,
    codes: &[u32],
    problems: &[BinaryProblem],
    params: &SolverParams,
) -> Result<Vec<Solution>> {
    let context = Context::new(rows, TargetValues::Classes(codes), None, params);
    problems
        .par_iter()
        .with_max_len(1)
        .map(|problem| Run::new(&context, *problem, None, context.bounded).solve(&context))
        .collect()
}

/// Solves one regression problem with real targets `values` from `start`, shuffling with
/// `seed`. With `validation`, those samples are held out and the validation R² replaces the
/// training objective in the stopping rule.
pub(crate) fn solve_regression(
    rows: &TrainingRows<'_>,
    values: &[f64],
    seed: u32,
    start: Start,
    params: &SolverParams,
    validation: Option<Validation<'_>>,
) -> Result<Solution> {
    let context = Context::new(rows, TargetValues::Values(values), validation, params);
    let problem = BinaryProblem { positive: 0, seed };
    Run::new(&context, problem, Some(start), false).solve(&context)
}

impl<'a> Context<'a> {
    fn new(
        rows: &'a TrainingRows<'a>,
        targets: TargetValues<'a>,
        validation: Option<Validation<'a>>,
        params: &'a SolverParams,
    ) -> Self {
        let typw = (1.0 / params.alpha.sqrt()).sqrt();
        let initial_eta0 = typw / 1f64.max(params.loss.dloss(1.0, -typw));
        let flat = match targets {
            TargetValues::Classes(_) => params.loss.flat_region(),
            TargetValues::Values(_) => None,
        };
        Context {
            rows,
            targets,
            validation,
            params,
            optimal_init: 1.0 / (initial_eta0 * params.alpha),
            flat,
            bounded: flat.is_some()
                && validation.is_none()
                && matches!(params.penalty, Penalty::L2 | Penalty::None)
                && params.loss.constant_dloss(1.0).is_some(),
        }
    }
}

/// The error of a problem whose weights overflowed in `epoch`.
fn diverged(epoch: usize) -> Error {
    Error::invalid(
        "x",
        "data on which SGD stays finite (scaling the input, e.g. with StandardScaler, might help)",
        format!("a floating-point overflow at epoch {epoch}"),
    )
}

/// How a problem ended.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    /// Stopped after this many epochs.
    Converged(usize),
    /// Weights or intercept became non-finite in this epoch.
    Diverged(usize),
    /// The bounds on the epoch's objective do not settle the stopping rule.
    Undecided,
}

/// Where a sample's margin lies, as far as the fast sum can tell.
#[derive(Debug, Clone, Copy)]
enum Region {
    /// In the loss's flat region: no loss, no update.
    Flat,
    /// Outside it, with the margin `y p` in this range.
    Inside(Range),
    /// Too close to call, or a loss without a flat region.
    Unknown,
}

/// The state of one problem being solved.
struct Run {
    problem: BinaryProblem,
    /// Whether updates skip their exact sums, `w . x` (for the loss) and `||w||^2` (for the
    /// penalty): the weights stay exact, since an update inside the margin only needs its
    /// constant derivative, but the losses, the squared norm and so the objective are then known
    /// between bounds (each end computed with the same monotone roundings as scikit-learn's
    /// value, so that the ends bracket it). An epoch whose stopping decision the bounds do not
    /// settle (they are within about `1e-12` of each other, relatively) solves the problem
    /// again from the start, exactly.
    bounded: bool,
    /// The epochs' shuffle (when shuffling).
    shuffle: Option<Shuffle>,
    w: Vec<f64>,
    wscale: f64,
    intercept: f64,
    sq_norm: Range,
    /// `||w||_1` as scikit-learn tracks it (only with an L1 share in the penalty).
    l1_norm: f64,
    /// The L1 penalty applied to each weight so far (scikit-learn's `q`), and its total `u`.
    l1_applied: Vec<f64>,
    l1_total: f64,
    /// What the fast sums need from the stored weights (with a flat region only).
    fast: FastWeights,
    /// A row's worth of values for the exact operations.
    scratch: Vec<f64>,
    order: Vec<u32>,
    epoch: usize,
    t: f64,
    eta: f64,
    objective_sum: Range,
    best_objective: Range,
    /// The best validation score so far (with early stopping).
    best_score: f64,
    no_improvement: usize,
}

impl Run {
    fn new(
        context: &Context<'_>,
        problem: BinaryProblem,
        start: Option<Start>,
        bounded: bool,
    ) -> Run {
        let n_samples = context.rows.n_samples();
        let n_features = context.rows.n_features;
        let start = start.unwrap_or(Start {
            coef: vec![0.0; n_features],
            intercept: 0.0,
            t: 1.0,
        });
        let has_l1 = matches!(context.params.penalty, Penalty::L1 | Penalty::ElasticNet);
        let mut run = Run {
            problem,
            bounded,
            shuffle: context
                .params
                .shuffle
                .then(|| Shuffle::new(n_samples, problem.seed)),
            w: start.coef,
            wscale: 1.0,
            intercept: start.intercept,
            sq_norm: [0.0; 2],
            l1_norm: 0.0,
            l1_applied: if has_l1 {
                vec![0.0; n_features]
            } else {
                Vec::new()
            },
            l1_total: 0.0,
            fast: FastWeights::default(),
            scratch: vec![0.0; n_features],
            order: (0..n_samples as u32).collect(),
            epoch: 0,
            t: start.t,
            eta: context.params.eta0,
            objective_sum: [0.0; 2],
            best_objective: [f64::INFINITY; 2],
            best_score: f64::NEG_INFINITY,
            no_improvement: 0,
        };
        run.weights_changed(context);
        run
    }

    /// Runs epochs until the stopping rule, `max_iter` or an overflow ends the problem.
    fn solve(mut self, context: &Context<'_>) -> Result<Solution> {
        loop {
            self.objective_sum = [0.0; 2];
            if let Some(shuffle) = &mut self.shuffle {
                shuffle.apply(&mut self.order);
            }
            let order = std::mem::take(&mut self.order);
            for (position, &sample) in order.iter().enumerate() {
                if let Some(&next) = order.get(position + PREFETCH_TO_L1) {
                    context.rows.prefetch(next as usize, Cache::L1);
                }
                if let Some(&later) = order.get(position + PREFETCH_TO_L2) {
                    context.rows.prefetch(later as usize, Cache::L2);
                }
                if let Some(&latest) = order.get(position + PREFETCH_START) {
                    context.rows.prefetch_start(latest as usize);
                }
                self.step(context, sample as usize);
            }
            self.order = order;
            match self.end_epoch(context) {
                None => continue,
                Some(Outcome::Converged(n_iter)) => return Ok(self.into_solution(n_iter)),
                Some(Outcome::Diverged(epoch)) => return Err(diverged(epoch)),
                Some(Outcome::Undecided) => {
                    return Run::new(context, self.problem, None, false).solve(context);
                }
            }
        }
    }

    /// Learns from `sample`.
    #[inline(always)]
    fn step(&mut self, context: &Context<'_>, sample: usize) {
        let params = context.params;
        if context.validation.is_some_and(|v| v.mask[sample]) {
            return;
        }
        let y = match context.targets {
            TargetValues::Classes(codes) => {
                if codes[sample] == self.problem.positive {
                    1.0
                } else {
                    params.loss.negative_target()
                }
            }
            TargetValues::Values(values) => values[sample],
        };
        let eta = match params.learning_rate {
            LearningRate::Optimal => 1.0 / (params.alpha * (context.optimal_init + self.t - 1.0)),
            LearningRate::InvScaling => params.eta0 / self.t.powf(params.power_t),
            LearningRate::Constant | LearningRate::Adaptive => self.eta,
        };
        // Monotone in the squared norm: the ends of its range give the ends of the penalty's.
        let penalty = (params.penalty != Penalty::None).then(|| {
            self.sq_norm.map(|sq_norm| {
                let norm = sq_norm.sqrt();
                let l1_ratio = params.l1_ratio;
                params.alpha * ((1.0 - l1_ratio) * 0.5 * (norm * norm) + l1_ratio * self.l1_norm)
            })
        });
        let decay = matches!(params.penalty, Penalty::L2 | Penalty::ElasticNet).then(|| {
            let decay = 1.0 - ((1.0 - params.l1_ratio) * eta * params.alpha);
            if 0.0 > decay { 0.0 } else { decay }
        });
        // Inside the margin with a constant derivative, the update need not wait for `p`: the
        // exact sum comes out of the update's own pass (unless the step is zero, or the decay
        // is about to fold the weight scale into the weights, which changes them first).
        let region = self.region(context, sample, y);
        let early = match (region, params.loss.constant_dloss(y)) {
            (Region::Inside(_), Some(dloss))
                if eta != 0.0 && !decay.is_some_and(|c| self.wscale * c < WSCALE_RESET) =>
            {
                Some(dloss)
            }
            _ => None,
        };
        let (wscale, intercept) = (self.wscale, self.intercept);
        let (mut loss, dloss) = match (region, early) {
            (Region::Flat, _) => ([0.0; 2], 0.0),
            // The loss falls as the margin `y p = p y` grows (the exact update replaces this).
            (Region::Inside(margin), Some(dloss)) => (
                [
                    params.loss.loss(1.0, margin[1]),
                    params.loss.loss(1.0, margin[0]),
                ],
                dloss,
            ),
            _ => {
                let dot = context.rows.dot(sample, &self.w, &mut self.scratch);
                let p = dot * wscale + intercept;
                ([params.loss.loss(y, p); 2], params.loss.dloss(y, p))
            }
        };
        let update = -eta * dloss.clamp(-1e12, 1e12);
        if let Some(c) = decay {
            self.scale(context, c);
        }
        if update != 0.0 {
            let dot = self.add(context, sample, update);
            if let (Some(_), Some(dot)) = (early, dot) {
                loss = [params.loss.loss(y, dot * wscale + intercept); 2];
            }
            if params.fit_intercept {
                self.intercept += update;
            }
        }
        if context.validation.is_none() {
            for (end, sum) in self.objective_sum.iter_mut().enumerate() {
                *sum += loss[end];
                if let Some(penalty) = penalty {
                    *sum += penalty[end];
                }
            }
        }
        if matches!(params.penalty, Penalty::L1 | Penalty::ElasticNet) {
            self.l1_total += params.l1_ratio * eta * params.alpha;
            self.truncate();
            self.weights_changed(context);
        }
        self.t += 1.0;
    }

    /// Where scikit-learn's margin `y p` for `sample` certainly lies, judged from the fast sums
    /// and their error bounds (see the module documentation): the coarse sum first, then, if it
    /// cannot tell, the finer one.
    #[inline(always)]
    fn region(&self, context: &Context<'_>, sample: usize, y: f64) -> Region {
        let Some(flat) = context.flat else {
            return Region::Unknown;
        };
        let judge = |sum: f64, bound: f64| {
            // An overflow in a fast sum or its bound (`inf`, or `inf - inf = NaN`) leaves
            // nothing to judge by: scikit-learn's sum decides.
            if !(sum.is_finite() && bound.is_finite()) {
                return Region::Unknown;
            }
            let margin = |sum: f64| y * (sum * self.wscale + self.intercept);
            // `y` is 1 or -1, so the ends of the margin's range come from the ends of the sum's
            // (and they bracket scikit-learn's margin, computed with the same monotone
            // roundings from its sum).
            let (low, high) = if y > 0.0 {
                (margin(sum - bound), margin(sum + bound))
            } else {
                (margin(sum + bound), margin(sum - bound))
            };
            // A NaN end (an infinite sum against an infinite intercept) is in no region.
            if low.is_nan() || high.is_nan() {
                Region::Unknown
            } else if flat.contains(low) {
                Region::Flat
            } else if !flat.contains(high) {
                Region::Inside([low, high])
            } else {
                Region::Unknown
            }
        };
        let finer = || {
            judge(
                context.rows.approx_dot(sample, &self.w, &self.fast),
                self.fast.bound,
            )
        };
        match context
            .rows
            .coarse_dot(sample, &self.fast)
            .map(|(sum, bound)| judge(sum, bound))
        {
            Some(Region::Flat) => Region::Flat,
            // The finer sum narrows the margin's range, which bounds the loss when the update
            // skips its exact sum (otherwise the range is not used).
            Some(Region::Inside(range)) if self.bounded => match finer() {
                Region::Inside(narrower) => Region::Inside(narrower),
                _ => Region::Inside(range),
            },
            Some(inside @ Region::Inside(_)) => inside,
            Some(Region::Unknown) | None => finer(),
        }
    }

    /// Refreshes what the fast sums need from the stored weights.
    fn weights_changed(&mut self, context: &Context<'_>) {
        if context.flat.is_some() {
            context.rows.refresh(&self.w, &mut self.fast);
        }
    }

    /// Applies the cumulative L1 penalty to every weight (scikit-learn's `l1penalty` over a
    /// dense sample's columns): each weight moves towards zero by what the penalty owes it, and
    /// stops at zero.
    fn truncate(&mut self) {
        let (wscale, u) = (self.wscale, self.l1_total);
        for (w, q) in self.w.iter_mut().zip(self.l1_applied.iter_mut()) {
            let z = *w;
            if wscale * z > 0.0 {
                *w = 0f64.max(*w - ((u + *q) / wscale));
            } else if wscale * z < 0.0 {
                *w = 0f64.min(*w + ((u - *q) / wscale));
            }
            *q += wscale * (*w - z);
        }
    }

    /// Multiplies the weights by `c` (scikit-learn's `WeightVector.scale`).
    fn scale(&mut self, context: &Context<'_>, c: f64) {
        self.wscale *= c;
        self.sq_norm = self.sq_norm.map(|sq_norm| sq_norm * (c * c));
        self.l1_norm *= c.abs();
        if self.wscale < WSCALE_RESET {
            if self.wscale == 0.0 {
                self.w.fill(0.0);
            } else {
                let wscale = self.wscale;
                self.w.iter_mut().for_each(|v| *v *= wscale);
            }
            self.wscale = 1.0;
            self.weights_changed(context);
        }
    }

    /// Adds `c x` to the weights (scikit-learn's `WeightVector.add`) and sums the squared norm
    /// again: in scikit-learn's order, returning the exact `w . x` of the weights before the
    /// update; or, when [`bounded`](Self::bounded), in any order, to a range around
    /// scikit-learn's, with no `w . x`.
    fn add(&mut self, context: &Context<'_>, sample: usize, c: f64) -> Option<f64> {
        let step = c / self.wscale;
        let scale = self.wscale * self.wscale;
        let dot = if self.bounded {
            // Bounded runs have a flat region, and with it the fast sums to refresh.
            let squares =
                context
                    .rows
                    .add(sample, &mut self.w, step, &mut self.scratch, &mut self.fast);
            // Both sums of `n` non-negative terms are within `gamma_n` of the exact sum
            // (relatively); twice their distance, and the rounding of the ends themselves.
            let slack = 4.0 * (context.rows.n_features as f64 + 2.0) * f64::EPSILON;
            self.sq_norm = [
                squares * (1.0 - slack) * scale,
                squares * (1.0 + slack) * scale,
            ];
            None
        } else {
            let fast = context.flat.is_some().then_some(&mut self.fast);
            let (dot, squares) =
                context
                    .rows
                    .dot_and_add(sample, &mut self.w, step, &mut self.scratch, fast);
            self.sq_norm = [squares * scale; 2];
            Some(dot)
        };
        if !self.l1_applied.is_empty() {
            self.l1_norm = self.w.iter().fold(0.0, |sum, v| sum + v.abs()) * self.wscale;
        }
        dot
    }

    /// The R² of the current model on the held-out samples, as scikit-learn's
    /// `_ValidationScoreCallback` computes it: from the stored weights *without* the weight
    /// scale (scikit-learn passes the raw buffer), sums in NumPy's pairwise order.
    fn validation_score(&mut self, context: &Context<'_>, validation: Validation<'_>) -> f64 {
        let TargetValues::Values(values) = context.targets else {
            return f64::NAN;
        };
        let truth: Vec<f64> = validation.samples.iter().map(|&i| values[i]).collect();
        let squares: Vec<f64> = validation
            .samples
            .iter()
            .zip(&truth)
            .map(|(&i, &y)| {
                let row = context.rows.row(i, &mut self.scratch);
                let p =
                    row.iter().zip(&self.w).fold(0.0, |sum, (x, w)| sum + x * w) + self.intercept;
                (y - p) * (y - p)
            })
            .collect();
        let numerator = pairwise_sum(&squares);
        let mean = pairwise_sum(&truth) / truth.len() as f64;
        let deviations: Vec<f64> = truth.iter().map(|y| (y - mean) * (y - mean)).collect();
        let denominator = pairwise_sum(&deviations);
        if denominator != 0.0 {
            1.0 - numerator / denominator
        } else if numerator == 0.0 {
            1.0
        } else {
            0.0
        }
    }

    /// The end of an epoch: overflow check and stopping rule. `None` to go on.
    fn end_epoch(&mut self, context: &Context<'_>) -> Option<Outcome> {
        let params = context.params;
        self.epoch += 1;
        if !self.intercept.is_finite() || self.w.iter().any(|v| !v.is_finite()) {
            return Some(Outcome::Diverged(self.epoch));
        }
        if let Some(validation) = context.validation {
            let score = self.validation_score(context, validation);
            if params.tol > f64::NEG_INFINITY && score < self.best_score + params.tol {
                self.no_improvement += 1;
            } else {
                self.no_improvement = 0;
            }
            if score > self.best_score {
                self.best_score = score;
            }
        } else {
            let n = self.order.len() as f64;
            let objective = self.objective_sum.map(|sum| sum / n);
            let best = self.best_objective;
            // Both tests are monotone in the objective and the best one: each is settled when it
            // comes out the same at the two extreme pairs of ends (always, when both are exact).
            let worse = |objective: f64, best: f64| {
                params.tol > f64::NEG_INFINITY && objective > best - params.tol
            };
            let better = |objective: f64, best: f64| objective < best;
            let exact = objective[0].to_bits() == objective[1].to_bits()
                && best[0].to_bits() == best[1].to_bits();
            let (worse, at_most_worse) =
                (worse(objective[0], best[1]), worse(objective[1], best[0]));
            let (better, at_most_better) =
                (better(objective[1], best[0]), better(objective[0], best[1]));
            let nan = objective.iter().chain(&best).any(|v| v.is_nan());
            if !exact && (nan || worse != at_most_worse || better != at_most_better) {
                return Some(Outcome::Undecided);
            }
            if worse {
                self.no_improvement += 1;
            } else {
                self.no_improvement = 0;
            }
            if better {
                self.best_objective = objective;
            }
        }
        if self.no_improvement >= params.n_iter_no_change {
            if params.learning_rate == LearningRate::Adaptive && self.eta > 1e-6 {
                self.eta /= 5.0;
                self.no_improvement = 0;
            } else {
                return Some(Outcome::Converged(self.epoch));
            }
        }
        (self.epoch == params.max_iter).then_some(Outcome::Converged(self.epoch))
    }

    fn into_solution(mut self, n_iter: usize) -> Solution {
        let wscale = self.wscale;
        self.w.iter_mut().for_each(|v| *v *= wscale);
        Solution {
            coef: self.w,
            intercept: self.intercept,
            n_iter,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimator::Samples;
    use ndarray::array;

    fn params(loss: Loss) -> SolverParams {
        SolverParams {
            loss,
            penalty: Penalty::L2,
            alpha: 1e-4,
            l1_ratio: 0.0,
            fit_intercept: true,
            max_iter: 1000,
            tol: 1e-3,
            shuffle: true,
            learning_rate: LearningRate::Optimal,
            eta0: 0.0,
            power_t: 0.5,
            n_iter_no_change: 5,
        }
    }

    #[test]
    fn separates_a_separable_toy_set() {
        let x = array![
            [0.0, 1.0],
            [1.0, 0.0],
            [0.0, 2.0],
            [2.0, 0.0],
            [0.5, 3.0],
            [3.0, 0.5]
        ];
        let codes = [1, 0, 1, 0, 1, 0];
        let rows = TrainingRows::new(Samples::all(x.view())).unwrap();
        let problem = BinaryProblem {
            positive: 1,
            seed: 7,
        };
        let hinge = Loss::parse("hinge").unwrap();
        let solution = &solve(&rows, &codes, &[problem], &params(hinge)).unwrap()[0];
        assert!(solution.n_iter < 1000);
        for (row, &code) in x.rows().into_iter().zip(&codes) {
            let score: f64 = row
                .iter()
                .zip(&solution.coef)
                .map(|(a, b)| a * b)
                .sum::<f64>()
                + solution.intercept;
            assert_eq!(score > 0.0, code == 1, "score {score}");
        }
    }

    #[test]
    fn skipping_exact_sums_in_the_flat_region_changes_no_bit() {
        // The same problems with the skip and without it: identical results, on rows the fast
        // sum reads as coded entries (mixed signs) and as dense levels (pixel-like integers,
        // raw and standardized).
        let mixed = ndarray::Array2::from_shape_fn((60, 5), |(i, j)| {
            (((i * 7 + j * 3) % 11) as f64 - 4.0) * 0.37 + j as f64
        });
        let pixels =
            ndarray::Array2::from_shape_fn((60, 5), |(i, j)| ((i * 7 + j * 3) % 11) as f64 * 25.0);
        let pixels = pixels.mapv(|v| if v < 100.0 { 0.0 } else { v });
        let standardized = crate::preprocessing::StandardScaler::new()
            .fit_transform(&pixels)
            .unwrap();
        let codes: Vec<u32> = (0..60).map(|i| (i % 3) as u32).collect();
        let problems: Vec<BinaryProblem> = (0..3)
            .map(|c| BinaryProblem {
                positive: c,
                seed: 11 + c,
            })
            .collect();
        for (x, levels) in [(&mixed, false), (&pixels, true), (&standardized, true)] {
            let rows = TrainingRows::new(Samples::all(x.view())).unwrap();
            assert_eq!(rows.uses_levels(), levels);
            for loss in ["hinge", "modified_huber", "squared_hinge", "perceptron"] {
                let params = params(Loss::parse(loss).unwrap());
                let with_skip = solve(&rows, &codes, &problems, &params).unwrap();
                let context = Context {
                    flat: None,
                    ..Context::new(&rows, TargetValues::Classes(&codes), None, &params)
                };
                for (problem, fast) in problems.iter().zip(&with_skip) {
                    let exact = Run::new(&context, *problem, None, false)
                        .solve(&context)
                        .unwrap();
                    assert_eq!(exact.coef, fast.coef, "{loss}");
                    assert_eq!(exact.intercept, fast.intercept, "{loss}");
                    assert_eq!(exact.n_iter, fast.n_iter, "{loss}");
                }
            }
        }
    }

    #[test]
    fn objectives_known_only_between_ends_settle_or_send_the_problem_back() {
        let x = array![[0.0, 1.0], [1.0, 0.0], [0.0, 2.0], [2.0, 0.0]];
        let rows = TrainingRows::new(Samples::all(x.view())).unwrap();
        let codes = [0, 1, 0, 1];
        let params = params(Loss::parse("hinge").unwrap());
        let context = Context::new(&rows, TargetValues::Classes(&codes), None, &params);
        assert!(context.bounded);
        let problem = BinaryProblem {
            positive: 1,
            seed: 3,
        };
        let n = codes.len() as f64;
        let epoch_end = |sum: Range, best: Range| {
            let mut run = Run::new(&context, problem, None, true);
            run.objective_sum = sum.map(|s| s * n);
            run.best_objective = best;
            (
                run.end_epoch(&context),
                run.best_objective,
                run.no_improvement,
            )
        };
        // Ends on one side of the best: better, whichever value lies between them.
        let (outcome, best, stalls) = epoch_end([0.5, 0.5 + 1e-12], [1.0; 2]);
        assert!(outcome.is_none());
        assert_eq!((best, stalls), ([0.5, 0.5 + 1e-12], 0));
        // Ends on both sides of the best: undecided.
        let (outcome, ..) = epoch_end([1.0 - 1e-12, 1.0 + 1e-12], [1.0; 2]);
        assert!(matches!(outcome, Some(Outcome::Undecided)));
        // Ends on both sides of `best - tol` (a stall or not): undecided too.
        let (outcome, ..) = epoch_end([1.0 - 1e-3 - 1e-12, 1.0 - 1e-3 + 1e-12], [1.0; 2]);
        assert!(matches!(outcome, Some(Outcome::Undecided)));
        // Ends that are NaN settle nothing; an exact NaN is exact.
        let (outcome, ..) = epoch_end([0.5, f64::NAN], [1.0; 2]);
        assert!(matches!(outcome, Some(Outcome::Undecided)));
        let (outcome, _, stalls) = epoch_end([f64::NAN; 2], [1.0; 2]);
        assert!(outcome.is_none());
        assert_eq!(stalls, 0);
    }
}
