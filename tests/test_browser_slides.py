"""The slide decks in headless Chromium: every slide fits the screen, text is large,
and no answer key is in a deck.

Builds the decks as ``make slides`` does (same nbconvert options, local reveal.js
from node_modules) into a temporary folder, opens each at 1024x768 and 1920x1080,
steps through every slide and measures its content against the slide size.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from browser_support import NOTEBOOKS, ROOT, browser, needs_chromium

from psoas_edu.quiz.render import ANSWER_KEY_METADATA

pytestmark = [*needs_chromium, pytest.mark.skipif(
    not (ROOT / "node_modules" / "reveal.js").is_dir(),
    reason="reveal.js is not installed: run `npm ci` (make test does)")]
WIDTH, HEIGHT = 1280, 960  # the Makefile's --SlidesExporter.reveal_width/height


def _makefile_slide_options() -> list[str]:
    """The nbconvert options of `make slides`, read from the Makefile."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    command = re.search(r"jupyter nbconvert --to slides (.*?) notebooks/\*\.ipynb", text).group(1)
    return [o for o in command.split() if not o.startswith("--output-dir")]


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    (out / "reveal.js").mkdir()
    for part in ("dist", "plugin"):
        shutil.copytree(ROOT / "node_modules" / "reveal.js" / part, out / "reveal.js" / part)
    shutil.copy(ROOT / "node_modules" / "requirejs" / "require.js", out)
    shutil.copy(ROOT / "node_modules" / "jquery" / "dist" / "jquery.min.js", out)
    options = [o.replace("psoas_edu/slides_template", str(ROOT / "psoas_edu" / "slides_template"))
               for o in _makefile_slide_options()]
    notebooks = sorted(str(p) for p in NOTEBOOKS.glob("*.ipynb"))
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "slides",
                    f"--output-dir={out}", *options, *notebooks], check=True,
                   capture_output=True, cwd=ROOT)
    return sorted(out.glob("*.slides.html"))


def test_the_makefile_builds_slides_of_the_size_measured_here():
    options = _makefile_slide_options()
    assert f"--SlidesExporter.reveal_width={WIDTH}" in options
    assert f"--SlidesExporter.reveal_height={HEIGHT}" in options


DECKS = [p.stem for p in sorted(NOTEBOOKS.glob("*.ipynb"))]


@pytest.fixture(scope="module")
def chrome():
    with browser() as chromium:
        yield chromium


@pytest.mark.parametrize("viewport", [(1024, 768), (1920, 1080)])
@pytest.mark.parametrize("name", DECKS)
def test_every_slide_fits_and_its_text_is_at_least_24_px(decks, chrome, name, viewport):
    deck = next(d for d in decks if d.name == f"{name}.slides.html")
    problems = []
    page = chrome.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    page.goto(deck.as_uri())
    page.wait_for_function("() => window.psoasDeckReady === true", timeout=60_000)
    slides = page.evaluate("""() => {
        const R = window.psoasReveal;
        return R.getSlides().map((s, i) => {
            const at = R.getIndices(s); R.slide(at.h, at.v);
            const small = [...s.querySelectorAll('p, li, td, th')]
                .filter(e => e.innerText.trim()
                             && parseFloat(getComputedStyle(e).fontSize) < 24)
                .map(e => e.innerText.slice(0, 30));
            return {i, height: s.scrollHeight, width: s.scrollWidth, small,
                    start: s.innerText.trim().slice(0, 50)};
        });
    }""")
    page.close()
    assert slides, f"{deck.name} has no slides"
    for s in slides:
        if s["height"] > HEIGHT or s["width"] > WIDTH:
            problems.append(f"{deck.name} slide {s['i'] + 1} ({s['start']!r}): "
                            f"{s['width']}x{s['height']} on a {WIDTH}x{HEIGHT} slide")
        if s["small"]:
            problems.append(f"{deck.name} slide {s['i'] + 1}: text under 24 px: "
                            f"{s['small'][:3]}")
    assert not problems, "\n".join(problems)


def test_no_answer_key_is_in_a_deck(decks):
    assert ANSWER_KEY_METADATA == {"psoas_edu": {"answer_key": True}}
    for deck in decks:
        text = deck.read_text(encoding="utf-8")
        assert "answer key</h2>" not in text and "(right answer)" not in text, deck.name
        assert "<summary><strong>Solution" not in text, deck.name


def test_a_table_row_taller_than_a_slide_becomes_a_card(decks, chrome):
    """Notebook 04's red-flag table has rows too tall for a slide at 24 px: each such
    row is shown as a card, heading: cell, with every cell's text kept."""
    deck = next(d for d in decks if d.name.startswith("04_"))
    page = chrome.new_page(viewport={"width": 1024, "height": 768})
    page.goto(deck.as_uri())
    page.wait_for_function("() => window.psoasDeckReady === true", timeout=60_000)
    cards = page.evaluate("""() => [...document.querySelectorAll('.psoas-row-card-cell p')]
        .map(p => [p.querySelector('strong').textContent, p.innerText])""")
    page.close()
    assert cards, "no table row was turned into a card"
    assert all(name.endswith(": ") and len(text) > len(name) for name, text in cards)
    assert any(name.startswith("sign") for name, _ in cards)
