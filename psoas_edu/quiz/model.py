"""What a quiz question is: small frozen records every quiz module shares.

Generators and the instructor bank produce :class:`Question` objects; the
grader, the renderers, the widget and the exporters only read them. A
question carries everything needed to show, grade, explain and export it,
and it checks its own consistency when it is made, so a question with an
answer that is not among its options cannot exist.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "DIFFICULTIES",
    "QUESTION_TYPES",
    "TRUE_FALSE_OPTIONS",
    "FigureSpec",
    "Marker",
    "Option",
    "Pair",
    "Question",
    "QuestionImage",
    "Quiz",
    "QuizResult",
    "Result",
    "html_id",
    "option_key",
    "options_from",
]

#: Every question type, as written in the bank's ``type`` column.
QUESTION_TYPES: tuple[str, ...] = (
    "single_choice",
    "multiple_answer",
    "true_false",
    "matching",
    "label_diagram",
    "short_answer",
)

#: Allowed difficulty levels, easiest first.
DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")

#: Result statuses, from best to worst.
STATUSES: tuple[str, ...] = ("correct", "partial", "incorrect", "unanswered")


@dataclass(frozen=True)
class Option:
    """One choice shown to the student; ``key`` is stable within its question."""

    key: str
    text: str


#: The two options of every true/false question.
TRUE_FALSE_OPTIONS: tuple[Option, ...] = (Option("true", "True"), Option("false", "False"))


@dataclass(frozen=True)
class Pair:
    """One item to match (a muscle, a numbered marker) and the key of its option."""

    key: str
    prompt: str
    answer: str


@dataclass(frozen=True)
class Marker:
    """A numbered marker on a diagram, placed on a landmark in diagram units."""

    number: int
    landmark_id: str
    x: float
    y: float


@dataclass(frozen=True)
class FigureSpec:
    """Everything needed to draw a label-the-diagram figure again.

    ``kind`` names the drawing (``"attachments"``: the bones of ``view`` with
    the muscles in ``muscle_ids``); ``markers`` are numbered in the order the
    question's pairs list them; ``alt_text`` describes the figure without
    giving the answers away.
    """

    kind: str
    view: str
    muscle_ids: tuple[str, ...]
    markers: tuple[Marker, ...]
    alt_text: str


@dataclass(frozen=True)
class QuestionImage:
    """A picture the instructor gives a bank question: a PNG file and what it shows.

    ``alt_text`` is read out to students who cannot see the picture, so it
    describes the picture without giving the answer away.
    """

    path: Path
    alt_text: str

    @property
    def name(self) -> str:
        """The file name, e.g. ``psoas_front.png``."""
        return self.path.name


def option_key(index: int) -> str:
    """Letter key of the option at ``index``: a, b, ..., z, aa, ab, ...

    >>> option_key(0), option_key(27)
    ('a', 'ab')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def options_from(texts: Iterable[str]) -> tuple[Option, ...]:
    """Options keyed a, b, c, ... in the order given."""
    return tuple(Option(option_key(i), text) for i, text in enumerate(texts))


def html_id(question_id: str, *parts: str) -> str:
    """An HTML id derived only from the question id (never random), yet opaque.

    The id is a hash: ``gen_identify_muscle_iliacus`` names its own answer, and
    ids are in every page a student sees (papers, saved notebook output).

    >>> html_id("gen_origin_iliacus", "feedback")
    'q-b34f56492ae0-feedback'
    """
    digest = hashlib.sha256(question_id.encode("utf-8")).hexdigest()[:12]
    text = "-".join(("q", digest, *parts))
    return re.sub(r"[^A-Za-z0-9_-]", "-", text)


@dataclass(frozen=True)
class Question:
    """One question, self-contained for display, grading and export.

    Parameters
    ----------
    id
        Stable id: generated questions are ``gen_<template>_<subject>``,
        bank questions use the instructor's id.
    type
        One of :data:`QUESTION_TYPES`.
    prompt
        The question as plain text (renderers escape it).
    options
        Choices for single choice, multiple answer and true/false; the
        list to pick from for matching and label-the-diagram; empty for
        short answer.
    answers
        Keys of the correct options (single choice and true/false: one).
    pairs
        Matching items or diagram markers, each with the key of its option.
    accepted
        Short answer: every accepted answer, the preferred one first.
    explanation
        Why the answer is right; shown after checking.
    citation
        Where the answer comes from, as text for students.
    source_ids
        Ids from ``data/sources.csv`` behind the answer, when known.
    topic, points, difficulty
        For selecting and weighting questions.
    muscle_ids
        The atlas muscles the question is about (subject first).
    figure
        The diagram of a label-the-diagram question.
    template
        Generator template name, or ``"bank"``.
    origin
        ``"generated"`` or the bank file and line, e.g. ``data/quizzes/x.csv:4``.
    disputed
        The answer touches a fact sources disagree on; every side is accepted.
    image
        A picture from the instructor's bank shown with the question.
    about
        Ids of what a generated question asks about besides muscles (a technique,
        a clinical subject): a quiz asks about each at most once.
    """

    id: str
    type: str
    prompt: str
    options: tuple[Option, ...] = ()
    answers: tuple[str, ...] = ()
    pairs: tuple[Pair, ...] = ()
    accepted: tuple[str, ...] = ()
    explanation: str = ""
    citation: str = ""
    source_ids: tuple[str, ...] = ()
    topic: str = ""
    points: float = 1.0
    difficulty: str = "medium"
    muscle_ids: tuple[str, ...] = ()
    figure: FigureSpec | None = None
    template: str = ""
    origin: str = "generated"
    disputed: bool = False
    image: QuestionImage | None = None
    about: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        problem = _inconsistency(self)
        if problem:
            raise ValueError(f"question {self.id!r}: {problem}")

    def option_text(self, key: str) -> str:
        """Text of the option with ``key``."""
        for option in self.options:
            if option.key == key:
                return option.text
        raise KeyError(f"question {self.id!r} has no option {key!r}")

    @property
    def correct_texts(self) -> tuple[str, ...]:
        """The right answer(s) as text: option texts, ``'item: option'`` lines or
        accepted short answers."""
        if self.type in ("matching", "label_diagram"):
            return tuple(f"{p.prompt}: {self.option_text(p.answer)}" for p in self.pairs)
        if self.type == "short_answer":
            return self.accepted
        return tuple(self.option_text(key) for key in self.answers)

    @property
    def answer_text(self) -> str:
        """The right answer in one line, for feedback and answer keys."""
        if self.type == "short_answer":
            others = self.accepted[1:]
            also = f" (also accepted: {', '.join(others)})" if others else ""
            return self.accepted[0] + also
        return "; ".join(self.correct_texts)

    def html_id(self, *parts: str) -> str:
        """HTML id for this question or one of its parts."""
        return html_id(self.id, *parts)


def _inconsistency(q: Question) -> str:
    """What is wrong with a question's structure, or ''."""
    if q.type not in QUESTION_TYPES:
        return f"type {q.type!r} is not one of {', '.join(QUESTION_TYPES)}"
    if not q.id or not q.prompt.strip():
        return "id and prompt must not be empty"
    if q.difficulty not in DIFFICULTIES:
        return f"difficulty {q.difficulty!r} is not one of {', '.join(DIFFICULTIES)}"
    if not q.points > 0:
        return f"points must be positive, got {q.points!r}"
    keys = [o.key for o in q.options]
    texts = [" ".join(o.text.lower().split()) for o in q.options]
    if len(set(keys)) != len(keys) or len(set(texts)) != len(texts):
        return "options must have distinct keys and distinct texts"
    if any(key not in keys for key in q.answers):
        return f"answers {q.answers!r} are not all option keys {keys!r}"
    if len(set(q.answers)) != len(q.answers):
        return "an answer is listed twice"
    paired = q.type in ("matching", "label_diagram")
    if paired:
        if len(q.pairs) < 1 or q.answers:
            return "matching and label questions need pairs and no answers"
        if len({p.key for p in q.pairs}) != len(q.pairs):
            return "pair keys must be distinct"
        if any(p.answer not in keys for p in q.pairs):
            return "every pair must answer with an option key"
        if q.type == "label_diagram" and (
            q.figure is None or len(q.figure.markers) != len(q.pairs)
        ):
            return "a label question needs a figure with one marker per pair"
    elif q.pairs:
        return "only matching and label questions have pairs"
    if q.type == "short_answer":
        if not q.accepted or any(not a.strip() for a in q.accepted) or q.options:
            return "a short answer question needs accepted answers and no options"
    elif q.accepted:
        return "only short answer questions have accepted answers"
    if q.type == "true_false" and (q.options != TRUE_FALSE_OPTIONS or len(q.answers) != 1):
        return "a true/false question has the options True and False and one answer"
    if q.type == "single_choice" and (len(q.answers) != 1 or len(q.options) < 2):
        return "a single choice question needs two or more options and exactly one answer"
    if q.type == "multiple_answer" and (not q.answers or len(q.options) < 2):
        return "a multiple answer question needs two or more options and at least one answer"
    return ""


@dataclass(frozen=True)
class Quiz:
    """An ordered set of questions with the settings that chose them."""

    questions: tuple[Question, ...]
    title: str = "Quiz"
    seed: int | None = None
    topic: str | None = None

    def __post_init__(self) -> None:
        ids = [q.id for q in self.questions]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"a quiz cannot hold the same question twice: {repeated}")

    def __len__(self) -> int:
        return len(self.questions)

    def __repr__(self) -> str:
        seed = f", seed {self.seed}" if self.seed is not None else ""
        return (f"Quiz({self.title!r}, {len(self.questions)} questions, "
                f"{self.points:g} points{seed})")

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)

    def __getitem__(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    @property
    def points(self) -> float:
        return sum(q.points for q in self.questions)

    def subset(self, question_ids: tuple[str, ...] | list[str]) -> Quiz:
        """The quiz restricted to ``question_ids``, in quiz order."""
        wanted = set(question_ids)
        return Quiz(tuple(q for q in self.questions if q.id in wanted), self.title,
                    self.seed, self.topic)


@dataclass(frozen=True)
class Result:
    """The grade of one response to one question.

    ``status`` is ``"correct"``, ``"partial"``, ``"incorrect"`` or
    ``"unanswered"``; ``message`` is short feedback; ``expected`` the right
    answer as text; ``items`` says per pair (matching, diagram) whether it
    was right.
    """

    question_id: str
    status: str
    score: float
    points: float
    message: str
    expected: str
    items: tuple[bool, ...] = field(default=())

    @property
    def correct(self) -> bool:
        return self.status == "correct"


@dataclass(frozen=True)
class QuizResult:
    """Results of a whole quiz, in quiz order."""

    results: tuple[Result, ...]

    @property
    def score(self) -> float:
        return sum(r.score for r in self.results)

    @property
    def points(self) -> float:
        return sum(r.points for r in self.results)

    @property
    def missed(self) -> tuple[str, ...]:
        """Ids of questions not fully right (including unanswered ones)."""
        return tuple(r.question_id for r in self.results if not r.correct)

    @property
    def summary(self) -> str:
        """e.g. ``'Score: 3 of 5 points (2 questions to retry)'``."""
        missed = len(self.missed)
        retry = (f" ({missed} question{'s' if missed != 1 else ''} to retry)"
                 if missed else " (all correct)")
        return f"Score: {_number(self.score)} of {_number(self.points)} points{retry}"


def _number(value: float) -> str:
    return f"{value:g}" if value == round(value, 2) else f"{value:.2f}"
