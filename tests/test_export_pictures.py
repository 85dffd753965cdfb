"""Pictures survive every export that can hold them, and every loss is said.

GIFT cannot embed a picture: each bank question that loses one gets its own
note (read back with gift-pegjs, an independent GIFT parser). Markdown papers
and keys show the picture as an image with its alt text, the PNG written beside
the Markdown (read back with markdown-it-py, a CommonMark parser).
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from quiz_samples import LABEL, SINGLE, edited, sample_quiz

from psoas_edu.export.answer_key import export_answer_key
from psoas_edu.export.gift import export_gift
from psoas_edu.export.paper import export_paper
from psoas_edu.quiz.model import QuestionImage

ROOT = Path(__file__).resolve().parents[1]
ALT = "Front view of the lumbar spine with one unnamed muscle drawn as a band."


@pytest.fixture
def picture_quiz(tmp_path):
    png = ROOT / "data" / "quizzes" / "images" / "unlabelled_muscle_front.png"
    image = tmp_path / "bank" / "muscle.png"
    image.parent.mkdir()
    shutil.copy(png, image)
    pictured = edited(SINGLE, id="bank_pictured", image=QuestionImage(image, ALT))
    return sample_quiz(SINGLE, pictured, LABEL)


def gift_pegjs(text: str) -> list[dict]:
    if shutil.which("node") is None or not (ROOT / "node_modules" / "gift-pegjs").is_dir():
        pytest.fail("gift-pegjs is missing: run `npm ci` (make test does)")
    run = subprocess.run(["node", str(ROOT / "tests" / "js" / "gift_parse.js")], input=text,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    return [q for q in json.loads(run.stdout) if q["type"] != "Category"]


def test_gift_notes_each_bank_question_that_loses_its_picture(picture_quiz, tmp_path):
    result = export_gift(picture_quiz, tmp_path / "quiz.gift")
    lost = [note for note in result.notes if "'bank_pictured'" in note]
    assert len(lost) == 1 and "muscle.png" in lost[0] and "moodle-xml" in lost[0]
    assert not any(f"'{SINGLE.id}'" in note for note in result.notes)
    parsed = gift_pegjs(result.path.read_text(encoding="utf-8"))
    assert [q["title"] for q in parsed] == [q.id for q in picture_quiz]


def _images(markdown: str) -> list[tuple[str, str]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [(child.attrs["src"], child.content) for token in tokens if token.children
            for child in token.children if child.type == "image"]


@pytest.mark.parametrize("write", [
    lambda quiz, path: export_paper(quiz, path),
    lambda quiz, path: export_answer_key(quiz, path),
], ids=["paper", "answer-key"])
def test_markdown_shows_each_picture_with_its_alt_text_and_file(picture_quiz, tmp_path, write):
    result = write(picture_quiz, tmp_path / "week3.md")
    images = _images(result.path.read_text(encoding="utf-8"))
    assert [alt for _, alt in images] == [ALT, LABEL.figure.alt_text]
    assert [src for src, _ in images] == ["week3-question-2.png", "week3-question-3.png"]
    bank_png = picture_quiz.questions[1].image.path.read_bytes()
    assert (tmp_path / "week3-question-2.png").read_bytes() == bank_png
    assert (tmp_path / "week3-question-3.png").read_bytes().startswith(b"\x89PNG")
    assert any("week3-question-2.png" in note for note in result.notes)


def test_markdown_without_pictures_says_which_questions_lost_them(picture_quiz, tmp_path):
    result = export_paper(picture_quiz, tmp_path / "p.md", diagrams=False)
    text = result.path.read_text(encoding="utf-8")
    assert _images(text) == []
    assert ALT in text
    assert any("question(s) 2, 3" in note for note in result.notes)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bank", "p.md"]
