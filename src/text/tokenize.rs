//! Splitting text into words for the spam filter, with the book's options: lower-casing,
//! replacing URLs with `URL` and numbers with `NUMBER`, removing punctuation, and stemming
//! (Snowball's English stemmer, through `rust-stemmers`).

use rust_stemmers::{Algorithm, Stemmer};

/// How text becomes words. Every option is on by default, as in the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tokenizer {
    lowercase: bool,
    replace_urls: bool,
    replace_numbers: bool,
    remove_punctuation: bool,
    stemming: bool,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer::new()
    }
}

impl Tokenizer {
    /// A tokenizer with every option on.
    ///
    /// ```
    /// use handson::text::Tokenizer;
    /// let words = Tokenizer::new().tokenize("Visit http://x.com NOW: 3 prizes, 2.5 winners!");
    /// assert_eq!(words, ["visit", "URL", "now", "NUMBER", "prize", "NUMBER", "winner"]);
    /// ```
    pub fn new() -> Self {
        Tokenizer {
            lowercase: true,
            replace_urls: true,
            replace_numbers: true,
            remove_punctuation: true,
            stemming: true,
        }
    }

    /// Whether to lower-case the text.
    pub fn lowercase(mut self, on: bool) -> Self {
        self.lowercase = on;
        self
    }

    /// Whether to replace each URL (`http://`, `https://`, `www.`) with the word `URL`.
    pub fn replace_urls(mut self, on: bool) -> Self {
        self.replace_urls = on;
        self
    }

    /// Whether to replace each number (`3`, `2.5`, `1e6`) with the word `NUMBER`.
    pub fn replace_numbers(mut self, on: bool) -> Self {
        self.replace_numbers = on;
        self
    }

    /// Whether to treat every character that is not a letter, digit or `_` as a separator.
    pub fn remove_punctuation(mut self, on: bool) -> Self {
        self.remove_punctuation = on;
        self
    }

    /// Whether to reduce each word to its stem (`prizes` -> `prize`).
    pub fn stemming(mut self, on: bool) -> Self {
        self.stemming = on;
        self
    }

    /// The words of `text`, in order.
    pub fn tokenize(&self, text: &str) -> Vec<String> {
        let stemmer = self.stemming.then(|| Stemmer::create(Algorithm::English));
        let mut words = Vec::new();
        for raw in text.split_whitespace() {
            if self.replace_urls && is_url(raw) {
                words.push("URL".to_owned());
                continue;
            }
            let raw = if self.lowercase {
                raw.to_lowercase()
            } else {
                raw.to_owned()
            };
            for piece in self.split_piece(&raw) {
                let word = match &stemmer {
                    Some(s) if piece != "NUMBER" => s.stem(&piece).into_owned(),
                    _ => piece,
                };
                words.push(word);
            }
        }
        words
    }

    /// Splits one whitespace-separated piece into words: numbers first, then punctuation.
    fn split_piece(&self, piece: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut word = String::new();
        let chars: Vec<char> = piece.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if self.replace_numbers && chars[i].is_ascii_digit() && !word_continues(&word) {
                let len = number_len(&chars[i..]);
                flush(&mut word, &mut out);
                out.push("NUMBER".to_owned());
                i += len;
                continue;
            }
            let c = chars[i];
            if self.remove_punctuation && !(c.is_alphanumeric() || c == '_') {
                flush(&mut word, &mut out);
            } else {
                word.push(c);
            }
            i += 1;
        }
        flush(&mut word, &mut out);
        out
    }
}

/// Whether a digit here continues a word (`mp3`), rather than starting a number.
fn word_continues(word: &str) -> bool {
    word.chars().last().is_some_and(char::is_alphabetic)
}

fn flush(word: &mut String, out: &mut Vec<String>) {
    if !word.is_empty() {
        out.push(std::mem::take(word));
    }
}

fn is_url(piece: &str) -> bool {
    let lower = piece
        .trim_start_matches(['(', '<', '"', '\''])
        .to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

/// The length of the number at the start of `chars`: digits, an optional fraction, an optional
/// exponent, as the book's `\d+(?:\.\d*)?(?:[eE][+-]?\d+)?`.
fn number_len(chars: &[char]) -> usize {
    let digits = |from: usize| {
        chars[from..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let mut len = digits(0);
    if chars.get(len) == Some(&'.') {
        len += 1 + digits(len + 1);
    }
    if matches!(chars.get(len), Some('e' | 'E')) {
        let sign = usize::from(matches!(chars.get(len + 1), Some('+' | '-')));
        let exponent = digits(len + 1 + sign);
        if exponent > 0 {
            len += 1 + sign + exponent;
        }
    }
    len
}
