//! From emails to numbers: [`EmailToWordCounter`] counts each email's words, and
//! [`WordCounterToVector`] turns the counts into sparse vectors over a vocabulary of the most
//! common words, as the book's two custom transformers do.

use std::collections::{BTreeMap, HashMap};

use ndarray::Array2;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::text::email::Email;
use crate::text::tokenize::Tokenizer;
use crate::validation::not_fitted;

/// How many times each word appears in one email.
pub type WordCounts = BTreeMap<String, usize>;

/// Counts the words of each email's text (its subject is not included, as in the book).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EmailToWordCounter {
    tokenizer: Tokenizer,
}

impl EmailToWordCounter {
    /// A counter with the default [`Tokenizer`] (every option on).
    pub fn new() -> Self {
        EmailToWordCounter {
            tokenizer: Tokenizer::new(),
        }
    }

    /// Uses `tokenizer` to split the text into words.
    pub fn tokenizer(mut self, tokenizer: Tokenizer) -> Self {
        self.tokenizer = tokenizer;
        self
    }

    /// The word counts of every email, in order.
    ///
    /// ```
    /// use handson::text::{Email, EmailToWordCounter};
    /// let email = Email::parse(b"Subject: x\r\n\r\nWin win WIN money")?;
    /// let counts = EmailToWordCounter::new().transform(&[email]);
    /// assert_eq!(counts[0]["win"], 3);
    /// assert_eq!(counts[0]["money"], 1);
    /// # Ok::<(), handson::Error>(())
    /// ```
    pub fn transform(&self, emails: &[Email]) -> Vec<WordCounts> {
        emails
            .par_iter()
            .map(|email| {
                let mut counts = WordCounts::new();
                for word in self.tokenizer.tokenize(&email.to_text()) {
                    *counts.entry(word).or_insert(0) += 1;
                }
                counts
            })
            .collect()
    }
}

/// Rows of word counts as a sparse matrix in compressed-row form.
#[derive(Debug, Clone, PartialEq)]
pub struct SparseCounts {
    n_cols: usize,
    /// Row `i`'s entries are `indices[indptr[i]..indptr[i + 1]]`.
    indptr: Vec<usize>,
    indices: Vec<usize>,
    values: Vec<f64>,
}

impl SparseCounts {
    /// `(rows, columns)`.
    pub fn dim(&self) -> (usize, usize) {
        (self.indptr.len() - 1, self.n_cols)
    }

    /// The number of stored (non-zero) entries.
    pub fn nnz(&self) -> usize {
        self.values.len()
    }

    /// Row `i` as `(column, value)` pairs in column order, or `None` past the last row.
    pub fn row(&self, i: usize) -> Option<Vec<(usize, f64)>> {
        let (start, end) = (*self.indptr.get(i)?, *self.indptr.get(i + 1)?);
        Some(
            self.indices[start..end]
                .iter()
                .copied()
                .zip(self.values[start..end].iter().copied())
                .collect(),
        )
    }

    /// The matrix as a dense array, for models that take dense input.
    pub fn to_dense(&self) -> Array2<f64> {
        let mut dense = Array2::zeros(self.dim());
        for (i, window) in self.indptr.windows(2).enumerate() {
            for k in window[0]..window[1] {
                dense[[i, self.indices[k]]] = self.values[k];
            }
        }
        dense
    }
}

/// Turns word counts into vectors over the `vocabulary_size` most common words: column 0 counts
/// the words outside the vocabulary, column `i` the `i`-th most common word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordCounterToVector {
    vocabulary_size: usize,
    vocabulary: HashMap<String, usize>,
}

/// The book caps each word's count per email at 10 when it ranks words for the vocabulary.
const COUNT_CAP: usize = 10;

impl WordCounterToVector {
    /// A vectorizer with a vocabulary of `vocabulary_size` words (the book uses 1,000).
    pub fn new(vocabulary_size: usize) -> Self {
        WordCounterToVector {
            vocabulary_size,
            vocabulary: HashMap::new(),
        }
    }

    /// Learns the vocabulary: the words with the highest total counts (each email's count capped
    /// at 10), ties going to the word seen first.
    pub fn fit(&mut self, counts: &[WordCounts]) -> Result<&mut Self> {
        if self.vocabulary_size == 0 {
            return Err(Error::invalid("vocabulary_size", "at least 1", 0));
        }
        if counts.is_empty() {
            return Err(Error::invalid(
                "counts",
                "the word counts of at least one email",
                "none",
            ));
        }
        let mut totals: Vec<(&str, usize)> = Vec::new();
        let mut position: HashMap<&str, usize> = HashMap::new();
        for email in counts {
            for (word, &count) in email {
                let slot = *position.entry(word.as_str()).or_insert_with(|| {
                    totals.push((word.as_str(), 0));
                    totals.len() - 1
                });
                totals[slot].1 += count.min(COUNT_CAP);
            }
        }
        // A stable sort keeps first-seen order among equal totals, as Counter.most_common does.
        totals.sort_by(|a, b| b.1.cmp(&a.1));
        self.vocabulary = totals
            .iter()
            .take(self.vocabulary_size)
            .enumerate()
            .map(|(rank, (word, _))| ((*word).to_owned(), rank + 1))
            .collect();
        Ok(self)
    }

    /// The learned vocabulary: each word and its column (1-based; column 0 is "other words").
    pub fn vocabulary(&self) -> &HashMap<String, usize> {
        &self.vocabulary
    }

    /// Vectors for `counts`, one row per email, `vocabulary_size + 1` columns, or one more than
    /// the number of distinct words seen by [`fit`](Self::fit) when that is smaller (as
    /// scikit-learn's `CountVectorizer(max_features=...)` gives; the columns past the words are
    /// always 0).
    pub fn transform(&self, counts: &[WordCounts]) -> Result<SparseCounts> {
        if self.vocabulary.is_empty() {
            return Err(not_fitted("WordCounterToVector"));
        }
        let mut matrix = SparseCounts {
            n_cols: self.vocabulary.len() + 1,
            indptr: vec![0],
            indices: Vec::new(),
            values: Vec::new(),
        };
        for email in counts {
            let mut row: BTreeMap<usize, usize> = BTreeMap::new();
            for (word, &count) in email {
                *row.entry(self.vocabulary.get(word).copied().unwrap_or(0))
                    .or_insert(0) += count;
            }
            for (column, count) in row {
                matrix.indices.push(column);
                matrix.values.push(count as f64);
            }
            matrix.indptr.push(matrix.indices.len());
        }
        Ok(matrix)
    }

    /// [`fit`](Self::fit) then [`transform`](Self::transform).
    ///
    /// ```
    /// use handson::text::{WordCounterToVector, WordCounts};
    /// let counts: Vec<WordCounts> = vec![
    ///     [("a".to_string(), 3), ("b".to_string(), 1)].into(),
    ///     [("a".to_string(), 1), ("c".to_string(), 2)].into(),
    /// ];
    /// let x = WordCounterToVector::new(2).fit_transform(&counts)?.to_dense();
    /// assert_eq!(x, ndarray::array![[1.0, 3.0, 0.0], [0.0, 1.0, 2.0]]);
    /// # Ok::<(), handson::Error>(())
    /// ```
    pub fn fit_transform(&mut self, counts: &[WordCounts]) -> Result<SparseCounts> {
        self.fit(counts)?;
        self.transform(counts)
    }
}
