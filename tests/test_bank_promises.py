"""What data/quizzes/README.md promises about a bank row with a problem:
a notebook quiz runs without it and says so; an export refuses, listing all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from psoas_edu import BankWarning, build_quiz
from psoas_edu.cli.main import main
from psoas_edu.facts.atlas import default_data_dir

CORPUS = Path(__file__).parent / "corpus" / "bank"


@pytest.fixture
def course_with_bad_bank(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    shutil.copy(CORPUS / "one_bad_row.csv", data / "quizzes" / "week3.csv")
    week4 = (CORPUS / "missing_closing_quote.csv").read_text(encoding="utf-8")
    (data / "quizzes" / "week4.csv").write_text(
        week4.replace("q_one,", "q_four,").replace("q_three,", "q_five,"), encoding="utf-8")
    monkeypatch.setenv("PSOAS_EDU_DATA", str(data))
    monkeypatch.chdir(tmp_path)
    return data


def test_a_notebook_quiz_runs_without_the_bad_questions_and_says_which(course_with_bad_bank):
    with pytest.warns(BankWarning) as warned:
        quiz = build_quiz(n=30)
    [warning] = warned
    message = str(warning.message)
    assert message.splitlines()[1:] == [
        "  data/quizzes/week3.csv:3 column 'answer': got 'C'; expected one of the options: "
        "A | B",
        "  data/quizzes/week4.csv:3: got a quote that opens here and is never closed, so the 1 "
        "line after it would be one cell; expected a closing quote \" at the end of the cell "
        "(inside a quoted cell, write a quote as two quotes \"\")",
    ]
    assert len(quiz.questions) == 30
    assert not {q.id for q in quiz.questions} & {"q_bad", "q_open"}


def test_an_export_refuses_and_lists_every_problem(course_with_bad_bank, capsys):
    out = course_with_bad_bank.parent / "week3.gift"
    assert main(["export", "gift", "--out", str(out), "--n", "5"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("psoas-edu export: 2 problems found:\n")
    assert "data/quizzes/week3.csv:3 column 'answer': got 'C'" in err
    assert "data/quizzes/week4.csv:3: got a quote that opens here and is never closed" in err
    assert not out.exists()
    assert main(["export", "gift", "--out", str(out), "--n", "5", "--no-bank"]) == 0


def test_quiz_check_refuses_with_exit_status_1(course_with_bad_bank, capsys):
    assert main(["quiz", "check"]) == 1
    assert capsys.readouterr().err.startswith("2 problems found:\n")
