"""The student quiz app: pick a topic and a length, take the quiz, retry, start anew.

Served by Voila (``make quiz-app``) from ``notebooks/app/quiz_app.ipynb``, whose
one cell is ``quiz_app()``. The page is the quiz widget's (so it works with the
keyboard alone and never holds an answer) with a start form before each quiz.
Every checked answer updates the student's progress file: the questions missed
come back in the next quiz of that topic until they are answered right.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .generate import TOPICS, build_quiz
from .model import Question, Quiz, Result
from .progress import (
    Progress,
    ProgressError,
    TopicScore,
    default_progress_path,
    load_progress,
    record_answer,
    record_quiz,
    save_progress,
)
from .widget import QuizWidget

if TYPE_CHECKING:
    from ..facts.atlas import Atlas

__all__ = ["LENGTHS", "QuizApp", "quiz_app", "topic_choices"]

#: Quiz lengths offered, in questions.
LENGTHS = (5, 10, 15)


def topic_choices() -> list[dict[str, str]]:
    """The topics offered: every topic mixed first, then each quiz topic."""
    return [{"value": "all", "label": "Mixed: questions from every topic"}] + [
        {"value": name, "label": f"{name.replace('_', ' ').capitalize()}: {about}"}
        for name, about in TOPICS.items()]


class QuizApp(QuizWidget):
    """The quiz widget with a start form and a progress file.

    Parameters
    ----------
    progress_path
        The JSON progress file (see :mod:`psoas_edu.quiz.progress`).
    atlas
        The facts; loaded from ``data/`` if not given.
    """

    def __init__(self, *, progress_path: Path | str | None = None,
                 atlas: Atlas | None = None) -> None:
        super().__init__(topics=topic_choices(), lengths=list(LENGTHS), mode="setup")
        from ..facts.atlas import load_atlas

        self.atlas = atlas if atlas is not None else load_atlas()
        self.progress_path = Path(progress_path or default_progress_path())
        self.problem = ""
        try:
            self.progress = load_progress(self.progress_path)
        except ProgressError as error:
            # Keep the student's file: show why, and keep this session's progress in memory.
            self.progress, self.problem = Progress(), str(error)
        self._current: tuple[str, int, int] = ("all", LENGTHS[0], 0)
        # This quiz's latest result per question, so a question counts once per quiz.
        self._latest: dict[str, Result] = {}
        self.progress_html = self._progress_html()

    def start(self, topic: str, n: int) -> Quiz:
        """Build and show a quiz: the questions still missed in ``topic`` first, then
        new ones (the seed counts the quizzes started, so each quiz is new)."""
        if topic not in {c["value"] for c in self.topics} or n not in LENGTHS:
            raise ValueError(f"topic {topic!r} and length {n!r}: expected one of "
                             f"{[c['value'] for c in self.topics]} and one of {LENGTHS}")
        seed = self.progress.score(topic).quizzes
        fresh = self._build(topic, n, seed)
        again = self._missed_questions(topic)[:n]
        again_ids = {q.id for q in again}
        questions = again + [q for q in fresh if q.id not in again_ids][:n - len(again)]
        label = _short(next(c["label"] for c in self.topics if c["value"] == topic))
        title = f"{label} quiz ({len(again)} to practise again)" if again else f"{label} quiz"
        quiz = Quiz(tuple(questions), title=title, seed=seed, topic=topic)
        self._current = (topic, n, seed)
        self._latest = {}
        self.progress = record_quiz(self.progress, topic)
        self._save()
        from .figures import figure_images

        with self.hold_sync():
            self.load(quiz, figures=figure_images(quiz, atlas=self.atlas))
            self.choice = {"topic": topic, "n": n}
            self.mode = "quiz"
        return quiz

    def new_quiz(self) -> None:
        """Back to the start form, with the progress so far."""
        with self.hold_sync():
            self.progress_html = self._progress_html()
            self.mode = "setup"

    def _build(self, topic: str, n: int, seed: int) -> Quiz:
        return build_quiz(topic=None if topic == "all" else topic, n=n, seed=seed,
                          atlas=self.atlas)

    def _missed_questions(self, topic: str) -> list[Question]:
        """The missed questions, built again from the quizzes they came from."""
        built: dict[tuple[str, int, int], Quiz] = {}
        questions = []
        for question_id, missed in self.progress.due(topic).items():
            origin = (missed.topic, missed.n, missed.seed)
            if origin not in built:
                try:
                    built[origin] = self._build(*origin)
                except ValueError:  # the facts or the bank changed since
                    continue
            if question_id in {q.id for q in built[origin]}:
                questions.append(built[origin][question_id])
        return questions

    def _recorded(self, question: Question, result: Result) -> None:
        topic, n, seed = self._current
        before = self._latest.get(question.id)
        if result.status != "unanswered":
            self._latest[question.id] = result
        # A question missed before keeps the quiz it was first missed in (record_answer).
        self.progress = record_answer(self.progress, question, result, topic=topic, n=n,
                                      seed=seed, before=before)
        self._save()

    def _save(self) -> None:
        if not self.problem:  # never write over a file that could not be read
            save_progress(self.progress, self.progress_path)

    def _progress_html(self) -> str:
        """The start form's progress table: one row per topic taken, then the totals."""
        rows = []
        for choice in self.topics:
            topic = choice["value"]
            score, due = self.progress.score(topic), len(self.progress.missed_in(topic))
            if score.quizzes or due:
                rows.append(_progress_row(f"<td>{html.escape(_short(choice['label']))}</td>",
                                          score, due))
        problem = (f'<p role="alert"><strong>Progress not saved:</strong> '
                   f"{html.escape(self.problem)}</p>" if self.problem else "")
        if not rows:
            return problem + "<p>No quizzes yet. Your progress is kept on this computer.</p>"
        total = _progress_row('<th scope="row">Total, all quizzes</th>', self.progress.total(),
                              len(self.progress.missed))
        return (problem + "<h3>Your progress</h3>"
                "<p>Each question counts once per quiz: right at the first attempt, and "
                "right in the end (after retries).</p>"
                '<table><thead><tr><th scope="col">Topic</th><th scope="col">Quizzes</th>'
                '<th scope="col">Questions answered</th><th scope="col">Right first time</th>'
                '<th scope="col">Right in the end</th><th scope="col">To practise again</th>'
                "</tr></thead><tbody>" + "".join(rows) + f"</tbody><tfoot>{total}</tfoot>"
                "</table>")

    def _repr_mimebundle_(self, **kwargs) -> tuple[dict, dict]:
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data["text/plain"] = ("Quiz app: pick a topic and a length, then take the quiz. "
                              "Serve it with `make quiz-app`.")
        return data, metadata

    def _on_message(self, widget: Any, content: dict, buffers: Any) -> None:
        kind = content.get("kind")
        if kind == "start":
            self.start(str(content.get("topic")), int(content.get("n", 0)))
        elif kind == "new":
            self.new_quiz()
        else:
            super()._on_message(widget, content, buffers)


def _short(label: str) -> str:
    """A topic's name without its description."""
    return label.split(":")[0]


def _progress_row(first_cell: str, score: TopicScore, due: int) -> str:
    return (f"<tr>{first_cell}<td>{score.quizzes}</td><td>{score.questions}</td>"
            f"<td>{score.first_right}</td><td>{score.right}</td><td>{due}</td></tr>")


def quiz_app(*, progress_path: Path | str | None = None) -> QuizApp:
    """The student quiz app (display it; Voila shows it as a page).

    Parameters
    ----------
    progress_path
        Where progress is kept; default ``$PSOAS_EDU_PROGRESS`` or
        ``~/.psoas-edu/progress.json``.

    Returns
    -------
    QuizApp
    """
    return QuizApp(progress_path=progress_path)
