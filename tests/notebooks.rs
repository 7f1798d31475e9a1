//! Executes every notebook under `notebooks/` (the chapters) and `tests/notebooks/` (a learner's
//! mistakes: errors the kernel must survive) through the installed "Rust (handson)" Jupyter
//! kernel with nbclient (`kernel/run_notebooks.py --check`), failing on any unexpected error
//! output or stderr, on a cell meant to fail that did not, on a figure cell without an image/png
//! output, or on a cell whose printed text lacks what its metadata expects; and checks that the
//! runner rejects `tests/notebooks/rejected/` (cells that fail only on stderr); and runs the MNIST
//! notebooks of chapter 3 with their first cell switched to Fashion-MNIST, checked against
//! scikit-learn's values on it. Needs `make setup` (the kernel and the Python environment) and the
//! data sets (Fashion-MNIST from Debian's dataset-fashion-mnist:
//! `tests/notebooks/setup_fashion_mnist.sh`), so it is ignored by a plain `cargo test`; `make test`
//! runs it.
//!
//! The tests run in parallel threads, each notebook run in a kernel of its own: `install.sh`
//! builds four kernel build slots, and at most three kernels run at once (see
//! [`SECOND_KERNEL`]), so that none builds a slot from scratch.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard};

/// Taken by every test but the long MNIST one for as long as its kernels run (one, or two with
/// `--jobs 2`), so that no more kernels run at once than `install.sh` builds slots for.
static SECOND_KERNEL: Mutex<()> = Mutex::new(());

/// The first cell's one line as committed, and as a learner switches it to Fashion-MNIST.
const MNIST_LINE: &str = "let mnist = load_mnist()?;";
const FASHION_LINE: &str = "let mnist = load_fashion_mnist()?;";

#[test]
#[ignore = "needs the Jupyter kernel and the data sets: run `make test`"]
fn every_notebook_runs_top_to_bottom_in_the_real_kernel() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
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
    let status = check_command(root).args(&notebooks).status().unwrap();
    assert!(status.success(), "a notebook failed: see the lines above");
}

#[test]
#[ignore = "needs the Jupyter kernel and Debian's dataset-fashion-mnist: run `make test`"]
fn the_mnist_notebooks_run_on_fashion_mnist_by_one_changed_line() {
    let _kernel = second_kernel();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fashion-mnist");
    std::fs::create_dir_all(&dir).unwrap();
    let notebooks: Vec<PathBuf> = ["03_classification", "03_exercises_mnist"]
        .iter()
        .map(|name| {
            let file = format!("{name}.ipynb");
            let source = std::fs::read_to_string(root.join("notebooks").join(&file)).unwrap();
            assert_eq!(
                source.matches(MNIST_LINE).count(),
                1,
                "{file} names its data set in one line, {MNIST_LINE:?}"
            );
            let copy = dir.join(&file);
            std::fs::write(&copy, source.replace(MNIST_LINE, FASHION_LINE)).unwrap();
            copy
        })
        .collect();
    let status = check_command(root)
        .arg("--checks")
        .arg(root.join("tests/notebooks/fashion_checks.json"))
        .args(&notebooks)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "a notebook failed on Fashion-MNIST: see the lines above"
    );
}

#[test]
#[ignore = "needs the Jupyter kernel: run `make test`"]
fn the_check_rejects_leaf_cells_that_fail_only_on_stderr() {
    let _kernel = second_kernel();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Beside a notebook that passes, two at once (`make run`'s `--jobs 2`): each problem is
    // still told with its own notebook.
    let rejected = root.join("tests/notebooks/rejected/stderr_failures.ipynb");
    let passing = root.join("tests/notebooks/error_survival.ipynb");
    let output = check_command(root)
        .args(["--jobs", "2"])
        .arg(&rejected)
        .arg(&passing)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        !output.status.success(),
        "the check passed a notebook whose cells 2 and 5 fail:\n{stdout}\n{stderr}"
    );
    let rejected = rejected.display().to_string();
    for (cell, message) in [
        ("cell 2 ('let mut lin_reg", "got NaN at position 1"),
        (
            "cell 5 ('let empty",
            "index out of bounds: the len is 0 but the index is 3",
        ),
    ] {
        let line = stderr.lines().find(|l| l.contains(cell));
        assert!(
            line.is_some_and(|l| l.starts_with(&format!("{rejected}: "))
                && l.contains("on stderr")
                && l.contains(message)),
            "no line of {rejected} names {cell} with {message:?} on stderr:\n{stderr}"
        );
    }
    for passing in ["cell 1 ", "cell 3 ", "cell 4 ", "error_survival"] {
        assert!(
            !stderr.contains(passing),
            "the passing {passing} was reported:\n{stderr}"
        );
    }
    for last in ["[stderr_failures 5/5]", "[error_survival] "] {
        assert!(
            stdout.contains(last),
            "no line {last:?} (the last cell's or the notebook's):\n{stdout}"
        );
    }
}

/// The turn of a test's kernel beside the long MNIST run (a failed test leaves the turn free).
fn second_kernel() -> MutexGuard<'static, ()> {
    SECOND_KERNEL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `kernel/run_notebooks.py --check`, run from the checkout with its Python environment.
fn check_command(root: &Path) -> Command {
    let python = root.join(".venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run `make setup` first",
        python.display()
    );
    let mut command = Command::new(python);
    command
        .arg(root.join("kernel/run_notebooks.py"))
        .arg("--check")
        .current_dir(root);
    command
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
