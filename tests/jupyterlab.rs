//! The notebook as a learner runs it: `notebooks/03_exercises_mnist.ipynb` in JupyterLab, in
//! headless Chromium. `tests/browser/run_in_jupyterlab.py` starts `jupyter lab` on a free local
//! port, picks the "Rust (handson)" kernel in JupyterLab's dialog, clicks Run > Run All Cells,
//! waits for the kernel, and checks what the page shows: every cell ran, no error or stderr
//! output, every figure an image with a natural size, the printed accuracies (test 0.9714,
//! with shifted copies 0.9763) within the notebook's tolerances. It leaves a screenshot and
//! JupyterLab's log in `out/jupyterlab/`.
//!
//! Needs the kernel and the Python environment (`make setup`), Chromium and Selenium
//! (`tests/browser/setup.sh`) and MNIST, so a plain `cargo test` skips it; `make test` runs it.

use std::path::Path;
use std::process::Command;

#[test]
#[ignore = "needs the kernel, Chromium, Selenium (tests/browser/setup.sh) and MNIST: `make test`"]
fn the_mnist_exercises_run_all_cells_in_jupyterlab_in_a_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("out/jupyterlab");
    let _ = std::fs::remove_dir_all(&out);
    let python = root.join(".venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run `make setup` first",
        python.display()
    );
    let status = Command::new(&python)
        .arg(root.join("tests/browser/run_in_jupyterlab.py"))
        .arg("--out")
        .arg(&out)
        .arg(root.join("notebooks/03_exercises_mnist.ipynb"))
        .current_dir(root)
        .status()
        .expect("the JupyterLab driver did not start");
    assert!(
        status.success(),
        "the notebook failed in JupyterLab: see the lines above and {}",
        out.display()
    );
    let screenshot = out.join("03_exercises_mnist.png");
    let shot = image::open(&screenshot).expect("the driver saved a screenshot");
    assert!(
        shot.width() >= 1280 && shot.height() >= 1000,
        "the screenshot is {}x{}",
        shot.width(),
        shot.height()
    );
    println!("screenshot: {}", screenshot.display());
}
