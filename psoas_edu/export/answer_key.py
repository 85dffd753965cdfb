"""A printable answer key for a quiz, as a self-contained HTML page or Markdown.

The key is the quiz as students see it (from :mod:`psoas_edu.quiz.render`)
with every right answer ticked and named "right answer", the explanation
and the source; this module adds the page around it: print styles (one
question never splits across pages) and the diagrams of label-the-diagram
questions embedded with their alt text.
"""

from __future__ import annotations

import html
from pathlib import Path

from ..atomic_write import atomic_write_text
from ..quiz.model import Quiz
from . import common as export_common
from .common import ExportResult, quiz_heading
from .constraints import prepared_quiz

__all__ = ["answer_key_page", "answer_key_text", "export_answer_key"]


def answer_key_page(quiz: Quiz, *, images: dict[str, bytes] | None = None) -> str:
    """The answer key as one self-contained, printable HTML page.

    Parameters
    ----------
    quiz
        The quiz.
    images
        PNG diagrams by question id, embedded with their alt text.

    Returns
    -------
    str
        An HTML document.
    """
    from ..quiz.render import quiz_html

    figures = export_common.figure_html(quiz, images or {})
    body = _with_ids(quiz_html(quiz, answers=True, figures=figures), quiz)
    title = html.escape(f"Answer key: {quiz.title}")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{title}</title>\n<style>\n{export_common.PRINT_CSS}\n</style>\n</head>\n<body>\n"
            f"<p>{html.escape(quiz_heading(quiz))}. Made by psoas-edu from the course data; "
            "export again after changing it.</p>\n"
            f"{body}\n</body>\n</html>\n")


def _with_ids(body: str, quiz: Quiz) -> str:
    """Each question's id under its number, for ``--include``/``--exclude`` and ``exclude.txt``."""
    for question in quiz.questions:
        opening = f'<article id="{question.html_id()}">'
        body = body.replace(opening, f'{opening}<p class="meta">Question id: '
                                     f"<code>{html.escape(question.id)}</code></p>", 1)
    return body


def answer_key_text(quiz: Quiz, *, pictures: dict[str, str] | None = None) -> str:
    """The answer key as Markdown, each question's id under its heading.

    ``pictures`` maps question ids to picture files beside the Markdown
    (see :func:`psoas_edu.export.paper.write_markdown`).
    """
    from ..quiz.render import answer_key_markdown

    ids = iter(quiz.questions)
    lines = []
    for line in answer_key_markdown(quiz, pictures=pictures).split("\n"):
        lines.append(line)
        if line.startswith("### Question "):
            lines += ["", f"Question id: `{next(ids).id}`"]
    return "\n".join(lines)


def export_answer_key(quiz: Quiz, path: Path | str, *, force: bool = False,
                      diagrams: bool = True) -> ExportResult:
    """Write the answer key as HTML, PDF or Markdown, chosen by the suffix of ``path``.

    Parameters
    ----------
    quiz
        The quiz.
    path
        Output file: ``.html`` for a printable page, ``.pdf`` (printed by
        headless Chromium), ``.md`` for Markdown; any other suffix is refused.
    force
        Replace an existing file.
    diagrams
        Show the diagrams and bank pictures (embedded in HTML and PDF; PNG
        files beside a Markdown key).

    Returns
    -------
    ExportResult
        The file written.

    Raises
    ------
    ValueError
        An unknown suffix, or ``.pdf`` without Chromium; the message lists the
        suffixes that work.
    """
    from .paper import PAPER_SUFFIXES, html_to_pdf, write_markdown

    suffix = Path(path).suffix.lower()
    if suffix not in (*PAPER_SUFFIXES, ".htm", ".markdown"):
        raise ValueError(f"{Path(path).name}: got suffix {Path(path).suffix or '(none)'!r}; "
                         "expected " + ", ".join(f"{s} ({what})"
                                                 for s, what in PAPER_SUFFIXES.items()))
    quiz, cleaned = prepared_quiz(quiz)
    if suffix in (".html", ".htm", ".pdf"):
        text = answer_key_page(quiz, images=export_common.diagram_pngs(quiz, enabled=diagrams))
        if suffix == ".pdf":
            return ExportResult(html_to_pdf(text, path, force=force), "answer-key", len(quiz),
                                cleaned)
    else:
        written, notes = write_markdown(
            path, quiz, lambda pictures: answer_key_text(quiz, pictures=pictures),
            force=force, diagrams=diagrams)
        return ExportResult(written, "answer-key", len(quiz), cleaned + notes)
    written = atomic_write_text(path, text, force=force)
    return ExportResult(written, "answer-key", len(quiz), cleaned)
