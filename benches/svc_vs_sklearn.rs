//! `SVC()` side by side with scikit-learn, in the same run, on standardized MNIST: fit on the
//! first N training digits (StandardScaler fitted on those, not timed), then predict the 10,000
//! test digits (timed together). Workloads: `10000` (the benchmark) and `60000` (the
//! whole training set; scikit-learn takes a long while).
//!
//! Each measurement runs in a fresh process (the benchmark re-runs itself with `--once`, and
//! `benches/svc_sklearn.py` through `HANDSON_PYTHON`, default `.venv/bin/python`, with the
//! `OPENBLAS_*` overrides of this machine removed). Each side is measured `HANDSON_BENCH_RUNS`
//! times (default 3), alternating; medians are reported, with the number of test digits whose
//! predictions differ between the two sides.
//!
//! `make bench-svc`, or `HANDSON_DATA=../shared/data cargo bench --bench svc_vs_sklearn [--
//! WORKLOAD...]`.

mod common;

use std::process::Command;
use std::time::Instant;

use common::{median, python, run, runs, workloads_or_once};
use handson::prelude::*;

const WORKLOADS: [&str; 2] = ["10000", "60000"];

/// Runs one workload here, writes the predictions to `predictions_file` and prints
/// `seconds<TAB>accuracy<TAB>fit seconds`.
fn once(n_train: &str, predictions_file: &str) -> handson::Result<()> {
    let n_train: usize = n_train
        .parse()
        .map_err(|_| Error::invalid("workload", "a number of training digits", n_train))?;
    let mnist = load_mnist()?;
    let x_train = mnist.x_train.slice(s![..n_train, ..]);
    let y_train = mnist.y_train.slice(s![..n_train]).to_owned();
    let mut scaler = StandardScaler::new();
    let x_train = scaler.fit_transform(&x_train)?;
    let x_test = scaler.transform(&mnist.x_test)?;
    let (started, cpu_started) = (Instant::now(), cpu_seconds());
    let mut svc = Svc::new();
    svc.fit(&x_train, &y_train)?;
    let fit_seconds = started.elapsed().as_secs_f64();
    let fit_cpu = cpu_seconds() - cpu_started;
    let y_pred = svc.predict(&x_test)?;
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_started;
    eprintln!(
        "handson: fit {fit_seconds:.2} s ({fit_cpu:.2} s CPU), fit + predict {seconds:.2} s \
         ({cpu:.2} s CPU), {} support vectors",
        svc.support()?.len()
    );
    let digits: String = y_pred.iter().map(|d| char::from(b'0' + d)).collect();
    std::fs::write(predictions_file, digits).map_err(|source| Error::Io {
        action: "writing",
        path: predictions_file.into(),
        source,
    })?;
    let accuracy = accuracy_score(&mnist.y_test, &y_pred)?;
    println!("{seconds}\t{accuracy}\t{fit_seconds}");
    Ok(())
}

/// The CPU time (user and system, all threads) this process has used, in seconds.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

fn main() {
    let args = workloads_or_once(|args| once(&args[0], &args[1]));
    let runs = runs("HANDSON_BENCH_RUNS", 3);
    let workloads: Vec<&str> = if args.is_empty() {
        WORKLOADS.to_vec()
    } else {
        args.iter().map(String::as_str).collect()
    };
    let me = std::env::current_exe().expect("the benchmark's own path");
    let root = env!("CARGO_MANIFEST_DIR");
    let python = python();
    let dir = std::env::temp_dir();

    println!(
        "| training digits | handson (s) | of which fit (s) | scikit-learn (s) | speed-up | handson accuracy | scikit-learn accuracy | predictions that differ |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let mut blas = String::new();
    for workload in workloads {
        let ours_file = dir.join(format!("svc_handson_{workload}.txt"));
        let theirs_file = dir.join(format!("svc_sklearn_{workload}.txt"));
        let (mut ours, mut fits, mut theirs) = (Vec::new(), Vec::new(), Vec::new());
        let (mut our_result, mut their_result) = (String::new(), String::new());
        for _ in 0..runs {
            let (seconds, result, fit) =
                run(Command::new(&me).args(["--once", workload]).arg(&ours_file));
            ours.push(seconds);
            fits.push(fit.parse().unwrap_or(f64::NAN));
            our_result = result;
            let (seconds, result, their_blas) = run(Command::new(&python)
                .arg(format!("{root}/benches/svc_sklearn.py"))
                .arg(workload)
                .arg(&theirs_file)
                .env_remove("OPENBLAS_CORETYPE")
                .env_remove("OPENBLAS_L2_SIZE"));
            theirs.push(seconds);
            (their_result, blas) = (result, their_blas);
        }
        let read = |path: &std::path::Path| std::fs::read(path).expect("a predictions file");
        let (a, b) = (read(&ours_file), read(&theirs_file));
        let differ: Vec<usize> = (0..a.len().max(b.len()))
            .filter(|&i| a.get(i) != b.get(i))
            .collect();
        let (ours, fit, theirs) = (median(ours), median(fits), median(theirs));
        println!(
            "| {workload} | {ours:.2} | {fit:.2} | {theirs:.2} | {:.1}x | {our_result} | {their_result} | {} {differ:?} |",
            theirs / ours,
            differ.len()
        );
    }
    println!(
        "\nMedians of {runs} alternating runs, each in a fresh process; scikit-learn's BLAS: {blas}"
    );
}
