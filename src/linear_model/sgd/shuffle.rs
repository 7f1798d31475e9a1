//! The sample order of scikit-learn's SGD: its `SequentialDataset.shuffle` (a Fisher-Yates
//! shuffle driven by the xorshift generator `our_rand_r` of `sklearn/utils/_random.pxd`),
//! applied to the previous epoch's order at the start of every epoch, with the same seed each
//! time (`_plain_sgd` passes its seed by value). The same swaps make the same permutation
//! whatever the array holds, so [`Shuffle`] draws them once and then only permutes.

/// `our_rand_r`: one step of the 32-bit xorshift generator, returning a value below 2^31.
pub(crate) fn our_rand_r(seed: &mut u32) -> u32 {
    if *seed == 0 {
        *seed = 1;
    }
    *seed ^= *seed << 13;
    *seed ^= *seed >> 17;
    *seed ^= *seed << 5;
    *seed % (i32::MAX as u32 + 1)
}

/// Shuffles `order` in place as `SequentialDataset.shuffle(seed)` does.
fn shuffle(order: &mut [u32], mut seed: u32) {
    let n = order.len();
    for i in 0..n.saturating_sub(1) {
        let j = i + our_rand_r(&mut seed) as usize % (n - i);
        order.swap(i, j);
    }
}

/// Repeated `SequentialDataset.shuffle(seed)` of one order, as a permutation drawn once.
pub(crate) struct Shuffle {
    /// `shuffled[k] = order[permutation[k]]`.
    permutation: Vec<u32>,
    /// Room for the next order.
    next: Vec<u32>,
}

impl Shuffle {
    /// The shuffle of `n` samples with `seed`.
    pub fn new(n: usize, seed: u32) -> Shuffle {
        let mut permutation: Vec<u32> = (0..n as u32).collect();
        shuffle(&mut permutation, seed);
        Shuffle {
            permutation,
            next: vec![0; n],
        }
    }

    /// Shuffles `order` (of the `n` samples given to [`new`](Self::new)) in place.
    pub fn apply(&mut self, order: &mut Vec<u32>) {
        for (next, &from) in self.next.iter_mut().zip(&self.permutation) {
            *next = order[from as usize];
        }
        std::mem::swap(order, &mut self.next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xorshift_matches_scikit_learn() {
        // sklearn.utils._random._our_rand_r_py(seed) for these seeds
        let mut seed = 1;
        assert_eq!(our_rand_r(&mut seed), 270369);
        let mut seed = 0;
        assert_eq!(our_rand_r(&mut seed), 270369);
    }

    #[test]
    fn two_epochs_of_shuffles_match_scikit_learn() {
        // ArrayDataset64 over 10 samples: `_shuffle_py(42)`, read the order, then again.
        let mut order: Vec<u32> = (0..10).collect();
        shuffle(&mut order, 42);
        assert_eq!(order, [2, 6, 5, 7, 8, 9, 1, 0, 3, 4]);
        shuffle(&mut order, 42);
        assert_eq!(order, [5, 1, 9, 0, 3, 4, 6, 2, 7, 8]);
        let mut permuted: Vec<u32> = (0..10).collect();
        let mut shuffles = Shuffle::new(10, 42);
        shuffles.apply(&mut permuted);
        shuffles.apply(&mut permuted);
        assert_eq!(permuted, order);
    }
}
