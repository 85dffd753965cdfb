"""Matched questions for ``--versions`` and ``--per-student``: every student, same weight.

A quiz's questions are shared out in groups of ``size`` questions of the same
type and the same points (on the same topic where the pool allows). Version
``k`` of a paper takes the ``k``-th question of every group; a per-student
LMS quiz hands each student one question of every group. So every version,
and every student, gets the same number of questions, the same points and the
same mix of question types.

Groups are filled from the quiz ``build_quiz`` picks for the seed first, then
from the rest of the pool in rank order; a version never holds two questions
that answer each other (:func:`psoas_edu.quiz.selection.conflict_keys`).
Questions pinned with ``--include`` are asked in every version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..quiz.model import Question
from ..quiz.selection import conflict_keys

__all__ = ["MatchedForms", "matched_forms"]


@dataclass(frozen=True)
class MatchedForms:
    """``shared`` questions asked of everyone, and ``groups`` of matched questions."""

    shared: tuple[Question, ...]
    groups: tuple[tuple[Question, ...], ...]

    def version(self, number: int) -> tuple[Question, ...]:
        """The questions of version ``number`` (1-based): shared ones, then one per group."""
        return (*self.shared, *(group[number - 1] for group in self.groups))


def _twin_key(question: Question) -> tuple[str, float]:
    return (question.type, question.points)


def matched_forms(ranked: Iterable[Question], *, shared: Sequence[Question] = (),
                  groups: int, size: int,
                  allowed: Callable[[Question], bool] = lambda q: True) -> MatchedForms:
    """Build ``groups`` groups of ``size`` matched questions from ``ranked``.

    Parameters
    ----------
    ranked
        Candidate questions, best first (the seed's quiz, then the rest of
        the pool); repeated ids are taken once.
    shared
        Questions asked in every version (``--include``); never grouped.
    groups
        How many groups (questions per version besides ``shared``).
    size
        Questions per group: the number of versions, or of questions a
        student may get in one place.
    allowed
        Which questions may be grouped at all (Canvas cannot group a
        question it splits into several).

    Returns
    -------
    MatchedForms

    Raises
    ------
    ValueError
        When the pool has too few matched questions; the message says how
        many groups could be made.
    """
    seen: set[str] = {q.id for q in shared}
    pool: list[Question] = []
    for question in ranked:
        if question.id not in seen and allowed(question):
            seen.add(question.id)
            pool.append(question)
    taken: set[str] = set()
    # Per version: the conflict keys already in it (shared questions are in all).
    in_version = [set().union(*(conflict_keys(q) for q in shared)) for _ in range(size)]
    made: list[tuple[Question, ...]] = []
    for lead in pool:
        if len(made) == groups:
            break
        if lead.id in taken or conflict_keys(lead) & in_version[0]:
            continue
        members = [lead]
        # Same topic first, then any topic; rank order within each.
        twins = sorted((q for q in pool if q.id not in taken and q.id != lead.id
                        and _twin_key(q) == _twin_key(lead)),
                       key=lambda q: q.topic != lead.topic)
        for twin in twins:
            if len(members) == size:
                break
            slot = len(members)
            if not conflict_keys(twin) & in_version[slot]:
                members.append(twin)
        if len(members) < size:
            continue
        for slot, member in enumerate(members):
            taken.add(member.id)
            in_version[slot] |= conflict_keys(member)
        made.append(tuple(members))
    if len(made) < groups:
        raise ValueError(
            f"asked for {groups} groups of {size} matched questions (same type and points) "
            f"but the pool gives only {len(made)}; ask for fewer questions or versions, "
            "or widen the topic")
    return MatchedForms(tuple(shared), tuple(made))
