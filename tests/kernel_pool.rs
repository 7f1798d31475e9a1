//! The kernel pool (`kernel/pool.py`, `kernel/relay.py`) with the real kernel:
//! `tests/kernel_pool/check_pool.py` starts kernels through jupyter_client and checks the
//! handout of a pre-started kernel, a cell's result through the relay, an interrupt, a restart,
//! the pool refilling, a stale kernel refused, and two kernels in two slots; then it exits
//! without shutting anything down, and this test checks that every process it started (pools,
//! relays, kernels, their children: all carry a marker in their environment) ends soon after.
//!
//! Needs the kernel and the Python environment (`make setup`), so a plain `cargo test` skips
//! it; `make test` runs it. `tests/kernel_pool/check_socket.py` checks the pool's socket
//! protocol against pools that misbehave, with no kernel, in every `cargo test`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// How long the pools may take to end their kernels once their owner is gone.
const CLEAN_UP: Duration = Duration::from_secs(60);

/// The processes whose environment holds `marker`.
fn processes_marked(marker: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().parse::<u32>().is_ok())
        .filter(|e| {
            std::fs::read(e.path().join("environ"))
                .is_ok_and(|env| env.split(|b| *b == 0).any(|v| v == marker.as_bytes()))
        })
        .map(|e| {
            let cmdline = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            format!("{}: {cmdline}", e.file_name().to_string_lossy())
        })
        .collect()
}

#[test]
#[ignore = "needs the Jupyter kernel: run `make test`"]
fn pre_started_kernels_are_handed_out_relayed_and_cleaned_up() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = root.join(".venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run `make setup` first",
        python.display()
    );
    let scratch = tempfile::tempdir().unwrap();
    let marker = format!("HANDSON_KERNEL_POOL_TEST={}", std::process::id());
    let (name, value) = marker.split_once('=').unwrap();
    let status = Command::new(&python)
        .arg(root.join("tests/kernel_pool/check_pool.py"))
        .arg(scratch.path())
        .env(name, value)
        .current_dir(root)
        .status()
        .unwrap();
    assert!(status.success(), "a check failed: see the lines above");
    let started = Instant::now();
    let mut left = processes_marked(&marker);
    while !left.is_empty() && started.elapsed() < CLEAN_UP {
        std::thread::sleep(Duration::from_millis(500));
        left = processes_marked(&marker);
    }
    assert!(
        left.is_empty(),
        "processes outlived the runner that started them by {CLEAN_UP:?}: {left:#?}"
    );
}

/// `tests/kernel_pool/check_socket.py`, with the standard library's Python alone: a pool that
/// accepted a connection and stopped serving without answering it ends a relay's wait as
/// "retired" and a status request as no pool, within seconds; a pool that answers slowly but
/// still serves is waited for.
#[test]
fn clients_notice_a_pool_that_dropped_their_connection() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new("python3")
        .arg(root.join("tests/kernel_pool/check_socket.py"))
        .status()
        .unwrap();
    assert!(status.success(), "a check failed: see the lines above");
}
