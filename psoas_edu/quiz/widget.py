"""Take a quiz in JupyterLab: choose, press Check, read the feedback, retry.

Built from standard, focusable ipywidgets (radio buttons, tick boxes,
drop-downs, a text box and buttons), so the quiz works with the keyboard
alone: Tab moves between controls, arrow keys choose a radio button, Space
ticks a box, Enter or Space presses a button. Right answers stay in Python:
widgets hold option keys and texts only, and the feedback (with the answer)
is put on the page after Check. Grading is :func:`psoas_edu.quiz.grade.grade`.

ipywidgets is imported when a quiz is built, never by ``import psoas_edu``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .grade import Response, grade
from .model import Question, Quiz, QuizResult, Result
from .render import feedback_html, score_html

if TYPE_CHECKING:
    from ..facts.atlas import Atlas

__all__ = ["QuizWidget", "take_quiz"]

_PLACEHOLDER = "\u2014 choose \u2014"


class _Card:
    """The controls of one question and how to read a response from them."""

    def __init__(self, number: int, question: Question, figure_html: str | None,
                 on_check) -> None:
        import html

        import ipywidgets as w

        self.question = question
        header = (f'<h4 id="{question.html_id("title")}">Question {number}</h4>'
                  f"<p>{html.escape(question.prompt)}</p>")
        if figure_html:
            header += figure_html
        self.controls: list[Any] = []
        self.inputs = self._inputs(w, question)
        self.check = w.Button(description="Check", tooltip=f"Check question {number}",
                              icon="check")
        self.check.on_click(lambda _button: on_check(self))
        self.feedback = w.HTML(value="")
        self.box = w.VBox([w.HTML(value=header), self.inputs, self.check, self.feedback],
                          layout=w.Layout(border_bottom="1px solid #bbb", padding="0 0 8px 0"))

    def _inputs(self, w, question: Question):
        kind = question.type
        if kind in ("single_choice", "true_false"):
            radios = w.RadioButtons(options=[(o.text, o.key) for o in question.options],
                                    value=None, layout=w.Layout(width="auto"))
            self.controls = [radios]
            return radios
        if kind == "multiple_answer":
            self.controls = [w.Checkbox(value=False, description=o.text, indent=False,
                                        layout=w.Layout(width="auto"))
                             for o in question.options]
            return w.VBox(self.controls)
        if kind in ("matching", "label_diagram"):
            choices = [(_PLACEHOLDER, "")] + [(o.text, o.key) for o in question.options]
            self.controls = [w.Dropdown(options=choices, value="", description=p.prompt,
                                        style={"description_width": "initial"},
                                        layout=w.Layout(width="auto"))
                             for p in question.pairs]
            return w.VBox(self.controls)
        text = w.Text(value="", placeholder="Type your answer", description="Answer:")
        self.controls = [text]
        return text

    def response(self) -> Response:
        kind = self.question.type
        if kind in ("single_choice", "true_false"):
            return self.controls[0].value
        if kind == "multiple_answer":
            return [o.key for o, box in zip(self.question.options, self.controls, strict=True)
                    if box.value]
        if kind in ("matching", "label_diagram"):
            return {p.key: box.value or None
                    for p, box in zip(self.question.pairs, self.controls, strict=True)}
        return self.controls[0].value

    def reset(self) -> None:
        empty = {"single_choice": None, "true_false": None, "multiple_answer": False}
        for control in self.controls:
            control.value = empty.get(self.question.type, "")
        self.feedback.value = ""


class QuizWidget:
    """An interactive quiz; display it in a notebook cell.

    ``results`` holds the latest :class:`~psoas_edu.quiz.model.Result` of
    each checked question; ``score`` grades them as a
    :class:`~psoas_edu.quiz.model.QuizResult`.
    """

    def __init__(self, quiz: Quiz, *, figures: dict[str, str] | None = None) -> None:
        import html

        import ipywidgets as w

        self.quiz = quiz
        self.results: dict[str, Result] = {}
        figures = figures or {}
        self.cards = [_Card(i, q, figures.get(q.id), self._check)
                      for i, q in enumerate(quiz, start=1)]
        self.score_line = w.HTML(value=score_html(self.score, quiz=quiz))
        self.retry = w.Button(description="Retry the ones I missed", icon="refresh",
                              tooltip="Clear and show again only the questions not yet right",
                              disabled=True)
        self.retry.on_click(lambda _button: self.retry_missed())
        self.show_all = w.Button(description="Show all questions", icon="list",
                                 tooltip="Show every question again", disabled=True)
        self.show_all.on_click(lambda _button: self._show_every_card())
        title = w.HTML(value=f"<h3>{html.escape(quiz.title)}</h3><p>Answer a question, then "
                             "press <strong>Check</strong> to see if it is right and why.</p>")
        self.box = w.VBox([title, *[c.box for c in self.cards], self.score_line,
                           w.HBox([self.retry, self.show_all])])

    @property
    def score(self) -> QuizResult:
        return QuizResult(tuple(self.results[q.id] for q in self.quiz if q.id in self.results))

    def answer(self, question_id: str, response: Response) -> Result:
        """Grade ``response`` as if typed in and checked (for scripts and tests)."""
        card = next(c for c in self.cards if c.question.id == question_id)
        return self._record(card, grade(card.question, response))

    def _check(self, card: _Card) -> None:
        self._record(card, grade(card.question, card.response()))

    def _record(self, card: _Card, result: Result) -> Result:
        card.feedback.value = feedback_html(card.question, result)
        if result.status == "unanswered":
            self.results.pop(card.question.id, None)
        else:
            self.results[card.question.id] = result
        self._refresh()
        return result

    def _refresh(self) -> None:
        self.score_line.value = score_html(self.score, quiz=self.quiz)
        self.retry.disabled = not self.score.missed

    def retry_missed(self) -> tuple[str, ...]:
        """Clear the checked questions that were not right, hide the right ones, and
        return the ids cleared (questions not yet checked stay as they are)."""
        missed = self.score.missed
        for card in self.cards:
            result = self.results.get(card.question.id)
            card.box.layout.display = "none" if result is not None and result.correct else None
            if card.question.id in missed:
                card.reset()
                del self.results[card.question.id]
        self.show_all.disabled = False
        self._refresh()
        return missed

    def _show_every_card(self) -> None:
        for card in self.cards:
            card.box.layout.display = None
        self.show_all.disabled = True

    def _repr_mimebundle_(self, **kwargs) -> dict:
        bundle = self.box._repr_mimebundle_(**kwargs)
        # A stable text form (the widget's own repr lists every control).
        bundle["text/plain"] = (f"Interactive quiz: {self.quiz.title} ({len(self.quiz)} "
                                "questions). Open the notebook in JupyterLab to take it.")
        return bundle


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
