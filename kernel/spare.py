"""One pre-started "Rust (handson)" kernel of the pool (pool.py): started cold in a build slot of
its own (slot.sh), awaited until it answers Jupyter's kernel_info request (by then evcxr has run
its start-up code, the init cells and warm_up.rs, and rust-analyzer has loaded), then handed to
one relay.

Until a relay claims it, the kernel's terminal output goes to the pool's stderr; afterwards to
the relay, as {"output": LINE} messages, then {"exit": STATUS} (see pool_socket.py). The kernel
runs in a process group of its own, killed as a whole, and gets SIGKILL if the pool dies.
"""

import asyncio
import ctypes
import os
import secrets
import signal
import sys

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.connect import write_connection_file

from pool_socket import encode

# A slot that is new builds handson and every dependency first (several minutes on 2 cores).
START_TIMEOUT_S = 3600
# How long a kernel may take to exit after SIGTERM before it gets SIGKILL.
KILL_GRACE_S = 5
# How long the kernel's output may lag behind its exit.
OUTPUT_DRAIN_S = 2
# prctl(2): the signal a process gets when its parent dies.
PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True)


def _die_with_pool():
    """Runs in the kernel's process before exec: the kernel gets SIGKILL when the pool dies.
    (The signal follows the forking thread: kernels are started from the event loop's thread,
    which lives as long as the pool.)"""
    _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


class Spare:
    """A kernel the pool started: `ready` resolves to True once it answers, False if it ended or
    failed first; `ended` is set once it exited and its output was passed on."""

    def __init__(self, slot_script, runtime_dir, cwd, env):
        self.pid = None
        self.relay = None
        self.ready = asyncio.get_running_loop().create_future()
        self.ended = asyncio.Event()
        self._sink = None
        self._killed = False
        self._process = None
        self._spawned = asyncio.Event()
        self._task = asyncio.create_task(self._run(slot_script, runtime_dir, cwd, env))

    @property
    def state(self):
        if self.relay is not None:
            return "claimed"
        if self.ready.done() and self.ready.result():
            return "ready"
        return "starting"

    async def _run(self, slot_script, runtime_dir, cwd, env):
        connection_file = os.path.join(runtime_dir, f"kernel-{secrets.token_hex(8)}.json")
        _, info = write_connection_file(
            connection_file, ip="127.0.0.1", key=secrets.token_hex(32).encode()
        )
        self.info = {k: v.decode() if isinstance(v, bytes) else v for k, v in info.items()}
        try:
            self._process = await asyncio.create_subprocess_exec(
                "bash", slot_script, connection_file,
                cwd=cwd, env=env, stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
                start_new_session=True, preexec_fn=_die_with_pool, limit=1 << 20,
            )
        except OSError as error:
            print(f"handson kernel pool: cannot start a kernel: {error}", file=sys.stderr)
            self.ready.set_result(False)
            self.ended.set()
            return
        finally:
            self._spawned.set()
        self.pid = self._process.pid
        output = asyncio.create_task(self._pass_output(self._process.stdout))
        answer = asyncio.create_task(self._await_answer())
        status = await self._process.wait()
        answer.cancel()
        if not self.ready.done():
            self.ready.set_result(False)
        try:
            await asyncio.wait_for(output, OUTPUT_DRAIN_S)
        except TimeoutError:
            pass
        if self._sink is not None:
            self._sink.write(encode({"exit": status}))
            self._sink.close()
        elif not self._killed:
            print(f"handson kernel pool: a pre-started kernel exited (status {status})",
                  file=sys.stderr, flush=True)
        os.remove(connection_file)
        self.ended.set()

    async def _await_answer(self):
        client = AsyncKernelClient()
        client.load_connection_info(self.info)
        # No heartbeat channel: under load a late heartbeat would count as a dead kernel, and
        # the kernel's process is watched anyway (_run).
        client.start_channels(hb=False)
        try:
            await client.wait_for_ready(timeout=START_TIMEOUT_S)
            self.ready.set_result(True)
        except RuntimeError as error:
            print(f"handson kernel pool: a pre-started kernel did not answer: {error}",
                  file=sys.stderr, flush=True)
            self._signal(signal.SIGKILL)
        finally:
            client.stop_channels()

    async def _pass_output(self, stream):
        async for line in stream:
            if self._sink is not None:
                self._sink.write(encode({"output": line.decode(errors="replace").rstrip("\n")}))
            else:
                sys.stderr.buffer.write(line)
                sys.stderr.flush()

    def claim(self, relay, writer):
        """Promises the kernel to `relay`, at the other end of `writer`: the kernel's output goes
        there from now on, its exit status at its end."""
        self.relay, self._sink = relay, writer

    def hand_out(self):
        """Sends the claimant the kernel's connection information (once it is ready)."""
        self._sink.write(encode({"kernel": self.info, "pid": self.pid}))

    def _signal(self, sig):
        self._killed = True
        try:
            os.killpg(self.pid, sig)
        except ProcessLookupError:
            pass

    async def kill(self):
        """Ends the kernel's process group (SIGTERM, then SIGKILL) and waits for it."""
        await self._spawned.wait()
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.ended.is_set():
                return
            self._signal(sig)
            try:
                await asyncio.wait_for(self.ended.wait(), KILL_GRACE_S)
            except TimeoutError:
                pass
