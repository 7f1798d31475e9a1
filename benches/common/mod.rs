//! What the side-by-side benchmarks (`sgd_vs_sklearn`, `knn_vs_sklearn`, `svc_vs_sklearn`) share:
//! each runs every measurement in a fresh child process, its own binary with `--once WORKLOAD
//! ...` for handson and a Python script for scikit-learn, and reads the child's last output line,
//! `seconds<TAB>result<TAB>note`.
//!
//! Each benchmark compiles this module into itself and uses what it needs of it.
#![allow(dead_code)]

use std::process::Command;

/// The command-line arguments after cargo's own (`--bench`, ...). With `--once ARGS...`, runs
/// `once(ARGS)` here and exits (status 1 with its error on stderr); otherwise returns the
/// arguments: the workloads to run, none meaning all.
pub fn workloads_or_once(once: impl FnOnce(&[String]) -> handson::Result<()>) -> Vec<String> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--") || a == "--once")
        .collect();
    if args.first().map(String::as_str) != Some("--once") {
        return args;
    }
    let code = match once(&args[1..]) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{e}");
            1
        }
    };
    std::process::exit(code)
}

/// The Python that runs the scikit-learn side: `$HANDSON_PYTHON`, else the checkout's `.venv`.
pub fn python() -> String {
    std::env::var("HANDSON_PYTHON")
        .unwrap_or_else(|_| format!("{}/.venv/bin/python", env!("CARGO_MANIFEST_DIR")))
}

/// A number of runs from the environment variable `variable`, at least 1.
pub fn runs(variable: &str, default: usize) -> usize {
    std::env::var(variable)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
        .max(1)
}

/// Runs one measurement: (seconds, result, note) from the child's last
/// `seconds<TAB>result<TAB>note` line. The child's stderr passes through; a child that fails
/// stops the benchmark with its output.
pub fn run(command: &mut Command) -> (f64, String, String) {
    let out = command.output().expect("starting a benchmark process");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}{stderr}");
    eprint!("{stderr}");
    let mut fields = stdout
        .lines()
        .last()
        .expect("a result line")
        .split('\t')
        .map(str::to_owned);
    let seconds = fields.next().and_then(|s| s.parse().ok()).expect("seconds");
    (
        seconds,
        fields.next().expect("a result"),
        fields.next().unwrap_or_default(),
    )
}

/// This process's peak resident memory in kB (`VmHWM`).
pub fn peak_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The median of a non-empty list (the upper one of an even count).
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
