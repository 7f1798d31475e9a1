//! The crate's one error type.
//!
//! Every fallible public function returns [`Result`]. Each variant's message says what went wrong
//! and, where the user can do something about it, what to do next, so that a notebook cell that
//! ends in `?` shows a sentence a learner can act on.

use std::path::PathBuf;

/// Everything that can go wrong in `handson`.
///
/// New variants may come in later versions (`#[non_exhaustive]`): a `match` on it needs a `_`
/// arm.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument had a value the function cannot work with.
    #[error("invalid argument `{name}`: expected {expected}, got {actual}")]
    InvalidArgument {
        /// The parameter's name as the user wrote it.
        name: &'static str,
        /// What would have been accepted.
        expected: String,
        /// What was passed.
        actual: String,
    },

    /// A method that needs what `fit` learns was called on a model that has not been fitted,
    /// as scikit-learn's `NotFittedError`.
    #[error("this {model} is not fitted yet: call `fit` with training data before using it")]
    NotFitted {
        /// The model's type name (`SgdClassifier`, `StandardScaler`, ...).
        model: &'static str,
    },

    /// A data file exists but its content is not what the format or the checksum promises.
    #[error("{path}: {problem}. {fix}")]
    CorruptData {
        /// The offending file.
        path: PathBuf,
        /// What is wrong with it.
        problem: String,
        /// What the user can do about it.
        fix: String,
    },

    /// Data files are missing and could not be downloaded.
    #[error(
        "data set `{dataset}` is missing {files} in {dir} and could not be downloaded ({reason}). \
         Put the files in that directory, or set HANDSON_DATA to a directory that holds a \
         `{dataset}/` folder with them, or connect to the internet and try again"
    )]
    DataUnavailable {
        /// The data set's folder name (`mnist`, `titanic`, ...).
        dataset: String,
        /// The missing file names, comma separated.
        files: String,
        /// The directory that was searched and would receive the download.
        dir: PathBuf,
        /// The last download error.
        reason: String,
    },

    /// A file-system operation failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done ("reading", "creating directory", ...).
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },

    /// Drawing or encoding a figure failed.
    #[error("plotting failed: {0}")]
    Plot(String),
}

/// `Result` with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Builds an [`Error::InvalidArgument`] from anything printable.
    pub fn invalid(
        name: &'static str,
        expected: impl Into<String>,
        actual: impl std::fmt::Display,
    ) -> Self {
        Error::InvalidArgument {
            name,
            expected: expected.into(),
            actual: actual.to_string(),
        }
    }

    /// Builds an [`Error::Io`] for `path`.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
