//! The shuffle seed of each binary problem, drawn from NumPy's legacy `RandomState` exactly as
//! scikit-learn's `SGDClassifier.fit` draws it (`MAX_INT = 2^31 - 1`):
//!
//! - two classes: `rs = RandomState(random_state)`; `make_dataset` draws
//!   `rs.randint(1, MAX_INT)` (the dataset's own seed, unused by the epoch shuffle), then
//!   `fit_binary` draws the shuffle seed `rs.randint(MAX_INT)`;
//! - more classes: `seeds = RandomState(random_state).randint(MAX_INT, size=n_classes)`, and
//!   problem `i` repeats the two draws above on `RandomState(seeds[i])`.

use crate::error::Result;
use crate::random::{RandomState, fresh_seed};

/// `np.iinfo(np.int32).max`.
const MAX_INT: i64 = i32::MAX as i64;

/// The seed `fit_binary` passes to the solver after seeding a `RandomState` with `seed`.
fn fit_binary_seed(seed: u32) -> Result<u32> {
    let mut rng = RandomState::new(seed);
    rng.randint_scalar(1, MAX_INT)?;
    Ok(rng.randint_scalar(0, MAX_INT)? as u32)
}

/// The shuffle seeds of `n_problems` binary problems (1 for two classes, else one per class)
/// for `random_state`; `None` picks a fresh random seed, as scikit-learn's default does.
pub(crate) fn problem_seeds(random_state: Option<u32>, n_problems: usize) -> Result<Vec<u32>> {
    let seed = random_state.unwrap_or_else(fresh_seed);
    if n_problems == 1 {
        return Ok(vec![fit_binary_seed(seed)?]);
    }
    let mut rng = RandomState::new(seed);
    (0..n_problems)
        .map(|_| fit_binary_seed(rng.randint_scalar(0, MAX_INT)? as u32))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_match_scikit_learn() {
        // Computed with NumPy as in the module documentation.
        assert_eq!(problem_seeds(Some(42), 1).unwrap(), [1273642419]);
        assert_eq!(
            problem_seeds(Some(42), 3).unwrap(),
            [637209641, 434209431, 154696110]
        );
        assert_eq!(problem_seeds(None, 4).unwrap().len(), 4);
    }
}
