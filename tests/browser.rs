//! Figures as a learner sees them: runs `tests/browser/figures.ipynb` through the real
//! "Rust (handson)" kernel, renders it to HTML with nbconvert, opens the page in headless
//! Chromium and checks that every figure loaded (an `<img>` with a natural size twice its
//! displayed size, an SVG, an HTML table). It leaves the page and a screenshot in
//! `out/browser/`.
//!
//! Needs the kernel and the Python environment (`make setup`) and Chromium
//! (`tests/browser/setup.sh`), so a plain `cargo test` skips it; `make test` runs it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Records what the browser made of each output once the page has loaded, in a `<pre>` that
/// `--dump-dom` prints: one line per image (`img complete naturalW naturalH widthAttr heightAttr`),
/// per SVG (`svg width height`), and the number of handson tables.
const PROBE: &str = r#"<script>
window.addEventListener('load', () => {
  const lines = [];
  document.querySelectorAll('.jp-OutputArea-output img').forEach(i => lines.push(['img',
    i.complete ? 1 : 0, i.naturalWidth, i.naturalHeight,
    i.getAttribute('width') || 0, i.getAttribute('height') || 0].join(' ')));
  document.querySelectorAll('.jp-OutputArea-output svg').forEach(s => {
    const r = s.getBoundingClientRect();
    lines.push(['svg', Math.round(r.width), Math.round(r.height)].join(' '));
  });
  lines.push('tables ' + document.querySelectorAll('table.handson-table').length);
  const report = document.createElement('pre');
  report.id = 'handson-report';
  report.textContent = lines.join('\n');
  document.body.appendChild(report);
});
</script>"#;

/// Runs headless Chromium on `page` with a fresh profile and the given extra arguments.
fn chromium(page: &Path, profile: &Path, args: &[&str]) -> String {
    let output = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium did not start: run tests/browser/setup.sh");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
#[ignore = "needs the Jupyter kernel (`make setup`) and Chromium (`tests/browser/setup.sh`): run `make test`"]
fn every_figure_of_an_executed_notebook_shows_in_a_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("out/browser");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let python = root.join(".venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run `make setup` first",
        python.display()
    );
    let status = Command::new(&python)
        .arg(root.join("kernel/run_notebooks.py"))
        .arg("--check")
        .arg("--out")
        .arg(&out)
        .arg(root.join("tests/browser/figures.ipynb"))
        .current_dir(root)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "the notebook failed in the kernel: see the lines above"
    );

    let html = std::fs::read_to_string(out.join("figures.html")).unwrap();
    let body_end = html.rfind("</body>").expect("nbconvert's page has a body");
    let probe_page = out.join("figures_probe.html");
    std::fs::write(
        &probe_page,
        format!("{}{PROBE}{}", &html[..body_end], &html[body_end..]),
    )
    .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let dom = chromium(&probe_page, profile.path(), &["--dump-dom"]);
    let report = dom
        .split("<pre id=\"handson-report\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| {
            panic!(
                "the probe did not run; the page ends with {}",
                &dom[dom.len().saturating_sub(500)..]
            )
        });
    let numbers = |line: &str| -> Vec<u32> {
        line.split(' ')
            .skip(1)
            .map(|n| n.parse().unwrap())
            .collect()
    };
    let images: Vec<Vec<u32>> = report
        .lines()
        .filter(|l| l.starts_with("img "))
        .map(numbers)
        .collect();
    let svgs: Vec<Vec<u32>> = report
        .lines()
        .filter(|l| l.starts_with("svg "))
        .map(numbers)
        .collect();
    // Five PNG figures (cells 1 to 4 and 6) shown through <img>, and the SVG of cell 7, which
    // nbconvert also puts in an <img> (or inline, depending on its template).
    assert_eq!(
        images.len() + svgs.len(),
        6,
        "figures found by the browser:\n{report}"
    );
    for image in &images {
        let [complete, natural_w, natural_h, width, height] = image[..] else {
            panic!("{image:?}")
        };
        assert_eq!(complete, 1, "an image did not load:\n{report}");
        assert!(
            natural_w > 0 && natural_h > 0,
            "an image is empty:\n{report}"
        );
        if width > 0 {
            assert_eq!(
                (natural_w, natural_h),
                (2 * width, 2 * height),
                "PNGs are drawn at twice their size:\n{report}"
            );
        }
    }
    assert!(
        svgs.iter().all(|s| s[0] > 0 && s[1] > 0),
        "an SVG is empty:\n{report}"
    );
    assert!(
        report.contains("tables 1"),
        "the confusion matrix table is missing:\n{report}"
    );

    let screenshot = out.join("figures.png");
    let window = format!("--screenshot={}", screenshot.display());
    chromium(
        &out.join("figures.html"),
        profile.path(),
        &[&window, "--window-size=1280,3000"],
    );
    let shot = image::open(&screenshot)
        .expect("chromium wrote a screenshot")
        .to_rgb8();
    let dark = shot
        .pixels()
        .filter(|p| p.0.iter().all(|&c| c < 100))
        .count();
    assert!(
        dark > 10_000,
        "the screenshot shows little: {dark} dark pixels"
    );
    println!("screenshot: {}", PathBuf::from(&screenshot).display());
}
