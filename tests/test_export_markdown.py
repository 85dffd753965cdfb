"""Markdown papers read as written: escaped only where Markdown would read markup.

A paper pasted into a word processor shows every backslash left in it, so the
text is read back with markdown-it-py (CommonMark with tables) and must come
out exactly as the instructor wrote it, with no backslash before "." or "-".
"""

import html
import re

from markdown_it import MarkdownIt
from quiz_samples import MATCHING, SINGLE, edited, sample_quiz

from psoas_edu.export.paper import export_paper
from psoas_edu.quiz.model import Option, Pair

PROMPTS = ["Which muscles are hip flexors.", "Roots L2-L4 (femoral nerve): true?",
           "1. Which one?", "# not a heading", "- not a list", "Use *this* [link](x) `code`",
           "snake_case and _underscored_ words ~ 3.5 cm", "> not a quote",
           "Hip & knee: a < b, c > d", "<b>not bold</b> &amp; <http://x.example>"]


def _text(markdown: str) -> str:
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "\n", rendered))


def test_paper_text_reads_back_as_written(tmp_path):
    questions = [edited(SINGLE, id=f"q{i}", prompt=prompt) for i, prompt in enumerate(PROMPTS)]
    matching = edited(MATCHING, options=(Option("a", "T12-L4 | bodies"), Option("b", "Iliac.")),
                      pairs=(Pair("1", "psoas major | minor", "a"), Pair("2", "iliacus", "b")))
    result = export_paper(sample_quiz(*questions, matching), tmp_path / "paper.md")
    markdown = result.path.read_text(encoding="utf-8")
    lines = [line.strip() for line in _text(markdown).splitlines() if line.strip()]
    for prompt in PROMPTS:
        assert prompt in lines
    assert "psoas major | minor" in lines  # a table cell, not split in two
    assert "flexors\\." not in markdown and "L2\\-L4" not in markdown
    assert "3\\.5" not in markdown and "snake\\_case" not in markdown
    assert "Hip & knee: a < b, c > d" in markdown  # nothing there Markdown would read
