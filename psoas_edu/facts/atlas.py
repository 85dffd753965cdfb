"""Load and validate every file in ``data/`` into one frozen :class:`Atlas`."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from .csvfiles import RawTable, data_files, read_table
from .problems import DataError, Problem
from .roots import parse_roots
from .schema import SCHEMAS, FileSchema
from .validation import missing_file_problem, parse_number, split_list, validate_tables

__all__ = ["Atlas", "DataFolderNotFoundError", "load_atlas", "default_data_dir",
           "data_dir_candidates"]


#: The file that marks a folder as the course's facts (every course data folder has it).
_MARKER = "muscles.csv"


class DataFolderNotFoundError(DataError):
    """No folder of the course's facts was found in any of the places looked in."""

    def __init__(self, looked_in: Sequence[Path]):
        self.looked_in = tuple(looked_in)
        checkout, cwd = self.looked_in[0], self.looked_in[1].parent
        self.problems = (Problem(cwd / "data", 1, "", "", f"a data/ folder holding {_MARKER}",
                                 got_described="no course data folder"),)
        ValueError.__init__(
            self,
            "psoas-edu could not find the course's data folder (the facts, data/*.csv). "
            f"Looked for a data/ folder holding {_MARKER}:\n"
            f"  1. PSOAS_EDU_DATA: not set\n"
            f"  2. beside the package: {checkout}\n"
            f"  3. beside a notebooks/ folder in {cwd} or a folder above it\n"
            "Set PSOAS_EDU_DATA to the folder (for example "
            "PSOAS_EDU_DATA=/path/to/psoas-edu/data), or run from the course folder "
            "(the one holding data/ and notebooks/) or a folder inside it.")


def data_dir_candidates(cwd: Path | None = None) -> list[Path]:
    """Where :func:`default_data_dir` looks, in order (``$PSOAS_EDU_DATA`` aside).

    The ``data/`` folder of the checkout this package is in (an editable
    install or a plain checkout), then ``data/`` in the working directory and
    in each folder above it (a handout installed with a plain ``pip install``,
    run from its own folder or its ``notebooks/``). A folder is taken only if
    it holds ``muscles.csv`` and, for the folders around the working
    directory, has a ``notebooks/`` folder beside it (the course's or the
    handout's layout), so an unrelated ``data/`` higher up is never read.
    """
    cwd = Path.cwd() if cwd is None else cwd
    checkout = Path(__file__).resolve().parents[2] / "data"
    return [checkout, *(folder / "data" for folder in (cwd, *cwd.parents))]


def default_data_dir() -> Path:
    """The course's data folder.

    In this order: ``$PSOAS_EDU_DATA`` if set (used as given); the ``data/``
    folder of the checkout holding this package; the first ``data/`` folder
    holding ``muscles.csv``, beside a ``notebooks/`` folder, in the working
    directory or a folder above it (see :func:`data_dir_candidates`).

    Raises
    ------
    DataFolderNotFoundError
        No such folder; the message names ``PSOAS_EDU_DATA`` and every place
        looked in.
    """
    override = os.environ.get("PSOAS_EDU_DATA")
    if override:
        return Path(override)
    checkout, *around = candidates = data_dir_candidates()
    if (checkout / _MARKER).is_file():
        return checkout
    for folder in around:
        if (folder / _MARKER).is_file() and (folder.parent / "notebooks").is_dir():
            return folder
    raise DataFolderNotFoundError(candidates)


@dataclass(frozen=True)
class Atlas:
    """All the course's facts as DataFrames, one per data file.

    Read a table as an attribute named after its file: ``atlas.muscles``,
    ``atlas.actions``, ``atlas.landmark_positions``. Cells that hold lists
    (``source_ids``, ``landmark_ids``) are tuples; ``x``/``y`` are floats;
    ``roots`` is kept as written and parsed into ``root_levels``; a fact
    table that can record disputes also has a boolean ``disputed`` column.
    """

    data_dir: Path
    tables: Mapping[str, pd.DataFrame]

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = object.__getattribute__(self, "tables")
        try:
            return tables[name]
        except KeyError:
            raise AttributeError(
                f"the atlas has no table {name!r}; tables: {', '.join(sorted(tables))}"
            ) from None

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.tables))

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(frame)}" for name, frame in self.tables.items())
        return f"Atlas({sizes})"


def load_atlas(data_dir: Path | str | None = None) -> Atlas:
    """Read, validate and return every data file.

    Raises
    ------
    DataError
        Listing every problem in every file, each with file, line, column,
        the value found and what was expected.
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    raw, problems = read_data_dir(data_dir)
    problems += validate_tables(raw, SCHEMAS)
    if problems:
        raise DataError(problems)
    tables = {schema.file.removesuffix(".csv"): _to_frame(raw[schema.file], schema)
              for schema in SCHEMAS if schema.file in raw}
    return Atlas(data_dir, MappingProxyType(tables))


def read_data_dir(data_dir: Path) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read every known file in ``data_dir``; report missing and unknown files."""
    if not data_dir.is_dir():
        return {}, [Problem(data_dir, 1, "", "", "a folder of CSV files",
                            got_described="no such folder")]
    raw: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for schema in SCHEMAS:
        path = data_dir / schema.file
        if not path.exists() and not path.is_symlink():
            if not schema.optional:
                problems.append(missing_file_problem(path, schema))
            continue
        table, read_problems = read_table(path)
        problems += read_problems
        if table is not None:
            raw[schema.file] = table
    known = {schema.file for schema in SCHEMAS}
    for path in data_files(data_dir):
        if path.name not in known:
            problems.append(Problem(path, 1, "", "", "only the data files described in "
                                    "data/README.md: " + ", ".join(sorted(known)),
                                    got_described="a file the course does not know"))
    return raw, problems


def _to_frame(table: RawTable, schema: FileSchema) -> pd.DataFrame:
    columns: dict[str, list[object]] = {}
    for column in schema.columns:
        cells = [row[column.name] for _, row in table.rows]
        if column.multiple:
            columns[column.name] = [split_list(cell) for cell in cells]
        elif column.kind == "number":
            columns[column.name] = [parse_number(cell, table.delimiter) for cell in cells]
        else:
            columns[column.name] = cells
        if column.kind == "roots":
            columns["root_levels"] = [parse_roots(cell) for cell in cells]
    if any(c.references == ("disputes.csv", "dispute_id") for c in schema.columns):
        columns["disputed"] = [bool(cell) for cell in columns["dispute_id"]]
    return pd.DataFrame(columns)
