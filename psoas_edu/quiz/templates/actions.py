"""Question templates on actions, synergists and antagonists.

A wrong movement is the opposite of one the subject makes and is never
recorded for it; a wrong synergist is a muscle recorded with the opposite
movement only (an antagonist), and a wrong antagonist one recorded with the
same movement only. Disputed actions are left out, or asked with every side
right.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from ..facts import ActionFact, QuizFacts
from ..model import Question
from .base import Template, _cap, _choice, _cited, _name

__all__ = ["TEMPLATES"]


def _actions(facts: QuizFacts, muscle_id: str) -> list[ActionFact]:
    return list(facts.actions_of.get(muscle_id, ()))


def _wrong_movements(facts: QuizFacts, muscle_id: str) -> list[tuple[str, str]]:
    """Opposites of the subject's settled movements that it is never recorded with."""
    own = {a.key for a in _actions(facts, muscle_id)}
    return sorted({facts.opposites[a.key] for a in _actions(facts, muscle_id)
                   if not a.dispute_id and a.key in facts.opposites} - own)


def _action_explanation(facts: QuizFacts, muscle_id: str) -> str:
    rows = _actions(facts, muscle_id)
    settled = [f"{facts.movement_names[a.key]} ({a.role})" for a in rows if not a.dispute_id]
    text = f"The {_name(facts, muscle_id)} produces {', '.join(settled)}."
    disputes = sorted({a.dispute_id for a in rows if a.dispute_id})
    if disputes:
        text += (" Not asked here because sources disagree: "
                 + " ".join(facts.disputes.get(d, d) for d in disputes))
    wrong = _wrong_movements(facts, muscle_id)
    if wrong:
        text += (" It does not produce the opposite movements ("
                 + ", ".join(facts.movement_names[w] for w in wrong) + ").")
    return text


def _action_question(multiple: bool) -> Callable[..., Question | None]:
    def build(facts: QuizFacts, subject: str, qid: str, rng: random.Random) -> Question | None:
        settled = [a for a in _actions(facts, subject) if not a.dispute_id]
        if not settled:
            return None
        name = _name(facts, subject)
        wrong = [facts.movement_names[k] for k in _wrong_movements(facts, subject)]
        if multiple:
            right_rows = settled
            prompt = f"Select every movement the {name} produces (as prime mover or assisting)."
        else:
            right_rows = [rng.choice(sorted(settled, key=lambda a: a.key))]
            prompt = f"Which of these movements does the {name} produce?"
        ids, citation = _cited(facts, right_rows)
        return _choice(qid, rng, prompt, [facts.movement_names[a.key] for a in right_rows],
                       wrong, multiple=multiple, explanation=_action_explanation(facts, subject),
                       citation=citation, source_ids=ids, topic="actions",
                       points=2 if multiple else 1, difficulty="medium" if multiple else "easy",
                       muscle_ids=(subject,),
                       template="actions_all" if multiple else "action")
    return build


def _action_subjects(facts: QuizFacts) -> list[str]:
    return sorted({a.muscle_id for a in facts.actions if not a.dispute_id})


def _disputed_action(facts: QuizFacts, subject: str, qid: str,
                     rng: random.Random) -> Question | None:
    muscle_id, dispute_id = subject.split("__")
    sides = [a for a in _actions(facts, muscle_id) if a.dispute_id == dispute_id]
    if len(sides) < 2:
        return None
    name = _name(facts, muscle_id)
    ids, citation = _cited(facts, sides)
    # Sides may name the same movement and differ on when it happens (position).
    named = list(dict.fromkeys(facts.movement_names[a.key] for a in sides))
    explanation = (f"Sources disagree: {facts.disputes.get(dispute_id, '')} "
                   + _cap(" / ".join(named))
                   + (" are each named by a reference, so each counts as right here."
                      if len(named) > 1
                      else " is named by a reference, so it counts as right here."))
    return _choice(qid, rng,
                   f"References differ on one action of the {name}. Select every movement "
                   "that a reference names for it.",
                   named,
                   [facts.movement_names[k] for k in _wrong_movements(facts, muscle_id)],
                   multiple=True, explanation=explanation, citation=citation, source_ids=ids,
                   topic="actions", points=2, difficulty="hard", muscle_ids=(muscle_id,),
                   template="disputed_action", disputed=True)


def _disputed_action_subjects(facts: QuizFacts) -> list[str]:
    return sorted({f"{a.muscle_id}__{a.dispute_id}" for a in facts.actions if a.dispute_id})


def _movers(facts: QuizFacts, key: tuple[str, str]) -> tuple[set[str], set[str]]:
    """Muscles recorded with movement ``key``: (settled, any row including disputed)."""
    rows = facts.movers_of.get(key, ())
    return {a.muscle_id for a in rows if not a.dispute_id}, {a.muscle_id for a in rows}


def _partner_subjects(facts: QuizFacts) -> list[str]:
    return sorted(f"{a.muscle_id}__{a.joint}__{a.movement}" for a in facts.actions
                  if not a.dispute_id and a.key in facts.opposites)


def _partners(facts: QuizFacts, subject: str) -> tuple[str, tuple[str, str], list[str], list[str]]:
    """Subject muscle, its movement, safe synergists and safe antagonists."""
    muscle_id, joint, movement = subject.split("__")
    key = (joint, movement)
    same_settled, same_any = _movers(facts, key)
    opposite_settled, opposite_any = _movers(facts, facts.opposites[key])
    synergists = sorted(same_settled - opposite_any - {muscle_id})
    antagonists = sorted(opposite_settled - same_any - {muscle_id})
    return muscle_id, key, synergists, antagonists


def _partner_text(facts: QuizFacts, key: tuple[str, str], synergists: list[str],
                  antagonists: list[str]) -> str:
    movement, opposite = facts.movement_names[key], facts.movement_names[facts.opposites[key]]
    names = [_name(facts, m) for m in synergists]
    text = f"Also producing {movement}: {', '.join(names) or 'none recorded'}."
    text += (f" Producing the opposite movement, {opposite}: "
             f"{', '.join(_name(facts, m) for m in antagonists) or 'none recorded'}.")
    return text


def _synergist_question(facts: QuizFacts, subject: str, qid: str,
                        rng: random.Random) -> Question | None:
    muscle_id, key, synergists, antagonists = _partners(facts, subject)
    if not synergists:
        return None
    name = _name(facts, muscle_id)
    rows = [a for a in facts.movers_of.get(key, ()) if a.muscle_id in synergists]
    ids, citation = _cited(facts, rows)
    return _choice(qid, rng,
                   f"Select every muscle that works with the {name} in "
                   f"{facts.movement_names[key]} (a synergist).",
                   [_name(facts, m) for m in synergists], [_name(facts, m) for m in antagonists],
                   multiple=True, explanation=_partner_text(facts, key, synergists, antagonists),
                   citation=citation, source_ids=ids, topic="synergists", points=2,
                   difficulty="medium", muscle_ids=(muscle_id, *synergists),
                   template="synergists")


def _antagonist_question(facts: QuizFacts, subject: str, qid: str,
                         rng: random.Random) -> Question | None:
    muscle_id, key, synergists, antagonists = _partners(facts, subject)
    if not antagonists:
        return None
    right = rng.choice(antagonists)
    name = _name(facts, muscle_id)
    opposite = facts.opposites[key]
    rows = [a for a in facts.movers_of.get(opposite, ()) if a.muscle_id == right]
    ids, citation = _cited(facts, rows)
    return _choice(qid, rng,
                   f"Which muscle opposes the {name} in {facts.movement_names[key]} "
                   "(an antagonist)?",
                   [_name(facts, right)], [_name(facts, m) for m in synergists],
                   explanation=_partner_text(facts, key, synergists, antagonists),
                   citation=citation, source_ids=ids, topic="synergists", difficulty="medium",
                   muscle_ids=(muscle_id, right), template="antagonist")


TEMPLATES: tuple[Template, ...] = (
    Template("action", "actions", "action", _action_subjects, _action_question(False)),
    Template("actions_all", "actions", "action", _action_subjects, _action_question(True)),
    Template("disputed_action", "actions", "action",
             _disputed_action_subjects, _disputed_action),
    Template("synergists", "synergists", "synergist", _partner_subjects, _synergist_question),
    Template("antagonist", "synergists", "antagonist", _partner_subjects, _antagonist_question),
)
