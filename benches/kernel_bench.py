"""The "Rust (handson)" kernel against ipykernel and against a release binary (`make bench-kernel`).

    kernel_bench.py [--runs N] [--notebook-runs N] [--skip-notebook]

Drives the kernels through jupyter_client, as a front end does, and prints one table:
- kernel start: from starting a kernel (or asking for a restart) to the first cell's result, for
  a first start, a restart, and two kernels started at once (the later of the two), with the
  kernel pool (kernel/pool.py) started beforehand, as `make lab` does, and refilled before each
  start; a cold start without the pool (HANDSON_KERNEL_POOL=off) for comparison; and the pool's
  own times: from its start until its kernels are ready, and from a handout until it is full
  again;
- trivial cells (`1 + 1`, `let a = 2;`, ...), from the execute request to the kernel's reply;
- library workloads (SGD fit, KNN predict, random forest), timed inside the cell with
  `Instant`, against the same code in a release binary;
- notebooks/03_classification.ipynb cell by cell, against the same cells in a release binary:
  the sum over cells and the five slowest cells.
The trivial cells and each run of the notebook run in a kernel from the pool, as JupyterLab gets
one; that pool retires once it has handed the kernel out, so no pool starts kernels in the
background while a row measures. The workload rows use cold kernels. Each row is the median of
--runs runs (at least 3), kernel and release sides alternating; ipykernel's figures for the start
and trivial-cell rows come from the same run. The release binaries are generated from the same
cell sources (target/kernel-bench/) and built with `cargo build --release` into the crate's own
target directory. A cell that shows an error or writes to stderr stops the bench.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parent.parent
RUST_KERNEL = "handson"
PYTHON_KERNEL = "python3"
CELL_TIMEOUT_S = 3600
# The first cell of a kernel whose build slot is new builds handson and its dependencies.
START_TIMEOUT_S = 3600

TRIVIAL_CELLS = [
    ("1 + 1", "1 + 1"),
    ("let a = 2;", "a = 2"),
    ('println!("{}", a + 1);', "print(a + 1)"),
    ("a * 3", "a * 3"),
]

# Library workloads: each cell prints `seconds: S`, the time of the library call alone. The same
# text runs as a kernel cell and inside the release binary's main.
WORKLOAD_SETUP = """\
let mnist = load_mnist()?;
let (x_train, y_train) = (&mnist.x_train, &mnist.y_train);
let x_knn = mnist.x_test.slice(s![..2000, ..]).to_owned();
let (x_forest, y_forest) = (x_train.slice(s![..10000, ..]).to_owned(),
    y_train.slice(s![..10000]).to_owned());
"""
WORKLOADS = [
    (
        "SGD fit, ten classes, raw x_train",
        """\
let started = std::time::Instant::now();
let mut sgd = SgdClassifier::new().random_state(42);
sgd.fit(x_train, y_train)?;
println!("seconds: {}", started.elapsed().as_secs_f64());
""",
    ),
    (
        "KNN predict, k=4 distance, 2,000 digits",
        """\
let mut knn = KNeighborsClassifier::new().n_neighbors(4).weights(Weights::Distance);
knn.fit(x_train, y_train)?;
let started = std::time::Instant::now();
let predicted = knn.predict(&x_knn)?;
println!("seconds: {}", started.elapsed().as_secs_f64());
""",
    ),
    (
        "random forest fit, 10,000 digits",
        """\
let started = std::time::Instant::now();
let mut forest = RandomForestClassifier::new().random_state(42);
forest.fit(&x_forest, &y_forest)?;
println!("seconds: {}", started.elapsed().as_secs_f64());
""",
    ),
]
NOTEBOOK = ROOT / "notebooks" / "03_classification.ipynb"
KERNEL_DIR = Path(KernelSpecManager().get_kernel_spec(RUST_KERNEL).resource_dir)
sys.path.insert(0, str(KERNEL_DIR))
import pool_socket  # noqa: E402 (the installed kernel spec's module)

# The environments of a Rust kernel that starts cold, without the pool, and of one from the pool.
COLD = {**os.environ, "HANDSON_KERNEL_POOL": "off"}
POOLED = {**os.environ, "HANDSON_KERNEL_POOL": "on"}


def process_cpu(pid):
    """CPU seconds a process and its finished children used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def pool_kernels_cpu():
    """CPU seconds each of the pool's kernels used so far, by process id."""
    status = pool_socket.status(KERNEL_DIR) or {"kernels": []}
    return {k["pid"]: process_cpu(k["pid"]) for k in status["kernels"] if k["pid"]}


class Kernel:
    """One kernel, started through jupyter_client's KernelManager, with a blocking client."""

    def __init__(self, name, env=COLD):
        self.manager = KernelManager(kernel_name=name)
        self.env = env
        self.client = None

    def start(self):
        self.baseline = pool_kernels_cpu()
        self.manager.start_kernel(cwd=str(ROOT / "notebooks"), env=self.env)
        self._connect()

    def _connect(self):
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=START_TIMEOUT_S)
        # The process whose CPU counts: the kernel's own, or the pool's kernel behind the relay
        # (looked up now: a pool that retired no longer answers).
        pid = self.manager.provisioner.process.pid
        status = pool_socket.status(KERNEL_DIR) or {"kernels": []}
        self.pid = next((k["pid"] for k in status["kernels"] if k["relay"] == pid), pid)

    def cpu(self):
        """CPU seconds the kernel's process and its finished children (cargo, rustc) used; for a
        kernel from the pool, those of the pool's kernel since this start or restart."""
        return process_cpu(self.pid) - self.baseline.get(self.pid, 0.0)

    def restart(self):
        self.baseline = pool_kernels_cpu()
        self.client.stop_channels()
        self.manager.restart_kernel(now=False)
        self._connect()

    def execute(self, code, timeout=CELL_TIMEOUT_S):
        """Runs `code` as one cell; returns (seconds from request to reply, its text output,
        its error text or None)."""
        started = time.monotonic()
        msg_id = self.client.execute(code, store_history=True)
        text, error = [], None
        while True:
            msg = self.client.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                text.append(content["text"])
                # evcxr prints an `Err` that `?` returned, and a panic, on stderr only.
                if content["name"] == "stderr":
                    error = (error or "") + content["text"]
            elif kind in ("execute_result", "display_data"):
                text.append(content["data"].get("text/plain", ""))
            elif kind == "error":
                error = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content["execution_state"] == "idle":
                break
        elapsed = time.monotonic() - started
        reply = self.client.get_shell_msg(timeout=timeout)
        if reply["content"].get("status") == "error" and error is None:
            error = f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}"
        return elapsed, "".join(text), error

    def checked(self, code):
        elapsed, text, error = self.execute(code)
        if error:
            self.shutdown()
            sys.exit(f"cell failed: {error}\n{code}\n{text}")
        return elapsed, text

    def shutdown(self):
        if self.client:
            self.client.stop_channels()
        self.manager.shutdown_kernel(now=False)


def first_cell(kernel_name):
    """The first cell's code for a kernel."""
    return "1 + 1"


def time_start(kernel_name, env=COLD):
    """Seconds from starting a kernel to its first cell's result, and the CPU seconds the
    kernel used until then; returns the running kernel too."""
    started = time.monotonic()
    kernel = Kernel(kernel_name, env)
    kernel.start()
    kernel.checked(first_cell(kernel_name))
    return time.monotonic() - started, kernel.cpu(), kernel


def time_restart(kernel):
    started = time.monotonic()
    kernel.restart()
    kernel.checked(first_cell(None))
    return time.monotonic() - started, kernel.cpu()


def time_two_at_once(kernel_name, env=COLD):
    """Seconds until both of two kernels started together answered their first cell."""
    results = [None, None]

    def one(i):
        results[i] = time_start(kernel_name, env)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(2)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    for _, _, kernel in results:
        kernel.shutdown()
    return elapsed, max(cpu for _, cpu, _ in results)


class Pool:
    """The kernel pool, started as `make lab` starts it, owned by a process of the benchmark's
    (the pool retires when it is killed)."""

    def __init__(self):
        self.owner = subprocess.Popen(["sleep", "infinity"])
        started = time.monotonic()
        subprocess.run([sys.executable, str(KERNEL_DIR / "pool.py"), "--owner",
                        str(self.owner.pid), "--cwd", str(ROOT / "notebooks")], check=True)
        self.pid = pool_socket.status(KERNEL_DIR)["pid"]
        self.start_seconds = self.wait_full() + (time.monotonic() - started)
        self.start_cpu = sum(pool_kernels_cpu().values())

    def wait_full(self):
        """Waits until every kernel of the pool is ready; returns the seconds it took."""
        started = time.monotonic()
        while True:
            status = pool_socket.status(KERNEL_DIR)
            ready = [k for k in status["kernels"] if k["state"] == "ready"]
            if len(ready) == status["size"]:
                return time.monotonic() - started
            time.sleep(0.1)

    def retire(self):
        """Ends the owner: the pool ends its unclaimed kernels, and exits once the kernels it
        handed out have ended."""
        self.owner.kill()
        self.owner.wait()

    def stop(self):
        self.retire()
        while Path(f"/proc/{self.pid}").exists():
            time.sleep(0.1)


def start_rows(runs):
    """Cold starts, then the pool's rows, with one pool (restarted for each run of the row of its
    own start)."""
    rows = []

    def row(label, rust, python):
        """Runs `rust` and `python` (each returns seconds and CPU seconds) alternately."""
        times, cpus = ([], []), ([], [])
        for _ in range(runs):
            for side, measure in enumerate((rust, python)):
                elapsed, cpu = measure()
                times[side].append(elapsed)
                cpus[side].append(cpu)
        rows.append((label, times[0], times[1], cpus[0], cpus[1]))
        progress(rows[-1])

    def first(name, env, after_start=lambda: None):
        elapsed, cpu, kernel = time_start(name, env)
        after_start()
        kernel.shutdown()
        return elapsed, cpu

    def restart(name, env, before_restart=lambda: None):
        _, _, kernel = time_start(name, env)
        before_restart()
        elapsed, cpu = time_restart(kernel)
        kernel.shutdown()
        return elapsed, cpu

    def python_first():
        return first(PYTHON_KERNEL, COLD)

    row("kernel start: cold (no pool)", lambda: first(RUST_KERNEL, COLD), python_first)

    pools = []

    def pool_start():
        if pools:
            pools.pop().stop()
        pools.append(Pool())
        return pools[-1].start_seconds, pools[-1].start_cpu

    row("pool: from its start to its kernels ready (CPU: all of them)", pool_start, python_first)
    pool = pools[0]
    refills = []

    def pooled_first():
        pool.wait_full()
        return first(RUST_KERNEL, POOLED, lambda: refills.append(pool.wait_full()))

    def pooled_restart():
        pool.wait_full()
        return restart(RUST_KERNEL, POOLED, pool.wait_full)

    def pooled_two():
        pool.wait_full()
        return time_two_at_once(RUST_KERNEL, POOLED)

    row("kernel start: first start (pool ready)", pooled_first, python_first)
    rows.append(("pool: from a handout to full again", refills, []))
    progress(rows[-1])
    row("kernel start: restart (pool ready)", pooled_restart,
        lambda: restart(PYTHON_KERNEL, COLD))
    row("kernel start: two at once (pool ready)", pooled_two,
        lambda: time_two_at_once(PYTHON_KERNEL, COLD))
    pool.stop()
    return rows


def pooled_kernel():
    """A Rust kernel from a new pool, as JupyterLab gets one (its first `let` asked before the
    handout); the pool then retires, so that no kernel starts in the background while cells are
    timed."""
    pool = Pool()
    kernel = Kernel(RUST_KERNEL, POOLED)
    kernel.start()
    pool.retire()
    return kernel


def trivial_rows(runs):
    rust, python = pooled_kernel(), Kernel(PYTHON_KERNEL)
    python.start()
    times = [([], [], [], []) for _ in TRIVIAL_CELLS]
    for _ in range(runs):
        for (rust_code, python_code), measured in zip(TRIVIAL_CELLS, times):
            for kernel, code, (wall, cpu) in [
                (rust, rust_code, (measured[0], measured[2])),
                (python, python_code, (measured[1], measured[3])),
            ]:
                before = kernel.cpu()
                wall.append(kernel.checked(code)[0])
                cpu.append(kernel.cpu() - before)
    rust.shutdown()
    python.shutdown()
    rows = [(f"cell `{code}`", *measured) for (code, _), measured in zip(TRIVIAL_CELLS, times)]
    for row in rows:
        progress(row)
    return rows


def seconds_printed(text):
    found = re.findall(r"seconds: ([0-9.eE+-]+)", text)
    if not found:
        sys.exit(f"no `seconds:` line in {text!r}")
    return [float(s) for s in found]


def workload_rows(runs):
    binary = build_release_binary("workloads", [WORKLOAD_SETUP] + [code for _, code in WORKLOADS])
    kernel = Kernel(RUST_KERNEL)
    kernel.start()
    kernel.checked(WORKLOAD_SETUP)
    in_kernel = [[] for _ in WORKLOADS]
    release = [[] for _ in WORKLOADS]
    for _ in range(runs):
        for i, (_, code) in enumerate(WORKLOADS):
            in_kernel[i] += seconds_printed(kernel.checked(code)[1])
        # One release process per run, alternating with the kernel's runs.
        for i, (_, out) in enumerate(run_release_binary(binary)[1:]):
            release[i] += seconds_printed(out)
    kernel.shutdown()
    rows = [(name, k, r) for (name, _), k, r in zip(WORKLOADS, in_kernel, release)]
    for row in rows:
        progress(row)
    return rows


def notebook_cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [
        "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code" and c["source"]
    ]


def notebook_rows(runs):
    cells = notebook_cells(NOTEBOOK)
    binary = build_release_binary("notebook", cells)
    in_kernel = [[] for _ in cells]
    release = [[] for _ in cells]
    for _ in range(runs):
        kernel = pooled_kernel()
        kernel.checked("1 + 1")
        for i, code in enumerate(cells):
            in_kernel[i].append(kernel.checked(code)[0])
        kernel.shutdown()
        for i, (seconds, _) in enumerate(run_release_binary(binary)):
            release[i].append(seconds)
        print(
            f"  notebook run: kernel {sum(t[-1] for t in in_kernel):.1f} s, "
            f"release {sum(t[-1] for t in release):.1f} s",
            flush=True,
        )
    medians = [(statistics.median(k), statistics.median(r), c)
               for k, r, c in zip(in_kernel, release, cells)]
    total = ("03_classification: sum of cell times",
             [sum(t[i] for t in in_kernel) for i in range(runs)],
             [sum(t[i] for t in release) for i in range(runs)])
    slowest = sorted(range(len(cells)), key=lambda i: -medians[i][0])[:5]
    rows = [total] + [
        (f"  cell {i + 1}: {first_line(cells[i])}", in_kernel[i], release[i]) for i in slowest
    ]
    for row in rows:
        progress(row)
    return rows


def first_line(code):
    line = next((ln.strip() for ln in code.splitlines() if ln.strip()), "")
    return line if len(line) <= 48 else line[:45] + "..."


# --- the release side: the same cells as statements of one `main`, each timed ---------------


def split_tail(code):
    """Splits a cell into its statements and its final expression (evcxr shows the latter's
    value): the text after the last `;` outside brackets, strings and comments."""
    depth, last_semicolon, i = 0, -1, 0
    while i < len(code):
        ch = code[i]
        if code.startswith("//", i):
            i = code.find("\n", i)
            if i < 0:
                break
            continue
        if ch == '"':
            i += 1
            while i < len(code) and code[i] != '"':
                i += 2 if code[i] == "\\" else 1
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == ";" and depth == 0:
            last_semicolon = i
        i += 1
    return code[: last_semicolon + 1], code[last_semicolon + 1 :].strip()


RELEASE_PRELUDE = """\
//! Generated by benches/kernel_bench.py: notebook cells as one program, each cell timed.
#![allow(unused)]
use handson::prelude::*;

/// What evcxr does with a cell's final value: a figure or table renders itself (as a kernel
/// cell, it would be sent to Jupyter), anything else is formatted with `Debug`.
trait Show {
    fn show(&self);
}
macro_rules! show_by_display {
    ($($t:ty),*) => {$(impl Show for $t { fn show(&self) { self.evcxr_display() } })*};
}
show_by_display!(Figure, Plot, Svg, MatShow, Table);
trait ShowDebug {
    fn show(&self);
}
impl<T: std::fmt::Debug> ShowDebug for &T {
    fn show(&self) {
        println!("{:?}", self);
    }
}

fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
"""


CELL_END = "<<end of cell>>"


def release_source(cells):
    body = []
    for index, code in enumerate(cells):
        statements, tail = split_tail(code)
        show = f"(&({tail})).show();" if tail else ""
        body.append(
            f"let started = std::time::Instant::now();\n"
            f"{statements}\n{show}\n"
            f'println!("\\n{CELL_END} {index} {{}}", started.elapsed().as_secs_f64());\n'
        )
    return RELEASE_PRELUDE + "\n".join(body) + "Ok(())\n}\n"


def build_release_binary(name, cells):
    """Writes and builds a binary running `cells` in order; returns its path."""
    crate = ROOT / "target" / "kernel-bench" / name
    (crate / "src").mkdir(parents=True, exist_ok=True)
    (crate / "Cargo.toml").write_text(
        f'[package]\nname = "kernel-bench-{name}"\nversion = "0.0.0"\nedition = "2024"\n\n'
        f'[dependencies]\nhandson = {{ path = "{ROOT}" }}\n\n[workspace]\n'
    )
    lock = crate / "Cargo.lock"
    if not lock.exists():
        lock.write_bytes((ROOT / "Cargo.lock").read_bytes())
    (crate / "src" / "main.rs").write_text(release_source(cells))
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--manifest-path", str(crate / "Cargo.toml")],
        check=True,
        env={**os.environ, "CARGO_TARGET_DIR": str(ROOT / "target")},
    )
    return ROOT / "target" / "release" / f"kernel-bench-{name}"


def run_release_binary(binary):
    """Runs the binary; returns (seconds, stdout) of each cell."""
    done = subprocess.run([str(binary)], cwd=ROOT / "notebooks", capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{binary} failed:\n{done.stderr}")
    parts = re.split(rf"^{CELL_END} \d+ ([0-9.eE+-]+)$", done.stdout, flags=re.M)
    return [(float(seconds), out) for out, seconds in zip(parts[0::2], parts[1::2])]


# --- the table --------------------------------------------------------------------------------


def median(values):
    return statistics.median(values) if values else float("nan")


def seconds(values):
    return f"{median(values):.3f} s" if values else "-"


def runs_text(values):
    return ", ".join(f"{v:.3f}" for v in values)


def progress(row):
    label, left, right = row[:3]
    cpu = "".join(f"; CPU {runs_text(c)}" for c in row[3:])
    print(f"  {label}: {seconds(left)} vs {seconds(right)} "
          f"(runs {runs_text(left)} | {runs_text(right)}{cpu})", flush=True)


def print_table(sections):
    """Medians; for rows measured through a kernel, also the CPU seconds the kernel process and
    its children (cargo, rustc) used, which the load of other processes does not inflate."""
    print()
    for title, (left_name, right_name), rows in sections:
        print(f"| {title} | {left_name} | {right_name} | ratio | max ({left_name}) |"
              f" CPU ({left_name}) | CPU ({right_name}) |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for label, left, right, *cpu in rows:
            ratio = f"{median(left) / median(right):.2f}" if right else "-"
            cpu_text = " | ".join(seconds(c) for c in cpu) if cpu else "- | -"
            print(f"| {label} | {seconds(left)} | {seconds(right)} | {ratio} |"
                  f" {max(left):.3f} s | {cpu_text} |")
        print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--notebook-runs", type=int, default=3)
    parser.add_argument("--skip-notebook", action="store_true")
    parser.add_argument("--only", choices=["start", "trivial", "workloads", "notebook"])
    args = parser.parse_args()
    if args.runs < 3:
        sys.exit("--runs must be at least 3: each row is a median of at least 3 runs")
    print(f"kernel benchmark on {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}",
          flush=True)
    sections = []
    if args.only in (None, "start"):
        sections.append(("kernel start", ("Rust (handson)", "ipykernel"), start_rows(args.runs)))
    if args.only in (None, "trivial"):
        sections.append(("trivial cell", ("Rust (handson)", "ipykernel"),
                         trivial_rows(args.runs)))
    if args.only in (None, "workloads"):
        sections.append(("library call (timed in the cell)", ("in kernel", "release binary"),
                         workload_rows(args.runs)))
    if args.only in (None, "notebook") and not args.skip_notebook:
        sections.append(("03_classification, cell wall time", ("in kernel", "release binary"),
                         notebook_rows(args.notebook_runs)))
    print_table(sections)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
