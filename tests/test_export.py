"""One quiz, many formats: the format table, reproducible output, lazy imports."""

import subprocess
import sys
from pathlib import Path

import pytest
from quiz_samples import sample_quiz

from psoas_edu.atomic_write import OutputExistsError
from psoas_edu.export import FORMATS, export_all, export_formats_table, export_preview, export_quiz
from psoas_edu.quiz.generate import build_quiz


def test_every_format_writes_its_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, spec in FORMATS.items():
        result = export_quiz(sample_quiz(), name, f"quiz{spec.suffix}")
        assert result.format == name
        assert result.path.stat().st_size > 0
        assert result.questions == len(sample_quiz())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"quiz{s.suffix}" for s in FORMATS.values())


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown export format 'pdf'; expected one of gift"):
        export_quiz(sample_quiz(), "pdf", tmp_path / "quiz.pdf")


@pytest.mark.parametrize("name", ["gift", "moodle-xml", "jupyterquiz", "answer-key"])
def test_same_seed_same_file(tmp_path, name):
    suffix = FORMATS[name].suffix
    first = export_quiz(build_quiz(n=8, seed=11), name,
                        tmp_path / f"a{suffix}")
    again = export_quiz(build_quiz(n=8, seed=11), name,
                        tmp_path / f"b{suffix}")
    other = export_quiz(build_quiz(n=8, seed=12), name,
                        tmp_path / f"c{suffix}")
    assert first.path.read_bytes() == again.path.read_bytes()
    assert first.path.read_bytes() != other.path.read_bytes()


def test_no_format_overwrites_without_force(tmp_path):
    for name, spec in FORMATS.items():
        path = tmp_path / f"quiz{spec.suffix}"
        path.write_text("keep me")
        with pytest.raises(OutputExistsError):
            export_quiz(sample_quiz(), name, path)
        assert path.read_text() == "keep me"
        export_quiz(sample_quiz(), name, path, force=True)
        assert path.read_bytes() != b"keep me"


def test_heavy_libraries_load_only_when_exporting():
    code = ("import sys, psoas_edu, psoas_edu.cli, psoas_edu.export; "
            "print(sorted(m for m in ('genanki', 'text2qti', 'anki', 'jupyterquiz') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_export_all_writes_one_file_per_format(tmp_path):
    results = export_all(sample_quiz(), tmp_path, stem="week1")
    assert [r.format for r in results] == list(FORMATS)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"week1{s.suffix}" for s in FORMATS.values())


def test_preview_is_what_the_file_holds(tmp_path):
    no_diagram = sample_quiz(*(q for q in sample_quiz() if q.figure is None))
    for name in ("gift", "moodle-xml", "jupyterquiz"):
        path = export_quiz(no_diagram, name, tmp_path / f"q{FORMATS[name].suffix}").path
        assert export_preview(no_diagram, name).strip() == path.read_text(
            encoding="utf-8").strip()
    assert export_preview(sample_quiz(), "canvas").startswith("Quiz title: Sample: iliopsoas")
    with pytest.raises(ValueError, match="no text preview for format 'anki'"):
        export_preview(sample_quiz(), "anki")


def test_formats_table_lists_where_to_import():
    table = export_formats_table()
    assert list(table["format"]) == list(FORMATS)
    assert table.set_index("format").loc["anki", "import into"] == "Anki: File > Import"


@pytest.mark.parametrize("name", ["gift", "jupyterquiz", "answer-key"])
def test_a_text_export_failing_midway_keeps_the_old_file(tmp_path, monkeypatch, name):
    path = tmp_path / f"quiz{FORMATS[name].suffix}"
    path.write_text("last week's complete export")

    def write_half_then_fail(self, text, *args, **kwargs):
        with open(self, "w", encoding="utf-8") as handle:
            handle.write(text[: len(text) // 2])
        raise OSError("No space left on device")

    monkeypatch.setattr(Path, "write_text", write_half_then_fail)
    with pytest.raises(OSError, match="No space left"):
        export_quiz(sample_quiz(), name, path, force=True)
    monkeypatch.undo()
    assert path.read_text() == "last week's complete export"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
