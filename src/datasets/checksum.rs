//! The checksums that verify data files: SHA-256 over a file's *content*, so that a faithful
//! copy passes however it was packed. A tar archive is summarised by its member files
//! ([`members_digest`]), a CSV file's line endings are normalised first, anything else is hashed
//! as it is ([`sha256_hex`]). [`fetch`](super::fetch) verifies with them; they read archives
//! through [`archive`](super::archive).

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::datasets::archive::tar_members;
use crate::error::Result;

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The checksum of a file's (decompressed) content, as
/// [`RemoteFile::sha256`](crate::datasets::RemoteFile::sha256) defines it.
pub(crate) fn content_digest(
    path: &Path,
    name: &str,
    content: &[u8],
    ignored: &[&str],
) -> Result<String> {
    if name.contains(".tar") {
        members_digest(content, ignored, path)
    } else if name.ends_with(".csv") {
        Ok(sha256_hex(&normalize_line_endings(content)))
    } else {
        Ok(sha256_hex(content))
    }
}

/// `text` with every `\r\n` turned into `\n`.
fn normalize_line_endings(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut bytes = text.iter().peekable();
    while let Some(&b) = bytes.next() {
        if !(b == b'\r' && bytes.peek() == Some(&&b'\n')) {
            out.push(b);
        }
    }
    out
}

/// A checksum of an archive's content that ignores how it was packed: the SHA-256 of each
/// member's path and bytes, in path order, leaving out members whose file name is in `ignored`.
pub fn members_digest(tar: &[u8], ignored: &[&str], path: &Path) -> Result<String> {
    let mut members = tar_members(tar, path)?;
    members.retain(|m| !ignored.contains(&m.file_name()));
    members.sort_by(|a, b| a.path.cmp(&b.path));
    let mut summary = Vec::new();
    for member in &members {
        summary.extend_from_slice(member.path.as_bytes());
        summary.push(0);
        summary.extend_from_slice(sha256_hex(&member.bytes).as_bytes());
        summary.push(b'\n');
    }
    Ok(sha256_hex(&summary))
}
