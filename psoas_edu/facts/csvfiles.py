"""Read CSV files the way spreadsheet programs save them.

LibreOffice and Excel add a byte-order mark, end lines with CRLF, pad cells
with spaces and, in many locales, separate fields with ``;``. This module
accepts all of that and keeps the line number each record starts on, so
problems can point at the line a person sees in a text editor.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem

__all__ = ["RawTable", "read_table"]


@dataclass(frozen=True)
class RawTable:
    """A CSV file as trimmed strings, before any checking.

    ``rows`` pairs each record's first line number (the header is line 1)
    with its cells, keyed by header name.
    """

    path: Path
    header: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]
    delimiter: str = ","


def _decode(path: Path, data: bytes) -> tuple[str | None, Problem | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        bad = data[error.start : error.start + 1]
        return None, Problem(
            path, line, "",
            "", "UTF-8 text: in LibreOffice use Save As > Text CSV with character set "
            "'Unicode (UTF-8)'; in Excel choose 'CSV UTF-8 (Comma delimited)'",
            got_described=f"byte 0x{bad.hex()}, which is not UTF-8",
        )


def _sniff_delimiter(header_line: str) -> str:
    # Spreadsheets in many European locales save with ';'. A header is plain
    # ids, so whichever separator it contains is the file's separator.
    if "," not in header_line and ";" in header_line:
        return ";"
    if "," not in header_line and "\t" in header_line:
        return "\t"
    return ","


def read_table(path: Path) -> tuple[RawTable | None, list[Problem]]:
    """Read one CSV file; return the table (or ``None``) and any problems.

    Wholly empty records (a spreadsheet's trailing ``;;;`` lines) are not
    data and are skipped; every other record is kept, even if malformed, so
    the validator can report it.
    """
    path = Path(path)
    text, problem = _decode(path, path.read_bytes())
    if problem is not None:
        return None, [problem]
    assert text is not None
    if not text.strip():
        return None, [Problem(path, 1, "", "", "a header line naming the columns",
                                   got_described="an empty file")]

    delimiter = _sniff_delimiter(text.splitlines()[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = tuple(cell.strip() for cell in next(reader))
    problems: list[Problem] = []
    rows: list[tuple[int, dict[str, str]]] = []
    start = reader.line_num + 1
    for record in reader:
        cells = [cell.strip() for cell in record]
        if any(cells):
            extra = [c for c in cells[len(header):] if c]
            if extra:
                problems.append(Problem(
                    path, start, "", "",
                    f"at most {len(header)} fields, one per header column "
                    "(a value with a comma in it must be in double quotes)",
                    got_described=f"{len(cells)} fields",
                ))
            padded = cells + [""] * (len(header) - len(cells))
            rows.append((start, dict(zip(header, padded, strict=False))))
        start = reader.line_num + 1
    return RawTable(path, header, tuple(rows), delimiter), problems
