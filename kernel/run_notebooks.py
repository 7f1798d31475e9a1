"""Executes notebooks through the "Rust (handson)" Jupyter kernel with nbclient.

    run_notebooks.py [--out DIR] [--check] [--checks FILE] [--jobs N] NOTEBOOK...

Each notebook runs top to bottom in a fresh kernel; one line per cell says how long it took, and
one line per notebook. With --jobs N, up to N notebooks run at once (in the order given, the next
starting when a running one ends), in one event loop; their lines interleave, each naming its
notebook. With --out, the executed notebook and an HTML rendering of it are written to
DIR. With --check, a cell that failed its checks gets a FAILED line once all its output has come (a
line or two later), and the run fails when a cell shows an error output (a compile error), when a
cell wrote to stderr (where evcxr prints an `Err` that `?` returned and a panic's message), when a
cell whose metadata says `"handson": {"expect_png": true}` produced no image/png, when a cell's
text output lacks a string listed in `"handson": {"stdout_contains": [...]}`, or when a number the
cell prints as `name: value` is off from `"handson": {"expect_values": {"name": [expected,
tolerance]}}`. A cell that fails on purpose says `"handson": {"expect_error": "text"}`: it must
show `text` in an error output or on stderr. With --checks FILE, the text checks come from FILE
instead of the cells' metadata (see `replace_checks`): tests/notebooks.rs runs the MNIST notebooks
switched to Fashion-MNIST that way. Kernels start cold, not from the kernel pool, unless
HANDSON_KERNEL_POOL says otherwise.
Exit status: 0 when every notebook passed, 1 otherwise.

evcxr sends a cell's output with no end marker, and can send it after the cell's idle status
(evcxr issue #353): an `Err` that `?` returned and a panic's message go to stderr, so a late line
there is a failure the check must see. So the runner has the kernel print a marker line on stdout
and on stderr after each cell: the kernel reads each of the child process's pipes in order, so
once a marker arrives everything the cell wrote to that stream before it has arrived too. The
marker rides at the front of the next cell's first line of code (the source saved is the
notebook's own); a marker cell of its own runs after the last cell, before a cell of `:` commands
only (which cannot carry it), and when a marker is late or never came (a compile error).
"""

import argparse
import asyncio
import json
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete, CellExecutionError
from nbclient.util import ensure_async

KERNEL = "handson"
# The first cell of a fresh kernel waits for evcxr to build handson and its dependencies.
STARTUP_TIMEOUT_S = 1800
CELL_TIMEOUT_S = 1800
# The streams a marker orders: one pipe each in evcxr's worker process.
STREAMS = ("stdout", "stderr")
# The marker cell compiles a one-line program; this bounds it under the heaviest load.
SYNC_TIMEOUT_S = 600
# The first source line of a cell in a progress line is cut to this many characters, and the
# problem in a failure line to this many.
PROGRESS_SOURCE_CHARS = 60
PROGRESS_PROBLEM_CHARS = 300


def cell_text(cell):
    """All text a code cell printed or returned."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif "data" in out:
            parts.append(out["data"].get("text/plain", ""))
    return "".join(parts)


def strip_colours(text):
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def stderr_text(cell):
    """What a cell wrote to stderr: an `Err` returned through `?`, a panic's message, or any
    other message of the library (a figure that failed to encode)."""
    return strip_colours(
        "".join(
            out.get("text", "")
            for out in cell.get("outputs", [])
            if out.get("output_type") == "stream" and out.get("name") == "stderr"
        )
    )


def error_text(cell):
    """What a cell showed of a failure: error outputs (compile errors), and its stderr."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            parts += [out.get("ename", ""), out.get("evalue", "")] + out.get("traceback", [])
    parts.append(stderr_text(cell))
    return strip_colours("\n".join(parts))


def first_line(cell):
    lines = [line for line in cell.source.splitlines() if line.strip()]
    return lines[0].strip() if lines else ""


def cell_problems(index, cell):
    """The failed expectations of one executed code cell, as readable lines."""
    where = f"cell {index} ({first_line(cell)!r})"
    expect = cell.get("metadata", {}).get("handson", {})
    if "expect_error" in expect:
        shown = error_text(cell)
        if expect["expect_error"] not in shown:
            return [
                f"{where}: expected an error showing {expect['expect_error']!r}; "
                f"the cell's errors and stderr showed {shown[:800]!r}"
            ]
        return []
    problems = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            problems.append(f"{where}: error {out.get('ename')}: {out.get('evalue')}")
    if stderr := stderr_text(cell):
        problems.append(f"{where}: failed with this on stderr: {stderr[:800]!r}")
    if expect.get("expect_png") and not any(
        "image/png" in out.get("data", {}) for out in cell.get("outputs", [])
    ):
        problems.append(f"{where}: expected an image/png output, found none")
    text = cell_text(cell)
    for wanted in expect.get("stdout_contains", []):
        if wanted not in text:
            problems.append(f"{where}: output lacks {wanted!r}; it was {text[:500]!r}")
    for name, (expected, tolerance) in expect.get("expect_values", {}).items():
        found = re.search(re.escape(name) + r":\s*([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)", text)
        if not found:
            problems.append(f"{where}: output lacks a value for {name!r}; it was {text[:500]!r}")
        elif abs(float(found.group(1)) - expected) > tolerance:
            problems.append(
                f"{where}: {name} is {found.group(1)}, expected {expected} +- {tolerance}"
            )
    return problems


def replace_checks(nb, checks):
    """Gives the code cells of `nb` the text checks of `checks`, a mapping from a piece of a cell's
    source to that cell's `stdout_contains` and `expect_values` (a cell is found the way
    tests/notebooks/record_expectations.py finds it). Every other cell loses its text checks;
    image and error checks stay. Returns the pieces that name no cell or several."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    for cell in code:
        expect = cell.get("metadata", {}).get("handson", {})
        for key in ("stdout_contains", "expect_values"):
            expect.pop(key, None)
    problems = []
    for piece, expect in checks.items():
        matching = [c for c in code if piece in c.source]
        if len(matching) != 1:
            problems.append(f"{len(matching)} code cells contain {piece!r}, expected 1")
            continue
        handson = matching[0].setdefault("metadata", {}).setdefault("handson", {})
        for key in ("stdout_contains", "expect_values"):
            if key in expect:
                handson[key] = expect[key]
    return problems


def problems_in(nb):
    """The list of failed expectations of an executed notebook, as readable lines."""
    return [
        problem
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for problem in cell_problems(index, cell)
    ]


def shortened(source):
    """`source` cut to PROGRESS_SOURCE_CHARS characters."""
    if len(source) > PROGRESS_SOURCE_CHARS:
        return source[: PROGRESS_SOURCE_CHARS - 3] + "..."
    return source


def print_marker(marker):
    """Rust that prints `marker` as a line of its own on stdout and on stderr."""
    return f'println!("{marker}"); eprintln!("{marker}");'


def first_rust_line(lines):
    """The index of the first line of Rust code in a cell's `lines` (after the leading blank and
    `:` command lines), or None when the cell has none (it cannot carry a marker)."""
    return next(
        (i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith(":")),
        None,
    )


def with_marker(source, marker):
    """`source` with the marker's print in front of its first line of Rust code, on that line so
    that line numbers stay."""
    lines = source.split("\n")
    at = first_rust_line(lines)
    lines[at] = print_marker(marker) + " " + lines[at]
    return "\n".join(lines)


class CheckingClient(NotebookClient):
    """Runs each code cell with the marker that proves the previous cell's output is complete
    (see the module's doc comment), and prints a progress line per cell.

    evcxr tags an output line with the request it is serving when the line is forwarded, so a
    late line of a cell can be tagged with a later request. stdout and stderr are two pipes, so
    the marker is printed on each: a line of either tagged with the running cell goes to the
    previous cell while that stream's marker has not come; a line tagged with a cell's own
    request is that cell's."""

    def __init__(self, nb, name, check, **kwargs):
        super().__init__(nb, **kwargs)
        self.name = name
        self.check = check
        code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
        self.code_cells = len(code)
        self.last_code_cell = code[-1] if code else None
        self.syncs = 0
        # The executed cell (cell, request id) whose late output may still come.
        self.unsettled = None
        # While a cell runs: the cell its marker settles, the running cell, and the marker each
        # stream has yet to print (none once both came).
        self.previous = None
        self.running = None
        self.pending = {}
        self.sync_seconds = 0.0
        # Executed cells (index, cell) not yet settled, or settled since the last report.
        self.unreported = []

    def next_marker(self):
        self.syncs += 1
        return f"handson-run-notebooks-sync-{self.syncs}"

    async def async_execute_cell(self, cell, cell_index, execution_count=None, **kwargs):
        if cell.cell_type != "code" or not cell.source.strip():
            return await super().async_execute_cell(cell, cell_index, execution_count, **kwargs)
        source = cell.source
        if self.unsettled is not None and first_rust_line(source.split("\n")) is None:
            await self.settle()
        self.previous, self.unsettled = self.unsettled, None
        if self.previous is not None:
            marker = self.next_marker()
            self.pending = dict.fromkeys(STREAMS, marker)
            cell.source = with_marker(source, marker)
        started = time.monotonic()
        try:
            cell = await super().async_execute_cell(cell, cell_index, execution_count, **kwargs)
        finally:
            cell.source = source
        elapsed = time.monotonic() - started
        self.unsettled = self.running
        if self.pending or cell_index == self.last_code_cell:
            # A marker is late, or the cell did not compile (so it never printed one); or this
            # is the last cell.
            await self.settle()
        for out in cell.outputs:
            if "execution_count" in out:
                out["execution_count"] = cell.execution_count
        print(
            f"[{self.name} {self.code_cells_executed}/{self.code_cells}] "
            f"{elapsed:5.1f} s  {shortened(first_line(cell))}",
            flush=True,
        )
        self.unreported.append((cell_index, cell))
        self.report_settled()
        return cell

    def report_settled(self):
        """With --check, a line for each settled cell (one whose late output has all come)
        that failed its checks."""
        unsettled = self.unsettled[0] if self.unsettled else None
        waiting = []
        for index, cell in self.unreported:
            if cell is unsettled:
                waiting.append((index, cell))
            elif self.check and (problems := cell_problems(index, cell)):
                print(f"[{self.name}] FAILED {problems[0][:PROGRESS_PROBLEM_CHARS]}", flush=True)
        self.unreported = waiting

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        """nbclient's loop over the running cell's iopub messages, which also gives the previous
        cell its late lines: those tagged with its request, and those before the marker."""
        self.running = (cell, parent_msg_id)
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            parent = msg["parent_header"].get("msg_id")
            if parent == parent_msg_id:
                if is_stream(msg):
                    text = self.take_before_marker(msg["content"]["name"], msg["content"]["text"])
                    if not text:
                        continue
                    msg["content"]["text"] = text
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    return
            elif self.previous and parent == self.previous[1] and is_stream(msg):
                self.append_stream(self.previous[0], msg["content"]["name"], msg["content"]["text"])

    def take_before_marker(self, name, text):
        """Gives the previous cell the lines of stream `name`'s `text` before its pending
        marker, and returns the rest (all of `text` once the marker has come)."""
        marker = self.pending.get(name)
        if marker is None:
            return text
        lines = text.splitlines(keepends=True)
        if marker + "\n" not in lines:
            self.append_stream(self.previous[0], name, text)
            return ""
        at = lines.index(marker + "\n")
        self.append_stream(self.previous[0], name, "".join(lines[:at]))
        del self.pending[name]
        return "".join(lines[at + 1 :])

    async def settle(self):
        """Executes a marker cell, which proves every line before its markers arrived: the
        unsettled cell gets the lines tagged with it or with the marker cell (those before a
        pending marker still go to the previous cell). Afterwards no cell is unsettled."""
        started = time.monotonic()
        own = self.next_marker()
        sync_id = await ensure_async(self.kc.execute(print_marker(own), store_history=False))
        cell, cell_id = self.unsettled
        deadline = time.monotonic() + SYNC_TIMEOUT_S
        waiting = set(STREAMS)
        idle = False
        while waiting or not idle:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError(f"the kernel did not print the marker {own!r} in time")
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=left))
            parent = msg["parent_header"].get("msg_id")
            if parent == sync_id and msg["msg_type"] == "status":
                idle = msg["content"]["execution_state"] == "idle"
            elif parent == sync_id and msg["msg_type"] == "error":
                raise RuntimeError(f"the marker cell failed: {msg['content']}")
            elif not is_stream(msg):
                continue
            elif self.previous and parent == self.previous[1]:
                self.append_stream(self.previous[0], msg["content"]["name"], msg["content"]["text"])
            elif parent in (cell_id, sync_id):
                name = msg["content"]["name"]
                lines = msg["content"]["text"].splitlines(keepends=True)
                if own + "\n" in lines:
                    waiting.discard(name)
                    lines = lines[: lines.index(own + "\n")]
                self.append_stream(cell, name, self.take_before_marker(name, "".join(lines)))
        while True:
            reply = await ensure_async(self.kc.shell_channel.get_msg(timeout=SYNC_TIMEOUT_S))
            if reply["parent_header"].get("msg_id") == sync_id:
                break
        self.unsettled = self.previous = None
        self.pending = {}
        self.sync_seconds += time.monotonic() - started

    @staticmethod
    def append_stream(cell, name, text):
        if not text:
            return
        for out in cell.outputs:
            if out.get("output_type") == "stream" and out.get("name") == name:
                out["text"] += text
                return
        cell.outputs.append(nbformat.v4.new_output("stream", name=name, text=text))


def is_stream(msg):
    return msg["msg_type"] == "stream"


async def run(path, out_dir, check, checks=None):
    nb = nbformat.read(path, as_version=4)
    name = Path(path).stem
    if checks is not None:
        if name not in checks:
            return [f"--checks names no notebook {name!r}"]
        if problems := replace_checks(nb, checks[name]):
            return problems
    client = CheckingClient(
        nb,
        name,
        check,
        kernel_name=KERNEL,
        timeout=CELL_TIMEOUT_S,
        startup_timeout=STARTUP_TIMEOUT_S,
        allow_errors=True,
        resources={"metadata": {"path": str(Path(path).parent)}},
    )
    started = time.monotonic()
    try:
        await client.async_execute()
    except CellExecutionError as err:
        return [f"execution stopped: {err}"]
    elapsed = time.monotonic() - started
    problems = problems_in(nb) if check else []
    verdict = f", {len(problems)} failed check(s)" if problems else ""
    print(
        f"[{name}] {client.code_cells_executed} cells in {elapsed:.1f} s (of which "
        f"{client.sync_seconds:.1f} s waiting for output markers){verdict}",
        flush=True,
    )
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / Path(path).name
        nbformat.write(nb, target)
        from nbconvert import HTMLExporter

        html, _ = HTMLExporter().from_notebook_node(nb)
        target.with_suffix(".html").write_text(html, encoding="utf-8")
        print(f"  wrote {target} and {target.with_suffix('.html')}", flush=True)
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--check", action="store_true")
    parser.add_argument(
        "--checks",
        type=Path,
        help="a JSON object mapping a notebook's name (without .ipynb) to the text checks of its "
        "cells, {source piece: {stdout_contains, expect_values}}, used instead of the metadata's",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="how many notebooks run at once, each in a kernel of its own (default 1)",
    )
    args = parser.parse_args()
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    # Kernels start cold: kernels the pool would start ahead for the next notebooks would take the
    # cores from the notebooks that run (kernel/launch.sh).
    os.environ.setdefault("HANDSON_KERNEL_POOL", "off")
    checks = json.loads(args.checks.read_text()) if args.checks else None
    problems = asyncio.run(run_all(args.notebooks, args.jobs, args.out, args.check, checks))
    for path, problem in problems:
        print(f"{path}: {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)


async def run_all(paths, jobs, out_dir, check, checks):
    """Runs the notebooks at `paths`, at most `jobs` at a time, starting them in the order given;
    returns each problem found with its notebook's path."""
    slots = asyncio.Semaphore(jobs)

    async def run_one(path):
        async with slots:
            return [(path, problem) for problem in await run(path, out_dir, check, checks)]

    found = await asyncio.gather(*(run_one(path) for path in paths))
    return [problem for problems in found for problem in problems]


if __name__ == "__main__":
    main()
