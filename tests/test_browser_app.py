"""The student quiz app in Voila, used with the keyboard only, checked by axe-core.

Voila serves notebooks/app/quiz_app.ipynb with a private progress file. The
test picks a topic, starts a quiz, leaves a question with Esc (the arrow keys
then change no answer), misses a question on purpose, reads the verdict, asks
for the answer, retries, starts a new quiz and finds the missed question back,
answers it right, and reads the progress file. No code and no answer may be
on the page before a question is checked.
"""

from __future__ import annotations

import json

import pytest
from browser_support import (
    NOTEBOOKS,
    axe_violations,
    browser,
    choose_radio,
    focused,
    needs_chromium,
    small_screenshot,
    tab_until,
    voila,
)

from psoas_edu.quiz.app import QuizApp

APP = NOTEBOOKS / "app" / "quiz_app.ipynb"
TOPIC = "attachments"
pytestmark = needs_chromium


def _why(question) -> str:
    """The explanation as shown (whole: it may start with an option's text)."""
    return " ".join(question.explanation.split())


@pytest.fixture(scope="module")
def app_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("voila")
    progress = folder / "progress.json"
    with voila(folder, APP, env={"PSOAS_EDU_PROGRESS": str(progress)}) as url, \
            browser() as chrome:
        page = chrome.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.locator(".psoas-quizw form.pq-setup").wait_for(timeout=120_000)
        yield page, progress


def _expected_quiz(tmp_path, seed_quizzes=0):
    """The quiz the app will build for TOPIC on a fresh progress file."""
    return QuizApp(progress_path=tmp_path / "p.json").start(TOPIC, 5)


def _start(page, topic_label_start: str) -> None:
    state = tab_until(page, lambda f: f["tag"] == "SELECT" and f["label"].startswith("Topic"),
                      limit=20)
    for _ in range(20):
        if page.evaluate("() => document.activeElement.selectedOptions[0].textContent")\
                .startswith(topic_label_start):
            break
        page.keyboard.press("ArrowDown")
    state = tab_until(page, lambda f: f["tag"] == "SELECT", limit=2)
    assert state["value"] == "5"
    tab_until(page, lambda f: f["text"] == "Start quiz", limit=2)
    page.keyboard.press("Enter")
    page.locator(".psoas-quizw .pq-card").first.wait_for(timeout=60_000)
    page.wait_for_function("() => document.activeElement.classList.contains('pq-title')")


def _answer(page, number: int, label: str) -> str:
    """Answer question ``number`` by keyboard and return its feedback text."""
    tab_until(page, lambda f: f["type"] == "radio" and f["card"] != "", limit=60)
    while not page.evaluate(
            "(n) => document.activeElement.closest('.pq-card').querySelector('legend')"
            ".textContent.startsWith(`Question ${n}.`)", number):
        tab_until(page, lambda f: f["type"] == "radio", limit=60)
    choose_radio(page, label)
    page.keyboard.press("Enter")
    live = page.locator(".psoas-quizw .pq-card").nth(number - 1).locator(".pq-feedback")
    page.wait_for_function("(e) => e.textContent.trim().length > 0", arg=live.element_handle())
    return live.inner_text()


def test_the_app_is_taken_by_keyboard_and_brings_missed_questions_back(app_page, tmp_path):
    page, progress = app_page
    text = page.evaluate("() => document.body.innerText")
    assert "quiz_app(" not in text and "import" not in text  # no code shown
    assert axe_violations(page, ".psoas-quizw") == []

    quiz = _expected_quiz(tmp_path)
    radios = [(i, q) for i, q in enumerate(quiz, start=1)
              if q.type in ("single_choice", "true_false")]
    assert radios, "the app's first quiz needs a radio-button question"
    number, missed = radios[0]

    _start(page, "Attachments")
    shown = page.evaluate("() => document.body.innerText")
    for q in quiz:
        assert _why(q) not in shown  # no answer before it is asked for
    legends = page.locator(".psoas-quizw legend").all_inner_texts()
    assert legends == [f"Question {i}. {q.prompt}" for i, q in enumerate(quiz, start=1)]

    headings = page.evaluate("""() => [...document.querySelectorAll('h1, h2, h3, h4')]
        .filter(h => h.offsetParent !== null).map(h => Number(h.tagName[1]))""")
    steps = [b - a for a, b in zip(headings, headings[1:], strict=False)]
    assert headings[0] == 1 and max(steps, default=0) <= 1, headings

    # Enter in a drop-down checks the question, as the page says (nothing chosen yet:
    # the feedback asks for an answer and no progress is recorded).
    lists = [i for i, q in enumerate(quiz, start=1) if q.type in ("matching", "label_diagram")]
    assert lists, "the app's first quiz needs a drop-down question"
    tab_until(page, lambda f: f["tag"] == "SELECT" and f["card"] != "", limit=60)
    card = focused(page)["card"]
    page.keyboard.press("Enter")
    live = page.locator(f"#{card} .pq-feedback")
    page.wait_for_function("(e) => e.textContent.trim().length > 0", arg=live.element_handle())
    assert focused(page)["tag"] == "SELECT"  # still on the list, not in an opened popup

    wrong = next(o.text for o in missed.options if o.key not in missed.answers)
    # Esc leaves the options: the question's group takes focus, so ArrowDown changes no answer.
    card = page.locator(".psoas-quizw .pq-card").nth(number - 1)
    card.locator("input").first.focus()
    choose_radio(page, wrong)
    page.keyboard.press("Escape")
    assert focused(page)["tag"] == "FIELDSET"
    page.keyboard.press("ArrowDown")
    assert card.locator("input:checked + label").inner_text() == wrong
    assert focused(page)["tag"] == "FIELDSET"

    feedback = _answer(page, number, wrong)
    # A first wrong answer: the verdict, no answer yet.
    assert "Not quite" in feedback and "Why:" not in feedback and "Source:" not in feedback
    assert missed.option_text(missed.answers[0]) not in feedback
    assert _why(missed) not in page.evaluate("() => document.body.innerText")
    state = tab_until(page, lambda f: f["text"].startswith("Show answer"), limit=5)
    assert state["text"] == f"Show answer (question {number})"
    page.keyboard.press("Enter")
    page.wait_for_function("(e) => e.textContent.includes('Why:')",
                           arg=card.locator(".pq-feedback").element_handle())
    feedback = card.locator(".pq-feedback").inner_text()
    assert "Why:" in feedback and "Source:" in feedback
    assert missed.option_text(missed.answers[0]) in feedback
    # The button went with the offer; focus went to the question's Check button.
    assert focused(page)["text"] == f"Check question {number}"
    assert axe_violations(page, ".psoas-quizw") == []
    small_screenshot(page, card, "quiz_app.png", max_height=640)  # the missed question

    saved = json.loads(progress.read_text(encoding="utf-8"))
    assert list(saved["missed"]) == [missed.id]
    assert saved["topics"][TOPIC] == {"quizzes": 1, "questions": 1, "first_right": 0,
                                      "right": 0}

    tab_until(page, lambda f: f["text"] == "Retry the ones I missed", limit=80)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.type === 'radio'")
    assert focused(page)["card"].endswith(missed.html_id())

    tab_until(page, lambda f: f["text"] == "New quiz", limit=80)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.tagName === 'SELECT'")
    table = page.locator(".psoas-quizw .pq-progress").inner_text()
    assert "To practise again" in table and "Total, all quizzes" in table
    # The topic chosen last time is still chosen.
    assert page.evaluate("() => document.activeElement.value") == TOPIC

    page.keyboard.press("Shift+Tab")  # back before the topic list, then start again
    _start(page, "Attachments")
    title = page.locator(".psoas-quizw .pq-title").inner_text()
    assert "1 to practise again" in title
    first = page.locator(".psoas-quizw legend").first.inner_text()
    assert first == f"Question 1. {missed.prompt}"  # the missed question is back, first
    feedback = _answer(page, 1, missed.option_text(missed.answers[0]))
    assert "Correct" in feedback
    saved = json.loads(progress.read_text(encoding="utf-8"))
    assert saved["missed"] == {}  # learned
    assert saved["topics"][TOPIC]["quizzes"] == 2
