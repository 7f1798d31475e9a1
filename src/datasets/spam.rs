//! The SpamAssassin public corpus: raw emails, read from the published `.tar.bz2` archives.
//!
//! Parsing the emails is the job of [`text`](crate::text); this module only finds, verifies and
//! unpacks the archives.

use std::path::Path;

use crate::datasets::archive::{Member, tar_members};
use crate::datasets::data_home::data_home;
use crate::datasets::fetch::{DataSet, RemoteFile};
use crate::datasets::shared::load_once;
use crate::error::Result;

/// The three folders of the corpus, each a list of raw emails (RFC 822 bytes and file name).
#[derive(Debug, Clone)]
pub struct SpamAssassin {
    /// 2,500 legitimate emails that are easy to tell from spam (`easy_ham/`).
    pub easy_ham: Vec<Member>,
    /// 250 legitimate emails that look like spam (`hard_ham/`).
    pub hard_ham: Vec<Member>,
    /// 500 spam emails (`spam/`).
    pub spam: Vec<Member>,
}

const SPAM_ASSASSIN: DataSet = DataSet {
    folder: "spamassassin",
    files: &[
        RemoteFile {
            name: "20030228_easy_ham.tar.bz2",
            sha256: "d88e7b04c1e598e6089d17ab36d029dc7ddf84c3a518fdd6efac06a202934d29",
        },
        RemoteFile {
            name: "20030228_hard_ham.tar.bz2",
            sha256: "6c9e316ea8a98932fd98ec13dc9163bbae3a05c99d57f0df9004913d22eee9ef",
        },
        RemoteFile {
            name: "20030228_spam.tar.bz2",
            sha256: "ac827c84188d1b760d908295db54a809496f374cae5794c7439b5c22a0c49a1f",
        },
    ],
    mirrors: &["https://spamassassin.apache.org/old/publiccorpus/"],
    system_dirs: &[],
    // The published archives carry a `cmds` script beside the emails; copies may not.
    ignored_members: &["cmds"],
};

/// Loads the SpamAssassin corpus from `<data home>/spamassassin/`, downloading the archives
/// when missing. Read once per process and shared, like
/// [`load_mnist`](crate::datasets::load_mnist).
///
/// ```no_run
/// let corpus = handson::datasets::load_spam_assassin()?;
/// assert_eq!((corpus.easy_ham.len(), corpus.spam.len()), (2500, 500));
/// # Ok::<(), handson::Error>(())
/// ```
pub fn load_spam_assassin() -> Result<&'static SpamAssassin> {
    load_spam_assassin_in(None)
}

/// Loads the corpus from `<data_home>/spamassassin/` (see [`load_spam_assassin`]).
pub fn load_spam_assassin_from(data_home: impl AsRef<Path>) -> Result<&'static SpamAssassin> {
    load_spam_assassin_in(Some(data_home.as_ref()))
}

/// Loads the corpus from the data home `data_home_dir`, or the default one for `None`.
fn load_spam_assassin_in(data_home_dir: Option<&Path>) -> Result<&'static SpamAssassin> {
    let folder = data_home(data_home_dir)?.join(SPAM_ASSASSIN.folder);
    load_once(folder.clone(), || read_corpus(&folder, data_home_dir))
}

fn read_corpus(folder: &Path, data_home_dir: Option<&Path>) -> Result<SpamAssassin> {
    let contents = SPAM_ASSASSIN.fetch(data_home_dir)?;
    let emails = |i: usize| -> Result<Vec<Member>> {
        let mut members = tar_members(&contents[i], &folder.join(SPAM_ASSASSIN.files[i].name))?;
        members.retain(|m| !SPAM_ASSASSIN.ignored_members.contains(&m.file_name()));
        members.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(members)
    };
    Ok(SpamAssassin {
        easy_ham: emails(0)?,
        hard_ham: emails(1)?,
        spam: emails(2)?,
    })
}
