//! The sample order of scikit-learn's SGD: its `SequentialDataset.shuffle` (a Fisher-Yates
//! shuffle driven by the xorshift generator `our_rand_r` of `sklearn/utils/_random.pxd`),
//! applied to the previous epoch's order at the start of every epoch, with the same seed each
//! time (`_plain_sgd` passes its seed by value).

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
pub(crate) fn shuffle(order: &mut [u32], mut seed: u32) {
    let n = order.len();
    for i in 0..n.saturating_sub(1) {
        let j = i + our_rand_r(&mut seed) as usize % (n - i);
        order.swap(i, j);
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
    }
}
