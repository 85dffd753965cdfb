"""Generated questions' keys are public; the instructor is told so where it matters."""

import re
from pathlib import Path

from psoas_edu.cli import main
from psoas_edu.cli.main import build_parser

ROOT = Path(__file__).resolve().parents[1]


def test_a_student_with_the_facts_alone_lists_every_generated_question_of_a_quiz(
        tmp_path, monkeypatch, data_copy):
    key = tmp_path / "key.md"
    assert main(["export", "answer-key", "--out", str(key), "--topic", "attachments",
                 "--n", "5", "--seed", "3"]) == 0
    ids = re.findall(r"gen_\w+", (tmp_path / "key.ids.txt").read_text(encoding="utf-8"))
    assert ids
    (data_copy / "quizzes").mkdir()  # as in the student version: no bank
    monkeypatch.setenv("PSOAS_EDU_DATA", str(data_copy))
    review = tmp_path / "review.md"
    assert main(["quiz", "review", "--topic", "attachments", "--out", str(review)]) == 0
    listed = review.read_text(encoding="utf-8")
    assert all(f"`{qid}`" in listed for qid in ids)


def _help(*argv: str) -> str:
    parser = build_parser()
    action = next(a for a in parser._subparsers._group_actions)
    quiz = action.choices["quiz"]
    sub = next(a for a in quiz._subparsers._group_actions).choices[argv[0]]
    return " ".join(sub.format_help().split())


def test_quiz_review_help_says_generated_answers_are_public():
    text = _help("review")
    assert "answers of generated questions are public" in text
    assert "graded quiz use your own bank questions" in text


def test_the_readme_tells_instructors_to_grade_with_their_own_questions():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = " ".join(readme.split("## For instructors", 1)[1].split("\n## ", 1)[0].split())
    assert "answers of generated questions are public" in section
    assert "Generated questions are for practice" in section
    assert "own bank questions" in section and "leaves out" in section
