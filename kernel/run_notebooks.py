"""Executes notebooks through the "Rust (handson)" Jupyter kernel with nbclient.

    run_notebooks.py [--out DIR] [--check] NOTEBOOK...

Each notebook runs top to bottom in a fresh kernel. With --out, the executed notebook and an HTML
rendering of it are written to DIR. With --check, the run fails when a cell's output is an error,
when a cell whose metadata says `"handson": {"expect_png": true}` produced no image/png, or when a
cell's text output lacks a string listed in `"handson": {"stdout_contains": [...]}`, or when a
number the cell prints as `name: value` is off from `"handson": {"expect_values": {"name":
[expected, tolerance]}}`. A cell that fails on purpose says `"handson": {"expect_error": "text"}`:
it must show `text` in an error output or on stderr (where evcxr prints an `Err` that `?`
returned and a panic's message).
Exit status: 0 when every notebook passed, 1 otherwise.
"""

import argparse
import re
import sys
import time
from pathlib import Path
from queue import Empty

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbclient.util import ensure_async

KERNEL = "handson"
# How long to keep listening for a failing cell's stderr after the kernel said it was done.
LATE_STDERR_S = 3.0
# The first cell of a fresh kernel waits for evcxr to build handson and its dependencies.
STARTUP_TIMEOUT_S = 1800
CELL_TIMEOUT_S = 1800


def cell_text(cell):
    """All text a code cell printed or returned."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif "data" in out:
            parts.append(out["data"].get("text/plain", ""))
    return "".join(parts)


def error_text(cell):
    """What a cell showed of a failure: error outputs (compile errors), and its stderr, where
    evcxr prints an `Err` returned through `?` and a panic's message."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            parts += [out.get("ename", ""), out.get("evalue", "")] + out.get("traceback", [])
        elif out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
    return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(parts))


def problems_in(nb):
    """The list of failed expectations of an executed notebook, as readable lines."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = f"cell {index} ({cell.source.splitlines()[0] if cell.source else ''!r})"
        expect = cell.get("metadata", {}).get("handson", {})
        if "expect_error" in expect:
            shown = error_text(cell)
            if expect["expect_error"] not in shown:
                problems.append(
                    f"{where}: expected an error showing {expect['expect_error']!r}; "
                    f"the cell's errors and stderr showed {shown[:800]!r}"
                )
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(f"{where}: error {out.get('ename')}: {out.get('evalue')}")
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
                problems.append(f"{where}: {name} is {found.group(1)}, expected {expected} +- {tolerance}")
    return problems


class LateStderrClient(NotebookClient):
    """evcxr prints an `Err` returned through `?` and a panic's message on the kernel's stderr,
    which can reach Jupyter after the cell's idle status (evcxr issue #353: there is no end
    marker on stderr), and then no longer counts as the cell's output. For cells meant to fail
    (`expect_error`), this client keeps collecting the cell's stderr a little longer."""

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)
        if "expect_error" not in cell.get("metadata", {}).get("handson", {}):
            return
        deadline = time.monotonic() + LATE_STDERR_S
        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=left))
            except Empty:
                return
            if msg["parent_header"].get("msg_id") == parent_msg_id and msg["msg_type"] == "stream":
                self.process_message(msg, cell, cell_index)


def run(path, out_dir, check):
    nb = nbformat.read(path, as_version=4)
    client = LateStderrClient(
        nb,
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
    print(f"{path}: executed in {elapsed:.1f} s", flush=True)
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / Path(path).name
        nbformat.write(nb, target)
        from nbconvert import HTMLExporter

        html, _ = HTMLExporter().from_notebook_node(nb)
        target.with_suffix(".html").write_text(html, encoding="utf-8")
        print(f"  wrote {target} and {target.with_suffix('.html')}", flush=True)
    return problems_in(nb) if check else []


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    failed = False
    for path in args.notebooks:
        problems = run(path, args.out, args.check)
        for problem in problems:
            print(f"{path}: {problem}", file=sys.stderr)
        failed |= bool(problems)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
