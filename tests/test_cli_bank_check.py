"""``psoas-edu quiz check`` lists every problem of a bank file in one run.

A header problem (a misspelt or missing column) does not hide the rows'
problems in the columns the file has, and a picture's missing alt text is
reported along with a bad picture file.
"""

import csv
from pathlib import Path

from psoas_edu.cli import main
from psoas_edu.quiz.bank import BANK_COLUMNS

HEADER = [c.name for c in BANK_COLUMNS]
GOOD = {
    "id": "q_insertion", "topic": "attachments", "type": "single_choice",
    "question": "Where does psoas major insert?",
    "options": "Lesser trochanter | Greater trochanter | Linea aspera",
    "answer": "Lesser trochanter", "explanation": "By a tendon shared with iliacus.",
    "source": "gray1918", "points": "1", "difficulty": "easy", "muscle_id": "psoas_major",
}


def write_bank(path: Path, rows: list[dict[str, str]], header: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n", restval="",
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def check(path: Path, capsys) -> list[str]:
    assert main(["quiz", "check", str(path)]) == 1
    return [line.strip() for line in capsys.readouterr().err.splitlines()[1:]]


def test_header_and_row_problems_come_in_one_run(tmp_path, capsys):
    header = [("explanaton" if h == "explanation" else h) for h in HEADER]
    rows = [{**GOOD, "explanaton": "x", "points": "lots"},
            {**GOOD, "id": "q_two", "explanaton": "x", "muscle_id": "psoas_maximus"}]
    path = write_bank(tmp_path / "week3.csv", rows, header)
    found = check(path, capsys)
    assert any(":1 column 'explanation': got no such column" in p for p in found)
    assert any(":1 column 'explanaton'" in p and "did you mean 'explanation'" in p
               for p in found)
    assert any(":2 column 'points': got 'lots'" in p for p in found)
    assert any(":3 column 'muscle_id': got 'psoas_maximus'" in p for p in found)
    # The missing column's cells are not reported again row by row.
    assert not any(":2 column 'explanation'" in p or ":3 column 'explanation'" in p
                   for p in found)
    assert len(found) == 4, found


def test_a_missing_alt_text_is_reported_with_a_bad_picture(tmp_path, capsys):
    rows = [{**GOOD, "image": "../outside.png"},
            {**GOOD, "id": "q_two", "image": "missing.png"},
            {**GOOD, "id": "q_three", "image": "photo.jpg"}]
    path = write_bank(tmp_path / "pictures.csv", rows, HEADER)
    found = check(path, capsys)
    for line in (2, 3, 4):
        assert any(f":{line} column 'image':" in p for p in found), found
        assert any(f":{line} column 'image_alt': got an empty cell" in p for p in found), found
