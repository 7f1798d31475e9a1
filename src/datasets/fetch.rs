//! Finding, downloading and verifying data files.
//!
//! A [`DataSet`] names its folder in the data home and its [`RemoteFile`]s. [`DataSet::fetch`]
//! returns each file's verified content: it reads the file from the data set's folder (or from
//! an extra read-only directory such as Debian's `/usr/share/datasets/...`), and downloads the
//! missing ones from their public mirrors.
//!
//! Checksums are over a file's *content*, so that a faithful copy passes however it was packed:
//! a `.gz` or `.bz2` file is decompressed first, a tar archive is summarised by its member files
//! (see [`members_digest`](crate::datasets::members_digest)), and a `.csv` file's line
//! endings are normalised to `\n` (the digests are in the `checksum` module). A download goes
//! to a temporary file beside its final name, is verified against the SHA-256 of its content, and only then renamed into place, so a
//! reader never sees half a file, and two processes downloading at once both end with a whole one.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::datasets::checksum::content_digest;
use crate::datasets::compression::decompress;
use crate::datasets::data_home::data_home;
use crate::error::{Error, Result};
use rayon::prelude::*;

/// One file of a data set, as published.
#[derive(Debug, Clone, Copy)]
pub struct RemoteFile {
    /// The published file name, e.g. `train-images-idx3-ubyte.gz`.
    pub name: &'static str,
    /// Lower-case hex SHA-256 of the content (see the module documentation for what "content"
    /// means for compressed files, archives and CSV files).
    pub sha256: &'static str,
}

impl RemoteFile {
    /// The name the decompressed copy may have on disk (the name without `.gz`).
    fn uncompressed_name(&self) -> Option<&'static str> {
        self.name.strip_suffix(".gz")
    }
}

/// A data set: a folder of the data home, its files, and where to download them.
#[derive(Debug, Clone, Copy)]
pub struct DataSet {
    /// The folder of the data home that holds the files (`mnist`, `fashion-mnist`, ...).
    pub folder: &'static str,
    /// The files, in the order [`DataSet::fetch`] returns their content.
    pub files: &'static [RemoteFile],
    /// Base URLs tried in order; a file's URL is the base followed by its name.
    pub mirrors: &'static [&'static str],
    /// Read-only directories searched after the data home's folder (e.g. a system package's).
    pub system_dirs: &'static [&'static str],
    /// Archive members left out of an archive's checksum (files some copies lack).
    pub ignored_members: &'static [&'static str],
}

impl DataSet {
    /// Returns the verified (and decompressed) content of every file, in `files` order,
    /// downloading the missing ones into `<data home>/<folder>/`.
    ///
    /// `data_home` is resolved by [`data_home`](crate::datasets::data_home()).
    pub fn fetch(&self, data_home_dir: Option<&Path>) -> Result<Vec<Vec<u8>>> {
        let dir = data_home(data_home_dir)?.join(self.folder);
        let missing: Vec<&RemoteFile> = self
            .files
            .iter()
            .filter(|f| self.locate(&dir, f).is_none())
            .collect();
        if !missing.is_empty() {
            self.download_all(&dir, &missing)?;
        }
        self.files
            .par_iter()
            .map(|file| {
                let path = self
                    .locate(&dir, file)
                    .ok_or_else(|| Error::DataUnavailable {
                        dataset: self.folder.into(),
                        files: file.name.into(),
                        dir: dir.clone(),
                        reason: "the file disappeared after it was downloaded".into(),
                    })?;
                let content = read_content(&path)?;
                verify(&path, file, &content, self.ignored_members)?;
                Ok(content)
            })
            .collect()
    }

    /// The path of `file` in `dir` or in a system directory, compressed or not.
    fn locate(&self, dir: &Path, file: &RemoteFile) -> Option<PathBuf> {
        std::iter::once(dir)
            .chain(self.system_dirs.iter().map(Path::new))
            .flat_map(|d| {
                std::iter::once(file.name)
                    .chain(file.uncompressed_name())
                    .map(move |n| d.join(n))
            })
            .find(|p| p.is_file())
    }

    fn download_all(&self, dir: &Path, missing: &[&RemoteFile]) -> Result<()> {
        let unavailable = |reason: String| Error::DataUnavailable {
            dataset: self.folder.into(),
            files: missing
                .iter()
                .map(|f| f.name)
                .collect::<Vec<_>>()
                .join(", "),
            dir: dir.to_path_buf(),
            reason,
        };
        fs::create_dir_all(dir).map_err(|e| {
            unavailable(format!(
                "cannot create {}: {e}; {NEEDS_WRITABLE_HOME}",
                dir.display()
            ))
        })?;
        for file in missing {
            let mut failures = Vec::new();
            let fetched = self.mirrors.iter().any(|base| {
                let url = format!("{base}{}", file.name);
                match download_verified(&url, dir, file, self.ignored_members) {
                    Ok(()) => true,
                    Err(e) => {
                        failures.push(format!("{url}: {e}"));
                        false
                    }
                }
            });
            if !fetched {
                return Err(unavailable(failures.join("; ")));
            }
        }
        Ok(())
    }
}

/// What a download that cannot be written adds to its error.
const NEEDS_WRITABLE_HOME: &str = "the files need a data home you can write to";

/// Reads a file, decompressing it when its name ends in `.gz` or `.bz2`.
fn read_content(path: &Path) -> Result<Vec<u8>> {
    let raw = fs::read(path).map_err(|e| Error::io("reading", path, e))?;
    decompress(raw, path)
}

fn verify(path: &Path, file: &RemoteFile, content: &[u8], ignored: &[&str]) -> Result<()> {
    let actual = content_digest(path, file.name, content, ignored)?;
    if actual == file.sha256 {
        return Ok(());
    }
    Err(Error::CorruptData {
        path: path.to_path_buf(),
        problem: format!(
            "content SHA-256 is {actual}, expected {} for {}",
            file.sha256, file.name
        ),
        fix: "The file is damaged or is another file under the same name: delete it so that \
              it is downloaded again, or replace it with the original"
            .into(),
    })
}

/// Downloads `url` into `dir/file.name` through a temporary file, verifying the content before
/// the rename that publishes it.
fn download_verified(
    url: &str,
    dir: &Path,
    file: &RemoteFile,
    ignored: &[&str],
) -> Result<(), String> {
    let final_path = dir.join(file.name);
    // The temporary name keeps the published extension, so it is read the same way, and is
    // unique to this download (process and sequence number), so that loaders running at the
    // same time in several processes or threads never write into one another's file.
    static DOWNLOADS: AtomicU64 = AtomicU64::new(0);
    let sequence = DOWNLOADS.fetch_add(1, Ordering::Relaxed);
    let tmp_path = dir.join(format!(
        ".part-{}-{sequence}-{}",
        std::process::id(),
        file.name
    ));
    let result = download_to(url, &tmp_path).and_then(|()| {
        let content = read_content(&tmp_path).map_err(|e| e.to_string())?;
        verify(&final_path, file, &content, ignored).map_err(|e| e.to_string())?;
        fs::rename(&tmp_path, &final_path)
            .map_err(|e| format!("cannot move the download into place: {e}"))
    });
    if result.is_err() {
        let _ = fs::remove_file(&tmp_path);
    }
    result
}

fn download_to(url: &str, path: &Path) -> Result<(), String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(20)))
        .timeout_global(Some(Duration::from_secs(900)))
        .build()
        .into();
    let mut response = agent.get(url).call().map_err(|e| e.to_string())?;
    let mut out = fs::File::create(path).map_err(|e| {
        format!(
            "cannot create {}: {e}; {NEEDS_WRITABLE_HOME}",
            path.display()
        )
    })?;
    std::io::copy(&mut response.body_mut().as_reader(), &mut out)
        .map_err(|e| format!("download interrupted: {e}"))?;
    out.flush()
        .and_then(|()| out.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
