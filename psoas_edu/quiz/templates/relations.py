"""Question templates on what lies around the muscles: relations (nerves and vessels at
the borders of psoas major, the femoral triangle) and blood supply.

A wrong structure is one the same muscle meets in another way, so the options are
the real neighbours; a wrong artery supplies another muscle of the same area and
shares no vessel name with the subject's supply.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict

from ..facts import QuizFacts
from ..model import Question
from .base import Template, _cap, _choice, _name, _norm, area, name_stems
from .nerves import verb

__all__ = ["TEMPLATES"]

#: How each kind of relation is asked ("Which structure ... the psoas major?").
_ASK = {
    "emerges_at_lateral_border": "leaves at the lateral border of",
    "emerge_at_lateral_border": "leaves at the lateral border of",
    "emerges_at_medial_border": "leaves at the medial border of",
    "pierces": "passes through (pierces)",
    "pass_under": "passes beneath the tendinous arches of",
    "covered_by": "covers",
    "arched_over_by": "arches over",
}


def _kind(relation: str) -> str:
    return _ASK.get(relation, "")


def _relation_subjects(facts: QuizFacts) -> list[str]:
    return sorted(r.relation_id for r in facts.rows("relations")
                  if not r.dispute_id and _kind(r.relation))


def _relation(facts: QuizFacts, subject: str, qid: str, rng: random.Random) -> Question | None:
    rows = facts.memo(("relations_by_id",), lambda: {r.relation_id: r
                                                     for r in facts.rows("relations")})
    row = rows[subject]
    same = [r for r in rows.values() if r.muscle_id == row.muscle_id and not r.dispute_id]
    kind = _kind(row.relation)
    wrong = [r.structure for r in same if _kind(r.relation) and _kind(r.relation) != kind]
    about = {r.structure: r.description for r in same}
    name = _name(facts, row.muscle_id)
    ids = facts.evidence(tuple(row.source_ids))
    return _choice(qid, rng, f"Which structure {kind} the {name}?", [row.structure], wrong,
                   explanation=row.description,
                   why=lambda t: f"Not this one: {about[t]}", citation=facts.citation(ids),
                   source_ids=ids, topic="relations", difficulty="hard",
                   muscle_ids=(row.muscle_id,), template="relation")


def _base(artery: str) -> str:
    return _norm(re.sub(r"\([^)]*\)", "", artery))


def _blood_subjects(facts: QuizFacts) -> list[str]:
    return sorted({r.muscle_id for r in facts.rows("blood_supply") if not r.dispute_id})


def _arteries(facts: QuizFacts) -> dict[str, list]:
    grouped: dict[str, list] = defaultdict(list)
    for r in facts.rows("blood_supply"):
        grouped[r.muscle_id].append(r)
    return grouped


def _blood_supply(facts: QuizFacts, subject: str, qid: str,
                  rng: random.Random) -> Question | None:
    by_muscle = facts.memo(("arteries",), lambda: _arteries(facts))
    own = by_muscle.get(subject, [])
    if not own or any(r.dispute_id for r in own):
        return None
    own_bases = {_base(r.artery) for r in own}
    home = area(facts, subject)
    pool = facts.memo(("arteries_in_area", home), lambda: sorted(
        {_base(r.artery): r.artery for m, rows in by_muscle.items()
         if m in facts.muscles and area(facts, m) == home for r in rows}.values()))
    wrong = [a for a in pool if not any(_base(a) in b or b in _base(a) for b in own_bases)]
    right = rng.choice(sorted(own, key=lambda r: r.artery))
    name = _name(facts, subject)
    muscle = facts.muscles[subject]
    ids = facts.evidence(tuple(right.source_ids))
    owners = facts.owners_of_text

    def why(text: str) -> str:
        names = [_name(facts, m) for m in owners.get(_norm(text), ())[:2]]
        return (f"{_cap(text)}: {verb(text)} the {' and the '.join(names)}." if names
                else "")

    return _choice(qid, rng, f"Which of these arteries supplies the {name}?", [right.artery],
                   wrong, stems=name_stems(muscle.name, muscle.latin_name), why=why,
                   explanation=f"The {name} is supplied by the "
                               + ", ".join(r.artery for r in own) + ".",
                   citation=facts.citation(ids), source_ids=ids, topic="relations",
                   difficulty="medium", muscle_ids=(subject,), template="blood_supply")


TEMPLATES: tuple[Template, ...] = (
    Template("relation", "relations", "relation", _relation_subjects, _relation),
    Template("blood_supply", "relations", "blood supply", _blood_subjects, _blood_supply),
)
