"""Fuzzed data files and question banks: nothing is ever lost in silence.

Each example makes one mutation of a real file (a character inserted,
deleted or replaced, a line duplicated, the file cut short, the bytes
re-encoded) and loads it. Either the loader raises the project's own
:class:`~psoas_edu.DataError`, or every record in the mutated file is a
row that was loaded. Anything else (a traceback, rows swallowed by a
stray quote) fails. Bounded and derandomised so it runs the same in CI in
a few seconds.
"""

from __future__ import annotations

import io
import shutil
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psoas_edu import BankWarning, DataError, load_atlas
from psoas_edu.facts.atlas import default_data_dir
from psoas_edu.quiz.bank import load_bank

FUZZ = settings(max_examples=250, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
DATA_FILES = ["muscle_paths.csv", "attachments.csv", "landmark_positions.csv", "muscles.csv"]
NASTY = ['"', '"', '"', ",", ";", "\t", "\x00", "\xa0", "\u200b", "\ufeff", "=", "#", "\u00e9",
         "\u201c", "x", " "]
BLANK = " \t\r\n,;\xa0\u200b\ufeff"


@st.composite
def mutations(draw, original: str) -> bytes:
    """One mutation of ``original``, as the bytes a file would hold."""
    kind = draw(st.sampled_from(["insert", "insert", "delete", "replace", "duplicate_line",
                                 "truncate", "encode", "open_quote", "open_quote"]))
    at = draw(st.integers(0, len(original)))
    text = original
    if kind == "open_quote":
        # A quote typed at the start of a cell: the case that swallows rows.
        starts = [i + 1 for i, char in enumerate(original) if char == ","]
        at = starts[draw(st.integers(0, len(starts) - 1))]
        text = original[:at] + '"' + original[at:]
    elif kind == "insert":
        text = original[:at] + draw(st.sampled_from(NASTY)) + original[at:]
    elif kind == "delete":
        text = original[:at] + original[at + draw(st.integers(1, 40)):]
    elif kind == "replace" and at < len(original):
        text = original[:at] + draw(st.sampled_from(NASTY)) + original[at + 1:]
    elif kind == "duplicate_line":
        lines = io.StringIO(original, newline="").readlines()
        index = draw(st.integers(0, len(lines) - 1))
        text = "".join(lines[:index + 1] + [lines[index]] + lines[index + 1:])
    elif kind == "truncate":
        text = original[:at]
    elif kind == "encode":
        encoding = draw(st.sampled_from(["utf-16", "utf-8-sig", "cp1252", "utf-16-le"]))
        return text.encode(encoding, errors="replace")
    return text.encode("utf-8")


def records_in(data: bytes) -> int | None:
    """Records after the header, counting non-blank physical lines (the
    originals have no line breaks inside cells, and no mutation adds one)."""
    for encoding in ("utf-16", "utf-8-sig") if data[:2] in (b"\xff\xfe", b"\xfe\xff") \
            else ("utf-8-sig",):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            return None
    lines = [line for line in io.StringIO(text, newline="").readlines() if line.strip(BLANK)]
    return max(len(lines) - 1, 0)


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory):
    target = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(default_data_dir(), target, ignore=shutil.ignore_patterns("quizzes"))
    return target


def _originals(folder, names):
    texts = {name: (folder / name).read_text(encoding="utf-8") for name in names}
    for name, text in texts.items():  # the counting above relies on this
        assert len(io.StringIO(text, newline="").readlines()) == text.count("\n"), name
    return texts


@FUZZ
@given(data=st.data())
def test_fuzzed_data_files_load_whole_or_raise(data_copy, data):
    originals = _originals(default_data_dir(), DATA_FILES)
    name = data.draw(st.sampled_from(DATA_FILES))
    mutated = data.draw(mutations(originals[name]))
    path = data_copy / name
    path.write_bytes(mutated)
    try:
        atlas = load_atlas(data_copy)
    except DataError:
        return
    finally:
        path.write_text(originals[name], encoding="utf-8")
    assert len(atlas.tables[name.removesuffix(".csv")]) == records_in(mutated)


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


BANK = default_data_dir() / "quizzes" / "iliopsoas_basics.csv"


@FUZZ
@given(data=st.data())
def test_fuzzed_banks_load_whole_or_raise(tmp_path_factory, atlas, data):
    original = BANK.read_text(encoding="utf-8")
    mutated = data.draw(mutations(original))
    path = tmp_path_factory.mktemp("bank", numbered=True) / "bank.csv"
    path.write_bytes(mutated)
    try:
        questions = load_bank(path, atlas=atlas)
    except DataError as error:
        # A notebook quiz leaves the bad rows out, says so, and keeps the rest.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            kept = load_bank(path, atlas=atlas, skip_bad=True)
        [warning] = caught
        assert isinstance(warning.message, BankWarning)
        assert warning.message.problems == error.problems
        assert len(kept) <= (records_in(mutated) or 0)
        return
    assert len(questions) == records_in(mutated)
