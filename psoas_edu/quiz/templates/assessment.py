"""Question templates on assessment: what a sign in the (modified) Thomas test suggests.

The wrong options are what the test's other signs suggest, so each option is a real
finding of the same test.
"""

from __future__ import annotations

import random

from ..facts import QuizFacts
from ..model import Question
from .base import Template, _choice

__all__ = ["TEMPLATES"]


def _subjects(facts: QuizFacts) -> list[str]:
    return sorted(f"{r.assessment}__{r.sign_id}" for r in facts.rows("assessment_findings"))


def _sign(facts: QuizFacts, subject: str, qid: str, rng: random.Random) -> Question | None:
    rows = list(facts.rows("assessment_findings"))
    row = next(r for r in rows if f"{r.assessment}__{r.sign_id}" == subject)
    # A finding that points to the same muscles would be a second right answer, and
    # two findings that point to one set of muscles say the same in other words (a
    # pair a student strikes out together): one wrong option per set of muscles.
    by_muscles: dict[frozenset[str], list] = {}
    for r in rows:
        if r.suggests != row.suggests and not set(r.muscle_ids) & set(row.muscle_ids):
            by_muscles.setdefault(frozenset(r.muscle_ids), []).append(r)
    chosen = [rng.choice(group) for _, group in sorted(by_muscles.items(), key=lambda kv:
                                                       sorted(kv[0]))]
    others = {r.suggests: r.sign for r in chosen}
    test = row.assessment.replace("_", " ").replace("thomas", "Thomas")
    ids = facts.evidence(tuple(row.source_ids))
    return _choice(qid, rng, f"In the {test}: {row.sign} What does this suggest?",
                   [row.suggests], list(others),
                   explanation=f"{row.suggests}",
                   why=lambda t: f"\u201c{t}\u201d is suggested by another sign: "
                                 f"{others[t][:1].lower()}{others[t][1:]}",
                   citation=facts.citation(ids), source_ids=ids, topic="assessment",
                   difficulty="medium", muscle_ids=tuple(row.muscle_ids),
                   template="thomas_sign")


TEMPLATES: tuple[Template, ...] = (
    Template("thomas_sign", "assessment", "assessment finding", _subjects, _sign),
)
