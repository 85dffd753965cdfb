"""What every question template shares: the Template record and small helpers.

Templates live in modules of :mod:`psoas_edu.quiz.templates`, one per group of relations;
:mod:`psoas_edu.quiz.generate` runs them. The helpers build a single choice
or multiple answer question from right and wrong texts, keep wrong options
distinct from the right ones, and cite the rows an answer comes from
(never a seed article).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..facts import ActionFact, AttachmentFact, NerveFact, QuizFacts
from ..model import Option, Question, options_from

__all__ = ["Template"]

_MAX_WRONG = 3


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
            wrong: Sequence[str], *, multiple: bool = False, max_right: int = 4,
            **fields: object) -> Question | None:
    """A single choice (one right text) or multiple answer question, options shuffled."""
    right = _unique(right)
    wrong = _unique(wrong, avoid=right)
    if multiple:
        right = rng.sample(right, min(max_right, len(right)))
        if not right or not wrong or len(right) + len(wrong) < 3:
            return None
    elif len(right) != 1 or len(wrong) < 2:
        return None
    texts = right + rng.sample(wrong, min(_MAX_WRONG, len(wrong)))
    rng.shuffle(texts)
    options = options_from(texts)
    answers = tuple(o.key for o in options if o.text in right)
    return Question(qid, "multiple_answer" if multiple else "single_choice", prompt,
                    options=options, answers=answers, **fields)


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
