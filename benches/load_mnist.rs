//! How long `load_mnist()` takes from the data home (gzip IDX files, decompressed, checksummed
//! and converted to f64). Loading is cached per process, so each measurement runs in a fresh
//! process: the benchmark re-runs itself with `--once` and reports the median.
//!
//! `HANDSON_DATA=../shared/data cargo bench --bench load_mnist`

use std::process::Command;
use std::time::Instant;

const RUNS: usize = 7;

fn main() {
    if std::env::args().any(|a| a == "--once") {
        let started = Instant::now();
        let mnist = handson::datasets::load_mnist().unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1)
        });
        println!("{}", started.elapsed().as_secs_f64());
        assert_eq!(mnist.x_train.nrows(), 60000);
        return;
    }
    let me = std::env::current_exe().expect("the benchmark's own path");
    let mut seconds: Vec<f64> = (0..RUNS)
        .map(|_| {
            let out = Command::new(&me)
                .arg("--once")
                .output()
                .expect("running the benchmark");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout)
                .trim()
                .parse()
                .expect("a time in seconds")
        })
        .collect();
    seconds.sort_by(f64::total_cmp);
    println!(
        "load_mnist: median {:.3} s over {RUNS} fresh processes (min {:.3} s, max {:.3} s)",
        seconds[RUNS / 2],
        seconds[0],
        seconds[RUNS - 1]
    );
}
