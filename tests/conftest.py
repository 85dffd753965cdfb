"""Shared fixtures: a private copy of the course data that a test may break."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import matplotlib
import pytest

from psoas_edu import DataError, load_atlas
from psoas_edu.facts.atlas import default_data_dir
from psoas_edu.facts.csvfiles import read_table

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ in a temporary folder, safe to edit."""
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target, ignore=shutil.ignore_patterns("quizzes"))
    return target


def edit_cell(path: Path, where: dict[str, str], column: str, value: str) -> int:
    """Set ``column`` of the first row matching ``where``; return that row's line."""
    table, _ = read_table(path)
    assert table is not None
    for index, (line, row) in enumerate(table.rows):
        if all(row[k] == v for k, v in where.items()):
            rows = [dict(r) for _, r in table.rows]
            rows[index][column] = value
            write_rows(path, table.header, rows)
            return line
    raise AssertionError(f"no row matching {where} in {path}")


def append_row(path: Path, values: dict[str, str]) -> int:
    """Append a row (missing columns empty); return its line number."""
    table, _ = read_table(path)
    assert table is not None
    rows = [dict(r) for _, r in table.rows] + [values]
    write_rows(path, table.header, rows)
    new_table, _ = read_table(path)
    return new_table.rows[-1][0]


def write_rows(path: Path, header: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, restval="")
        writer.writeheader()
        writer.writerows(rows)


def problems_of(data_dir: Path) -> list[str]:
    """Every problem loading ``data_dir`` reports, as the lines a user reads."""
    with pytest.raises(DataError) as caught:
        load_atlas(data_dir)
    return [str(p) for p in caught.value.problems]


def only_problem(data_dir: Path) -> str:
    """The one problem loading ``data_dir`` reports (fails if there are more)."""
    problems = problems_of(data_dir)
    assert len(problems) == 1, problems
    return problems[0]
