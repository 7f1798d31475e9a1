"""The kernel pool's socket protocol (kernel/pool_socket.py) against pools that misbehave;
tests/kernel_pool.rs runs it.

A pool that is stopping can accept a connection and never serve it (asyncio's Server.close()
between the accept and the start of the handler), and keeps it open until its last handed-out
kernel ends: a relay waiting for its kernel, or a status request, must not wait that long. A
slow pool that still serves (its kernel is still starting) must be waited for."""

import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "kernel"))
import pool_socket  # noqa: E402


def listening(kernel_dir):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(pool_socket.address(kernel_dir))
    sock.listen()
    return sock


def check_a_dropped_kernel_request_ends_as_retired(kernel_dir):
    server = listening(kernel_dir)
    client = pool_socket.connect(kernel_dir)
    accepted, _ = server.accept()  # accepted, never answered...
    server.close()  # ...and the pool no longer serves
    client.send({"want": "kernel"})
    started = time.monotonic()
    answer = pool_socket.receive_while_serving(client, kernel_dir)
    waited = time.monotonic() - started
    assert "retired" in answer, answer
    assert waited < 2 * pool_socket.STATUS_TIMEOUT_S, waited
    accepted.close()
    client.close()


def check_an_unanswered_status_request_is_none(kernel_dir):
    server = listening(kernel_dir)  # listens, never accepts
    started = time.monotonic()
    assert pool_socket.status(kernel_dir) is None
    assert time.monotonic() - started < 2 * pool_socket.STATUS_TIMEOUT_S
    server.close()


def check_a_slow_pool_is_waited_for(kernel_dir):
    server = listening(kernel_dir)
    delay = 1.5 * pool_socket.STATUS_TIMEOUT_S

    def serve():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            request = pool_socket.Connection(conn).receive()
            if request["want"] == "status":
                conn.sendall(pool_socket.encode({"pid": os.getpid(), "size": 1, "kernels": []}))
                conn.close()
            else:
                threading.Timer(delay, lambda c=conn: c.sendall(
                    pool_socket.encode({"kernel": {}, "pid": 1}))).start()

    threading.Thread(target=serve, daemon=True).start()
    client = pool_socket.connect(kernel_dir)
    client.send({"want": "kernel"})
    answer = pool_socket.receive_while_serving(client, kernel_dir)
    assert answer == {"kernel": {}, "pid": 1}, answer
    assert client.sock.gettimeout() is None, "the connection is blocking again for the relay"
    client.close()
    server.close()


def main():
    with tempfile.TemporaryDirectory() as kernel_dir:
        check_a_dropped_kernel_request_ends_as_retired(kernel_dir)
        check_an_unanswered_status_request_is_none(kernel_dir)
        check_a_slow_pool_is_waited_for(kernel_dir)
    print("check_socket: all checks passed")


if __name__ == "__main__":
    main()
