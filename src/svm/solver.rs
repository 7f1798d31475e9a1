//! The SMO solver of libsvm's C-SVC (`Solver::Solve` in scikit-learn's
//! `sklearn/svm/src/libsvm/svm.cpp`), step for step, so that it visits the same working sets
//! and ends at the same support vectors:
//!
//! minimize `½ αᵀQα - eᵀα` subject to `yᵀα = 0` and `0 <= α_i <= C`, where
//! `Q_ij = y_i y_j K(x_i, x_j)` is stored as `f32` (libsvm's `Qfloat`) and `Q_ii` as `f64`.
//!
//! - Working sets by second-order information (Fan, Chen and Lin, JMLR 6, 2005): `i` maximizes
//!   `-y_i ∇f(α)_i` over the indices that can move up, `j` minimizes the decrease of the
//!   objective among those that can move down; ties keep the later index (`>=`, `<=`).
//! - Stop when `m(α) - M(α) < tol`, checked on the whole problem before stopping.
//! - Shrinking every `min(l, 1000)` iterations: bounded variables that cannot move leave the
//!   active set (which is kept in front by swapping indices); the gradient of the others is
//!   rebuilt from `G_bar` once the active problem is solved to `10 tol`, and at the end.
//!
//! [`QMatrix`] holds the whole `l x l` matrix, permuted along with the solver's indices (libsvm
//! caches rows of it; its values are the same, so the path is too).

/// The matrix `Q` of one two-class problem in the solver's current order, with its diagonal.
#[derive(Debug)]
pub(crate) struct QMatrix {
    l: usize,
    values: Vec<f32>,
    diagonal: Vec<f64>,
}

impl QMatrix {
    /// `values` is `Q` row-major (`l x l`), `diagonal` is `K(x_i, x_i)` in `f64`.
    pub(crate) fn new(values: Vec<f32>, diagonal: Vec<f64>) -> Self {
        QMatrix {
            l: diagonal.len(),
            values,
            diagonal,
        }
    }

    /// The first `len` entries of row `i`.
    fn row(&self, i: usize, len: usize) -> &[f32] {
        &self.values[i * self.l..i * self.l + len]
    }

    /// Swaps indices `i` and `j`: rows, columns and diagonal.
    fn swap_index(&mut self, i: usize, j: usize) {
        if i == j {
            return;
        }
        let l = self.l;
        let (low, high) = (i.min(j), i.max(j));
        let (front, back) = self.values.split_at_mut(high * l);
        front[low * l..(low + 1) * l].swap_with_slice(&mut back[..l]);
        for row in self.values.chunks_exact_mut(l) {
            row.swap(i, j);
        }
        self.diagonal.swap(i, j);
    }
}

/// Where a variable stands against its bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    LowerBound,
    UpperBound,
    Free,
}

/// The solution of one two-class problem.
#[derive(Debug, Clone)]
pub(crate) struct Solution {
    /// `y_i α_i` of each sample, in the problem's original order.
    pub coef: Vec<f64>,
    /// The offset: the decision function is `Σ coef_i K(x_i, x) - rho`.
    pub rho: f64,
    /// Whether `max_iter` stopped the solver before it converged.
    pub hit_max_iter: bool,
}

/// libsvm's `TAU`: the curvature used where `Q` is not positive definite along a direction.
const TAU: f64 = 1e-12;

/// The state of libsvm's `Solver` for C-SVC (linear term `p = -1`, the same `C` for every
/// sample).
struct Solver {
    l: usize,
    active_size: usize,
    y: Vec<i8>,
    gradient: Vec<f64>,
    status: Vec<Status>,
    alpha: Vec<f64>,
    q: QMatrix,
    eps: f64,
    c: f64,
    active_set: Vec<usize>,
    gradient_bar: Vec<f64>,
    unshrink: bool,
}

/// The linear term of C-SVC, `p_i = -1`.
const P: f64 = -1.0;

/// Solves C-SVC for labels `y` (+1 or -1) with the matrix `q`, cost `c` and tolerance `eps`;
/// `max_iter` of `None` runs until convergence (scikit-learn's `max_iter=-1`).
pub(crate) fn solve(
    q: QMatrix,
    y: &[i8],
    c: f64,
    eps: f64,
    shrinking: bool,
    max_iter: Option<usize>,
) -> Solution {
    let l = y.len();
    let mut solver = Solver {
        l,
        active_size: l,
        y: y.to_vec(),
        gradient: vec![P; l],
        status: vec![Status::LowerBound; l],
        alpha: vec![0.0; l],
        q,
        eps,
        c,
        active_set: (0..l).collect(),
        gradient_bar: vec![0.0; l],
        unshrink: false,
    };
    let hit_max_iter = solver.run(shrinking, max_iter);
    let rho = solver.calculate_rho();
    let mut coef = vec![0.0; l];
    for (i, &original) in solver.active_set.iter().enumerate() {
        coef[original] = solver.alpha[i];
    }
    for (c, &label) in coef.iter_mut().zip(y) {
        *c *= f64::from(label);
    }
    Solution {
        coef,
        rho,
        hit_max_iter,
    }
}

impl Solver {
    fn update_status(&mut self, i: usize) {
        self.status[i] = if self.alpha[i] >= self.c {
            Status::UpperBound
        } else if self.alpha[i] <= 0.0 {
            Status::LowerBound
        } else {
            Status::Free
        };
    }

    fn is_upper(&self, i: usize) -> bool {
        self.status[i] == Status::UpperBound
    }

    fn is_lower(&self, i: usize) -> bool {
        self.status[i] == Status::LowerBound
    }

    fn is_free(&self, i: usize) -> bool {
        self.status[i] == Status::Free
    }

    fn swap_index(&mut self, i: usize, j: usize) {
        self.q.swap_index(i, j);
        self.y.swap(i, j);
        self.gradient.swap(i, j);
        self.status.swap(i, j);
        self.alpha.swap(i, j);
        self.active_set.swap(i, j);
        self.gradient_bar.swap(i, j);
    }

    /// The main loop; returns whether `max_iter` stopped it.
    fn run(&mut self, shrinking: bool, max_iter: Option<usize>) -> bool {
        let l = self.l;
        let mut iter = 0;
        let mut counter = l.min(1000) + 1;
        loop {
            if max_iter.is_some_and(|most| iter >= most) {
                return true;
            }
            counter -= 1;
            if counter == 0 {
                counter = l.min(1000);
                if shrinking {
                    self.do_shrinking();
                }
            }
            let (i, j) = match self.select_working_set() {
                Some(pair) => pair,
                None => {
                    self.reconstruct_gradient();
                    self.active_size = l;
                    match self.select_working_set() {
                        Some(pair) => {
                            counter = 1;
                            pair
                        }
                        None => return false,
                    }
                }
            };
            iter += 1;
            self.take_step(i, j);
        }
    }

    /// Moves `alpha[i]` and `alpha[j]` to the minimum along their direction, within the box,
    /// and updates the gradients.
    fn take_step(&mut self, i: usize, j: usize) {
        let active = self.active_size;
        let (c_i, c_j) = (self.c, self.c);
        let (old_i, old_j) = (self.alpha[i], self.alpha[j]);
        let q_ij = f64::from(self.q.row(i, active)[j]);
        let (qd_i, qd_j) = (self.q.diagonal[i], self.q.diagonal[j]);
        let (g_i, g_j) = (self.gradient[i], self.gradient[j]);
        let alpha = &mut self.alpha;
        if self.y[i] != self.y[j] {
            let mut quad_coef = qd_i + qd_j + 2.0 * q_ij;
            if quad_coef <= 0.0 {
                quad_coef = TAU;
            }
            let delta = (-g_i - g_j) / quad_coef;
            let diff = alpha[i] - alpha[j];
            alpha[i] += delta;
            alpha[j] += delta;
            if diff > 0.0 {
                if alpha[j] < 0.0 {
                    alpha[j] = 0.0;
                    alpha[i] = diff;
                }
            } else if alpha[i] < 0.0 {
                alpha[i] = 0.0;
                alpha[j] = -diff;
            }
            if diff > c_i - c_j {
                if alpha[i] > c_i {
                    alpha[i] = c_i;
                    alpha[j] = c_i - diff;
                }
            } else if alpha[j] > c_j {
                alpha[j] = c_j;
                alpha[i] = c_j + diff;
            }
        } else {
            let mut quad_coef = qd_i + qd_j - 2.0 * q_ij;
            if quad_coef <= 0.0 {
                quad_coef = TAU;
            }
            let delta = (g_i - g_j) / quad_coef;
            let sum = alpha[i] + alpha[j];
            alpha[i] -= delta;
            alpha[j] += delta;
            if sum > c_i {
                if alpha[i] > c_i {
                    alpha[i] = c_i;
                    alpha[j] = sum - c_i;
                }
            } else if alpha[j] < 0.0 {
                alpha[j] = 0.0;
                alpha[i] = sum;
            }
            if sum > c_j {
                if alpha[j] > c_j {
                    alpha[j] = c_j;
                    alpha[i] = sum - c_j;
                }
            } else if alpha[i] < 0.0 {
                alpha[i] = 0.0;
                alpha[j] = sum;
            }
        }

        let delta_i = self.alpha[i] - old_i;
        let delta_j = self.alpha[j] - old_j;
        let row_i = self.q.row(i, active);
        let row_j = self.q.row(j, active);
        for ((g, &qi), &qj) in self.gradient[..active].iter_mut().zip(row_i).zip(row_j) {
            *g += f64::from(qi) * delta_i + f64::from(qj) * delta_j;
        }

        let (was_upper_i, was_upper_j) = (self.is_upper(i), self.is_upper(j));
        self.update_status(i);
        self.update_status(j);
        for (k, was_upper, c_k) in [(i, was_upper_i, c_i), (j, was_upper_j, c_j)] {
            if was_upper != self.is_upper(k) {
                let row = self.q.row(k, self.l);
                let sign = if was_upper { -1.0 } else { 1.0 };
                for (g, &q) in self.gradient_bar.iter_mut().zip(row) {
                    if sign < 0.0 {
                        *g -= c_k * f64::from(q);
                    } else {
                        *g += c_k * f64::from(q);
                    }
                }
            }
        }
    }

    /// libsvm's `select_working_set`: the pair `(i, j)` to optimize, or `None` when the
    /// active problem is solved to `eps`.
    fn select_working_set(&self) -> Option<(usize, usize)> {
        let active = self.active_size;
        let (y, g) = (&self.y, &self.gradient);
        let mut gmax = f64::NEG_INFINITY;
        let mut gmax2 = f64::NEG_INFINITY;
        let mut gmax_idx = None;
        let mut gmin_idx = None;
        let mut obj_diff_min = f64::INFINITY;
        for t in 0..active {
            if y[t] == 1 {
                if !self.is_upper(t) && -g[t] >= gmax {
                    gmax = -g[t];
                    gmax_idx = Some(t);
                }
            } else if !self.is_lower(t) && g[t] >= gmax {
                gmax = g[t];
                gmax_idx = Some(t);
            }
        }
        let i = gmax_idx;
        let row_i = i.map(|i| self.q.row(i, active));
        let qd = &self.q.diagonal;
        for j in 0..active {
            let grad_diff = if y[j] == 1 {
                if self.is_lower(j) {
                    continue;
                }
                if g[j] >= gmax2 {
                    gmax2 = g[j];
                }
                gmax + g[j]
            } else {
                if self.is_upper(j) {
                    continue;
                }
                if -g[j] >= gmax2 {
                    gmax2 = -g[j];
                }
                gmax - g[j]
            };
            // grad_diff > 0 implies gmax > -inf, so `i` and its row exist.
            if let (true, Some(i), Some(row_i)) = (grad_diff > 0.0, i, row_i) {
                let sign = if y[j] == 1 { -2.0 } else { 2.0 };
                let quad_coef = qd[i] + qd[j] + sign * f64::from(y[i]) * f64::from(row_i[j]);
                let obj_diff = if quad_coef > 0.0 {
                    -(grad_diff * grad_diff) / quad_coef
                } else {
                    -(grad_diff * grad_diff) / TAU
                };
                if obj_diff <= obj_diff_min {
                    gmin_idx = Some(j);
                    obj_diff_min = obj_diff;
                }
            }
        }
        match (gmax_idx, gmin_idx) {
            (Some(i), Some(j)) if gmax + gmax2 >= self.eps => Some((i, j)),
            _ => None,
        }
    }

    /// Rebuilds the gradient of the inactive variables from `G_bar` and the free variables.
    fn reconstruct_gradient(&mut self) {
        let (active, l) = (self.active_size, self.l);
        if active == l {
            return;
        }
        for j in active..l {
            self.gradient[j] = self.gradient_bar[j] + P;
        }
        let n_free = (0..active).filter(|&j| self.is_free(j)).count();
        if n_free * l > 2 * active * (l - active) {
            for i in active..l {
                let row = self.q.row(i, active);
                for (j, &q) in row.iter().enumerate() {
                    if self.status[j] == Status::Free {
                        self.gradient[i] += self.alpha[j] * f64::from(q);
                    }
                }
            }
        } else {
            for i in 0..active {
                if self.is_free(i) {
                    let row = self.q.row(i, l);
                    let alpha_i = self.alpha[i];
                    for (g, &q) in self.gradient[active..].iter_mut().zip(&row[active..]) {
                        *g += alpha_i * f64::from(q);
                    }
                }
            }
        }
    }

    fn be_shrunk(&self, i: usize, gmax1: f64, gmax2: f64) -> bool {
        let g = self.gradient[i];
        if self.is_upper(i) {
            if self.y[i] == 1 {
                -g > gmax1
            } else {
                -g > gmax2
            }
        } else if self.is_lower(i) {
            if self.y[i] == 1 { g > gmax2 } else { g > gmax1 }
        } else {
            false
        }
    }

    fn do_shrinking(&mut self) {
        let mut gmax1 = f64::NEG_INFINITY;
        let mut gmax2 = f64::NEG_INFINITY;
        for i in 0..self.active_size {
            let g = self.gradient[i];
            let (up, down) = if self.y[i] == 1 { (-g, g) } else { (g, -g) };
            // For y = +1: moving up needs !upper, down needs !lower; for y = -1 the reverse.
            let (can_up, can_down) = if self.y[i] == 1 {
                (!self.is_upper(i), !self.is_lower(i))
            } else {
                (!self.is_lower(i), !self.is_upper(i))
            };
            if can_up && up >= gmax1 {
                gmax1 = up;
            }
            if can_down && down >= gmax2 {
                gmax2 = down;
            }
        }
        if !self.unshrink && gmax1 + gmax2 <= self.eps * 10.0 {
            self.unshrink = true;
            self.reconstruct_gradient();
            self.active_size = self.l;
        }
        let mut i = 0;
        while i < self.active_size {
            if self.be_shrunk(i, gmax1, gmax2) {
                self.active_size -= 1;
                while self.active_size > i {
                    if !self.be_shrunk(self.active_size, gmax1, gmax2) {
                        self.swap_index(i, self.active_size);
                        break;
                    }
                    self.active_size -= 1;
                }
            }
            i += 1;
        }
    }

    fn calculate_rho(&self) -> f64 {
        let mut n_free = 0usize;
        let (mut ub, mut lb, mut sum_free) = (f64::INFINITY, f64::NEG_INFINITY, 0.0);
        for i in 0..self.active_size {
            let y_g = f64::from(self.y[i]) * self.gradient[i];
            match self.status[i] {
                Status::UpperBound => {
                    if self.y[i] == -1 {
                        ub = ub.min(y_g);
                    } else {
                        lb = lb.max(y_g);
                    }
                }
                Status::LowerBound => {
                    if self.y[i] == 1 {
                        ub = ub.min(y_g);
                    } else {
                        lb = lb.max(y_g);
                    }
                }
                Status::Free => {
                    n_free += 1;
                    sum_free += y_g;
                }
            }
        }
        if n_free > 0 {
            sum_free / n_free as f64
        } else {
            (ub + lb) / 2.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_points_meet_in_the_middle() {
        // x = -1 (y = +1) and x = +1 (y = -1), linear kernel: alpha = 0.5 each, rho = 0.
        let q = QMatrix::new(vec![1.0, 1.0, 1.0, 1.0], vec![1.0, 1.0]);
        let solution = solve(q, &[1, -1], 1.0, 1e-3, true, None);
        assert_eq!(solution.coef, vec![0.5, -0.5]);
        assert_eq!(solution.rho, 0.0);
        assert!(!solution.hit_max_iter);
    }

    #[test]
    fn swapping_indices_permutes_rows_and_columns() {
        let mut q = QMatrix::new((0..9).map(|v| v as f32).collect(), vec![0.0, 4.0, 8.0]);
        q.swap_index(0, 2);
        assert_eq!(q.values, vec![8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0, 0.0]);
        assert_eq!(q.diagonal, vec![8.0, 4.0, 0.0]);
    }
}
