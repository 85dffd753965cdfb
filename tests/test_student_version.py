"""The student version: solutions out, revealing outputs cleared, source untouched."""

import hashlib
import json
import os
import stat
from pathlib import Path

import nbformat
import pytest

from psoas_edu.course.student_version import (
    CLEAR_OUTPUT_TAGS,
    REMOVE_TAGS,
    build_student_version,
    default_notebooks_dir,
    student_notebook,
)


def cell(kind: str, source: str, *tags: str, outputs: list | None = None) -> dict:
    made = {"cell_type": kind, "id": hashlib.md5(source.encode()).hexdigest()[:8],
            "metadata": {"tags": list(tags)} if tags else {}, "source": source}
    if kind == "code":
        made.update(execution_count=1, outputs=outputs or [])
    return made


def stream(text: str) -> dict:
    return {"name": "stdout", "output_type": "stream", "text": text}


def notebook(*cells: dict, **metadata) -> dict:
    return {"cells": list(cells), "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}


EXERCISE = notebook(
    cell("markdown", "## Exercise: name the insertion"),
    cell("code", "answer = None  # your answer", outputs=[stream("kept output\n")]),
    cell("code", "answer = 'lesser trochanter'", "solution", outputs=[stream("solution\n")]),
    cell("markdown", "The answer is the lesser trochanter.", "answer-key"),
    cell("code", "pe.quiz_answers()", "reveals-answer", outputs=[stream("1: a, 2: c\n")]),
)


def write_course(folder: Path) -> Path:
    folder.mkdir()
    (folder / "01_exercise.ipynb").write_text(json.dumps(EXERCISE, indent=1))
    guide = notebook(cell("markdown", "Instructor notes"), psoas_edu={"instructor_only": True})
    (folder / "06_guide.ipynb").write_text(json.dumps(guide))
    (folder / "02_figure.ipynb").write_text(json.dumps(notebook(
        cell("markdown", "![The pelvis](images/pelvis.png)"))))
    (folder / "week3-key.html").write_text("<p>Answer key: a, c, b</p>")
    (folder / "images").mkdir()
    (folder / "images" / "pelvis.png").write_bytes(b"\x89PNG fake")
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "01_exercise-checkpoint.ipynb").write_text("{}")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_solutions_removed_and_revealing_outputs_cleared():
    student, changes = student_notebook(EXERCISE)
    sources = [c["source"] for c in student["cells"]]
    assert sources == ["## Exercise: name the insertion", "answer = None  # your answer",
                       "pe.quiz_answers()"]
    assert (changes.removed_cells, changes.cleared_outputs) == (2, 1)
    assert student["cells"][1]["outputs"] == [stream("kept output\n")]
    assert student["cells"][2]["outputs"] == []
    assert student["cells"][2]["execution_count"] is None
    assert len(EXERCISE["cells"]) == 5  # the instructor's notebook is not changed


def test_tags_are_the_documented_ones():
    assert REMOVE_TAGS == ("solution", "answer-key")
    assert CLEAR_OUTPUT_TAGS == ("reveals-answer",)
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for tag in (*REMOVE_TAGS, *CLEAR_OUTPUT_TAGS):
        assert f"`{tag}`" in readme


def test_copy_leaves_source_untouched(tmp_path):
    source = write_course(tmp_path / "notebooks")
    before = snapshot(source)
    version = build_student_version(tmp_path / "handout", source=source)
    assert snapshot(source) == before
    out = tmp_path / "handout" / "notebooks"
    assert sorted(snapshot(out)) == ["01_exercise.ipynb", "02_figure.ipynb",
                                     "images/pelvis.png"]
    assert (out / "images" / "pelvis.png").read_bytes() == b"\x89PNG fake"
    exercise = read(out / "01_exercise.ipynb")
    assert [c["source"] for c in exercise["cells"]][-1] == "pe.quiz_answers()"
    assert "solution" not in json.dumps(exercise["cells"])
    assert {(n.name, n.left_out) for n in version.notebooks} == {
        ("01_exercise.ipynb", False), ("02_figure.ipynb", False), ("06_guide.ipynb", True)}
    assert "01_exercise.ipynb: 2 cells removed, 1 output cleared" in version.summary
    assert "2 notebooks and 1 other file," in version.summary


def test_non_empty_target_needs_force(tmp_path):
    source = write_course(tmp_path / "notebooks")
    out = tmp_path / "handout"
    out.mkdir()
    (out / "my notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="is not empty; .*--force"):
        build_student_version(out, source=source)
    assert sorted(p.name for p in out.iterdir()) == ["my notes.txt"]
    build_student_version(out, source=source, force=True)
    assert (out / "my notes.txt").read_text() == "mine"
    assert (out / "notebooks" / "01_exercise.ipynb").exists()


def test_force_removes_only_files_an_earlier_version_wrote(tmp_path):
    source = write_course(tmp_path / "notebooks")
    out = tmp_path / "handout"
    build_student_version(out, source=source)
    (source / "images" / "pelvis.png").unlink()
    (out / "my notes.txt").write_text("mine")
    build_student_version(out, source=source, force=True)
    assert not (out / "notebooks" / "images" / "pelvis.png").exists()
    assert (out / "my notes.txt").read_text() == "mine"


@pytest.mark.parametrize("where", ["notebooks", "notebooks/handout", "."])
def test_never_writes_into_the_source(tmp_path, where):
    source = write_course(tmp_path / "notebooks")
    before = snapshot(tmp_path)
    with pytest.raises(ValueError, match="outside"):
        build_student_version(tmp_path / where, source=source, force=True)
    assert snapshot(tmp_path) == before


def test_a_broken_notebook_is_named(tmp_path):
    source = write_course(tmp_path / "notebooks")
    (source / "02_broken.ipynb").write_text("{ not json")
    with pytest.raises(ValueError, match="02_broken.ipynb: got unreadable notebook"):
        build_student_version(tmp_path / "handout", source=source)
    assert not (tmp_path / "handout").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["notebooks"]


def test_the_course_notebooks(tmp_path):
    source = default_notebooks_dir()
    before = snapshot(source)
    version = build_student_version(tmp_path / "handout", source=source)
    assert snapshot(source) == before
    handout = tmp_path / "handout" / "notebooks"
    written = sorted(handout.rglob("*.ipynb"))
    kept = [n.name for n in version.notebooks if not n.left_out]
    assert [p.relative_to(handout).as_posix() for p in written] == sorted(kept)
    assert written, "the course has no notebooks"
    for path in written:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        for c in nb.cells:
            tags = set(c.metadata.get("tags", []))
            assert not tags & set(REMOVE_TAGS), f"{path.name}: a solution cell is left"
            if tags & set(CLEAR_OUTPUT_TAGS):
                assert c.outputs == []


def test_handout_folder_gets_ordinary_permissions(tmp_path):
    source = write_course(tmp_path / "notebooks")
    mask = os.umask(0o022)
    try:
        build_student_version(tmp_path / "handout", source=source)
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "handout").stat().st_mode) == 0o755


def test_summary_counts_what_the_student_version_changes(tmp_path):
    from psoas_edu import student_version_summary

    path = tmp_path / "lesson.ipynb"
    path.write_text(json.dumps({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [
            {"cell_type": "markdown", "metadata": {"tags": ["solution"]}, "source": "x"},
            {"cell_type": "code", "metadata": {"tags": ["reveals-answer"]}, "source": "1",
             "outputs": [{"output_type": "stream", "name": "stdout", "text": "1"}],
             "execution_count": 1},
            {"cell_type": "markdown", "metadata": {}, "source": "kept"},
        ],
    }))
    before = path.read_bytes()
    assert student_version_summary(path) == "lesson.ipynb: 1 cell removed, 1 output cleared"
    assert path.read_bytes() == before


def test_files_no_student_notebook_names_stay_behind(tmp_path):
    source = write_course(tmp_path / "notebooks")
    (source / "quiz.gift").write_text("::q1:: Which? {=right ~wrong}")
    build_student_version(tmp_path / "handout", source=source)
    copied = snapshot(tmp_path / "handout" / "notebooks")
    assert "week3-key.html" not in copied and "quiz.gift" not in copied
    assert "images/pelvis.png" in copied


@pytest.mark.parametrize("tag", ["Solution", "solutions", "answer_key", "Answer Key"])
def test_near_miss_tags_act_as_the_tag_and_warn(tmp_path, tag):
    source = tmp_path / "notebooks"
    source.mkdir()
    (source / "01.ipynb").write_text(json.dumps(notebook(
        cell("markdown", "Exercise"), cell("markdown", "The secret answer", tag))))
    version = build_student_version(tmp_path / "handout", source=source)
    assert "The secret answer" not in (tmp_path / "handout" / "notebooks" / "01.ipynb").read_text()
    (warning,) = version.warnings
    assert f"cell 2: tag {tag!r} is read as" in warning


@pytest.mark.parametrize("tag", ["soluton", "hide-solution", "answr-key", "reveal-answr"])
def test_tags_that_only_look_like_course_tags_stop_the_build(tmp_path, tag):
    source = tmp_path / "notebooks"
    source.mkdir()
    (source / "01.ipynb").write_text(json.dumps(notebook(
        cell("markdown", "The secret answer", tag), cell("code", "x", "Solutoin"))))
    with pytest.raises(ValueError, match=r"2 cell tags to fix") as error:
        build_student_version(tmp_path / "handout", source=source)
    assert f"01.ipynb cell 1: tag {tag!r} looks like a course tag" in str(error.value)
    assert not (tmp_path / "handout").exists()


def test_other_tags_pass_silently(tmp_path):
    source = tmp_path / "notebooks"
    source.mkdir()
    (source / "01.ipynb").write_text(json.dumps(notebook(
        cell("code", "x", "nbval-ignore-output", "hide-input", outputs=[stream("x\n")]))))
    version = build_student_version(tmp_path / "handout", source=source)
    assert version.warnings == ()
    assert read(tmp_path / "handout" / "notebooks" / "01.ipynb")["cells"][0]["outputs"]


def test_text_promising_removed_things_is_adjusted(tmp_path):
    source = tmp_path / "notebooks"
    source.mkdir()
    (source / "00.ipynb").write_text(json.dumps(notebook(
        cell("markdown", "| notebook |\n| --- |\n| [01 Anatomy](01.ipynb) |\n"
                         "| [07 Guide](07_guide.ipynb) |"),
        cell("markdown", "## Exercises\n\nRead the table. Try each one before you unfold the "
                         "solution.\n\n- Go on to [the guide](07_guide.ipynb) later.\n"
                         "- Keep going."),
        cell("markdown", "See the [guide's notes](07_guide.ipynb#notes) too, or ask."),
        cell("markdown", "## Answer key\n\nThe key is folded away: click to unfold it."),
        cell("code", "pe.show_answer_key(quiz)", "answer-key"),
        cell("markdown", "## Key points"))))
    (source / "07_guide.ipynb").write_text(json.dumps(notebook(
        cell("markdown", "x"), psoas_edu={"instructor_only": True})))
    version = build_student_version(tmp_path / "handout", source=source)
    cells = [c["source"] for c in read(tmp_path / "handout" / "notebooks" / "00.ipynb")["cells"]]
    assert cells == [
        "| notebook |\n| --- |\n| [01 Anatomy](01.ipynb) |",
        "## Exercises\n\nRead the table.\n\n- Go on to the guide later.\n- Keep going.",
        "See the guide's notes too, or ask.",
        "## Key points",
    ]
    (changes,) = [n for n in version.notebooks if n.name == "00.ipynb"]
    assert (changes.removed_cells, changes.adjusted_text) == (2, 4)


def test_a_cell_only_about_the_left_out_notebook_goes():
    guide = "07_guide.ipynb"
    student, changes = student_notebook(
        notebook(cell("markdown", "- Instructors: see notebook 07."), cell("markdown", "Hi")),
        left_out=[guide])
    assert [c["source"] for c in student["cells"]] == ["Hi"]
    assert changes.removed_cells == 1


def test_outputs_showing_bank_questions_are_cleared(tmp_path, monkeypatch):
    from psoas_edu.course import student_version

    bank = tmp_path / "quizzes"
    bank.mkdir()
    (bank / "mine.csv").write_text("id,question,explanation\n"
                                   "q1,Which nerve supplies iliacus?,The femoral nerve does.\n")
    original = student_version.bank_texts
    monkeypatch.setattr(student_version, "bank_texts", lambda: original(bank))
    source = tmp_path / "notebooks"
    source.mkdir()
    (source / "06.ipynb").write_text(json.dumps(notebook(
        cell("code", "pe.show_quiz(quiz)", outputs=[stream("1. Which nerve supplies iliacus?\n")]),
        cell("code", "1 + 1", outputs=[stream("2\n")]))))
    version = build_student_version(tmp_path / "handout", source=source)
    cells = read(tmp_path / "handout" / "notebooks" / "06.ipynb")["cells"]
    assert [c["outputs"] for c in cells] == [[], [stream("2\n")]]
    assert version.notebooks[0].cleared_outputs == 1


@pytest.mark.parametrize("where", ["data", "data/handout"])
def test_never_writes_into_the_data_folder(tmp_path, where, monkeypatch):
    from psoas_edu.course import student_version

    (tmp_path / "data").mkdir()
    monkeypatch.setattr(student_version, "default_data_dir", lambda: tmp_path / "data")
    source = write_course(tmp_path / "notebooks")
    with pytest.raises(ValueError, match="outside .*data"):
        build_student_version(tmp_path / where, source=source, force=True)
    assert list((tmp_path / "data").iterdir()) == []


def test_the_handout_installs_with_one_command(tmp_path):
    import tomllib

    build_student_version(tmp_path / "handout", source=write_course(tmp_path / "notebooks"))
    out = tmp_path / "handout"
    assert (out / "requirements.txt").read_text().splitlines()[-1] == "-e ."
    project = tomllib.loads((out / "pyproject.toml").read_text())["project"]
    assert "pandas>=2.2" in project["dependencies"]
    assert (out / "psoas_edu" / "__init__.py").is_file()
    assert (out / "data" / "muscles.csv").is_file()
    assert "pip install -r requirements.txt" in (out / "README.md").read_text()
    assert not list(out.rglob("__pycache__"))


def test_bank_texts_read_a_spreadsheet_export_and_refuse_an_unreadable_file(tmp_path):
    from psoas_edu.course.student_version import bank_texts

    (tmp_path / "excel.csv").write_bytes(
        "id;question;explanation\r\nq1;Which nerve supplies iliacus – and why?;Femoral.\r\n"
        .encode("utf-8-sig"))
    assert bank_texts(tmp_path) == ("Which nerve supplies iliacus – and why?",)
    (tmp_path / "old_excel.csv").write_bytes("id;question\nq2;Which – one?\n".encode("cp1252"))
    with pytest.raises(ValueError, match="old_excel.csv:2: .*an unread bank could leak"):
        bank_texts(tmp_path)
