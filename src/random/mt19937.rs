//! The 32-bit Mersenne Twister (MT19937) with NumPy's legacy integer seeding.
//!
//! This is the bit generator under [`RandomState`](super::RandomState): Matsumoto and
//! Nishimura's reference algorithm, seeded by their `init_genrand`, which is what NumPy's
//! `RandomState(seed)` does for an integer seed. On top of the raw 32-bit words it offers the
//! two derived draws NumPy builds everything else from: a 64-bit word (high half first) and a
//! 53-bit double in [0, 1).

/// Words of state.
const N: usize = 624;
/// Offset of the word mixed into each regenerated one.
const M: usize = 397;
/// The twist matrix's last row.
const MATRIX_A: u32 = 0x9908_b0df;
/// The most significant bit of a word.
const UPPER_MASK: u32 = 0x8000_0000;
/// The 31 least significant bits of a word.
const LOWER_MASK: u32 = 0x7fff_ffff;

/// An MT19937 generator: 624 words of state and the position of the next word to temper.
#[derive(Clone)]
pub(crate) struct Mt19937 {
    key: [u32; N],
    pos: usize,
}

impl Mt19937 {
    /// Seeds the state with `init_genrand(seed)`, as NumPy's `RandomState(seed)` does.
    pub(crate) fn new(seed: u32) -> Self {
        let mut key = [0u32; N];
        key[0] = seed;
        for i in 1..N {
            let previous = key[i - 1];
            key[i] = 1_812_433_253u32
                .wrapping_mul(previous ^ (previous >> 30))
                .wrapping_add(i as u32);
        }
        Mt19937 { key, pos: N }
    }

    /// How many words of the current block have been used (624 right after seeding).
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// The next tempered 32-bit word.
    pub(crate) fn next_u32(&mut self) -> u32 {
        if self.pos == N {
            self.regenerate();
        }
        let mut y = self.key[self.pos];
        self.pos += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// Two words as one 64-bit word, the first in the high half (NumPy's `next_uint64`).
    pub(crate) fn next_u64(&mut self) -> u64 {
        let high = u64::from(self.next_u32());
        (high << 32) | u64::from(self.next_u32())
    }

    /// A double in [0, 1) with 53 random bits: `(a >> 5, b >> 6) -> (a * 2^26 + b) / 2^53`.
    pub(crate) fn next_f64(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// Twists the whole state into the next block of 624 words.
    fn regenerate(&mut self) {
        for i in 0..N {
            let y = (self.key[i] & UPPER_MASK) | (self.key[(i + 1) % N] & LOWER_MASK);
            let twisted = (y >> 1) ^ if y & 1 == 1 { MATRIX_A } else { 0 };
            self.key[i] = self.key[(i + M) % N] ^ twisted;
        }
        self.pos = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::Mt19937;

    /// The reference implementation's default seed.
    const DEFAULT_SEED: u32 = 5489;

    #[test]
    fn first_word_for_the_default_seed_matches_the_reference() {
        assert_eq!(Mt19937::new(DEFAULT_SEED).next_u32(), 3_499_211_612);
    }

    #[test]
    fn ten_thousandth_word_for_the_default_seed_matches_the_reference() {
        // C++'s std::mt19937 is specified to produce this as its 10000th output.
        let mut mt = Mt19937::new(DEFAULT_SEED);
        let last = (0..10_000).map(|_| mt.next_u32()).last();
        assert_eq!(last, Some(4_123_659_995));
    }

    #[test]
    fn u64_puts_the_first_word_high() {
        let mut words = Mt19937::new(42);
        let (high, low) = (u64::from(words.next_u32()), u64::from(words.next_u32()));
        assert_eq!(Mt19937::new(42).next_u64(), (high << 32) | low);
    }

    #[test]
    fn position_counts_used_words() {
        let mut mt = Mt19937::new(0);
        assert_eq!(mt.position(), 624);
        mt.next_f64();
        assert_eq!(mt.position(), 2);
    }
}
