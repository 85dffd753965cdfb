"""Read CSV files the way spreadsheet programs save them, and lose nothing.

LibreOffice, Excel and Google Sheets add a byte-order mark, end lines with
CRLF, pad cells with spaces, add empty columns and rows at the end, save
"Unicode text" as UTF-16 with tabs and, in many locales, separate fields
with ``;``. This module accepts all of that and keeps the line number each
record starts on, so problems point at the line a person sees in a text
editor.

What it never does is guess: a quote that is never closed, text after a
closing quote, or a quoted cell that swallows what look like whole rows is
reported with the line where the quote opened, and reading goes on at the
next line, so every other record is still read and checked.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem

__all__ = ["RawTable", "read_table", "data_files", "MAX_CELL_LINES"]

#: A quoted cell may hold line breaks, but one spanning more lines than this
#: is almost always a quote that was never closed.
MAX_CELL_LINES = 25

# Spreadsheets (and people pasting from the web) leave these around values.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_EDGE_SPACE = " \t\r\n\x0b\x0c\xa0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008" \
              "\u2009\u200a\u202f\u205f\u3000" + _INVISIBLE
_FORMULA = re.compile(r"=\s*[A-Za-z_][A-Za-z0-9_.]*\s*\(|=\s*\$?[A-Z]{1,3}\$?\d+\b")
_ERROR_VALUES = frozenset({"#REF!", "#VALUE!", "#NAME?", "#DIV/0!", "#N/A", "#NUM!",
                           "#NULL!", "#ERROR!", "#SPILL!", "#CALC!"})
_SAVE_AS_UTF8 = ("UTF-8 text: in LibreOffice use Save As > Text CSV with character set "
                 "'Unicode (UTF-8)'; in Excel choose 'CSV UTF-8 (Comma delimited)'")
_LOCK_PREFIXES = ("~$", ".~lock.", "._", ".")


@dataclass(frozen=True)
class RawTable:
    """A CSV file as trimmed strings, before any checking.

    ``rows`` pairs each record's first line number (the header is line 1)
    with its cells, keyed by header name. Empty columns at the right end of
    the header (spreadsheets add them) are dropped.
    """

    path: Path
    header: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]
    delimiter: str = ","


def data_files(folder: Path) -> list[Path]:
    """The ``*.csv`` entries of ``folder`` a person saved, in name order.

    Excel's lock files (``~$x.csv``), LibreOffice's (``.~lock.x.csv#``),
    macOS resource files (``._x.csv``) and other hidden files are left out;
    a folder named like a CSV file is kept, so reading it is reported.
    """
    return sorted(path for path in Path(folder).glob("*.csv")
                  if not path.name.startswith(_LOCK_PREFIXES))


def read_table(path: Path) -> tuple[RawTable | None, list[Problem]]:
    """Read one CSV file; return the table (or ``None``) and any problems.

    Wholly empty records (a spreadsheet's trailing ``;;;`` lines) are not
    data and are skipped; every other record is kept, even if malformed, so
    the validator can report it. A record the CSV rules cannot read (an
    unclosed quote, text after a closing quote, a cell over the size limit)
    is reported at the line where it went wrong and left out, and reading
    goes on after it.
    """
    path = Path(path)
    data, problem = _read_bytes(path)
    if problem is None:
        text, problem = _decode(path, data)
    if problem is not None:
        return None, [problem]
    if not text.strip(_EDGE_SPACE + ",;\t"):
        return None, [Problem(path, 1, "", "", "a header line naming the columns",
                              got_described="an empty file")]

    lines = io.StringIO(text, newline="").readlines()
    delimiter = _sniff_delimiter(next(line for line in lines if line.strip()))
    problems: list[Problem] = []
    records = _records(path, lines, delimiter, problems)
    # The header is the first record with any text (blank lines may precede it).
    first = next((index for index, (_, _, cells) in enumerate(records)
                  if any(_clean(cell) for cell in cells)), len(records))
    header = tuple(_clean(cell) for cell in records[first][2]) if records[first:] else ()
    if header and any(p.line <= records[first][0] for p in problems):
        header = ()  # the real header could not be read; never take a data row for it
    while header and not header[-1]:
        header = header[:-1]  # empty columns a spreadsheet adds at the right
    if not header:
        if not problems:
            problems.append(Problem(path, 1, "", "", "a header line naming the columns",
                                    got_described="no header"))
        return None, problems

    width = len(header)
    # Whole-file checks first, so the common file pays for plain strip() only.
    invisible = any(char in text for char in _INVISIBLE)
    formulas = "=" in text or "#" in text
    rows: list[tuple[int, dict[str, str]]] = []
    for line, span, record in records[first + 1:]:
        cells = [_clean(cell) for cell in record] if invisible else \
            [cell.strip() for cell in record]
        if not any(cells):
            continue
        if len(cells) > width and any(cells[width:]):
            problems.append(Problem(
                path, line, "", "",
                f"at most {width} fields, one per header column "
                "(a value with a comma in it must be in double quotes)",
                got_described=f"{len(cells)} fields",
            ))
        if span > 1:
            problems += _swallowing_problems(path, line, record, header, delimiter)
        if formulas:
            for index, cell in enumerate(cells[:width]):
                if cell[:1] in ("=", "#"):
                    problems += _formula_problems(path, line, header[index], cell)
        if len(cells) < width:
            cells += [""] * (width - len(cells))
        rows.append((line, dict(zip(header, cells, strict=False))))
    return RawTable(path, header, tuple(rows), delimiter), problems


def _read_bytes(path: Path) -> tuple[bytes, Problem | None]:
    try:
        return path.read_bytes(), None
    except IsADirectoryError:
        got = "a folder with this name"
    except FileNotFoundError:
        got = "no such file"
    except PermissionError:
        got = "a file this user may not read (permission denied)"
    except OSError as error:
        got = f"a file that cannot be read ({error.strerror or error})"
    return b"", Problem(path, 1, "", "", "a CSV file", got_described=got)


def _decode(path: Path, data: bytes) -> tuple[str, Problem | None]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text": UTF-16 with a byte-order mark, tab-separated.
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as error:
            return "", _undecodable(path, data, error.start, "UTF-16 text that ends cleanly",
                                    "bytes that are not UTF-16")
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return "", Problem(path, 1, "", "", "CSV text: open the workbook and use Save As > "
                           "CSV UTF-8", got_described="a spreadsheet workbook (.xlsx, .ods "
                           "or .xls), not CSV text")
    zero = data.find(b"\x00")
    if zero >= 0:
        return "", Problem(path, data[:zero].count(b"\n") + 1, "", "", _SAVE_AS_UTF8,
                           got_described="binary data (a zero byte), not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        return "", _undecodable(path, data, error.start, _SAVE_AS_UTF8, "")


def _undecodable(path: Path, data: bytes, start: int, expected: str, got: str) -> Problem:
    line = data[:start].count(b"\n") + 1
    bad = data[start:start + 1]
    if not got:
        got = f"byte 0x{bad.hex()}, which is not UTF-8"
        as_windows = bad.decode("cp1252", errors="replace")
        if as_windows.isprintable() and as_windows != "\ufffd":
            got += f" (it is '{as_windows}' in Windows-1252, Excel's older CSV encoding)"
    return Problem(path, line, "", "", expected, got_described=got)


def _sniff_delimiter(header_line: str) -> str:
    # Spreadsheets in many European locales save with ';' and Excel's
    # "Unicode text" with tabs. A header is plain ids, so whichever
    # separator it contains is the file's separator.
    if "," not in header_line and ";" in header_line:
        return ";"
    if "," not in header_line and "\t" in header_line:
        return "\t"
    return ","


def _clean(cell: str) -> str:
    cell = cell.strip()
    if cell and (cell[0] in _INVISIBLE or cell[-1] in _INVISIBLE):
        cell = cell.strip(_EDGE_SPACE)
    return cell


def _records(path: Path, lines: list[str], delimiter: str,
             problems: list[Problem]) -> list[tuple[int, int, list[str]]]:
    """Every record as (first line, lines spanned, cells); unreadable ones
    are added to ``problems`` and skipped."""
    records: list[tuple[int, int, list[str]]] = []
    start = 0
    while start < len(lines):
        reader = csv.reader(iter(lines[start:]) if start else iter(lines),
                            delimiter=delimiter, strict=True)
        consumed = 0
        try:
            for cells in reader:
                first = consumed
                consumed = reader.line_num
                records.append((start + first + 1, consumed - first, cells))
            return records
        except csv.Error as error:
            problem, resume = _diagnose(path, lines, start + consumed, delimiter, str(error))
            problems.append(problem)
            start = resume
    return records


def _diagnose(path: Path, lines: list[str], first: int, delimiter: str,
              error: str) -> tuple[Problem, int]:
    """Explain why the record starting at line index ``first`` cannot be
    read; return the problem and the line index to read on from."""
    scan = _QuoteScan(lines, first, delimiter)
    if scan.unclosed_at is not None:
        opened = scan.unclosed_at
        return Problem(
            path, opened + 1, "", "",
            'a closing quote " at the end of the cell (inside a quoted cell, write a quote '
            'as two quotes "")',
            got_described="a quote that opens here and is never closed" + _swallowed(
                len(lines) - opened - 1),
        ), opened + 1
    if scan.text_after_quote is not None:
        opened, bad = scan.opened_at, scan.text_after_quote
        where = "" if bad == opened else f" (the quote opened here and closed on line {bad + 1})"
        return Problem(
            path, opened + 1, _column_name(lines, first, delimiter, scan.field), scan.cell_text,
            f"'{_name(delimiter)}' or the end of the line right after a closing quote "
            '(inside a quoted cell, write a quote as two quotes "")',
            got_described=f"text after a closing quote in {_shown(scan.cell_text)}{where}",
        ), max(bad, opened) + 1
    if "field larger than field limit" in error:
        limit = csv.field_size_limit()
        return Problem(
            path, first + 1, "", "",
            f"cells of at most {limit:,} characters (keep long text in a file of its own)",
            got_described=f"a cell longer than {limit:,} characters",
        ), scan.record_end
    return Problem(path, first + 1, "", "", "a line of CSV text",
                   got_described=f"a record the CSV rules cannot read ({error})"), first + 1


#: Longest stretch of a broken cell a message quotes.
_SHOWN_CHARACTERS = 60


def _shown(text: str) -> str:
    """``text`` quoted for a message, its middle cut when long."""
    if len(text) > _SHOWN_CHARACTERS:
        half = _SHOWN_CHARACTERS // 2
        text = f"{text[:half]}...{text[-half:]}"
    return repr(text)


def _column_name(lines: list[str], first: int, delimiter: str, field: int) -> str:
    """The header name of cell ``field`` of a record (``''`` in the header itself)."""
    if first == 0 or not lines:
        return ""
    try:
        header = next(csv.reader([lines[0]], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return ""
    return _clean(header[field]) if field < len(header) else ""


def _swallowed(count: int) -> str:
    if not count:
        return ""
    return f", so the {count} line{'s' if count > 1 else ''} after it would be one cell"


def _name(delimiter: str) -> str:
    return "tab" if delimiter == "\t" else delimiter


class _QuoteScan:
    """Walk one record by the CSV quoting rules to find where it breaks.

    Only used after :mod:`csv` refused a record, to say where the quote
    opened; ``record_end`` is the index of the line after the record.
    """

    def __init__(self, lines: list[str], first: int, delimiter: str):
        text = "".join(lines[first:])
        starts = [0]
        for line in lines[first:-1]:
            starts.append(starts[-1] + len(line))
        self.unclosed_at: int | None = None
        self.text_after_quote: int | None = None
        self.opened_at = first
        self.record_end = len(lines)
        #: Index of the cell where the record breaks, and its text up to the next separator.
        self.field = 0
        self.cell_text = ""

        def line_of(position: int) -> int:
            return first + bisect_right(starts, position) - 1

        position, field_start = 0, True
        while position < len(text):
            char = text[position]
            if field_start and char == '"':
                self.opened_at = line_of(position)
                cell_start = position
                while True:
                    close = text.find('"', position + 1)
                    if close < 0:
                        self.unclosed_at = self.opened_at
                        return
                    if text.startswith('""', close):
                        position = close + 1
                        continue
                    break
                after = text[close + 1:close + 2]
                if after and after not in (delimiter, "\r", "\n"):
                    self.text_after_quote = line_of(close)
                    end = min((i for i in (text.find(c, close + 1) for c in
                                           (delimiter, "\r", "\n")) if i >= 0),
                              default=len(text))
                    self.cell_text = text[cell_start:end]
                    return
                position, field_start = close + 1, False
                continue
            if char in "\r\n":
                self.record_end = line_of(position) + 1
                return
            field_start = char == delimiter
            self.field += field_start
            position += 1


def _swallowing_problems(path: Path, line: int, record: list[str],
                         header: tuple[str, ...], delimiter: str) -> Iterator[Problem]:
    """A quoted cell over several lines is fine, unless it runs very long or
    its inner lines look like whole records: then a quote was left open."""
    least = max(len(header) - 1, 2)
    for index, cell in enumerate(record):
        if "\n" not in cell and "\r" not in cell:
            continue
        inner = io.StringIO(cell, newline="").readlines()
        column = header[index] if index < len(header) else ""
        looks_like_row = next((n for n, text in enumerate(inner[1:], start=1)
                               if text.count(delimiter) >= least), None)
        if looks_like_row is None and len(inner) <= MAX_CELL_LINES:
            continue
        opened = line + _line_offset(record, index)
        got = f"a quoted cell that opens here and runs over {len(inner)} lines"
        if looks_like_row is not None:
            got += f", swallowing what looks like a whole row on line {opened + looks_like_row}"
        yield Problem(path, opened, column, "",
                      f"a closing quote \" where the cell ends (a quoted cell may hold line "
                      f"breaks, but at most {MAX_CELL_LINES} lines and no whole rows)",
                      got_described=got)


def _line_offset(record: list[str], index: int) -> int:
    # Line breaks in the cells before this one push its first line down.
    return sum(cell.count("\n") + cell.count("\r") - cell.count("\r\n")
               for cell in record[:index])


def _formula_problems(path: Path, line: int, column: str, cell: str) -> Iterator[Problem]:
    if cell in _ERROR_VALUES:
        yield Problem(path, line, column, cell, "the value itself: this is a spreadsheet "
                      "error; fix the formula, then copy the cells and paste as values only")
    elif _FORMULA.match(cell):
        yield Problem(path, line, column, cell, "the value itself, not a spreadsheet formula "
                      "(copy the cells and paste as values only)")
