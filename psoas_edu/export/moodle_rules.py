"""How Moodle grades, and what it refuses: shared by the GIFT and Moodle XML exports.

Moodle takes grade percentages from a fixed list only, wants at least two
items and three answers in a matching question (extra wrong answers from the
course facts make up the answers), and compares short answers
as typed (case aside). These functions keep Moodle's grades equal to the
notebook's (:mod:`psoas_edu.quiz.grade`) and say where they cannot be.
"""

from __future__ import annotations

import itertools

from ..quiz.model import Question, Quiz
from .common import ExportError, accepted_variants, short_answer_note, where
from .distractors import extra_wrong_answers

__all__ = ["MOODLE_GRADES", "MOODLE_MATCHING_ANSWERS", "matching_as_choices",
           "moodle_matching_extras", "moodle_matching_ok", "moodle_notes", "moodle_weights"]

#: Every grade percentage Moodle accepts (its list of grade options).
MOODLE_GRADES: tuple[float, ...] = (
    100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
    16.66667, 14.28571, 12.5, 11.11111, 10, 5,
)


def _grade(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def moodle_weights(question: Question) -> tuple[dict[str, str], str]:
    """Moodle grade percentages of a multiple-answer question's options, and a note.

    The notebook scores right ticks minus wrong ticks over the number of
    right options (never below zero). Moodle adds the percentages of the
    ticked options and clamps to 0-100 %, so giving every right option
    ``100/R`` and every wrong one ``-100/R`` scores the same, whenever
    ``100/R`` is one of Moodle's grades (1 to 10 right options). With 11 to
    20 right options the right ones get 10 % or 5 % (adding up to 100 %) and
    wrong ones -10 %; the note says so.

    Returns
    -------
    tuple
        Option key -> percentage as Moodle writes it; a note, or ``""``
        when Moodle scores exactly as the notebook.

    Raises
    ------
    ExportError
        More than 20 right options: Moodle has no grades that small.
    """
    right = [o.key for o in question.options if o.key in question.answers]
    count = len(right)
    even = 100 / count
    exact = next((g for g in MOODLE_GRADES if abs(g - even) < 1e-4), None)
    if exact is not None:
        weights = {key: _grade(exact) for key in right}
        wrong = "-" + _grade(exact)
        note = ""
    elif count <= 20:
        tens = 20 - count  # tens * 10 + fives * 5 == 100 with tens + fives == count
        weights = {key: ("10" if i < tens else "5") for i, key in enumerate(right)}
        wrong = "-10"
        note = (f"{where(question)}: Moodle has no grade of 100/{count} %, so {tens} right "
                f"options count 10 %, {count - tens} count 5 % and each wrong tick -10 % "
                "(the notebook counts every option equally)")
    else:
        raise ExportError(f"{where(question)}: Moodle cannot split a grade over {count} right "
                          "options (at most 20, with 5 % each); split the question in two")
    weights.update({o.key: wrong for o in question.options if o.key not in question.answers})
    return weights, note


#: Moodle's least number of answers to choose from in a matching question.
MOODLE_MATCHING_ANSWERS = 3


def _matching_answers(question: Question) -> set[str]:
    answers = {question.option_text(p.answer) for p in question.pairs}
    return answers | {o.text for o in question.options}


def moodle_matching_extras(question: Question) -> tuple[str, ...] | None:
    """Wrong answers to add so Moodle takes a matching question as matching.

    Moodle needs two or more items and three or more answers. With two or
    more items and too few answers, other nerves or landmarks of the course
    that are wrong for every item are added
    (:func:`~psoas_edu.export.distractors.extra_wrong_answers`).

    Returns
    -------
    tuple of str or None
        The answers to add (often none); ``None`` when Moodle cannot hold
        the question as matching even so.
    """
    if len(question.pairs) < 2:
        return None
    answers = _matching_answers(question)
    missing = MOODLE_MATCHING_ANSWERS - len(answers)
    if missing <= 0:
        return ()
    extras = extra_wrong_answers(question, answers, missing)
    return extras if len(extras) == missing else None


def moodle_matching_ok(question: Question) -> bool:
    """Moodle can hold the question as matching (with extra wrong answers if need be)."""
    return moodle_matching_extras(question) is not None


def matching_as_choices(question: Question) -> tuple[list[str], int]:
    """A small matching question Moodle refuses, as one choice per full assignment.

    Returns the option texts (``'item: answer; item: answer'``) and the
    index of the right one.
    """
    keys = [o.key for o in question.options]
    texts = []
    right = -1
    for combo in itertools.product(keys, repeat=len(question.pairs)):
        texts.append("; ".join(f"{p.prompt}: {question.option_text(k)}"
                               for p, k in zip(question.pairs, combo, strict=True)))
        if all(k == p.answer for p, k in zip(question.pairs, combo, strict=True)):
            right = len(texts) - 1
    return texts, right


def moodle_notes(quiz: Quiz, name: str) -> tuple[str, ...]:
    """What Moodle (GIFT or XML, named ``name``) does differently from the notebook."""
    notes = []
    weighted = [q.id for q in quiz.questions if q.points != 1]
    if weighted and name == "GIFT":
        notes.append(f"GIFT has no points: {len(weighted)} question(s) worth other than 1 point "
                     f"({', '.join(weighted[:5])}{', ...' if len(weighted) > 5 else ''}) get "
                     "Moodle's default mark; moodle-xml keeps the points")
    labels = [q.id for q in quiz.questions if q.type == "label_diagram"]
    if labels and name == "GIFT":
        notes.append("GIFT has no pictures: label-the-diagram questions "
                     f"({', '.join(labels)}) refer to the notebook's diagram; "
                     "use moodle-xml to include it")
    for question in quiz.questions:
        if question.image is not None and name == "GIFT":
            notes.append(f"{where(question)}: GIFT has no pictures: its picture "
                         f"{question.image.name!r} is left out (students see the question "
                         "without it); use moodle-xml, which embeds it with its alt text")
        if question.type == "multiple_answer":
            note = moodle_weights(question)[1]
            if note:
                notes.append(note)
        if question.type in ("matching", "label_diagram"):
            extras = moodle_matching_extras(question)
            if extras is None:
                notes.append(f"{where(question)}: Moodle matching needs 2 items and 3 answers; "
                             "exported as one multiple-choice question over the possible "
                             "assignments, scored all or nothing (the notebook gives a share "
                             "per item)")
            elif extras:
                notes.append(f"{where(question)}: Moodle matching needs 3 answers to choose "
                             f"from; added the wrong answer(s) {', '.join(map(repr, extras))} "
                             "from the course facts (wrong for every item)")
        if question.type == "short_answer":
            dropped = [a for a in accepted_variants(question) if "->" in a]
            if dropped and name == "GIFT":
                notes.append(f"{where(question)}: GIFT cannot hold the answer form(s) "
                             f"{', '.join(map(repr, dropped))} ('->' means matching); the "
                             "same words without it are accepted")
    shorts = [q.id for q in quiz.questions if q.type == "short_answer"]
    if shorts:
        note = short_answer_note(name, len(shorts))
        if name == "GIFT":  # GIFT readers fold runs of spaces: no doubled-space forms
            note = note.replace("; one space doubled)", ")") + (
                "; also any doubled space (moodle-xml accepts one)")
        notes.append(note)
    return tuple(notes)
