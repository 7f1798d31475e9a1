//! Where data sets live on disk.
//!
//! The data home is a directory with one folder per data set (`mnist/`, `titanic/`,
//! `spamassassin/`). It is, in order: the directory the caller names, the `HANDSON_DATA`
//! environment variable, then the per-user cache directory (`~/.cache/handson` on Linux).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The environment variable that names the data home.
pub const DATA_HOME_ENV: &str = "HANDSON_DATA";

/// Resolves the data home: `explicit`, else `$HANDSON_DATA`, else the per-user cache directory.
///
/// ```
/// use handson::datasets::data_home;
/// let home = data_home(Some("/tmp/my-data".as_ref())).unwrap();
/// assert_eq!(home, std::path::PathBuf::from("/tmp/my-data"));
/// ```
pub fn data_home(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os(DATA_HOME_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::cache_dir()
        .map(|cache| cache.join("handson"))
        .ok_or_else(|| {
            Error::invalid(
                "data_home",
                format!("a directory, given as an argument or in ${DATA_HOME_ENV}"),
                "nothing, and this system has no per-user cache directory",
            )
        })
}
