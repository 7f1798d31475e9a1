//! Every saved fuzz input through its target's check (`fuzz/checks.rs`): the committed seeds in
//! `fuzz/seeds/<target>/`, which the parsers must accept, and the inputs that once crashed a
//! parser in `tests/fuzz_regressions/<target>/`, which must now give a value or an error. Run the
//! fuzzers themselves with `bash fuzz/run.sh` (see README).

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

/// The files of `dir` (none when it does not exist), sorted by name.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

fn check_target(target: &str, check: fn(&[u8]) -> bool) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = inputs(&root.join("fuzz/seeds").join(target));
    assert!(!seeds.is_empty(), "fuzz/seeds/{target}/ holds seeds");
    for seed in seeds {
        let bytes = std::fs::read(&seed).unwrap();
        assert!(
            check(&bytes),
            "the seed {} is a valid input",
            seed.display()
        );
    }
    for crash in inputs(&root.join("tests/fuzz_regressions").join(target)) {
        let bytes = std::fs::read(&crash).unwrap();
        // Accepted or rejected: either is fine, as long as the check returns.
        check(&bytes);
    }
}

#[test]
fn idx_inputs() {
    check_target("idx", checks::idx);
}

#[test]
fn tar_gz_inputs() {
    check_target("tar_gz", checks::tar_gz);
}

#[test]
fn tar_bz2_inputs() {
    check_target("tar_bz2", checks::tar_bz2);
}

#[test]
fn csv_inputs() {
    check_target("csv", checks::csv);
}

#[test]
fn email_inputs() {
    check_target("email", checks::email);
}
