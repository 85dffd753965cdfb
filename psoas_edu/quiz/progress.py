"""A student's progress between quiz sessions: scores per topic and questions missed.

Kept in a small JSON file (``~/.psoas-edu/progress.json`` unless the
``PSOAS_EDU_PROGRESS`` environment variable names another), so the questions a
student misses come back in the next quiz until they are answered right.
Updating is a pure function (:func:`record_answer`); reading and writing are
apart (:func:`load_progress`, :func:`save_progress`). The file holds question
ids and where each question came from, never an answer.

Scores count questions, not presses of Check: a question counts once per quiz,
as right at the first attempt or not, and as right in the end or not (a retry
that gets it right moves it to right in the end; checking it again does not
count it twice).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..atomic_write import atomic_write_text
from .model import Question, Result

__all__ = ["Missed", "Progress", "ProgressError", "TopicScore", "default_progress_path",
           "load_progress", "record_answer", "record_quiz", "save_progress"]

_VERSION = 2


class ProgressError(ValueError):
    """The progress file cannot be read; it is left as it is."""


@dataclass(frozen=True)
class TopicScore:
    """Quizzes started in one topic, and the questions answered in them.

    Attributes
    ----------
    quizzes
        Quizzes started.
    questions
        Questions answered, each counted once per quiz however often it was checked.
    first_right
        Of those, the questions right at the first attempt.
    right
        Of those, the questions right in the end (after any retries).
    """

    quizzes: int = 0
    questions: int = 0
    first_right: int = 0
    right: int = 0

    def __add__(self, other: TopicScore) -> TopicScore:
        return TopicScore(self.quizzes + other.quizzes, self.questions + other.questions,
                          self.first_right + other.first_right, self.right + other.right)


@dataclass(frozen=True)
class Missed:
    """A question answered wrongly, and the quiz it came from (to build it again)."""

    topic: str
    n: int
    seed: int
    times: int = 1


@dataclass(frozen=True)
class Progress:
    """Scores per topic (``"all"`` for the mixed quiz) and questions still to learn."""

    topics: dict[str, TopicScore] = field(default_factory=dict)
    missed: dict[str, Missed] = field(default_factory=dict)

    def score(self, topic: str) -> TopicScore:
        return self.topics.get(topic, TopicScore())

    def total(self) -> TopicScore:
        """Every topic's score added up (the mixed quizzes included)."""
        return sum(self.topics.values(), TopicScore())

    def due(self, topic: str) -> dict[str, Missed]:
        """Questions to practise again in a quiz of ``topic``: those missed in it (every
        topic's for ``"all"``, the mixed quiz), oldest first."""
        return {qid: m for qid, m in self.missed.items() if topic in ("all", m.topic)}

    def missed_in(self, topic: str) -> dict[str, Missed]:
        """Questions missed in quizzes of ``topic`` itself (``"all"``: mixed quizzes only)."""
        return {qid: m for qid, m in self.missed.items() if m.topic == topic}


def default_progress_path() -> Path:
    """``$PSOAS_EDU_PROGRESS`` or ``~/.psoas-edu/progress.json``."""
    configured = os.environ.get("PSOAS_EDU_PROGRESS")
    return Path(configured) if configured else Path.home() / ".psoas-edu" / "progress.json"


def record_quiz(progress: Progress, topic: str) -> Progress:
    """``progress`` with one more quiz started in ``topic``."""
    score = progress.score(topic)
    return replace(progress, topics={**progress.topics,
                                     topic: replace(score, quizzes=score.quizzes + 1)})


def record_answer(progress: Progress, question: Question, result: Result, *, topic: str,
                  n: int, seed: int, before: Result | None = None) -> Progress:
    """``progress`` after one checked answer.

    ``before`` is the result this question last had in the same quiz (None at the
    first attempt): a question counts once per quiz, right at the first attempt or
    not, and right in the end or not. A wrong (or partly right) answer puts the
    question on the missed list with the quiz it came from (``topic``, ``n``,
    ``seed``); a right one takes it off. An unanswered check changes nothing.
    """
    if result.status == "unanswered":
        return progress
    score = progress.score(topic)
    if before is None:
        score = replace(score, questions=score.questions + 1,
                        first_right=score.first_right + int(result.correct),
                        right=score.right + int(result.correct))
    elif before.correct != result.correct:
        score = replace(score, right=score.right + (1 if result.correct else -1))
    topics = {**progress.topics, topic: score}
    missed = dict(progress.missed)
    if result.correct:
        missed.pop(question.id, None)
    else:
        earlier = missed.get(question.id)
        # A question keeps the quiz it was first missed in, so it can be built again.
        missed[question.id] = (replace(earlier, times=earlier.times + 1) if earlier
                               else Missed(topic, n, seed))
    return Progress(topics, missed)


def load_progress(path: Path | str | None = None) -> Progress:
    """Read the progress file; an absent file is no progress yet.

    Raises
    ------
    ProgressError
        If the file is not valid progress JSON; the message names the file, line
        and column. The file is left as it is.
    """
    path = Path(path) if path is not None else default_progress_path()
    if not path.exists():
        return Progress()
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ProgressError(f"{path}:{error.lineno} column {error.colno}: {error.msg}; "
                            "expected the JSON progress file this app writes. Move the file "
                            "away to start afresh.") from None
    try:
        if data.get("version") not in (1, _VERSION):
            raise ValueError(f"version {data.get('version')!r}, expected {_VERSION}")
        if data["version"] == 1:
            # Version 1 counted every press of Check: keep the quizzes and the missed
            # questions, start the answer counts afresh.
            topics = {k: TopicScore(quizzes=v["quizzes"]) for k, v in data["topics"].items()}
        else:
            topics = {k: TopicScore(**v) for k, v in data["topics"].items()}
        missed = {k: Missed(**v) for k, v in data["missed"].items()}
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise ProgressError(f"{path}: got {error}; expected the keys 'version', 'topics' and "
                            "'missed' this app writes. Move the file away to start afresh.") \
            from None
    return Progress(topics, missed)


def save_progress(progress: Progress, path: Path | str | None = None) -> Path:
    """Write ``progress`` whole (never half a file), creating its folder."""
    path = Path(path) if path is not None else default_progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"version": _VERSION,
            "topics": {k: vars(v) for k, v in sorted(progress.topics.items())},
            "missed": {k: vars(v) for k, v in progress.missed.items()}}
    return atomic_write_text(path, json.dumps(data, indent=1) + "\n", force=True)
