"""The quiz widget without a browser: controls, answers kept in Python, feedback, retry.

What a person sees and does with the keyboard is tested in test_browser_quiz.py.
"""

import json
import subprocess
import sys

import ipywidgets as w
import pytest

from psoas_edu import build_quiz, load_atlas
from psoas_edu.quiz.model import QUESTION_TYPES, Quiz
from psoas_edu.quiz.widget import QuizWidget, take_quiz


@pytest.fixture(scope="module")
def quiz():
    atlas = load_atlas()
    pool = build_quiz(n=200, seed=1, atlas=atlas)
    one_of_each = [next(q for q in pool if q.type == kind) for kind in QUESTION_TYPES]
    return Quiz(tuple(one_of_each), title="Every type", seed=1)


@pytest.fixture
def widget(quiz):
    return take_quiz(quiz)


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def card(widget, kind):
    return next(c for c in widget.cards if c.question.type == kind)


def answer_right(c):
    q = c.question
    if q.type in ("single_choice", "true_false"):
        c.controls[0].value = q.answers[0]
    elif q.type == "multiple_answer":
        for option, box in zip(q.options, c.controls, strict=True):
            box.value = option.key in q.answers
    elif q.type in ("matching", "label_diagram"):
        for pair, drop in zip(q.pairs, c.controls, strict=True):
            drop.value = pair.answer
    else:
        c.controls[0].value = q.accepted[0].upper()


def test_importing_the_package_does_not_load_ipywidgets():
    code = "import sys, psoas_edu; print('ipywidgets' in sys.modules, 'IPython' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["False", "False"]


def test_every_control_is_a_standard_focusable_widget(widget):
    expected = {"single_choice": w.RadioButtons, "true_false": w.RadioButtons,
                "multiple_answer": w.Checkbox, "matching": w.Dropdown,
                "label_diagram": w.Dropdown, "short_answer": w.Text}
    for c in widget.cards:
        assert c.controls and all(isinstance(x, expected[c.question.type]) for x in c.controls)
        assert isinstance(c.check, w.Button) and c.check.description == "Check"
    assert widget.retry.description == "Retry the ones I missed"


def test_no_answer_or_explanation_is_on_the_page_before_checking(widget):
    state = json.dumps([x.get_state() for x in walk(widget.box)], default=str)
    for c in widget.cards:
        q = c.question
        assert q.explanation[:40] not in state
        if q.type == "short_answer":
            own = json.dumps([x.get_state() for x in walk(c.box)], default=str).lower()
            assert not any(a.lower() in own for a in q.accepted)
    assert "Correct" not in state and "right answer" not in state.lower()
    starts = [x.value for c in widget.cards for x in c.controls]
    assert all(v in (None, "", False) for v in starts)  # nothing pre-chosen


def test_check_shows_feedback_with_explanation_and_source(widget):
    for c in widget.cards:
        answer_right(c)
        c.check.click()
        assert "Correct" in c.feedback.value, (c.question.type, c.feedback.value)
        assert "Source:" in c.feedback.value
    assert widget.score.score == widget.quiz.points
    assert "All right so far." in widget.score_line.value
    assert widget.retry.disabled


def test_a_wrong_answer_can_be_retried(widget):
    single, short = card(widget, "single_choice"), card(widget, "short_answer")
    wrong = next(o.key for o in single.question.options if o.key not in single.question.answers)
    single.controls[0].value = wrong
    single.check.click()
    answer_right(short)
    short.check.click()
    assert "Not quite" in single.feedback.value and "Right answer:" in single.feedback.value
    assert "1 question to retry" in widget.score_line.value
    assert not widget.retry.disabled
    widget.retry.click()
    assert single.controls[0].value is None and single.feedback.value == ""
    assert short.box.layout.display == "none"            # right: hidden
    assert single.box.layout.display is None              # missed: shown again
    assert card(widget, "matching").box.layout.display is None  # not yet checked: kept
    widget.show_all.click()
    assert short.box.layout.display is None


def test_checking_with_nothing_chosen_asks_for_an_answer(widget):
    c = card(widget, "multiple_answer")
    c.check.click()
    assert "No answer yet" in c.feedback.value
    assert c.question.id not in widget.results


def test_the_text_form_of_the_widget_is_stable(widget):
    bundle = widget._repr_mimebundle_()
    assert bundle["text/plain"] == ("Interactive quiz: Every type (6 questions). Open the "
                                    "notebook in JupyterLab to take it.")
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_label_questions_show_their_diagram_with_alt_text(quiz):
    widget = QuizWidget(quiz, figures={q.id: f'<img alt="{q.figure.alt_text}">'
                                       for q in quiz if q.figure is not None})
    label = card(widget, "label_diagram")
    header = label.box.children[0].value
    assert f'alt="{label.question.figure.alt_text}"' in header


def test_instructor_text_is_escaped_in_the_widget():
    from psoas_edu.quiz.model import Question, options_from

    evil = "<script>alert(1)</script>"
    question = Question("evil", "single_choice", f"Where? {evil}",
                        options=options_from([evil, "b"]), answers=("b",),
                        explanation=f"Why {evil}", citation="c")
    widget = QuizWidget(Quiz((question,), title=evil))
    html = widget.box.children[0].value + widget.cards[0].box.children[0].value
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert not widget.cards[0].controls[0].description_allow_html
    widget.answer("evil", "a")
    assert "<script>" not in widget.cards[0].feedback.value
