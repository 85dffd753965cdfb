"""Generate quiz questions from the facts, and build a quiz.

Each template (in the modules of :mod:`psoas_edu.quiz.templates`) asks about one relation
(origin, insertion, action, nerve, roots, synergist, antagonist, referral
zone, contraindication, misconception) of one subject. Wrong options come
from the same relation of other muscles and are kept only when the facts
show they are wrong for the subject. Disputed facts are never asked as
settled: they are left out, or asked as "which do references name" with
every side right.

Output depends only on the facts and ``seed``: inputs are sorted, and each
question draws from its own ``random.Random`` seeded with the seed and its
stable id, so leaving out one template changes no other question.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from ..facts.atlas import Atlas, load_atlas
from .facts import QuizFacts, quiz_facts
from .model import Question, Quiz
from .templates import actions, attachments, clinical, nerves, safety
from .templates.base import Template

__all__ = [
    "TEMPLATES",
    "TOPICS",
    "TOPIC_GROUPS",
    "Template",
    "build_quiz",
    "generate_questions",
    "select_questions",
]

#: Topics of generated questions; bank questions may use these or their own.
TOPICS: dict[str, str] = {
    "attachments": "origins, insertions and where they sit on the skeleton",
    "actions": "what each muscle does at each joint",
    "synergists": "which muscles work together and which oppose each other",
    "innervation": "nerves and spinal roots",
    "trigger_points": "where pain from trigger points is felt",
    "safety": "when not to stretch or press",
    "misconceptions": "common beliefs checked against the references",
    "red_flags": "red flags, how fast to refer, and conditions that mimic iliopsoas pain",
    "clinical_anatomy": "clinical conditions the anatomy of the iliopsoas explains",
}

#: Broader topics an instructor may ask for, each standing for several topics.
TOPIC_GROUPS: dict[str, tuple[str, ...]] = {
    "anatomy": ("attachments", "actions", "synergists", "innervation"),
    "clinical": ("trigger_points", "safety", "misconceptions", "red_flags", "clinical_anatomy"),
}

#: Every template, in the order questions are generated.
TEMPLATES: tuple[Template, ...] = (
    *attachments.TEMPLATES, *actions.TEMPLATES, *nerves.TEMPLATES, *clinical.TEMPLATES,
    *safety.TEMPLATES,
)


def _template_named(name: str) -> Template:
    for template in TEMPLATES:
        if template.name == name:
            return template
    raise ValueError(f"no question template {name!r}; templates: "
                     + ", ".join(t.name for t in TEMPLATES))


def _make(template: Template, facts: QuizFacts, subject: str, seed: int,
          muscles: set[str] | None) -> Question | None:
    """One template's question on one subject, or None if unfair, uncited or filtered."""
    qid = f"gen_{template.name}_{subject}"
    question = template.build(facts, subject, qid, random.Random(f"{seed}:{qid}"))
    if question is None or not question.citation:
        return None
    if muscles is not None and not muscles & set(question.muscle_ids[:1]):
        return None
    return question


def _chosen_templates(templates: Iterable[str] | None,
                      topics: Iterable[str] | None) -> tuple[Template, ...]:
    chosen = TEMPLATES
    if templates is not None:
        chosen = tuple(_template_named(name) for name in templates)
    if topics is not None:
        wanted = set(topics)
        unknown = sorted(wanted - set(TOPICS))
        if unknown:
            raise ValueError(f"unknown topic {unknown[0]!r}; topics: {', '.join(TOPICS)}")
        chosen = tuple(t for t in chosen if t.topic in wanted)
    return chosen


def generate_questions(source: Atlas | QuizFacts, *, seed: int = 0,
                       topics: Iterable[str] | None = None,
                       templates: Iterable[str] | None = None,
                       muscles: Iterable[str] | None = None) -> tuple[Question, ...]:
    """Every question the facts allow, one per template and subject.

    Parameters
    ----------
    source
        The atlas, or its :func:`~psoas_edu.quiz.facts.quiz_facts` index
        (pass the index when generating many times).
    seed
        Chooses options and their order; the same seed gives the same questions.
    topics, templates, muscles
        Keep only these topics (see :data:`TOPICS`), template names (see
        :data:`TEMPLATES`) or questions about these muscle ids.

    Returns
    -------
    tuple of Question
        In template order, then by subject id.
    """
    facts = source if isinstance(source, QuizFacts) else quiz_facts(source)
    muscle_filter = set(muscles) if muscles is not None else None
    made = (_make(template, facts, subject, seed, muscle_filter)
            for template in _chosen_templates(templates, topics)
            for subject in template.subjects(facts))
    return tuple(q for q in made if q is not None)


_Maker = Callable[[], Question | None]


def _take_turns(groups: Mapping[str, Sequence[tuple[str, _Maker]]], *, n: int,
                rng: random.Random) -> tuple[Question, ...]:
    """Groups take turns in a seeded order, each giving its next question in a
    seeded order; a question is made only when its turn comes (so a short quiz
    on a large atlas stays quick), and one that cannot be made is passed over."""
    order = sorted(groups)
    rng.shuffle(order)
    queues = {}
    for name in order:
        queues[name] = sorted(groups[name], key=lambda item: item[0])
        rng.shuffle(queues[name])
    chosen: list[Question] = []
    while len(chosen) < n and any(queues.values()):
        for name in order:
            queue = queues[name]
            while queue and len(chosen) < n:
                question = queue.pop()[1]()
                if question is not None:
                    chosen.append(question)
                    break
    return tuple(chosen)


def _group(question: Question) -> str:
    return question.template if question.template != "bank" else f"bank:{question.type}"


def select_questions(pool: Sequence[Question], *, n: int, seed: int = 0,
                     topic: str | Iterable[str] | None = None) -> tuple[Question, ...]:
    """Choose ``n`` varied questions from ``pool``, deterministically.

    Questions are grouped by template (bank questions by their type), and
    the groups take turns in a seeded order, so a short quiz still mixes
    kinds of question.

    Parameters
    ----------
    pool
        Questions to choose from.
    n
        How many; fewer are returned only if the pool is smaller.
    seed
        Same seed and pool, same choice.
    topic
        Keep only questions on this topic (or these topics).

    Returns
    -------
    tuple of Question

    Raises
    ------
    ValueError
        If ``n`` is below 1.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    wanted = None if topic is None else ({topic} if isinstance(topic, str) else set(topic))
    groups: dict[str, list[tuple[str, _Maker]]] = defaultdict(list)
    for question in pool:
        if wanted is None or question.topic in wanted:
            groups[_group(question)].append((question.id, lambda q=question: q))
    return _take_turns(groups, n=n, rng=random.Random(f"select:{seed}"))


def build_quiz(*, topic: str | Iterable[str] | None = None, n: int = 10, seed: int = 0,
               include_bank: bool = True, muscles: Iterable[str] | None = None,
               atlas: Atlas | None = None, bank: Iterable[Question] | Path | str | None = None,
               title: str | None = None) -> Quiz:
    """A quiz of ``n`` questions mixing generated and instructor-bank questions.

    Question kinds (each template, and each type of bank question) take
    turns, so even a short quiz is varied. Generated questions are made only
    when chosen.

    Parameters
    ----------
    topic
        One topic or several (see :data:`TOPICS`; ``"anatomy"`` and
        ``"clinical"`` stand for several, see :data:`TOPIC_GROUPS`; bank
        files may add their own); ``None`` for all.
    n
        Number of questions (fewer if not that many exist).
    seed
        Same seed, same quiz.
    include_bank
        Add the questions of ``data/quizzes/`` (or ``bank``).
    muscles
        Keep only questions about these muscle ids.
    atlas
        Facts to use; loaded from ``data/`` if not given.
    bank
        Bank questions, or a bank file or folder; default ``data/quizzes/``.
    title
        Shown above the quiz.

    Returns
    -------
    Quiz

    Raises
    ------
    ValueError
        For an unknown topic (the message lists the known ones), ``n`` below
        1, or when no question matches.
    psoas_edu.DataError
        If the facts have problems. Bank questions with problems are left
        out with a :class:`~psoas_edu.quiz.bank.BankWarning` naming each.
    """
    from .bank import default_bank_dir, load_bank

    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    atlas = atlas if atlas is not None else load_atlas()
    bank_questions: list[Question] = []
    if include_bank:
        if bank is None or isinstance(bank, Path | str):
            bank = load_bank(bank if bank is not None else default_bank_dir(), atlas=atlas,
                             skip_bad=True)
        bank_questions = list(bank)
    topics = None if topic is None else ((topic,) if isinstance(topic, str) else tuple(topic))
    wanted = None
    if topics is not None:
        known = set(TOPICS) | set(TOPIC_GROUPS) | {q.topic for q in bank_questions}
        unknown = [t for t in topics if t not in known]
        if unknown:
            raise ValueError(f"unknown topic {unknown[0]!r}; topics: "
                             + ", ".join(sorted(known)))
        wanted = {part for t in topics for part in TOPIC_GROUPS.get(t, (t,))}
    muscle_filter = set(muscles) if muscles is not None else None

    facts = quiz_facts(atlas)
    groups: dict[str, list[tuple[str, _Maker]]] = defaultdict(list)
    for template in TEMPLATES:
        if wanted is None or template.topic in wanted:
            groups[template.name] = [
                (subject, lambda t=template, s=subject: _make(t, facts, s, seed, muscle_filter))
                for subject in template.subjects(facts)]
    for question in bank_questions:
        if ((wanted is None or question.topic in wanted)
                and (muscle_filter is None or muscle_filter & set(question.muscle_ids))):
            groups[_group(question)].append((question.id, lambda q=question: q))
    questions = _take_turns(groups, n=n, rng=random.Random(f"select:{seed}"))
    if not questions:
        raise ValueError(f"no questions for topic {topic!r}"
                         + (f" and muscles {sorted(muscles)}" if muscles is not None else ""))
    if title is None:
        title = "Quiz" + (f": {', '.join(t.replace('_', ' ') for t in topics)}" if topics else "")
    return Quiz(questions, title=title, seed=seed,
                topic=", ".join(topics) if topics else None)
