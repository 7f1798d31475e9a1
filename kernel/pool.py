"""A pool of pre-started "Rust (handson)" kernels, so that a kernel start takes about a second.

    pool.py [--owner PID] [--cwd DIR]

Returns once the pool listens on its socket (pool_socket.py), or at once when a pool of this
kernel spec already listens; the pool runs on in the background, in a session of its own.
relay.py starts it at the first kernel start, owned by the process that launched that kernel
(the Jupyter server); `pool.py --owner PID --cwd DIR` starts it ahead, owned by PID, so that the
first kernel is ready too (`make lab` does). HANDSON_KERNEL_POOL=off leaves it out (launch.sh).

The pool keeps HANDSON_KERNEL_POOL_SIZE (default 2) kernels started or starting (spare.py), each
cold-started by slot.sh in a build slot of its own, in `--cwd` with the environment of a kernel
started from kernel.json. A request takes the oldest ready kernel, else waits for the oldest
starting one; a replacement starts once the handed-out kernel answered its first cell (not to
slow that cell down), or a few seconds after the handout. A kernel only fits a request from the same
working directory and environment (Jupyter's per-kernel variables aside): for another one, the
pool restarts its kernels there, and the request waits for one. The handed-out kernel lives as
long as its relay's connection: when the relay's connection closes, the pool kills the kernel.

A pool serves only the sources it started with: when src/, Cargo.toml, Cargo.lock, the cargo
configuration of the slots, evcxr_jupyter or a file of the kernel spec (this file included)
changed, it retires at the next request: it stops listening, ends its unclaimed kernels and
answers "retired", and the relay starts a new pool. A pool also retires when its owner exits. A
retired pool exits once the last kernel it handed out has ended.
"""

import argparse
import asyncio
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from pool_socket import address, encode, peer
from spare import Spare

SIZE = int(os.environ.get("HANDSON_KERNEL_POOL_SIZE", "2"))
# How long after a handout the replacement's start may wait for the kernel's first answer.
REFILL_DELAY_S = 10
# Variables that Jupyter or bash set per kernel process, and launch.sh's switch for the pool
# itself, left out when matching environments.
PER_KERNEL_VARIABLES = ("PWD", "OLDPWD", "SHLVL", "_", "HANDSON_KERNEL_POOL")
KERNEL_DIR = Path(__file__).resolve().parent


def log(text):
    print(f"handson kernel pool: {text}", file=sys.stderr, flush=True)


def launch_key(cwd, env):
    """What a kernel inherits from its launch: the working directory and the environment."""
    kept = {
        k: v for k, v in env.items() if k not in PER_KERNEL_VARIABLES and not k.startswith("JPY_")
    }
    return os.path.realpath(cwd), kept


def differences(key, other):
    """What differs between two launch keys, in a few words."""
    (cwd, env), (other_cwd, other_env) = key, other
    names = sorted(k for k in env.keys() | other_env.keys() if env.get(k) != other_env.get(k))
    return " and ".join(
        ([f"working directory ({other_cwd})"] if cwd != other_cwd else [])
        + ([f"environment ({', '.join(names)})"] if names else [])
    )


def kernel_env(env):
    """`env` with the variables kernel.json sets for a kernel."""
    spec = json.loads((KERNEL_DIR / "kernel.json").read_text())
    return {**env, **spec.get("env", {})}


def sources_stamp(env):
    """A digest of everything a kernel's start depends on (see the module's doc comment)."""
    repo = Path(env["HANDSON_CARGO_LOCK"]).parent
    files = sorted(p for p in KERNEL_DIR.iterdir() if p.is_file())
    files += sorted(p for p in (repo / "src").rglob("*") if p.is_file())
    files += [repo / "Cargo.toml", repo / "Cargo.lock",
              Path(env["HANDSON_KERNEL_SLOTS"]) / ".cargo" / "config.toml"]
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path).encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"(missing)")
    evcxr = os.stat(env["HANDSON_EVCXR"])
    digest.update(f"{evcxr.st_size} {evcxr.st_mtime_ns}".encode())
    return digest.hexdigest()


async def closed(reader, first_line):
    """Returns once the relay's connection closed. `first_line` is the task reading the relay's
    one message (it may still be waiting for it: the first cell can come minutes after the
    handout), and a stream has one reader at a time."""
    if await first_line:
        await reader.read()


def warm_config(runtime_dir):
    """The evcxr configuration of the pool's kernels, written into `runtime_dir`: the kernel
    spec's, with warm_up.rs after its prelude. It is made from the files the pool's stamp covers,
    so a kernel of the pool runs the prelude the pool checks."""
    config = Path(runtime_dir) / "evcxr"
    config.mkdir()
    for name in ("evcxr.toml", "init.evcxr"):
        shutil.copy(KERNEL_DIR / name, config)
    prelude = (KERNEL_DIR / "prelude.rs").read_bytes() + (KERNEL_DIR / "warm_up.rs").read_bytes()
    (config / "prelude.rs").write_bytes(prelude)
    return config


class Pool:
    """The pool's kernels and its answers to requests."""

    def __init__(self, cwd, env):
        self.cwd, self.env = cwd, kernel_env(launch_key(cwd, env)[1])
        self.key = launch_key(self.cwd, self.env)
        self.stamp = sources_stamp(self.env)
        self.runtime_dir = tempfile.mkdtemp(prefix="handson-kernel-pool-")
        self.config = warm_config(self.runtime_dir)
        self.spares = []  # unclaimed, oldest first
        self.claimed = []
        self.server = None
        self.retired = False
        self.finished = asyncio.Event()

    def fill(self):
        """Drops the kernels that ended before being handed out, and starts kernels up to SIZE."""
        self.spares = [spare for spare in self.spares if not spare.ended.is_set()]
        while not self.retired and len(self.spares) < SIZE:
            self.spares.append(
                Spare(str(KERNEL_DIR / "slot.sh"), self.runtime_dir, self.cwd,
                      {**self.env, "EVCXR_CONFIG_DIR": str(self.config)})
            )

    async def retire(self, why):
        """Stops serving: frees the socket's name, ends the unclaimed kernels (and with them
        their slots' locks), and finishes once no handed-out kernel is left."""
        if self.retired:
            return
        self.retired = True
        log(f"{why}: stopping")
        self.server.close()
        spares, self.spares = self.spares, []
        await asyncio.gather(*(spare.kill() for spare in spares))
        if not self.claimed:
            self.finished.set()

    async def serve(self, reader, writer):
        relay, uid = peer(writer.get_extra_info("socket"))
        try:
            request = json.loads(await reader.readline()) if uid == os.getuid() else {}
            if request.get("want") == "status":
                writer.write(encode(self.status()))
            elif request.get("want") == "kernel":
                await self.hand_out(request, relay, reader, writer)
        except (ValueError, ConnectionError):
            pass
        finally:
            writer.close()

    def status(self):
        return {
            "pid": os.getpid(),
            "size": SIZE,
            "kernels": [
                {"pid": s.pid, "state": s.state, "relay": s.relay}
                for s in self.spares + self.claimed
            ],
        }

    async def hand_out(self, request, relay, reader, writer):
        if not self.retired and sources_stamp(self.env) != self.stamp:
            await self.retire("src/ or the kernel's files changed since the pool started")
        if self.retired:
            writer.write(encode({"retired": "the pool stopped serving"}))
            return
        key = launch_key(request["cwd"], request["env"])
        if key != self.key:
            log(f"a kernel was asked for with another {differences(self.key, key)}: restarting"
                " the pool's kernels with it")
            self.cwd, self.env, self.key = key[0], kernel_env(key[1]), key
            stale, self.spares = self.spares, []
            await asyncio.gather(*(spare.kill() for spare in stale))
        self.fill()
        ready = [spare for spare in self.spares if spare.state == "ready"]
        spare = (ready or self.spares)[0]
        self.spares.remove(spare)
        spare.claim(relay, writer)
        self.claimed.append(spare)
        # The relay's one message, once the kernel answered its first cell; then its connection
        # closes with its end.
        answered = asyncio.create_task(reader.readline())
        kernel_ended = asyncio.create_task(spare.ended.wait())
        try:
            await asyncio.wait({spare.ready, answered}, return_when=asyncio.FIRST_COMPLETED)
            if answered.done():
                return
            if not spare.ready.result():
                writer.write(encode({"refused": "the pre-started kernel failed (see above)"}))
                return
            spare.hand_out()
            # The replacement starts once the first cell was answered, so that it does not slow
            # that cell down, or after REFILL_DELAY_S at the latest.
            await asyncio.wait({answered, kernel_ended}, timeout=REFILL_DELAY_S,
                               return_when=asyncio.FIRST_COMPLETED)
            self.fill()
            relay_gone = asyncio.create_task(closed(reader, answered))
            await asyncio.wait({relay_gone, kernel_ended}, return_when=asyncio.FIRST_COMPLETED)
            relay_gone.cancel()
        finally:
            answered.cancel()
            kernel_ended.cancel()
            await spare.kill()
            self.claimed.remove(spare)
            self.fill()
            if self.retired and not self.claimed:
                self.finished.set()


async def run(owner, cwd, listening):
    """Serves until the pool is finished; closes the file descriptor `listening` once the pool
    listens, or once it knows another pool does."""
    try:
        owner_exit = os.pidfd_open(owner)
    except ProcessLookupError:
        os.close(listening)
        return
    pool = Pool(cwd, dict(os.environ))
    try:
        pool.server = await asyncio.start_unix_server(pool.serve, path=address(KERNEL_DIR))
    except OSError:
        os.close(listening)
        shutil.rmtree(pool.runtime_dir)
        return
    retiring = set()

    def owner_exited():
        asyncio.get_running_loop().remove_reader(owner_exit)
        retiring.add(asyncio.create_task(pool.retire("the process it belongs to exited")))

    asyncio.get_running_loop().add_reader(owner_exit, owner_exited)
    log(f"starting {SIZE} kernel{'s' if SIZE != 1 else ''} in the background")
    pool.fill()
    os.close(listening)
    await pool.finished.wait()
    shutil.rmtree(pool.runtime_dir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--owner", type=int, default=os.getppid(),
                        help="the pool retires when this process exits (default: the caller)")
    parser.add_argument("--cwd", default=os.getcwd(), help="the kernels' working directory")
    args = parser.parse_args()
    read_end, write_end = os.pipe()
    if os.fork() > 0:
        os.close(write_end)
        os.read(read_end, 1)
        return
    os.close(read_end)
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    asyncio.run(run(args.owner, os.path.abspath(args.cwd), write_end))


if __name__ == "__main__":
    main()
