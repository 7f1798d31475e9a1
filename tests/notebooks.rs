//! Executes every notebook under `notebooks/` (the chapters) and `tests/notebooks/` (a learner's
//! mistakes: errors the kernel must survive) through the installed "Rust (handson)" Jupyter
//! kernel with nbclient (`kernel/run_notebooks.py --check`), failing on any unexpected error
//! output, on a cell meant to fail that did not, on a figure cell without an image/png output,
//! or on a cell whose printed text lacks what its metadata expects. Needs `make setup` (the kernel and the Python environment) and the data
//! sets, so it is ignored by a plain `cargo test`; `make test` runs it.

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
#[ignore = "needs the Jupyter kernel and the data sets: run `make test`"]
fn every_notebook_runs_top_to_bottom_in_the_real_kernel() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = root.join(".venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run `make setup` first",
        python.display()
    );
    let notebooks: Vec<_> = ["notebooks", "tests/notebooks"]
        .iter()
        .flat_map(|dir| notebooks_in(&root.join(dir)))
        .collect();
    assert!(
        notebooks
            .iter()
            .any(|p| p.ends_with("tests/notebooks/error_survival.ipynb")),
        "the error-survival notebook is among {notebooks:?}"
    );
    let status = Command::new(python)
        .arg(root.join("kernel/run_notebooks.py"))
        .arg("--check")
        .args(&notebooks)
        .current_dir(root)
        .status()
        .unwrap();
    assert!(status.success(), "a notebook failed: see the lines above");
}

/// The notebooks of `dir`, sorted by name.
fn notebooks_in(dir: &Path) -> Vec<PathBuf> {
    let mut notebooks: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ipynb"))
        .collect();
    notebooks.sort();
    assert!(!notebooks.is_empty(), "no notebooks in {}", dir.display());
    notebooks
}
