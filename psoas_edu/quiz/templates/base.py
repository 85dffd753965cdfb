"""What every question template shares: the Template record and small helpers.

Templates live in modules of :mod:`psoas_edu.quiz.templates`, one per group of relations;
:mod:`psoas_edu.quiz.generate` runs them. The helpers build a single choice
or multiple answer question from right and wrong texts, keep wrong options
distinct from the right ones, and cite the rows an answer comes from
(never a seed article).
"""

from __future__ import annotations

import difflib
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ...facts.hedges import website_only_note
from ..facts import ActionFact, AttachmentFact, NerveFact, QuizFacts
from ..model import Option, Question, options_from

__all__ = ["Template", "name_stems", "singles_out"]

_MAX_WRONG = 3

#: Words of a muscle's name that tell nothing about where it lies or what it does.
_PLAIN_WORDS = frozenset({
    "musculus", "muscle", "major", "minor", "longus", "brevis", "magnus", "medius", "minimus",
    "maximus", "long", "short", "head", "caput", "longum", "part", "the", "and", "of",
})


@dataclass(frozen=True)
class Template:
    """One kind of generated question.

    ``subjects`` lists the ids it can ask about (sorted); ``build`` makes the
    question for one subject, or returns ``None`` when the facts do not allow
    a fair question (too few safe wrong options, a disputed answer, ...).
    """

    name: str
    topic: str
    relation: str
    subjects: Callable[[QuizFacts], list[str]]
    build: Callable[[QuizFacts, str, str, random.Random], Question | None]


@lru_cache(maxsize=65536)  # pure, and asked of the same texts for every candidate option
def name_stems(*names: str) -> frozenset[str]:
    """Four-letter stems of the telling words of names: 'iliacus' -> 'ilia', which
    'iliac fossa' shares; 'gluteus medius' -> 'glut', which 'gluteal lines' shares."""
    words = (w for name in names for w in re.findall(r"[a-z]+", name.lower()))
    return frozenset(w[:4] for w in words if len(w) >= 4 and w not in _PLAIN_WORDS)


def sources_differ(summary: str, on: str = "") -> str:
    """A dispute's summary ('Whether X or Y.') as a sentence of feedback: 'Sources
    differ on whether X or Y.' (or 'Sources differ on the roots: ...' otherwise)."""
    summary = summary.strip()
    first, _, rest = summary.partition(" ")
    if first in ("Whether", "What", "Which", "How", "Where", "When") and rest:
        return f"Sources differ on {first.lower()} {rest}"
    return f"Sources differ{' on ' + on if on else ''}: {summary}" if summary else ""


def textbook_backed(row: object) -> bool:
    """Whether a row rests on more than a website: only such rows are ever keys (a
    website-only fact is neither asked as right nor offered as wrong)."""
    return not website_only_note(getattr(row, "note", "") or "")


def _shares(text: str, stems: frozenset[str]) -> bool:
    return bool(stems) and bool(name_stems(text) & stems)


def singles_out(texts: Iterable[str], stems: frozenset[str]) -> bool:
    """Whether a word of the subject's name marks some options and not others, so a
    student could pick by the word alone ('iliac fossa' among bones for the iliacus)."""
    marks = {_shares(text, stems) for text in texts}
    return len(marks) > 1


#: Muscle groups that lie together; distractors come from the subject's own area.
_AREA_OF_GROUP = {
    "iliopsoas": "hip", "quadriceps": "hip", "anterior_thigh": "hip", "adductors": "hip",
    "gluteal": "hip", "deep_gluteal": "hip", "hamstrings": "hip",
    "posterior_abdominal_wall": "trunk", "anterior_abdominal_wall": "trunk",
    "deep_back": "trunk", "respiratory": "trunk",
}


def area(facts: QuizFacts, muscle_id: str) -> str:
    """The body area of a muscle ('hip' or 'trunk'; an unknown group is its own area)."""
    group = facts.muscles[muscle_id].group
    return _AREA_OF_GROUP.get(group, group)


_BONE_REGIONS = (
    (re.compile(r"^(t12|l\d)_vertebra$|^lumbar_vertebrae$|^(sacrum|coccyx|ilium|pubis|ischium"
                r"|hip_bone)$"), "pelvis and lumbar spine"),
    (re.compile(r"^(femur|patella|tibia|fibula)$"), "thigh and knee"),
    (re.compile(r"^(t\d+_vertebra|thoracic_vertebrae|ribs?(_\d+)?|sternum|costal_cartilages"
                r"|diaphragm)$"), "thorax"),
    (re.compile(r"^(c\d_vertebra|cervical_vertebrae|temporal_bone|skull)$"), "head and neck"),
)


def bone_region(bone: str) -> str:
    """The region of a bone; a bone no rule knows is a region of its own."""
    for pattern, region in _BONE_REGIONS:
        if pattern.match(bone):
            return region
    return bone


@lru_cache(maxsize=65536)  # the same option texts are compared many times per quiz
def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _name(facts: QuizFacts, muscle_id: str) -> str:
    return facts.muscles[muscle_id].name


def _unique(texts: Iterable[str], *, avoid: Iterable[str] = (),
            key: Callable[[str], str] = _norm) -> list[str]:
    """Distinct texts (by ``key``: case and spacing ignored), sorted, none like ``avoid``."""
    seen = {key(t) for t in avoid}
    kept: dict[str, str] = {}
    for text in sorted(texts):
        key_text = key(text)
        if key_text not in seen and key_text not in kept:
            kept[key_text] = text
    return sorted(kept.values())


def _choice(qid: str, rng: random.Random, prompt: str, right: Sequence[str],
            wrong: Sequence[str] | Sequence[Sequence[str]], *, multiple: bool = False,
            max_right: int = 4, stems: frozenset[str] = frozenset(),
            why: Callable[[str], str] | None = None, explanation: str = "",
            **fields: object) -> Question | None:
    """A single choice (one right text) or multiple answer question, options shuffled.

    ``wrong`` is a list of texts, or a list of tiers of texts, closest
    confusions first: options are drawn from the first tier before the next.
    Options never let a word of the subject's name (``stems``) single out
    some of them. ``why(text)`` says why a shown wrong option is wrong; those
    sentences follow ``explanation`` in the feedback, so it speaks only of
    the options shown.
    """
    tiers = [list(wrong)] if not wrong or isinstance(wrong[0], str) else [list(t) for t in wrong]
    right = _unique(right)
    if stems and singles_out(right, stems):
        return None
    marked = bool(right) and _shares(right[0], stems)
    pools = [[w for w in _unique(tier, avoid=right) if _shares(w, stems) == marked]
             for tier in tiers]
    seen: set[str] = set()
    pools = [[w for w in pool if not (_norm(w) in seen or seen.add(_norm(w)))] for pool in pools]
    available = sum(len(pool) for pool in pools)
    if multiple:
        right = rng.sample(right, min(max_right, len(right)))
        if not right or not available or len(right) + available < 3:
            return None
    elif len(right) != 1 or available < 2:
        return None
    if not multiple:
        if qualified(right[0]):
            return None  # "..., when present" would mark the key
        pools = [[w for w in pool if not qualified(w)] for pool in pools]
        even = [[w for w in pool if similar_length(w, right[0])] for pool in pools]
        if sum(len(pool) for pool in even) >= 2:
            pools = even
    chosen: list[str] = []
    for pool in pools:
        for text in rng.sample(pool, len(pool)):
            if len(chosen) < _MAX_WRONG and not any(near_identical(text, t)
                                                     for t in chosen + right):
                chosen.append(text)
    if not multiple and len(chosen) < 2:
        return None
    texts = right + chosen
    rng.shuffle(texts)
    options = options_from(texts)
    answers = tuple(o.key for o in options if o.text in right)
    if why is not None:
        reasons = [why(text) for text in texts if text not in right]
        explanation = " ".join(part for part in (explanation, *reasons) if part)
    return Question(qid, "multiple_answer" if multiple else "single_choice", prompt,
                    options=options, answers=answers, explanation=explanation, **fields)


#: Words that mark a text as holding only sometimes: such a text is never a key (it
#: would stand out) nor a wrong option (it is not plainly wrong).
_QUALIFIER = re.compile(r"\b(when|if) present\b|\bsometimes\b|\boccasionally\b"
                        r"|\bin some (people|bodies)\b")


def qualified(text: str) -> bool:
    """Whether ``text`` carries a qualifier ('..., when present')."""
    return bool(_QUALIFIER.search(text.lower()))


def similar_length(text: str, key: str) -> bool:
    """Whether an option is of a length near the key's (from 40 % to 250 %), so the
    longest or the only short option is not the key by its form."""
    return 0.4 <= len(text) / max(1, len(key)) <= 2.5


@lru_cache(maxsize=65536)
def near_identical(a: str, b: str) -> bool:
    """Two options a student would read as one ('T6-T12' and 'T7-T12'; two ways of
    naming one origin)."""
    x, y = _norm(a), _norm(b)
    return x != y and difflib.SequenceMatcher(None, x, y).ratio() >= 0.8


def _lettered(texts: Iterable[str]) -> tuple[Option, ...]:
    return options_from(sorted(texts, key=_norm))


def _sources(rows: Iterable[AttachmentFact | ActionFact | NerveFact]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for row in rows for s in row.source_ids))


def _cited(facts: QuizFacts, rows: Iterable[AttachmentFact | ActionFact | NerveFact]
           ) -> tuple[tuple[str, ...], str]:
    ids = facts.evidence(_sources(rows))
    return ids, facts.citation(ids)


def _part(part: str) -> str:
    """'hamstring_part' -> 'hamstring part', 'deep' -> 'deep part'."""
    label = part.replace("_", " ")
    return label if label.endswith(("part", "region", "head", "fibres")) else f"{label} part"
