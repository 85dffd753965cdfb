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

from ...facts.roots import _ORDER, format_roots
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
    area,
    name_stems,
    qualified,
    singles_out,
    sources_differ,
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
        text += "".join(" " + sources_differ(facts.disputes.get(d, d), on="the roots")
                        for d in disputes)
    return text


def _segment_gap(a: frozenset[str], b: frozenset[str]) -> int:
    """Spinal segments between two root sets (0 when they touch or overlap)."""
    x, y = [_ORDER[lv] for lv in a], [_ORDER[lv] for lv in b]
    if not x or not y:
        return 99
    return max(0, max(min(x), min(y)) - min(max(x), max(y)) - 1)


#: Wrong nerves and root ranges come from at most this many segments away: a
#: hip muscle is never offered the phrenic nerve (C3-C5) or cervical roots.
_NEAR_SEGMENTS = 3


def _whose_nerve(facts: QuizFacts, text: str, subject: str) -> str:
    owners = [m for m in facts.owners_of_text.get(_norm(text), ()) if m != subject]
    names = [_name(facts, m) for m in owners[:2]]
    return ("the " + " and the ".join(names) + (" and others" if len(owners) > 2 else "")
            if names else "other muscles")


def _subject(nerve: str) -> str:
    """'accessory obturator nerve, when present' as the subject of a sentence: its
    qualifier closed by a comma."""
    return f"{nerve}," if re.search(r", (when|if) [^,]+$", nerve) else nerve


def verb(nerve: str) -> str:
    """'supply' for plural names (rami, nerves, arteries), else 'supplies'."""
    name = nerve.split("(")[0]
    plural = re.search(r"\b(rami|nerves|branches|arteries)\b", name) or " and " in nerve
    return "supply" if plural else "supplies"


def _distinct_nerves(facts: QuizFacts) -> list[NerveFact]:
    """One row per distinct nerve text (copies on more muscles add nothing)."""
    return facts.memo(("distinct_nerves",), lambda: list(
        {_norm(n.nerve): n for n in sorted(facts.nerves, key=lambda n: n.muscle_id)}.values()))


def _distinct_ranges(facts: QuizFacts, home: str) -> list[NerveFact]:
    """One row per distinct root range stored for a muscle of area ``home``."""
    return facts.memo(("distinct_ranges", home), lambda: list(
        {n.levels: n for n in sorted(facts.nerves, key=lambda n: n.muscle_id)
         if area(facts, n.muscle_id) == home}.values()))


def _nerve_single(facts: QuizFacts, subject: str, qid: str,
                  rng: random.Random) -> Question | None:
    names = _nerve_names(facts, subject)
    if not names:
        return None
    own = _nerves(facts, subject)
    own_levels = frozenset(lv for n in own for lv in n.levels)
    right = rng.choice([n for n in names if not qualified(n)] or names)
    # A nerve is a safe wrong answer only if no row naming it could share the supply;
    # it is a plausible one if it comes from nearby spinal segments.
    home = area(facts, subject)
    in_area = facts.memo(("nerves_in_area", home), lambda: {
        _norm(n.nerve) for n in facts.nerves if area(facts, n.muscle_id) == home})
    candidates = [n for n in _distinct_nerves(facts)
                  if not any(_could_share_supply(o, n) for o in own)
                  and _norm(n.nerve) in in_area
                  and _segment_gap(n.levels, own_levels) <= _NEAR_SEGMENTS]
    near = [n.nerve for n in candidates if _segment_gap(n.levels, own_levels) <= 1]
    far = [n.nerve for n in candidates if _segment_gap(n.levels, own_levels) > 1]
    ids, citation = _cited(facts, [n for n in own if n.nerve == right])
    name = _name(facts, subject)
    muscle = facts.muscles[subject]
    prompt = (f"Which of these nerves supplies part of the {name}?" if len(names) > 1
              else f"Which nerve supplies the {name}?")
    return _choice(qid, rng, prompt, [right], [_unique(near, key=_base_nerve),
                                               _unique(far, key=_base_nerve)],
                   stems=name_stems(muscle.name, muscle.latin_name),
                   why=lambda t: f"The {_subject(t)} {verb(t)} {_whose_nerve(facts, t, subject)}.",
                   explanation=_nerve_explanation(facts, subject), citation=citation,
                   source_ids=ids, topic="innervation", difficulty="medium",
                   muscle_ids=(subject,), template="nerve")


def _roots_single(facts: QuizFacts, subject: str, qid: str,
                  rng: random.Random) -> Question | None:
    """The roots of a muscle whose rows all give one range: never a union of rows."""
    own = _nerves(facts, subject)
    ranges = {n.levels for n in own}
    if not own or any(n.dispute_id for n in own) or len(ranges) != 1:
        return None
    levels = next(iter(ranges))
    ids, citation = _cited(facts, own)
    wrong = [_roots(n.levels) for n in _distinct_ranges(facts, area(facts, subject))
             if not n.levels & levels and _segment_gap(n.levels, levels) <= _NEAR_SEGMENTS]
    return _choice(qid, rng,
                   f"From which spinal cord segments (roots) does the nerve supply of the "
                   f"{_name(facts, subject)} come?",
                   [_roots(levels)], wrong,
                   explanation=_nerve_explanation(facts, subject),
                   why=lambda t: f"{t} is given for {_range_owner(facts, t)}.",
                   citation=citation, source_ids=ids, topic="innervation", difficulty="hard",
                   muscle_ids=(subject,), template="roots")


def _range_owner(facts: QuizFacts, text: str) -> str:
    owners = facts.memo(("range_owners",), lambda: _owners_by_range(facts))
    names = owners.get(text, [])
    return ("the " + " and the ".join(names[:2]) + (" and others" if len(names) > 2 else "")
            if names else "other muscles")


def _owners_by_range(facts: QuizFacts) -> dict[str, list[str]]:
    owners: dict[str, list[str]] = defaultdict(list)
    for n in sorted(facts.nerves, key=lambda n: n.muscle_id):
        name = f"{_subject(n.nerve)} to the {_name(facts, n.muscle_id)}"
        if name not in owners[_roots(n.levels)]:
            owners[_roots(n.levels)].append(name)
    return owners


def _disputed_roots(facts: QuizFacts, subject: str, qid: str,
                    rng: random.Random) -> Question | None:
    """One side among wrong options or every side, as the seed says; the other way
    when the first cannot be asked fairly (so whether it exists never depends on the seed)."""
    first = rng.random() < 0.5
    return (_disputed_roots_asked(facts, subject, qid, first, rng)
            or _disputed_roots_asked(facts, subject, qid, not first, rng))


def _disputed_roots_subjects(facts: QuizFacts) -> list[str]:
    return sorted({f"{n.muscle_id}__{n.dispute_id}" for n in facts.nerves if n.dispute_id})


def _disputed_roots_asked(facts: QuizFacts, subject: str, qid: str, one_side: bool,
                    rng: random.Random) -> Question | None:
    """Every root range a reference gives is right; wrong ones share no level.

    Asked with every range shown, or with one range among wrong ones."""
    muscle_id, dispute_id = subject.split("__")
    sides = [n for n in _nerves(facts, muscle_id) if n.dispute_id == dispute_id]
    if len(sides) < 2:
        return None
    name = _name(facts, muscle_id)
    shown = [rng.choice(sides)] if one_side else sides
    own = frozenset(lv for n in _nerves(facts, muscle_id) for lv in n.levels)
    wrong = [_roots(n.levels) for n in _distinct_ranges(facts, area(facts, muscle_id))
             if not n.levels & own and _segment_gap(n.levels, own) <= _NEAR_SEGMENTS]
    ids, citation = _cited(facts, shown)
    ask = ("Which of these ranges does a reference give?" if one_side
           else "Select every range that a reference gives.")
    return _choice(qid, rng,
                   f"References differ on the spinal cord segments (roots) of the nerve supply "
                   f"of the {name}. {ask}",
                   [_roots(n.levels) for n in shown], wrong,
                   multiple=not one_side, explanation=_nerve_explanation(facts, muscle_id)
                   + " Each range named by a reference counts as right here.",
                   why=lambda t: f"{t} is given for {_range_owner(facts, t)}.",
                   citation=citation, source_ids=ids, topic="innervation",
                   points=1 if one_side else 2, difficulty="hard", muscle_ids=(muscle_id,),
                   template="disputed_roots", disputed=True)


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
    home = area(facts, subject)
    pool = facts.memo(("nerve_subjects", home), lambda: [
        m for m in _nerve_subjects(facts) if area(facts, m) == home])
    picks = rng.sample(pool, min(len(pool), 12))
    others = [n for m in picks if m != subject and (n := single(m))]
    stems = name_stems(*(facts.muscles[n.muscle_id].name for n in others),
                       facts.muscles[subject].name)
    for other in others:
        if singles_out([other.nerve, anchor.nerve], stems) or _norm(other.nerve) == _norm(
                anchor.nerve) and False:
            continue
        # Each muscle's option must be wrong for every other muscle, unless identical.
        if len(chosen) < 4 and all(
            _norm(other.nerve) == _norm(c.nerve) or not (
                _could_share_supply(other, c) or _could_share_supply(c, other))
            for c in chosen
        ):
            chosen.append(other)
    if len(chosen) < 3 or len({_norm(c.nerve) for c in chosen}) < 2:
        return None
    # One or two nerves that supply none of the shown muscles, so the last pair is not
    # found by elimination.
    levels = frozenset(lv for c in chosen for lv in c.levels)
    spare = [n.nerve for n in _distinct_nerves(facts)
             if _norm(n.nerve) in facts.memo(("nerves_in_area", home), lambda: {
                 _norm(x.nerve) for x in facts.nerves if area(facts, x.muscle_id) == home})
             and _segment_gap(n.levels, levels) <= _NEAR_SEGMENTS
             and not singles_out([n.nerve, anchor.nerve], stems)
             and not any(_could_share_supply(c, n) or _could_share_supply(n, c)
                         for c in chosen)]
    spare = _unique(spare, avoid=[c.nerve for c in chosen], key=_base_nerve)
    extra = rng.sample(spare, min(2, len(spare)))
    options = _lettered(_unique([*(c.nerve for c in chosen), *extra]))
    key_of = {_norm(o.text): o.key for o in options}
    order = sorted(chosen, key=lambda n: _name(facts, n.muscle_id))
    pairs = tuple(Pair(str(i), _name(facts, n.muscle_id), key_of[_norm(n.nerve)])
                  for i, n in enumerate(order, start=1))
    ids, citation = _cited(facts, chosen)
    explanation = " ".join(_nerve_explanation(facts, n.muscle_id) for n in order)
    explanation += "".join(f" The {t} {verb(t)} {_whose_nerve(facts, t, '')}, none of the "
                           "muscles listed." for t in extra)
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
