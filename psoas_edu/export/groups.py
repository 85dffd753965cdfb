"""Per-student versions: question groups from which the LMS picks one per student.

A quiz of ``n * size`` questions is split into groups of ``size`` questions
on the same topic and worth the same points (:func:`group_questions`). Each
student then gets one question from each group, so neighbours see different
questions of the same kind and weight:

- Canvas: text2qti's ``GROUP`` / ``pick: 1`` / ``END_GROUP`` blocks
  (:func:`text2qti_groups`);
- Moodle: one question category per group (:func:`moodle_categories`); in
  the Moodle quiz, add "a random question" from each category.

For Canvas, matching and label-the-diagram questions stay out of groups
(text2qti splits them into several questions) and a group's questions must
be worth the same points (text2qti's rule); Moodle has neither limit.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..quiz.model import Quiz

__all__ = [
    "QuestionGroup",
    "group_questions",
    "moodle_categories",
    "text2qti_groups",
]

_CANVAS_UNGROUPED = ("matching", "label_diagram")


@dataclass(frozen=True)
class QuestionGroup:
    """Questions of which each student gets ``pick``; ``name`` is stable for one quiz."""

    name: str
    question_ids: tuple[str, ...]
    pick: int = 1


def group_questions(quiz: Quiz, *, size: int, canvas: bool = False
                    ) -> tuple[QuestionGroup, ...]:
    """Split ``quiz`` into groups of ``size`` questions on one topic.

    Questions keep their quiz order within a group; groups are named
    ``group_01``, ``group_02``, ... in the order of their first question. A
    topic whose count is not a multiple of ``size`` gets one smaller group.

    Parameters
    ----------
    quiz
        The questions to share out, usually built with ``n * size`` questions.
    size
        Questions per group (2 or more).
    canvas
        Follow text2qti's rules: one point value per group, no matching or
        label-the-diagram questions in groups.

    Returns
    -------
    tuple of QuestionGroup

    Raises
    ------
    ValueError
        ``size`` below 2.
    """
    if size < 2:
        raise ValueError(f"group size: got {size}; expected 2 or more questions per group")
    buckets: dict[tuple[str, float], list[str]] = defaultdict(list)
    for question in quiz.questions:
        if not canvas:
            buckets[(question.topic, 0.0)].append(question.id)
        elif question.type not in _CANVAS_UNGROUPED:
            buckets[(question.topic, question.points)].append(question.id)
    chunks = [ids[start:start + size] for ids in buckets.values()
              for start in range(0, len(ids), size)]
    order = {q.id: i for i, q in enumerate(quiz.questions)}
    chunks = [c for c in sorted(chunks, key=lambda c: order[c[0]]) if len(c) > 1]
    return tuple(QuestionGroup(f"group_{number:02d}", tuple(chunk))
                 for number, chunk in enumerate(chunks, start=1))


def text2qti_groups(blocks: list[tuple[str, list[str]]],
                    groups: tuple[QuestionGroup, ...]) -> list[str]:
    """Join text2qti question blocks, wrapping each group's questions in ``GROUP`` lines.

    Parameters
    ----------
    blocks
        ``(question id, text2qti lines)`` in quiz order.
    groups
        From :func:`group_questions`.

    Returns
    -------
    list of str
        The lines, each question followed by a blank line; a group's
        questions are moved to where its first question was.
    """
    group_of = {qid: group for group in groups for qid in group.question_ids}
    lines_of = dict(blocks)
    out: list[str] = []
    done: set[str] = set()
    for question_id, lines in blocks:
        group = group_of.get(question_id)
        if group is None:
            out += [*lines, ""]
        elif group.name not in done:
            done.add(group.name)
            out += ["GROUP", f"pick: {group.pick}", ""]
            for member in group.question_ids:
                out += [*lines_of[member], ""]
            out += ["END_GROUP", ""]
    return out


def moodle_categories(quiz: Quiz, groups: tuple[QuestionGroup, ...]) -> dict[str, str]:
    """The Moodle category of each question: one per group, under the quiz's title.

    Questions in no group keep the topic category the Moodle export gives them.

    Returns
    -------
    dict
        Category path (``$course$/top/psoas-edu/<quiz>/group_01``) by question id.
    """
    slug = re.sub(r"[^A-Za-z0-9]+", "_", quiz.title).strip("_").lower() or "quiz"
    return {qid: f"$course$/top/psoas-edu/{slug}/{group.name}"
            for group in groups for qid in group.question_ids}
