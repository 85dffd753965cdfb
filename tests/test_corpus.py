"""Awkward and broken files, as spreadsheets and accidents really make them.

One table: each file under ``tests/corpus/`` with the exact number of rows
it loads and the exact problems it reports (``FILE`` stands for its path).
The biggest cases (a 5 MB cell, 200,000 rows) are generated here rather
than committed.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

from psoas_edu import BankWarning, DataError, load_atlas
from psoas_edu.facts.csvfiles import MAX_CELL_LINES, read_table
from psoas_edu.facts.problems import display_path
from psoas_edu.quiz.bank import load_bank

CORPUS = Path(__file__).parent / "corpus"
UTF8 = ("expected UTF-8 text: in LibreOffice use Save As > Text CSV with character set "
        "'Unicode (UTF-8)'; in Excel choose 'CSV UTF-8 (Comma delimited)'")
CLOSE = ('expected a closing quote " at the end of the cell (inside a quoted cell, write a '
         'quote as two quotes "")')
LONG_CELL = (f'expected a closing quote " where the cell ends (a quoted cell may hold line '
             f"breaks, but at most {MAX_CELL_LINES} lines and no whole rows)")
FORMULA = ("expected the value itself, not a spreadsheet formula (copy the cells and paste as "
           "values only)")
SHEET_ERROR = ("expected the value itself: this is a spreadsheet error; fix the formula, then "
               "copy the cells and paste as values only")
FIELDS = ("expected at most 3 fields, one per header column (a value with a comma in it must "
          "be in double quotes)")


@dataclass(frozen=True)
class Case:
    file: str
    rows: int | None  # None: the file cannot be read at all
    problems: tuple[str, ...] = ()


READER_CASES = [
    # Good files: every record loads.
    Case("excel_utf8_bom_crlf.csv", 3),
    Case("libreoffice_semicolon_quoted_line_breaks.csv", 3),
    Case("google_sheets_trailing_columns.csv", 2),
    Case("excel_trailing_semicolon_rows.csv", 2),
    Case("excel_unicode_text_utf16le.csv", 2),
    Case("utf16be_bom.csv", 3),
    Case("utf8_no_bom_accents_emoji.csv", 2),
    Case("bom_semicolon.csv", 2),
    Case("nbsp_and_zero_width_around_values.csv", 2),
    Case("blank_lines_before_header.csv", 1),
    Case("header_only.csv", 0),
    Case("too_few_fields_padded.csv", 2),
    Case("old_mac_cr_line_ends.csv", 3),
    Case("mixed_line_ends.csv", 3),
    Case("tab_separated.csv", 3),
    Case("quoted_header_and_cells.csv", 1),
    Case("doubled_quotes_inside_quoted_cell.csv", 2),
    Case("quote_inside_unquoted_cell.csv", 2),
    Case("formula_looking_text_kept.csv", 2),
    Case("duplicate_header_column.csv", 1),  # the validator reports the column
    # Files that cannot be read: one clear problem, nothing loaded.
    Case("excel_cp1252_smart_quotes.csv", None, (
        "FILE:2: got byte 0x93, which is not UTF-8 (it is '\u201c' in Windows-1252, Excel's "
        f"older CSV encoding); {UTF8}",)),
    Case("latin1_accent.csv", None, (
        "FILE:3: got byte 0xe9, which is not UTF-8 (it is '\u00e9' in Windows-1252, Excel's "
        f"older CSV encoding); {UTF8}",)),
    Case("binary_garbage.csv", None, (f"FILE:1: got binary data (a zero byte), not text; {UTF8}",)),
    Case("nul_in_text.csv", None, (f"FILE:3: got binary data (a zero byte), not text; {UTF8}",)),
    Case("xlsx_renamed_to_csv.csv", None, (
        "FILE:1: got a spreadsheet workbook (.xlsx, .ods or .xls), not CSV text; expected CSV "
        "text: open the workbook and use Save As > CSV UTF-8",)),
    Case("xls_renamed_to_csv.csv", None, (
        "FILE:1: got a spreadsheet workbook (.xlsx, .ods or .xls), not CSV text; expected CSV "
        "text: open the workbook and use Save As > CSV UTF-8",)),
    Case("empty.csv", None, (
        "FILE:1: got an empty file; expected a header line naming the columns",)),
    Case("only_separators.csv", None, (
        "FILE:1: got an empty file; expected a header line naming the columns",)),
    Case("folder_named_like_a_file.csv", None, (
        "FILE:1: got a folder with this name; expected a CSV file",)),
    Case("unterminated_quote_in_header.csv", None, (
        "FILE:1: got a quote that opens here and is never closed, so the 1 line after it "
        f"would be one cell; {CLOSE}",)),
    # Broken records: reported at the line where the quote opened; every other row loads.
    Case("unterminated_quote_last_row.csv", 2, (
        f"FILE:4: got a quote that opens here and is never closed; {CLOSE}",)),
    Case("stray_quote_in_44_rows.csv", 42, (
        "FILE:6: got a quote that opens here and is never closed, so the 38 lines after it "
        f"would be one cell; {CLOSE}",)),
    Case("text_after_closing_quote.csv", 1, (
        "FILE:2 column 'text': got text after a closing quote in '\"alpha\"beta'; "
        "expected ',' or the end of the line right "
        'after a closing quote (inside a quoted cell, write a quote as two quotes "")',)),
    Case("quote_closes_late_swallowing_rows.csv", 2, (
        "FILE:2 column 'text': got a quoted cell that opens here and runs over 4 lines, "
        f"swallowing what looks like a whole row on line 3; {LONG_CELL}",)),
    Case("quoted_cell_over_25_lines.csv", 2, (
        f"FILE:2 column 'text': got a quoted cell that opens here and runs over 30 lines; "
        f"{LONG_CELL}",)),
    Case("too_many_fields.csv", 2, (f"FILE:2: got 4 fields; {FIELDS}",)),
    Case("space_before_quote.csv", 1, (f"FILE:2: got 4 fields; {FIELDS}",)),
    Case("formula_cells.csv", 4, (
        f"FILE:2 column 'text': got '=SUM(B2:B4)'; {FORMULA}",
        f"FILE:3 column 'text': got '=A1'; {FORMULA}",
        f"FILE:4 column 'text': got '#REF!'; {SHEET_ERROR}",
        f"FILE:5 column 'text': got '#N/A'; {SHEET_ERROR}",
    )),
]


def _messages(problems, path: Path) -> tuple[str, ...]:
    return tuple(str(p).replace(display_path(path), "FILE") for p in problems)


@pytest.mark.parametrize("case", READER_CASES, ids=lambda case: case.file)
def test_reader_corpus(case):
    path = CORPUS / "reader" / case.file
    table, problems = read_table(path)
    assert _messages(problems, path) == case.problems
    assert (None if table is None else len(table.rows)) == case.rows


def test_the_corpus_has_a_case_for_every_file():
    files = {p.name for p in (CORPUS / "reader").iterdir()}
    assert files == {case.file for case in READER_CASES}
    assert len(files) + len(BANK_CASES) >= 40


def test_normalised_cells_and_line_numbers():
    table, _ = read_table(CORPUS / "reader" / "nbsp_and_zero_width_around_values.csv")
    assert [row for _, row in table.rows] == [
        {"id": "a", "text": "alpha", "x": "1"}, {"id": "b", "text": "beta", "x": "2"}]
    table, _ = read_table(CORPUS / "reader" / "libreoffice_semicolon_quoted_line_breaks.csv")
    assert [line for line, _ in table.rows] == [2, 4, 7]
    assert table.rows[1][1]["text"] == "one\r\ntwo\r\nthree"
    table, _ = read_table(CORPUS / "reader" / "excel_unicode_text_utf16le.csv")
    assert table.delimiter == "\t"
    assert table.rows[0][1]["text"] == "caf\u00e9 \u201cquoted\u201d"
    table, _ = read_table(CORPUS / "reader" / "formula_looking_text_kept.csv")
    assert [row["text"] for _, row in table.rows] == ["= psoas major and iliacus", "#1 hip flexor"]


# -- generated: too big to commit -------------------------------------------------

def test_200000_rows_all_load(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("id;text;x\r\n" + "".join(f"r{i};row {i};{i % 90},5\r\n"
                                               for i in range(200_000)), encoding="utf-8")
    table, problems = read_table(path)
    assert problems == []
    assert len(table.rows) == 200_000
    assert table.rows[-1] == (200_001, {"id": "r199999", "text": "row 199999", "x": "19,5"})


def test_a_5_mb_cell_is_reported_and_the_next_row_still_loads(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text("id,text,x\na,alpha,1\nb," + "x" * 5_000_000 + ",2\nc,gamma,3\n",
                    encoding="utf-8")
    table, problems = read_table(path)
    assert _messages(problems, path) == (
        "FILE:3: got a cell longer than 131,072 characters; expected cells of at most "
        "131,072 characters (keep long text in a file of its own)",)
    assert [row["id"] for _, row in table.rows] == ["a", "c"]


def test_a_5_mb_quoted_cell_over_many_lines_is_reported(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text('id,text,x\na,"' + ("y" * 99 + "\n") * 50_000 + '",1\nb,beta,2\n',
                    encoding="utf-8")
    table, problems = read_table(path)
    assert _messages(problems, path) == (
        "FILE:2: got a cell longer than 131,072 characters; expected cells of at most "
        "131,072 characters (keep long text in a file of its own)",)
    assert [row["id"] for _, row in table.rows] == ["b"]


def test_a_cell_just_under_the_limit_loads(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("id,text\na," + "z" * 131_000 + "\n", encoding="utf-8")
    table, problems = read_table(path)
    assert problems == []
    assert len(table.rows[0][1]["text"]) == 131_000


# -- question banks ---------------------------------------------------------------

@dataclass(frozen=True)
class BankCase:
    file: str
    questions: tuple[str, ...]  # ids loaded (with skip_bad for a bank with problems)
    problems: tuple[str, ...] = ()


BANK_CASES = [
    BankCase("good.csv", ("q_one", "q_two", "q_three")),
    BankCase("google_sheets_trailing_columns.csv", ("q_one", "q_two", "q_three")),
    BankCase("semicolon_decimal_comma_points.csv", ("q_semi",)),
    BankCase("excel_unicode_text_utf16.csv", ("q_one",)),
    BankCase("folder_with_lock_file", ("q_one",)),
    BankCase("one_bad_row.csv", ("q_one", "q_three"), (
        "FILE:3 column 'answer': got 'C'; expected one of the options: A | B",)),
    BankCase("missing_closing_quote.csv", ("q_one", "q_three"), (
        "FILE:3: got a quote that opens here and is never closed, so the 1 line after it "
        f"would be one cell; {CLOSE}",)),
    BankCase("excel_cp1252_smart_quotes.csv", (), (
        "FILE:2: got byte 0x93, which is not UTF-8 (it is '\u201c' in Windows-1252, Excel's "
        f"older CSV encoding); {UTF8}",)),
    BankCase("formula_in_answer.csv", (), (
        f"FILE:2 column 'answer': got '=IF(A1;TRUE;FALSE)'; {FORMULA}",
        "FILE:2 column 'answer': got '=IF(A1;TRUE;FALSE)'; expected true or false",
    )),
    BankCase("nbsp_and_zero_width_inside_ids.csv", (), (
        "FILE:2 column 'id': got 'q\\xa0one'; expected a lower-case id of letters, digits and "
        "'_', starting with a letter, e.g. psoas_origin_1 (the cell contains U+00A0 NO-BREAK "
        "SPACE, invisible or looking like a space; delete it)",
        "FILE:2 column 'muscle_id': got 'psoas\\u200b_major'; expected a muscle_id from "
        "data/muscles.csv (did you mean 'psoas_major' or 'psoas_minor'?) (the cell contains "
        "U+200B ZERO WIDTH SPACE, invisible or looking like a space; delete it)",
    )),
]


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


@pytest.mark.parametrize("case", BANK_CASES, ids=lambda case: case.file)
def test_bank_corpus(case, atlas):
    path = CORPUS / "bank" / case.file
    if not case.problems:
        assert tuple(q.id for q in load_bank(path, atlas=atlas)) == case.questions
        return
    with pytest.raises(DataError) as refused:
        load_bank(path, atlas=atlas)
    assert _messages(refused.value.problems, path) == case.problems
    with pytest.warns(BankWarning) as warned:
        kept = load_bank(path, atlas=atlas, skip_bad=True)
    assert tuple(q.id for q in kept) == case.questions
    [warning] = warned
    assert _messages(warning.message.problems, path) == case.problems
    assert str(warning.message).startswith(f"{len(case.problems)} problem")


def test_decimal_comma_points_are_read_as_decimals(atlas):
    [question] = load_bank(CORPUS / "bank" / "semicolon_decimal_comma_points.csv", atlas=atlas)
    assert question.points == 1.5


def test_every_bank_file_has_a_case():
    files = {p.name for p in (CORPUS / "bank").iterdir()}
    assert files == {case.file for case in BANK_CASES}


def test_warnings_are_errors_here():
    # The suite turns warnings into errors; the bank cases above rely on pytest.warns.
    with pytest.raises(BankWarning), warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.warn(BankWarning([]), stacklevel=1)


@pytest.mark.parametrize("path", sorted((CORPUS / "reader").iterdir()) + sorted(
    (CORPUS / "bank").iterdir()), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_quiz_check_on_any_file_exits_cleanly(path, capsys):
    from psoas_edu.cli.main import main

    code = main(["quiz", "check", str(path)])
    out, err = capsys.readouterr()
    assert (code, bool(out.startswith("OK: ")), bool(err)) in {(0, True, False), (1, False, True)}
