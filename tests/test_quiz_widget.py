"""The quiz widget without a browser: what the page is sent, feedback, retry.

What a person sees and does with the keyboard is tested in test_browser_quiz.py.
"""

import json
import subprocess
import sys

import pytest

from psoas_edu import build_quiz, load_atlas
from psoas_edu.quiz.model import QUESTION_TYPES, Quiz
from psoas_edu.quiz.widget import QuizWidget, take_quiz


@pytest.fixture(scope="module")
def quiz():
    atlas = load_atlas()
    pool = build_quiz(n=None, seed=1, atlas=atlas)
    one_of_each = [next(q for q in pool if q.type == kind) for kind in QUESTION_TYPES]
    return Quiz(tuple(one_of_each), title="Every type", seed=1)


@pytest.fixture
def widget(quiz):
    return take_quiz(quiz)


def of_type(quiz, kind):
    return next(q for q in quiz if q.type == kind)


def right_response(q):
    if q.type in ("single_choice", "true_false"):
        return q.answers[0]
    if q.type == "multiple_answer":
        return list(q.answers)
    if q.type in ("matching", "label_diagram"):
        return {p.key: p.answer for p in q.pairs}
    return q.accepted[0].upper()


def page_state(widget) -> str:
    """Everything the browser receives about the quiz (not the page's code), as one string."""
    state = {k: v for k, v in widget.get_state().items() if k not in ("_esm", "_css")}
    return json.dumps(state, default=str)


def test_importing_the_package_does_not_load_ipywidgets():
    code = "import sys, psoas_edu; print('ipywidgets' in sys.modules, 'IPython' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["False", "False"]


def test_the_page_gets_every_question_with_its_options_but_no_answer(widget, quiz):
    sent = widget.questions
    assert [q["id"] for q in sent] == [q.id for q in quiz]
    assert [q["number"] for q in sent] == list(range(1, len(quiz) + 1))
    for question, shown in zip(quiz, sent, strict=True):
        assert shown["prompt"] == question.prompt and shown["type"] == question.type
        assert [o["key"] for o in shown["options"]] == [o.key for o in question.options]
        assert set(shown) == {"id", "hid", "number", "type", "prompt", "hint", "options",
                              "pairs", "figure_html"}
        assert all(set(p) == {"key", "prompt"} for p in shown["pairs"])  # no pair answers


def test_no_answer_or_explanation_is_on_the_page_before_checking(widget, quiz):
    state = page_state(widget)
    for q in quiz:
        assert q.explanation[:40] not in state
        assert q.citation[:40] not in state
        if q.type == "short_answer":
            own = json.dumps(next(s for s in widget.questions if s["id"] == q.id)).lower()
            assert not any(a.lower() in own for a in q.accepted)
    assert "Correct" not in state and "right answer" not in state.lower()
    assert widget.feedback == {}


def test_check_sends_feedback_for_that_question_only(widget, quiz):
    for number, q in enumerate(quiz, start=1):
        widget._on_message(widget, {"kind": "check", "id": q.id,
                                    "response": right_response(q)}, [])
        assert len(widget.feedback) == number           # one more question, no other
        html = widget.feedback[q.id]["html"]
        assert "Correct" in html and "Source:" in html, (q.type, html)
        assert 'role="status"' not in html  # the page's own live region announces it
    assert widget.score.score == quiz.points
    assert "All right so far." in widget.score_text
    assert not widget.can_retry


def wrong_response(q):
    return next(o.key for o in q.options if o.key not in q.answers)


def test_a_first_wrong_answer_says_so_and_offers_another_go_without_the_answer(widget, quiz):
    single = of_type(quiz, "single_choice")
    widget._on_message(widget, {"kind": "check", "id": single.id,
                                "response": wrong_response(single)}, [])
    shown = widget.feedback[single.id]
    assert shown["offer"] and shown["status"] == "incorrect"
    assert "Not quite" in shown["html"] and "Try again" in shown["html"]
    assert "Show answer" in shown["html"]
    # Nothing of the answer has reached the page: no answer, reason or source.
    state = page_state(widget)
    assert "Right answer" not in state and "Source:" not in state
    assert single.explanation[:40] not in state and single.citation[:40] not in state
    assert single.option_text(single.answers[0]) not in shown["html"]
    # It counts as the question's first attempt.
    assert widget.first_results[single.id].status == "incorrect"
    assert "1 question to retry" in widget.score_text and widget.can_retry


def test_a_multiple_answer_first_try_counts_the_ticks_without_naming_them(widget, quiz):
    q = of_type(quiz, "multiple_answer")
    wrong = [o.key for o in q.options if o.key not in q.answers][:1]
    widget.answer(q.id, [q.answers[0], *wrong])
    html = widget.feedback[q.id]["html"]
    right_n = len(q.answers)
    assert f"1 of {right_n} right option{'s' if right_n != 1 else ''} ticked" in html, html
    assert "1 wrong" in html and widget.feedback[q.id]["offer"]
    for option in q.options:
        assert option.text not in html  # which ticks are wrong is not said
    assert q.explanation[:40] not in html


def test_a_second_wrong_answer_shows_the_answer_the_reason_and_the_source(widget, quiz):
    single = of_type(quiz, "single_choice")
    widget.answer(single.id, wrong_response(single))
    widget.answer(single.id, wrong_response(single))
    shown = widget.feedback[single.id]
    assert not shown["offer"]
    assert "Right answer:" in shown["html"] and single.option_text(single.answers[0]) in \
        shown["html"]
    assert "Why:" in shown["html"] and "Source:" in shown["html"]
    # The score keeps the first attempt.
    assert widget.first_results[single.id].status == "incorrect"


def test_show_answer_after_a_first_wrong_answer_shows_it(widget, quiz):
    single, short = of_type(quiz, "single_choice"), of_type(quiz, "short_answer")
    widget._on_message(widget, {"kind": "show_answer", "id": single.id}, [])
    assert widget.feedback == {}  # nothing checked yet: nothing to show
    widget.answer(single.id, wrong_response(single))
    widget._on_message(widget, {"kind": "show_answer", "id": single.id}, [])
    shown = widget.feedback[single.id]
    assert not shown["offer"] and "Right answer:" in shown["html"]
    assert "Source:" in shown["html"]
    assert short.id not in widget.feedback  # that question alone
    assert widget.results[single.id].status == "incorrect"  # showing is not answering


def test_trying_again_right_counts_the_first_attempt_and_explains(widget, quiz):
    single = of_type(quiz, "single_choice")
    widget.answer(single.id, wrong_response(single))
    widget.answer(single.id, right_response(single))
    shown = widget.feedback[single.id]
    assert "Correct" in shown["html"] and "Why:" in shown["html"] and not shown["offer"]
    assert "All right so far." in widget.score_text
    assert "First attempts: 0 of 1 point on 1 question." in widget.score_text


def test_missed_questions_can_be_retried_with_a_fresh_first_attempt(widget, quiz):
    single, short = of_type(quiz, "single_choice"), of_type(quiz, "short_answer")
    widget.answer(single.id, wrong_response(single))
    widget.show_answer(single.id)
    widget.answer(short.id, right_response(short))
    assert "1 question to retry" in widget.score_text and widget.can_retry
    token = widget.reset_token
    widget._on_message(widget, {"kind": "retry"}, [])
    assert widget.reset_token == token + 1
    assert widget.cleared == [single.id] and single.id not in widget.feedback
    assert widget.hidden == [short.id]                 # right: hidden
    assert widget.can_show_all and not widget.can_retry
    assert "1 question cleared" in widget.status_text
    # Cleared: a wrong answer is again a first attempt, without the answer.
    widget.answer(single.id, wrong_response(single))
    assert widget.feedback[single.id]["offer"]
    assert "Right answer" not in widget.feedback[single.id]["html"]
    widget._on_message(widget, {"kind": "show_all"}, [])
    assert widget.hidden == [] and not widget.can_show_all


def test_checking_with_nothing_chosen_asks_for_an_answer(widget, quiz):
    q = of_type(quiz, "multiple_answer")
    widget._on_message(widget, {"kind": "check", "id": q.id, "response": []}, [])
    assert "No answer yet" in widget.feedback[q.id]["html"]
    assert q.id not in widget.results


def test_messages_about_unknown_questions_are_ignored(widget):
    widget._on_message(widget, {"kind": "check", "id": "no-such", "response": "a"}, [])
    widget._on_message(widget, {"kind": "something else"}, [])
    assert widget.feedback == {} and widget.results == {}


def test_the_text_form_of_the_widget_is_stable(widget):
    data, _metadata = widget._repr_mimebundle_()
    assert data["text/plain"] == ("Interactive quiz: Every type (6 questions). Open the "
                                  "notebook in JupyterLab to take it.")
    assert "application/vnd.jupyter.widget-view+json" in data


def test_label_questions_show_their_diagram_with_alt_text(quiz):
    widget = QuizWidget(quiz, figures={q.id: f'<img alt="{q.figure.alt_text}">'
                                       for q in quiz if q.figure is not None})
    label = next(s for s in widget.questions if s["type"] == "label_diagram")
    alt = of_type(quiz, "label_diagram").figure.alt_text
    assert label["figure_html"] == f'<img alt="{alt}">'


def test_the_page_keeps_the_keys_and_groups_each_question():
    from pathlib import Path

    import psoas_edu.quiz.widget as module

    script = Path(module.__file__).with_name("widget.js").read_text(encoding="utf-8")
    assert 'setAttribute("data-lm-suppress-shortcuts"' in script
    assert 'make("fieldset"' in script and 'make("legend"' in script
    assert '"aria-live": "polite"' in script
    assert 'event.key === "Escape"' in script  # Esc leaves the quiz (test_browser_quiz.py)
    # The page puts text in with textContent; only HTML built (and escaped) in Python
    # goes in with innerHTML.
    for line in script.splitlines():
        if "innerHTML =" in line:
            assert line.rstrip().endswith(('= "";', "// built and escaped in Python")), line


def test_instructor_text_is_escaped_in_the_feedback():
    from psoas_edu.quiz.model import Question, options_from

    evil = "<script>alert(1)</script>"
    question = Question("evil", "single_choice", f"Where? {evil}",
                        options=options_from([evil, "b"]), answers=("b",),
                        explanation=f"Why {evil}", citation="c")
    widget = QuizWidget(Quiz((question,), title=evil))
    widget.answer("evil", "a")
    widget.show_answer("evil")
    assert "<script>" not in widget.feedback["evil"]["html"]
    assert "&lt;script&gt;" in widget.feedback["evil"]["html"]
