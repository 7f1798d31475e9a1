//! A limited-memory BFGS minimizer for smooth unconstrained problems, the solver behind
//! [`LogisticRegression`](super::LogisticRegression), with the stopping rules scikit-learn
//! gives `scipy.optimize.minimize(method="L-BFGS-B")`: the largest gradient component at most
//! `gtol`, a relative decrease of the objective below `ftol`, or `max_iter` iterations.
//!
//! Each iteration takes the two-loop recursion's quasi-Newton direction from the last
//! [`MEMORY`] steps and a line search that satisfies the strong Wolfe conditions (bracketing,
//! then zooming by safeguarded cubic interpolation; Nocedal and Wright, algorithms 3.5 and 3.6).
//!
//! Cost: one objective-and-gradient evaluation per line-search trial (usually one per
//! iteration) plus `O(MEMORY d)` for the direction of `d` parameters.

use std::collections::VecDeque;

/// Correction pairs kept (scipy's `maxcor`).
const MEMORY: usize = 10;
/// Sufficient decrease (Armijo) constant.
const C1: f64 = 1e-4;
/// Curvature constant.
const C2: f64 = 0.9;
/// Trials of one line search at most (scikit-learn passes `maxls=50`).
const MAX_LINE_SEARCH: usize = 50;

/// When to stop.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stop {
    pub max_iter: usize,
    pub gtol: f64,
    pub ftol: f64,
}

/// The result of [`minimize`].
#[derive(Debug, Clone)]
pub(crate) struct Minimum {
    pub x: Vec<f64>,
    pub n_iter: usize,
}

/// Minimizes `f` from `x0`; `f(x, grad)` returns the value at `x` and writes the gradient.
pub(crate) fn minimize(
    mut f: impl FnMut(&[f64], &mut [f64]) -> f64,
    x0: Vec<f64>,
    stop: Stop,
) -> Minimum {
    let d = x0.len();
    let mut x = x0;
    let mut g = vec![0.0; d];
    let mut value = f(&x, &mut g);
    let mut pairs: VecDeque<(Vec<f64>, Vec<f64>, f64)> = VecDeque::with_capacity(MEMORY);
    let mut n_iter = 0;
    let mut converged = max_abs(&g) <= stop.gtol;
    while !converged && n_iter < stop.max_iter {
        let direction = two_loop(&g, &pairs);
        let mut slope = dot(&direction, &g);
        let direction = if slope < 0.0 {
            direction
        } else {
            pairs.clear();
            slope = -dot(&g, &g);
            g.iter().map(|v| -v).collect()
        };
        let first_step = if pairs.is_empty() {
            (1.0 / dot(&g, &g).sqrt()).min(1.0)
        } else {
            1.0
        };
        let Some((step, new_value, new_g)) =
            line_search(&mut f, &x, value, slope, &direction, first_step)
        else {
            break;
        };
        n_iter += 1;
        let new_x: Vec<f64> = x
            .iter()
            .zip(&direction)
            .map(|(xi, di)| xi + step * di)
            .collect();
        let s: Vec<f64> = new_x.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = new_g.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &y);
        if sy > f64::EPSILON * dot(&y, &y) {
            if pairs.len() == MEMORY {
                pairs.pop_front();
            }
            pairs.push_back((s, y, 1.0 / sy));
        }
        let decrease = (value - new_value) / value.abs().max(new_value.abs()).max(1.0);
        x = new_x;
        g = new_g;
        value = new_value;
        converged = max_abs(&g) <= stop.gtol || decrease <= stop.ftol;
    }
    Minimum { x, n_iter }
}

/// The quasi-Newton direction `-H g` by the two-loop recursion over the stored pairs.
fn two_loop(g: &[f64], pairs: &VecDeque<(Vec<f64>, Vec<f64>, f64)>) -> Vec<f64> {
    let mut q: Vec<f64> = g.iter().map(|v| -v).collect();
    let mut alphas = Vec::with_capacity(pairs.len());
    for (s, y, rho) in pairs.iter().rev() {
        let a = rho * dot(s, &q);
        axpy(-a, y, &mut q);
        alphas.push(a);
    }
    if let Some((s, y, _)) = pairs.back() {
        let gamma = dot(s, y) / dot(y, y);
        q.iter_mut().for_each(|v| *v *= gamma);
    }
    for ((s, y, rho), a) in pairs.iter().zip(alphas.into_iter().rev()) {
        let b = rho * dot(y, &q);
        axpy(a - b, s, &mut q);
    }
    q
}

/// A step along `direction` from `x` satisfying the strong Wolfe conditions, with the value
/// and gradient there; `None` if none was found.
fn line_search(
    f: &mut impl FnMut(&[f64], &mut [f64]) -> f64,
    x: &[f64],
    value: f64,
    slope: f64,
    direction: &[f64],
    first_step: f64,
) -> Option<(f64, f64, Vec<f64>)> {
    let mut g = vec![0.0; x.len()];
    let mut trial = |step: f64, g: &mut Vec<f64>| -> (f64, f64) {
        let point: Vec<f64> = x
            .iter()
            .zip(direction)
            .map(|(xi, di)| xi + step * di)
            .collect();
        let v = f(&point, g);
        (v, dot(g, direction))
    };
    let (mut lo, mut lo_value, mut lo_slope) = (0.0, value, slope);
    let mut step = first_step;
    let mut hi: Option<(f64, f64, f64)> = None;
    for _ in 0..MAX_LINE_SEARCH {
        if let Some((hi_step, hi_value, hi_slope)) = hi {
            step = interpolate(lo, lo_value, lo_slope, hi_step, hi_value, hi_slope);
        }
        let (v, s) = trial(step, &mut g);
        if !v.is_finite() {
            hi = Some((step, f64::INFINITY, 0.0));
            continue;
        }
        if v > value + C1 * step * slope || (v >= lo_value && (hi.is_some() || lo > 0.0)) {
            hi = Some((step, v, s));
            continue;
        }
        if s.abs() <= -C2 * slope {
            return Some((step, v, g));
        }
        match hi {
            Some((hi_step, ..)) if s * (hi_step - lo) >= 0.0 => hi = Some((lo, lo_value, lo_slope)),
            None if s >= 0.0 => hi = Some((lo, lo_value, lo_slope)),
            _ => {}
        }
        (lo, lo_value, lo_slope) = (step, v, s);
        if hi.is_none() {
            step *= 2.0;
        }
    }
    (lo > 0.0).then(|| {
        let (v, _) = trial(lo, &mut g);
        (lo, v, g)
    })
}

/// The minimizer of the cubic through two points with their slopes, kept inside the central
/// 80% of the interval (bisection when the cubic is useless).
fn interpolate(a: f64, fa: f64, ga: f64, b: f64, fb: f64, gb: f64) -> f64 {
    let (low, high) = (a.min(b), a.max(b));
    let margin = 0.1 * (high - low);
    let mid = 0.5 * (a + b);
    if !fb.is_finite() {
        return mid;
    }
    let d1 = ga + gb - 3.0 * (fa - fb) / (a - b);
    let disc = d1 * d1 - ga * gb;
    if disc < 0.0 {
        return mid;
    }
    let d2 = (b - a).signum() * disc.sqrt();
    let step = b - (b - a) * (gb + d2 - d1) / (gb - ga + 2.0 * d2);
    if step.is_finite() && step > low + margin && step < high - margin {
        step
    } else {
        mid
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    y.iter_mut().zip(x).for_each(|(yi, xi)| *yi += a * xi);
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0f64, |m, x| m.max(x.abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimizes_the_rosenbrock_function() {
        let rosenbrock = |x: &[f64], g: &mut [f64]| {
            let (a, b) = (x[0], x[1]);
            g[0] = -2.0 * (1.0 - a) - 400.0 * a * (b - a * a);
            g[1] = 200.0 * (b - a * a);
            (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2)
        };
        let stop = Stop {
            max_iter: 1000,
            gtol: 1e-10,
            ftol: 0.0,
        };
        let m = minimize(rosenbrock, vec![-1.2, 1.0], stop);
        assert!(m.n_iter < 1000);
        assert!(
            (m.x[0] - 1.0).abs() < 1e-8 && (m.x[1] - 1.0).abs() < 1e-8,
            "{:?}",
            m.x
        );
    }

    #[test]
    fn stops_at_max_iter() {
        let bowl = |x: &[f64], g: &mut [f64]| {
            g[0] = 2.0 * x[0];
            g[1] = 200.0 * x[1];
            x[0] * x[0] + 100.0 * x[1] * x[1]
        };
        let m = minimize(
            bowl,
            vec![3.0, 1.0],
            Stop {
                max_iter: 1,
                gtol: 0.0,
                ftol: 0.0,
            },
        );
        assert_eq!(m.n_iter, 1);
    }
}
