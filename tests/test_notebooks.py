"""Course notebooks follow the teaching structure, read from their saved JSON.

Each rule is a function that returns the problems it finds in one notebook, so the
rules are tested on broken notebooks too (they must be able to fail). Running the
notebooks and comparing outputs is nbval's job (``pytest notebooks/``).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))

#: Longest code cell allowed: anything longer belongs in the package.
MAX_CODE_LINES = 6
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}
HIDDEN_TAGS = ("solution", "answer-key")
#: Notebooks that must carry the medical disclaimer, whatever their code does.
CLINICAL_NOTEBOOKS = ("03_trigger_points_referred_pain", "04_clinical_anatomy_red_flags",
                      "05_release_and_safety")
#: Data a notebook shows that makes it clinical (and so needs the disclaimer).
CLINICAL_TABLES = ("techniques", "dosages", "contraindications", "trigger_points",
                   "referral_patterns", "clinical_notes", "red_flags", "differentials",
                   "clinical_anatomy", "guidelines", "evidence_base", "anecdotes")
DISCLAIMER = "medical disclaimer"
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")
#: How a solution cell starts: bold "Solution", a folded <details>, or a "# Solution" comment.
SOLUTION_TEXT = re.compile(r"\s*(\*\*Solution|<details>\s*<summary>.*Solution|# Solution)",
                           flags=re.IGNORECASE)


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


# --- the rules -------------------------------------------------------------------------

def first_cell_problems(nb: dict) -> list[str]:
    first = nb["cells"][0] if nb["cells"] else {"cell_type": "none", "source": ""}
    text = source(first)
    problems = []
    if first["cell_type"] != "markdown" or not text.startswith("# "):
        problems.append("first cell is not a markdown cell starting with a '# ' title")
    if "learning objectives" not in text.lower():
        problems.append("first cell has no learning objectives")
    if not re.search(r"\*\*Time:\*\*[^\n]*\d+\s*min", text):
        problems.append("first cell has no time estimate ('**Time:** about N minutes')")
    return problems


def last_cell_problems(nb: dict) -> list[str]:
    last = nb["cells"][-1] if nb["cells"] else {"cell_type": "none", "source": ""}
    text = source(last)
    problems = []
    if last["cell_type"] != "markdown" or "## Key points" not in text:
        problems.append("last cell is not a markdown '## Key points' cell")
    if "CC BY 4.0" not in text or "MIT" not in text:
        problems.append("last cell does not give the licence (text CC BY 4.0, code MIT)")
    return problems


def long_code_problems(nb: dict, limit: int = MAX_CODE_LINES) -> list[str]:
    return [f"code cell {n} has {len(source(c).splitlines())} lines (at most {limit}): "
            f"move the code into psoas_edu"
            for n, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
            and len(source(c).splitlines()) > limit]


def execution_problems(nb: dict) -> list[str]:
    """Saved as run top to bottom from a fresh kernel, with no errors or warnings."""
    cells = code_cells(nb)
    counts = [c.get("execution_count") for c in cells]
    problems = []
    if counts != list(range(1, len(cells) + 1)):
        problems.append(f"execution counts are {counts}, not 1..{len(cells)}: run the notebook "
                        "from a fresh kernel and save it with its outputs")
    for n, cell in enumerate(cells):
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                problems.append(f"code cell {n} saved an error: {output.get('ename')}")
            if output["output_type"] == "stream" and output.get("name") == "stderr":
                problems.append(f"code cell {n} wrote to stderr: {''.join(output['text'])[:80]}")
    return problems


def first_code_problems(nb: dict) -> list[str]:
    cells = code_cells(nb)
    if cells and not source(cells[0]).startswith("%matplotlib inline"):
        return ["the first code cell does not start with '%matplotlib inline'"]
    return []


def _img_tags(html: str) -> list[str]:
    return re.findall(r"<img\b[^>]*>", html, flags=re.IGNORECASE)


def _has_alt(img: str) -> bool:
    match = re.search(r"""\balt\s*=\s*("([^"]*)"|'([^']*)')""", img, flags=re.IGNORECASE)
    return bool(match and (match.group(2) or match.group(3) or "").strip())


def alt_text_problems(nb: dict) -> list[str]:
    problems = []
    for n, cell in enumerate(code_cells(nb)):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            meta = output.get("metadata", {})
            for mime in IMAGE_TYPES:
                if mime in data and not str(meta.get(mime, {}).get("alt", "")).strip():
                    problems.append(f"code cell {n}: {mime} output without alt text in its "
                                    "metadata (show figures with pe.show_figure)")
            html = "".join(data.get("text/html", ""))
            if any(not _has_alt(img) for img in _img_tags(html)):
                problems.append(f"code cell {n}: <img> without alt text")
    return problems


def slide_problems(nb: dict) -> list[str]:
    return [f"cell {n} has no slideshow slide_type (or an unknown one)"
            for n, cell in enumerate(nb["cells"])
            if cell.get("metadata", {}).get("slideshow", {}).get("slide_type") not in SLIDE_TYPES]


def solution_problems(nb: dict) -> list[str]:
    """Solutions are tagged and folded; every exercise has one."""
    problems = []
    cells = nb["cells"]
    for n, cell in enumerate(cells):
        jupyter = cell.get("metadata", {}).get("jupyter", {})
        if cell["cell_type"] == "markdown" and "solution" in tags(cell):
            # Folded by <details> only: a hidden source would be skipped by the keyboard
            # (ArrowDown) until the cell is expanded with the mouse.
            if jupyter.get("source_hidden"):
                problems.append(f"cell {n} is a solution with its source hidden: fold it "
                                "with <details> only, so the keyboard reaches it")
            if not re.search(r"<details>\s*<summary>", source(cell)):
                problems.append(f"cell {n} is a solution not folded in <details><summary>")
        elif any(t in tags(cell) for t in HIDDEN_TAGS):
            if jupyter.get("source_hidden") is not True:
                problems.append(f"cell {n} is tagged {tags(cell)} but its source is not hidden")
            if cell.get("outputs") and jupyter.get("outputs_hidden") is not True:
                problems.append(f"cell {n} is tagged {tags(cell)} but its output is not hidden")
        if SOLUTION_TEXT.match(source(cell)) and "solution" not in tags(cell):
            problems.append(f"cell {n} reads like a solution but is not tagged 'solution'")
    starts = [n for n, c in enumerate(cells)
              if c["cell_type"] == "markdown" and re.match(r"\s*\*\*Exercise\b", source(c))]
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(cells)
        if not any("solution" in tags(c) for c in cells[start + 1:end]):
            problems.append(f"exercise in cell {start} has no cell tagged 'solution' after it")
    return problems


def is_clinical(name: str, nb: dict) -> bool:
    return name in CLINICAL_NOTEBOOKS or any(_uses_clinical_data(c) for c in nb["cells"])


def _uses_clinical_data(cell: dict) -> bool:
    return cell["cell_type"] == "code" and any(f'"{t}"' in source(cell) for t in CLINICAL_TABLES)


def disclaimer_problems(nb: dict) -> list[str]:
    """The disclaimer comes before the first clinical table (or early, if there is none)."""
    cells = nb["cells"]
    first = next((n for n, c in enumerate(cells) if _uses_clinical_data(c)), 3)
    before = [source(c).lower() for c in cells[:first] if c["cell_type"] == "markdown"]
    if not any(DISCLAIMER in text for text in before):
        return [f"no medical disclaimer before cell {first}, where clinical content starts"]
    return []


def link_problems(nb: dict, folder: Path = NOTEBOOKS_DIR) -> list[str]:
    text = "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    return [f"link to missing notebook {target}"
            for target in re.findall(r"\]\(([^)#\s]+\.ipynb)", text)
            if not (folder / target).exists()]


RULES = [first_cell_problems, last_cell_problems, long_code_problems, execution_problems,
         first_code_problems, alt_text_problems, slide_problems, solution_problems,
         link_problems]


# --- the course's notebooks -------------------------------------------------------------

def test_the_course_has_its_notebooks():
    names = {p.stem for p in NOTEBOOKS}
    expected = {"00_start_here", "01_iliopsoas_anatomy", "02_actions_synergists_antagonists",
                *CLINICAL_NOTEBOOKS, "07_instructor_guide"}
    assert expected <= names, f"missing: {sorted(expected - names)}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_follows_rule(path: Path, rule):
    assert rule(load(path)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_clinical_notebooks_have_the_disclaimer(path: Path):
    nb = load(path)
    if not is_clinical(path.stem, nb):
        pytest.skip("no clinical content")
    assert disclaimer_problems(nb) == []


def test_instructor_guide_is_left_out_of_the_student_version():
    nb = load(NOTEBOOKS_DIR / "07_instructor_guide.ipynb")
    assert nb["metadata"].get("psoas_edu", {}).get("instructor_only") is True


# --- the rules catch what they should ---------------------------------------------------

def _cell(kind: str, text: str, **metadata) -> dict:
    cell = {"cell_type": kind, "source": text,
            "metadata": {"slideshow": {"slide_type": "slide"}, **metadata}}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


@pytest.fixture
def good() -> dict:
    """A minimal notebook that passes every rule."""
    cells = [
        _cell("markdown", "# T\n\n**Learning objectives.** x\n\n**Time:** about 5 minutes."),
        _cell("code", "%matplotlib inline\nimport psoas_edu as pe"),
        _cell("markdown", "**Exercise 1.** Why?"),
        _cell("markdown", "<details><summary>Solution</summary>\n\nBecause.\n\n</details>",
              tags=["solution"]),
        _cell("markdown", "## Key points\n\n- x\n\n*Licence: text CC BY 4.0, code MIT.*"),
    ]
    cells[1]["execution_count"] = 1
    return {"cells": cells, "metadata": {}}


def test_a_good_notebook_passes_every_rule(good):
    assert [p for rule in RULES for p in rule(good)] == []


def test_rules_catch_a_missing_structure(good):
    bad = copy.deepcopy(good)
    bad["cells"][0]["source"] = "Some text"
    bad["cells"][-1]["source"] = "The end."
    assert len(first_cell_problems(bad)) == 3
    assert len(last_cell_problems(bad)) == 2


def test_rules_catch_long_code_and_unrun_cells(good):
    bad = copy.deepcopy(good)
    bad["cells"].insert(2, _cell("code", "\n".join(["x = 1"] * (MAX_CODE_LINES + 1))))
    assert long_code_problems(bad) and "7 lines" in long_code_problems(bad)[0]
    assert execution_problems(bad)  # the new cell has no execution count
    bad["cells"][2]["execution_count"] = 2
    bad["cells"][2]["outputs"] = [{"output_type": "error", "ename": "KeyError",
                                   "evalue": "", "traceback": []}]
    assert execution_problems(bad) == ["code cell 1 saved an error: KeyError"]


def test_rules_catch_figures_without_alt_text(good):
    bad = copy.deepcopy(good)
    bad["cells"][1]["outputs"] = [
        {"output_type": "display_data", "metadata": {}, "data": {"image/png": "iVBOR"}},
        {"output_type": "display_data", "metadata": {},
         "data": {"text/html": '<img src="x.png" alt=" ">'}},
    ]
    assert len(alt_text_problems(bad)) == 2
    bad["cells"][1]["outputs"] = [
        {"output_type": "display_data", "metadata": {"image/png": {"alt": "A diagram"}},
         "data": {"image/png": "iVBOR"}},
        {"output_type": "display_data", "metadata": {},
         "data": {"text/html": ['<img src="x.png"\n', ' alt="Psoas major, front view">']}},
    ]
    assert alt_text_problems(bad) == []


def test_rules_catch_unfolded_keyboard_hidden_or_missing_solutions(good):
    bad = copy.deepcopy(good)
    bad["cells"][3]["metadata"]["jupyter"] = {"source_hidden": True}
    assert solution_problems(bad) == [
        "cell 3 is a solution with its source hidden: fold it with <details> only, "
        "so the keyboard reaches it"]
    bad["cells"][3] = _cell("markdown", "**Solution.** Because.", tags=["solution"])
    assert solution_problems(bad) == ["cell 3 is a solution not folded in <details><summary>"]
    bad["cells"][3]["metadata"]["tags"] = []
    problems = solution_problems(bad)
    assert any("not tagged 'solution'" in p for p in problems)
    assert any("no cell tagged 'solution'" in p for p in problems)


def test_rules_catch_folded_solutions_without_the_tag_and_visible_answers(good):
    bad = copy.deepcopy(good)
    bad["cells"][3]["metadata"]["tags"] = []
    bad["cells"][3]["source"] = "<details>\n<summary><b>Solution</b></summary>\n\nBecause."
    assert any("not tagged 'solution'" in p for p in solution_problems(bad))
    bad = copy.deepcopy(good)
    bad["cells"].insert(4, _cell("code", "# Solution\nx", tags=["solution"],
                                 jupyter={"source_hidden": True}))
    bad["cells"][4]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "42"}]
    assert solution_problems(bad) == ["cell 4 is tagged ['solution'] but its output is not hidden"]


def test_rules_catch_missing_slide_metadata_and_first_code(good):
    bad = copy.deepcopy(good)
    del bad["cells"][2]["metadata"]["slideshow"]
    bad["cells"][1]["source"] = "import psoas_edu as pe"
    assert slide_problems(bad) == ["cell 2 has no slideshow slide_type (or an unknown one)"]
    assert first_code_problems(bad)


def test_clinical_content_needs_the_disclaimer(good):
    bad = copy.deepcopy(good)
    bad["cells"][1]["source"] = 'pe.evidence_table(atlas, "contraindications", columns=[])'
    assert is_clinical("99_other", bad)
    assert disclaimer_problems(bad)
    bad["cells"].insert(2, _cell("markdown", "> **Medical disclaimer.** Education only."))
    assert disclaimer_problems(bad)  # after the clinical table is too late
    bad["cells"].insert(1, bad["cells"].pop(2))
    assert disclaimer_problems(bad) == []


def test_links_to_missing_notebooks_are_caught(good, tmp_path):
    (tmp_path / "01_a.ipynb").write_text("{}")
    bad = copy.deepcopy(good)
    bad["cells"][2]["source"] = "[one](01_a.ipynb) and [two](02_b.ipynb#top)"
    assert link_problems(bad, tmp_path) == ["link to missing notebook 02_b.ipynb"]


# --- the slide decks work offline ----------------------------------------------------------

ROOT = NOTEBOOKS_DIR.parent


def slides_options() -> list[str]:
    """The ``--Option=value`` flags of the Makefile's ``slides`` recipe."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nslides:", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"(--[\w.]+=\S+)", recipe)


def test_slides_recipe_points_at_local_script_copies():
    options = dict(o.split("=", 1) for o in slides_options())
    assert options["--SlidesExporter.reveal_url_prefix"] == "reveal.js"
    assert options["--SlidesExporter.require_js_url"] == "require.js"
    assert options["--SlidesExporter.jquery_url"] == "jquery.min.js"
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["reveal.js"] == "4.0.2"
    assert package["dependencies"]["requirejs"].startswith("2")
    assert package["dependencies"]["jquery"].startswith("3")


def test_a_deck_loads_its_scripts_from_local_copies(tmp_path):
    import subprocess
    import sys

    notebook = {"cells": [_cell("markdown", "# Title\n\nSome text.")], "metadata": {},
                "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "deck.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "slides",
                    f"--output-dir={tmp_path}", *slides_options(), str(tmp_path / "deck.ipynb")],
                   check=True, capture_output=True, cwd=ROOT)
    html = (tmp_path / "deck.slides.html").read_text(encoding="utf-8")
    assert '<script src="require.js">' in html and '<script src="jquery.min.js">' in html
    assert '"reveal.js/dist/reveal.js"' in html and 'href="reveal.js/dist/theme/white.css"' in html
    assert "unpkg.com" not in html and "mermaid" not in html
    assert "<h1" in html and "Some text." in html
