//! Decompressing downloaded files: gzip (`.gz`) and bzip2 (`.bz2`), chosen by the file's name.

use std::io::Read;
use std::path::Path;

use bzip2::read::BzDecoder;
use flate2::read::GzDecoder;

use crate::error::{Error, Result};

/// The content of `raw`, the bytes of the file `path`: decompressed when the name ends in `.gz`
/// or `.bz2`, else `raw` itself (not copied). `path` only chooses the format and names the file
/// in errors.
///
/// ```
/// use std::io::Write;
/// let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
/// gz.write_all(b"hello").unwrap();
/// let raw = gz.finish().unwrap();
/// let content = handson::datasets::decompress(raw, "x.gz".as_ref()).unwrap();
/// assert_eq!(content, b"hello");
/// assert!(handson::datasets::decompress(b"junk".to_vec(), "x.gz".as_ref()).is_err());
/// ```
pub fn decompress(raw: Vec<u8>, path: &Path) -> Result<Vec<u8>> {
    decompress_at_most(raw, path, MAX_CONTENT)
}

/// The most bytes a file may decompress to: far more than any data set here holds (MNIST's
/// largest file is 47 MB), so that a damaged or hostile download cannot fill the memory before
/// its checksum is checked.
const MAX_CONTENT: u64 = 1 << 30;

fn decompress_at_most(raw: Vec<u8>, path: &Path, most: u64) -> Result<Vec<u8>> {
    let extension = path.extension().and_then(|e| e.to_str());
    let (format, decoded): (&str, std::io::Result<Vec<u8>>) = match extension {
        Some("gz") => (
            "gzip",
            read_at_most(GzDecoder::new(&raw[..]), raw.len() * 5, most),
        ),
        Some("bz2") => (
            "bzip2",
            read_at_most(BzDecoder::new(&raw[..]), raw.len() * 8, most),
        ),
        _ => return Ok(raw),
    };
    let corrupt = |problem: String| Error::CorruptData {
        path: path.to_path_buf(),
        problem,
        fix: "Delete the file so that it is downloaded again, or replace it with the original"
            .into(),
    };
    let content = decoded.map_err(|e| corrupt(format!("not a valid {format} stream ({e})")))?;
    if content.len() as u64 > most {
        return Err(corrupt(format!(
            "its {format} stream decompresses to more than {most} bytes, more than any data set \
             file holds"
        )));
    }
    Ok(content)
}

/// Reads `reader` to its end, or to one byte past `most`.
fn read_at_most(reader: impl Read, capacity: usize, most: u64) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(capacity.min(usize::try_from(most).unwrap_or(usize::MAX)));
    reader.take(most.saturating_add(1)).read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    }

    #[test]
    fn content_beyond_the_limit_is_an_error() {
        let raw = gzip(&[0; 1000]);
        let path = Path::new("/data/x.gz");
        assert_eq!(
            decompress_at_most(raw.clone(), path, 1000).unwrap().len(),
            1000
        );
        let text = decompress_at_most(raw, path, 999).unwrap_err().to_string();
        let expected = "/data/x.gz: its gzip stream decompresses to more than 999 bytes";
        assert!(text.contains(expected), "{text}");
    }

    #[test]
    fn other_files_are_returned_as_they_are() {
        assert_eq!(
            decompress(b"a,b\n1,2\n".to_vec(), Path::new("x.csv")).unwrap(),
            b"a,b\n1,2\n"
        );
    }
}
