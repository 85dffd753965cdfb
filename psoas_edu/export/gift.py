"""A quiz as Moodle GIFT text (File > Import > GIFT format in a Moodle question bank).

Single choice, multiple answer (with partial credit), true/false, matching,
label-the-diagram (as matching, marker number to landmark) and short
answer. The explanation and its source become each question's general
feedback (``####``). Text is marked ``[plain]`` so Moodle shows it as
written. GIFT cannot carry pictures, points or extra wrong choices for
matching (Moodle gives each question its default mark); use Moodle XML for
those.
"""

from __future__ import annotations

from pathlib import Path

from ..atomic_write import atomic_write_text
from ..quiz.model import Question, Quiz
from .common import ExportResult, feedback_text, moodle_percent, quiz_heading

__all__ = ["gift_escape", "question_to_gift", "quiz_to_gift", "export_gift"]

_SPECIAL = "~=#{}:"


def gift_escape(text: str) -> str:
    r"""Escape GIFT's special characters ``~ = # { } :`` with a backslash.

    Line breaks become GIFT's ``\n`` so a question stays one block. A
    backslash itself needs no escape in Moodle's reader (it knows only the
    escapes above), so it is left as it is.

    >>> gift_escape("L1: {T12}=~#")
    'L1\\: \\{T12\\}\\=\\~\\#'
    """
    escaped = "".join("\\" + c if c in _SPECIAL else c for c in text)
    return "\\n".join(line.strip() for line in escaped.splitlines()) if "\n" in text else escaped


def question_to_gift(question: Question) -> str:
    """One question as a GIFT block (comment, title, text, answers, feedback)."""
    feedback = "####" + gift_escape(feedback_text(question))
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
        return [("=" if o.key in question.answers else "~") + gift_escape(o.text)
                for o in question.options]
    if kind == "multiple_answer":
        right = moodle_percent(len(question.answers))
        wrong_count = len(question.options) - len(question.answers)
        wrong = "-" + moodle_percent(wrong_count) if wrong_count else "0"
        return [f"~%{right if o.key in question.answers else wrong}%{gift_escape(o.text)}"
                for o in question.options]
    if kind in ("matching", "label_diagram"):
        return [f"={gift_escape(p.prompt)} -> {gift_escape(question.option_text(p.answer))}"
                for p in question.pairs]
    if kind == "short_answer":
        return ["=" + gift_escape(answer) for answer in question.accepted]
    raise ValueError(f"question {question.id!r}: GIFT export has no rule for type {kind!r}")


def quiz_to_gift(quiz: Quiz) -> str:
    """The whole quiz as GIFT text, one category per topic.

    Returns
    -------
    str
        UTF-8 text ready to import into a Moodle question bank.
    """
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
        The file written and notes on label-the-diagram questions.
    """
    text = quiz_to_gift(quiz)
    written = atomic_write_text(path, text, force=force)
    notes = _notes(quiz)
    return ExportResult(written, "gift", len(quiz), notes)


def _notes(quiz: Quiz) -> tuple[str, ...]:
    labels = [q.id for q in quiz.questions if q.type == "label_diagram"]
    distractors = [q.id for q in quiz.questions if q.type in ("matching", "label_diagram")
                   and len(q.options) > len({p.answer for p in q.pairs})]
    notes = []
    if labels:
        notes.append("GIFT has no pictures: label-the-diagram questions "
                      f"({', '.join(labels)}) refer to the notebook's diagram; "
                      "use moodle-xml to include it")
    if distractors:
        notes.append("GIFT matching has no extra wrong choices: left out for "
                     f"{', '.join(distractors)}; moodle-xml keeps them")
    return tuple(notes)
