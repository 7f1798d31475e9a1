//! The kernel launcher's build slots (`kernel/slot.sh`): each running kernel has a slot of its
//! own, so two kernels never build in the same directory, and a slot is reused once its kernel
//! has exited, so a restart finds its build. The launcher runs here with a stand-in for
//! evcxr_jupyter that reports the slot it was given (`EVCXR_TMPDIR`) and waits for its stdin to
//! close, as a kernel runs until it is shut down.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};

/// A running launcher with the stand-in kernel.
struct Kernel {
    child: Child,
    stdin: Option<ChildStdin>,
    slot: PathBuf,
}

impl Kernel {
    fn start(slots: &Path, fake_evcxr: &Path) -> Kernel {
        let mut child = Command::new("bash")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("kernel/slot.sh"))
            .arg("connection.json")
            .env("HANDSON_KERNEL_SLOTS", slots)
            .env("HANDSON_EVCXR", fake_evcxr)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let slot = PathBuf::from(line.trim());
        assert!(
            slot.starts_with(slots),
            "the kernel's EVCXR_TMPDIR {slot:?} is a slot under {slots:?}"
        );
        let stdin = child.stdin.take();
        Kernel { child, stdin, slot }
    }

    /// Shuts the kernel down and waits for it to exit.
    fn stop(mut self) -> PathBuf {
        drop(self.stdin.take());
        assert!(self.child.wait().unwrap().success());
        self.slot
    }
}

/// A stand-in for evcxr_jupyter: prints its slot, then runs until its stdin closes.
fn fake_evcxr(dir: &Path) -> PathBuf {
    let path = dir.join("fake_evcxr");
    std::fs::write(
        &path,
        "#!/usr/bin/env bash\necho \"$EVCXR_TMPDIR\"\ncat >/dev/null\n",
    )
    .unwrap();
    Command::new("chmod").arg("+x").arg(&path).status().unwrap();
    path
}

#[test]
fn kernels_running_at_once_never_share_a_slot() {
    let dir = tempfile::tempdir().unwrap();
    let evcxr = fake_evcxr(dir.path());
    let slots = dir.path().join("slots");
    let kernels: Vec<_> = (0..4).map(|_| Kernel::start(&slots, &evcxr)).collect();
    let mut seen: Vec<_> = kernels.iter().map(|k| k.slot.clone()).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 4, "four running kernels, four slots: {seen:?}");
    for kernel in kernels {
        kernel.stop();
    }
}

#[test]
fn a_slot_is_reused_once_its_kernel_has_exited() {
    let dir = tempfile::tempdir().unwrap();
    let evcxr = fake_evcxr(dir.path());
    let slots = dir.path().join("slots");
    let first = Kernel::start(&slots, &evcxr);
    let beside = Kernel::start(&slots, &evcxr);
    let freed = first.stop();
    // A restart: the new kernel gets the slot its predecessor left, not a new one.
    let restarted = Kernel::start(&slots, &evcxr);
    assert_eq!(restarted.slot, freed);
    assert_ne!(restarted.slot, beside.slot);
    restarted.stop();
    beside.stop();
}

#[test]
fn a_free_slot_that_was_built_before_is_preferred() {
    let dir = tempfile::tempdir().unwrap();
    let evcxr = fake_evcxr(dir.path());
    let slots = dir.path().join("slots");
    // Slot 0 exists but was never built; slot 1 holds a build (its target directory).
    std::fs::create_dir_all(slots.join("slot-0")).unwrap();
    std::fs::create_dir_all(slots.join("slot-1/target")).unwrap();
    let kernel = Kernel::start(&slots, &evcxr);
    assert_eq!(kernel.slot, slots.join("slot-1"));
    let next = Kernel::start(&slots, &evcxr);
    assert_eq!(next.slot, slots.join("slot-0"), "then the lowest free one");
    next.stop();
    kernel.stop();
}
