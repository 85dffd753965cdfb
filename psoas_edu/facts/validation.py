"""Check raw data tables against their schemas, collecting every problem.

Pure functions over :class:`~psoas_edu.csvfiles.RawTable`; no file access.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from .csvfiles import RawTable
from .problems import Problem
from .roots import ROOTS_EXPECTED, parse_roots
from .schema import LIST_SEPARATOR, Column, FileSchema

__all__ = [
    "validate_tables", "split_list", "missing_file_problem", "parse_number",
    "invisible_hint", "NUMBER_LIMIT",
]

Tables = Mapping[str, RawTable]

#: Every number is a position or a rank in the course's diagrams, whose
#: frame is about 170 units tall; anything beyond this is a typing slip.
NUMBER_LIMIT = 1000.0
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")


def parse_number(cell: str, delimiter: str = ",") -> float | None:
    """The number in ``cell``, or ``None`` if it is not a finite number
    within +-:data:`NUMBER_LIMIT`.

    A decimal comma (``-1,3``) is read as a decimal point in files saved
    with ``;`` or tabs between fields, as spreadsheets in those locales do;
    in a comma-separated file it could be a thousands separator, so it is
    refused there. ``nan``, ``inf`` and numbers too large for the drawing
    are refused.
    """
    cell = _decimal_point(cell, delimiter)
    if not _NUMBER.match(cell):
        return None
    value = float(cell)
    return value if math.isfinite(value) and abs(value) <= NUMBER_LIMIT else None


def _decimal_point(cell: str, delimiter: str) -> str:
    return cell.replace(",", ".") if delimiter != "," and _DECIMAL_COMMA.match(cell) else cell


def invisible_hint(value: str) -> str:
    """`` (it contains ...; delete it)`` naming invisible or non-breaking
    characters in ``value``, or ``''``."""
    odd = sorted({c for c in value if c == "\xa0" or unicodedata.category(c) in ("Cf", "Zs")
                  and c != " "})
    if not odd:
        return ""
    names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'invisible character')}"
                      for c in odd)
    it = "it" if len(odd) == 1 else "them"
    return f" (the cell contains {names}, invisible or looking like a space; delete {it})"


def split_list(cell: str) -> tuple[str, ...]:
    """Split a multi-valued cell on ``;``, trimming each value."""
    return tuple(part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip())


def validate_tables(tables: Tables, schemas: tuple[FileSchema, ...]) -> list[Problem]:
    """Return every problem in ``tables`` (file name -> table)."""
    problems: list[Problem] = []
    for schema in schemas:
        table = tables.get(schema.file)
        if table is None:
            continue
        problems += _header_problems(table, schema)
        problems += _cell_problems(table, schema)
        problems += _duplicate_problems(table, schema)
        problems += _reference_problems(table, schema, tables)
        for check in schema.extra_checks:
            problems += EXTRA_CHECKS[check](table, tables)
    problems += _dispute_problems(tables, schemas)
    return problems


def _header_problems(table: RawTable, schema: FileSchema) -> Iterator[Problem]:
    known = schema.column_names
    for name in known:
        if name not in table.header:
            yield Problem(table.path, 1, name, "",
                          f"a column named '{name}' ({schema.column(name).doc})",
                          got_described="no such column in the header")
    seen: set[str] = set()
    for name in table.header:
        if name not in known:
            yield Problem(table.path, 1, name, name, "one of the columns " + ", ".join(known))
        elif name in seen:
            yield Problem(table.path, 1, name, name, "each column once")
        seen.add(name)


def _cell_problems(table: RawTable, schema: FileSchema) -> Iterator[Problem]:
    columns = [c for c in schema.columns if c.name in table.header]
    for line, row in table.rows:
        for column in columns:
            value = row[column.name]
            if not value:
                if column.required:
                    yield Problem(table.path, line, column.name, "", f"a value: {column.doc}",
                                  got_described="an empty cell")
                continue
            values = split_list(value) if column.multiple else (value,)
            for item in values:
                expected = _value_expectation(column, item, table.delimiter)
                if expected:
                    yield Problem(table.path, line, column.name, item, expected)


def _value_expectation(column: Column, value: str, delimiter: str) -> str:
    """What ``value`` should have been, or '' when it is fine."""
    if column.choices and value not in column.choices:
        return "one of " + ", ".join(repr(c) for c in column.choices) + invisible_hint(value)
    if column.pattern is not None and not column.pattern.match(value):
        return column.expected + invisible_hint(value)
    if column.kind == "roots":
        try:
            parse_roots(value)
        except ValueError:
            return ROOTS_EXPECTED
    if column.kind == "number" and parse_number(value, delimiter) is None:
        if not _NUMBER.match(_decimal_point(value, delimiter)):
            return "a number such as 1.5"  # also for nan and inf
        return (f"a number between -{NUMBER_LIMIT:g} and {NUMBER_LIMIT:g} "
                "(the diagrams' units)")
    if column.kind == "url" and not value.startswith(("https://", "http://")):
        return "a web address starting with https://"
    return ""


def _duplicate_problems(table: RawTable, schema: FileSchema) -> Iterator[Problem]:
    if not all(name in table.header for name in schema.key):
        return
    first_line: dict[tuple[str, ...], tuple[int, str]] = {}
    disputable = "dispute_id" in schema.column_names
    for line, row in table.rows:
        key = tuple(row[name] for name in schema.key)
        dispute = row.get("dispute_id", "")
        if key in first_line:
            earlier_line, earlier_dispute = first_line[key]
            if disputable and dispute and dispute == earlier_dispute:
                continue  # two sides of a recorded dispute
            key_text = ", ".join(f"{n}={v}" for n, v in zip(schema.key, key, strict=True))
            hint = (" (if sources disagree, give both rows the same dispute_id)"
                    if disputable else "")
            yield Problem(table.path, line, schema.key[-1], key_text,
                          f"one row per fact, but line {earlier_line} has the same "
                          f"{', '.join(schema.key)}{hint}")
        else:
            first_line[key] = (line, dispute)


def _column_values(tables: Tables, file: str, column: str) -> set[str] | None:
    table = tables.get(file)
    if table is None or column not in table.header:
        return None
    return {row[column] for _, row in table.rows}


def _reference_problems(table: RawTable, schema: FileSchema, tables: Tables) -> Iterator[Problem]:
    for column in schema.columns:
        if column.references is None or column.name not in table.header:
            continue
        target_file, target_column = column.references
        known = _column_values(tables, *column.references)
        if known is None:
            continue  # the missing file or column is reported on its own
        for line, row in table.rows:
            values = split_list(row[column.name]) if column.multiple else (row[column.name],)
            for value in values:
                if not value or (column.pattern and not column.pattern.match(value)):
                    continue  # empty or malformed: reported by the cell checks
                if value not in known:
                    yield Problem(table.path, line, column.name, value,
                                  f"an id from {target_file} column '{target_column}'"
                                  f"{_close_matches_hint(value, known)}")


def _close_matches_hint(value: str, known: set[str]) -> str:
    from difflib import get_close_matches

    close = get_close_matches(value, sorted(known), n=3)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


def _dispute_problems(tables: Tables, schemas: tuple[FileSchema, ...]) -> Iterator[Problem]:
    """A dispute needs two rows that cite different sources; a row key that
    appears twice must be inside one dispute (checked in duplicates)."""
    disputes = tables.get("disputes.csv")
    if disputes is None or "dispute_id" not in disputes.header:
        return
    sides: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for schema in schemas:
        table = tables.get(schema.file)
        if table is None or "dispute_id" not in table.header or "source_ids" not in table.header:
            continue
        for _, row in table.rows:
            if row["dispute_id"]:
                sides[row["dispute_id"]].append(tuple(sorted(split_list(row["source_ids"]))))
    for line, row in disputes.rows:
        dispute = row["dispute_id"]
        if not dispute:
            continue
        rows = sides.get(dispute, [])
        if len(rows) < 2 or len(set(rows)) < 2:
            yield Problem(
                disputes.path, line, "dispute_id", dispute,
                "at least two fact rows with this dispute_id citing different sources "
                f"(found {len(rows)} row{'s' if len(rows) != 1 else ''}"
                f"{'' if len(rows) < 2 else ' all citing the same sources'})",
            )


def _opposite_problems(table: RawTable, tables: Tables) -> Iterator[Problem]:
    """An opposite movement must exist at the same joint and point back."""
    if not {"joint", "movement", "opposite"} <= set(table.header):
        return
    opposite_of = {(row["joint"], row["movement"]): row["opposite"] for _, row in table.rows}
    for line, row in table.rows:
        opposite = row["opposite"]
        if not opposite:
            continue
        joint = row["joint"]
        if (joint, opposite) not in opposite_of:
            yield Problem(table.path, line, "opposite", opposite,
                          f"a movement listed for joint '{joint}' in movements.csv")
        elif opposite_of[(joint, opposite)] != row["movement"]:
            yield Problem(table.path, line, "opposite", opposite,
                          f"a movement whose own opposite is '{row['movement']}' "
                          "(opposition goes both ways)")


def _known_movement_problems(table: RawTable, tables: Tables) -> Iterator[Problem]:
    movements = tables.get("movements.csv")
    if movements is None or not {"joint", "movement"} <= set(movements.header):
        return
    known = {(row["joint"], row["movement"]) for _, row in movements.rows}
    joints = {joint for joint, _ in known}
    for line, row in table.rows:
        joint, movement = row.get("joint", ""), row.get("movement", "")
        if not joint or not movement:
            continue
        if joint not in joints:
            yield Problem(table.path, line, "joint", joint,
                          "a joint from movements.csv" + _close_matches_hint(joint, joints))
        elif (joint, movement) not in known:
            at_joint = {m for j, m in known if j == joint}
            yield Problem(table.path, line, "movement", movement,
                          f"a movement at joint '{joint}' from movements.csv"
                          + _close_matches_hint(movement, at_joint))


def _placeable_landmark_problems(table: RawTable, tables: Tables) -> Iterator[Problem]:
    """Every landmark an attachment names must have a place in some view."""
    placed = _column_values(tables, "landmark_positions.csv", "landmark_id")
    known = _column_values(tables, "landmarks.csv", "landmark_id")
    if placed is None or known is None or "landmark_ids" not in table.header:
        return
    for line, row in table.rows:
        for landmark in split_list(row["landmark_ids"]):
            if landmark in known and landmark not in placed:
                yield Problem(table.path, line, "landmark_ids", landmark,
                              "a landmark with a position in at least one view in "
                              "landmark_positions.csv, so diagrams can draw it")


def _zone_geometry_problems(table: RawTable, tables: Tables) -> Iterator[Problem]:
    """Every referral zone needs a shape in body_regions.csv for its view."""
    zones = tables.get("referral_zones.csv")
    if zones is None or not {"region_id", "view"} <= set(table.header):
        return
    if not {"zone_id", "view"} <= set(zones.header):
        return
    shaped = {(row["region_id"], row["view"]) for _, row in table.rows}
    for line, row in zones.rows:
        if row["zone_id"] and (row["zone_id"], row["view"]) not in shaped:
            yield Problem(zones.path, line, "zone_id", row["zone_id"],
                          f"a zone with a shape for view '{row['view']}' in body_regions.csv, "
                          "so the body map can shade it")


EXTRA_CHECKS: dict[str, Callable[[RawTable, Tables], Iterator[Problem]]] = {
    "opposites": _opposite_problems,
    "known_movement": _known_movement_problems,
    "placeable_landmarks": _placeable_landmark_problems,
    "zone_geometry": _zone_geometry_problems,
}


def missing_file_problem(path: Path, schema: FileSchema) -> Problem:
    return Problem(path, 1, "", "", f"the file {schema.file}: {schema.doc}",
                   got_described="no such file")
