"""Build a synthetic atlas k times the size of the real one, for scaling runs.

Every row that belongs to a muscle is copied for each clone of that muscle;
ids that must stay unique get the clone's suffix. The copy is validated like
the real data, so the timing includes every check.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from psoas_edu.facts.csvfiles import read_table
from psoas_edu.facts.schema import SCHEMAS, FileSchema

__all__ = ["write_scaled_atlas"]

_MUSCLE_REF = ("muscles.csv", "muscle_id")


def _muscle_column(schema: FileSchema) -> str | None:
    if schema.file == "muscles.csv":
        return "muscle_id"
    for column in schema.columns:
        if column.references == _MUSCLE_REF and not column.multiple:
            return column.name
    return None


def _clone_row(row: dict[str, str], schema: FileSchema, muscle_column: str,
               suffix: str) -> dict[str, str]:
    clone = dict(row)
    if row[muscle_column]:
        clone[muscle_column] = row[muscle_column] + suffix
    # Key columns that are the row's own id (not references) must stay unique.
    for name in schema.key:
        column = schema.column(name)
        if name != muscle_column and column.references is None and muscle_column not in schema.key:
            clone[name] = row[name] + suffix
    # Names shown to students must stay unique too, or lookups become ambiguous.
    for name in ("name", "latin_name"):
        if schema.file == "muscles.csv" and row.get(name):
            clone[name] = f"{row[name]} {suffix.strip('_')}"
    if schema.file == "muscles.csv":
        clone["synonyms"] = ""
        for name in ("uberon_id", "fma_id", "ta98_id"):
            clone[name] = row[name]
    return clone


def write_scaled_atlas(source: Path, target: Path, factor: int) -> Path:
    """Write a copy of ``source`` with every muscle present ``factor`` times."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("quizzes", "*.md"))
    for schema in SCHEMAS:
        muscle_column = _muscle_column(schema)
        path = target / schema.file
        if muscle_column is None or not path.exists():
            continue
        table, _ = read_table(path)
        rows = [row for _, row in table.rows]
        for copy in range(1, factor):
            suffix = f"_x{copy}"
            rows += [_clone_row(row, schema, muscle_column, suffix)
                     for _, row in table.rows if row[muscle_column]]
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=table.header)
            writer.writeheader()
            writer.writerows(rows)
    return target
