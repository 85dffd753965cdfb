"""Question templates on attachments: origins, insertions, matching, naming a muscle
from its attachments, and labelling them on a diagram.

A wrong attachment shares no landmark with any attachment of the subject
(disputed sides included), so it cannot also be right. Disputed
attachments are asked only as "which do references name", every side right.
"""

from __future__ import annotations

import random
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from itertools import zip_longest

from ..facts import AttachmentFact, QuizFacts
from ..grade import match_short_answer
from ..model import FigureSpec, Marker, Pair, Question
from .base import (
    Template,
    _cap,
    _choice,
    _cited,
    _lettered,
    _name,
    _norm,
    _part,
    _shares,
    area,
    bone_region,
    name_stems,
    sources_differ,
)

__all__ = ["TEMPLATES"]

#: Diagram markers closer than this (diagram units) could be mistaken for each other.
_MARKER_SPACING = 6.0
_MAX_MARKERS = 4
#: On a tie, frontal views before the lateral one.
_VIEW_PREFERENCE = ("anterior", "posterior", "lateral")
_END_VERB = {"origin": "arises from", "insertion": "inserts on"}
_END_PLURAL = {"origin": "origins", "insertion": "insertions"}
_END_NOUN = {"origin": "origin", "insertion": "insertion"}


def _attachments(facts: QuizFacts, muscle_id: str, end: str | None = None,
                 *, settled: bool = False) -> list[AttachmentFact]:
    return [a for a in facts.attachments_of.get(muscle_id, ())
            if (end is None or a.end == end) and not (settled and a.dispute_id)]


def _landmarks(rows: Iterable[AttachmentFact]) -> frozenset[str]:
    return frozenset(lm for row in rows for lm in row.landmarks)


#: Landmarks of every attachment text, per facts index (built once, not per question);
#: keyed by id, as the index holds mappings and cannot be hashed; dropped with the index.
_DESCRIBED: dict[int, tuple[weakref.ref, dict[str, frozenset[str]]]] = {}


def _landmarks_described(facts: QuizFacts) -> dict[str, frozenset[str]]:
    """Normalised attachment text -> the landmarks of every row worded that way."""
    entry = _DESCRIBED.get(id(facts))
    if entry is None or entry[0]() is not facts:
        found: dict[str, set[str]] = {}
        for row in facts.attachments:
            found.setdefault(_norm(row.description), set()).update(row.landmarks)
        key = id(facts)
        entry = (weakref.ref(facts, lambda _, key=key: _DESCRIBED.pop(key, None)),
                 {text: frozenset(ids) for text, ids in found.items()})
        _DESCRIBED[key] = entry
    return entry[1]


def _describe(rows: Sequence[AttachmentFact]) -> str:
    """Attachment text with part names when there are several parts."""
    if len(rows) == 1:
        return rows[0].description
    return "; ".join(f"{r.description} ({_part(r.part)})" if _needs_part(r)
                     else r.description for r in rows)


def _needs_part(row: AttachmentFact) -> bool:
    """Whether to name the part: not for 'whole', nor when the text starts with it."""
    first = row.part.split("_")[0]
    return row.part != "whole" and first not in row.description.lower().split()[:3]


def _bones(facts: QuizFacts, rows: Iterable[AttachmentFact]) -> set[str]:
    return {facts.landmark_bones.get(lm, lm) for row in rows for lm in row.landmarks}


def _near_attachments(facts: QuizFacts, subject: str, end: str,
                      near: Sequence[AttachmentFact]) -> list[list[str]]:
    """Other muscles' attachments a student could confuse with ``near``, closest
    first: the same end on the same bone, then the same end elsewhere in the same
    region on muscles of the subject's area, and only when these are too few the
    other end on the same bone. None shares a landmark or a text
    with any attachment of ``subject`` (disputed sides included), so none can
    be its; none comes from another region of the body, and no two come from one
    muscle (or a muscle and its part)."""
    own_rows = _attachments(facts, subject)
    own = _landmarks(own_rows)
    own_texts = {_norm(a.description) for a in own_rows}
    bones = _bones(facts, near)
    regions = {bone_region(b) for b in bones}
    region_bones = facts.memo(("bones_by_region",), lambda: _bones_by_region(facts))
    # The other end's attachments on the same bone come only when the same end gives
    # too few: an origin offered for an insertion can be ruled out by its wording.
    other_end = "insertion" if end == "origin" else "origin"
    plan = ((end, sorted(bones)),
            (end, sorted(b for r in regions for b in region_bones.get(r, ()) if b not in bones)),
            (other_end, sorted(bones)))
    home = area(facts, subject)
    tiers: list[list[str]] = []
    families: set[str] = {facts.family(subject)}
    for level, (at, tier_bones) in enumerate(plan):
        tier = []
        for a in (a for b in tier_bones for a in facts.attachment_texts_on.get((at, b), ())):
            owners = facts.owners_of_text.get(_norm(a.description), (a.muscle_id,))
            family = facts.family(owners[0])
            if (a.landmarks & own or _norm(a.description) in own_texts
                    or not {bone_region(x) for x in _bones(facts, [a])} <= regions
                    # One option per muscle and its parts (two erector spinae origins
                    # would be read as one); beyond the bone itself, only muscles
                    # of the subject's own area (no back muscle for a thigh muscle).
                    or family in families
                    or (level > 0 and all(area(facts, m) != home for m in owners))):
                continue
            families.add(family)
            tier.append(a.description)
        if level == 2 and sum(len(t) for t in tiers) >= 2:
            break
        tiers.append(tier)
    return tiers


def _bones_by_region(facts: QuizFacts) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for bone in sorted(set(facts.landmark_bones.values())):
        grouped[bone_region(bone)].append(bone)
    return grouped


def _whose(facts: QuizFacts, text: str, subject: str) -> str:
    """'the psoas minor' for the text of another muscle's attachment, nerve or artery."""
    owners = [m for m in facts.owners_of_text.get(_norm(text), ()) if m != subject]
    names = [_name(facts, m) for m in owners[:2]]
    more = " and others" if len(owners) > 2 else ""
    return "the " + " and the ".join(names) + more if names else "another muscle"


def _muscles_with(facts: QuizFacts, end: str) -> list[str]:
    return sorted({a.muscle_id for a in facts.attachments_at.get(end, ()) if not a.dispute_id})


def _attachment_single(end: str) -> Callable[..., Question | None]:
    def build(facts: QuizFacts, subject: str, qid: str, rng: random.Random) -> Question | None:
        settled = sorted(_attachments(facts, subject, end, settled=True), key=lambda a: a.part)
        if not settled:
            return None
        name = _name(facts, subject)
        muscle = facts.muscles[subject]
        several = len(_attachments(facts, subject, end)) > 1
        prompt = (f"Which of these is one of the {_END_PLURAL[end]} of the {name}?" if several
                  else f"Where does the {name} {'arise' if end == 'origin' else 'insert'}?")
        disputed = [a for a in _attachments(facts, subject, end) if a.dispute_id]
        explanation = f"{_cap(_END_NOUN[end])} of the {name}: {_describe(settled)}."
        if disputed:
            explanation += (" Sources disagree on part of it: "
                            f"{facts.disputes.get(disputed[0].dispute_id, '')}")

        def why(text: str) -> str:
            owner = _whose(facts, text, subject)
            ends = {a.end for a in facts.attachments if _norm(a.description) == _norm(text)} \
                if owner == "another muscle" else {
                    a.end for m in facts.owners_of_text.get(_norm(text), ())[:1]
                    for a in _attachments(facts, m) if _norm(a.description) == _norm(text)}
            kind = " or ".join(sorted(ends)) or "attachment"
            return f"{_cap(text)}: the {kind} of {owner}, not of the {name}."

        for right in rng.sample(settled, len(settled)):
            ids, citation = _cited(facts, [right])
            question = _choice(qid, rng, prompt, [right.description],
                               _near_attachments(facts, subject, end, [right]),
                               stems=name_stems(muscle.name, muscle.latin_name), why=why,
                               explanation=explanation, citation=citation, source_ids=ids,
                               topic="attachments", difficulty="medium",
                               muscle_ids=(subject,), template=end)
            if question is not None:
                return question
        return None
    return build


def _attachment_matching(end: str) -> Callable[..., Question | None]:
    def build(facts: QuizFacts, subject: str, qid: str, rng: random.Random) -> Question | None:
        def settled_only(m: str) -> list[AttachmentFact]:
            rows = _attachments(facts, m, end)
            return rows if rows and not any(r.dispute_id for r in rows) else []

        if not settled_only(subject):
            return None
        def text_of(m: str) -> str:
            return facts.memo(("match_text", end, m), lambda: _describe(
                sorted(settled_only(m), key=lambda a: a.part)))

        def stems_of(m: str) -> frozenset[str]:
            return facts.memo(("name_stems", m), lambda: name_stems(
                facts.muscles[m].name, facts.muscles[m].latin_name))

        chosen = [subject]
        used = set(_landmarks(_attachments(facts, subject)))
        if stems_of(subject) & name_stems(text_of(subject)):
            return None  # its own name would point to its attachment
        pool = facts.memo(("settled_at", end), lambda: sorted(
            m for m in facts.muscles if settled_only(m)))
        # A sample keeps the cost per question flat however many muscles there are.
        for other in rng.sample(pool, min(len(pool), 16)):
            rows = _attachments(facts, other)
            names = frozenset().union(*(stems_of(m) for m in chosen))
            texts = name_stems(*(text_of(m) for m in chosen))
            if (other != subject and len(chosen) < 4 and not (_landmarks(rows) & used)
                    and not stems_of(other) & (texts | name_stems(text_of(other)))
                    and not names & name_stems(text_of(other))):
                chosen.append(other)
                used |= _landmarks(rows)
        if len(chosen) < 3:
            return None
        text = {m: _describe(sorted(settled_only(m), key=lambda a: a.part)) for m in chosen}
        if len({_norm(t) for t in text.values()}) != len(chosen):
            return None
        # One or two attachments of none of the shown muscles, so the last pair is not
        # found by elimination: near the subject's own, sharing no landmark with any
        # shown muscle, no word with their names.
        names = frozenset().union(*(stems_of(m) for m in chosen))
        spare = [t for tier in _near_attachments(facts, subject, end,
                                                 settled_only(subject))[:2] for t in tier
                 if _norm(t) not in {_norm(x) for x in text.values()}
                 and not name_stems(t) & names
                 and not _landmarks_described(facts).get(_norm(t), frozenset()) & used]
        extra = rng.sample(sorted(set(spare)), min(2, len(set(spare))))
        options = _lettered([*text.values(), *extra])
        key_of = {o.text: o.key for o in options}
        order = sorted(chosen, key=lambda m: _name(facts, m))
        pairs = tuple(Pair(str(i), _name(facts, m), key_of[text[m]])
                      for i, m in enumerate(order, start=1))
        rows = [r for m in chosen for r in settled_only(m)]
        ids, citation = _cited(facts, rows)
        explanation = " ".join(f"{_cap(_END_NOUN[end])} of the {_name(facts, m)}: {text[m]}."
                               for m in order)
        explanation += "".join(f" {_cap(t)}: {_whose(facts, t, subject)}, a muscle not "
                               "listed here." for t in extra)
        return Question(qid, "matching", f"Match each muscle to its {end}.", options=options,
                        pairs=pairs, explanation=explanation, citation=citation,
                        source_ids=ids, topic="attachments", points=2, difficulty="medium",
                        muscle_ids=tuple([subject] + [m for m in order if m != subject]),
                        template=f"match_{end}")
    return build


def _disputed_attachment_asked(facts: QuizFacts, subject: str, qid: str, one_side: bool,
                         rng: random.Random) -> Question | None:
    """Every side of an attachment dispute is right; the rest are other muscles'.

    Asked either with every side shown (tick each) or with one side among
    wrong options, so "tick both" is never the pattern that answers it."""
    muscle_id, end = subject.rsplit("__", 1) if "__" in subject else ("", "")
    sides = [a for a in _attachments(facts, muscle_id, end) if a.dispute_id]
    if len(sides) < 2:
        return None
    name = _name(facts, muscle_id)
    muscle = facts.muscles[muscle_id]
    summary = facts.disputes.get(sides[0].dispute_id, "")
    shown = [rng.choice(sides)] if one_side else sides
    ids, citation = _cited(facts, shown)
    if one_side:
        prompt = (f"References differ on the {end} of the {name}. Which of these does a "
                  f"reference name as its {end}?")
    else:
        prompt = (f"References differ on the {end} of the {name}. Select every {end} that a "
                  "reference names for it.")
    explanation = (f"{sources_differ(summary)} Each of these is named by a reference: "
                   + " / ".join(a.description for a in sides) + ". Each counts as right here.")
    return _choice(qid, rng, prompt, [a.description for a in shown],
                   _near_attachments(facts, muscle_id, end, sides), multiple=not one_side,
                   stems=name_stems(muscle.name, muscle.latin_name),
                   why=lambda t: f"{_cap(t)}: {_whose(facts, t, muscle_id)}, not the {name}.",
                   explanation=explanation, citation=citation, source_ids=ids,
                   topic="attachments", points=1 if one_side else 2, difficulty="hard",
                   muscle_ids=(muscle_id,), template="disputed_attachment", disputed=True)


def _disputed_attachment(facts: QuizFacts, subject: str, qid: str,
                         rng: random.Random) -> Question | None:
    """One side among wrong options or every side, as the seed says; the other way
    when the first cannot be asked fairly (so whether it exists never depends on the seed)."""
    first = rng.random() < 0.5
    return (_disputed_attachment_asked(facts, subject, qid, first, rng)
            or _disputed_attachment_asked(facts, subject, qid, not first, rng))


def _disputed_attachment_subjects(facts: QuizFacts) -> list[str]:
    return sorted({f"{a.muscle_id}__{a.end}" for a in facts.attachments if a.dispute_id})


def _identify_muscle(facts: QuizFacts, subject: str, qid: str,
                     rng: random.Random) -> Question | None:
    """Short answer: name the muscle from its settled origin and insertion."""
    origin = sorted(_attachments(facts, subject, "origin", settled=True), key=lambda a: a.part)
    insertion = sorted(_attachments(facts, subject, "insertion", settled=True),
                       key=lambda a: a.part)
    if not origin or not insertion or any(a.dispute_id for a in _attachments(facts, subject)):
        return None
    for other in facts.muscles:
        if other == subject:
            continue
        if (_landmarks(_attachments(facts, other, "origin")) & _landmarks(origin)
                and _landmarks(_attachments(facts, other, "insertion")) & _landmarks(insertion)):
            return None  # the clues would fit another muscle too
    muscle = facts.muscles[subject]
    accepted = tuple(dict.fromkeys([muscle.name, muscle.latin_name, *muscle.synonyms]))
    for other in facts.muscles.values():
        if other.muscle_id != subject and any(
            match_short_answer(n, accepted) for n in (other.name, other.latin_name, *other.synonyms)
        ):
            return None  # typo tolerance would accept another muscle's name
    ids, citation = _cited(facts, origin + insertion)
    prompt = (f"Name the muscle. Origin: {_describe(origin)}. "
              f"Insertion: {_describe(insertion)}.")
    if _shares(prompt, name_stems(muscle.name, muscle.latin_name, *muscle.synonyms)):
        return None  # "iliac fossa" names the iliacus: the clue would be the answer
    explanation = (f"This is the {muscle.name} ({muscle.latin_name}). It {_END_VERB['origin']} "
                   f"{_lower_first(_describe(origin))} and {_END_VERB['insertion']} "
                   f"{_lower_first(_describe(insertion))}.")
    return Question(qid, "short_answer", prompt, accepted=accepted, explanation=explanation,
                    citation=citation, source_ids=ids, topic="attachments", difficulty="hard",
                    muscle_ids=(subject,), template="identify_muscle")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _label_diagram(facts: QuizFacts, subject: str, qid: str,
                   rng: random.Random) -> Question | None:
    settled = _attachments(facts, subject, settled=True)
    placed: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)
    for landmark in sorted(_landmarks(settled)):
        for (lm, view), xy in facts.positions.items():
            if lm == landmark:
                placed[view][landmark] = xy
    if not placed:
        return None
    view = _label_view(facts, subject, placed)
    if view is None:
        return None
    ends = {lm: a.end for a in sorted(settled, key=lambda a: a.end) for lm in a.landmarks}
    by_end = {end: sorted(lm for lm in placed[view] if ends[lm] == end)
              for end in ("origin", "insertion")}
    for landmarks in by_end.values():
        rng.shuffle(landmarks)
    # Origins and insertions take turns, so both ends are asked; markers stay apart.
    candidates = [lm for pair in zip_longest(by_end["origin"], by_end["insertion"])
                  for lm in pair if lm is not None]
    markers: list[str] = []
    for landmark in candidates:
        if len(markers) < _MAX_MARKERS and all(
            _distance(placed[view][landmark], placed[view][m]) >= _MARKER_SPACING
            for m in markers
        ):
            markers.append(landmark)
    if len(markers) < 2:
        return None
    positions = {lm: xy for (lm, v), xy in facts.positions.items() if v == view}
    all_own = _landmarks(_attachments(facts, subject))
    # Extra names come from the same regions as the markers, and never share a word
    # with the muscle's name (a trap that teaches nothing).
    regions = {bone_region(facts.landmark_bones.get(m, m)) for m in markers}
    muscle = facts.muscles[subject]
    stems = name_stems(muscle.name, muscle.latin_name)
    extra = sorted(lm for lm, xy in positions.items() if lm not in all_own
                   and bone_region(facts.landmark_bones.get(lm, lm)) in regions
                   and not name_stems(facts.landmark_names[lm]) & stems
                   and all(_distance(xy, positions[m]) >= _MARKER_SPACING for m in markers))
    extra = rng.sample(extra, min(2, len(extra)))
    names = [facts.landmark_names[lm] for lm in markers + extra]
    if len({_norm(n) for n in names}) != len(names):
        return None
    rng.shuffle(markers)
    options = _lettered(names)
    key_of = {o.text: o.key for o in options}
    pairs = tuple(Pair(str(i), f"Marker {i}", key_of[facts.landmark_names[lm]])
                  for i, lm in enumerate(markers, start=1))
    figure = FigureSpec(
        kind="attachments", view=view, muscle_ids=(subject,),
        markers=tuple(Marker(i, lm, *positions[lm]) for i, lm in enumerate(markers, start=1)),
        alt_text=(f"{_cap(view)} view of the skeleton with the {_name(facts, subject)} drawn "
                  f"and {len(markers)} numbered markers on its attachments, to be named."),
    )
    rows = [a for a in settled if a.landmarks & set(markers)]
    ids, citation = _cited(facts, rows)
    name = _name(facts, subject)
    explanation = " ".join(
        f"Marker {i} is the {facts.landmark_names[lm]}, where the {name} "
        f"{'arises' if ends[lm] == 'origin' else 'inserts'}." for i, lm in
        enumerate(markers, start=1))
    # Where an end has more places than are marked, the feedback says the whole of it
    # (the biceps inserts mainly on the fibular head; a marked tibial slip is only part).
    unmarked = [a for a in settled if a.landmarks - set(markers) and a.landmarks & set(markers)]
    explanation += "".join(
        f" Its {a.end} as a whole: {_lower_first(a.description)}." for a in unmarked)
    return Question(qid, "label_diagram",
                    f"The numbered markers show where the {name} attaches ({view} view). "
                    "Name each landmark.",
                    options=options, pairs=pairs, explanation=explanation, citation=citation,
                    source_ids=ids, topic="attachments", points=2, difficulty="medium",
                    muscle_ids=(subject,), figure=figure, template="label_attachments")


def _label_view(facts: QuizFacts, subject: str,
                placed: dict[str, dict[str, tuple[float, float]]]) -> str | None:
    """The view the diagrams draw the muscle in (a posterior muscle from behind: most
    attachments in sight, see :func:`psoas_edu.figures.choose_view`), when its markers
    are placed there; a view showing most attachments directly otherwise. None when
    most of the markers would lie behind the bone."""
    view = None
    if facts.atlas is not None:
        from ...figures.attachments import choose_view

        chosen = choose_view(facts.atlas, [subject])
        view = chosen if chosen in placed else None
    if view is None:
        view = max(sorted(placed), key=lambda v: (
            sum((lm, v) not in facts.seen_through for lm in placed[v]), len(placed[v]),
            -_VIEW_PREFERENCE.index(v) if v in _VIEW_PREFERENCE else -len(_VIEW_PREFERENCE)))
    hidden = sum((lm, view) in facts.seen_through for lm in placed[view])
    return None if hidden * 2 > len(placed[view]) else view


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5


TEMPLATES: tuple[Template, ...] = (
    Template("origin", "attachments", "origin",
             lambda f: _muscles_with(f, "origin"), _attachment_single("origin")),
    Template("insertion", "attachments", "insertion",
             lambda f: _muscles_with(f, "insertion"), _attachment_single("insertion")),
    Template("match_origin", "attachments", "origin",
             lambda f: _muscles_with(f, "origin"), _attachment_matching("origin")),
    Template("match_insertion", "attachments", "insertion",
             lambda f: _muscles_with(f, "insertion"), _attachment_matching("insertion")),
    Template("disputed_attachment", "attachments", "attachment",
             _disputed_attachment_subjects, _disputed_attachment),
    Template("identify_muscle", "attachments", "attachment",
             lambda f: sorted(f.muscles), _identify_muscle),
    Template("label_attachments", "attachments", "attachment",
             lambda f: sorted(f.muscles), _label_diagram),
)
