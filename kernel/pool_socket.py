"""The kernel pool's socket (pool.py serves it; relay.py, benches/kernel_bench.py and
tests/kernel_pool asks it): its address, and the JSON lines spoken on it.

The address is an abstract Unix socket name (no file to clean up; freed when the pool closes it
or dies), one per installed kernel spec and user. Binding the name is what makes a pool the only
one of its kernel spec. Both ends check that the other runs as the same user, since a kernel's
connection information lets its holder run code.

Requests, one JSON line from the client:
- {"want": "kernel", "cwd": DIR, "env": {...}}: a kernel to relay to. The pool answers
  {"kernel": CONNECTION_INFO, "pid": PID}, then sends the kernel's terminal output as
  {"output": LINE} lines and {"exit": STATUS} when the kernel ends, and closes. The client keeps
  the connection open for the kernel's whole life (the pool kills the kernel when it closes),
  and sends {"answered": true} once the kernel answered its first cell. The output of a kernel
  still starting can come before the answer.
  Other answers: {"retired": WHY} (this pool stopped serving: start a new one) and
  {"refused": WHY} (start a kernel cold).
- {"want": "status"}: {"pid": POOL_PID, "size": N, "kernels": [{"pid", "state", "relay"}, ...]},
  state one of "starting", "ready", "claimed" (handed out, or promised to a waiting request).
"""

import hashlib
import json
import os
import socket
import struct

_CREDENTIALS = struct.Struct("3i")
# A serving pool answers a status request at once.
STATUS_TIMEOUT_S = 5


def address(kernel_dir):
    """The pool's socket name for the kernel spec in `kernel_dir`."""
    digest = hashlib.sha256(os.path.realpath(kernel_dir).encode()).hexdigest()[:16]
    return f"\0handson-kernel-pool-{os.getuid()}-{digest}"


def peer(sock):
    """(pid, uid) of the process at the other end of a connected Unix socket."""
    pid, uid, _ = _CREDENTIALS.unpack(
        sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _CREDENTIALS.size)
    )
    return pid, uid


def encode(message):
    return json.dumps(message).encode() + b"\n"


class Connection:
    """A client's connection to the pool, reading whole JSON lines."""

    def __init__(self, sock):
        self.sock = sock
        self._pending = b""

    def send(self, message):
        self.sock.sendall(encode(message))

    def receive(self):
        """The next message, blocking; None once the pool closed the connection."""
        while b"\n" not in self._pending:
            data = self.sock.recv(65536)
            if not data:
                return None
            self._pending += data
        line, self._pending = self._pending.split(b"\n", 1)
        return json.loads(line)

    def received(self, data):
        """The whole messages `data` completes (for a reader polling the socket itself)."""
        *lines, self._pending = (self._pending + data).split(b"\n")
        return [json.loads(line) for line in lines]

    def close(self):
        self.sock.close()


def connect(kernel_dir):
    """A connection to the pool of the kernel spec in `kernel_dir`, or None when no pool of this
    user listens there."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(address(kernel_dir))
    except OSError:
        sock.close()
        return None
    if peer(sock)[1] != os.getuid():
        sock.close()
        return None
    return Connection(sock)


def status(kernel_dir):
    """The pool's status answer, or None when no pool listens, or it drops the connection or
    does not answer within STATUS_TIMEOUT_S (see receive_while_serving)."""
    connection = connect(kernel_dir)
    if connection is None:
        return None
    try:
        connection.sock.settimeout(STATUS_TIMEOUT_S)
        connection.send({"want": "status"})
        return connection.receive()
    except (TimeoutError, ConnectionError):
        return None
    finally:
        connection.close()


def receive_while_serving(connection, kernel_dir):
    """The pool's next message on `connection`, as Connection.receive, or {"retired": WHY} once
    the pool that accepted the connection no longer serves. A pool that stops serving can drop
    a connection it has accepted without ever answering it (asyncio's Server.close() between
    the accept and the start of the handler) and keep it open until its last handed-out kernel
    ends; so every STATUS_TIMEOUT_S without a message, a status request of its own checks that
    the same pool still answers."""
    pool_pid = peer(connection.sock)[0]
    connection.sock.settimeout(STATUS_TIMEOUT_S)
    try:
        while True:
            try:
                return connection.receive()
            except TimeoutError:
                answer = status(kernel_dir)
                if answer is None or answer.get("pid") != pool_pid:
                    return {"retired": "the pool stopped serving without answering"}
    finally:
        connection.sock.settimeout(None)
