"""Each validation rule, shown on a broken copy of the real data."""

from __future__ import annotations

import csv

import pytest
from conftest import append_row, edit_cell, only_problem, problems_of, write_rows

from psoas_edu import DataError, load_atlas
from psoas_edu.cli.main import main
from psoas_edu.facts.csvfiles import read_table


def test_real_data_is_valid():
    atlas = load_atlas()
    assert len(atlas.muscles) >= 3


def test_bad_root_levels(data_copy):
    line = edit_cell(data_copy / "innervation.csv", {"muscle_id": "psoas_major"}, "roots", "L1-L9")
    problem = only_problem(data_copy)
    assert problem.startswith(f"{data_copy}/innervation.csv:{line} column 'roots': got 'L1-L9'; ")
    assert "expected spinal levels such as 'L2', a range 'L2-L4'" in problem


def test_unknown_landmark_suggests_close_ids(data_copy):
    line = edit_cell(data_copy / "attachments.csv",
                     {"muscle_id": "psoas_major", "end": "insertion"},
                     "landmark_ids", "lesser_trochantr")
    problem = only_problem(data_copy)
    assert problem.startswith(
        f"{data_copy}/attachments.csv:{line} column 'landmark_ids': got 'lesser_trochantr'; "
        "expected an id from landmarks.csv column 'landmark_id' (did you mean 'lesser_trochanter'"
    )


def test_unknown_muscle_and_source(data_copy):
    line = edit_cell(data_copy / "actions.csv", {"muscle_id": "iliacus", "movement": "flexion"},
                     "muscle_id", "iliacuss")
    source_line = edit_cell(data_copy / "blood_supply.csv", {"muscle_id": "psoas_minor"},
                            "source_ids", "gray1918; nosuchbook")
    problems = problems_of(data_copy)
    assert any(p.startswith(f"{data_copy}/actions.csv:{line} column 'muscle_id': got 'iliacuss'")
               for p in problems), problems
    assert (f"{data_copy}/blood_supply.csv:{source_line} column 'source_ids': got 'nosuchbook'; "
            "expected an id from sources.csv column 'source_id'") in problems


def test_empty_required_value(data_copy):
    line = edit_cell(data_copy / "muscles.csv", {"muscle_id": "iliacus"}, "latin_name", "")
    assert only_problem(data_copy) == (
        f"{data_copy}/muscles.csv:{line} column 'latin_name': got an empty cell; "
        "expected a value: Latin name (Terminologia Anatomica)"
    )


def test_bad_choice_and_bad_identifier(data_copy):
    iliacus_flexion = {"muscle_id": "iliacus", "movement": "flexion"}
    role_line = edit_cell(data_copy / "actions.csv", iliacus_flexion, "role", "prime")
    id_line = edit_cell(data_copy / "muscles.csv", {"muscle_id": "iliacus"},
                        "uberon_id", "UBERON:12")
    problems = problems_of(data_copy)
    assert problems == sorted(problems, key=lambda p: p.split(":")[0])  # grouped by file
    assert (f"{data_copy}/actions.csv:{role_line} column 'role': got 'prime'; "
            "expected one of 'prime mover', 'assists'") in problems
    assert (f"{data_copy}/muscles.csv:{id_line} column 'uberon_id': got 'UBERON:12'; "
            "expected 'UBERON:' and seven digits, e.g. UBERON:0001298") in problems


def test_missing_and_unknown_columns(data_copy):
    path = data_copy / "blood_supply.csv"
    table, _ = read_table(path)
    header = tuple("arterie" if name == "artery" else name for name in table.header)
    rows = [{("arterie" if k == "artery" else k): v for k, v in row.items()}
            for _, row in table.rows]
    write_rows(path, header, rows)
    problems = problems_of(data_copy)
    assert problems == [
        f"{path}:1 column 'arterie': got 'arterie'; expected one of the columns "
        "muscle_id, artery, dispute_id, source_ids, note",
        f"{path}:1 column 'artery': got no such column in the header; expected a column "
        "named 'artery' (Artery name, e.g. iliolumbar artery)",
    ]


def test_duplicate_fact_without_dispute(data_copy):
    path = data_copy / "actions.csv"
    table, _ = read_table(path)
    first_line, first = next((line, row) for line, row in table.rows
                             if row["muscle_id"] == "psoas_major" and row["movement"] == "flexion"
                             and row["joint"] == "hip")
    line = append_row(path, {**first, "role": "assists"})
    assert only_problem(data_copy) == (
        f"{path}:{line} column 'movement': got 'muscle_id=psoas_major, joint=hip, "
        f"movement=flexion'; expected one row per fact, but line {first_line} has the same "
        "muscle_id, joint, movement (if sources disagree, give both rows the same dispute_id)"
    )


def test_dispute_needs_two_sides_with_different_sources(data_copy):
    path = data_copy / "disputes.csv"
    line = append_row(path, {"dispute_id": "lonely", "summary": "Only one side recorded."})
    edit_cell(data_copy / "blood_supply.csv", {"muscle_id": "psoas_minor"}, "dispute_id", "lonely")
    assert only_problem(data_copy) == (
        f"{path}:{line} column 'dispute_id': got 'lonely'; expected at least two fact rows "
        "with this dispute_id citing different sources (found 1 row)"
    )


def test_dispute_sides_citing_the_same_source_are_not_a_dispute(data_copy):
    path = data_copy / "disputes.csv"
    line = append_row(path, {"dispute_id": "same_book", "summary": "Both sides from one book."})
    for artery in ("lumbar arteries", "iliolumbar artery (lumbar branch)"):
        edit_cell(data_copy / "blood_supply.csv", {"muscle_id": "psoas_major", "artery": artery},
                  "dispute_id", "same_book")
        edit_cell(data_copy / "blood_supply.csv", {"muscle_id": "psoas_major", "artery": artery},
                  "source_ids", "gray1918")
    assert "found 2 rows all citing the same sources" in only_problem(data_copy)
    assert f"disputes.csv:{line}" in only_problem(data_copy)


def test_opposite_movement_must_point_back(data_copy):
    line = edit_cell(data_copy / "movements.csv", {"joint": "hip", "movement": "abduction"},
                     "opposite", "extension")
    problems = problems_of(data_copy)
    assert (f"{data_copy}/movements.csv:{line} column 'opposite': got 'extension'; expected "
            "a movement whose own opposite is 'abduction' (opposition goes both ways)") in problems


def test_action_at_unknown_movement(data_copy):
    line = edit_cell(data_copy / "actions.csv", {"muscle_id": "iliacus", "movement": "flexion"},
                     "movement", "flextion")
    assert only_problem(data_copy).startswith(
        f"{data_copy}/actions.csv:{line} column 'movement': got 'flextion'; expected a "
        "movement at joint 'hip' from movements.csv (did you mean 'flexion'"
    )


def test_landmark_without_a_position(data_copy):
    append_row(data_copy / "landmarks.csv", {"landmark_id": "floating_point", "name": "nowhere",
                                             "bone": "femur", "source_ids": "gray1918"})
    line = edit_cell(data_copy / "attachments.csv",
                     {"muscle_id": "psoas_major", "end": "insertion"},
                     "landmark_ids", "lesser_trochanter; floating_point")
    assert only_problem(data_copy) == (
        f"{data_copy}/attachments.csv:{line} column 'landmark_ids': got 'floating_point'; "
        "expected a landmark with a position in at least one view in landmark_positions.csv, "
        "so diagrams can draw it"
    )


def test_non_utf8_file(data_copy):
    path = data_copy / "landmarks.csv"
    path.write_bytes(path.read_bytes().replace(b"12th", "12\u00ba".encode("cp1252")))
    problem = only_problem(data_copy)
    assert problem.startswith(f"{path}:")
    assert ("got byte 0xba, which is not UTF-8 (it is 'º' in Windows-1252, Excel's older "
            "CSV encoding); expected UTF-8 text") in problem


def test_missing_and_unknown_files(data_copy):
    (data_copy / "blood_supply.csv").rename(data_copy / "blood.csv")
    problems = problems_of(data_copy)
    assert problems[0].startswith(f"{data_copy}/blood.csv:1: got a file the course does not know")
    assert problems[1].startswith(f"{data_copy}/blood_supply.csv:1: got no such file; "
                                  "expected the file blood_supply.csv")


def test_every_problem_in_one_pass_with_a_count(data_copy):
    edit_cell(data_copy / "muscles.csv", {"muscle_id": "iliacus"}, "fma_id", "22310")
    edit_cell(data_copy / "innervation.csv", {"muscle_id": "iliacus"}, "roots", "L2-L1")
    edit_cell(data_copy / "actions.csv", {"muscle_id": "psoas_minor"}, "role", "")
    with pytest.raises(DataError) as caught:
        load_atlas(data_copy)
    message = str(caught.value)
    assert message.splitlines()[0] == "3 problems found:"
    table = caught.value.table()
    assert list(table.columns) == ["file", "line", "column", "got", "expected"]
    assert sorted(table["column"]) == ["fma_id", "role", "roots"]


def test_spreadsheet_resave_still_loads(data_copy):
    """A file re-saved by a spreadsheet in a ';' locale with BOM and CRLF loads unchanged."""
    path = data_copy / "attachments.csv"
    table, _ = read_table(path)
    lines = [";".join(f'"{c}"' for c in table.header)]
    lines += [";".join(f'"{row[c]}  "' for c in table.header) for _, row in table.rows]
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode())
    assert load_atlas(data_copy).attachments.equals(load_atlas().attachments)


# -- numbers, spreadsheet leftovers and unreadable entries in the data folder -----

@pytest.mark.parametrize("value, expected", [
    ("nan", "a number such as 1.5"),
    ("inf", "a number such as 1.5"),
    ("-Infinity", "a number such as 1.5"),
    ("1_000", "a number such as 1.5"),
    ("12.5.1", "a number such as 1.5"),
    ("0x10", "a number such as 1.5"),
    ("1e309", "a number between -1000 and 1000 (the diagrams' units)"),
    ("1001", "a number between -1000 and 1000 (the diagrams' units)"),
    ("-2e3", "a number between -1000 and 1000 (the diagrams' units)"),
])
def test_numbers_must_be_finite_and_inside_the_drawing(data_copy, value, expected):
    path = data_copy / "landmark_positions.csv"
    line = edit_cell(path, {"view": "anterior"}, "x", value)
    assert only_problem(data_copy) == (
        f"{path}:{line} column 'x': got {value!r}; expected {expected}")


def test_decimal_commas_load_from_a_semicolon_file(data_copy):
    path = data_copy / "landmark_positions.csv"
    table, _ = read_table(path)
    rows = [dict(row) for _, row in table.rows]
    rows[0]["x"], rows[0]["y"] = "-1,3", "100,25"
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(handle, fieldnames=table.header, delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    positions = load_atlas(data_copy).landmark_positions
    assert positions[["x", "y"]].iloc[0].tolist() == [-1.3, 100.25]


def test_a_decimal_comma_in_a_comma_file_is_refused(data_copy):
    path = data_copy / "landmark_positions.csv"
    line = edit_cell(path, {"view": "anterior"}, "x", "-1,3")
    assert only_problem(data_copy).startswith(f"{path}:{line} column 'x': got '-1,3'; expected")


def test_spreadsheet_lock_and_hidden_files_are_ignored(data_copy):
    (data_copy / "~$muscles.csv").write_bytes(b"\x0bowner\x00\x00")
    (data_copy / "._muscles.csv").write_bytes(b"\x00\x05\x16\x07")
    (data_copy / ".~lock.muscles.csv#").write_text(",me,host,today;\n")
    assert len(load_atlas(data_copy).muscles) > 0


def test_a_folder_named_like_a_data_file_is_reported(data_copy, capsys):
    (data_copy / "muscles.csv").unlink()
    (data_copy / "muscles.csv").mkdir()
    expected = f"{data_copy / 'muscles.csv'}:1: got a folder with this name; expected a CSV file"
    assert expected in problems_of(data_copy)
    assert main(["check", str(data_copy)]) == 1
    assert expected in capsys.readouterr().err


def test_an_unclosed_quote_is_never_ok(data_copy, capsys):
    path = data_copy / "blood_supply.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # A last row whose quote nothing after it can close.
    lines.append('psoas_major,"lumbar arteries,,wikimsk,\n')
    path.write_text("".join(lines), encoding="utf-8")
    assert main(["check", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{len(lines)}: got a quote that opens here and is never closed" in err


def test_invisible_characters_inside_an_id_are_named(data_copy):
    path = data_copy / "landmarks.csv"
    line = edit_cell(path, {"landmark_id": "lesser_trochanter"}, "bone", "fe\u200bmur")
    assert only_problem(data_copy) == (
        f"{path}:{line} column 'bone': got 'fe\\u200bmur'; expected a lower-case id of "
        "letters, digits and underscores, such as 'psoas_major' (the cell contains U+200B "
        "ZERO WIDTH SPACE, invisible or looking like a space; delete it)")


def test_invisible_characters_around_values_are_trimmed(data_copy):
    path = data_copy / "landmarks.csv"
    edit_cell(path, {"landmark_id": "lesser_trochanter"}, "bone", "\u00a0femur\u200b")
    landmarks = load_atlas(data_copy).landmarks
    assert landmarks.set_index("landmark_id").loc["lesser_trochanter", "bone"] == "femur"
