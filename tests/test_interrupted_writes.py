"""Killed and refused writes: the old file survives and nothing piles up.

A child process is killed with SIGKILL at the worst moment (the new file
complete but not yet moved into place, or half-written), then the next
run must clean up what the killed one left. Also: a read-only folder names
the target, and outputs inside ``data/`` or ``notebooks/`` need ``force``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from psoas_edu.atomic_write import (
    ProtectedFolderError,
    atomic_write_text,
    check_writable,
    protected_folders,
    refuse_protected,
    remove_leftovers,
)
from psoas_edu.cli.main import main
from psoas_edu.course.student_version import build_student_version

ROOT = Path(__file__).resolve().parents[1]


def _run_and_kill(tmp_path: Path, hang_in: str, body: str) -> None:
    """Run ``body`` in a child where calling ``hang_in`` (``module:attr.attr``)
    half-writes any temporary file it is given, signals the parent and
    sleeps; the parent then kills the child with SIGKILL."""
    marker = tmp_path / "reached"
    module, attrs = hang_in.split(":")
    owner, _, attr = attrs.rpartition(".")
    script = textwrap.dedent(f"""
        import functools, importlib, os, time
        owner = importlib.import_module({module!r})
        owner = functools.reduce(getattr, {owner!r}.split("."), owner) if {owner!r} else owner
        def hang(*args, **kwargs):
            for arg in args:
                if str(arg).endswith(".tmp") and not os.path.isdir(str(arg)):
                    open(str(arg), "wb").write(b"half of a fil")
            open({str(marker)!r}, "w").close()
            time.sleep(600)
        setattr(owner, {attr!r}, hang)
    """) + textwrap.dedent(body)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    child = subprocess.Popen([sys.executable, "-c", script], env=env, cwd=tmp_path,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            if child.poll() is not None:
                pytest.fail(f"the child ended before it was killed: {child.stderr.read()!r}")
            assert time.monotonic() < deadline, "the child never reached the write"
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stderr.close()
    marker.unlink()


def _hidden(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith("."))


@pytest.mark.parametrize("fmt, name", [("gift", "quiz.gift"), ("anki", "deck.apkg")])
def test_export_killed_before_the_move_keeps_the_old_file(tmp_path, fmt, name):
    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    target.write_bytes(b"the complete old export")
    _run_and_kill(tmp_path, "os:replace", f"""
        from psoas_edu.cli.main import main
        main(["export", {fmt!r}, "--out", {str(target)!r}, "--force", "--no-bank", "--n", "3"])
    """)
    assert target.read_bytes() == b"the complete old export"
    assert len(_hidden(out)) == 1  # the killed run's finished temporary file

    assert main(["export", fmt, "--out", str(target), "--force", "--no-bank", "--n", "3"]) == 0
    assert target.read_bytes() != b"the complete old export"
    # Nothing left over: the export and the list of its question ids (written with it).
    assert sorted(os.listdir(out)) == sorted([name, Path(name).stem + ".ids.txt"])


def test_anki_export_killed_mid_write_leaves_nothing_after_the_next_run(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "deck.apkg"
    target.write_bytes(b"old deck")
    _run_and_kill(tmp_path, "psoas_edu.export.anki:_write_package", f"""
        from psoas_edu.cli.main import main
        main(["export", "anki", "--out", {str(target)!r}, "--force", "--no-bank", "--n", "3"])
    """)
    assert target.read_bytes() == b"old deck"
    assert main(["export", "anki", "--out", str(target), "--force", "--no-bank",
                 "--n", "3"]) == 0
    assert sorted(os.listdir(out)) == ["deck.apkg", "deck.ids.txt"]


def _notebooks(tmp_path: Path) -> Path:
    source = tmp_path / "course"
    source.mkdir()
    cell = {"cell_type": "markdown", "id": "intro", "metadata": {}, "source": "Hello"}
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (source / "01_intro.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    return source


def test_student_version_killed_before_the_move_leaves_no_partial_handout(tmp_path):
    source = _notebooks(tmp_path)
    handout = tmp_path / "handout"
    _run_and_kill(tmp_path, "os:rename", f"""
        from psoas_edu.course.student_version import build_student_version
        build_student_version({str(handout)!r}, source={str(source)!r})
    """)
    assert not handout.exists()  # no half-copied handout
    assert [name for name in _hidden(tmp_path) if "handout" in name]  # the killed staging

    build_student_version(handout, source=source)
    assert (handout / "notebooks" / "01_intro.ipynb").exists()
    assert not [name for name in _hidden(tmp_path) if "handout" in name]


def test_leftovers_of_a_living_process_are_kept(tmp_path):
    target = tmp_path / "quiz.gift"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        theirs = tmp_path / f".quiz.gift.psoas-edu-{sleeper.pid}-abc123.tmp"
        dead = tmp_path / ".quiz.gift.psoas-edu-999999999-abc123.tmp"
        old_style = tmp_path / ".quiz.gift.k2j4_x9a.tmp"
        fresh_old_style = tmp_path / ".quiz.gift.zzzz_123.tmp"
        other_target = tmp_path / ".other.gift.psoas-edu-999999999-abc123.tmp"
        for path in (theirs, dead, old_style, fresh_old_style, other_target):
            path.write_text("partial")
        two_hours_ago = time.time() - 7200
        os.utime(old_style, (two_hours_ago, two_hours_ago))
        assert sorted(remove_leftovers(target)) == sorted([dead, old_style])
        assert theirs.exists() and fresh_old_style.exists() and other_target.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_read_only_folder_names_the_target(tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, dir=None, prefix="", suffix="", **kwargs):
        raise PermissionError(13, "Permission denied", os.path.join(dir, prefix + "x" + suffix))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(PermissionError) as refused:
        atomic_write_text(tmp_path / "quiz.gift", "x")
    message = str(refused.value)
    assert message.startswith(f"cannot write {tmp_path / 'quiz.gift'}: the folder ")
    assert "Permission denied" in message
    assert ".tmp" not in message


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs a user that file permissions apply to")
def test_a_really_read_only_folder(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(PermissionError, match=r"cannot write .*locked/quiz\.gift"):
            check_writable(folder / "quiz.gift")
    finally:
        folder.chmod(0o755)


def test_outputs_inside_data_and_notebooks_need_force(tmp_path, monkeypatch):
    data = tmp_path / "data"
    (data / "quizzes").mkdir(parents=True)
    monkeypatch.setenv("PSOAS_EDU_DATA", str(data))
    bank = data / "quizzes" / "k.csv"
    with pytest.raises(ProtectedFolderError, match="inside the course's data folder"):
        atomic_write_text(bank, "x")
    assert not bank.exists()
    atomic_write_text(bank, "x", force=True)
    assert bank.read_text() == "x"
    assert ROOT / "notebooks" in protected_folders()
    with pytest.raises(ProtectedFolderError, match="inside the course's notebooks folder"):
        check_writable(ROOT / "notebooks" / "quiz.gift")
    with pytest.raises(ProtectedFolderError, match="inside the course's notebooks folder"):
        refuse_protected(ROOT / "notebooks" / "handout")
    assert refuse_protected(ROOT / "notebooks" / "handout", force=True)
    assert refuse_protected(tmp_path / "handout") == tmp_path / "handout"


def test_export_into_the_bank_folder_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["export", "gift", "--out", "data/quizzes/k.csv", "--no-bank", "--n", "2"]) == 1
    assert capsys.readouterr().err == (
        "psoas-edu export: data/quizzes/k.csv is inside the course's data folder (data), "
        "which the course is built from; write it elsewhere, or pass --force to write there "
        "anyway\n")
    assert not (ROOT / "data" / "quizzes" / "k.csv").exists()
