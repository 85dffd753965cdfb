"""A quiz as jupyterquiz JSON, for Jupyter Book pages and notebooks.

On a page: ``from jupyterquiz import display_quiz; display_quiz("quiz.json")``.
Single choice and true/false become ``multiple_choice``, multiple answer
``many_choice`` and short answer ``string`` questions (case ignored, every
written form the notebook accepts, one typo forgiven where every word has
five or more letters). jupyterquiz has no matching questions, so each item
of a matching or label-the-diagram question becomes its own
``multiple_choice`` question (the diagram, when drawn, is embedded as an
image with alt text); the export says so.

jupyterquiz shows feedback as soon as a choice is clicked, so by default a
wrong choice's feedback says only that this choice is wrong, and a split
item's feedback names only its own answer (``reveal=True`` shows the whole
explanation on every choice). Every text is escaped: jupyterquiz turns
``$...$`` into maths and ``[text](url)`` into links, and these stay text.
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path

from ..atomic_write import atomic_write_text
from ..quiz.model import Question, Quiz
from . import common as export_common
from .common import (
    ExportError,
    ExportResult,
    accepted_variants,
    feedback_text,
    item_feedback,
    pair_feedback,
    where,
    wrong_choice_feedback,
)
from .constraints import prepared_quiz

__all__ = ["jupyterquiz_text", "quiz_to_jupyterquiz", "question_to_jupyterquiz",
           "export_jupyterquiz"]

# jupyterquiz's own rewriting (maths from "$", links from "[..](..)" and "<http")
# happens on the string before it becomes HTML: entities keep those characters text.
_ENTITIES = str.maketrans({"$": "&#36;", "[": "&#91;", "]": "&#93;", "(": "&#40;",
                           ")": "&#41;", "\\": "&#92;", "`": "&#96;"})
_TYPO_MIN_LENGTH = 5


def jupyterquiz_text(text: str) -> str:
    """Text as jupyterquiz HTML that shows exactly as written: no markup, links or maths.

    >>> jupyterquiz_text("[x](y) $a$")
    '<span class="tex2jax_ignore mathjax_ignore">&#91;x&#93;&#40;y&#41; &#36;a&#36;</span>'
    """
    escaped = html.escape(text).translate(_ENTITIES).replace("\n", "<br>")
    # MathJax skips elements with these classes (v2 and v3 names).
    return f'<span class="tex2jax_ignore mathjax_ignore">{escaped}</span>'


def _choice_answers(question: Question, right: set[str], *, reveal: bool,
                    multiple: bool = False, right_feedback: str | None = None) -> list[dict]:
    full = feedback_text(question)
    answers = []
    for option in question.options:
        correct = option.key in right
        if reveal:
            feedback = ("Correct. " if correct else "Not this one. ") + full
        elif correct and multiple:
            feedback = f"'{option.text}' is one of the right options."
        elif correct:
            feedback = "Correct. " + (right_feedback if right_feedback is not None
                                      else item_feedback(question))
        else:
            feedback = wrong_choice_feedback(option.text, multiple=multiple)
        answers.append({"answer": jupyterquiz_text(option.text), "correct": correct,
                        "feedback": jupyterquiz_text(feedback.strip())})
    return answers


def _string_answer(answer: str, feedback: str) -> dict:
    entry = {"answer": answer, "correct": True, "feedback": jupyterquiz_text(feedback),
             "match_case": False}
    if all(len(word) >= _TYPO_MIN_LENGTH for word in answer.split()):
        # jupyterquiz's ratio is 1 - edits / length: this lets exactly one edit through.
        entry["fuzzy_threshold"] = round(1 - 1 / len(answer) - 1e-6, 6)
    return entry


def question_to_jupyterquiz(question: Question, *, image: bytes | None = None,
                            reveal: bool = False) -> list[dict]:
    """One question as jupyterquiz question objects (several for matching).

    Parameters
    ----------
    question
        The question.
    image
        PNG of its diagram, embedded in each item's question text.
    reveal
        Show the whole explanation (with the answer) on every choice.
    """
    kind = question.type
    picture = ""
    if image is not None:
        data = base64.b64encode(image).decode("ascii")
        alt = html.escape(export_common.picture_alt(question))
        picture = (f'<br><img src="data:image/png;base64,{data}" alt="{alt}" '
                   'style="max-width:100%">')
    if kind in ("single_choice", "true_false"):
        return [{"question": jupyterquiz_text(question.prompt) + picture,
                 "type": "multiple_choice",
                 "answers": _choice_answers(question, set(question.answers), reveal=reveal)}]
    if kind == "multiple_answer":
        return [{"question": jupyterquiz_text(question.prompt + " (Choose all that apply.)")
                 + picture,
                 "type": "many_choice",
                 "answers": _choice_answers(question, set(question.answers), reveal=reveal,
                                            multiple=True)}]
    if kind == "short_answer":
        right = "Correct. " + (feedback_text(question) if reveal else item_feedback(question))
        variants = accepted_variants(question)
        answers = [_string_answer(answer, right.strip()) for answer in variants]
        answers.append({"type": "default",
                        "feedback": jupyterquiz_text("Not quite; try again.")})
        return [{"question": jupyterquiz_text(question.prompt) + picture, "type": "string",
                 "answers": answers, "input_width": max(20, *(len(a) + 4 for a in variants))}]
    if kind in ("matching", "label_diagram"):
        total = len(question.pairs)
        return [{"question": (f"{jupyterquiz_text(question.prompt)}{picture}<br>"
                              f"Item {index} of {total}: <b>{jupyterquiz_text(pair.prompt)}</b>"),
                 "type": "multiple_choice",
                 "answers": _choice_answers(question, {pair.answer}, reveal=reveal,
                                            right_feedback=pair_feedback(question, index - 1))}
                for index, pair in enumerate(question.pairs, start=1)]
    raise ExportError(f"{where(question)}: no jupyterquiz rule for type {kind!r}")


def quiz_to_jupyterquiz(quiz: Quiz, *, images: dict[str, bytes] | None = None,
                        reveal: bool = False) -> list[dict]:
    """The whole quiz as the list jupyterquiz's ``display_quiz`` takes.

    Parameters
    ----------
    quiz
        The quiz.
    images
        PNG diagrams by question id.
    reveal
        Show the whole explanation (with the answer) on every choice.

    Returns
    -------
    list of dict
        One object per jupyterquiz question, in quiz order.
    """
    images = images or {}
    quiz, _ = prepared_quiz(quiz)
    questions: list[dict] = []
    for question in quiz.questions:
        questions += question_to_jupyterquiz(question, image=images.get(question.id),
                                             reveal=reveal)
    return questions


def export_jupyterquiz(quiz: Quiz, path: Path | str, *, force: bool = False,
                       diagrams: bool = True, reveal: bool = False) -> ExportResult:
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
    reveal
        Show the whole explanation (with the answer) on every choice, wrong
        ones included; by default a wrong choice's feedback gives nothing away.

    Returns
    -------
    ExportResult
        The file written and notes on what jupyterquiz changed.
    """
    quiz, cleaned = prepared_quiz(quiz)
    images = export_common.diagram_pngs(quiz, enabled=diagrams)
    notes = [f"{where(q)}: jupyterquiz has no matching: {q.type.replace('_', ' ')} split "
             f"into {len(q.pairs)} multiple-choice questions (jupyterquiz keeps no score)"
             for q in quiz.questions if q.type in ("matching", "label_diagram")]
    if any(q.type == "multiple_answer" for q in quiz.questions):
        notes.append("multiple-answer questions: jupyterquiz marks each ticked option right or "
                     "wrong and keeps no score")
    if any(q.type == "short_answer" for q in quiz.questions):
        notes.append("short answers: jupyterquiz accepts every listed form in any case and "
                     "one typo (a swap of two letters counts as two) where every word has "
                     "five or more letters; the notebook also forgives one typo per such word and "
                     "punctuation a student adds")
    data = quiz_to_jupyterquiz(quiz, images=images, reveal=reveal)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    written = atomic_write_text(path, text, force=force)
    return ExportResult(written, "jupyterquiz", len(quiz), cleaned + tuple(notes))
