//! Text tools for the spam filter: email parsing ([`Email`]), HTML to text, a tokenizer with the
//! book's options, and the two transformers that turn emails into word-count vectors.

pub mod email;
pub mod html;
pub mod tokenize;
pub mod vectorize;

pub use email::{Email, TextPart, parse_emails};
pub use html::html_to_text;
pub use tokenize::Tokenizer;
pub use vectorize::{EmailToWordCounter, SparseCounts, WordCounterToVector, WordCounts};
