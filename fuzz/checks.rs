//! What each fuzz target does with one input, shared by the targets (`fuzz_targets/`) and by the
//! regression test over saved inputs (`tests/fuzz_regressions.rs`). Each check returns whether
//! the parser accepted the input; any input must give a value or an error, never a panic, and an
//! accepted one must be consistent.

use std::path::Path;

use handson::datasets::DataFrame;
use handson::datasets::{decompress, members_digest, parse_idx, tar_members};
use handson::text::{Email, EmailToWordCounter};

/// An IDX file: the first byte picks the number of dimensions the caller expects (0-3), the
/// rest is the file.
pub fn idx(data: &[u8]) -> bool {
    let Some((&ndims, bytes)) = data.split_first() else {
        return false;
    };
    match parse_idx(bytes, usize::from(ndims % 4), Path::new("fuzz.idx")) {
        Ok(array) => {
            assert_eq!(array.data.len(), array.dims.iter().product::<usize>());
            true
        }
        Err(_) => false,
    }
}

/// A `.tar.gz` download: gunzip, read the tar members, and take the members' checksum.
pub fn tar_gz(data: &[u8]) -> bool {
    archive(data, "fuzz.tar.gz")
}

/// A `.tar.bz2` download: bunzip2, read the tar members, and take the members' checksum.
pub fn tar_bz2(data: &[u8]) -> bool {
    archive(data, "fuzz.tar.bz2")
}

fn archive(data: &[u8], name: &str) -> bool {
    let path = Path::new(name);
    let Ok(tar) = decompress(data.to_vec(), path) else {
        return false;
    };
    let members = tar_members(&tar, path);
    let digest = members_digest(&tar, &["cmds"], path);
    assert_eq!(
        members.is_ok(),
        digest.is_ok(),
        "the digest reads the same members"
    );
    members.is_ok()
}

/// A CSV file as the Titanic loader reads it: the table, then every column read back.
pub fn csv(data: &[u8]) -> bool {
    let Ok(table) = DataFrame::from_csv(data, Path::new("fuzz.csv")) else {
        return false;
    };
    for name in table.column_names() {
        let column = table.column(name).expect("a listed column exists");
        assert_eq!(column.len(), table.n_rows());
    }
    let _ = table.missing_counts();
    let _ = table.head(5).to_html();
    true
}

/// A raw email as the spam filter reads it: the MIME message, its text (HTML parts through
/// `html_to_text`), and its stemmed word counts.
pub fn email(data: &[u8]) -> bool {
    let Ok(email) = Email::parse(data) else {
        return false;
    };
    let _ = email.subject();
    let _ = email.structure();
    let _ = email.to_text();
    let _ = EmailToWordCounter::new().transform(std::slice::from_ref(&email));
    true
}
