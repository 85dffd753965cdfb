"""A jupyterquiz export answered in headless Chromium, with jupyterquiz's own JavaScript.

The page is what ``display_quiz`` puts in a notebook (its HTML and script).
Uses Debian's /usr/bin/chromium through playwright's Python API.
"""

import shutil

import pytest
from quiz_samples import SHORT, SINGLE, edited, sample_quiz

from psoas_edu.export import jupyterquiz as jq
from psoas_edu.quiz.grade import grade

NASTY = "Click [here](javascript:alert(1)) or <b>x</b>: costs $5 and $6"


def _chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and shutil.which(candidate):
            return candidate
    return None


pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(_chromium() is None,
                       reason="Debian's chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture
def page(tmp_path, monkeypatch):
    import jupyterquiz.dynamic.display as display_module
    from playwright.sync_api import sync_playwright

    shown = []
    monkeypatch.setattr(display_module, "display", lambda *objects: shown.extend(objects))
    data = jq.quiz_to_jupyterquiz(sample_quiz(edited(SINGLE, prompt=NASTY), SHORT))
    display_module.display_quiz(data, shuffle_answers=False)
    markup = "".join(o.data for o in shown if type(o).__name__ == "HTML")
    script = "".join(o.data for o in shown if type(o).__name__ == "Javascript")
    html_file = tmp_path / "quiz.html"
    html_file.write_text(f"<!DOCTYPE html><html><body>{markup}<script>"
                         f"var element = document.body;\n{script}</script></body></html>",
                         encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=_chromium(),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"])
        tab = browser.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(html_file.as_uri())
        tab.locator(".Quiz").first.wait_for()
        yield tab
        browser.close()
    assert errors == []


def feedback(tab) -> list[str]:
    return [t.strip() for t in tab.locator(".Feedback").all_inner_texts() if t.strip()]


def test_text_is_shown_as_written_with_no_links(page):
    assert page.locator("a").count() == 0
    assert NASTY in page.locator(".Quiz").first.inner_text()


def test_a_wrong_click_does_not_reveal_the_answer(page):
    page.get_by_text("Greater trochanter", exact=True).first.click()
    (wrong,) = feedback(page)
    assert "Greater trochanter" in wrong and "Lesser" not in wrong
    page.get_by_text("Lesser trochanter", exact=True).first.click()
    assert SINGLE.explanation in feedback(page)[0]


@pytest.mark.parametrize(("typed", "right"), [
    ("The Iliacus muscle", True), ("ILIAC MUSCLE", True), ("iliacu", True),
    ("psoas", False),
])
def test_short_answers_are_graded_as_in_the_notebook(page, typed, right):
    assert grade(SHORT, typed).correct is right
    box = page.locator("input.Input-text").first
    box.fill(typed)
    box.press("Enter")
    assert feedback(page)[-1].startswith(("Correct", "(Fuzzy) Correct")) is right
