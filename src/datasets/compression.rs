//! Decompressing downloaded files: gzip (`.gz`) and bzip2 (`.bz2`), chosen by the file's name.

use std::io::Read;
use std::path::Path;

use bzip2::read::BzDecoder;
use flate2::read::GzDecoder;

use crate::error::{Error, Result};

/// The content of `raw`, the bytes of the file `path`: decompressed when the name ends in `.gz`
/// or `.bz2`, else `raw` itself. `path` only chooses the format and names the file in errors.
///
/// ```
/// use std::io::Write;
/// let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
/// gz.write_all(b"hello").unwrap();
/// let raw = gz.finish().unwrap();
/// let content = handson::datasets::compression::decompress(&raw, "x.gz".as_ref()).unwrap();
/// assert_eq!(content, b"hello");
/// assert!(handson::datasets::compression::decompress(b"junk", "x.gz".as_ref()).is_err());
/// ```
pub fn decompress(raw: &[u8], path: &Path) -> Result<Vec<u8>> {
    let extension = path.extension().and_then(|e| e.to_str());
    let (format, decoded): (&str, std::io::Result<Vec<u8>>) = match extension {
        Some("gz") => ("gzip", read_all(GzDecoder::new(raw), raw.len() * 5)),
        Some("bz2") => ("bzip2", read_all(BzDecoder::new(raw), raw.len() * 8)),
        _ => return Ok(raw.to_vec()),
    };
    decoded.map_err(|e| Error::CorruptData {
        path: path.to_path_buf(),
        problem: format!("not a valid {format} stream ({e})"),
        fix: "Delete the file so that it is downloaded again, or replace it with the original"
            .into(),
    })
}

fn read_all(mut reader: impl Read, capacity: usize) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(capacity);
    reader.read_to_end(&mut out)?;
    Ok(out)
}
