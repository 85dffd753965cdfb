"""A quiz as jupyterquiz JSON, for Jupyter Book pages and notebooks.

On a page: ``from jupyterquiz import display_quiz; display_quiz("quiz.json")``.
Single choice and true/false become ``multiple_choice``, multiple answer
``many_choice`` and short answer ``string`` questions. jupyterquiz has no
matching questions, so each item of a matching or label-the-diagram
question becomes its own ``multiple_choice`` question (the diagram, when
drawn, is embedded as an image with alt text); the export says so.
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path

from ..atomic_write import atomic_write_text
from ..quiz.model import Question, Quiz
from . import common as export_common
from .common import ExportResult, feedback_text

__all__ = ["quiz_to_jupyterquiz", "question_to_jupyterquiz", "export_jupyterquiz"]


def _html(text: str) -> str:
    # jupyterquiz shows text as HTML and turns $...$ into maths.
    return html.escape(text).replace("$", "&#36;")


def _choice_answers(question: Question, right: set[str]) -> list[dict]:
    explanation = _html(feedback_text(question))
    return [
        {
            "answer": _html(option.text),
            "correct": option.key in right,
            "feedback": ("Correct. " if option.key in right else "Not this one. ") + explanation,
        }
        for option in question.options
    ]


def question_to_jupyterquiz(question: Question, *, image: bytes | None = None) -> list[dict]:
    """One question as jupyterquiz question objects (several for matching).

    Parameters
    ----------
    question
        The question.
    image
        PNG of its diagram, embedded in each item's question text.
    """
    kind = question.type
    picture = ""
    if image is not None:
        data = base64.b64encode(image).decode("ascii")
        picture = (f'<br><img src="data:image/png;base64,{data}" '
                   f'alt="{_html(export_common.picture_alt(question))}" style="max-width:100%">')
    if kind in ("single_choice", "true_false"):
        return [{"question": _html(question.prompt) + picture, "type": "multiple_choice",
                 "answers": _choice_answers(question, set(question.answers))}]
    if kind == "multiple_answer":
        return [{"question": _html(question.prompt) + " (Choose all that apply.)" + picture,
                 "type": "many_choice",
                 "answers": _choice_answers(question, set(question.answers))}]
    if kind == "short_answer":
        feedback = _html(feedback_text(question))
        answers = [{"answer": accepted, "correct": True, "feedback": "Correct. " + feedback,
                    "match_case": False} for accepted in question.accepted]
        answers.append({"type": "default", "feedback": "Not quite; try again."})
        return [{"question": _html(question.prompt) + picture, "type": "string",
                 "answers": answers,
                 "input_width": max(20, *(len(a) + 4 for a in question.accepted))}]
    if kind in ("matching", "label_diagram"):
        total = len(question.pairs)
        return [{"question": (f"{_html(question.prompt)}{picture}<br>"
                              f"Item {index} of {total}: <b>{_html(pair.prompt)}</b>"),
                 "type": "multiple_choice",
                 "answers": _choice_answers(question, {pair.answer})}
                for index, pair in enumerate(question.pairs, start=1)]
    raise ValueError(f"question {question.id!r}: no jupyterquiz rule for type {kind!r}")


def quiz_to_jupyterquiz(quiz: Quiz, *, images: dict[str, bytes] | None = None) -> list[dict]:
    """The whole quiz as the list jupyterquiz's ``display_quiz`` takes.

    Parameters
    ----------
    quiz
        The quiz.
    images
        PNG diagrams by question id.

    Returns
    -------
    list of dict
        One object per jupyterquiz question, in quiz order.
    """
    images = images or {}
    questions: list[dict] = []
    for question in quiz.questions:
        questions += question_to_jupyterquiz(question, image=images.get(question.id))
    return questions


def export_jupyterquiz(quiz: Quiz, path: Path | str, *, force: bool = False,
                       diagrams: bool = True) -> ExportResult:
    """Write ``quiz`` as a jupyterquiz JSON file.

    Parameters
    ----------
    quiz
        The quiz to export.
    path
        Output file, usually ending in ``.json``.
    force
        Replace an existing file.
    diagrams
        Embed the diagrams of label-the-diagram questions.

    Returns
    -------
    ExportResult
        The file written and notes on split matching questions.
    """
    images = export_common.diagram_pngs(quiz, enabled=diagrams)
    notes = [f"{q.id}: {q.type.replace('_', ' ')} split into {len(q.pairs)} "
             "multiple-choice questions"
             for q in quiz.questions if q.type in ("matching", "label_diagram")]
    data = quiz_to_jupyterquiz(quiz, images=images)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    written = atomic_write_text(path, text, force=force)
    return ExportResult(written, "jupyterquiz", len(quiz), tuple(notes))
