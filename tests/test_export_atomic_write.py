"""Exports are written whole or not at all, and never over a file unless forced."""

import os
import stat

import pytest

from psoas_edu.atomic_write import (
    OutputExistsError,
    atomic_path,
    atomic_write_bytes,
    atomic_write_text,
    check_writable,
)


def test_writes_the_text(tmp_path):
    path = atomic_write_text(tmp_path / "quiz.gift", "line one\nline two\n")
    assert path.read_text(encoding="utf-8") == "line one\nline two\n"
    assert os.listdir(tmp_path) == ["quiz.gift"]


def test_refuses_to_overwrite_and_keeps_the_old_file(tmp_path):
    path = tmp_path / "quiz.gift"
    path.write_text("the instructor's own file")
    with pytest.raises(OutputExistsError, match="already exists; .*--force"):
        atomic_write_text(path, "new")
    assert path.read_text() == "the instructor's own file"
    assert os.listdir(tmp_path) == ["quiz.gift"]


def test_force_replaces(tmp_path):
    path = tmp_path / "quiz.gift"
    path.write_text("old")
    atomic_write_bytes(path, b"new", force=True)
    assert path.read_bytes() == b"new"


def test_a_writer_failing_midway_leaves_no_file(tmp_path):
    path = tmp_path / "deck.apkg"
    with (pytest.raises(RuntimeError, match="disk full"), atomic_path(path) as temporary,
          temporary.open("wb") as handle):
        handle.write(b"half of the")
        handle.flush()
        raise RuntimeError("disk full")
    assert not path.exists()
    assert os.listdir(tmp_path) == []


def test_a_writer_failing_midway_keeps_the_old_file_even_with_force(tmp_path):
    path = tmp_path / "deck.apkg"
    path.write_bytes(b"complete old deck")
    with pytest.raises(RuntimeError), atomic_path(path, force=True) as temporary:
        temporary.write_bytes(b"partial")
        raise RuntimeError("interrupted")
    assert path.read_bytes() == b"complete old deck"
    assert os.listdir(tmp_path) == ["deck.apkg"]


def test_a_file_appearing_while_writing_is_not_replaced(tmp_path):
    path = tmp_path / "quiz.xml"
    with pytest.raises(OutputExistsError), atomic_path(path) as temporary:
        temporary.write_text("mine")
        path.write_text("someone else's")
    assert path.read_text() == "someone else's"
    assert os.listdir(tmp_path) == ["quiz.xml"]


def test_missing_folder_and_folder_as_file_are_refused(tmp_path):
    with pytest.raises(NotADirectoryError, match="does not exist"):
        check_writable(tmp_path / "nope" / "quiz.gift")
    with pytest.raises(IsADirectoryError, match="is a folder"):
        check_writable(tmp_path)


def test_written_files_get_ordinary_permissions(tmp_path):
    mask = os.umask(0o022)
    try:
        path = atomic_write_text(tmp_path / "key.md", "x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
