//! Loading a data set once per process and sharing it.
//!
//! Loaders hand out `&'static` references: a notebook can then keep `let x = &data.field;` from
//! one cell to the next (evcxr keeps only `'static` references), and running a loading cell
//! again costs nothing.

use std::any::Any;
use std::path::PathBuf;
use std::sync::Mutex;

use crate::error::Result;

type Loaded = Vec<(PathBuf, &'static (dyn Any + Send + Sync))>;

/// Returns the value loaded for `key` (a data set's folder), running `load` only the first time.
///
/// The lock is held while loading, so a second caller waits for the first load instead of
/// repeating it. A failed load stores nothing, so the next call tries again.
pub fn load_once<T: Any + Send + Sync>(
    key: PathBuf,
    load: impl FnOnce() -> Result<T>,
) -> Result<&'static T> {
    static LOADED: Mutex<Loaded> = Mutex::new(Vec::new());
    let mut loaded = LOADED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(value) = loaded
        .iter()
        .filter(|(k, _)| *k == key)
        .find_map(|(_, v)| v.downcast_ref::<T>())
    {
        return Ok(value);
    }
    let value: &'static T = Box::leak(Box::new(load()?));
    loaded.push((key, value));
    Ok(value)
}
