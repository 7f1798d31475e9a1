"""Executes notebooks through the "Rust (handson)" Jupyter kernel with nbclient.

    run_notebooks.py [--out DIR] [--check] [--checks FILE] NOTEBOOK...

Each notebook runs top to bottom in a fresh kernel; one line per cell says how long it took, and
one line per notebook. With --out, the executed notebook and an HTML rendering of it are written
to DIR. With --check, the run fails when a cell shows an error output (a compile error), when a
cell wrote to stderr (where evcxr prints an `Err` that `?` returned and a panic's message), when a
cell whose metadata says `"handson": {"expect_png": true}` produced no image/png, when a cell's
text output lacks a string listed in `"handson": {"stdout_contains": [...]}`, or when a number the
cell prints as `name: value` is off from `"handson": {"expect_values": {"name": [expected,
tolerance]}}`. A cell that fails on purpose says `"handson": {"expect_error": "text"}`: it must
show `text` in an error output or on stderr. With --checks FILE, the text checks come from FILE
instead of the cells' metadata (see `replace_checks`): tests/notebooks.rs runs the MNIST
notebooks switched to Fashion-MNIST that way.
Exit status: 0 when every notebook passed, 1 otherwise.

evcxr sends a cell's stderr with no end marker, and can send it after the cell's idle status
(evcxr issue #353). So after each cell the runner executes `eprintln!("<marker>");`: the kernel
reads the child process's stderr through one pipe and one thread, in order, so once the marker
arrives everything the cell wrote before it has arrived too. That costs one tiny cell per cell.
"""

import argparse
import json
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbclient.util import ensure_async

KERNEL = "handson"
# The first cell of a fresh kernel waits for evcxr to build handson and its dependencies.
STARTUP_TIMEOUT_S = 1800
CELL_TIMEOUT_S = 1800
# The marker cell compiles a one-line program; this bounds it under the heaviest load.
SYNC_TIMEOUT_S = 600
# The first source line of a cell in a progress line is cut to this many characters.
PROGRESS_SOURCE_CHARS = 60


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


class CheckingClient(NotebookClient):
    """Runs each code cell, then a marker cell that proves the cell's stderr is complete (see the
    module's doc comment), and prints a progress line per cell."""

    def __init__(self, nb, name, check, **kwargs):
        super().__init__(nb, **kwargs)
        self.name = name
        self.check = check
        self.code_cells = sum(1 for c in nb.cells if c.cell_type == "code" and c.source.strip())
        self.syncs = 0
        self.last_cell_msg_id = None
        self.sync_seconds = 0.0

    async def async_execute_cell(self, cell, cell_index, execution_count=None, **kwargs):
        if cell.cell_type != "code" or not cell.source.strip():
            return await super().async_execute_cell(cell, cell_index, execution_count, **kwargs)
        started = time.monotonic()
        cell = await super().async_execute_cell(cell, cell_index, execution_count, **kwargs)
        elapsed = time.monotonic() - started
        await self.collect_late_output(cell)
        self.sync_seconds += time.monotonic() - started - elapsed
        for out in cell.outputs:
            if "execution_count" in out:
                out["execution_count"] = cell.execution_count
        source = first_line(cell)
        if len(source) > PROGRESS_SOURCE_CHARS:
            source = source[: PROGRESS_SOURCE_CHARS - 3] + "..."
        failed = "  FAILED" if self.check and cell_problems(cell_index, cell) else ""
        print(
            f"[{self.name} {self.code_cells_executed}/{self.code_cells}] "
            f"{elapsed:5.1f} s  {source}{failed}",
            flush=True,
        )
        return cell

    def process_message(self, msg, cell, cell_index):
        self.last_cell_msg_id = msg["parent_header"].get("msg_id")
        return super().process_message(msg, cell, cell_index)

    async def collect_late_output(self, cell):
        """Executes the marker cell and adds to `cell` every stream line that arrives before the
        marker: evcxr tags a late line with the cell's request or with the marker's."""
        self.syncs += 1
        marker = f"handson-run-notebooks-sync-{self.syncs}"
        sync_id = await ensure_async(
            self.kc.execute(f'eprintln!("{marker}");', store_history=False)
        )
        deadline = time.monotonic() + SYNC_TIMEOUT_S
        seen_marker = seen_idle = False
        while not (seen_marker and seen_idle):
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError(f"the kernel did not print the marker {marker!r} in time")
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=left))
            parent = msg["parent_header"].get("msg_id")
            if parent == self.last_cell_msg_id and msg["msg_type"] == "stream":
                self.append_stream(cell, msg["content"]["name"], msg["content"]["text"])
            elif parent == sync_id:
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    seen_idle = True
                elif msg["msg_type"] == "stream":
                    lines = msg["content"]["text"].splitlines(keepends=True)
                    if marker + "\n" in lines:
                        seen_marker = True
                        lines = lines[: lines.index(marker + "\n")]
                    self.append_stream(cell, msg["content"]["name"], "".join(lines))
                elif msg["msg_type"] == "error":
                    raise RuntimeError(f"the marker cell failed: {msg['content']}")
        while True:
            reply = await ensure_async(self.kc.shell_channel.get_msg(timeout=SYNC_TIMEOUT_S))
            if reply["parent_header"].get("msg_id") == sync_id:
                break

    @staticmethod
    def append_stream(cell, name, text):
        if not text:
            return
        for out in cell.outputs:
            if out.get("output_type") == "stream" and out.get("name") == name:
                out["text"] += text
                return
        cell.outputs.append(nbformat.v4.new_output("stream", name=name, text=text))


def run(path, out_dir, check, checks=None):
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
        client.execute()
    except CellExecutionError as err:
        return [f"execution stopped: {err}"]
    elapsed = time.monotonic() - started
    problems = problems_in(nb) if check else []
    verdict = f", {len(problems)} failed check(s)" if problems else ""
    print(
        f"[{name}] {client.code_cells_executed} cells in {elapsed:.1f} s (of which "
        f"{client.sync_seconds:.1f} s waiting for stderr markers){verdict}",
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
    args = parser.parse_args()
    checks = json.loads(args.checks.read_text()) if args.checks else None
    failed = False
    for path in args.notebooks:
        problems = run(path, args.out, args.check, checks)
        for problem in problems:
            print(f"{path}: {problem}", file=sys.stderr)
        failed |= bool(problems)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
