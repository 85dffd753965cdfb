"""Generate quiz questions from the facts, and build a quiz.

Each template (in the modules of :mod:`psoas_edu.quiz.templates`) asks about one relation
(origin, insertion, action, nerve, roots, synergist, antagonist, relation, blood supply,
assessment finding, evidence level, referral zone, a condition that hurts where referred
pain does, a red flag among trigger-point symptoms, contraindication, misconception,
clinical anatomy) of one subject. Wrong options come from the subject's confusion class
(a neighbouring landmark on the same bone or region, a nerve or root range of nearby
segments in the same body area, a muscle that opposes or does not act on the joint) and
are kept only
when the facts show they are wrong for the subject; the feedback says why each shown
wrong option is wrong. Disputed facts are never asked as settled: they are left out,
or asked as "which do references name" with every side right.

Output depends only on the facts and ``seed``: inputs are sorted, and each
question draws from its own ``random.Random`` seeded with the seed and its
stable id, so leaving out one template changes no other question. A quiz is chosen
by :mod:`psoas_edu.quiz.selection`.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from ..facts.atlas import Atlas, load_atlas
from .facts import QuizFacts, quiz_facts
from .model import Question, Quiz
from .selection import DEFAULT_FOCUS, Candidate, select
from .templates import (
    actions,
    assessment,
    attachments,
    clinical,
    evidence,
    nerves,
    relations,
    safety,
)
from .templates.base import Template

__all__ = [
    "TEMPLATES",
    "TOPICS",
    "TOPIC_GROUPS",
    "DEFAULT_FOCUS",
    "EXCLUSION_FILE",
    "Template",
    "build_quiz",
    "read_exclusions",
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
    "relations": "what lies around the muscles and which arteries supply them",
    "assessment": "the Thomas test and palpation: what a finding suggests, how reliable it is",
    "techniques": "release techniques and stretches: evidence and dosage",
    "red_flags": "red flags, how fast to refer, and conditions that mimic iliopsoas pain",
    "clinical_anatomy": "clinical conditions the anatomy of the iliopsoas explains",
}

#: Broader topics an instructor may ask for, each standing for several topics.
TOPIC_GROUPS: dict[str, tuple[str, ...]] = {
    "anatomy": ("attachments", "actions", "synergists", "innervation", "relations"),
    "clinical": ("trigger_points", "safety", "misconceptions", "red_flags",
                 "clinical_anatomy", "assessment", "techniques"),
}

#: Every template, in the order questions are generated.
TEMPLATES: tuple[Template, ...] = (
    *attachments.TEMPLATES, *actions.TEMPLATES, *nerves.TEMPLATES, *relations.TEMPLATES,
    *clinical.TEMPLATES, *safety.TEMPLATES, *assessment.TEMPLATES, *evidence.TEMPLATES,
)


def _template_named(name: str) -> Template:
    for template in TEMPLATES:
        if template.name == name:
            return template
    raise ValueError(f"no question template {name!r}; templates: "
                     + ", ".join(t.name for t in TEMPLATES))


#: Seed-independent draws tried when the seed's draw cannot make a fair question.
_RETRIES = 3


def _make(template: Template, facts: QuizFacts, subject: str, seed: int,
          muscles: set[str] | None) -> Question | None:
    """One template's question on one subject, or None if unfair, uncited or filtered.

    When the seed's draw of options cannot make a fair question, a few draws that do
    not depend on the seed are tried, so whether a question exists hardly ever
    depends on the seed (the review page, made with one seed, lists what quizzes hold)."""
    qid = f"gen_{template.name}_{subject}"
    question = template.build(facts, subject, qid, random.Random(f"{seed}:{qid}"))
    for attempt in range(_RETRIES):
        if question is not None:
            break
        question = template.build(facts, subject, qid, random.Random(f"retry{attempt}:{qid}"))
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


def read_exclusions(folder: Path | str | None = None) -> frozenset[str]:
    """Question ids listed in ``exclude.txt`` of the bank folder (one per line;
    ``#`` starts a comment), or none when there is no such file.

    Parameters
    ----------
    folder
        The bank folder; default ``data/quizzes/``.
    """
    from .bank import default_bank_dir

    path = Path(folder if folder is not None else default_bank_dir()) / EXCLUSION_FILE
    if not path.is_file():
        return frozenset()
    ids = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return frozenset(i for i in ids if i)


#: The instructor's list of question ids never to ask, in the bank folder.
EXCLUSION_FILE = "exclude.txt"


def _is_focused(question_muscles: Iterable[str], topic: str, facts: QuizFacts,
                focus: frozenset[str]) -> bool:
    if topic in focus:
        return True
    return any(m in focus or (m in facts.muscles and facts.muscles[m].group in focus)
               for m in question_muscles)


def build_quiz(*, topic: str | Iterable[str] | None = None, n: int | None = 10, seed: int = 0,
               include_bank: bool = True, muscles: Iterable[str] | None = None,
               atlas: Atlas | None = None, bank: Iterable[Question] | Path | str | None = None,
               title: str | None = None, include: Iterable[str] = (),
               exclude: Iterable[str] = (), bank_only: bool = False,
               focus: Iterable[str] | None = DEFAULT_FOCUS) -> Quiz:
    """A quiz of exactly ``n`` questions mixing generated and instructor-bank questions
    (or, with ``n=None``, every question one quiz can hold).

    Each question's rank comes from a hash of ``seed`` and its id, so the same
    arguments give the same quiz, and adding a bank file reorders nothing:
    an existing quiz changes only if a new question on its topic outranks one
    of its own. Questions on ``focus`` rank first more often. The quiz as a
    whole never holds a belief and its correction or one fact twice, keeps
    each true/false template's keys balanced, and mixes kinds of question
    (see :mod:`psoas_edu.quiz.selection`).

    Parameters
    ----------
    topic
        One topic or several (see :data:`TOPICS`; ``"anatomy"`` and
        ``"clinical"`` stand for several, see :data:`TOPIC_GROUPS`; bank
        files may add their own); ``None`` for all.
    n
        Number of questions; ``None`` for the whole pool: every matching question
        that fits in one quiz without repeating another (see
        :mod:`psoas_edu.quiz.selection`), in rank order.
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
    include
        Question ids that must be in the quiz (generated or bank), first.
    exclude
        Question ids never to ask, added to those in ``data/quizzes/exclude.txt``
        (when ``bank`` is a folder, its own ``exclude.txt``).
    bank_only
        Only the instructor's bank questions (plus ``include``).
    focus
        Muscle ids, muscle groups or topics drawn :data:`FOCUS_WEIGHT` times as
        often; default :data:`DEFAULT_FOCUS`, the iliopsoas. ``None`` or ``()``
        weights every question alike.

    Returns
    -------
    Quiz

    Raises
    ------
    ValueError
        For an unknown topic (the message lists the known ones), an unknown
        ``include`` id, ``n`` below 1, or when fewer than ``n`` questions
        match (the message says how many do; with ``n=None``, when none do).
    psoas_edu.DataError
        If the facts have problems. Bank questions with problems are left
        out with a :class:`~psoas_edu.quiz.bank.BankWarning` naming each.
    """
    from .bank import default_bank_dir, load_bank

    if n is not None and n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    atlas = atlas if atlas is not None else load_atlas()
    bank_questions: list[Question] = []
    bank_folder: Path | None = None
    if include_bank or bank_only:
        if bank is None or isinstance(bank, Path | str):
            source = Path(bank) if bank is not None else default_bank_dir()
            bank_folder = source if source.is_dir() else source.parent
            bank = load_bank(source, atlas=atlas, skip_bad=True)
        bank_questions = list(bank)
    excluded = set(exclude) | set(read_exclusions(bank_folder or default_bank_dir()))
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
    focus_set = frozenset(focus or ())
    facts = quiz_facts(atlas)

    candidates: list[Candidate] = []
    if not bank_only:
        for template in TEMPLATES:
            if wanted is not None and template.topic not in wanted:
                continue
            for subject in template.subjects(facts):
                qid = f"gen_{template.name}_{subject}"
                if qid in excluded:
                    continue
                muscle_ids = [s for s in subject.split("__") if s in facts.muscles][:1]
                candidates.append(Candidate(
                    qid, template.name,
                    _is_focused(muscle_ids, template.topic, facts, focus_set),
                    lambda t=template, s=subject: _make(t, facts, s, seed, muscle_filter)))
    for question in bank_questions:
        if (question.id not in excluded and (wanted is None or question.topic in wanted)
                and (muscle_filter is None or muscle_filter & set(question.muscle_ids))):
            candidates.append(Candidate(
                question.id, f"bank:{question.type}",
                _is_focused(question.muscle_ids, question.topic, facts, focus_set),
                lambda q=question: q))
    pinned = _pinned(tuple(include), facts, bank_questions, seed)
    pinned_ids = {q.id for q in pinned}
    wanted_n = n if n is not None else len(candidates) + len(pinned)
    questions = select([c for c in candidates if c.id not in pinned_ids], n=wanted_n,
                       seed=seed, include=pinned)
    if n is None and not questions:
        where = f"topic {', '.join(topics)}" if topics else "the whole course"
        raise ValueError(f"no questions exist for {where}"
                         + (" in the bank" if bank_only else "")
                         + (f" after {len(excluded)} excluded ids" if excluded else ""))
    if n is not None and len(questions) < n:
        where = (f"topic {', '.join(topics)}" if topics else "the whole course")
        if muscle_filter is not None:
            where += f" and muscles {', '.join(sorted(muscle_filter))}"
        raise ValueError(f"asked for {n} questions but only {len(questions)} distinct "
                         f"questions exist for {where}"
                         + (" in the bank" if bank_only else "")
                         + (f" after {len(excluded)} excluded ids" if excluded else "")
                         + f"; ask for n={len(questions)} or fewer, or widen the topic")
    if title is None:
        title = "Quiz" + (f": {', '.join(t.replace('_', ' ') for t in topics)}" if topics else "")
    return Quiz(tuple(questions), title=title, seed=seed,
                topic=", ".join(topics) if topics else None)


def _pinned(ids: tuple[str, ...], facts: QuizFacts, bank: Sequence[Question],
            seed: int) -> list[Question]:
    """The questions named by ``include``, in the order given."""
    by_id = {q.id: q for q in bank}
    pinned: list[Question] = []
    for qid in dict.fromkeys(ids):
        question = by_id.get(qid) or _generated(qid, facts, seed)
        if question is None:
            raise ValueError(f"cannot include question {qid!r}: no bank question or "
                             "generated question has this id (see `psoas-edu quiz review`)")
        pinned.append(question)
    return pinned


def _generated(qid: str, facts: QuizFacts, seed: int) -> Question | None:
    """The generated question with id ``gen_<template>_<subject>``, if the facts allow it."""
    for template in sorted(TEMPLATES, key=lambda t: -len(t.name)):
        prefix = f"gen_{template.name}_"
        if qid.startswith(prefix):
            subject = qid[len(prefix):]
            if subject in template.subjects(facts):
                return _make(template, facts, subject, seed, None)
    return None
