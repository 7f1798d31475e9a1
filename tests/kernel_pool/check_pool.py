"""Drives the kernel pool (kernel/pool.py, kernel/relay.py) with the real "Rust (handson)"
kernel through jupyter_client, as Jupyter does; tests/kernel_pool.rs runs it, then checks that
nothing it started outlives it.

    check_pool.py SCRATCH_DIR

Writes the kernel spec into SCRATCH_DIR (kernel/write_spec.sh, with the checkout's build slots)
and runs a pool of one pre-started kernel, owned by this process. Checks, in order: the first
kernel start brings up the pool and is relayed to a pool kernel; the pool starts a replacement;
an interrupt ends a running cell; a shutdown request ends the kernel and with it the relay; a
restart gets the ready kernel, which ignores a shutdown request dated before the restart (meant
for the kernel before it), still answers a first cell sent after the pool's refill delay and
keeps no variable of its warm-up; after a kernel file changed, the ready kernel is not
handed out (the pool retires and a new one serves), while the running kernel goes on; two
kernels at once build in different slots. Every kernel starts with crates.io unreachable (a
proxy that refuses), as on a machine without a network, and the first kernel's slot holds the
versions that the checkout's Cargo.lock names. Then it exits without shutting anything down, as a
Jupyter server that dies would. Exit status 1 with a message when a check fails (at once when a
kernel dies).
"""

import os
import queue
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 600


def fail(text):
    print(f"check_pool: {text}", file=sys.stderr, flush=True)
    os._exit(1)


def wait_until(what, condition, timeout=TIMEOUT_S):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.2)
    fail(f"timed out waiting until {what}")


class Kernel:
    def __init__(self):
        self.manager = KernelManager(kernel_name="handson")
        self.manager.start_kernel(cwd=str(ROOT / "notebooks"))
        self.connect()

    def connect(self):
        self.client = self.manager.client()
        self.client.start_channels()
        try:
            self.client.wait_for_ready(timeout=TIMEOUT_S)
        except RuntimeError as error:
            process = self.manager.provisioner.process
            status = process.poll()
            fail(f"{error}: the process Jupyter launched ({process.args}, pid {process.pid})"
                 + (" still runs" if status is None else f" ended with status {status}"))

    @property
    def relay(self):
        """The process Jupyter launched."""
        return self.manager.provisioner.process.pid

    def run(self, code, on_output=None):
        """Runs a cell; returns its reply's status and its text output."""
        msg_id = self.client.execute(code)
        text = []
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            try:
                msg = self.client.get_iopub_msg(timeout=1)
            except queue.Empty:
                if not self.manager.is_alive():
                    fail(f"the kernel died while running {code!r}")
                if time.monotonic() > deadline:
                    fail(f"no answer to {code!r} in {TIMEOUT_S} s")
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            content = msg["content"]
            if msg["msg_type"] == "stream":
                text.append(content["text"])
                if on_output:
                    on_output()
            elif msg["msg_type"] == "execute_result":
                text.append(content["data"].get("text/plain", ""))
            elif msg["msg_type"] == "status" and content["execution_state"] == "idle":
                break
        while (reply := self.client.get_shell_msg(timeout=TIMEOUT_S))["parent_header"].get(
            "msg_id"
        ) != msg_id:
            pass
        return reply["content"]["status"], "".join(text).strip()

    def value(self, code):
        status, text = self.run(code)
        if status != "ok":
            fail(f"cell {code!r} failed: {text}")
        return text


def locked_versions(lock):
    """Each package of a Cargo.lock with its versions."""
    packages = tomllib.loads(lock.read_text())["package"]
    return {p["name"]: sorted(q["version"] for q in packages if q["name"] == p["name"])
            for p in packages}


def main():
    scratch = Path(sys.argv[1])
    kernel_dir = scratch / "share" / "jupyter" / "kernels" / "handson"
    evcxr = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo")) / "bin" / "evcxr_jupyter"
    subprocess.run(["bash", str(ROOT / "kernel" / "write_spec.sh"), str(kernel_dir),
                    str(ROOT / "target" / "kernel"), sys.executable, str(evcxr)], check=True)
    os.environ["JUPYTER_PATH"] = str(scratch / "share" / "jupyter")
    os.environ["HANDSON_KERNEL_POOL"] = "on"
    os.environ["HANDSON_KERNEL_POOL_SIZE"] = "1"
    for proxy in ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"):
        os.environ[proxy] = "http://127.0.0.1:9"
    os.environ["CARGO_NET_RETRY"] = "0"
    sys.path.insert(0, str(kernel_dir))
    import pool
    import pool_socket

    def kernels(state):
        status = pool_socket.status(kernel_dir) or {"kernels": []}
        return [k for k in status["kernels"] if k["state"] == state]

    def kernel_of(relay):
        return next((k["pid"] for k in kernels("claimed") if k["relay"] == relay), None)

    first = Kernel()
    cmdline = Path(f"/proc/{first.relay}/cmdline").read_bytes()
    if b"relay.py" not in cmdline or kernel_of(first.relay) is None:
        fail(f"the first kernel is not relayed to a pool kernel: {cmdline!r}")
    if first.value("1 + 1") != "2":
        fail("1 + 1 through the relay did not answer 2")
    slot = 'std::env::var("EVCXR_TMPDIR").unwrap()'
    built = locked_versions(Path(first.value(slot).strip('"')) / "Cargo.lock")
    checkout = locked_versions(ROOT / "Cargo.lock")
    moved = {name: (versions, checkout.get(name)) for name, versions in built.items()
             if name != "ctx" and not set(versions) <= set(checkout.get(name, []))}
    if moved or "image" not in built:
        fail(f"the slot built other versions than the checkout's Cargo.lock: {moved}")
    print("check_pool: first start, without crates.io, relayed to a pool kernel that built the"
          " checkout's locked versions", flush=True)

    ready = wait_until("the pool started a replacement", lambda: kernels("ready"))[0]["pid"]
    print("check_pool: the pool refilled", flush=True)

    interrupted = []
    status, _ = first.run(
        'println!("sleeping"); std::thread::sleep(std::time::Duration::from_secs(300));',
        on_output=lambda: interrupted or interrupted.append(first.manager.interrupt_kernel()),
    )
    if not interrupted or first.value("1 + 1") != "2":
        fail(f"the interrupted cell ended with {status!r}; the kernel did not answer after it")
    print("check_pool: an interrupt ended a running cell", flush=True)

    first.client.stop_channels()
    relay = first.manager.provisioner.process
    first.manager.request_shutdown(restart=True)
    wait_until("the relay exited with its kernel", lambda: relay.poll() is not None, 60)
    # restart_kernel sends the ended kernel an interrupt and a shutdown request on the ports the
    # new kernel gets; one more such request, dated before the restart, is sent after it.
    old_shutdown = first.manager.session.msg("shutdown_request", {"restart": False})
    first.manager.restart_kernel()
    first.connect()
    first.client.control_channel.send(old_shutdown)
    if kernel_of(first.relay) != ready:
        fail(f"the restarted kernel is {kernel_of(first.relay)}, not the ready one {ready}")
    # A learner may read for a while before running the first cell: the pool starts the
    # replacement REFILL_DELAY_S after such a handout, and the kernel must live on.
    time.sleep(pool.REFILL_DELAY_S + 3)
    if first.value("2 + 2") != "4":
        fail("the restarted kernel did not answer its first cell, sent after the pool's refill")
    if "handson_warm_up" in first.value(":vars"):
        fail("the pool's kernel keeps the variable of its warm-up (kernel/warm_up.rs)")
    print("check_pool: the relay ended with its kernel; a restart got the ready kernel, which"
          " ignored a shutdown request sent before it started and answered its first cell after"
          " the refill", flush=True)

    stale = wait_until("the pool started a replacement", lambda: kernels("ready"))[0]["pid"]
    with open(kernel_dir / "prelude.rs", "a") as prelude:
        prelude.write("// changed by tests/kernel_pool/check_pool.py\n")
    second = Kernel()
    if kernel_of(second.relay) in (None, stale) or Path(f"/proc/{stale}").exists():
        fail(f"after a kernel file changed, the stale kernel {stale} was handed out or lives on")
    if first.value(slot) == second.value(slot) or first.value("3 + 3") != "6":
        fail("two kernels at once share a slot, or the older one stopped answering")
    print("check_pool: a stale kernel was refused; two kernels run in two slots", flush=True)
    os._exit(0)


if __name__ == "__main__":
    main()
