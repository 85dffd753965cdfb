from pathlib import Path

import pytest

from psoas_edu.facts.csvfiles import read_table


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "file.csv"
    path.write_bytes(data)
    return path


def test_reads_spreadsheet_quirks(tmp_path):
    # Excel's "CSV UTF-8": BOM, CRLF, padded cells, quoted comma and line break.
    data = (
        "\ufeffid,text\r\n"
        "a ,  plain  \r\n"
        'b,"one, two"\r\n'
        'c,"first line\r\nsecond line"\r\n'
        "d,after\r\n"
    ).encode()
    table, problems = read_table(write(tmp_path, data))
    assert problems == []
    assert table.header == ("id", "text")
    assert [(line, row["id"], row["text"]) for line, row in table.rows] == [
        (2, "a", "plain"),
        (3, "b", "one, two"),
        (4, "c", "first line\r\nsecond line"),
        (6, "d", "after"),  # the quoted line break pushes d to line 6
    ]


def test_semicolon_separated_file_loads(tmp_path):
    table, problems = read_table(write(tmp_path, b"id;text\na;x, y\n"))
    assert problems == []
    assert table.delimiter == ";"
    assert table.rows[0][1] == {"id": "a", "text": "x, y"}


def test_wholly_empty_rows_are_not_data(tmp_path):
    table, problems = read_table(write(tmp_path, b"id;text\na;x\n;\n\n"))
    assert problems == []
    assert len(table.rows) == 1


def test_latin1_file_is_reported_not_guessed(tmp_path):
    path = write(tmp_path, "id,text\na,caf\u00e9\n".encode("latin-1"))
    table, problems = read_table(path)
    assert table is None
    [problem] = problems
    assert problem.line == 2
    assert "byte 0xe9, which is not UTF-8" in str(problem)
    assert "UTF-8" in problem.expected


def test_too_many_fields_is_reported_with_its_line(tmp_path):
    table, problems = read_table(write(tmp_path, b"id,text\na,x\nb,x,extra\n"))
    [problem] = problems
    assert (problem.line, problem.got_described) == (3, "3 fields")
    assert "double quotes" in problem.expected
    assert len(table.rows) == 2  # the row is kept, not dropped


def test_empty_file(tmp_path):
    table, problems = read_table(write(tmp_path, b""))
    assert table is None
    assert str(problems[0]).endswith("got an empty file; expected a header line naming the columns")


@pytest.mark.parametrize("text, rows, problem", [
    ('id,text,x\na,"say ""hi""",1\nb,"open,2\nc,gamma,3\n', [2, 4],
     ":3: got a quote that opens here and is never closed, so the 1 line after it"),
    ('id,text,x\na,"one\ntwo" and more,1\nb,beta,2\n', [4],
     ":2 column 'text': got text after a closing quote in '\"one\\ntwo\" and more' (the "
     "quote opened here and closed on line 3)"),
    ('id,text,x\na,b,"say ""hi"" "now" then",1\n', [],
     ":2 column 'x': got text after a closing quote in "
     "'\"say \"\"hi\"\" \"now\" then\"'; expected"),
    ('id\ttext\tx\na\t"open\t1\nb\tbeta\t2\n', [3],
     ":2: got a quote that opens here and is never closed, so the 1 line after it"),
    ('id,text,x\r\na,"open,1\r\nb,beta,2\r\nc,gamma,3\r\n', [3, 4],
     ":2: got a quote that opens here and is never closed, so the 2 lines after it"),
    ('id,text,x\na,alpha,"1', [],
     ":2: got a quote that opens here and is never closed; expected"),
    ('id,text,x\na,"",1\nb,"""",2\n', [2, 3], None),
])
def test_a_broken_quote_is_reported_where_it_opens_and_reading_goes_on(
        tmp_path, text, rows, problem):
    path = tmp_path / "file.csv"
    path.write_text(text, encoding="utf-8", newline="")
    table, problems = read_table(path)
    assert [line for line, _ in table.rows] == rows
    if problem is None:
        assert problems == []
    else:
        [found] = problems
        assert problem in str(found)
