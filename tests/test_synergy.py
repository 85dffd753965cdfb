"""Synergists, antagonists and the movement matrix, on small data sets built here.

The muscles below (alpha, beta, ...) are made up: they exist so that each
rule (ranking, disputes, opposition, groups) has one clear case.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import append_row

from psoas_edu import load_atlas
from psoas_edu.facts.lookup import UnknownNameError
from psoas_edu.facts.schema import SCHEMAS
from psoas_edu.tables.synergy import (
    RELATION_COLUMNS,
    ActionNotRecordedError,
    Movement,
    UnknownMovementError,
    antagonists,
    movement_matrix,
    movers,
    resolve_movement,
    resolve_subject,
    synergists,
)

MOVEMENTS = [
    ("hip", "flexion", "hip flexion", "extension"),
    ("hip", "extension", "hip extension", "flexion"),
    ("hip", "medial_rotation", "hip medial (internal) rotation", ""),
    ("lumbar_spine", "flexion", "lumbar flexion (bending forward)", "extension"),
    ("lumbar_spine", "extension", "lumbar extension (bending backward)", "flexion"),
    ("lumbar_spine", "lateral_flexion", "lumbar lateral flexion", ""),
]

# muscle, group, [(joint, movement, role, dispute_id, sources)]
MUSCLES = {
    "alpha": ("front", [("hip", "flexion", "prime mover", "", "src_a"),
                        ("lumbar_spine", "flexion", "assists", "", "src_a")]),
    "beta": ("side", [("hip", "flexion", "prime mover", "beta_role", "src_a"),
                      ("hip", "flexion", "assists", "beta_role", "src_b")]),
    "gamma": ("side", [("hip", "flexion", "assists", "", "src_b")]),
    "delta": ("side", [("hip", "flexion", "prime mover", "", "src_a;src_b")]),
    "epsilon": ("back", [("hip", "extension", "assists", "", "src_a")]),
    "zeta": ("back", [("hip", "extension", "prime mover", "", "src_a"),
                      ("lumbar_spine", "lateral_flexion", "assists", "", "src_a")]),
    "eta": ("front", [("lumbar_spine", "flexion", "prime mover", "", "src_a")]),
    "theta": ("front", [("hip", "flexion", "assists", "", "src_a")]),
}


def write_csv(path: Path, header: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, restval="")
        writer.writeheader()
        writer.writerows(rows)


def build_data(folder: Path, *, movements=MOVEMENTS, muscles=MUSCLES) -> Path:
    """Write a complete, valid data folder; every file the schema knows gets a header."""
    tables: dict[str, list[dict[str, str]]] = {schema.file: [] for schema in SCHEMAS}
    tables["sources.csv"] = [
        {"source_id": s, "kind": "textbook", "citation": f"Test source {s}",
         "licence": "public domain"} for s in ("src_a", "src_b")]
    tables["disputes.csv"] = [
        {"dispute_id": "beta_role", "summary": "Whether beta leads or only helps."},
        {"dispute_id": "alpha_insertion", "summary": "Where alpha inserts."},
        {"dispute_id": "beta_roots", "summary": "Which roots supply beta."}]
    tables["movements.csv"] = [
        {"joint": j, "movement": m, "name": n, "opposite": o, "source_ids": "src_a"}
        for j, m, n, o in movements]
    for muscle_id, (group, actions) in muscles.items():
        tables["muscles.csv"].append({
            "muscle_id": muscle_id, "name": f"{muscle_id} muscle",
            "latin_name": f"musculus {muscle_id}", "group": group, "region": "test",
            "uberon_id": "UBERON:0000001", "fma_id": "FMA:100", "ta98_id": "A04.7.02.001",
            "synonyms": f"{muscle_id}ish", "source_ids": "src_a"})
        for joint, movement, role, dispute, sources in actions:
            tables["actions.csv"].append({
                "muscle_id": muscle_id, "joint": joint, "movement": movement, "role": role,
                "dispute_id": dispute, "source_ids": sources})
    tables["landmarks.csv"] = [{"landmark_id": "spot", "name": "a spot", "bone": "femur",
                                "source_ids": "src_a"}]
    tables["landmark_positions.csv"] = [{"landmark_id": "spot", "view": "anterior",
                                         "x": "0", "y": "0"}]
    if "alpha" in muscles:
        tables["attachments.csv"] = [
            {"muscle_id": "alpha", "end": "origin", "part": "superficial",
             "description": "Upper spot", "landmark_ids": "spot", "source_ids": "src_a"},
            {"muscle_id": "alpha", "end": "origin", "part": "deep",
             "description": "Lower spot", "landmark_ids": "spot", "source_ids": "src_a"},
            {"muscle_id": "alpha", "end": "insertion", "part": "whole",
             "description": "Near spot", "landmark_ids": "spot",
             "dispute_id": "alpha_insertion", "source_ids": "src_a"},
            {"muscle_id": "alpha", "end": "insertion", "part": "whole",
             "description": "Far spot", "landmark_ids": "spot",
             "dispute_id": "alpha_insertion", "source_ids": "src_b"},
        ]
        tables["innervation.csv"] = [
            {"muscle_id": "alpha", "part": "whole", "nerve": "alpha nerve", "roots": "L1; L3",
             "source_ids": "src_a"},
            {"muscle_id": "alpha", "part": "deep", "nerve": "other nerve", "roots": "L2",
             "source_ids": "src_a"},
            {"muscle_id": "beta", "part": "whole", "nerve": "beta nerve", "roots": "L2-L3",
             "dispute_id": "beta_roots", "source_ids": "src_a"},
            {"muscle_id": "beta", "part": "whole", "nerve": "beta nerve", "roots": "L2-L4",
             "dispute_id": "beta_roots", "source_ids": "src_b"},
            {"muscle_id": "beta", "part": "whole", "nerve": "spare nerve", "roots": "L5",
             "source_ids": "src_a"},
        ]
    folder.mkdir(parents=True, exist_ok=True)
    for schema in SCHEMAS:
        write_csv(folder / schema.file, schema.column_names, tables[schema.file])
    return folder


@pytest.fixture
def atlas(tmp_path):
    return load_atlas(build_data(tmp_path / "data"))


def ids(frame) -> list[str]:
    return list(frame["muscle_id"])


# --- finding movements, joints and muscles -------------------------------------------

@pytest.mark.parametrize(("text", "joint", "expected"), [
    ("hip flexion", None, ("hip", "flexion")),
    ("  Hip   FLEXION ", None, ("hip", "flexion")),
    ("hip_flexion", None, ("hip", "flexion")),
    ("flexion", "hip", ("hip", "flexion")),
    ("flexion", "lumbar spine", ("lumbar_spine", "flexion")),
    ("flexion", "lumbar_spine", ("lumbar_spine", "flexion")),
    ("lumbar flexion", None, ("lumbar_spine", "flexion")),
    ("lumbar spine flexion", None, ("lumbar_spine", "flexion")),
    ("bending forward", None, ("lumbar_spine", "flexion")),
    ("hip medial rotation", None, ("hip", "medial_rotation")),
    ("hip internal rotation", None, ("hip", "medial_rotation")),
    ("internal rotation", "hip", ("hip", "medial_rotation")),
    ("hip medial (internal) rotation", None, ("hip", "medial_rotation")),
])
def test_resolve_movement_accepts_what_people_type(atlas, text, joint, expected):
    assert resolve_movement(atlas, text, joint=joint).key == expected


def test_misspelt_movement_suggests_the_right_one(atlas):
    with pytest.raises(UnknownMovementError,
                       match=r"^no movement called 'hip flextion' in movements.csv; "
                             r"did you mean 'hip flexion'"):
        resolve_movement(atlas, "hip flextion")


def test_movement_at_the_wrong_joint_is_unknown(atlas):
    with pytest.raises(UnknownMovementError, match="no movement called 'lateral flexion' at "
                                                   "the hip"):
        resolve_movement(atlas, "lateral flexion", joint="hip")


def test_bare_movement_at_two_joints_is_ambiguous(atlas):
    with pytest.raises(UnknownMovementError) as caught:
        resolve_movement(atlas, "flexion")
    message = str(caught.value)
    assert "'hip flexion'" in message and "'lumbar flexion (bending forward)'" in message
    assert "joint=" in message


def test_unknown_joint_suggests_close_joints(atlas):
    with pytest.raises(UnknownMovementError, match="no joint called 'hips'.*'hip'"):
        resolve_movement(atlas, "flexion", joint="hips")


def test_movement_errors_are_name_errors(atlas):
    # Callers can catch every "no such name" error the same way.
    with pytest.raises(UnknownNameError):
        resolve_movement(atlas, "somersault")


def test_resolve_subject_muscle_group_and_misspelling(atlas):
    assert resolve_subject(atlas, "musculus alpha").muscle_ids == ("alpha",)
    assert resolve_subject(atlas, "alphaish").name == "alpha muscle"
    front = resolve_subject(atlas, "Front")
    assert (front.id, front.name, set(front.muscle_ids)) == (
        "front", "the front", {"alpha", "eta", "theta"})
    with pytest.raises(UnknownNameError,
                       match="no muscle or muscle group called 'alpah'.*'alpha muscle'"):
        resolve_subject(atlas, "alpah")


# --- synergists and antagonists ------------------------------------------------------

def test_synergists_rank_prime_movers_then_disputed_then_assistants(atlas):
    frame = synergists(atlas, "alpha", "hip flexion")
    assert tuple(frame.columns) == RELATION_COLUMNS
    # delta: settled prime mover; beta: prime mover on one side of a dispute;
    # gamma and theta assist. Alphabetical order would differ.
    assert ids(frame) == ["delta", "beta", "gamma", "theta"]
    assert list(frame["role"]) == ["prime mover", "prime mover", "assists", "assists"]
    assert list(frame["disputed"]) == [False, True, False, False]
    assert frame.loc[1, "dispute_ids"] == ("beta_role",)


def test_synergists_never_include_the_muscle_itself(atlas):
    for muscle in ("alpha", "beta", "gamma", "delta", "theta"):
        assert muscle not in ids(synergists(atlas, muscle, "hip flexion"))


def test_dispute_sides_merge_into_one_row_citing_both(atlas):
    frame = synergists(atlas, "alpha", "hip flexion").set_index("muscle_id")
    assert frame.at["beta", "source_ids"] == ("src_a", "src_b")
    assert frame.at["delta", "source_ids"] == ("src_a", "src_b")


def test_antagonists_come_from_the_opposite_in_movements_csv(atlas):
    assert ids(antagonists(atlas, "alpha", "hip flexion")) == ["zeta", "epsilon"]
    assert ids(antagonists(atlas, "zeta", "hip extension")) == ["alpha", "delta", "beta",
                                                                "gamma", "theta"]
    assert ids(antagonists(atlas, "alpha", "lumbar flexion")) == []


def test_movement_without_opposite_has_an_empty_antagonist_table(atlas):
    frame = antagonists(atlas, "zeta", "lumbar lateral flexion")
    assert frame.empty and tuple(frame.columns) == RELATION_COLUMNS


def test_opposition_is_read_from_data_not_code(tmp_path):
    unopposed = [(j, m, n, "" if j == "hip" else o) for j, m, n, o in MOVEMENTS]
    atlas = load_atlas(build_data(tmp_path / "data", movements=unopposed))
    assert antagonists(atlas, "alpha", "hip flexion").empty


def test_joint_keyword_and_movement_object_give_the_same_table(atlas):
    by_name = synergists(atlas, "alpha", "hip flexion")
    by_joint = synergists(atlas, "alpha", "flexion", joint="hip")
    by_object = synergists(atlas, "alpha", Movement("hip", "flexion", "hip flexion", "extension"))
    assert by_name.equals(by_joint) and by_name.equals(by_object)


def test_muscle_not_recorded_with_the_movement_is_an_error(atlas):
    with pytest.raises(ActionNotRecordedError,
                       match=r"eta muscle is not recorded with 'hip flexion'.*recorded with: "
                             r"lumbar flexion \(bending forward\)$"):
        synergists(atlas, "eta", "hip flexion")
    with pytest.raises(ActionNotRecordedError):
        antagonists(atlas, "eta", "hip flexion")


def test_group_leaves_out_its_own_members(atlas):
    frame = synergists(atlas, "front", "hip flexion")
    assert ids(frame) == ["delta", "beta", "gamma"]
    assert ids(antagonists(atlas, "front", "hip flexion")) == ["zeta", "epsilon"]


def test_anatomy_columns(atlas):
    row = synergists(atlas, "delta", "hip flexion").set_index("muscle_id").loc["alpha"]
    assert row["origin"] == "superficial: Upper spot; deep: Lower spot"
    assert row["insertion"] == "Near spot or Far spot (disputed)"
    assert row["nerve"] == "alpha nerve (L1, L3); deep: other nerve (L2)"
    assert row["roots"] == "L1, L3; deep: L2"  # as stored, never the union L1-L3
    beta = synergists(atlas, "alpha", "hip flexion").set_index("muscle_id").loc["beta"]
    assert beta["nerve"] == "beta nerve (L2-L3 or L2-L4; disputed); spare nerve (L5)"
    assert beta["roots"] == "L2-L3 or L2-L4 (disputed); L5"
    other = synergists(atlas, "alpha", "hip flexion").set_index("muscle_id").loc["delta"]
    assert (other["origin"], other["insertion"], other["nerve"], other["roots"]) == ("",) * 4


def test_movers_lists_everyone_including_the_subject(atlas):
    assert ids(movers(atlas, "hip flexion")) == ["alpha", "delta", "beta", "gamma", "theta"]


# --- movement matrix -----------------------------------------------------------------

def test_movement_matrix_cells_and_order(atlas):
    matrix = movement_matrix(atlas, "hip")
    assert list(matrix.columns) == ["hip flexion", "hip extension",
                                    "hip medial (internal) rotation"]
    # Prime movers first, by the first movement they lead; then assistants.
    assert list(matrix.index) == ["alpha muscle", "beta muscle", "delta muscle",
                                  "zeta muscle", "gamma muscle", "theta muscle",
                                  "epsilon muscle"]
    assert matrix.loc["beta muscle", "hip flexion"] == "prime mover (disputed)"
    assert matrix.loc["gamma muscle", "hip flexion"] == "assists"
    assert matrix.loc["zeta muscle"].tolist() == ["", "prime mover", ""]
    assert "eta muscle" not in matrix.index  # acts on the lumbar spine only


def test_movement_matrix_over_several_joints(atlas):
    matrix = movement_matrix(atlas, ["lumbar spine", "hip"])
    assert list(matrix.columns[:3]) == ["lumbar flexion (bending forward)",
                                        "lumbar extension (bending backward)",
                                        "lumbar lateral flexion"]
    assert matrix.loc["zeta muscle", "lumbar lateral flexion"] == "assists"
    assert matrix.loc["alpha muscle", "lumbar flexion (bending forward)"] == "assists"


def test_movement_matrix_unknown_joint(atlas):
    with pytest.raises(UnknownMovementError, match="no joint called 'knee'"):
        movement_matrix(atlas, "knee")


# --- the tables follow the data --------------------------------------------------------

def test_appending_a_muscle_changes_every_table(data_copy):
    before = load_atlas(data_copy)
    old = ids(synergists(before, "psoas major", "hip flexion"))
    append_row(data_copy / "muscles.csv", {
        "muscle_id": "test_flexor", "name": "test flexor", "latin_name": "musculus testis",
        "group": "test_group", "region": "test", "uberon_id": "UBERON:0000001",
        "fma_id": "FMA:100", "ta98_id": "A04.7.02.001", "source_ids": "gray1918"})
    append_row(data_copy / "actions.csv", {
        "muscle_id": "test_flexor", "joint": "hip", "movement": "flexion",
        "role": "assists", "source_ids": "gray1918"})
    append_row(data_copy / "actions.csv", {
        "muscle_id": "test_flexor", "joint": "lumbar_spine", "movement": "extension",
        "role": "prime mover", "source_ids": "gray1918"})
    after = load_atlas(data_copy)
    assert "test_flexor" not in old
    frame = synergists(after, "psoas major", "hip flexion")
    assert set(ids(frame)) == {*old, "test_flexor"}
    assert frame.set_index("muscle_id").loc["test_flexor", "role"] == "assists"
    assert "test_flexor" in ids(antagonists(after, "psoas major", "lumbar flexion"))
    assert "psoas_major" in ids(synergists(after, "test flexor", "hip flexion"))
    assert movement_matrix(after, "hip").loc["test flexor", "hip flexion"] == "assists"
