//! The SGD solver: scikit-learn's `_plain_sgd` (`sklearn/linear_model/_sgd_fast.pyx.tp`) for
//! binary problems, with its arithmetic, run for many problems at once.
//!
//! Per sample, in the order of [`shuffle`](super::shuffle): the prediction `p = (w . x) wscale
//! + b`; the step size (`"optimal"`: `1 / (alpha (t0 + t - 1))` with scikit-learn's `t0`
//! heuristic); the loss and the L2 term added to the epoch's objective; the weight decay
//! `wscale *= max(0, 1 - eta alpha)` (the weight-scaling trick: decaying all weights costs one
//! multiplication); and, when the loss has a gradient, `w += x (-eta dloss / wscale)` and
//! `b += -eta dloss`. After each epoch, training stops once the mean objective has failed
//! `n_iter_no_change` times in a row to improve on the best by `tol`.
//!
//! Cost: one dot product per sample and one vector update per sample with a non-zero gradient,
//! each over the sample's non-zero features ([`TrainingRows`]).
//!
//! Exactness. With [`SolverParams::exact`] the dot product is summed in scikit-learn's order, one
//! feature after another, so weights, intercepts and `n_iter_` are bit-equal to scikit-learn's.
//! Such a sum is a chain of dependent additions; independent problems (the classes of a
//! one-vs-rest fit) run their chains side by side in one loop ("lanes", up to [`LANES`] per
//! thread), so the processor overlaps them, and threads take problems from a shared queue.
//! The squared norm of the weights only enters the objective, which only decides when to stop;
//! it is summed in a faster order, and each stopping decision is certified against a bound on
//! the difference from scikit-learn's value. In the (rare) event that a decision is too close to
//! call, the problem is solved again summing the norm in scikit-learn's order too. Without
//! `exact`, dot products use eight partial sums: faster, equal to rounding.

use std::sync::{Mutex, PoisonError};

use crate::error::{Error, Result};
use crate::linear_model::sgd::loss::Loss;
use crate::linear_model::sgd::rows::TrainingRows;
use crate::linear_model::sgd::shuffle::shuffle;
use crate::metrics::numpy_sum::pairwise_sum;

/// The most problems one thread interleaves.
pub(crate) const LANES: usize = 4;

/// Below this, the weight scale is folded back into the weights (scikit-learn's threshold).
const WSCALE_RESET: f64 = 1e-9;

/// The learning-rate schedule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum LearningRate {
    /// `eta = eta0`.
    Constant,
    /// `eta = 1 / (alpha (t0 + t - 1))`.
    Optimal,
    /// `eta = eta0 / t^power_t`.
    InvScaling,
    /// `eta = eta0`, divided by 5 each time the objective stops improving.
    Adaptive,
}

/// The regularization term.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Penalty {
    /// No regularization.
    None,
    /// `alpha ||w||^2 / 2`.
    L2,
    /// `alpha ||w||_1`, by the truncated gradient (scikit-learn's `l1penalty`).
    L1,
    /// `alpha (l1_ratio ||w||_1 + (1 - l1_ratio) ||w||^2 / 2)`.
    ElasticNet,
}

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
    /// Sum dot products in scikit-learn's order (bit-exact results) rather than blocked.
    pub exact: bool,
}

/// One binary problem: samples of class `positive` against the rest, shuffled from `seed`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BinaryProblem {
    pub positive: u32,
    pub seed: u32,
}

/// A solved binary problem.
#[derive(Debug, Clone)]
pub(crate) struct Solution {
    pub coef: Vec<f64>,
    pub intercept: f64,
    pub n_iter: usize,
}

/// What every run of one solve shares.
struct Context<'a> {
    rows: &'a TrainingRows<'a>,
    targets: TargetValues<'a>,
    /// Held-out samples when stopping on a validation score.
    validation: Option<Validation<'a>>,
    params: &'a SolverParams,
    /// `t0` of the optimal schedule: the first step size is `1 / (alpha t0)`.
    optimal_init: f64,
    /// Relative bound on the difference between the fast and scikit-learn's squared norm.
    norm_error: f64,
}

/// Solves every problem on the same training rows; `codes[i]` is the class of sample `i`.
pub(crate) fn solve(
    rows: &TrainingRows<'_>,
    codes: &[u32],
    problems: &[BinaryProblem],
    params: &SolverParams,
) -> Result<Vec<Solution>> {
    let context = Context::new(rows, TargetValues::Classes(codes), params);
    let queue: Mutex<Vec<Run>> = Mutex::new(
        problems
            .iter()
            .enumerate()
            .rev()
            .map(|(id, problem)| Run::new(&context, id, *problem, !params.exact, None))
            .collect(),
    );
    let results: Mutex<Vec<Option<Result<Solution>>>> =
        Mutex::new(problems.iter().map(|_| None).collect());
    let workers = problems
        .len()
        .div_ceil(LANES)
        .clamp(1, rayon::current_num_threads());
    rayon::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|_| work(&context, &queue, &results));
        }
    });
    let results = results.into_inner().unwrap_or_else(PoisonError::into_inner);
    results
        .into_iter()
        .map(|result| {
            result.unwrap_or_else(|| {
                Err(Error::invalid(
                    "problems",
                    "every problem solved",
                    "an unsolved problem",
                ))
            })
        })
        .collect()
}

/// Solves one regression problem with real targets `values` from `start`, shuffling with
/// `seed`, in scikit-learn's order (the solver's `exact` setting is ignored: one problem has no
/// lanes to interleave). With `validation`, those samples are held out and the validation R²
/// replaces the training objective in the stopping rule.
pub(crate) fn solve_regression(
    rows: &TrainingRows<'_>,
    values: &[f64],
    seed: u32,
    start: Start,
    params: &SolverParams,
    validation: Option<Validation<'_>>,
) -> Result<Solution> {
    let params = SolverParams {
        exact: true,
        ..params.clone()
    };
    let mut context = Context::new(rows, TargetValues::Values(values), &params);
    context.validation = validation;
    let problem = BinaryProblem { positive: 0, seed };
    let mut active = vec![Run::new(&context, 0, problem, false, Some(start))];
    while active[0].outcome.is_none() {
        run_lanes::<1>(&context, &mut active);
    }
    let run = active.remove(0);
    match run.outcome {
        Some(Outcome::Converged(n_iter)) => Ok(run.into_solution(n_iter)),
        Some(Outcome::Diverged(epoch)) => Err(diverged(epoch)),
        _ => Err(Error::invalid(
            "problem",
            "a solved problem",
            "an unsolved problem",
        )),
    }
}

impl<'a> Context<'a> {
    fn new(
        rows: &'a TrainingRows<'a>,
        targets: TargetValues<'a>,
        params: &'a SolverParams,
    ) -> Self {
        let typw = (1.0 / params.alpha.sqrt()).sqrt();
        let initial_eta0 = typw / 1f64.max(params.loss.dloss(1.0, -typw));
        let n_features = rows.n_features as f64;
        Context {
            rows,
            targets,
            validation: None,
            params,
            optimal_init: 1.0 / (initial_eta0 * params.alpha),
            norm_error: 2.0 * n_features * f64::EPSILON / (1.0 - n_features * f64::EPSILON),
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

/// One thread's loop: keep up to [`LANES`] problems running side by side, taking more from the
/// queue as problems finish.
fn work(
    context: &Context<'_>,
    queue: &Mutex<Vec<Run>>,
    results: &Mutex<Vec<Option<Result<Solution>>>>,
) {
    let mut active: Vec<Run> = Vec::with_capacity(LANES);
    loop {
        while active.len() < LANES {
            match queue.lock().unwrap_or_else(PoisonError::into_inner).pop() {
                Some(run) => active.push(run),
                None => break,
            }
        }
        match active.len() {
            0 => return,
            1 => run_lanes::<1>(context, &mut active),
            2 => run_lanes::<2>(context, &mut active),
            3 => run_lanes::<3>(context, &mut active),
            _ => run_lanes::<LANES>(context, &mut active),
        }
        let mut i = 0;
        while i < active.len() {
            let Some(outcome) = active[i].outcome else {
                i += 1;
                continue;
            };
            let run = active.swap_remove(i);
            let id = run.id;
            let result = match outcome {
                Outcome::Converged(n_iter) => Ok(run.into_solution(n_iter)),
                Outcome::Diverged(epoch) => Err(diverged(epoch)),
                Outcome::TooCloseToCall => {
                    let problem = BinaryProblem {
                        positive: run.positive,
                        seed: run.seed,
                    };
                    queue
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(Run::new(context, run.id, problem, false, None));
                    continue;
                }
            };
            results.lock().unwrap_or_else(PoisonError::into_inner)[id] = Some(result);
        }
    }
}

/// Runs `K` problems in lock step, one sample each per round, until one of them finishes.
fn run_lanes<const K: usize>(context: &Context<'_>, active: &mut [Run]) {
    let Some(lanes) = active
        .get_mut(..K)
        .and_then(|lanes| <&mut [Run; K]>::try_from(lanes).ok())
    else {
        return;
    };
    let rows = context.rows;
    loop {
        let samples: [usize; K] =
            std::array::from_fn(|k| lanes[k].order[lanes[k].position] as usize);
        let dots: [f64; K] = {
            let w: [&[f64]; K] = std::array::from_fn(|k| lanes[k].w.as_slice());
            let x: [&[f64]; K] = std::array::from_fn(|k| rows.row(samples[k]));
            match (context.params.exact, rows.all_dense) {
                (true, true) => dense_dots(w, x),
                (true, false) => {
                    sparse_dots(w, x, std::array::from_fn(|k| rows.columns_of(samples[k])))
                }
                (false, _) => std::array::from_fn(|k| {
                    blocked_dot(w[k], x[k], rows.columns_of(samples[k]), rows.all_dense)
                }),
            }
        };
        let mut finished = false;
        for k in 0..K {
            finished |= lanes[k].step(context, samples[k], dots[k]);
        }
        if finished {
            return;
        }
    }
}

/// `w_k . x_k` for each lane, each summed feature after feature (scikit-learn's order), the
/// `K` chains interleaved.
#[inline(always)]
fn dense_dots<const K: usize>(w: [&[f64]; K], x: [&[f64]; K]) -> [f64; K] {
    let n = x[0].len();
    let w = w.map(|w| &w[..n]);
    let x = x.map(|x| &x[..n]);
    let mut sums = [0.0; K];
    for j in 0..n {
        for k in 0..K {
            sums[k] += w[k][j] * x[k][j];
        }
    }
    sums
}

/// Like [`dense_dots`] over each lane's non-zero columns `columns[k]`.
#[inline(always)]
fn sparse_dots<const K: usize>(w: [&[f64]; K], x: [&[f64]; K], columns: [&[u32]; K]) -> [f64; K] {
    let common = columns.iter().map(|c| c.len()).min().unwrap_or(0);
    let mut sums = [0.0; K];
    for j in 0..common {
        for k in 0..K {
            let c = columns[k][j] as usize;
            sums[k] += w[k][c] * x[k][c];
        }
    }
    for k in 0..K {
        for &c in &columns[k][common..] {
            sums[k] += w[k][c as usize] * x[k][c as usize];
        }
    }
    sums
}

/// `w . x` with eight partial sums (not scikit-learn's rounding): over all features when
/// `dense`, else over `columns`.
#[inline(always)]
fn blocked_dot(w: &[f64], x: &[f64], columns: &[u32], dense: bool) -> f64 {
    let mut sums = [0.0; 8];
    if dense {
        let n = x.len();
        let (w, x) = (&w[..n], &x[..n]);
        let (w_blocks, x_blocks) = (w.chunks_exact(8), x.chunks_exact(8));
        let tail: f64 = w_blocks
            .remainder()
            .iter()
            .zip(x_blocks.remainder())
            .map(|(a, b)| a * b)
            .sum();
        for (wb, xb) in w_blocks.zip(x_blocks) {
            for i in 0..8 {
                sums[i] += wb[i] * xb[i];
            }
        }
        sums.iter().sum::<f64>() + tail
    } else {
        let blocks = columns.chunks_exact(8);
        let tail: f64 = blocks
            .remainder()
            .iter()
            .map(|&c| w[c as usize] * x[c as usize])
            .sum();
        for block in blocks {
            for i in 0..8 {
                let c = block[i] as usize;
                sums[i] += w[c] * x[c];
            }
        }
        sums.iter().sum::<f64>() + tail
    }
}

/// `sum w_j^2` with eight partial sums: the fast squared norm.
fn blocked_squares(w: &[f64]) -> f64 {
    let blocks = w.chunks_exact(8);
    let tail: f64 = blocks.remainder().iter().map(|v| v * v).sum();
    let mut sums = [0.0; 8];
    for block in blocks {
        for i in 0..8 {
            sums[i] += block[i] * block[i];
        }
    }
    sums.iter().sum::<f64>() + tail
}

/// How a problem ended.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    /// Stopped after this many epochs.
    Converged(usize),
    /// Weights or intercept became non-finite in this epoch.
    Diverged(usize),
    /// A stopping decision was too close to call with the fast norm: solve again exactly.
    TooCloseToCall,
}

/// The state of one binary problem being solved.
struct Run {
    id: usize,
    positive: u32,
    seed: u32,
    /// Sum the squared norm in scikit-learn's order instead of certifying a faster sum.
    exact_norm: bool,
    w: Vec<f64>,
    wscale: f64,
    intercept: f64,
    sq_norm: f64,
    /// `||w||_1` as scikit-learn tracks it (only with an L1 share in the penalty).
    l1_norm: f64,
    /// The L1 penalty applied to each weight so far (scikit-learn's `q`), and its total `u`.
    l1_applied: Vec<f64>,
    l1_total: f64,
    order: Vec<u32>,
    position: usize,
    epoch: usize,
    t: f64,
    eta: f64,
    objective_sum: f64,
    /// Bound on |objective_sum - scikit-learn's objective_sum| from the norm terms.
    objective_error: f64,
    /// Weight decays since the squared norm was last summed.
    decays_since_sum: f64,
    best_objective: f64,
    /// The best validation score so far (with early stopping).
    best_score: f64,
    best_error: f64,
    no_improvement: usize,
    outcome: Option<Outcome>,
}

impl Run {
    fn new(
        context: &Context<'_>,
        id: usize,
        problem: BinaryProblem,
        fast_norm: bool,
        start: Option<Start>,
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
            id,
            positive: problem.positive,
            seed: problem.seed,
            exact_norm: !fast_norm,
            w: start.coef,
            wscale: 1.0,
            intercept: start.intercept,
            sq_norm: 0.0,
            l1_norm: 0.0,
            l1_applied: if has_l1 {
                vec![0.0; n_features]
            } else {
                Vec::new()
            },
            l1_total: 0.0,
            order: (0..n_samples as u32).collect(),
            position: 0,
            epoch: 0,
            t: start.t,
            eta: context.params.eta0,
            objective_sum: 0.0,
            objective_error: 0.0,
            decays_since_sum: 0.0,
            best_objective: f64::INFINITY,
            best_score: f64::NEG_INFINITY,
            best_error: 0.0,
            no_improvement: 0,
            outcome: None,
        };
        run.begin_epoch(context);
        run
    }

    fn begin_epoch(&mut self, context: &Context<'_>) {
        self.objective_sum = 0.0;
        self.objective_error = 0.0;
        self.position = 0;
        if context.params.shuffle {
            shuffle(&mut self.order, self.seed);
        }
    }

    /// Learns from `sample`, whose dot product with the stored weights is `dot`. Returns
    /// whether the problem finished.
    #[inline(always)]
    fn step(&mut self, context: &Context<'_>, sample: usize, dot: f64) -> bool {
        let params = context.params;
        if context.validation.is_some_and(|v| v.mask[sample]) {
            return self.skip(context);
        }
        let y = match context.targets {
            TargetValues::Classes(codes) => {
                if codes[sample] == self.positive {
                    1.0
                } else {
                    params.loss.negative_target()
                }
            }
            TargetValues::Values(values) => values[sample],
        };
        let p = dot * self.wscale + self.intercept;
        let eta = match params.learning_rate {
            LearningRate::Optimal => 1.0 / (params.alpha * (context.optimal_init + self.t - 1.0)),
            LearningRate::InvScaling => params.eta0 / self.t.powf(params.power_t),
            LearningRate::Constant | LearningRate::Adaptive => self.eta,
        };
        if context.validation.is_none() {
            self.objective_sum += params.loss.loss(y, p);
        }
        if params.penalty != Penalty::None && context.validation.is_none() {
            let norm = self.sq_norm.sqrt();
            let l1_ratio = params.l1_ratio;
            let term =
                params.alpha * ((1.0 - l1_ratio) * 0.5 * (norm * norm) + l1_ratio * self.l1_norm);
            self.objective_sum += term;
            if !self.exact_norm {
                self.objective_error += term
                    * (context.norm_error + (2.0 * self.decays_since_sum + 6.0) * f64::EPSILON);
            }
        }
        let update = -eta * params.loss.dloss(y, p).clamp(-1e12, 1e12);
        if matches!(params.penalty, Penalty::L2 | Penalty::ElasticNet) {
            let decay = 1.0 - ((1.0 - params.l1_ratio) * eta * params.alpha);
            self.scale(if 0.0 > decay { 0.0 } else { decay });
        }
        if update != 0.0 {
            self.add(context.rows, sample, update);
        }
        if params.fit_intercept && update != 0.0 {
            self.intercept += update;
        }
        if matches!(params.penalty, Penalty::L1 | Penalty::ElasticNet) {
            self.l1_total += params.l1_ratio * eta * params.alpha;
            self.truncate();
        }
        self.t += 1.0;
        self.position += 1;
        if self.position == self.order.len() {
            self.end_epoch(context);
        }
        self.outcome.is_some()
    }

    /// Passes over a held-out sample (scikit-learn's `continue`: no step, no schedule tick).
    fn skip(&mut self, context: &Context<'_>) -> bool {
        self.position += 1;
        if self.position == self.order.len() {
            self.end_epoch(context);
        }
        self.outcome.is_some()
    }

    /// The R² of the current model on the held-out samples, as scikit-learn's
    /// `_ValidationScoreCallback` computes it: from the stored weights *without* the weight
    /// scale (scikit-learn passes the raw buffer), sums in NumPy's pairwise order.
    fn validation_score(&self, context: &Context<'_>, validation: Validation<'_>) -> f64 {
        let TargetValues::Values(values) = context.targets else {
            return f64::NAN;
        };
        let truth: Vec<f64> = validation.samples.iter().map(|&i| values[i]).collect();
        let squares: Vec<f64> = validation
            .samples
            .iter()
            .zip(&truth)
            .map(|(&i, &y)| {
                let row = context.rows.row(i);
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
    fn scale(&mut self, c: f64) {
        self.wscale *= c;
        self.sq_norm *= c * c;
        self.l1_norm *= c.abs();
        self.decays_since_sum += 1.0;
        if self.wscale < WSCALE_RESET {
            if self.wscale == 0.0 {
                self.w.fill(0.0);
            } else {
                let wscale = self.wscale;
                self.w.iter_mut().for_each(|v| *v *= wscale);
            }
            self.wscale = 1.0;
        }
    }

    /// Adds `c x` to the weights (scikit-learn's `WeightVector.add`) and updates the squared norm.
    fn add(&mut self, rows: &TrainingRows<'_>, sample: usize, c: f64) {
        let step = c / self.wscale;
        let x = rows.row(sample);
        if rows.all_dense {
            for (w, &v) in self.w.iter_mut().zip(x) {
                *w += v * step;
            }
        } else {
            for &j in rows.columns_of(sample) {
                let j = j as usize;
                self.w[j] += x[j] * step;
            }
        }
        let squares = if self.exact_norm {
            self.w.iter().fold(0.0, |sum, v| sum + v * v)
        } else {
            blocked_squares(&self.w)
        };
        self.sq_norm = squares * (self.wscale * self.wscale);
        if !self.l1_applied.is_empty() {
            self.l1_norm = self.w.iter().fold(0.0, |sum, v| sum + v.abs()) * self.wscale;
        }
        self.decays_since_sum = 0.0;
    }

    /// The end of an epoch: overflow check and stopping rule.
    fn end_epoch(&mut self, context: &Context<'_>) {
        let params = context.params;
        self.epoch += 1;
        if !self.intercept.is_finite() || self.w.iter().any(|v| !v.is_finite()) {
            self.outcome = Some(Outcome::Diverged(self.epoch));
            return;
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
            self.after_stopping_rule(context);
            return;
        }
        let n = self.order.len() as f64;
        let objective = self.objective_sum / n;
        let eps = f64::EPSILON;
        let error =
            (self.objective_error + 4.0 * n * eps * self.objective_sum) / n + eps * objective.abs();
        let threshold = self.best_objective - params.tol;
        let decided = self.exact_norm
            || (certain(
                objective,
                error,
                threshold,
                self.best_error + eps * threshold.abs(),
            ) && certain(objective, error, self.best_objective, self.best_error));
        if !decided {
            self.outcome = Some(Outcome::TooCloseToCall);
            return;
        }
        if params.tol > f64::NEG_INFINITY && objective > threshold {
            self.no_improvement += 1;
        } else {
            self.no_improvement = 0;
        }
        if objective < self.best_objective {
            self.best_objective = objective;
            self.best_error = error;
        }
        self.after_stopping_rule(context);
    }

    /// The end of an epoch after the stopping rule has counted: lower the adaptive rate, stop,
    /// or start the next epoch.
    fn after_stopping_rule(&mut self, context: &Context<'_>) {
        let params = context.params;
        if self.no_improvement >= params.n_iter_no_change {
            if params.learning_rate == LearningRate::Adaptive && self.eta > 1e-6 {
                self.eta /= 5.0;
                self.no_improvement = 0;
            } else {
                self.outcome = Some(Outcome::Converged(self.epoch));
                return;
            }
        }
        if self.epoch == params.max_iter {
            self.outcome = Some(Outcome::Converged(self.epoch));
        } else {
            self.begin_epoch(context);
        }
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

/// Whether comparing `a` with `b` gives the same answer for any values within `a_error` of `a`
/// and `b_error` of `b`.
fn certain(a: f64, a_error: f64, b: f64, b_error: f64) -> bool {
    !b.is_finite() || (a - b).abs() > a_error + b_error
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimator::Samples;
    use ndarray::array;

    fn params(exact: bool) -> SolverParams {
        SolverParams {
            loss: Loss::Hinge { threshold: 1.0 },
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
            exact,
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
        for exact in [true, false] {
            let solution = &solve(
                &rows,
                &codes,
                &[BinaryProblem {
                    positive: 1,
                    seed: 7,
                }],
                &params(exact),
            )
            .unwrap()[0];
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
    }

    #[test]
    fn lanes_give_the_same_results_as_one_problem_at_a_time() {
        let x = array![
            [0.0, 1.0, 3.0],
            [1.0, 0.0, 0.0],
            [0.0, 2.0, 1.0],
            [2.0, 0.0, 0.0],
            [0.5, 3.0, 0.0],
            [3.0, 0.5, 2.0]
        ];
        let codes = [0, 1, 2, 0, 1, 2];
        let rows = TrainingRows::new(Samples::all(x.view())).unwrap();
        let problems: Vec<BinaryProblem> = (0..3)
            .map(|c| BinaryProblem {
                positive: c,
                seed: 11 + c,
            })
            .collect();
        let together = solve(&rows, &codes, &problems, &params(true)).unwrap();
        for (problem, solution) in problems.iter().zip(&together) {
            let alone = &solve(&rows, &codes, &[*problem], &params(true)).unwrap()[0];
            assert_eq!(alone.coef, solution.coef);
            assert_eq!(alone.intercept, solution.intercept);
            assert_eq!(alone.n_iter, solution.n_iter);
        }
    }
}
