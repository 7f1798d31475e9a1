//! Reading tar archives (already decompressed) into their member files.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// One regular file of an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The member's path inside the archive, e.g. `spam/00001.7848dde101aa985090474a91ec93fcf0`.
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

impl Member {
    /// The last component of the member's path.
    pub fn file_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }
}

/// The regular files of the tar archive `tar` (directories and links are skipped), in archive
/// order. `path` only names the archive in error messages.
///
/// ```
/// let mut builder = tar::Builder::new(Vec::new());
/// let mut header = tar::Header::new_gnu();
/// header.set_size(5);
/// header.set_cksum();
/// builder.append_data(&mut header, "mail/1", &b"hello"[..]).unwrap();
/// let tar = builder.into_inner().unwrap();
/// let members = handson::datasets::tar_members(&tar, "a.tar".as_ref()).unwrap();
/// assert_eq!(members[0].path, "mail/1");
/// assert_eq!(members[0].bytes, b"hello");
/// ```
pub fn tar_members(tar: &[u8], path: &Path) -> Result<Vec<Member>> {
    let corrupt = |e: std::io::Error| Error::CorruptData {
        path: path.to_path_buf(),
        problem: format!("not a readable tar archive ({e})"),
        fix: "Delete the file so that it is downloaded again, or replace it with the original"
            .into(),
    };
    let mut archive = tar::Archive::new(tar);
    let mut members = Vec::new();
    for entry in archive.entries().map_err(corrupt)? {
        let mut entry = entry.map_err(corrupt)?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
        entry.read_to_end(&mut bytes).map_err(corrupt)?;
        members.push(Member { path: name, bytes });
    }
    Ok(members)
}

impl AsRef<[u8]> for Member {
    /// The member's bytes, so that a list of members can be parsed directly
    /// ([`parse_emails`](crate::text::parse_emails)).
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}
