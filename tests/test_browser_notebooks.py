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
