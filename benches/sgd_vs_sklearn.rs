//! SGD against scikit-learn, side by side in one run, on the same MNIST files: the ten-class
//! `SgdClassifier` fit on raw pixels, and `cross_val_predict` (cv=3) on standardized pixels,
//! both with scikit-learn's exact arithmetic (the fitted weights are the same bits).
//! scikit-learn's side is `benches/sgd_sklearn.py`, run once per workload (it takes minutes);
//! ours is the median of `HANDSON_BENCH_RUNS` runs (default 1).
//!
//! Run with `make bench-sgd` (or `cargo bench --bench sgd_vs_sklearn`) with `HANDSON_DATA` set;
//! `HANDSON_PYTHON` picks the Python with scikit-learn (default `.venv/bin/python`),
//! `HANDSON_BENCH_SKIP_SKLEARN=1` times this crate only. Name workloads after `--` (`fit_raw`,
//! `cross_val_predict_scaled`) to run only those.

use std::process::Command;
use std::time::Instant;

use handson::datasets::data_home;
use handson::prelude::*;

/// The workloads, by the names both sides print.
const WORKLOADS: [&str; 2] = ["fit_raw", "cross_val_predict_scaled"];

fn median_seconds<T>(runs: usize, mut work: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        last = Some(work());
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], last.expect("at least one run"))
}

fn main() -> Result<()> {
    let runs: usize = std::env::var("HANDSON_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1)
        .max(1);
    let named: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| WORKLOADS.contains(&a.as_str()))
        .collect();
    let workloads: Vec<&str> = WORKLOADS
        .into_iter()
        .filter(|w| named.is_empty() || named.iter().any(|n| n == w))
        .collect();
    let mnist = load_mnist()?;
    let (x_train, y_train) = (&mnist.x_train, &mnist.y_train);

    let (mut fit, mut cvp, mut accuracy) = (f64::NAN, f64::NAN, f64::NAN);
    if workloads.contains(&"fit_raw") {
        let (seconds, n_iter) = median_seconds(runs, || {
            let mut clf = SgdClassifier::new().random_state(42);
            clf.fit(x_train, y_train).and_then(|c| c.n_iter())
        });
        fit = seconds;
        eprintln!("fit_raw: {fit:.2} s, n_iter {}", n_iter?);
    }
    if workloads.contains(&"cross_val_predict_scaled") {
        let x_train_scaled = StandardScaler::new().fit_transform(x_train)?;
        let (seconds, y_pred) = median_seconds(runs, || {
            cross_val_predict(
                &SgdClassifier::new().random_state(42),
                &x_train_scaled,
                y_train,
                3,
            )
        });
        cvp = seconds;
        accuracy = accuracy_score(y_train, &y_pred?)?;
        eprintln!("cross_val_predict_scaled: {cvp:.2} s, accuracy {accuracy}");
    }

    let sklearn = if std::env::var_os("HANDSON_BENCH_SKIP_SKLEARN").is_some() {
        None
    } else {
        let python = std::env::var("HANDSON_PYTHON")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/.venv/bin/python").into());
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/sgd_sklearn.py");
        let mnist_dir = data_home(None)?.join("mnist");
        eprintln!("running scikit-learn ({python} {script}), several minutes...");
        let output = Command::new(&python)
            .arg(script)
            .arg(&mnist_dir)
            .args(&workloads)
            .output()
            .map_err(|e| Error::io("running", &python, e))?;
        let text = String::from_utf8_lossy(&output.stdout).to_string();
        let time_of = |name: &str| {
            text.lines().find_map(|l| {
                l.strip_prefix(name)?
                    .split_whitespace()
                    .next()?
                    .parse::<f64>()
                    .ok()
            })
        };
        let fit = time_of("fit_raw ").unwrap_or(f64::NAN);
        let cvp = time_of("cross_val_predict_scaled ").unwrap_or(f64::NAN);
        if output.status.success() {
            Some((fit, cvp, text))
        } else {
            eprintln!(
                "scikit-learn side failed:\n{text}\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
            None
        }
    };

    println!("\n| workload | scikit-learn 1.9 | handson | ratio |");
    println!("|---|---|---|---|");
    let (sk_fit, sk_cvp) = sklearn
        .as_ref()
        .map_or((f64::NAN, f64::NAN), |(f, c, _)| (*f, *c));
    if workloads.contains(&"fit_raw") {
        println!(
            "| SgdClassifier fit, raw x_train (10 classes) | {sk_fit:.1} s | {fit:.2} s | {:.1}x |",
            sk_fit / fit
        );
    }
    if workloads.contains(&"cross_val_predict_scaled") {
        println!(
            "| cross_val_predict cv=3, standardized x_train | {sk_cvp:.1} s | {cvp:.2} s | {:.1}x |",
            sk_cvp / cvp
        );
        println!("\naccuracy of cross_val_predict: {accuracy}");
    }
    if let Some((_, _, text)) = sklearn {
        println!("scikit-learn: {}", text.trim().replace('\n', "; "));
    }
    Ok(())
}
