"""Markdown in the course notebooks reads well before JupyterLab renders it.

JupyterLab draws a cell that is not yet on screen as a placeholder showing the
first line of its source. A folded solution that starts with ``<details>``
therefore shows as raw HTML until the student scrolls to it; its first line
must be plain text.
"""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").rglob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_markdown_cell_starts_with_html(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    starts = ["".join(c["source"]).lstrip().split("\n", 1)[0] for c in cells
              if c["cell_type"] == "markdown"]
    assert [s for s in starts if re.match(r"<[a-zA-Z/]", s)] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_fold_is_closed(path):
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            assert text.count("<details") == text.count("</details>"), text[:80]
