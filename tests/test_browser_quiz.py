"""The quiz notebook in a real JupyterLab, driven in headless Chromium.

Starts JupyterLab on 127.0.0.1 with a token and private config, data and
runtime folders, serving a copy of notebooks/06_self_study_quiz.ipynb (the
stored notebook is never touched). Runs all cells, then answers the first
radio-button question with the keyboard only (Tab to the right option, Space
to choose it, Tab to Check, Enter) and reads the feedback in the output
area. A screenshot is saved to build/screenshots/ for a person to look at.

Uses Debian's /usr/bin/chromium through playwright's Python API; it never
downloads a browser. Runs in the normal ``make test``.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from psoas_edu import build_quiz

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "06_self_study_quiz.ipynb"
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
TOKEN = "psoas-edu-browser-test"


def _chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(_chromium() is None,
                       reason="Debian's chromium is not installed (apt-get install chromium); "
                              "the quiz browser test needs a real browser"),
]


def _notebook_quiz():
    """The quiz the notebook builds: the keyword arguments of its build_quiz call."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    source = next("".join(c["source"]) for c in cells
                  if c["cell_type"] == "code" and "build_quiz(" in "".join(c["source"]))
    call = next(node for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "build_quiz")
    return build_quiz(**{k.arg: ast.literal_eval(k.value) for k in call.keywords})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """A private JupyterLab serving a copy of the quiz notebook; yields its URL."""
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(NOTEBOOK, served / NOTEBOOK.name)
    settings = tmp_path / "config" / "lab" / "user-settings" / "@jupyterlab"
    for extension, values in (("apputils-extension/notification", {"fetchNews": "false"}),
                              ("notebook-extension/tracker", {"windowingMode": "none"})):
        path = settings / f"{extension}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_DATA_DIR": str(tmp_path / "data"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_PLATFORM_DIRS": "1"}
    port = _free_port()
    command = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser",
               "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={TOKEN}",
               f"--ServerApp.root_dir={served}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log_path = tmp_path / "lab.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2):
                        break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        pytest.fail("JupyterLab did not start:\n" + log_path.read_text())
                    time.sleep(0.3)
            yield f"{base}/lab/tree/{NOTEBOOK.name}?token={TOKEN}"
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _focused(page) -> dict:
    return page.evaluate("""() => {
        const e = document.activeElement;
        return {tag: e.tagName, type: e.getAttribute('type') || '',
                label: ((e.parentElement && e.parentElement.textContent) || '').trim(),
                text: (e.textContent || '').trim(),
                inQuiz: !!e.closest('.jp-OutputArea-output')};
    }""")


def _tab_until(page, wanted, *, limit: int = 150) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if wanted(focused):
            return focused
    pytest.fail(f"Tab never reached the control wanted; last focused: {focused}")


def test_answer_a_question_with_the_keyboard_and_read_the_feedback(lab):
    from playwright.sync_api import sync_playwright

    quiz = _notebook_quiz()
    first = next((q for q in quiz if q.type in ("single_choice", "true_false")), None)
    assert first is not None, "the notebook's quiz needs a radio-button question to answer"
    right = first.option_text(first.answers[0])

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(lab)
            # The toolbar reads idle before the kernel exists; the status bar does not.
            page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=90_000)
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.locator('li[data-command="runmenu:run-all"]').click()
            outputs = page.locator(".jp-OutputArea-output")
            outputs.locator(".widget-radio-box input[type=radio]").first.wait_for(
                timeout=90_000)
            outputs.locator(".psoas-quiz").first.wait_for(timeout=90_000)  # later cells ran

            # Keyboard only from here: Tab to the first radio button of the quiz, on to
            # the right option, Space to choose it, Tab to its Check button, Enter.
            _tab_until(page, lambda f: f["type"] == "radio" and f["inQuiz"])
            if _focused(page)["label"] != right:
                _tab_until(page, lambda f: f["type"] == "radio" and f["label"] == right,
                           limit=len(first.options))
            page.keyboard.press("Space")
            assert page.evaluate("() => document.activeElement.checked") is True
            _tab_until(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Check",
                       limit=len(first.options) + 1)
            page.keyboard.press("Enter")

            feedback = outputs.locator(f"#{first.html_id('feedback')}")
            feedback.wait_for(timeout=30_000)
            text = feedback.inner_text()
            assert "Correct." in text
            assert "Why:" in text and "Source:" in text
            assert first.citation[:30] in text
            score = outputs.get_by_text("Score: 1 of").first
            score.wait_for(timeout=10_000)
            assert f"on 1 of {len(quiz)} questions checked" in score.inner_text()

            feedback.scroll_into_view_if_needed()
            page.screenshot(path=str(SCREENSHOTS / "quiz_keyboard_feedback.png"))
        finally:
            browser.close()
