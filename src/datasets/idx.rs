//! The IDX file format of MNIST and Fashion-MNIST.
//!
//! An IDX file is two zero bytes, a type code (0x08 for unsigned bytes, the only type these data
//! sets use), the number of dimensions, each dimension as a big-endian `u32`, then the values in
//! row-major order. The parser checks every one of those promises and names the broken one.

use std::path::Path;

use crate::error::{Error, Result};

/// A parsed IDX file of unsigned bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdxArray {
    /// The size of each dimension, outermost first.
    pub dims: Vec<usize>,
    /// The values in row-major order; `data.len()` is the product of `dims`.
    pub data: Vec<u8>,
}

const UNSIGNED_BYTE: u8 = 0x08;

/// Parses the bytes of an IDX file of unsigned bytes with `expected_ndims` dimensions.
///
/// `path` only names the file in error messages.
///
/// ```
/// use handson::datasets::parse_idx;
/// let bytes = [0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9];
/// let labels = parse_idx(&bytes, 1, "labels".as_ref()).unwrap();
/// assert_eq!(labels.dims, vec![3]);
/// assert_eq!(labels.data, vec![7, 8, 9]);
/// ```
pub fn parse_idx(bytes: &[u8], expected_ndims: usize, path: &Path) -> Result<IdxArray> {
    let corrupt = |problem: String| Error::CorruptData {
        path: path.to_path_buf(),
        problem,
        fix: "Delete the file so that it is downloaded again, or replace it with the original"
            .into(),
    };
    let [zero_a, zero_b, type_code, ndims] = match bytes.get(..4) {
        Some(&[a, b, c, d]) => [a, b, c, d],
        _ => {
            return Err(corrupt(format!(
                "only {} bytes, too short for an IDX header",
                bytes.len()
            )));
        }
    };
    if zero_a != 0 || zero_b != 0 {
        return Err(corrupt(format!(
            "not an IDX file (magic number starts with {zero_a:#04x} {zero_b:#04x}, expected 0x00 0x00)"
        )));
    }
    if type_code != UNSIGNED_BYTE {
        return Err(corrupt(format!(
            "IDX value type {type_code:#04x} is not supported (expected 0x08, unsigned bytes)"
        )));
    }
    if usize::from(ndims) != expected_ndims {
        return Err(corrupt(format!(
            "IDX file has {ndims} dimensions, expected {expected_ndims}"
        )));
    }
    let header_len = 4 + 4 * expected_ndims;
    let header = bytes.get(4..header_len).ok_or_else(|| {
        corrupt(format!(
            "truncated header: {} bytes, expected {header_len}",
            bytes.len()
        ))
    })?;
    let dims: Vec<usize> = header
        .chunks_exact(4)
        .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as usize)
        .collect();
    let count = dims
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .ok_or_else(|| corrupt(format!("dimensions {dims:?} overflow")))?;
    let body = &bytes[header_len..];
    if body.len() != count {
        let what = if body.len() < count {
            "truncated"
        } else {
            "has trailing bytes"
        };
        return Err(corrupt(format!(
            "{what}: dimensions {dims:?} need {count} values, the file holds {}",
            body.len()
        )));
    }
    Ok(IdxArray {
        dims,
        data: body.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels_file(values: &[u8]) -> Vec<u8> {
        let mut bytes = vec![0, 0, 8, 1];
        bytes.extend_from_slice(&(values.len() as u32).to_be_bytes());
        bytes.extend_from_slice(values);
        bytes
    }

    fn message(result: Result<IdxArray>) -> String {
        result
            .expect_err("the parser accepted a bad file")
            .to_string()
    }

    #[test]
    fn parses_a_three_dimensional_file() {
        let mut bytes = vec![0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3];
        bytes.extend_from_slice(&[1, 2, 3, 4, 5, 6]);
        let parsed = parse_idx(&bytes, 3, Path::new("images")).unwrap();
        assert_eq!(parsed.dims, vec![2, 1, 3]);
        assert_eq!(parsed.data, vec![1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn rejects_a_wrong_magic_number() {
        let mut bytes = labels_file(&[1, 2]);
        bytes[0] = 0x1f;
        assert!(message(parse_idx(&bytes, 1, Path::new("f"))).contains("not an IDX file"));
    }

    #[test]
    fn rejects_another_value_type() {
        let mut bytes = labels_file(&[1, 2]);
        bytes[2] = 0x0d;
        assert!(message(parse_idx(&bytes, 1, Path::new("f"))).contains("0x0d is not supported"));
    }

    #[test]
    fn rejects_the_wrong_number_of_dimensions() {
        let bytes = labels_file(&[1, 2]);
        assert!(message(parse_idx(&bytes, 3, Path::new("f"))).contains("1 dimensions, expected 3"));
    }

    #[test]
    fn rejects_truncated_headers_and_bodies() {
        let bytes = labels_file(&[1, 2, 3]);
        assert!(message(parse_idx(&bytes[..2], 1, Path::new("f"))).contains("too short"));
        assert!(message(parse_idx(&bytes[..6], 1, Path::new("f"))).contains("truncated header"));
        let truncated = message(parse_idx(&bytes[..10], 1, Path::new("f")));
        assert!(
            truncated.contains("truncated")
                && truncated.contains("need 3 values, the file holds 2")
        );
        assert!(message(parse_idx(&[], 1, Path::new("f"))).contains("only 0 bytes"));
    }

    #[test]
    fn rejects_trailing_bytes() {
        let mut bytes = labels_file(&[1, 2]);
        bytes.push(9);
        assert!(message(parse_idx(&bytes, 1, Path::new("f"))).contains("trailing bytes"));
    }

    #[test]
    fn rejects_dimensions_that_overflow() {
        let bytes = [
            0, 0, 8, 3, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        ];
        assert!(message(parse_idx(&bytes, 3, Path::new("f"))).contains("overflow"));
    }

    #[test]
    fn names_the_file_and_the_fix() {
        let text = message(parse_idx(&[1], 1, Path::new("/data/mnist/x.gz")));
        assert!(text.starts_with("/data/mnist/x.gz:"));
        assert!(text.contains("Delete the file"));
    }
}
