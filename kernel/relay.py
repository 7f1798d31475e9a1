"""Connects Jupyter to a pre-started "Rust (handson)" kernel: launch.sh runs this with Jupyter's
connection file.

    relay.py CONNECTION_FILE

Asks the kernel pool (pool.py; started here when none listens) for a kernel, binds the sockets
Jupyter's connection file names and relays every message between them and the kernel's own
sockets: shell, control and stdin (routed by the clients' identities, so several clients can
share the kernel), iopub and the heartbeat. Messages are signed with the key of the side they go
to; one from Jupyter's side with a wrong signature is dropped, and so is a shutdown or interrupt
request dated before the relay started (see stale_request). The kernel's terminal output
(cargo's lines, the rebuild message) arrives over the pool's connection and goes to this
process's stderr, where Jupyter shows a kernel's output.

The relay lives as long as its kernel: it exits with the kernel's status when the pool says the
kernel ended, and when the process that launched it (the Jupyter server) is gone. When the relay
ends, however it ends, its connection to the pool closes and the pool kills the kernel. SIGINT
is passed on to the kernel's process. When the pool has no kernel to give, or cannot be reached,
this process becomes a cold start of the kernel (slot.sh).
"""

import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import zmq

import pool_socket

# When this relay started: Jupyter's requests dated before it were meant for an earlier kernel.
STARTED = datetime.now(timezone.utc)
KERNEL_DIR = Path(__file__).resolve().parent
DELIMITER = b"<IDS|MSG>"
CHANNELS = ("shell", "control", "stdin", "hb", "iopub")
# After the kernel ended, how long to keep passing its last messages on (its shutdown reply).
DRAIN_MS = 200


def cold_start(connection_file, why):
    """Replaces this process with a cold start of the kernel."""
    print(f"handson kernel: {why}: starting a kernel from scratch", file=sys.stderr, flush=True)
    os.execvp("bash", ["bash", str(KERNEL_DIR / "slot.sh"), connection_file])


def next_answer(pool):
    """The pool's next message ({} once it closed the connection; {"retired": ...} once it
    stopped serving without answering)."""
    return pool_socket.receive_while_serving(pool, KERNEL_DIR) or {}


def kernel_from_pool():
    """(connection to the pool, its answer with the kernel) or (None, why not)."""
    for _ in range(2):
        pool = pool_socket.connect(KERNEL_DIR)
        if pool is None:
            subprocess.run([sys.executable, str(KERNEL_DIR / "pool.py"),
                            "--owner", str(os.getppid())], check=False)
            pool = pool_socket.connect(KERNEL_DIR)
        if pool is None:
            return None, "the kernel pool did not start"
        pool.send({"want": "kernel", "cwd": os.getcwd(), "env": dict(os.environ)})
        # The output of a kernel still starting comes before the answer.
        while (answer := next_answer(pool)).get("output") is not None:
            print(answer["output"], file=sys.stderr, flush=True)
        if "kernel" in answer:
            return pool, answer
        pool.close()
        if "retired" not in answer:
            return None, answer.get("refused", "the pool's kernel ended before it was ready")
    return None, "the kernel pool keeps retiring"


class Signer:
    """Signs the four JSON frames of a message with one side's key."""

    def __init__(self, info):
        key = info["key"].encode() if isinstance(info["key"], str) else info["key"]
        scheme = info.get("signature_scheme", "hmac-sha256").removeprefix("hmac-")
        self.mac = hmac.new(key, digestmod=getattr(hashlib, scheme)) if key else None

    def sign(self, frames):
        if self.mac is None:
            return b""
        mac = self.mac.copy()
        for frame in frames:
            mac.update(frame)
        return mac.hexdigest().encode()


def resigned(frames, check, sign):
    """The message with its signature by `sign`; None when `check` is given and the signature
    it came with is not `check`'s. Frames before the delimiter (the routing identities) and the
    buffers after the four JSON frames pass unchanged."""
    if DELIMITER not in frames:
        return None
    i = frames.index(DELIMITER)
    parts = frames[i + 2 : i + 6]
    if check is not None and not hmac.compare_digest(check.sign(parts), frames[i + 1]):
        return None
    return frames[: i + 1] + [sign.sign(parts)] + frames[i + 2 :]


def stale_request(frames):
    """A shutdown or interrupt request dated before this relay started, or None.

    jupyter_client's restart of a kernel whose process had already ended sends the ended one an
    interrupt and a shutdown request, then starts the new one on the same ports; ZeroMQ keeps the
    requests queued while it reconnects, and a relay binds those ports soon enough to receive them
    (the kernel_pool test's restarted kernel shut down as soon as it was handed out, in a third of
    the runs). They were meant for the kernel before this one."""
    header = json.loads(frames[frames.index(DELIMITER) + 2])
    if header.get("msg_type") not in ("shutdown_request", "interrupt_request"):
        return None
    try:
        date = datetime.fromisoformat(header["date"])
    except (KeyError, TypeError, ValueError):
        return None
    if date.tzinfo is None:
        date = date.replace(tzinfo=timezone.utc)
    return header["msg_type"] if date < STARTED else None


def address(info, channel):
    port = info[f"{channel}_port"]
    if info.get("transport", "tcp") == "ipc":
        return f"ipc://{info['ip']}-{port}"
    return f"tcp://{info['ip']}:{port}"


class Relay:
    """Jupyter's sockets (bound) and the kernel's (connected), and the loop between them."""

    def __init__(self, jupyter, kernel, pool, kernel_pid):
        self.context = zmq.Context()
        self.jupyter_signer, self.kernel_signer = Signer(jupyter), Signer(kernel)
        self.pool, self.kernel_pid = pool, kernel_pid
        # Whether the kernel has answered a cell yet.
        self.answered = False
        self.front, self.back = {}, {}
        # The kernel answers an input request on stdin to the identity of the shell request's
        # sender: the relay's shell and stdin sockets carry the same identity.
        identity = f"handson-relay-{os.getpid()}".encode()
        for channel in CHANNELS:
            if channel == "iopub":
                back = self.context.socket(zmq.SUB)
                back.setsockopt(zmq.SUBSCRIBE, b"")
                front = self.context.socket(zmq.PUB)
            else:
                back = self.context.socket(zmq.DEALER)
                if channel in ("shell", "stdin"):
                    back.setsockopt(zmq.IDENTITY, identity)
                front = self.context.socket(zmq.ROUTER)
            back.connect(address(kernel, channel))
            front.bind(address(jupyter, channel))
            self.front[channel], self.back[channel] = front, back
        self.poller = zmq.Poller()
        for socket in (*self.front.values(), *self.back.values()):
            self.poller.register(socket, zmq.POLLIN)
        self.poller.register(pool.sock, zmq.POLLIN)
        self.launcher = os.getppid()
        self.launcher_exit = os.pidfd_open(self.launcher)
        self.poller.register(self.launcher_exit, zmq.POLLIN)

    def pass_on(self, socket):
        """Passes one waiting message of `socket` to the other side."""
        frames = socket.recv_multipart()
        for channel, front in self.front.items():
            if socket is front:
                out = self.back[channel]
                if channel != "hb":
                    frames = resigned(frames, self.jupyter_signer, self.kernel_signer)
                if channel == "control" and frames is not None and (kind := stale_request(frames)):
                    print(f"handson kernel: a {kind} sent before this kernel started (to the one"
                          " before it) is dropped", file=sys.stderr, flush=True)
                    frames = None
                break
        else:
            channel = next(c for c, back in self.back.items() if socket is back)
            out = self.front[channel]
            if channel == "shell" and not self.answered:
                self.note_answer(frames)
            if channel != "hb":
                frames = resigned(frames, None, self.jupyter_signer)
        if frames is not None:
            out.send_multipart(frames)

    def note_answer(self, frames):
        """Tells the pool when the kernel answered its first cell (then it starts the next)."""
        header = json.loads(frames[frames.index(DELIMITER) + 2])
        if header.get("msg_type") == "execute_reply":
            self.answered = True
            self.pool.send({"answered": True})

    def run(self):
        """Relays until the kernel or the launcher is gone; returns the kernel's exit status. When
        that happens before the kernel answered a cell (Jupyter may then report a kernel that died
        before replying), says which."""
        status = 1
        why = "the pool closed the connection"
        while True:
            ready = dict(self.poller.poll())
            for socket in ready:
                if isinstance(socket, zmq.Socket):
                    self.pass_on(socket)
            if self.launcher_exit in ready:
                why = f"the process that started it ({self.launcher}) exited"
                break
            if self.pool.sock.fileno() in ready:
                data = self.pool.sock.recv(65536)
                for message in self.pool.received(data):
                    if "output" in message:
                        print(message["output"], file=sys.stderr, flush=True)
                    elif "exit" in message:
                        status = message["exit"]
                        why = f"the pool says kernel {self.kernel_pid} ended with status {status}"
                if not data:
                    break
        if not self.answered:
            print(f"handson kernel: the relay stops before its kernel answered: {why}",
                  file=sys.stderr, flush=True)
        self.drain()
        return status

    def drain(self):
        """Passes on what the kernel sent before it ended, then closes the sockets."""
        self.poller.unregister(self.pool.sock)
        self.poller.unregister(self.launcher_exit)
        while waiting := [s for s in dict(self.poller.poll(DRAIN_MS)) if s in self.back.values()]:
            for socket in waiting:
                self.pass_on(socket)
        # What is still queued for the ended kernel is dropped; what is queued for Jupyter's
        # clients gets a second to leave.
        for socket in self.back.values():
            socket.close(linger=0)
        self.context.destroy(linger=1000)


def main():
    connection_file = sys.argv[1]
    jupyter = json.loads(Path(connection_file).read_text())
    pool, answer = kernel_from_pool()
    if pool is None:
        cold_start(connection_file, answer)
    relay = Relay(jupyter, answer["kernel"], pool, answer["pid"])
    signal.signal(signal.SIGINT, lambda *_: os.kill(relay.kernel_pid, signal.SIGINT))
    sys.exit(relay.run())


if __name__ == "__main__":
    main()
