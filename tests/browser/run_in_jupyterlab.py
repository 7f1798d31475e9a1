"""Runs a notebook the way a learner does: in JupyterLab, in a real browser.

    run_in_jupyterlab.py --out DIR NOTEBOOK

Starts `jupyter lab` headless on a free local port (a token of its own, no browser of its own,
Jupyter's config, data and runtime directories in a temporary directory), copies NOTEBOOK there
without its kernel choice, and opens it in headless Chromium through Selenium and Debian's
chromedriver. In the page it picks "Rust (handson)" in JupyterLab's kernel dialog, clicks
Run > Run All Cells, and waits until the kernel is idle with no cell left queued. Then it checks
what the page shows: every code cell ran, the last one has an output, no output area is an
error or stderr (where evcxr prints an `Err` returned through `?` and a panic's message), every
image has a natural size, and the cells meet their `"handson"` metadata (`expect_png`,
`stdout_contains`, `expect_values`: see kernel/run_notebooks.py). It saves a screenshot to
DIR/<notebook>.png, also when it fails or times out.
Exit status: 0 when every check passed, 1 otherwise.
"""

import argparse
import copy
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "kernel"))
from run_notebooks import problems_in  # noqa: E402

KERNEL_DISPLAY_NAME = "Rust (handson)"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Chromium as root, offline, with nothing of its own running in the background.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1280,1000",
]
SERVER_TIMEOUT_S = 180
PAGE_TIMEOUT_S = 180
# The kernel builds handson at its start: half a minute, much longer with a cold build cache
# on a busy machine (as kernel/run_notebooks.py allows).
KERNEL_TIMEOUT_S = 1800
RUN_ALL_TIMEOUT_S = 1200
# Time for the last outputs to render and their images to decode once the kernel is idle.
SETTLE_S = 2.0
SCREENSHOT_SIZE = (1280, 3200)
LOG_TAIL_LINES = 40

# What the page shows of each cell: kind, input prompt, and every output area's MIME type, text
# and images.
CELLS_JS = """
return Array.from(document.querySelectorAll('.jp-Notebook .jp-Notebook-cell')).map(cell => ({
  code: cell.classList.contains('jp-CodeCell'),
  prompt: (cell.querySelector('.jp-InputPrompt') || {}).textContent || '',
  outputs: Array.from(cell.querySelectorAll('.jp-OutputArea-output')).map(o => ({
    mime: o.getAttribute('data-mime-type') || '',
    text: o.textContent,
    images: Array.from(o.querySelectorAll('img')).map(i =>
      ({complete: i.complete, width: i.naturalWidth, height: i.naturalHeight})),
  })),
}));
"""
STDERR_MIME = "application/vnd.jupyter.stderr"


class Failure(Exception):
    """A check that failed, with what the page showed."""


def free_port():
    """A local TCP port that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_lab(workdir, token, port, log):
    """Starts `jupyter lab` on `port`, isolated in `workdir`, and waits until it answers."""
    env = dict(os.environ)
    env.pop("JUPYTER_PATH", None)
    env.update(
        JUPYTER_CONFIG_DIR=str(workdir / "config"),
        JUPYTER_DATA_DIR=str(workdir / "data"),
        JUPYTER_RUNTIME_DIR=str(workdir / "runtime"),
    )
    # No "get notified about Jupyter news?" toast over the notebook, no update check (offline).
    settings = workdir / "config/lab/user-settings/@jupyterlab/apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    jupyter = Path(sys.executable).parent / "jupyter"
    args = [
        str(jupyter), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={workdir / 'notebooks'}",
        # A kernel that dies stays dead (JupyterLab then says so) instead of restarting quietly.
        "--KernelRestarter.restart_limit=0",
        # evcxr answers nothing while it builds handson at start; by default the server gives up
        # after 60 s and replaces the connection, and evcxr then dies of a broken pipe.
        f"--MappingKernelManager.kernel_info_timeout={KERNEL_TIMEOUT_S}",
    ]
    if os.geteuid() == 0:
        args.append("--allow-root")
    lab = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + SERVER_TIMEOUT_S
    while time.monotonic() < deadline:
        if lab.poll() is not None:
            raise Failure(f"jupyter lab exited with status {lab.returncode}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=5)
            return lab
        except OSError:
            time.sleep(0.5)
    lab.terminate()
    raise Failure(f"jupyter lab did not answer within {SERVER_TIMEOUT_S} s")


def start_chromium(profile):
    """Headless Chromium under Selenium, through Debian's chromedriver, with a fresh profile."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in CHROMIUM_ARGS + [f"--user-data-dir={profile}"]:
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def wait(driver, timeout, what, condition):
    """Waits until `condition(driver)` is true, polling every second; fails naming `what` and
    the page's state."""
    def done(d):
        if kernel_status(d) == "dead":
            raise Failure(f"the kernel died while waiting for {what}: see JupyterLab's log")
        return condition(d)

    try:
        return WebDriverWait(driver, timeout, poll_frequency=1).until(done)
    except TimeoutException:
        raise Failure(
            f"timed out after {timeout} s waiting for {what}; the page shows kernel "
            f"{kernel_name(driver)!r} ({kernel_status(driver)}), "
            f"prompts {' '.join(prompts(driver))}"
        ) from None


def prompts(driver):
    """The input prompts of the code cells: `[ ]:` not run, `[*]:` queued or running, `[3]:`."""
    return [c["prompt"] for c in driver.execute_script(CELLS_JS) if c["code"]]


def kernel_status(driver):
    """The kernel's status as the notebook's execution indicator shows it (idle, busy, ...)."""
    found = driver.find_elements(By.CSS_SELECTOR, ".jp-Notebook-ExecutionIndicator")
    return found[0].get_attribute("data-status") if found else None


def kernel_name(driver):
    """The kernel the notebook's toolbar names."""
    found = driver.find_elements(By.CSS_SELECTOR, ".jp-NotebookPanel-toolbar .jp-KernelName")
    return found[0].text if found else None


def click_menu(driver, menu, item):
    """Opens `menu` in JupyterLab's menu bar and clicks its entry labelled `item`."""
    bar = [e for e in driver.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-item") if e.text == menu]
    if not bar:
        raise Failure(f"no {menu!r} menu in JupyterLab's menu bar")
    bar[0].click()
    entries = wait(driver, 10, f"the {menu} menu", lambda d: [
        e for e in d.find_elements(By.CSS_SELECTOR, ".lm-Menu-item .lm-Menu-itemLabel")
        if e.text == item
    ])
    entries[0].click()


def run_all(driver, url):
    """Opens the notebook, picks the kernel, runs every cell through the menu, and returns what
    the page shows of each cell once the kernel is done."""
    driver.get(url)
    dialog = wait(driver, PAGE_TIMEOUT_S, "JupyterLab's kernel dialog",
                  lambda d: d.find_elements(By.CSS_SELECTOR, ".jp-Dialog select"))
    choices = Select(dialog[0])
    names = [o.text for o in choices.options]
    if KERNEL_DISPLAY_NAME not in names:
        raise Failure(f"the kernel dialog offers {names}, not {KERNEL_DISPLAY_NAME!r}")
    choices.select_by_visible_text(KERNEL_DISPLAY_NAME)
    driver.find_element(By.CSS_SELECTOR, ".jp-Dialog .jp-mod-accept").click()
    named = []

    def started(d):
        # The server forgets a kernel that died: the toolbar then says "No Kernel".
        named.append(kernel_name(d) == KERNEL_DISPLAY_NAME)
        if any(named) and not named[-1]:
            raise Failure("the kernel died while starting: see JupyterLab's log")
        return named[-1] and kernel_status(d) == "idle"

    wait(driver, KERNEL_TIMEOUT_S, f"the {KERNEL_DISPLAY_NAME} kernel to start (idle)", started)

    click_menu(driver, "Run", "Run All Cells")
    wait(driver, 60, "Run All Cells to queue the cells", lambda d: "[*]:" in prompts(d))
    def finished(d):
        if kernel_name(d) != KERNEL_DISPLAY_NAME:
            raise Failure("the kernel died while running the cells: see JupyterLab's log")
        return "[*]:" not in prompts(d) and kernel_status(d) == "idle"

    wait(driver, RUN_ALL_TIMEOUT_S, "every cell to run (no cell left at [*], kernel idle)",
         finished)
    time.sleep(SETTLE_S)
    return driver.execute_script(CELLS_JS)


def problems_of(cells, nb):
    """What is wrong with the page's cells: the page's own checks, then the notebook's
    `"handson"` expectations applied to the outputs as shown."""
    if len(cells) != len(nb.cells):
        return [f"the page shows {len(cells)} cells, the notebook has {len(nb.cells)}"]
    problems = []
    code = [i for i, c in enumerate(cells) if c["code"]]
    for index in code:
        cell, where = cells[index], f"cell {index}"
        if not cell["prompt"].strip("[]: ").isdigit():
            problems.append(f"{where} did not run: its prompt is {cell['prompt']!r}")
        for out in cell["outputs"]:
            if out["mime"] == STDERR_MIME:
                problems.append(f"{where} shows an error or stderr: {out['text'][:800]!r}")
            for image in out["images"]:
                if not (image["complete"] and image["width"] > 0 and image["height"] > 0):
                    problems.append(f"{where} shows an image that did not load: {image}")
    if code and not cells[code[-1]]["outputs"]:
        problems.append(f"the last code cell ({code[-1]}) has no output")

    shown = copy.deepcopy(nb)
    for page_cell, cell in zip(cells, shown.cells):
        if cell.cell_type == "code":
            cell.outputs = [as_output(out) for out in page_cell["outputs"]]
    return problems + problems_in(shown)


def as_output(out):
    """A page's output area as an nbformat output, for run_notebooks' checks: text as a stream
    or a plain-text result, a loaded image as image/png."""
    if out["mime"] in ("application/vnd.jupyter.stdout", STDERR_MIME):
        name = "stdout" if out["mime"].endswith("stdout") else "stderr"
        return nbformat.v4.new_output("stream", name=name, text=out["text"])
    data = {"text/plain": out["text"]}
    if any(i["complete"] and i["width"] > 0 for i in out["images"]):
        data["image/png"] = "(shown)"
    return nbformat.v4.new_output("display_data", data=data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    # Killed by a timeout (SIGTERM): still save the screenshot and stop JupyterLab and Chromium.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("run_in_jupyterlab: terminated"))
    args.out.mkdir(parents=True, exist_ok=True)
    screenshot = args.out / args.notebook.with_suffix(".png").name
    nb = nbformat.read(args.notebook, as_version=4)

    workdir = Path(tempfile.mkdtemp(prefix="handson-jupyterlab-"))
    (workdir / "notebooks").mkdir()
    unchosen = copy.deepcopy(nb)
    unchosen.metadata.pop("kernelspec", None)  # so that JupyterLab asks which kernel to use
    nbformat.write(unchosen, workdir / "notebooks" / args.notebook.name)
    token, port = secrets.token_hex(16), free_port()
    log_path = args.out / "jupyterlab.log"
    started = time.monotonic()
    lab = driver = None
    problems = []
    try:
        with open(log_path, "w") as log:
            lab = start_lab(workdir, token, port, log)
            driver = start_chromium(workdir / "chromium-profile")
            url = f"http://127.0.0.1:{port}/lab/tree/{args.notebook.name}?token={token}"
            cells = run_all(driver, url)
            problems = problems_of(cells, nb)
            for index, cell in enumerate(cells):
                for out in cell["outputs"]:
                    if "accuracy" in out["text"]:
                        print(f"  cell {index}: {out['text'].strip()}")
    except Failure as failure:
        problems = [str(failure)]
    finally:
        if driver is not None:
            try:
                driver.set_window_size(*SCREENSHOT_SIZE)
                time.sleep(1)
                driver.save_screenshot(str(screenshot))
            except WebDriverException as e:
                problems.append(f"no screenshot: {e.msg}")
            driver.quit()
        if lab is not None:
            lab.terminate()
            try:
                lab.wait(timeout=60)
            except subprocess.TimeoutExpired:
                lab.kill()
        shutil.rmtree(workdir, ignore_errors=True)
    elapsed = time.monotonic() - started
    for problem in problems:
        print(f"{args.notebook}: {problem}", file=sys.stderr)
    if problems:
        tail = log_path.read_text(errors="replace").splitlines()[-LOG_TAIL_LINES:]
        print(f"the end of JupyterLab's log ({log_path}):", *tail, sep="\n", file=sys.stderr)
    verdict = "failed" if problems else "passed"
    print(f"{args.notebook} in JupyterLab: {verdict} in {elapsed:.1f} s; screenshot {screenshot}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
