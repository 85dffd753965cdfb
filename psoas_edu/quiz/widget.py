"""Take a quiz in JupyterLab or Voila: choose, press Check, try again or see the answer.

The quiz is an `anywidget <https://anywidget.dev>`_ whose page (``widget.js``,
``widget.css``) is plain HTML form controls: each question is a ``fieldset``
named by its ``legend``, radio buttons share a name (so the arrow keys choose),
every Check button has its own accessible name ("Check question 3"), and each
question's feedback goes into a live region that is on the page from the start.
The widget carries ``data-lm-suppress-shortcuts``, so inside JupyterLab the
keys reach the quiz instead of moving the notebook to another cell; Esc leaves
the quiz (focus goes back to the notebook's cell, so its arrow keys move between
cells again, or in Voila to the question's group, so they change no answer).

Right answers stay in Python: the page receives each question's prompt, options
and hint only; the student's response is sent back and graded by
:func:`psoas_edu.quiz.grade.grade`. A first wrong attempt is told it is not
right (for a multiple-answer question, how many ticks are right and wrong) and
offered Try again and Show answer; the right answer, the explanation and the
source are sent, for that question alone, on a right answer, on a second wrong
attempt, or when the student presses Show answer.

ipywidgets is imported when a quiz is built, never by ``import psoas_edu``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets as t

from .grade import Response, grade
from .model import Question, Quiz, QuizResult, Result
from .render import TYPE_HINT, feedback_html

if TYPE_CHECKING:
    from ..facts.atlas import Atlas

__all__ = ["QuizWidget", "public_question", "score_text", "take_quiz"]

_HERE = Path(__file__).parent


def public_question(number: int, question: Question, figure_html: str | None = None) -> dict:
    """What the page may know about a question: never its answers or explanation.

    Parameters
    ----------
    number
        Its number in the quiz, from 1.
    question
        The question.
    figure_html
        Its diagram as HTML (an ``<img alt=...>``), for label-the-diagram questions.

    Returns
    -------
    dict
        ``id``, ``hid`` (HTML id part), ``number``, ``type``, ``prompt``, ``hint``,
        ``options`` (key and text), ``pairs`` (key and prompt), ``figure_html``.
    """
    return {
        "id": question.id,
        "hid": question.html_id(),
        "number": number,
        "type": question.type,
        "prompt": question.prompt,
        "hint": TYPE_HINT[question.type],
        "options": [{"key": o.key, "text": o.text} for o in question.options],
        "pairs": [{"key": p.key, "prompt": p.prompt} for p in question.pairs],
        "figure_html": figure_html or "",
    }


def _points(value: float) -> str:
    return f"{value:g} point{'s' if value != 1 else ''}"


def score_text(result: QuizResult, quiz: Quiz, first: QuizResult | None = None) -> str:
    """The running score in words, e.g. ``Score: 3 of 4 points on 3 of 5 questions
    checked. 1 question to retry.``; with ``first`` (each question's first checked
    result) it also gives the first attempts once a question has been checked again
    or cleared for a retry."""
    checked = len(result.results)
    in_all = f" The quiz has {_points(quiz.points)} in all."
    first_text = ""
    if first is not None and first.results != result.results:
        first_text = (f" First attempts: {first.score:g} of {_points(first.points)} on "
                      f"{len(first.results)} question{'s' if len(first.results) != 1 else ''}.")
    if not checked:
        return f"Score: nothing checked yet (0 of {len(quiz)} questions).{first_text}{in_all}"
    missed = len(result.missed)
    retry = (f" {missed} question{'s' if missed != 1 else ''} to retry." if missed
             else " All right so far.")
    return (f"Score now: {result.score:g} of {_points(result.points)} on {checked} of "
            f"{len(quiz)} questions checked.{retry}{first_text}{in_all}")


class QuizWidget(anywidget.AnyWidget):
    """An interactive quiz; display it in a notebook cell.

    ``results`` holds the latest :class:`~psoas_edu.quiz.model.Result` of
    each checked question; ``score`` grades them as a
    :class:`~psoas_edu.quiz.model.QuizResult`.
    """

    _esm = _HERE / "widget.js"
    _css = _HERE / "widget.css"

    title = t.Unicode("").tag(sync=True)
    questions = t.List(t.Dict()).tag(sync=True)
    feedback = t.Dict().tag(sync=True)
    hidden = t.List(t.Unicode()).tag(sync=True)
    cleared = t.List(t.Unicode()).tag(sync=True)
    reset_token = t.Int(0).tag(sync=True)
    score_text = t.Unicode("").tag(sync=True)
    status_text = t.Unicode("").tag(sync=True)
    can_retry = t.Bool(False).tag(sync=True)
    can_show_all = t.Bool(False).tag(sync=True)
    # Used by the quiz app (psoas_edu.quiz.app); an empty topic list means a plain quiz.
    mode = t.Unicode("quiz").tag(sync=True)
    topics = t.List(t.Dict()).tag(sync=True)
    lengths = t.List(t.Int()).tag(sync=True)
    progress_html = t.Unicode("").tag(sync=True)
    choice = t.Dict().tag(sync=True)  # the app's last topic and length: {"topic", "n"}

    def __init__(self, quiz: Quiz | None = None, *, figures: dict[str, str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.quiz = Quiz((), title="Quiz")
        self.results: dict[str, Result] = {}
        self.first_results: dict[str, Result] = {}
        # Wrong attempts since the question was last cleared, and the questions whose
        # answer has been shown since.
        self.wrong_attempts: dict[str, int] = {}
        self.revealed: set[str] = set()
        self.on_msg(self._on_message)
        if quiz is not None:
            self.load(quiz, figures=figures)

    def load(self, quiz: Quiz, *, figures: dict[str, str] | None = None) -> None:
        """Show ``quiz``, with nothing answered yet."""
        figures = figures or {}
        self.quiz = quiz
        self.results = {}
        self.first_results = {}
        self.wrong_attempts = {}
        self.revealed = set()
        with self.hold_sync():
            self.title = quiz.title
            self.feedback = {}
            self.hidden = []
            self.cleared = []
            self.can_show_all = False
            self.questions = [public_question(i, q, figures.get(q.id))
                              for i, q in enumerate(quiz, start=1)]
            self._refresh()

    @property
    def score(self) -> QuizResult:
        return QuizResult(tuple(self.results[q.id] for q in self.quiz if q.id in self.results))

    def answer(self, question_id: str, response: Response) -> Result:
        """Grade ``response`` for one question and show its feedback, as Check does.

        A first wrong attempt gets the verdict only and the offer to try again or
        show the answer; a right answer, a second wrong attempt, or any attempt
        after the answer was shown gets the answer, the explanation and the source.
        """
        question = self.quiz[question_id]
        result = grade(question, response)
        if result.status != "unanswered" and not result.correct:
            self.wrong_attempts[question_id] = self.wrong_attempts.get(question_id, 0) + 1
        reveal = (result.correct or question_id in self.revealed
                  or self.wrong_attempts.get(question_id, 0) > 1)
        if reveal and result.status != "unanswered":
            self.revealed.add(question_id)
        self._show_feedback(question, result, reveal=reveal)
        if result.status == "unanswered":
            self.results.pop(question_id, None)
        else:
            self.results[question_id] = result
            self.first_results.setdefault(question_id, result)
        self._refresh()
        self._recorded(question, result)
        return result

    def show_answer(self, question_id: str) -> Result | None:
        """Show the right answer, the explanation and the source of a question
        answered wrongly, as Show answer does; returns its latest result, or None
        (nothing shown) if it has no wrong answer checked."""
        result = self.results.get(question_id)
        if result is None or result.correct:
            return None
        self.revealed.add(question_id)
        self._show_feedback(self.quiz[question_id], result, reveal=True)
        return result

    def _show_feedback(self, question: Question, result: Result, *, reveal: bool) -> None:
        offer = result.status != "unanswered" and not reveal
        self.feedback = {**self.feedback, question.id: {
            "status": result.status, "offer": offer,
            "html": feedback_html(question, result, live=False, reveal=reveal)}}

    def _recorded(self, question: Question, result: Result) -> None:
        """Called after each graded answer (the app keeps progress here)."""

    def retry_missed(self) -> tuple[str, ...]:
        """Clear the checked questions that were not right, hide the right ones, and
        return the ids cleared (questions not yet checked stay as they are)."""
        missed = self.score.missed
        right = [i for i, r in self.results.items() if r.correct]
        for question_id in missed:
            del self.results[question_id]
            self.wrong_attempts.pop(question_id, None)
            self.revealed.discard(question_id)
        with self.hold_sync():
            self.feedback = {k: v for k, v in self.feedback.items() if k not in missed}
            self.hidden = right
            self.cleared = list(missed)
            self.can_show_all = bool(right)
            n = len(missed)
            self.status_text = (f"{n} question{'s' if n != 1 else ''} cleared for another "
                                f"go; {len(right)} right answer{'s' if len(right) != 1 else ''}"
                                " hidden.")
            self._refresh()
            self.reset_token += 1
        return missed

    def show_all(self) -> None:
        """Show every question again (after :meth:`retry_missed`)."""
        with self.hold_sync():
            self.hidden = []
            self.cleared = []
            self.can_show_all = False
            self.status_text = "Every question is shown again."
            self.reset_token += 1

    def _refresh(self) -> None:
        first = QuizResult(tuple(self.first_results[q.id] for q in self.quiz
                                 if q.id in self.first_results))
        self.score_text = score_text(self.score, self.quiz, first)
        self.can_retry = bool(self.score.missed)

    def _on_message(self, _widget: Any, content: dict, _buffers: Any) -> None:
        kind = content.get("kind")
        if kind == "check" and content.get("id") in {q.id for q in self.quiz}:
            self.answer(content["id"], content.get("response"))
        elif kind == "show_answer" and content.get("id") in {q.id for q in self.quiz}:
            self.show_answer(content["id"])
        elif kind == "retry":
            self.retry_missed()
        elif kind == "show_all":
            self.show_all()

    def _repr_mimebundle_(self, **kwargs) -> tuple[dict, dict]:
        shown = super()._repr_mimebundle_(**kwargs)
        data, metadata = shown if isinstance(shown, tuple) else (shown or {}, {})
        # A stable text form (the widget's own repr lists every trait).
        data["text/plain"] = (f"Interactive quiz: {self.quiz.title} ({len(self.quiz)} "
                              "questions). Open the notebook in JupyterLab to take it.")
        return data, metadata


def take_quiz(quiz: Quiz, *, atlas: Atlas | None = None) -> QuizWidget:
    """An interactive quiz with feedback, a running score and a retry button.

    Parameters
    ----------
    quiz
        From :func:`psoas_edu.build_quiz`.
    atlas
        Facts for diagram questions; loaded from ``data/`` if needed and not given.

    Returns
    -------
    QuizWidget
        Display it (leave it as the last line of a cell).
    """
    from .figures import figure_images

    return QuizWidget(quiz, figures=figure_images(quiz, atlas=atlas))
