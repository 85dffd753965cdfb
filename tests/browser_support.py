"""Shared pieces of the browser tests: Debian's chromium, a private JupyterLab, axe-core.

The tests drive a real browser through playwright's Python API with the
system's /usr/bin/chromium; they never download a browser. Each test module
starts one JupyterLab server (or Voila) on 127.0.0.1 with a token and private
config, data and runtime folders, serving copies of the notebooks, so the
stored notebooks are never touched.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SCREENSHOTS = ROOT / "build" / "screenshots"
#: Committed, small screenshots shown in the README.
README_SCREENSHOTS = ROOT / "docs" / "screenshots"
#: Set to 1 to replace the README's screenshots (otherwise they are never written).
UPDATE_SCREENSHOTS = "PSOAS_EDU_UPDATE_SCREENSHOTS"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
TOKEN = "psoas-edu-browser-test"


def chromium() -> str | None:
    """Path of Debian's chromium, or None."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


needs_chromium = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium() is None,
                       reason="Debian's chromium is not installed (apt-get install chromium); "
                              "the browser tests need a real browser"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _private_jupyter(folder: Path) -> dict[str, str]:
    """Environment for a Jupyter server with its own config, data and runtime folders."""
    settings = folder / "config" / "lab" / "user-settings" / "@jupyterlab"
    for extension, values in (("apputils-extension/notification", {"fetchNews": "false"}),
                              ("notebook-extension/tracker", {"windowingMode": "none"})):
        path = settings / f"{extension}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    return {**os.environ, "JUPYTER_CONFIG_DIR": str(folder / "config"),
            "JUPYTER_DATA_DIR": str(folder / "data"),
            "JUPYTER_RUNTIME_DIR": str(folder / "runtime"), "JUPYTER_PLATFORM_DIRS": "1",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                        os.environ.get("PYTHONPATH")]))}


@contextlib.contextmanager
def jupyter_server(command: list[str], folder: Path, ready_path: str, *,
                   extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """Run a Jupyter server command until the block ends; yield its base URL."""
    env = {**_private_jupyter(folder), **(extra_env or {})}
    port = free_port()
    command = [str(Path(sys.executable).parent / command[0]), *command[1:],
               f"--port={port}"]
    log_path = folder / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                  cwd=folder)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 90
            while True:
                try:
                    with urllib.request.urlopen(f"{base}{ready_path}", timeout=2):
                        break
                except urllib.error.HTTPError:  # the server answers: it is up
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(f"{command[0]} did not start:\n" + log_path.read_text())
                    time.sleep(0.3)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@contextlib.contextmanager
def jupyterlab(folder: Path, served: Path) -> Iterator[str]:
    """A private JupyterLab serving ``served``; yields the base URL (token set)."""
    command = ["jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
               f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={served}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    with jupyter_server(command, folder, f"/api/status?token={TOKEN}") as base:
        yield base


def lab_url(base: str, notebook: str) -> str:
    # reset: open only this notebook, not the tabs a previous page left in the workspace.
    return f"{base}/lab/tree/{notebook}?reset&token={TOKEN}"


@contextlib.contextmanager
def browser() -> Iterator[object]:
    """A headless Debian chromium (playwright Browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chrome = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        try:
            yield chrome
        finally:
            chrome.close()


def open_and_run_all(page, url: str | None, *, timeout: int = 120_000) -> None:
    """Open a notebook in JupyterLab (unless ``url`` is None: already open), wait for
    its kernel, Run All, wait until done."""
    if url is not None:
        page.goto(url)
    # The toolbar reads idle before the kernel exists; the status bar does not.
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=timeout)
    # Clear the stored outputs first, so everything checked afterwards is from this run.
    page.get_by_role("menuitem", name="Edit", exact=True).click()
    page.locator('li[data-command="editmenu:clear-all"]').click()
    page.wait_for_function("""() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
        .every(p => !/\\d/.test(p.textContent))""", timeout=timeout)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator('li[data-command="runmenu:run-all"]').click()
    # Every code cell has an execution count once the run has reached it (a cell with
    # its input folded shows no prompt).
    page.wait_for_function("""() => {
        const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
            .map(p => p.textContent.trim()).filter(t => t);
        return prompts.length > 0 && prompts.every(t => /\\[\\d+\\]/.test(t));
    }""", timeout=timeout)
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=timeout)


@contextlib.contextmanager
def voila(folder: Path, notebook: Path, *, env: dict[str, str]) -> Iterator[str]:
    """Voila serving ``notebook`` (code hidden); yields its URL."""
    command = ["voila", "--no-browser", "--Voila.ip=127.0.0.1", str(notebook)]
    with jupyter_server(command, folder, "/voila-ready-check", extra_env=env) as base:
        yield base + "/"


def choose_radio(page, label: str) -> dict:
    """With focus on a radio group, choose the option ``label`` with Space and the
    arrow keys only; returns the focused control."""
    state = focused(page)
    if not state["checked"]:
        page.keyboard.press("Space")
    for _ in range(30):
        state = focused(page)
        if state["label"] == label:
            return state
        page.keyboard.press("ArrowDown")
    pytest.fail(f"the arrow keys never reached the option {label!r}; last: {state}")


def focused(page) -> dict:
    """What has keyboard focus: tag, type, accessible-name-ish text, where it is."""
    return page.evaluate("""() => {
        const e = document.activeElement;
        const label = e.labels && e.labels.length ? e.labels[0].textContent : '';
        return {tag: e.tagName, type: e.getAttribute('type') || '', label: label.trim(),
                text: (e.textContent || '').trim(), value: e.value || '',
                checked: !!e.checked, inQuiz: !!e.closest('.psoas-quizw'),
                card: (e.closest('.pq-card') || {id: ''}).id};
    }""")


def tab_until(page, wanted, *, limit: int = 150, key: str = "Tab") -> dict:
    """Press Tab until ``wanted(focused(page))``; fail after ``limit`` presses."""
    state = {}
    for _ in range(limit):
        page.keyboard.press(key)
        state = focused(page)
        if wanted(state):
            return state
    pytest.fail(f"{key} never reached the control wanted; last focused: {state}")


def axe_violations(page, selector: str, *, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's violations of the given impacts inside the elements ``selector``."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"include": [[selector]]})
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in results.response["violations"] if v["impact"] in impacts]


def contrast(rgb_a: str, rgb_b: str) -> float:
    """WCAG contrast ratio of two CSS ``rgb(...)`` colours."""
    def luminance(css: str) -> float:
        values = [float(v) for v in css[css.index("(") + 1:css.index(")")].split(",")[:3]]
        linear = [(v / 255 / 12.92 if v / 255 <= 0.03928 else ((v / 255 + 0.055) / 1.055) ** 2.4)
                  for v in values]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(rgb_a), luminance(rgb_b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def small_screenshot(page, locator, name: str, *, width: int = 900,
                     max_height: int = 900) -> Path:
    """Save what the page shows of ``locator`` (from its top, at most ``max_height``
    pixels) to build/screenshots, with a small copy beside it; returns the small copy.

    The committed README pictures in docs/screenshots/ are replaced only when
    ``PSOAS_EDU_UPDATE_SCREENSHOTS=1`` is set, so a test run leaves the checkout clean.
    """
    from PIL import Image

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    locator.evaluate("e => e.scrollIntoView({block: 'start'})")
    box = locator.bounding_box()
    viewport = page.viewport_size
    top = max(box["y"], 0)
    height = min(box["height"], viewport["height"] - top, max_height)
    full = SCREENSHOTS / name
    page.screenshot(path=str(full), clip={"x": max(box["x"], 0), "y": top,
                                          "width": min(box["width"], viewport["width"]),
                                          "height": height})
    with Image.open(full) as shot:
        image = shot.convert("RGB")
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)),
                             Image.Resampling.LANCZOS)
    small = SCREENSHOTS / f"small_{name}"
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT,
                   dither=Image.Dither.NONE).save(small, optimize=True)
    if updating_screenshots():
        README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(small, README_SCREENSHOTS / name)
        return README_SCREENSHOTS / name
    return small


def updating_screenshots() -> bool:
    """True when the README's screenshots in docs/screenshots/ are to be replaced."""
    return os.environ.get(UPDATE_SCREENSHOTS, "") not in ("", "0")
