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
from functools import lru_cache

from ..facts import QuizFacts
from ..model import Question
from .base import Template, _cap, _choice, _name, _norm, name_stems, textbook_backed
from .nerves import verb

__all__ = ["TEMPLATES"]

#: How each kind of relation is asked ("Which structure ... the psoas major?") and the
#: class of place it names: two structures of one class are never options together.
_ASK = {
    "forms_within": ("forms inside", "through"),
    "pierces": ("passes through (pierces)", "through"),
    "emerges_at_lateral_border": ("leaves at the lateral border of", "lateral"),
    "emerge_at_lateral_border": ("leaves at the lateral border of", "lateral"),
    "emerges_at_medial_border": ("leaves at the medial border of", "medial"),
    "runs_along_medial_border": ("runs down along the medial border of", "medial"),
    "pass_under": ("passes beneath the tendinous arches of", "arches"),
    "covered_by": ("covers", "covers"),
    "arched_over_by": ("arches over", "arches over"),
    "lies_behind": ("lies in front of, outside the fascia of,", "front"),
    "runs_on": ("runs down on the surface of", "front"),
    "lies_beside": ("lies in front of or beside, outside the fascia of,", "beside"),
    "separated_by_bursa": ("lies between the bone and the tendon of", "bursa"),
}

#: The muscle as a row's description names it.
_IT = r"(?:psoas(?: major)?|iliacus|the muscle|the psoas(?: major)?|the psoas tendon)"

#: Words in a row's description that put its structure in a class whatever its kind
#: ("descends through psoas major and emerges from its medial border"); only words
#: about the muscle itself count ("in front of the vertebral bodies" does not).
_CLASS_WORDS = {
    "through": re.compile(rf"\b(?:through|inside|within) {_IT}"),
    "lateral": re.compile(rf"lateral (?:border|edge|margin|side) of {_IT}|its lateral "
                          rf"(?:border|edge|margin|side)|lateral to {_IT}"),
    "medial": re.compile(rf"medial (?:border|edge|margin|side|part) of {_IT}|its medial "
                         rf"(?:border|edge|margin|side|part)|medial to {_IT}"
                         rf"|groove between them and {_IT}"),
    "front": re.compile(rf"(?:in front of|on the front of|rests on|on the surface of|\bon|"
                        rf"over) {_IT}|{_IT} lies behind"),
    "covers": re.compile(rf"\bcovers? {_IT}"),
    "beside": re.compile(rf"\b(?:beside|alongside) {_IT}"),
    "arches": re.compile(r"tendinous arches"),
    "arches over": re.compile(rf"arches over {_IT}"),
    "bursa": re.compile(r"\bbursa\b"),
}

#: Kinds of relation that describe a variation or a disputed course: never a wrong option.
_NEVER_WRONG = ("variant_slip", "pierced_by")


def _kind(relation: str) -> str:
    return _ASK.get(relation, ("", ""))[0]


def _class(relation: str) -> str:
    return _ASK.get(relation, ("", ""))[1]


@lru_cache(maxsize=4096)
def _names(structure: str) -> frozenset[str]:
    """Named structures in a relation's text: 'femoral nerve (variant slip)' ->
    {'femoral nerve'}; 'inferior vena cava and abdominal aorta' -> both."""
    text = re.sub(r"\([^)]*\)", "", structure.lower())
    return frozenset(" ".join(p.split()) for p in re.split(r",|;|\band\b", text) if p.strip())


def _shares_name(a: str, b: str) -> bool:
    """Whether one names the other as a whole word ('femoral nerve' is not in
    'genitofemoral nerve')."""
    return any(_within(x, y) or _within(y, x) for x in _names(a) for y in _names(b))


@lru_cache(maxsize=4096)
def _within(part: str, whole: str) -> bool:
    return re.search(rf"\b{re.escape(part)}\b", whole) is not None


def _is_nerve(structure: str) -> bool:
    return bool(re.search(r"\bnerves?\b|\bplexus\b|\brami\b", structure.lower()))


#: Kinds of structure, first match wins: options of the key's kind come first, so the
#: only fascia among vessels and nerves is never the answer by its kind alone.
_KINDS = (
    ("nerve", re.compile(r"\bnerves?\b|\bplexus\b|\brami\b|sympathetic trunk")),
    ("vessel", re.compile(r"arter|\bveins?\b|vena cava|aorta|vessels")),
    ("sheet", re.compile(r"fascia|ligament|bursa|sheath|\btract\b")),
)


def structure_kind(structure: str) -> str:
    """'nerve', 'vessel', 'sheet' (fascia, ligament, bursa) or 'organ'."""
    text = structure.lower()
    return next((kind for kind, pattern in _KINDS if pattern.search(text)), "organ")


def _relation_subjects(facts: QuizFacts) -> list[str]:
    return sorted(r.relation_id for r in facts.rows("relations")
                  if not r.dispute_id and _kind(r.relation))


#: Classes that name one place in other words: what arches over the psoas lies in
#: front of it too. (Its fascia covers it; questions on what lies in front say
#: "outside its fascia".)
_SAME_PLACE = {"front": ("front", "arches over"), "arches over": ("arches over", "front"),
               # "In front of or beside, outside the fascia": what runs down its medial
               # border outside the fascia (the sympathetic trunk) is beside it too; the
               # nerves at its lateral border lie behind the iliac fascia.
               "beside": ("beside", "front", "arches over", "medial"),
               # What lies on the muscle could be read as covering it.
               "covers": ("covers", "front", "arches over")}


def _same_place(row, klass: str) -> bool:
    """Whether a row puts its structure in place class ``klass`` (or one naming the same
    place), by kind or wording."""
    return any(_class(row.relation) == k or bool(
        _CLASS_WORDS.get(k, re.compile("$^")).search(row.description.lower()))
        for k in _SAME_PLACE.get(klass, (klass,)))


def relation_distractors(rows: list, row) -> list[str]:
    """Structures of the same muscle that are safely wrong for ``row``'s relation.

    A structure is left out when any row of the muscle (disputed or variant ones
    included) gives it the asked relation by kind or by wording, when it shares a
    name with the key, when its own row is disputed or a variation, or, for a
    structure passing through the muscle, when it is a nerve: the lumbar plexus
    forms inside psoas major, so each of its branches passes through the fibres
    (the femoral nerve too, Gray 1918)."""
    klass = _class(row.relation)
    same = [r for r in rows if r.muscle_id == row.muscle_id]
    placed = [r.structure for r in same if _same_place(r, klass)]
    return sorted({
        r.structure for r in same
        if _kind(r.relation) and not r.dispute_id and r.relation not in _NEVER_WRONG
        and not _shares_name(r.structure, row.structure)
        and not any(_shares_name(r.structure, p) for p in placed)
        and not any(_shares_name(r.structure, o.structure) for o in same
                    if o.dispute_id or o.relation in _NEVER_WRONG)
        and "plexus" not in r.structure.lower()  # its branches leave at every border
        and not (klass == "through" and _is_nerve(r.structure))
        # "In front of, outside the fascia of": the fascia itself would be a give-away.
        and not (klass in ("front", "beside") and _class(r.relation) == "covers")})


def _by_muscle(rows) -> dict[str, list]:
    grouped: dict[str, list] = defaultdict(list)
    for r in rows:
        grouped[r.muscle_id].append(r)
    return grouped


def structure_label(structure: str) -> str:
    """'bursa between the tendon and the pubis ...' -> 'bursa': the option names the
    structure; where it lies is the question."""
    return re.split(r" between | over the | on the ", structure, maxsplit=1)[0]


def _relation(facts: QuizFacts, subject: str, qid: str, rng: random.Random) -> Question | None:
    rows = facts.memo(("relations_by_id",), lambda: {r.relation_id: r
                                                     for r in facts.rows("relations")})
    row = rows[subject]
    same = facts.memo(("relations_of",), lambda: _by_muscle(rows.values()))[row.muscle_id]
    wrong = relation_distractors(same, row)
    about = {structure_label(r.structure): r.description for r in same}
    name = _name(facts, row.muscle_id)
    muscle = facts.muscles[row.muscle_id]
    ids = facts.evidence(tuple(row.source_ids))
    # Same kind of structure first (a nerve for a nerve), so form gives nothing away.
    kind = structure_kind(row.structure)
    tiers = [[structure_label(w) for w in wrong if structure_kind(w) == kind],
             [structure_label(w) for w in wrong if structure_kind(w) != kind]]
    question = _choice(qid, rng, f"Which structure {_kind(row.relation)} the {name}?",
                   [structure_label(row.structure)], tiers, explanation=row.description,
                   stems=name_stems(muscle.name, muscle.latin_name),
                   why=lambda t: f"Not the {t}: {about[t]}", citation=facts.citation(ids),
                   source_ids=ids, topic="relations", difficulty="hard",
                   muscle_ids=(row.muscle_id,), template="relation")
    # The one fascia or ligament among vessels and nerves is the key by its kind alone
    # ("Which structure covers ...?"): such a question is not asked.
    if question is not None and kind == "sheet" and sum(
            structure_kind(o.text) == kind for o in question.options) < 2:
        return None
    return question


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _floor_subjects(facts: QuizFacts) -> list[str]:
    return sorted({_slug(r.structure) for r in facts.rows("relations")
                   if r.relation == "forms_floor_of" and not r.dispute_id})


def _floor(facts: QuizFacts, subject: str, qid: str, rng: random.Random) -> Question | None:
    """Which muscles form the floor of a space; the wrong ones bound its sides."""
    every = [r for r in facts.rows("relations") if _slug(r.structure) == subject]
    # A muscle whose place in the space is disputed is neither a key nor a wrong option.
    disputed = {r.muscle_id for r in every if r.dispute_id}
    rows = [r for r in every if not r.dispute_id and r.muscle_id not in disputed]
    if not rows:
        return None
    space = rows[0].structure
    floor = [r for r in rows if r.relation == "forms_floor_of"]
    in_floor = {r.muscle_id for r in floor}
    # A muscle may bound the space and floor it too (adductor longus, Gray 1918).
    sides = [r for r in rows if r.relation == "bounds" and r.muscle_id not in in_floor
             and "floor" not in r.description.lower()]
    if not floor or not sides:
        return None
    named = " ".join(r.description.lower() for r in rows)
    # Muscles of the same area that no row of the space names at all: the floor rows
    # list the whole floor, so these are clearly not part of it.
    # Of the groups around the space (the adductors, the iliopsoas, sartorius's), so a
    # hamstring is never offered for the floor of a space at the front of the thigh.
    groups = {facts.muscles[r.muscle_id].group for r in floor + sides}
    others = sorted(m for m in facts.muscles if m not in in_floor
                    and m not in {r.muscle_id for r in sides} and m not in disputed
                    and _name(facts, m).lower() not in named
                    and facts.muscles[m].group in groups)
    wrong = [_name(facts, r.muscle_id) for r in sides] + [
        _name(facts, m) for m in rng.sample(others, min(2, len(others)))]
    why_side = {_name(facts, r.muscle_id): r.description for r in sides}
    ids = facts.evidence(tuple(s for r in floor + sides for s in r.source_ids))
    return _choice(qid, rng, f"Select every muscle that forms part of the floor of the "
                   f"{space}.", [_name(facts, r.muscle_id) for r in floor],
                   wrong, multiple=True,
                   explanation=floor[0].description,
                   why=lambda t: "Not the " + t + ": " + why_side.get(
                       t, f"the floor of the {space} as the references give it does not "
                          "include it."),
                   citation=facts.citation(ids), source_ids=ids, topic="relations",
                   points=2, difficulty="medium",
                   muscle_ids=tuple(r.muscle_id for r in floor), template="floor_of")


def _base(artery: str) -> str:
    return _norm(re.sub(r"\([^)]*\)", "", artery))


#: Arteries by the level of the body they reach, from the trunk down: a wrong artery
#: comes from a level of the subject's own arteries (never the knee for the psoas).
_LEVELS = (
    re.compile(r"lumbar|phrenic|intercostal|epigastric|iliolumbar"),
    re.compile(r"iliolumbar|\biliac\b|obturator|gluteal|pudendal|circumflex|^femoral"),
    re.compile(r"deep femoral|perforating|descending branch|femoral artery \(muscular"),
    re.compile(r"genicular|popliteal|tibial|sural"),
)


def artery_levels(artery: str) -> set[int]:
    """Levels (0 trunk, 1 pelvis and hip, 2 thigh, 3 knee) an artery's name places it at;
    an artery no rule knows is at every level."""
    name = _norm(artery)
    found = {i for i, pattern in enumerate(_LEVELS) if pattern.search(name)}
    return found or set(range(len(_LEVELS)))


def _vessel(artery: str) -> str:
    """The named vessel of an artery's text, its branches left out: 'perforating
    branches of the deep femoral artery' and 'deep femoral artery (perforating
    branches)' are both the deep femoral artery, one option."""
    text = _norm(artery)
    if " of the " in text:
        text = text.split(" of the ", 1)[1]
    return _base(text)


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
    # One option per vessel, however many names it has ('perforating branches of the
    # deep femoral artery' and 'deep femoral artery (perforating branches)').
    pool = facts.memo(("artery_options",), lambda: sorted(
        {_vessel(r.artery): r.artery for rows in sorted(by_muscle.values())
         for r in rows}.values()))
    levels = {lv for r in own for lv in artery_levels(r.artery)}
    wrong = [a for a in pool if not any(_base(a) in b or b in _base(a) for b in own_bases)
             and _vessel(a) not in {_vessel(r.artery) for r in own}
             and artery_levels(a) & levels]
    keyable = [r for r in own if textbook_backed(r)]
    if not keyable:
        return None
    right = rng.choice(sorted(keyable, key=lambda r: r.artery))
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
    Template("floor_of", "relations", "relation", _floor_subjects, _floor),
    Template("blood_supply", "relations", "blood supply", _blood_subjects, _blood_supply),
)
