"""The atlas as plain, hashable records for building questions quickly.

Question templates ask many small questions of the facts (which landmarks
does this muscle attach to, which movements oppose this one). Reading them
from DataFrames each time is slow, so :func:`quiz_facts` turns the atlas
into tuples and dictionaries once. Clinical tables are picked up when the
atlas has them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TypeVar

from ..facts.atlas import Atlas

T = TypeVar("T")

__all__ = [
    "ActionFact",
    "AttachmentFact",
    "MuscleFact",
    "NerveFact",
    "QuizFacts",
    "ContraindicationFact",
    "MisconceptionFact",
    "ReferralFact",
    "quiz_facts",
]


@dataclass(frozen=True)
class MuscleFact:
    muscle_id: str
    name: str
    latin_name: str
    synonyms: tuple[str, ...]
    group: str
    source_ids: tuple[str, ...]
    region: str = ""
    #: The muscle this one is a part of ('' for a whole muscle): erector spinae's columns.
    part_of: str = ""


@dataclass(frozen=True)
class AttachmentFact:
    muscle_id: str
    end: str
    part: str
    description: str
    landmarks: frozenset[str]
    dispute_id: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class ActionFact:
    muscle_id: str
    joint: str
    movement: str
    role: str
    dispute_id: str
    source_ids: tuple[str, ...]
    note: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.joint, self.movement)


@dataclass(frozen=True)
class NerveFact:
    muscle_id: str
    part: str
    nerve: str
    levels: frozenset[str]
    dispute_id: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class MisconceptionFact:
    misconception_id: str
    claim: str
    verdict: str
    why: str
    correction: str
    muscle_ids: tuple[str, ...]
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class ContraindicationFact:
    condition_id: str
    condition: str
    severity: str
    techniques: tuple[str, ...]
    reason: str
    evidence_level: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class ReferralFact:
    group: str
    zone_id: str
    prominence: str
    evidence_level: str
    dispute_id: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class QuizFacts:
    """Everything question templates read, keyed for quick lookup."""

    muscles: Mapping[str, MuscleFact]
    attachments: tuple[AttachmentFact, ...]
    actions: tuple[ActionFact, ...]
    nerves: tuple[NerveFact, ...]
    movement_names: Mapping[tuple[str, str], str]
    opposites: Mapping[tuple[str, str], tuple[str, str]]
    landmark_names: Mapping[str, str]
    positions: Mapping[tuple[str, str], tuple[float, float]]
    seen_through: frozenset[tuple[str, str]]
    citations: Mapping[str, str]
    seed_sources: frozenset[str]
    disputes: Mapping[str, str]
    misconceptions: tuple[MisconceptionFact, ...] = ()
    contraindications: tuple[ContraindicationFact, ...] = ()
    referrals: tuple[ReferralFact, ...] = ()
    technique_names: Mapping[str, str] = field(default_factory=dict)
    zone_names: Mapping[str, str] = field(default_factory=dict)
    evidence_names: Mapping[str, str] = field(default_factory=dict)
    landmark_bones: Mapping[str, str] = field(default_factory=dict)
    tables: Mapping[str, tuple] = field(default_factory=dict)
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()``, computed once per index: for lookups a template derives
        from the facts (so no question rescans every row)."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def rows(self, table: str) -> tuple:
        """Rows (named tuples) of an atlas table that has no record type of its own;
        empty when the atlas has no such table."""
        return self.tables.get(table, ())

    @cached_property
    def attachments_at(self) -> Mapping[str, tuple[AttachmentFact, ...]]:
        """Attachment rows by end (``"origin"``, ``"insertion"``)."""
        return _group(self.attachments, lambda a: a.end)

    @cached_property
    def attachment_texts_on(self) -> Mapping[tuple[str, str], tuple[AttachmentFact, ...]]:
        """One attachment row per distinct description, by (end, bone of its landmarks).

        Copies of a description on other muscles add nothing here, so looking up
        the options near a landmark costs the same however many muscles share it."""
        by_bone: dict[tuple[str, str], dict[str, AttachmentFact]] = {}
        for row in self.attachments:
            for bone in sorted({self.landmark_bones.get(lm, lm) for lm in row.landmarks}):
                by_bone.setdefault((row.end, bone), {}).setdefault(
                    " ".join(row.description.lower().split()), row)
        return MappingProxyType({k: tuple(v.values()) for k, v in by_bone.items()})

    @cached_property
    def owners_of_text(self) -> Mapping[str, tuple[str, ...]]:
        """Muscle ids by normalised text of an attachment, nerve or artery."""
        owners: dict[str, list[str]] = {}
        texts = ([(a.description, a.muscle_id) for a in self.attachments]
                 + [(n.nerve, n.muscle_id) for n in self.nerves]
                 + [(r.artery, r.muscle_id) for r in self.rows("blood_supply")])
        for text, muscle_id in texts:
            key = " ".join(text.lower().split())
            if muscle_id not in owners.setdefault(key, []):
                owners[key].append(muscle_id)
        return MappingProxyType({k: tuple(v) for k, v in owners.items()})

    @cached_property
    def muscles_in_group(self) -> Mapping[str, tuple[str, ...]]:
        """Muscle ids by muscle group, sorted."""
        return _group(sorted(self.muscles), lambda m: self.muscles[m].group)

    @cached_property
    def movers_any(self) -> Mapping[tuple[str, str], frozenset[str]]:
        """Muscles with any action row (disputed included) for each movement."""
        return MappingProxyType({k: frozenset(a.muscle_id for a in rows)
                                 for k, rows in self.movers_of.items()})
    #: The atlas the index was made from, for templates that read whole clinical tables.
    atlas: Atlas | None = None

    @cached_property
    def attachments_of(self) -> Mapping[str, tuple[AttachmentFact, ...]]:
        """Attachment rows by muscle id."""
        return _group(self.attachments, lambda a: a.muscle_id)

    @cached_property
    def actions_of(self) -> Mapping[str, tuple[ActionFact, ...]]:
        """Action rows by muscle id."""
        return _group(self.actions, lambda a: a.muscle_id)

    @cached_property
    def movers_of(self) -> Mapping[tuple[str, str], tuple[ActionFact, ...]]:
        """Action rows by (joint, movement)."""
        return _group(self.actions, lambda a: a.key)

    @cached_property
    def nerves_of(self) -> Mapping[str, tuple[NerveFact, ...]]:
        """Innervation rows by muscle id."""
        return _group(self.nerves, lambda n: n.muscle_id)

    def family(self, muscle_id: str) -> str:
        """The whole muscle a part belongs to, or the muscle itself: a whole and its
        parts share a family, and never stand as each other's partners or options."""
        muscle = self.muscles.get(muscle_id)
        return muscle.part_of if muscle is not None and muscle.part_of else muscle_id

    def citation(self, source_ids: tuple[str, ...] | list[str]) -> str:
        """Citation text for ``source_ids``, seed articles left out (they are
        not evidence), in the order given."""
        texts = [self.citations[s] for s in dict.fromkeys(source_ids)
                 if s in self.citations and s not in self.seed_sources]
        return " | ".join(texts)

    def evidence(self, source_ids: tuple[str, ...]) -> tuple[str, ...]:
        """``source_ids`` without seed articles."""
        return tuple(s for s in dict.fromkeys(source_ids) if s not in self.seed_sources)


def _group(rows: Iterable[T], key: Callable[[T], Hashable]) -> Mapping:
    grouped: dict[Hashable, list[T]] = {}
    for row in rows:
        grouped.setdefault(key(row), []).append(row)
    return MappingProxyType({k: tuple(v) for k, v in grouped.items()})


#: Indexes already built, by the id of their atlas (an atlas is immutable); the few
#: most recently used are kept.
_INDEXED: dict[int, QuizFacts] = {}
_KEEP = 4


def quiz_facts(atlas: Atlas) -> QuizFacts:
    """Index the atlas for question templates, once per atlas.

    The index is kept while the atlas lives, so building quiz after quiz from
    one atlas indexes its facts only once.

    Parameters
    ----------
    atlas
        The loaded facts; clinical tables are used when present.

    Returns
    -------
    QuizFacts
    """
    facts = _INDEXED.pop(id(atlas), None)
    if facts is None or facts.atlas is not atlas:
        facts = _index(atlas)
    _INDEXED[id(atlas)] = facts  # most recently used last
    while len(_INDEXED) > _KEEP:
        del _INDEXED[next(iter(_INDEXED))]
    return facts


def _index(atlas: Atlas) -> QuizFacts:
    muscles = {
        r.muscle_id: MuscleFact(r.muscle_id, r.name, r.latin_name, tuple(r.synonyms),
                                r.group, tuple(r.source_ids), getattr(r, "region", ""),
                                getattr(r, "part_of", "") or "")
        for r in atlas.muscles.itertuples(index=False)
    }
    attachments = tuple(
        AttachmentFact(r.muscle_id, r.end, r.part, r.description, frozenset(r.landmark_ids),
                       r.dispute_id, tuple(r.source_ids))
        for r in atlas.attachments.itertuples(index=False)
    )
    actions = tuple(
        ActionFact(r.muscle_id, r.joint, r.movement, r.role, r.dispute_id, tuple(r.source_ids),
                   getattr(r, "note", "") or "")
        for r in atlas.actions.itertuples(index=False)
    )
    nerves = tuple(
        NerveFact(r.muscle_id, r.part, r.nerve, frozenset(r.root_levels), r.dispute_id,
                  tuple(r.source_ids))
        for r in atlas.innervation.itertuples(index=False)
    )
    movements = list(atlas.movements.itertuples(index=False))
    movement_names = {(r.joint, r.movement): r.name for r in movements}
    opposites = {(r.joint, r.movement): (r.joint, r.opposite) for r in movements if r.opposite}
    landmark_names = dict(zip(atlas.landmarks["landmark_id"], atlas.landmarks["name"],
                              strict=True))
    landmark_bones = dict(zip(atlas.landmarks["landmark_id"], atlas.landmarks["bone"],
                              strict=True))
    positions = {(r.landmark_id, r.view): (float(r.x), float(r.y))
                 for r in atlas.landmark_positions.itertuples(index=False)}
    seen_through = frozenset(
        (r.landmark_id, r.view) for r in atlas.landmark_positions.itertuples(index=False)
        if getattr(r, "seen_through", "") == "yes")
    sources = atlas.sources
    citations = dict(zip(sources["source_id"], sources["citation"], strict=True))
    seeds = frozenset(sources.loc[sources["kind"] == "seed article", "source_id"])
    disputes = dict(zip(atlas.disputes["dispute_id"], atlas.disputes["summary"], strict=True))
    return QuizFacts(
        muscles=MappingProxyType(muscles),
        attachments=attachments,
        actions=actions,
        nerves=nerves,
        movement_names=MappingProxyType(movement_names),
        opposites=MappingProxyType(opposites),
        landmark_names=MappingProxyType(landmark_names),
        positions=MappingProxyType(positions),
        seen_through=seen_through,
        citations=MappingProxyType(citations),
        seed_sources=seeds,
        disputes=MappingProxyType(disputes),
        landmark_bones=MappingProxyType(landmark_bones),
        tables=MappingProxyType({name: tuple(frame.itertuples(index=False))
                                 for name, frame in atlas.tables.items()
                                 if name in _GENERIC_TABLES}),
        atlas=atlas,
        **_clinical(atlas),
    )


#: Tables templates read as plain rows through :meth:`QuizFacts.rows`.
_GENERIC_TABLES = frozenset({
    "blood_supply", "relations", "techniques", "dosages", "assessment_findings",
    "clinical_notes", "trigger_points", "referral_zones", "evidence_levels", "muscles",
    "red_flags", "differentials", "clinical_anatomy",
})


def _rows(atlas: Atlas, table: str) -> list:
    frame = atlas.tables.get(table)
    return [] if frame is None else list(frame.itertuples(index=False))


def _clinical(atlas: Atlas) -> dict[str, object]:
    """Clinical records, empty where the atlas has no such table."""
    return {
        "misconceptions": tuple(
            MisconceptionFact(r.misconception_id, r.claim, r.verdict, r.why, r.correction,
                              tuple(r.muscle_ids), tuple(r.source_ids))
            for r in _rows(atlas, "misconceptions")),
        "contraindications": tuple(
            ContraindicationFact(r.condition_id, r.condition, r.severity, tuple(r.applies_to),
                                 r.reason, r.evidence_level, tuple(r.source_ids))
            for r in _rows(atlas, "contraindications")),
        "referrals": tuple(
            ReferralFact(r.muscle_group, r.zone_id, r.prominence, r.evidence_level,
                         r.dispute_id, tuple(r.source_ids))
            for r in _rows(atlas, "referral_patterns")),
        "technique_names": MappingProxyType(
            {r.technique_id: r.name for r in _rows(atlas, "techniques")}),
        "zone_names": MappingProxyType({r.zone_id: r.name for r in _rows(atlas, "referral_zones")}),
        "evidence_names": MappingProxyType(
            {r.evidence_level: r.name for r in _rows(atlas, "evidence_levels")}),
    }
