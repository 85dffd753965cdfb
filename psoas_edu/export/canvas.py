"""A quiz as a Canvas QTI zip, made by text2qti from its plain-text quiz format.

The quiz is first written in text2qti's text format (see
:func:`quiz_to_text2qti`), then text2qti turns that into the QTI package
Canvas imports (Settings > Import Course Content > QTI .zip file).
text2qti has no matching questions: a matching or label-the-diagram
question becomes one multiple-choice question per item, worth a share of
the points (rounded to the half points Canvas allows), and the export says
so in its notes.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from ..atomic_write import atomic_write_bytes
from ..quiz.model import Option, Question, Quiz
from . import common as export_common
from .common import ExportResult, feedback_text
from .groups import QuestionGroup, text2qti_groups

__all__ = ["markdown_escape", "quiz_to_text2qti", "text2qti_zip", "export_canvas"]

# text2qti reads Markdown (and $...$ as LaTeX): these would change the text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!$>|])")


def markdown_escape(text: str) -> str:
    r"""Escape text so text2qti's Markdown shows it as written.

    >>> markdown_escape("T12-L4 (bodies) *and* $5")
    'T12\\-L4 \\(bodies\\) \\*and\\* \\$5'
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return escaped.replace("<", "&lt;")


def _block(marker: str, text: str) -> list[str]:
    """``marker`` then the text; following lines indented under the text."""
    lines = [markdown_escape(line.strip()) for line in text.strip().splitlines() or [""]]
    indent = " " * (len(marker) + 1)
    return [f"{marker} {lines[0]}", *[indent + line if line else "" for line in lines[1:]]]


def _lettered(question: Question) -> list[tuple[str, Option]]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    if len(question.options) > len(letters):
        raise ValueError(f"question {question.id!r}: text2qti takes at most 26 options, "
                         f"got {len(question.options)}")
    return list(zip(letters, question.options, strict=False))


def _half_points(points: float) -> float:
    return max(0.5, round(points * 2) / 2)


def _unique(prompt: str, number: int, seen: set[str]) -> str:
    # text2qti refuses two questions with the same text; say which one this is.
    if prompt in seen:
        prompt += f"\n(Question {number})"
    seen.add(prompt)
    return prompt


def _question_lines(question: Question, number: int, seen: set[str], *,
                    image: Path | None = None) -> tuple[list[str], int, str]:
    """Text2qti lines for one question; returns lines, next number, note."""
    if question.type in ("matching", "label_diagram"):
        return _split_pairs(question, number, seen, image=image)
    lines = [f"Title: {question.id}", f"Points: {_half_points(question.points):g}"]
    lines += _block(f"{number}.", _unique(question.prompt, number, seen))
    if image is not None:
        lines += _picture(question, number, image)
    lines += _block("...", feedback_text(question))
    if question.type in ("single_choice", "true_false"):
        for letter, option in _lettered(question):
            star = "*" if option.key in question.answers else ""
            lines += _block(f"{star}{letter})", option.text)
    elif question.type == "multiple_answer":
        for option in question.options:
            lines += _block("[*]" if option.key in question.answers else "[ ]", option.text)
    elif question.type == "short_answer":
        lines += [f"*   {markdown_escape(answer)}" for answer in question.accepted]
    else:
        raise ValueError(f"question {question.id!r}: no Canvas rule for type {question.type!r}")
    note = ""
    if _half_points(question.points) != question.points:
        note = f"{question.id}: points {question.points:g} rounded to a half point"
    return lines, number + 1, note


def _picture(question: Question, number: int, image: Path) -> list[str]:
    """Markdown lines showing a picture under the question text."""
    alt = export_common.picture_alt(question)
    indent = " " * (len(f"{number}.") + 1)
    return ["", f"{indent}![{markdown_escape(alt)}]({image.as_posix()})"]


def _split_pairs(question: Question, number: int, seen: set[str], *,
                 image: Path | None) -> tuple[list[str], int, str]:
    lines: list[str] = []
    share = _half_points(question.points / len(question.pairs))
    for index, pair in enumerate(question.pairs, start=1):
        if lines:
            lines.append("")
        prompt = (f"{question.prompt}\n"
                  f"Item {index} of {len(question.pairs)}: {pair.prompt}")
        lines += [f"Title: {question.id} ({index})", f"Points: {share:g}"]
        lines += _block(f"{number}.", _unique(prompt, number, seen))
        if image is not None:
            lines += _picture(question, number, image)
        lines += _block("...", feedback_text(question))
        for letter, option in _lettered(question):
            star = "*" if option.key == pair.answer else ""
            lines += _block(f"{star}{letter})", option.text)
        number += 1
    note = (f"{question.id}: {question.type.replace('_', ' ')} split into "
            f"{len(question.pairs)} multiple-choice questions of {share:g} "
            f"point{'s' if share != 1 else ''} each")
    return lines, number, note


def quiz_to_text2qti(quiz: Quiz, *, images: dict[str, Path] | None = None,
                     groups: tuple[QuestionGroup, ...] = ()) -> tuple[str, tuple[str, ...]]:
    """The quiz in text2qti's plain-text format.

    Parameters
    ----------
    quiz
        The quiz.
    images
        PNG files of diagrams by question id, shown in label-the-diagram items.
    groups
        Question groups each student gets one question of
        (see :mod:`psoas_edu.export.groups`).

    Returns
    -------
    tuple
        The text and notes on questions that had to change shape.
    """
    images = images or {}
    lines = [f"Quiz title: {' '.join(quiz.title.split())}",
             "Quiz description: Made by psoas\\-edu from the course data\\."
             + (f" Seed {quiz.seed}\\." if quiz.seed is not None else ""),
             "Shuffle answers: true", ""]
    notes: list[str] = []
    number = 1
    seen: set[str] = set()
    blocks = []
    for question in quiz.questions:
        block, number, note = _question_lines(question, number, seen,
                                              image=images.get(question.id))
        blocks.append((question.id, block))
        if note:
            notes.append(note)
    lines += text2qti_groups(blocks, groups)
    return "\n".join(lines), tuple(notes)


def text2qti_zip(text: str) -> bytes:
    """Run text2qti on quiz text and return the QTI zip as bytes.

    Raises
    ------
    ValueError
        text2qti rejected the text (its message says which line).
    """
    from text2qti.config import Config
    from text2qti.err import Text2qtiError
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz as Text2qtiQuiz

    try:
        quiz = Text2qtiQuiz(text, config=Config(), source_name="psoas-edu quiz")
        return QTI(quiz).zip_bytes()
    except Text2qtiError as error:
        raise ValueError(f"text2qti could not read the generated quiz: {error}") from None


def export_canvas(quiz: Quiz, path: Path | str, *, force: bool = False,
                  diagrams: bool = True, groups: tuple[QuestionGroup, ...] = ()
                  ) -> ExportResult:
    """Write ``quiz`` as a Canvas QTI zip made by text2qti.

    Parameters
    ----------
    quiz
        The quiz to export.
    path
        Output file, usually ending in ``.zip``.
    force
        Replace an existing file.
    diagrams
        Draw the diagrams of label-the-diagram questions into the zip.
    groups
        Question groups each student gets one question of.

    Returns
    -------
    ExportResult
        The file written and notes on questions that changed shape.
    """
    pngs = export_common.diagram_pngs(quiz, enabled=diagrams)
    with tempfile.TemporaryDirectory(prefix="psoas-edu-canvas-") as folder:
        images: dict[str, Path] = {}
        for question_id, png in pngs.items():
            images[question_id] = Path(folder) / f"{question_id}.png"
            images[question_id].write_bytes(png)
        text, notes = quiz_to_text2qti(quiz, images=images, groups=groups)
        data = text2qti_zip(text)
    written = atomic_write_bytes(path, data, force=force)
    return ExportResult(written, "canvas", len(quiz), notes)
