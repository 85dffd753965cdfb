"""A quiz as Moodle GIFT text (File > Import > GIFT format in a Moodle question bank).

Single choice, multiple answer (scored as in the notebook: each right tick
adds and each wrong tick takes away the same share), true/false, matching
(extra wrong choices included), label-the-diagram (as matching, marker
number to landmark) and short answer (every written form the notebook
accepts). The explanation and its source become each question's general
feedback (``####``). Text is marked ``[plain]`` so Moodle shows it as
written. Escaping follows Moodle's GIFT reader: ``\\`` before each of
``\\ ~ = # { } :``; ``->`` (which GIFT cannot escape) is kept out of the
places where Moodle would read it as a matching arrow. GIFT cannot carry
pictures or points (Moodle gives each question its default mark); use
Moodle XML for those.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..atomic_write import atomic_write_text
from ..quiz.model import Question, Quiz
from .common import ExportError, ExportResult, accepted_variants, feedback_text, quiz_heading, where
from .constraints import prepared_quiz
from .moodle_rules import (
    matching_as_choices,
    moodle_matching_extras,
    moodle_notes,
    moodle_weights,
)

__all__ = ["gift_escape", "question_to_gift", "quiz_to_gift", "export_gift"]

_SPECIAL = "\\~=#{}:"
_ARROW = "->"
_FORMAT = re.compile(r"\s*\[(html|plain|markdown|moodle)\]")


def gift_escape(text: str) -> str:
    r"""Escape GIFT's special characters ``\ ~ = # { } :`` with a backslash.

    Line breaks become GIFT's ``\n`` so a question stays one block.

    >>> gift_escape("L1: {T12}=~#\\")
    'L1\\: \\{T12\\}\\=\\~\\#\\\\'
    """
    escaped = "".join("\\" + c if c in _SPECIAL else c for c in text)
    return "\\n".join(line.strip() for line in escaped.splitlines()) if "\n" in text else escaped


def _html_text(text: str) -> str:
    """Text as GIFT ``[html]``: ``->`` becomes ``-&gt;``, which Moodle shows as written."""
    escaped = html.escape(text, quote=False).replace("\n", "<br>").replace("[", "&#91;")
    return "[html]" + gift_escape(escaped)


def _answer_text(text: str) -> str:
    """Text inside a question's braces, where a bare ``->`` would make it matching and a
    leading ``[html]`` would be read as a format."""
    if _ARROW in text or _FORMAT.match(text):
        return _html_text(text)
    return gift_escape(text)


def question_to_gift(question: Question) -> str:
    """One question as a GIFT block (comment, title, text, answers, feedback).

    Raises
    ------
    ExportError
        The question cannot be written in GIFT (the message names it).
    """
    feedback = "####" + _answer_text(feedback_text(question))
    head = [f"// id: {question.id}; type: {question.type}; points: {question.points:g}"]
    if question.source_ids:
        head.append(f"// sources: {', '.join(question.source_ids)}")
    title = f"::{gift_escape(question.id)}::"
    # [plain]: Moodle shows the text (and its answers) as written, with no HTML.
    prompt = "[plain]" + gift_escape(question.prompt)
    if question.type == "label_diagram":
        prompt += gift_escape(" (Use the numbered diagram in the course notebook.)")
    if question.type == "true_false":
        value = "TRUE" if question.answers == ("true",) else "FALSE"
        return "\n".join([*head, f"{title}{prompt} {{{value}{feedback}}}"])
    return "\n".join([*head, f"{title}{prompt} {{", *_answer_lines(question), feedback, "}"])


def _answer_lines(question: Question) -> list[str]:
    kind = question.type
    if kind == "single_choice":
        return [("=" if o.key in question.answers else "~") + _answer_text(o.text)
                for o in question.options]
    if kind == "multiple_answer":
        weights, _ = moodle_weights(question)
        return [f"~%{weights[o.key]}%{_answer_text(o.text)}" for o in question.options]
    if kind in ("matching", "label_diagram"):
        extras = moodle_matching_extras(question)
        if extras is None:
            texts, right = matching_as_choices(question)
            return [("=" if i == right else "~") + _answer_text(t) for i, t in enumerate(texts)]
        used = {p.answer for p in question.pairs}
        lines = [f"={_answer_text(p.prompt)} -> {gift_escape(question.option_text(p.answer))}"
                 for p in question.pairs]
        # An item with no text is how Moodle's GIFT reader takes an extra wrong answer.
        lines += [f"= -> {gift_escape(o.text)}" for o in question.options if o.key not in used]
        lines += [f"= -> {gift_escape(text)}" for text in extras]
        return lines
    if kind == "short_answer":
        # GIFT readers fold runs of spaces, so a doubled-space form would be a duplicate.
        answers = [a for a in accepted_variants(question) if _ARROW not in a and "  " not in a]
        if not answers:
            raise ExportError(f"{where(question)}: GIFT cannot hold an accepted answer with "
                              "'->' (Moodle reads it as matching); add a form without it")
        # Moodle reads "*" in a short answer as a wildcard; "\\*" is a literal star.
        return ["=" + gift_escape(answer).replace("*", "\\*") for answer in answers]
    raise ExportError(f"{where(question)}: GIFT export has no rule for type {kind!r}")


def quiz_to_gift(quiz: Quiz) -> str:
    """The whole quiz as GIFT text, one category per topic.

    Returns
    -------
    str
        UTF-8 text ready to import into a Moodle question bank.
    """
    quiz, _ = prepared_quiz(quiz)
    lines = [f"// {quiz_heading(quiz)}",
             "// Made by psoas-edu from the course data; edit the data, not this file.", ""]
    category = None
    for question in quiz.questions:
        topic = question.topic or "general"
        if topic != category:
            lines += [f"$CATEGORY: $course$/psoas-edu/{topic}", ""]
            category = topic
        lines += [question_to_gift(question), ""]
    return "\n".join(lines)


def export_gift(quiz: Quiz, path: Path | str, *, force: bool = False) -> ExportResult:
    """Write ``quiz`` as a GIFT file.

    Parameters
    ----------
    quiz
        The quiz to export.
    path
        Output file, usually ending in ``.gift`` or ``.txt``.
    force
        Replace an existing file.

    Returns
    -------
    ExportResult
        The file written and notes on what GIFT changed.
    """
    prepared, cleaned = prepared_quiz(quiz)
    text = quiz_to_gift(prepared)
    written = atomic_write_text(path, text, force=force)
    return ExportResult(written, "gift", len(quiz), cleaned + moodle_notes(prepared, "GIFT"))
