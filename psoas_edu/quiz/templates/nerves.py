"""Question templates on innervation: nerves, spinal roots, matching muscles to nerves.

A wrong nerve could not be (part of) the subject's supply: its name neither
contains nor is contained in one of the subject's, and a general name (a
plexus, rami, branches) must come from other spinal levels. Wrong root
ranges share no level with any range given for the subject. Where sources
disagree on the roots, every range given is right.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterable

from ...facts.roots import format_roots
from ..facts import NerveFact, QuizFacts
from ..model import Pair, Question
from .base import (
    Template,
    _choice,
    _cited,
    _lettered,
    _name,
    _norm,
    _part,
    _sources,
    _unique,
)

__all__ = ["TEMPLATES"]


_GENERIC_NERVE_WORDS = ("plexus", "ramus", "rami", "branch", "branches", "nerves")


def _could_share_supply(a: NerveFact, b: NerveFact) -> bool:
    """Whether nerve ``b`` might be (part of) the supply ``a`` describes."""
    x, y = _norm(a.nerve), _norm(b.nerve)
    if x == y or x in y or y in x:
        return True
    generic = any(word in x or word in y for word in _GENERIC_NERVE_WORDS)
    return generic and bool(a.levels & b.levels)


def _base_nerve(nerve: str) -> str:
    """'obturator nerve (anterior division), when present' -> 'obturator nerve'."""
    return _norm(re.sub(r"\([^)]*\)|,.*$", "", nerve))


def _nerves(facts: QuizFacts, muscle_id: str) -> list[NerveFact]:
    return list(facts.nerves_of.get(muscle_id, ()))


def _nerve_names(facts: QuizFacts, muscle_id: str) -> list[str] | None:
    """The nerves of a muscle when they are settled (disputes only about roots)."""
    rows = _nerves(facts, muscle_id)
    for dispute in {n.dispute_id for n in rows if n.dispute_id}:
        if len({_norm(n.nerve) for n in rows if n.dispute_id == dispute}) > 1:
            return None
    return sorted({n.nerve for n in rows}) or None


def _nerve_subjects(facts: QuizFacts) -> list[str]:
    return sorted({n.muscle_id for n in facts.nerves if _nerve_names(facts, n.muscle_id)})


def _root_subjects(facts: QuizFacts) -> list[str]:
    return sorted({n.muscle_id for n in facts.nerves
                   if not any(o.dispute_id for o in _nerves(facts, n.muscle_id))})


def _roots(levels: Iterable[str]) -> str:
    return format_roots(tuple(set(levels)))


def _nerve_explanation(facts: QuizFacts, muscle_id: str) -> str:
    rows = _nerves(facts, muscle_id)
    texts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for n in rows:
        texts[(n.part, n.nerve)].append(_roots(n.levels))
    parts = "; ".join(
        f"{nerve} ({' or '.join(dict.fromkeys(levels))})"
        + ("" if part == "whole" else f" to the {_part(part)}")
        for (part, nerve), levels in texts.items())
    text = f"The {_name(facts, muscle_id)} is supplied by the {parts}."
    disputes = sorted({n.dispute_id for n in rows if n.dispute_id})
    if disputes:
        text += " Sources differ on the roots: " + " ".join(
            facts.disputes.get(d, d) for d in disputes)
    return text


def _other_levels(facts: QuizFacts, subject: str) -> list[frozenset[str]]:
    """Root sets (one per other muscle) sharing no level with any claim for ``subject``."""
    own = frozenset(lv for n in _nerves(facts, subject) for lv in n.levels)
    per_muscle: dict[str, set[str]] = defaultdict(set)
    for n in facts.nerves:
        if n.muscle_id != subject:
            per_muscle[n.muscle_id] |= n.levels
    return [frozenset(lv) for _, lv in sorted(per_muscle.items()) if not lv & own]


def _nerve_single(facts: QuizFacts, subject: str, qid: str,
                  rng: random.Random) -> Question | None:
    names = _nerve_names(facts, subject)
    if not names:
        return None
    own = _nerves(facts, subject)
    right = rng.choice(names)
    # A nerve is a safe wrong answer only if no row naming it could share the supply.
    unsafe = {_norm(n.nerve) for n in facts.nerves
              if n.muscle_id == subject or any(_could_share_supply(o, n) for o in own)}
    wrong = _unique((n.nerve for n in facts.nerves if _norm(n.nerve) not in unsafe),
                    key=_base_nerve)
    ids, citation = _cited(facts, [n for n in own if n.nerve == right])
    name = _name(facts, subject)
    prompt = (f"Which of these nerves supplies part of the {name}?" if len(names) > 1
              else f"Which nerve supplies the {name}?")
    return _choice(qid, rng, prompt, [right], wrong,
                   explanation=_nerve_explanation(facts, subject), citation=citation,
                   source_ids=ids, topic="innervation", difficulty="medium",
                   muscle_ids=(subject,), template="nerve")


def _roots_single(facts: QuizFacts, subject: str, qid: str,
                  rng: random.Random) -> Question | None:
    own = _nerves(facts, subject)
    if not own or any(n.dispute_id for n in own):
        return None
    ids, citation = _cited(facts, own)
    return _choice(qid, rng,
                   f"Which spinal nerve roots supply the {_name(facts, subject)}?",
                   [_roots(lv for n in own for lv in n.levels)],
                   [_roots(lv) for lv in _other_levels(facts, subject)],
                   explanation=_nerve_explanation(facts, subject)
                   + " The other options are the roots of muscles supplied from other levels.",
                   citation=citation, source_ids=ids, topic="innervation", difficulty="hard",
                   muscle_ids=(subject,), template="roots")


def _disputed_roots_subjects(facts: QuizFacts) -> list[str]:
    return sorted({f"{n.muscle_id}__{n.dispute_id}" for n in facts.nerves if n.dispute_id})


def _disputed_roots(facts: QuizFacts, subject: str, qid: str,
                    rng: random.Random) -> Question | None:
    """Every root range a reference gives is right; wrong ones share no level."""
    muscle_id, dispute_id = subject.split("__")
    sides = [n for n in _nerves(facts, muscle_id) if n.dispute_id == dispute_id]
    if len(sides) < 2:
        return None
    nerves = {_norm(n.nerve) for n in sides}
    name = _name(facts, muscle_id)
    supply = f"the {sides[0].nerve} to the {name}" if len(nerves) == 1 else f"the {name}"
    ids, citation = _cited(facts, sides)
    return _choice(qid, rng,
                   f"References differ on which spinal roots supply {supply}. Select every "
                   "range that a reference gives.",
                   [_roots(n.levels) for n in sides],
                   [_roots(lv) for lv in _other_levels(facts, muscle_id)],
                   multiple=True, explanation=_nerve_explanation(facts, muscle_id)
                   + " Each range named by a reference counts as right here.",
                   citation=citation, source_ids=ids, topic="innervation", points=2,
                   difficulty="hard", muscle_ids=(muscle_id,), template="disputed_roots",
                   disputed=True)


def _nerve_matching(facts: QuizFacts, subject: str, qid: str,
                    rng: random.Random) -> Question | None:
    def single(m: str) -> NerveFact | None:
        names = _nerve_names(facts, m)
        if names is None or len(names) != 1:
            return None
        rows = _nerves(facts, m)
        return NerveFact(m, "whole", names[0], frozenset(lv for n in rows for lv in n.levels),
                         "", _sources(rows))

    anchor = single(subject)
    if anchor is None:
        return None
    chosen = [anchor]
    others = [n for m in sorted(facts.muscles) if m != subject and (n := single(m))]
    rng.shuffle(others)
    for other in others:
        # Each muscle's option must be wrong for every other muscle, unless identical.
        if len(chosen) < 4 and all(
            _norm(other.nerve) == _norm(c.nerve) or not (
                _could_share_supply(other, c) or _could_share_supply(c, other))
            for c in chosen
        ):
            chosen.append(other)
    if len(chosen) < 3 or len({_norm(c.nerve) for c in chosen}) < 2:
        return None
    options = _lettered(_unique(c.nerve for c in chosen))
    key_of = {_norm(o.text): o.key for o in options}
    order = sorted(chosen, key=lambda n: _name(facts, n.muscle_id))
    pairs = tuple(Pair(str(i), _name(facts, n.muscle_id), key_of[_norm(n.nerve)])
                  for i, n in enumerate(order, start=1))
    ids, citation = _cited(facts, chosen)
    explanation = " ".join(_nerve_explanation(facts, n.muscle_id) for n in order)
    return Question(qid, "matching", "Match each muscle to the nerve that supplies it.",
                    options=options, pairs=pairs, explanation=explanation, citation=citation,
                    source_ids=ids, topic="innervation", points=2, difficulty="medium",
                    muscle_ids=tuple([subject] + [n.muscle_id for n in order
                                                  if n.muscle_id != subject]),
                    template="match_nerve")


TEMPLATES: tuple[Template, ...] = (
    Template("nerve", "innervation", "innervation", _nerve_subjects, _nerve_single),
    Template("roots", "innervation", "roots", _root_subjects, _roots_single),
    Template("disputed_roots", "innervation", "roots", _disputed_roots_subjects,
             _disputed_roots),
    Template("match_nerve", "innervation", "innervation", _nerve_subjects, _nerve_matching),
)
