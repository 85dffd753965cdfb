"""Every course notebook in a real JupyterLab: opened, Run All, no error, every figure shown.

One JupyterLab serves a copy of notebooks/ for the whole module; each notebook
gets its own tab and its kernel is shut down afterwards. Before running, the
folded solutions (``<details>`` in Markdown) must render as a fold, never as
raw HTML. Screenshots of a diagram and a table go to build/screenshots/
(docs/screenshots/ only with PSOAS_EDU_UPDATE_SCREENSHOTS=1).
"""

from __future__ import annotations

import json
import shutil
import urllib.request

import pytest
from browser_support import (
    NOTEBOOKS,
    TOKEN,
    browser,
    jupyterlab,
    lab_url,
    needs_chromium,
    open_and_run_all,
    small_screenshot,
)

pytestmark = needs_chromium
NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lab")
    served = folder / "served"
    shutil.copytree(NOTEBOOKS, served)
    with jupyterlab(folder, served) as base, browser() as chrome:
        yield base, chrome


def _stored_figures(name: str) -> int:
    """How many pictures the stored notebook shows (PNG outputs and <img> in HTML)."""
    count = 0
    for cell in json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data or "image/svg+xml" in data:
                count += 1
            else:
                count += "".join(data.get("text/html", "")).count("<img ")
    return count


def _shut_down_kernels(base: str) -> None:
    with urllib.request.urlopen(f"{base}/api/sessions?token={TOKEN}") as answer:
        sessions = json.load(answer)
    for session in sessions:
        request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={TOKEN}",
                                         method="DELETE")
        urllib.request.urlopen(request).close()


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_in_jupyterlab_without_errors_and_shows_every_figure(lab, name):
    base, chrome = lab
    page = chrome.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(lab_url(base, name))
        page.locator(".jp-MarkdownCell .jp-RenderedMarkdown").first.wait_for(timeout=60_000)
        raw = page.evaluate("""() => [...document.querySelectorAll('.jp-RenderedMarkdown')]
            .map(m => m.innerText).filter(t => /<\\/?(details|summary)/.test(t))""")
        assert raw == [], f"{name}: folded solutions show as raw HTML: {raw}"

        open_and_run_all(page, None)
        errors = page.evaluate("""() => [...document.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
            .map(o => o.innerText.slice(0, 300))""")
        assert errors == [], f"{name}: error output after Run All: {errors}"
        images = page.evaluate("""async () => {
            const imgs = [...document.querySelectorAll('.jp-OutputArea-output img')];
            await Promise.all(imgs.map(i => i.decode().catch(() => null)));
            return imgs.map(i => ({w: i.naturalWidth, alt: i.getAttribute('alt') || ''}));
        }""")
        assert len(images) >= _stored_figures(name), f"{name}: {len(images)} figures shown"
        assert all(i["w"] > 0 for i in images), f"{name}: a figure did not load"
        assert all(i["alt"].strip() for i in images), f"{name}: a figure has no alt text"

        if name.startswith("01_"):
            outputs = page.locator(".jp-OutputArea-output")
            small_screenshot(page, outputs.locator("img").first, "diagram.png", max_height=700)
            small_screenshot(page, outputs.locator("table").first, "table.png",
                             max_height=420)
    finally:
        page.close()
        _shut_down_kernels(base)


def _active_cell(page) -> dict:
    return page.evaluate("""() => {
        const cell = document.querySelector('.jp-Notebook .jp-Cell.jp-mod-active');
        return {index: [...cell.parentNode.children].indexOf(cell),
                text: cell.innerText.slice(0, 200)};
    }""")


def _start_here_text() -> str:
    cells = json.loads((NOTEBOOKS / "00_start_here.ipynb").read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_a_solution_and_run_all_are_reached_by_keyboard_from_a_fresh_open(lab):
    """The route notebook 00 describes, before anything has run: Esc, ArrowDown to the
    solution cell, Tab, Enter opens it; the command palette runs every cell."""
    text = _start_here_text()
    for step in ("**Esc**", "**ArrowDown**", "**Tab**", "**Enter**", "**Ctrl-Shift-C**",
                 "*Run All Cells*"):
        assert step in text, f"notebook 00 no longer describes the keyboard step {step}"
    base, chrome = lab
    page = chrome.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(lab_url(base, "01_iliopsoas_anatomy.ipynb"))
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=60_000)
        page.locator(".jp-Notebook .jp-Cell").first.click()
        page.keyboard.press("Escape")
        for _ in range(60):
            if _active_cell(page)["text"].lstrip().startswith("Solution"):
                break
            page.keyboard.press("ArrowDown")
        else:
            pytest.fail(f"ArrowDown never reached a solution cell; last {_active_cell(page)}")
        solution = page.locator(".jp-Notebook .jp-Cell.jp-mod-active details").first
        assert solution.evaluate("d => d.open") is False, "the solution is not folded"
        # The first presses may pass the active cell's toolbar buttons.
        for _ in range(8):
            page.keyboard.press("Tab")
            summary = page.evaluate("() => [document.activeElement.tagName, "
                                    "document.activeElement.innerText]")
            if summary[0] == "SUMMARY":
                break
        assert summary[0] == "SUMMARY" and "Solution" in summary[1], summary
        page.keyboard.press("Enter")
        assert solution.evaluate("d => d.open") is True, "Enter did not open the solution"
        assert "spinous processes" in solution.inner_text()
        # Still in command mode: Enter opened the fold, it did not start editing the cell.
        assert page.locator(".jp-Notebook.jp-mod-commandMode").count() == 1
        page.keyboard.press("Enter")
        assert solution.evaluate("d => d.open") is False, "Enter did not fold it again"

        page.keyboard.press("Control+Shift+C")
        page.keyboard.type("Run All Cells")
        page.locator(".lm-CommandPalette-item.lm-mod-active",
                     has_text="Run All Cells").wait_for(timeout=10_000)
        page.keyboard.press("Enter")
        page.wait_for_function("""() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                .map(p => p.textContent.trim());
            return prompts.length > 0 && prompts.every(t => /\\[\\d+\\]/.test(t));
        }""", timeout=120_000)
    finally:
        page.close()
        _shut_down_kernels(base)
