"""What every export format demands of a question, checked before anything is written.

:func:`export_problems` runs each format's own conversion of every question
in memory (no file, no diagram) and lists what any format refuses, with the
bank file and line, so ``psoas-edu quiz check`` passing means every format
exports the bank. :func:`prepared_quiz` is what each exporter calls first:
it removes control characters (which make Moodle XML and Canvas files
unreadable) and says where it did.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..facts.problems import Problem
from ..quiz.model import FigureSpec, Option, Pair, Question, Quiz
from .common import ExportError, clean_text, control_characters, text_fields, where

if TYPE_CHECKING:
    from ..quiz.bank import BankCell

__all__ = ["export_problems", "prepared_quiz"]

_NAMES = {"\x0b": "a soft line break, as Word and PowerPoint paste it",
          "\x0c": "a page break", "\x00": "a NUL byte"}


def _origin(question: Question) -> tuple[Path, int]:
    match = re.fullmatch(r"(.+):(\d+)", question.origin or "")
    if match:
        return Path(match.group(1)), int(match.group(2))
    return Path(f"<{question.origin or 'generated'} question {question.id}>"), 0


def _describe(character: str) -> str:
    name = _NAMES.get(character) or unicodedata.name(character, "a control character").lower()
    return f"U+{ord(character):04X} ({name})"


def _format_checks() -> list[tuple[str, Callable[[Question], object]]]:
    from . import anki, canvas, gift, jupyterquiz, moodle_xml

    return [
        ("gift", gift.question_to_gift),
        ("moodle-xml", moodle_xml.question_to_moodle_xml),
        ("canvas", canvas.check_question),
        ("anki", anki.anki_fields),
        ("jupyterquiz", jupyterquiz.question_to_jupyterquiz),
    ]


def export_problems(questions: Iterable[Question], *,
                    cells: Iterable[BankCell] | None = None) -> list[Problem]:
    """Everything any export format would refuse or break on, one problem each.

    Parameters
    ----------
    questions
        Questions, usually from :func:`psoas_edu.quiz.bank.load_bank` (or a
        :class:`~psoas_edu.quiz.bank.BankReading`'s questions and drafts).
    cells
        The bank's text cells as read (:attr:`BankReading.cells`): when
        given, control characters are looked for there, so a row whose other
        cells have problems (and so makes no question) is checked too.
        Default: the text of ``questions``.

    Returns
    -------
    list of Problem
        Each names the bank file, line and column; empty when every format
        can hold every question.
    """
    from ..quiz.bank import BankCell

    questions = list(questions)
    if cells is None:
        cells = [BankCell(*_origin(question), column, text)
                 for question in questions for column, text in text_fields(question)]
    problems = [_control_problem(cell, position, character)
                for cell in cells for position, character in control_characters(cell.text)]
    for question in questions:
        path, line = _origin(question)
        for name, check in _format_checks():
            try:
                check(question)
            except ValueError as error:  # ExportError, or a draft's odd cell a format trips on
                problems.append(Problem(path, line, "", question.id,
                                        f"a question {name} can export ({error})",
                                        f"question {question.id!r}"))
    return problems


def _control_problem(cell: BankCell, position: int, character: str) -> Problem:
    return Problem(cell.path, cell.line, cell.column, cell.text,
                   "text without control characters (delete it or retype the text; "
                   "an export removes it and says so, which may join or split words)",
                   f"{_describe(character)} at character {position} of {cell.text!r}")


def _clean_question(question: Question) -> Question:
    figure = question.figure
    if figure is not None:
        figure = FigureSpec(figure.kind, figure.view, figure.muscle_ids, figure.markers,
                            clean_text(figure.alt_text))
    return replace(
        question,
        prompt=clean_text(question.prompt),
        explanation=clean_text(question.explanation),
        citation=clean_text(question.citation),
        options=tuple(Option(o.key, clean_text(o.text)) for o in question.options),
        pairs=tuple(Pair(p.key, clean_text(p.prompt), p.answer) for p in question.pairs),
        accepted=tuple(clean_text(a) for a in question.accepted),
        figure=figure,
        image=(replace(question.image, alt_text=clean_text(question.image.alt_text))
               if question.image is not None else None),
    )


def prepared_quiz(quiz: Quiz) -> tuple[Quiz, tuple[str, ...]]:
    """``quiz`` without control characters, and one note per question cleaned.

    Raises
    ------
    ExportError
        Cleaning made two options of a question the same.
    """
    questions = []
    notes = []
    for question in quiz.questions:
        if any(control_characters(text) for _, text in text_fields(question)):
            try:
                question = _clean_question(question)
            except ValueError as error:
                raise ExportError(f"{where(question)}: {error}") from None
            notes.append(f"{where(question)}: control characters removed "
                         "(run 'psoas-edu quiz check' to find them)")
        questions.append(question)
    if not notes:
        return quiz, ()
    return replace(quiz, questions=tuple(questions)), tuple(notes)
