"""``psoas-edu export``: what an instructor types, and what they see when it goes wrong."""

import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from psoas_edu.cli import main
from psoas_edu.export import FORMATS


@pytest.fixture(autouse=True)
def _scratch_temp(tmp_path_factory, monkeypatch):
    # genanki leaves its working database in the temp folder; keep it out of /tmp.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path_factory.mktemp("scratch")))


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TMPDIR": tempfile.gettempdir()}
    return subprocess.run([sys.executable, "-m", "psoas_edu", *args], capture_output=True,
                          text=True, check=False, cwd=cwd, env=env)


def test_help_lists_every_format_and_option():
    result = run("export", "--help")
    assert result.returncode == 0
    for name in FORMATS:
        assert f"\n  {name} " in result.stdout
    for option in ("--out", "--topic", "--n", "--seed", "--no-bank", "--force"):
        assert option in result.stdout


def test_export_writes_the_file(tmp_path, capsys):
    out = tmp_path / "week3.gift"
    assert main(["export", "gift", "--out", str(out), "--n", "5", "--seed", "3"]) == 0
    assert out.read_text(encoding="utf-8").count("\n::") == 5
    assert capsys.readouterr().out.startswith(f"Wrote {out} (gift, 5 questions).")


def test_same_options_give_the_same_quiz_in_every_format(tmp_path):
    args = ["--topic", "attachments", "--n", "4", "--seed", "8"]
    assert main(["export", "gift", "--out", str(tmp_path / "a.gift"), *args]) == 0
    assert main(["export", "moodle-xml", "--out", str(tmp_path / "a.xml"), *args]) == 0
    gift = (tmp_path / "a.gift").read_text(encoding="utf-8")
    ids = [line.split("; ")[0].removeprefix("// id: ") for line in gift.splitlines()
           if line.startswith("// id: ")]
    root = ET.parse(tmp_path / "a.xml").getroot()
    assert [q.findtext("idnumber") for q in root.iter("question")
            if q.get("type") != "category"] == ids
    assert len(ids) == 4


def test_existing_file_is_kept_without_force(tmp_path):
    out = tmp_path / "quiz.apkg"
    out.write_bytes(b"last term's deck")
    result = run("export", "anki", "--out", str(out), "--n", "3")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "already exists; choose another name or pass --force" in result.stderr
    assert out.read_bytes() == b"last term's deck"
    assert run("export", "anki", "--out", str(out), "--n", "3", "--force").returncode == 0
    assert out.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(("args", "message"), [
    (["--topic", "astrology"], "unknown topic 'astrology'; topics: "),
    (["--n", "0"], "--n: got 0; expected a whole number of 1 or more"),
])
def test_bad_options_give_a_clean_message(tmp_path, capsys, args, message):
    assert main(["export", "gift", "--out", str(tmp_path / "q.gift"), *args]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "q.gift").exists()


def test_missing_output_folder(tmp_path, capsys):
    assert main(["export", "canvas", "--out", str(tmp_path / "no" / "quiz.zip")]) == 1
    assert "does not exist; create it first" in capsys.readouterr().err


def test_unknown_format_is_an_argparse_error(tmp_path):
    result = run("export", "pdf", "--out", str(tmp_path / "quiz.pdf"))
    assert result.returncode == 2
    assert "invalid choice: 'pdf'" in result.stderr


def test_console_script_is_installed(tmp_path):
    script = shutil.which("psoas-edu", path=str(Path(sys.executable).parent))
    assert script, "psoas-edu is not installed next to this Python"
    result = subprocess.run([script, "export", "jupyterquiz", "--out", "q.json", "--n", "2"],
                            capture_output=True, text=True, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "q.json").exists()


def test_no_bank_leaves_out_the_instructors_questions(tmp_path):
    def ids(*extra: str) -> list[str]:
        out = tmp_path / f"q{len(extra)}.xml"
        assert main(["export", "moodle-xml", "--out", str(out), "--n", "150", *extra]) == 0
        return [q.findtext("idnumber") for q in ET.parse(out).getroot().iter("question")
                if q.get("type") != "category"]

    with_bank, without = ids(), ids("--no-bank")
    assert any(not qid.startswith("gen_") for qid in with_bank)
    assert without and all(qid.startswith("gen_") for qid in without)


def readme_commands(prefix: str) -> list[list[str]]:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For instructors", 1)[1].split("\n## ", 1)[0]
    return [line.split()[1:] for line in section.splitlines()
            if line.startswith(f".venv/bin/psoas-edu {prefix}")]


def test_the_readme_export_commands_work(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    commands = readme_commands("export ")
    assert [c[1] for c in commands] == list(FORMATS)
    for command in commands:
        assert main(command) == 0, capsys.readouterr().err
    outputs = [Path(command[command.index("--out") + 1]) for command in commands]
    # Each with the list of its question ids beside it (formats of one quiz share one).
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        {p.name for p in outputs} | {f"{p.stem}.ids.txt" for p in outputs})
