import csv
import subprocess
import sys
from pathlib import Path

import pytest

from psoas_edu import DataError, load_atlas
from psoas_edu.cli import main
from psoas_edu.quiz.bank import BANK_COLUMNS, BANK_TYPES, default_bank_dir, load_bank

ROOT = Path(__file__).resolve().parent.parent
HEADER = [c.name for c in BANK_COLUMNS]
GOOD = {
    "id": "q_insertion", "topic": "attachments", "type": "single_choice",
    "question": "Where does psoas major insert?",
    "options": "Lesser trochanter | Greater trochanter | Linea aspera",
    "answer": "Lesser trochanter", "explanation": "By a tendon shared with iliacus.",
    "source": "gray1918", "points": "1", "difficulty": "easy", "muscle_id": "psoas_major",
}


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def write_bank(path: Path, rows: list[dict[str, str]], *, header=HEADER, delimiter=",",
               encoding="utf-8", newline="\n") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, delimiter=delimiter,
                                lineterminator=newline, restval="", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def problems_of(path: Path, atlas) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_bank(path, atlas=atlas)
    return [str(p) for p in caught.value.problems]


def test_the_shipped_bank_loads_with_every_bank_type(atlas):
    questions = load_bank(default_bank_dir(), atlas=atlas)
    assert len(questions) >= 5
    assert {q.type for q in questions} == set(BANK_TYPES)
    for question in questions:
        assert question.explanation and question.citation and question.template == "bank"


def test_a_good_row_becomes_a_question(tmp_path, atlas):
    (question,) = load_bank(write_bank(tmp_path / "b.csv", [GOOD]), atlas=atlas)
    assert question.answer_text == "Lesser trochanter"
    assert question.citation.startswith("Gray H. Anatomy of the Human Body")
    assert question.source_ids == ("gray1918",)
    assert question.origin.endswith("b.csv:2")


def test_each_kind_of_problem_is_reported_with_file_line_column_value(tmp_path, atlas):
    rows = [
        GOOD,
        {**GOOD, "answer": "Greater trochanterr"},                       # 3: not an option
        {**GOOD, "id": "q_dup_opt", "options": "A | B | a", "answer": "A"},  # 4
        {**GOOD, "id": "q_type", "type": "essay"},                       # 5
        {**GOOD, "id": "q_empty", "question": ""},                       # 6
        {**GOOD, "id": "q_muscle", "muscle_id": "psoas_majr"},           # 7
        {**GOOD, "id": "q_points", "points": "-2"},                      # 8
        {**GOOD, "id": "q_source", "source": "grey1918"},                # 9
    ]
    path = write_bank(tmp_path / "bank.csv", rows)
    found = problems_of(path, atlas)
    where = str(path)
    expected = [
        f"{where}:3 column 'answer': got 'Greater trochanterr'; expected one of the options: "
        "Lesser trochanter | Greater trochanter | Linea aspera (did you mean "
        "'Greater trochanter'?)",
        f"{where}:3 column 'id': got 'q_insertion'; expected an id used once in the bank, "
        "but line 2 has it too",
        f"{where}:4 column 'options': got 'a'; expected each option once (ignoring case and "
        "spaces)",
        f"{where}:5 column 'type': got 'essay'; expected one of single_choice, "
        "multiple_answer, true_false, matching, short_answer",
        f"{where}:6 column 'question': got an empty cell; expected the question text",
        f"{where}:7 column 'muscle_id': got 'psoas_majr'; expected a muscle_id from "
        "data/muscles.csv (did you mean 'psoas_major' or 'psoas_minor'?)",
        f"{where}:8 column 'points': got '-2'; expected a number above 0 and at most 100, "
        "such as 1 or 2",
    ]
    for line in expected:
        assert line in found, f"missing: {line}\nfound:\n" + "\n".join(found)
    assert any(p.startswith(f"{where}:9 column 'source': got 'grey1918'") for p in found)
    assert len(found) == len(expected) + 1  # everything, once, in one pass


@pytest.mark.parametrize(("changes", "column", "expected"), [
    ({"type": "multiple_answer", "answer": "Lesser trochanter | Nope"}, "answer",
     "one of the options"),
    ({"answer": "Lesser trochanter | Greater trochanter"}, "answer", "exactly one right option"),
    ({"type": "true_false", "options": "", "answer": "maybe"}, "answer", "true or false"),
    ({"type": "matching", "options": "", "answer": "a = b | c"}, "answer",
     "a pair 'item = option'"),
    ({"type": "matching", "options": "x | y", "answer": "a = x | b = z"}, "answer",
     "an option from 'options'"),
    ({"type": "short_answer", "options": "x", "answer": "y"}, "options", "no options"),
    ({"type": "label_diagram"}, "type", "generated from the facts"),
    ({"id": "gen_mine"}, "id", "not starting with 'gen_'"),
    ({"id": "Q 1"}, "id", "lower-case id"),
    ({"difficulty": "brutal"}, "difficulty", "one of easy, medium, hard"),
    ({"source": "seed_000"}, "source", "a seed article only shows what someone claims"),
    ({"explanation": ""}, "explanation", "why the answer is right"),
    ({"options": "A", "answer": "A"}, "options", "two or more options"),
    ({"options": "A || B", "answer": "A"}, "options", "separated by single '|'"),
])
def test_more_problems(tmp_path, atlas, changes, column, expected):
    found = problems_of(write_bank(tmp_path / "b.csv", [{**GOOD, **changes}]), atlas)
    assert any(f":2 column '{column}'" in p and expected in p for p in found), found


def test_header_problems_and_ids_repeated_across_files(tmp_path, atlas):
    write_bank(tmp_path / "a.csv", [GOOD])
    write_bank(tmp_path / "b.csv", [GOOD], header=[*HEADER, "colour"])
    write_bank(tmp_path / "c.csv", [GOOD], header=[h for h in HEADER if h != "answer"])
    found = problems_of(tmp_path, atlas)
    assert any("b.csv:1 column 'colour': got 'colour'; expected one of the columns" in p
               for p in found)
    assert any("b.csv:2 column 'id': got 'q_insertion'; expected an id used once in the "
               "bank, but " in p and "a.csv line 2 has it too" in p for p in found)
    assert any("c.csv:1 column 'answer': got no such column in the header" in p for p in found)


def test_spreadsheet_files_load(tmp_path, atlas):
    """Excel/LibreOffice: byte-order mark, CRLF, ';' between cells, decimal comma."""
    rows = [{**GOOD, "points": "1,5", "explanation": "Two lines,\nin one cell."}]
    path = write_bank(tmp_path / "excel.csv", rows, delimiter=";", encoding="utf-8-sig",
                      newline="\r\n")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    (question,) = load_bank(path, atlas=atlas)
    assert question.points == 1.5 and question.prompt == GOOD["question"]


def test_a_missing_path_is_a_problem_not_a_crash(tmp_path, atlas):
    assert "got no such file or folder" in problems_of(tmp_path / "nope.csv", atlas)[0]


def test_cli_prints_ok_with_counts(capsys):
    assert main(["quiz", "check"]) == 0
    out = capsys.readouterr().out
    files = len(list(default_bank_dir().glob("*.csv")))
    assert out.startswith("OK: ") and f" questions in {files} file" in out
    assert "1 matching" in out


def test_cli_lists_problems_and_exits_1_without_traceback(tmp_path):
    path = write_bank(tmp_path / "bad.csv", [{**GOOD, "answer": "Nope"},
                                             {**GOOD, "id": "q2", "points": "x"}])
    result = subprocess.run([sys.executable, "-m", "psoas_edu", "quiz", "check", str(path)],
                            capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "2 problems found:"
    assert lines[1].startswith(f"  {path}:2 column 'answer': got 'Nope'; expected")
    assert lines[2].startswith(f"  {path}:3 column 'points': got 'x'; expected")


def test_readme_documents_every_column_and_type():
    readme = (ROOT / "data" / "quizzes" / "README.md").read_text(encoding="utf-8")
    for column in HEADER:
        assert f"| `{column}` |" in readme, column
    for kind in BANK_TYPES:
        assert f"`{kind}`" in readme, kind
    assert "python -m psoas_edu quiz check" in readme


def test_read_bank_keeps_every_cell_and_the_draft_of_a_row_with_problems(tmp_path, atlas):
    from psoas_edu.quiz.bank import read_bank

    bad_type = dict(GOOD, id="bad_type", type="multi_answer", question="Soft\x0bbreak?")
    bad_difficulty = dict(GOOD, id="bad_difficulty", difficulty="tricky")
    path = write_bank(tmp_path / "b.csv", [GOOD, bad_type, bad_difficulty])
    reading = read_bank(path, atlas=atlas)
    assert [q.id for q in reading.questions] == [GOOD["id"]]
    assert [q.id for q in reading.drafts] == ["bad_difficulty"]
    assert (path, 3, "question", "Soft\x0bbreak?") in {
        (c.path, c.line, c.column, c.text) for c in reading.cells}
    assert {(p.line, p.column) for p in reading.problems} == {(3, "type"), (4, "difficulty")}
    with pytest.raises(DataError):
        load_bank(path, atlas=atlas)


def test_choice_options_are_shown_in_a_stable_order_not_as_written(tmp_path, atlas):
    # Instructors tend to write the right option first; the bank shuffles by question id.
    rows = [dict(GOOD, id=f"q_{i}", options="Lesser trochanter | Greater trochanter | "
                 "Linea aspera | Adductor tubercle") for i in range(12)]
    questions = load_bank(write_bank(tmp_path / "b.csv", rows), atlas=atlas)
    positions = [[o.key for o in q.options].index(q.answers[0]) for q in questions]
    assert len(set(positions)) > 1, positions
    for question in questions:
        assert question.answer_text == "Lesser trochanter"
        assert sorted(o.text for o in question.options) == sorted(
            ["Lesser trochanter", "Greater trochanter", "Linea aspera", "Adductor tubercle"])
    again = load_bank(write_bank(tmp_path / "c.csv", rows), atlas=atlas)
    assert [q.options for q in again] == [q.options for q in questions]


def test_an_option_that_depends_on_its_position_is_refused(tmp_path, atlas):
    row = dict(GOOD, options="Lesser trochanter | Greater trochanter | All of the above")
    (problem,) = problems_of(write_bank(tmp_path / "b.csv", [row]), atlas)
    assert "column 'options': got 'All of the above'" in problem
    assert "shuffled" in problem
