"""``psoas-edu student-version OUT_DIR``."""

import subprocess
import sys
from pathlib import Path

from psoas_edu.cli import main
from psoas_edu.course.student_version import default_notebooks_dir


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "psoas_edu", *args], capture_output=True,
                          text=True, check=False)


def test_help_names_the_tags():
    result = run("student-version", "--help")
    assert result.returncode == 0
    for tag in ("solution", "answer-key", "reveals-answer", "--force"):
        assert tag in result.stdout


def test_writes_the_handout(tmp_path, capsys):
    out = tmp_path / "handout"
    assert main(["student-version", str(out)]) == 0
    summary = capsys.readouterr().out
    assert f"Student version in {out}:" in summary
    names = {p.name for p in default_notebooks_dir().glob("*.ipynb")}
    assert {p.name for p in (out / "notebooks").glob("*.ipynb")} <= names
    assert any((out / "notebooks").glob("*.ipynb"))


def test_non_empty_folder_needs_force(tmp_path):
    out = tmp_path / "handout"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = run("student-version", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "is not empty; choose a new folder or pass --force" in result.stderr
    assert run("student-version", str(out), "--force").returncode == 0
    assert (out / "keep.txt").read_text() == "mine"


def test_refuses_to_write_into_the_notebooks_folder():
    result = run("student-version", str(default_notebooks_dir() / "handout"))
    assert result.returncode == 1
    assert "must go to a folder outside" in result.stderr
    assert not (default_notebooks_dir() / "handout").exists()


def test_the_readme_command_works(tmp_path, monkeypatch):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    (command,) = [line.split()[1:] for line in readme.splitlines()
                  if line.startswith(".venv/bin/psoas-edu student-version")]
    monkeypatch.chdir(tmp_path)
    assert main(command) == 0
    assert any((tmp_path / command[1] / "notebooks").glob("*.ipynb"))


def test_near_miss_tags_are_warned_about(tmp_path, capsys):
    import json

    source = tmp_path / "notebooks"
    source.mkdir()
    cells = [{"cell_type": "markdown", "metadata": {"tags": ["Solutions"]}, "source": "42"}]
    (source / "01.ipynb").write_text(json.dumps(
        {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    assert main(["student-version", str(tmp_path / "out"), "--source", str(source)]) == 0
    err = capsys.readouterr().err
    assert "warning: " in err and "tag 'Solutions' is read as 'solution'" in err


def test_a_look_alike_tag_stops_with_a_message(tmp_path):
    import json

    source = tmp_path / "notebooks"
    source.mkdir()
    cells = [{"cell_type": "markdown", "metadata": {"tags": ["soluton"]}, "source": "42"}]
    (source / "01.ipynb").write_text(json.dumps(
        {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    result = run("student-version", str(tmp_path / "out"), "--source", str(source))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "tag 'soluton' looks like a course tag" in result.stderr
    assert not (tmp_path / "out").exists()


def test_zip_holds_the_whole_handout_under_one_folder(tmp_path, capsys):
    import zipfile

    out = tmp_path / "handout"
    assert main(["student-version", str(out), "--zip"]) == 0
    assert f"Packed into {out}.zip" in capsys.readouterr().out
    with zipfile.ZipFile(tmp_path / "handout.zip") as archive:
        names = set(archive.namelist())
    on_disk = {str(Path("handout") / p.relative_to(out)) for p in out.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert names == on_disk
    assert "handout/requirements.txt" in names
    assert any(n.startswith("handout/notebooks/") and n.endswith(".ipynb") for n in names)
    # An existing archive is kept unless forced.
    (tmp_path / "fresh.zip").write_bytes(b"mine")
    assert main(["student-version", str(tmp_path / "fresh"), "--zip"]) == 1
    assert "fresh.zip already exists" in capsys.readouterr().err
    assert (tmp_path / "fresh.zip").read_bytes() == b"mine"
    (tmp_path / "handout.zip").write_bytes(b"mine")
    assert main(["student-version", str(out), "--force", "--zip"]) == 0
    assert (tmp_path / "handout.zip").read_bytes() != b"mine"
