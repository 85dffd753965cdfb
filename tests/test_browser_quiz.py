"""The quiz notebook in a real JupyterLab, driven by keyboard in headless Chromium.

One JupyterLab serves a copy of notebooks/ for the whole module. The tests run
notebook 06 with Run All, check that no right answer is on the page, answer
questions with the keyboard only (arrow keys, Space, Tab, Enter) while the
notebook's active cell stays where it was, try again after a wrong answer, retry,
leave the quiz with Esc, and run axe-core on the quiz.
Screenshots go to build/screenshots/ (docs/screenshots/ only with
PSOAS_EDU_UPDATE_SCREENSHOTS=1).
"""

from __future__ import annotations

import ast
import json
import shutil

import pytest
from browser_support import (
    NOTEBOOKS,
    axe_violations,
    browser,
    choose_radio,
    contrast,
    focused,
    jupyterlab,
    lab_url,
    needs_chromium,
    open_and_run_all,
    small_screenshot,
    tab_until,
)

from psoas_edu import build_quiz

NOTEBOOK = NOTEBOOKS / "06_self_study_quiz.ipynb"
pytestmark = needs_chromium


def _why(question) -> str:
    """The explanation as shown (whole: it may start with an option's text)."""
    return " ".join(question.explanation.split())


def _notebook_quiz():
    """The quiz the notebook builds: the keyword arguments of its build_quiz call."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    source = next("".join(c["source"]) for c in cells
                  if c["cell_type"] == "code" and "build_quiz(" in "".join(c["source"]))
    call = next(node for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "build_quiz")
    return build_quiz(**{k.arg: ast.literal_eval(k.value) for k in call.keywords})


@pytest.fixture(scope="module")
def quiz():
    return _notebook_quiz()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """Notebook 06 in JupyterLab after Run All (one server and page for the module)."""
    folder = tmp_path_factory.mktemp("lab")
    served = folder / "served"
    shutil.copytree(NOTEBOOKS, served)
    with jupyterlab(folder, served) as base, browser() as chrome:
        page = chrome.new_page(viewport={"width": 1280, "height": 900})
        open_and_run_all(page, lab_url(base, NOTEBOOK.name))
        page.locator(".psoas-quizw .pq-card").first.wait_for(timeout=60_000)
        yield page


def _active_cell(page) -> int:
    return page.evaluate("""() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]
        .findIndex(c => c.classList.contains('jp-mod-active'))""")


def _output_text(page) -> str:
    return page.evaluate("""() => [...document.querySelectorAll('.jp-OutputArea-output')]
        .map(o => o.innerText).join('\\n')""")


def test_after_run_all_no_right_answer_is_on_the_page(page, quiz):
    text = _output_text(page)
    assert "Question 1" in text  # the quiz and the printable version are there
    assert "right answer" not in text.lower() and "answer key" not in text.lower()
    assert "Why:" not in text and "Correct" not in text
    for q in quiz:
        assert _why(q) not in text, q.id
    html = page.evaluate("() => document.querySelector('.jp-Notebook').innerHTML")
    for q in quiz:
        assert _why(q) not in html, q.id  # not even hidden in the page


def test_a_question_answered_by_keyboard_with_arrow_keys_keeps_the_active_cell(page, quiz):
    number, first = next((i, q) for i, q in enumerate(quiz, start=1)
                         if q.type in ("single_choice", "true_false"))
    right = first.option_text(first.answers[0])
    page.locator(".psoas-quizw").first.click(position={"x": 5, "y": 5})  # focus near the quiz
    cell = _active_cell(page)

    state = tab_until(page, lambda f: f["type"] == "radio" and f["inQuiz"])
    if not state["checked"]:
        page.keyboard.press("Space")
    # Arrow keys move the choice through the options and never leave the quiz or the cell.
    for _ in range(len(first.options)):
        state = focused(page)
        if state["label"] == right:
            break
        page.keyboard.press("ArrowDown")
        assert _active_cell(page) == cell
        state = focused(page)
        assert state["inQuiz"] and state["type"] == "radio" and state["checked"], state
    assert focused(page)["label"] == right
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowDown") if focused(page)["label"] != right else None
    assert _active_cell(page) == cell

    state = tab_until(page, lambda f: f["tag"] == "BUTTON", limit=3)
    assert state["text"] == f"Check question {number}"
    ring = page.evaluate("""() => {
        const s = getComputedStyle(document.activeElement);
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
                background: getComputedStyle(document.activeElement.closest('.psoas-quizw'))
                            .backgroundColor};
    }""")
    assert ring["style"] != "none" and ring["width"] >= 2
    assert contrast(ring["color"], ring["background"]) >= 3.0, ring
    page.keyboard.press("Enter")

    feedback = page.locator(f".psoas-quizw #{first.html_id('feedback')}").first
    feedback.wait_for(timeout=30_000)
    text = feedback.inner_text()
    assert "Correct." in text and "Why:" in text and "Source:" in text
    assert first.citation[:30] in text
    # Focus stays on the Check button; the active cell has not moved.
    assert focused(page)["text"] == f"Check question {number}"
    assert _active_cell(page) == cell
    score = page.locator(".psoas-quizw .pq-score").first
    assert f"on 1 of {len(quiz)} questions checked" in score.inner_text()
    # Only that question's answer has reached the page.
    for q in quiz:
        if q.id != first.id:
            assert _why(q) not in _output_text(page), q.id

    # The question answered, its feedback, reason and source (the README's picture).
    small_screenshot(page, page.locator(f".psoas-quizw [id$='-{first.html_id()}']").first,
                     "quiz_answered.png", max_height=560)


def _radio_questions(quiz):
    return [(i, q) for i, q in enumerate(quiz, start=1)
            if q.type in ("single_choice", "true_false")]


def _card(page, q):
    return page.locator(f".psoas-quizw [id$='-{q.html_id()}']").first


def test_a_first_wrong_answer_offers_another_go_and_the_second_shows_the_answer(page, quiz):
    number, q = _radio_questions(quiz)[-1]
    wrong = [o.text for o in q.options if o.key not in q.answers]
    card = _card(page, q)
    card.locator("input").first.focus()
    cell = _active_cell(page)
    choose_radio(page, wrong[0])
    page.keyboard.press("Enter")  # Enter on an option checks the question
    card.locator(f"#{q.html_id('feedback')}").wait_for(timeout=30_000)
    text = card.inner_text()
    assert "Not quite" in text and "Try again" in text
    # Not the answer yet: no right answer, reason or source on the page.
    assert "Right answer:" not in text and "Why:" not in text
    assert _why(q) not in _output_text(page)
    assert focused(page)["label"] == wrong[0]  # focus stays on the control

    state = tab_until(page, lambda f: f["text"].startswith("Try again"), limit=5)
    assert state["text"] == f"Try again (question {number})" and state["inQuiz"]
    page.keyboard.press("Enter")
    state = focused(page)  # back on the answer, for another go
    assert state["type"] == "radio" and state["card"].endswith(q.html_id()), state
    choose_radio(page, wrong[-1])
    page.keyboard.press("Enter")
    page.wait_for_function("(id) => document.getElementById(id).innerText.includes('Why:')",
                           arg=card.evaluate("c => c.querySelector('.pq-feedback').id"),
                           timeout=30_000)
    text = card.inner_text()
    assert "Right answer:" in text and q.option_text(q.answers[0]) in text
    assert "Source:" in text and _why(q) in " ".join(text.split())
    assert card.locator(".pq-next").is_hidden()  # nothing more to offer
    assert _active_cell(page) == cell


def test_a_missed_question_is_retried_with_focus_kept_in_the_quiz(page, quiz):
    _number, q = _radio_questions(quiz)[-1]  # missed in the test above
    card = _card(page, q)
    card.locator("input:checked").first.focus()
    cell = _active_cell(page)
    state = tab_until(page, lambda f: f["text"] == "Retry the ones I missed", limit=120)
    assert state["inQuiz"]
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(id) => !document.getElementById(id)", arg=q.html_id("feedback"), timeout=30_000)
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.closest('.pq-card')",
        timeout=10_000)
    state = focused(page)
    assert state["inQuiz"] and state["card"].endswith(q.html_id()), state
    assert not state["checked"]  # cleared for another go
    assert _active_cell(page) == cell


def test_esc_leaves_the_quiz_so_arrow_down_moves_to_the_next_cell_not_the_answer(page, quiz):
    _number, q = _radio_questions(quiz)[1]
    card = _card(page, q)
    card.locator("input").first.focus()
    chosen = q.options[1].text
    choose_radio(page, chosen)
    cell = _active_cell(page)

    page.keyboard.press("Escape")
    state = focused(page)
    assert not state["inQuiz"], state
    assert page.evaluate("() => document.activeElement.classList.contains('jp-Cell')")
    assert page.locator(".jp-Notebook.jp-mod-commandMode").count() == 1
    page.keyboard.press("ArrowDown")
    # The answer is unchanged; the notebook moved to the next cell instead.
    assert card.locator("input:checked + label").inner_text() == chosen
    assert _active_cell(page) == cell + 1
    assert not focused(page)["inQuiz"]
    assert card.locator(".pq-feedback").inner_text().strip() == ""  # nothing was checked


def test_the_quiz_has_no_serious_accessibility_violations(page, quiz):
    assert axe_violations(page, ".psoas-quizw") == []
    names = page.evaluate("""() => [...document.querySelectorAll('.psoas-quizw button')]
        .map(b => b.textContent.trim())""")
    assert len(names) == len(set(names)), names
    groups = page.evaluate("""() => [...document.querySelectorAll('.psoas-quizw fieldset')]
        .map(f => f.querySelector('legend').textContent)""")
    assert groups == [f"Question {i}. {q.prompt}" for i, q in enumerate(quiz, start=1)]
