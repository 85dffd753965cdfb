"""Extra wrong answers for a matching question, drawn from the course facts.

Moodle takes a matching question only with three or more answers to choose
from. A generated "match each muscle to its nerve" question may have four
muscles but only two nerves; rather than turn it into one multiple choice
over every assignment, the Moodle exports add wrong answers of the same
kind: other nerves of the course, or other landmarks. A wrong answer must
be wrong for every item, so a nerve is never added when it shares a
distinctive word with a nerve recorded for any muscle of the question
(disputed supplies included: "obturator nerve (posterior division)" is not
added beside "obturator nerve") or a spinal root level with one (the
femoral nerve, L2-L4, is never a wrong answer beside psoas major, L1-L3,
whatever its recorded nerve), and a landmark never when a muscle of the
question attaches to it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from ..quiz.model import Question

__all__ = ["extra_wrong_answers"]

#: Words every nerve name may share without naming the same nerve.
_GENERIC = frozenset({"nerve", "nerves", "of", "the", "and", "to", "when", "present"})


@dataclass(frozen=True)
class _Facts:
    nerves: tuple[str, ...]
    landmarks: tuple[str, ...]
    supplies: dict[str, frozenset[str]]  # muscle id -> every nerve recorded for it
    levels: dict[str, frozenset[str]]  # muscle id or nerve -> every root level recorded
    attached: dict[str, frozenset[str]]  # muscle id -> every landmark name it attaches to
    muscle_ids: dict[str, str]  # muscle name (casefolded) -> muscle id


def _facts() -> _Facts:
    from .common import _data_stamp

    return _load_facts(_data_stamp())


@lru_cache(maxsize=2)
def _load_facts(stamp: tuple) -> _Facts:
    from ..facts.atlas import load_atlas

    atlas = load_atlas()
    supplies: dict[str, set[str]] = {}
    levels: dict[str, set[str]] = {}
    table = atlas.innervation
    for muscle_id, nerve, roots in zip(table["muscle_id"], table["nerve"],
                                       table["root_levels"], strict=True):
        supplies.setdefault(muscle_id, set()).add(nerve)
        levels.setdefault(muscle_id, set()).update(roots)
        levels.setdefault(nerve, set()).update(roots)
    landmark_names = dict(zip(atlas.landmarks["landmark_id"], atlas.landmarks["name"],
                              strict=True))
    attached: dict[str, set[str]] = {}
    for muscle_id, ids in zip(atlas.attachments["muscle_id"], atlas.attachments["landmark_ids"],
                              strict=True):
        attached.setdefault(muscle_id, set()).update(
            landmark_names[i] for i in ids if i in landmark_names)
    return _Facts(
        nerves=tuple(sorted(set(atlas.innervation["nerve"]))),
        landmarks=tuple(atlas.landmarks["name"]),
        supplies={k: frozenset(v) for k, v in supplies.items()},
        levels={k: frozenset(v) for k, v in levels.items()},
        attached={k: frozenset(v) for k, v in attached.items()},
        muscle_ids={name.casefold(): muscle_id for muscle_id, name in
                    zip(atlas.muscles["muscle_id"], atlas.muscles["name"], strict=True)},
    )


def _words(name: str) -> set[str]:
    return {w.strip("(),;").casefold() for w in name.split()} - _GENERIC - {""}


def _stable_order(question: Question, names: list[str]) -> list[str]:
    # By a hash of question and name: the same question always gets the same extras.
    return sorted(names, key=lambda n: hashlib.sha256(f"{question.id}\n{n}".encode()).digest())


def extra_wrong_answers(question: Question, answers: set[str], count: int) -> tuple[str, ...]:
    """``count`` answers of the same kind as ``answers``, each wrong for every item.

    Parameters
    ----------
    question
        A matching or label-the-diagram question.
    answers
        The answer texts it already has (right ones and extra wrong ones).
    count
        How many to add.

    Returns
    -------
    tuple of str
        Fewer than ``count`` (possibly none) when the answers are not all
        nerves or all landmarks of the course, or too few fit.
    """
    if count <= 0:
        return ()
    facts = _facts()
    folded = {a.casefold() for a in answers}
    muscles = set(question.muscle_ids) | {facts.muscle_ids[p.prompt.casefold()]
                                         for p in question.pairs
                                         if p.prompt.casefold() in facts.muscle_ids}
    if folded <= {n.casefold() for n in facts.nerves}:
        taken = set().union(*(_words(n) for n in answers),
                            *(_words(n) for m in muscles for n in facts.supplies.get(m, ())))
        roots = set().union(*(facts.levels.get(m, ()) for m in muscles),
                            *(facts.levels.get(n, ()) for n in answers))
        pool = [n for n in facts.nerves if n.casefold() not in folded and _words(n)
                and not _words(n) & taken and facts.levels.get(n)
                and not facts.levels[n] & roots]
    elif folded <= {n.casefold() for n in facts.landmarks}:
        attached = {n.casefold() for m in muscles for n in facts.attached.get(m, ())}
        pool = [n for n in facts.landmarks
                if n.casefold() not in folded and n.casefold() not in attached]
    else:
        return ()
    return tuple(_stable_order(question, pool)[:count])
