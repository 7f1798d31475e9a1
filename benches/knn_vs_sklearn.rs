//! The book's KNN cells side by side with scikit-learn, in the same run, on full MNIST.
//!
//! Workloads (both sides time the same step; loading MNIST is never timed):
//! - `predict`: `KNeighborsClassifier(n_neighbors=4, weights="distance")`, fit + predict the
//!   10,000 test digits; result: test accuracy.
//! - `multilabel`: `cross_val_predict(KNeighborsClassifier(), x_train, [y >= 7, y odd], cv=3)`;
//!   result: F1 macro.
//! - `grid`: exercise 1's grid search (weights uniform/distance x n_neighbors 3, 4, 5, cv=5);
//!   result: best params and best score.
//! - `shift`: exercise 2's augmentation to 300,000 rows (scipy's `shift` image by image).
//! - `augmented`: the `predict` model fitted on the 300,000 augmented rows (augmentation not
//!   timed); result: test accuracy.
//!
//! Each measurement runs in a fresh process (the benchmark re-runs itself with `--once`, and
//! `benches/knn_sklearn.py` through `HANDSON_PYTHON`, default `.venv/bin/python`, with the
//! `OPENBLAS_*` overrides of this machine removed so that NumPy picks its fastest kernels). The
//! machine is shared, so each side is measured `HANDSON_BENCH_RUNS` times (default 3),
//! alternating, and medians are reported with handson's peak resident memory (which includes
//! the loaded data set, about 0.5 GB).
//!
//! `make bench-knn`, or `HANDSON_DATA=../shared/data cargo bench --bench knn_vs_sklearn [--
//! WORKLOAD...]` (all five take about half an hour, mostly scikit-learn's grid search).

mod common;

use std::process::Command;
use std::time::Instant;

use common::{median, peak_kb, python, run, runs, workloads_or_once};
use handson::prelude::*;

const WORKLOADS: [&str; 5] = ["predict", "multilabel", "grid", "shift", "augmented"];

/// Runs one workload here and prints `seconds<TAB>result<TAB>peak kB`.
fn once(workload: &str) -> handson::Result<()> {
    let mnist = load_mnist()?;
    let (x_train, y_train) = (&mnist.x_train, &mnist.y_train);
    let augmented = match workload {
        "augmented" => Some(augment_with_shifts(x_train, y_train)?),
        _ => None,
    };
    let started = Instant::now();
    let result = match workload {
        "predict" | "augmented" => {
            let (x, y) = augmented
                .as_ref()
                .map_or((x_train, y_train), |(x, y)| (x, y));
            let mut knn = KNeighborsClassifier::new()
                .n_neighbors(4)
                .weights(Weights::Distance);
            knn.fit(x, y)?;
            accuracy_score(&mnist.y_test, &knn.predict(&mnist.x_test)?)?.to_string()
        }
        "multilabel" => {
            let y_multilabel = ndarray::stack![
                Axis(1),
                y_train.mapv(|d| d >= 7),
                y_train.mapv(|d| d % 2 == 1)
            ];
            let y_pred =
                cross_val_predict(&KNeighborsClassifier::new(), x_train, &y_multilabel, 3)?;
            f1_score(&y_multilabel, &y_pred, Average::Macro)?.to_string()
        }
        "grid" => {
            let param_grid = ParamGrid::new()
                .param("weights", ["uniform", "distance"])
                .param("n_neighbors", [3, 4, 5]);
            let mut grid_search = GridSearchCV::new(KNeighborsClassifier::new(), param_grid, 5);
            grid_search.fit(x_train, y_train)?;
            format!(
                "{} {}",
                grid_search.best_params()?,
                grid_search.best_score()?
            )
        }
        "shift" => {
            let (x_augmented, _) = augment_with_shifts(x_train, y_train)?;
            format!("{:?}", x_augmented.dim())
        }
        other => {
            return Err(Error::invalid(
                "workload",
                format!("one of {WORKLOADS:?}"),
                other,
            ));
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    println!("{seconds}\t{result}\t{}", peak_kb());
    Ok(())
}

fn main() {
    let args = workloads_or_once(|args| once(&args[0]));
    let runs = runs("HANDSON_BENCH_RUNS", 3);
    let workloads: Vec<&str> = if args.is_empty() {
        WORKLOADS.to_vec()
    } else {
        args.iter().map(String::as_str).collect()
    };
    let me = std::env::current_exe().expect("the benchmark's own path");
    let root = env!("CARGO_MANIFEST_DIR");
    let python = python();
    println!(
        "| workload | handson (s) | scikit-learn (s) | speed-up | handson result | scikit-learn result | handson peak memory |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut blas = String::new();
    for workload in workloads {
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        let (mut our_result, mut their_result, mut peak) = (String::new(), String::new(), 0u64);
        for _ in 0..runs {
            let (seconds, result, kb) = run(Command::new(&me).args(["--once", workload]));
            ours.push(seconds);
            (our_result, peak) = (result, peak.max(kb.parse().unwrap_or(0)));
            let (seconds, result, their_blas) = run(Command::new(&python)
                .arg(format!("{root}/benches/knn_sklearn.py"))
                .arg(workload)
                .env_remove("OPENBLAS_CORETYPE")
                .env_remove("OPENBLAS_L2_SIZE"));
            theirs.push(seconds);
            (their_result, blas) = (result, their_blas);
        }
        let (ours, theirs) = (median(ours), median(theirs));
        println!(
            "| {workload} | {ours:.2} | {theirs:.2} | {:.1}x | {our_result} | {their_result} | {:.2} GB |",
            theirs / ours,
            peak as f64 / 1e6
        );
    }
    println!(
        "\nMedians of {runs} alternating runs, each in a fresh process; scikit-learn's BLAS: {blas}"
    );
}
