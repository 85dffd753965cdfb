"""A quiz as a Canvas QTI zip, made by text2qti from its plain-text quiz format.

The quiz is first written in text2qti's text format (see
:func:`quiz_to_text2qti`), then text2qti turns that into the QTI package
Canvas imports (Settings > Import Course Content > QTI .zip file).
text2qti has no matching questions: a matching or label-the-diagram
question becomes one multiple-choice question per item, the points split
in the half points text2qti allows so they add up exactly, each item's
feedback naming only its own answer and the source (the explanation, which
may name every item's answer, is left out and said in a note). When the
points cannot be split that way (fewer half points than items) it becomes
one multiple-answer question, "tick the right pairing for each item".
Short answers list every written form the notebook accepts (Canvas ignores
case). Students do not see the correct answers after submitting unless
``show_correct_answers=True``. The export says what changed in its notes.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from ..atomic_write import atomic_write_bytes
from ..quiz.model import Option, Question, Quiz
from . import common as export_common
from .common import (
    ExportError,
    ExportResult,
    accepted_variants,
    feedback_text,
    half_point_shares,
    pair_feedback,
    short_answer_note,
    where,
)
from .constraints import prepared_quiz
from .groups import QuestionGroup, text2qti_groups

__all__ = ["check_question", "markdown_escape", "quiz_to_text2qti", "text2qti_zip",
           "export_canvas"]

# text2qti reads Markdown (and $...$ as LaTeX): these would change the text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!$>|])")


def markdown_escape(text: str) -> str:
    r"""Escape text so text2qti's Markdown shows it as written.

    Quotes become entities so Markdown's "smart quotes" leave them straight.

    >>> markdown_escape("T12-L4 (bodies) *and* $5 \"x\"")
    'T12\\-L4 \\(bodies\\) \\*and\\* \\$5 &quot;x&quot;'
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return (escaped.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            .replace("'", "&#39;"))


def _block(marker: str, text: str) -> list[str]:
    """``marker`` then the text; following lines indented under the text."""
    lines = [markdown_escape(line.strip()) for line in text.strip().splitlines() or [""]]
    indent = " " * (len(marker) + 1)
    return [f"{marker} {lines[0]}", *[indent + line if line else "" for line in lines[1:]]]


def _lettered(question: Question) -> list[tuple[str, Option]]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    if len(question.options) > len(letters):
        raise ExportError(f"{where(question)}: Canvas (text2qti) takes at most 26 options, "
                          f"got {len(question.options)}")
    return list(zip(letters, question.options, strict=False))


def _points(question: Question) -> str:
    if half_point_shares(question.points, 1) is None:
        raise ExportError(f"{where(question)}: Canvas (text2qti) takes whole or half points, "
                          f"got {question.points:g}")
    return f"{question.points:g}"


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
        if half_point_shares(question.points, len(question.pairs)) is None:
            return _pairings(question, number, seen, image=image)
        return _split_pairs(question, number, seen, image=image)
    lines = [f"Title: {question.id}", f"Points: {_points(question)}"]
    lines += _block(f"{number}.", _unique(question.prompt, number, seen))
    lines += _picture(number, image, question)
    lines += _block("...", feedback_text(question))
    if question.type in ("single_choice", "true_false"):
        for letter, option in _lettered(question):
            star = "*" if option.key in question.answers else ""
            lines += _block(f"{star}{letter})", option.text)
    elif question.type == "multiple_answer":
        for option in question.options:
            lines += _block("[*]" if option.key in question.answers else "[ ]", option.text)
    elif question.type == "short_answer":
        # text2qti takes accepted answers as plain text: no Markdown escapes here.
        lines += [f"*   {answer}" for answer in accepted_variants(question)]
    else:
        raise ExportError(f"{where(question)}: no Canvas rule for type {question.type!r}")
    return lines, number + 1, ""


def _picture(number: int, image: Path | None, question: Question) -> list[str]:
    if image is None:
        return []
    alt = export_common.picture_alt(question)
    indent = " " * (len(f"{number}.") + 1)
    return ["", f"{indent}![{markdown_escape(alt)}]({image.as_posix()})"]


def _pairings(question: Question, number: int, seen: set[str], *,
              image: Path | None) -> tuple[list[str], int, str]:
    """A matching question as one multiple-answer question over every item-answer pairing."""
    _points(question)
    prompt = f"{question.prompt}\nTick the right answer for each item."
    lines = [f"Title: {question.id}", f"Points: {question.points:g}"]
    lines += _block(f"{number}.", _unique(prompt, number, seen))
    lines += _picture(number, image, question)
    lines += _block("...", feedback_text(question))
    for pair in question.pairs:
        for option in question.options:
            star = "[*]" if option.key == pair.answer else "[ ]"
            lines += _block(star, f"{pair.prompt}: {option.text}")
    note = (f"{where(question)}: Canvas has no matching and {question.points:g} points do not "
            f"split over {len(question.pairs)} items in half points: one multiple-answer "
            "question over every pairing, scored by Canvas's multiple-answer rule")
    return lines, number + 1, note


def _split_pairs(question: Question, number: int, seen: set[str], *,
                 image: Path | None) -> tuple[list[str], int, str]:
    lines: list[str] = []
    shares = half_point_shares(question.points, len(question.pairs)) or []
    for index, (pair, share) in enumerate(zip(question.pairs, shares, strict=True)):
        if lines:
            lines.append("")
        prompt = (f"{question.prompt}\n"
                  f"Item {index + 1} of {len(question.pairs)}: {pair.prompt}")
        lines += [f"Title: {question.id} ({index + 1})", f"Points: {share:g}"]
        lines += _block(f"{number}.", _unique(prompt, number, seen))
        lines += _picture(number, image, question)
        lines += _block("...", pair_feedback(question, index))
        for letter, option in _lettered(question):
            star = "*" if option.key == pair.answer else ""
            lines += _block(f"{star}{letter})", option.text)
        number += 1
    even = len(set(shares)) == 1
    points = (f"{shares[0]:g} point{'s' if shares[0] != 1 else ''} each" if even
              else f"{' + '.join(f'{s:g}' for s in shares)} points (the notebook counts "
                   "every item equally)")
    note = (f"{where(question)}: Canvas has no matching: "
            f"{question.type.replace('_', ' ')} split into {len(question.pairs)} "
            f"multiple-choice questions of {points}; each item's feedback names only its "
            "own answer and the source, so the explanation (in your answer key) is left out")
    return lines, number, note


def check_question(question: Question) -> str:
    """The question's text2qti lines, read by text2qti (raises ExportError if refused)."""
    lines, _, _ = _question_lines(question, 1, set())
    text = "\n".join(["Quiz title: check", "", *lines, ""])
    text2qti_zip(text, question=question)
    return text


def quiz_to_text2qti(quiz: Quiz, *, images: dict[str, Path] | None = None,
                     groups: tuple[QuestionGroup, ...] = (),
                     show_correct_answers: bool = False) -> tuple[str, tuple[str, ...]]:
    """The quiz in text2qti's plain-text format.

    Parameters
    ----------
    quiz
        The quiz.
    images
        PNG files of pictures by question id, shown with the question.
    groups
        Question groups each student gets one question of
        (see :mod:`psoas_edu.export.groups`).
    show_correct_answers
        Let students see the correct answers after submitting (Canvas's quiz
        setting; off by default, so a quiz can be given again).

    Returns
    -------
    tuple
        The text and notes on questions that had to change shape.
    """
    images = images or {}
    quiz, _ = prepared_quiz(quiz)
    lines = [f"Quiz title: {' '.join(quiz.title.split())}",
             # Students read the description: no seed (it would rebuild the key).
             "Quiz description: Made by psoas\\-edu from the course data\\.",
             "Shuffle answers: true",
             f"Show correct answers: {'true' if show_correct_answers else 'false'}", ""]
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


def text2qti_zip(text: str, *, question: Question | None = None) -> bytes:
    """Run text2qti on quiz text and return the QTI zip as bytes.

    Raises
    ------
    ExportError
        text2qti rejected the text (its message says which line, and which
        question when ``question`` is given).
    """
    from text2qti.config import Config
    from text2qti.err import Text2qtiError
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz as Text2qtiQuiz

    try:
        quiz = Text2qtiQuiz(text, config=Config(), source_name="psoas-edu quiz")
        return QTI(quiz).zip_bytes()
    except Text2qtiError as error:
        about = f"{where(question)}: " if question is not None else ""
        raise ExportError(f"{about}text2qti could not read the generated quiz: {error}"
                          ) from None


def export_canvas(quiz: Quiz, path: Path | str, *, force: bool = False,
                  diagrams: bool = True, groups: tuple[QuestionGroup, ...] = (),
                  show_correct_answers: bool = False) -> ExportResult:
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
    show_correct_answers
        Let students see the correct answers right after submitting (off by
        default: they see their score and the feedback, not the key).

    Returns
    -------
    ExportResult
        The file written and notes on questions that changed shape.
    """
    quiz, cleaned = prepared_quiz(quiz)
    pngs = export_common.diagram_pngs(quiz, enabled=diagrams)
    with tempfile.TemporaryDirectory(prefix="psoas-edu-canvas-") as folder:
        images: dict[str, Path] = {}
        for question_id, png in pngs.items():
            images[question_id] = Path(folder) / f"{question_id}.png"
            images[question_id].write_bytes(png)
        text, notes = quiz_to_text2qti(quiz, images=images, groups=groups,
                                       show_correct_answers=show_correct_answers)
        data = text2qti_zip(text)
    written = atomic_write_bytes(path, data, force=force)
    shown = ("students see the correct answers right after submitting "
             "(--show-correct-answers)" if show_correct_answers else
             "students do not see the correct answers after submitting (Canvas: 'Let "
             "students see the correct answers' is off; --show-correct-answers turns it on)")
    return ExportResult(written, "canvas", len(quiz),
                        cleaned + notes + _scoring_notes(quiz) + (shown,))


def _scoring_notes(quiz: Quiz) -> tuple[str, ...]:
    notes = []
    multiple = [q.id for q in quiz.questions if q.type == "multiple_answer"]
    if multiple:
        notes.append(f"multiple-answer questions ({len(multiple)}): Canvas scores them by its "
                     "own rule, which text2qti cannot set; it matches the notebook only when "
                     "no wrong option is ticked (in New Quizzes choose 'Partial credit with "
                     "penalty' for the notebook's rule)")
    shorts = [q.id for q in quiz.questions if q.type == "short_answer"]
    if shorts:
        notes.append(short_answer_note("Canvas", len(shorts)))
    return tuple(notes)
