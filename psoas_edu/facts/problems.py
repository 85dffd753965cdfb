"""Problems found in a user's file, and the one error that reports them all."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = ["Problem", "DataError", "display_path"]


def display_path(path: Path | str) -> str:
    """Path as a person would type it: relative to the working directory
    when the file is below it, otherwise absolute."""
    path = Path(path)
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one cell (or line, or file).

    ``column`` is empty for problems with a whole line or file. ``got`` is
    the offending cell value, shown in quotes; when the problem is not a
    value (a missing column, a wrong byte), ``got_described`` says what was
    found instead and is shown as written.
    """

    path: Path
    line: int
    column: str
    got: str
    expected: str
    got_described: str = ""

    def __str__(self) -> str:
        where = f"{display_path(self.path)}:{self.line}"
        if self.column:
            where += f" column '{self.column}'"
        got = self.got_described or repr(self.got)
        return f"{where}: got {got}; expected {self.expected}"


class DataError(ValueError):
    """Every problem found in one pass over a set of files.

    The message starts with the count and lists one problem per line;
    ``problems`` keeps them as objects and ``table()`` as a DataFrame.
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(sorted(set(problems), key=_problem_order))
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{count} {noun} found:"] + [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(
            [(display_path(p.path), p.line, p.column, p.got_described or p.got, p.expected)
             for p in self.problems],
            columns=["file", "line", "column", "got", "expected"],
        )


def _problem_order(problem: Problem) -> tuple[str, int, str, str, str, str]:
    # Every field, so the order never depends on the order of a set.
    return (str(problem.path), problem.line, problem.column, problem.got,
            problem.got_described, problem.expected)
