"""Quizzes the instructor controls from the command line: choosing, titling, versions, paper.

The option plumbing is tested against a recording stand-in for ``build_quiz``;
``test_end_to_end_*`` run the real one.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from psoas_edu.cli import main
from psoas_edu.course.student_version import default_notebooks_dir
from psoas_edu.quiz.model import TRUE_FALSE_OPTIONS, Question, Quiz


def question(qid: str) -> Question:
    return Question(qid, "true_false", f"Is {qid} true?", options=TRUE_FALSE_OPTIONS,
                    answers=("true",), explanation="Because.", citation="Gray 1918")


class Recorder:
    """Stands in for build_quiz: records the keywords and builds a small quiz."""

    def __init__(self, pool: int = 30):
        self.calls: list[dict] = []
        self.pool = pool

    def __call__(self, **keywords) -> Quiz:
        # The facts and the bank are loaded once and handed over; the rest are options.
        assert keywords.pop("atlas") is not None
        assert keywords.pop("bank", ()) is not None
        self.calls.append(keywords)
        n = keywords.get("n", 10)
        if n is None:  # the whole pool
            n = self.pool
        if n > self.pool:
            raise ValueError(f"asked for {n} questions but only {self.pool} distinct "
                             "questions exist for the whole course")
        seed = keywords.get("seed", 0)
        ids = [*keywords.get("include", ()),
               *(f"q{seed}_{i}" for i in range(n - len(keywords.get("include", ()))))]
        return Quiz(tuple(question(i) for i in ids), title=keywords.get("title", "Quiz"),
                    seed=seed)


@pytest.fixture
def recorder(monkeypatch) -> Recorder:
    from psoas_edu.quiz import generate

    stand_in = Recorder()
    monkeypatch.setattr(generate, "build_quiz", stand_in)
    return stand_in


def test_defaults_pass_only_the_keywords_every_build_quiz_knows(tmp_path, recorder):
    assert main(["export", "gift", "--out", str(tmp_path / "q.gift")]) == 0
    assert recorder.calls == [{"topic": None, "n": 10, "seed": 0, "include_bank": True}]


def test_every_option_reaches_build_quiz(tmp_path, recorder):
    assert main(["export", "gift", "--out", str(tmp_path / "q.gift"), "--topic", "anatomy",
                 "--n", "4", "--seed", "7", "--include", "psoas_a, psoas_b",
                 "--exclude", "gen_x", "--bank-only", "--title", "Week 3"]) == 0
    assert recorder.calls == [{"topic": "anatomy", "n": 4, "seed": 7, "include_bank": True,
                               "title": "Week 3", "include": ("psoas_a", "psoas_b"),
                               "exclude": ("gen_x",), "bank_only": True}]
    gift = (tmp_path / "q.gift").read_text(encoding="utf-8")
    assert "psoas_a" in gift and "psoas_b" in gift


# --all against the real pool: tests/test_cli_instructor_control.py.


def test_versions_share_one_seed_and_get_numbered_files(tmp_path, recorder, capsys):
    assert main(["paper", "--out", str(tmp_path / "exam.html"), "--versions", "3",
                 "--seed", "5", "--n", "2", "--title", "Exam"]) == 0
    assert {call["seed"] for call in recorder.calls} == {5}
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "exam-v1.html", "exam-v1.ids.txt", "exam-v2.html", "exam-v2.ids.txt",
        "exam-v3.html", "exam-v3.ids.txt"]
    pages = [(tmp_path / f"exam-v{k}.html").read_text(encoding="utf-8") for k in (1, 2, 3)]
    assert "Exam (version 2 of 3)" in pages[1]
    asked = [set(re.findall(r"Is (q\d+_\d+) true\?", page)) for page in pages]
    assert [len(a) for a in asked] == [2, 2, 2]
    assert not (asked[0] & asked[1] or asked[1] & asked[2] or asked[0] & asked[2])


@pytest.mark.parametrize("args, message", [
    (["--n", "3", "--all"], "not allowed with argument"),
    (["--bank-only", "--no-bank"], "not allowed with argument"),
    (["--include", "a,,b"], "expected question ids separated by commas"),
    (["--versions", "0"], "expected a whole number of 1 or more"),
])
def test_conflicting_or_bad_options_are_named(tmp_path, args, message, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["export", "gift", "--out", str(tmp_path / "q.gift"), *args])
    assert stop.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "q.gift").exists()


def test_a_build_quiz_refusal_is_a_message_not_a_traceback(tmp_path, recorder, capsys):
    recorder.pool = 3
    assert main(["export", "gift", "--out", str(tmp_path / "q.gift"), "--n", "5"]) == 1
    assert "only 3 distinct questions exist" in capsys.readouterr().err


@pytest.mark.parametrize("folder", ["notebooks", "data"])
def test_exports_never_go_into_the_course_folders(folder, capsys):
    target = default_notebooks_dir().parent / folder / "week3-key.html"
    assert main(["export", "answer-key", "--out", str(target), "--n", "2"]) == 1
    assert f"is inside the course's {folder} folder" in capsys.readouterr().err
    assert not target.exists()


def test_paper_has_no_answers_and_the_key_has_them(tmp_path, recorder):
    assert main(["paper", "--out", str(tmp_path / "p.html"), "--n", "2", "--key"]) == 0
    paper = (tmp_path / "p.html").read_text(encoding="utf-8")
    key = (tmp_path / "p-key.html").read_text(encoding="utf-8")
    assert "Is q0_0 true?" in paper and "Is q0_0 true?" in key
    assert "Because." not in paper and "Because." in key
    assert "Name:" in paper


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian chromium")
@pytest.mark.parametrize("command", [["export", "answer-key"], ["paper"]])
def test_pdf_is_a_real_pdf(tmp_path, recorder, command):
    out = tmp_path / "key.pdf"
    assert main([*command, "--out", str(out), "--n", "2"]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert b"<html" not in out.read_bytes()[:2000]


def test_pdf_without_chromium_refuses_and_names_the_formats(tmp_path, recorder, monkeypatch,
                                                            capsys):
    monkeypatch.setenv("PSOAS_EDU_CHROMIUM", "")
    out = tmp_path / "key.pdf"
    assert main(["export", "answer-key", "--out", str(out), "--n", "2"]) == 1
    err = capsys.readouterr().err
    assert "cannot write a PDF without Chromium" in err and ".html" in err and ".md" in err
    assert list(tmp_path.iterdir()) == []


def test_answer_key_refuses_a_suffix_it_cannot_write(tmp_path, recorder, capsys):
    assert main(["export", "answer-key", "--out", str(tmp_path / "key.docx"), "--n", "2"]) == 1
    assert "expected .html" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_help_shows_the_options():
    result = subprocess.run([sys.executable, "-m", "psoas_edu", "paper", "--help"],
                            capture_output=True, text=True, check=False,
                            env={**os.environ})
    for option in ("--include", "--exclude", "--bank-only", "--title", "--all", "--versions",
                   "--key"):
        assert option in result.stdout


def _build_quiz_knows(keyword: str) -> bool:
    import inspect

    from psoas_edu.quiz.generate import build_quiz

    return keyword in inspect.signature(build_quiz).parameters


# Runs the real build_quiz; update at merge if its selection rules change.
@pytest.mark.skipif(not _build_quiz_knows("include"), reason="build_quiz has no include yet")
def test_end_to_end_pinned_bank_question_and_title(tmp_path):
    from psoas_edu.quiz.bank import load_bank

    pinned = load_bank()[0].id
    out = tmp_path / "q.xml"
    assert main(["export", "moodle-xml", "--out", str(out), "--n", "3", "--seed", "4",
                 "--include", pinned, "--title", "Week 3 check"]) == 0
    text = out.read_text(encoding="utf-8")
    assert f"<idnumber>{pinned}</idnumber>" in text
    assert text.count("<idnumber>") == 3
    assert "Week 3 check" in text


def readme_lines(prefix: str) -> list[list[str]]:
    import shlex

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For instructors", 1)[1].split("\n## ", 1)[0]
    return [shlex.split(line)[1:] for line in section.splitlines() if line.startswith(prefix)]


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian chromium")
def test_the_readme_paper_command_works(tmp_path, monkeypatch, recorder):
    monkeypatch.chdir(tmp_path)
    (command,) = readme_lines(".venv/bin/psoas-edu paper")
    assert main(command) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "exam-v1-key.pdf", "exam-v1.ids.txt", "exam-v1.pdf", "exam-v2-key.pdf",
        "exam-v2.ids.txt", "exam-v2.pdf", "exam-v3-key.pdf", "exam-v3.ids.txt", "exam-v3.pdf"]


@pytest.mark.skipif(not _build_quiz_knows("bank_only"), reason="build_quiz has no bank_only yet")
def test_the_readme_selection_examples_work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    commands = readme_lines("psoas-edu export ")
    assert len(commands) == 3
    for command in commands:
        assert main(command) == 0
