//! Executes every notebook under `notebooks/` through the installed "Rust (handson)" Jupyter
//! kernel with nbclient (`kernel/run_notebooks.py --check`), failing on any error output, on a
//! figure cell without an image/png output, or on a cell whose printed text lacks what its
//! metadata expects. Needs `make setup` (the kernel and the Python environment) and the data
//! sets, so it is ignored by a plain `cargo test`; `make test` runs it.

use std::path::Path;
use std::process::Command;

#[test]
#[ignore = "needs the Jupyter kernel and the data sets: run `make test`"]
fn every_notebook_runs_top_to_bottom_in_the_real_kernel() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = root.join(".venv/bin/python");
    assert!(python.exists(), "{} is missing: run `make setup` first", python.display());
    let mut notebooks: Vec<_> = std::fs::read_dir(root.join("notebooks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ipynb"))
        .collect();
    notebooks.sort();
    assert!(!notebooks.is_empty(), "no notebooks found");
    let status = Command::new(python)
        .arg(root.join("kernel/run_notebooks.py"))
        .arg("--check")
        .args(&notebooks)
        .current_dir(root)
        .status()
        .unwrap();
    assert!(status.success(), "a notebook failed: see the lines above");
}
