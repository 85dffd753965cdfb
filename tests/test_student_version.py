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
    student, removed, cleared = student_notebook(EXERCISE)
    sources = [c["source"] for c in student["cells"]]
    assert sources == ["## Exercise: name the insertion", "answer = None  # your answer",
                       "pe.quiz_answers()"]
    assert (removed, cleared) == (2, 1)
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
    out = tmp_path / "handout"
    assert sorted(snapshot(out)) == [".psoas-edu-student-version.json", "01_exercise.ipynb",
                                     "images/pelvis.png"]
    assert (out / "images" / "pelvis.png").read_bytes() == b"\x89PNG fake"
    exercise = read(out / "01_exercise.ipynb")
    assert [c["source"] for c in exercise["cells"]][-1] == "pe.quiz_answers()"
    assert "solution" not in json.dumps(exercise["cells"])
    assert {(n.name, n.left_out) for n in version.notebooks} == {
        ("01_exercise.ipynb", False), ("06_guide.ipynb", True)}
    assert "01_exercise.ipynb: 2 cells removed, 1 output cleared" in version.summary
    assert "1 notebook and 1 other file." in version.summary


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
    assert (out / "01_exercise.ipynb").exists()


def test_force_removes_only_files_an_earlier_version_wrote(tmp_path):
    source = write_course(tmp_path / "notebooks")
    out = tmp_path / "handout"
    build_student_version(out, source=source)
    (source / "images" / "pelvis.png").unlink()
    (out / "my notes.txt").write_text("mine")
    build_student_version(out, source=source, force=True)
    assert not (out / "images" / "pelvis.png").exists()
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
    handout = tmp_path / "handout"
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
