//! SGD against scikit-learn, side by side in one run, on the same MNIST files, with scikit-
//! learn's exact arithmetic (the fitted weights are the same bits):
//! - `fit_raw`: the ten-class `SgdClassifier(random_state=42)` fit on raw x_train;
//! - `cross_val_predict_scaled`: `StandardScaler`, then `cross_val_predict` cv=3 on all 60,000
//!   digits; `cross_val_predict_scaled_10k` and `_2k`: the same on the first 10,000 or 2,000
//!   (the scaler fitted on them), where fixed costs weigh most.
//!
//! Each measurement runs in a fresh process (the benchmark re-runs itself with `--once`, and
//! `benches/sgd_sklearn.py` through `HANDSON_PYTHON`, default `.venv/bin/python`), which prints
//! its time, its result and its peak resident memory (`VmHWM`, the loaded data set included).
//! Per workload, scikit-learn runs `HANDSON_SKLEARN_RUNS` times (default 1: 60,000 rows take
//! minutes) and handson `HANDSON_BENCH_RUNS` times (default 3), alternating, starting with
//! scikit-learn; the table has medians.
//!
//! Run with `make bench-sgd` (or `cargo bench --bench sgd_vs_sklearn`) with `HANDSON_DATA` set
//! (about 25 minutes on 2 idle cores, nearly all scikit-learn's). Name workloads after `--` to
//! run only those; `HANDSON_BENCH_SKIP_SKLEARN=1` times this crate only.

mod common;

use std::process::Command;
use std::time::Instant;

use common::{median, peak_kb, python, run, runs, workloads_or_once};
use handson::datasets::data_home;
use handson::prelude::*;

/// The workloads, by the names both sides take.
const WORKLOADS: [&str; 4] = [
    "cross_val_predict_scaled_2k",
    "cross_val_predict_scaled_10k",
    "fit_raw",
    "cross_val_predict_scaled",
];

/// Runs one workload here and prints `seconds<TAB>result<TAB>peak kB`.
fn once(workload: &str) -> Result<()> {
    let mnist = load_mnist()?;
    let (x_train, y_train) = (&mnist.x_train, &mnist.y_train);
    let rows = match workload.strip_prefix("cross_val_predict_scaled") {
        Some("_10k") => 10_000,
        Some("_2k") => 2_000,
        Some("") | None => x_train.nrows(),
        Some(_) => {
            return Err(Error::invalid(
                "workload",
                format!("one of {WORKLOADS:?}"),
                workload,
            ));
        }
    };
    let (seconds, result) = if workload == "fit_raw" {
        let started = Instant::now();
        let mut clf = SgdClassifier::new().random_state(42);
        clf.fit(x_train, y_train)?;
        (started.elapsed(), format!("n_iter {}", clf.n_iter()?))
    } else {
        let (x, y) = (
            x_train.slice(s![..rows, ..]),
            y_train.slice(s![..rows]).to_owned(),
        );
        let x_scaled = StandardScaler::new().fit_transform(&x)?;
        let started = Instant::now();
        let y_pred = cross_val_predict(&SgdClassifier::new().random_state(42), &x_scaled, &y, 3)?;
        let seconds = started.elapsed();
        (
            seconds,
            format!("accuracy {}", accuracy_score(&y, &y_pred)?),
        )
    };
    println!("{}\t{result}\t{}", seconds.as_secs_f64(), peak_kb());
    Ok(())
}

/// A peak memory in kB, as both sides note it.
fn kb(note: &str) -> u64 {
    note.trim().parse().unwrap_or(0)
}

fn main() -> Result<()> {
    let args = workloads_or_once(|args| once(args.first().map_or("", String::as_str)));
    let (our_runs, their_runs) = (
        runs("HANDSON_BENCH_RUNS", 3),
        runs("HANDSON_SKLEARN_RUNS", 1),
    );
    let skip_sklearn = std::env::var_os("HANDSON_BENCH_SKIP_SKLEARN").is_some();
    let workloads: Vec<&str> = WORKLOADS
        .into_iter()
        .filter(|w| args.is_empty() || args.iter().any(|a| a == w))
        .collect();
    let me = std::env::current_exe().map_err(|e| Error::io("finding", "the benchmark", e))?;
    let root = env!("CARGO_MANIFEST_DIR");
    let python = python();
    let mnist_dir = data_home(None)?.join("mnist");
    println!(
        "| workload | scikit-learn 1.9 (s) | handson (s) | ratio | scikit-learn peak | handson peak | scikit-learn result | handson result |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for workload in workloads {
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        let (mut our_result, mut their_result) = (String::new(), String::from("-"));
        let (mut our_peak, mut their_peak) = (0u64, 0u64);
        for round in 0..our_runs.max(their_runs) {
            if round < their_runs && !skip_sklearn {
                let (seconds, result, note) = run(Command::new(&python)
                    .arg(format!("{root}/benches/sgd_sklearn.py"))
                    .arg(&mnist_dir)
                    .arg(workload));
                eprintln!("{workload}: scikit-learn {seconds:.2} s");
                theirs.push(seconds);
                (their_result, their_peak) = (result, their_peak.max(kb(&note)));
            }
            if round < our_runs {
                let (seconds, result, note) = run(Command::new(&me).args(["--once", workload]));
                eprintln!("{workload}: handson {seconds:.3} s");
                ours.push(seconds);
                (our_result, our_peak) = (result, our_peak.max(kb(&note)));
            }
        }
        let (ours, theirs) = (
            median(ours),
            if theirs.is_empty() {
                f64::NAN
            } else {
                median(theirs)
            },
        );
        println!(
            "| {workload} | {theirs:.2} | {ours:.3} | {:.1}x | {:.2} GB | {:.2} GB | {their_result} | {our_result} |",
            theirs / ours,
            their_peak as f64 / 1e6,
            our_peak as f64 / 1e6,
        );
    }
    println!(
        "\nMedians of {our_runs} handson and {their_runs} scikit-learn runs per workload, alternating, \
         each in a fresh process; peaks are resident memory (VmHWM), MNIST included."
    );
    Ok(())
}
