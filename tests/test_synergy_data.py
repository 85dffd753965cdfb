"""The course's claims about synergists and antagonists, checked on the real data."""

from __future__ import annotations

import pytest

from psoas_edu import load_atlas, resolve_muscle
from psoas_edu.tables.style import antagonist_table, matrix_table, synergist_table
from psoas_edu.tables.synergy import (
    ActionNotRecordedError,
    antagonists,
    joint_movements,
    movement_matrix,
    resolve_subject,
    synergists,
)


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def ids(frame) -> set[str]:
    return set(frame["muscle_id"])


def hip_muscles(atlas, group: str) -> set[str]:
    """Muscles of a teaching group that are recorded with any action at the hip."""
    members = set(atlas.muscles.loc[atlas.muscles["group"] == group, "muscle_id"])
    return members & set(atlas.actions.loc[atlas.actions["joint"] == "hip", "muscle_id"])


@pytest.mark.parametrize("name", ["rectus femoris", "sartorius"])
def test_synergists_of_the_iliopsoas_in_hip_flexion(atlas, name):
    assert resolve_muscle(atlas, name) in ids(synergists(atlas, "iliopsoas", "hip flexion"))


def test_iliopsoas_members_are_prime_movers_and_synergists_of_each_other(atlas):
    frame = synergists(atlas, "psoas major", "hip flexion").set_index("muscle_id")
    assert frame.at["iliacus", "role"] == "prime mover"
    assert frame["role"].iloc[0] == "prime mover"


def test_gluteus_maximus_is_an_antagonist_of_the_iliopsoas(atlas):
    gluteus = resolve_muscle(atlas, "gluteus maximus")
    assert gluteus in ids(antagonists(atlas, "iliopsoas", "hip flexion"))


def test_the_hamstrings_are_antagonists_of_the_iliopsoas(atlas):
    hamstrings = hip_muscles(atlas, "hamstrings")
    assert len(hamstrings) >= 3, "semitendinosus, semimembranosus, biceps femoris long head"
    assert hamstrings <= ids(antagonists(atlas, "iliopsoas", "hip flexion"))


def test_psoas_minor_does_not_act_on_the_hip(atlas):
    actions = atlas.actions
    assert actions.loc[actions["muscle_id"] == "psoas_minor", "joint"].ne("hip").all()
    assert "psoas minor" not in movement_matrix(atlas, "hip").index
    assert "psoas_minor" not in ids(synergists(atlas, "psoas major", "hip flexion"))
    with pytest.raises(ActionNotRecordedError, match="psoas minor is not recorded with"):
        synergists(atlas, "psoas minor", "hip flexion")


def test_iliopsoas_group_acts_in_hip_flexion_without_psoas_minor(atlas):
    subject = resolve_subject(atlas, "iliopsoas")
    assert {"psoas_major", "psoas_minor", "iliacus"} <= set(subject.muscle_ids)
    caption = synergist_table(atlas, "iliopsoas", "hip flexion").to_html()
    assert "(psoas major, iliacus)" in caption


@pytest.mark.parametrize("joint", ["hip", "lumbar spine"])
def test_matrix_covers_every_muscle_recorded_at_the_joint(atlas, joint):
    matrix = movement_matrix(atlas, joint)
    joint_id = joint_movements(atlas, joint)[0].joint
    recorded = set(atlas.actions.loc[atlas.actions["joint"] == joint_id, "muscle_id"])
    names = atlas.muscles.set_index("muscle_id")["name"]
    assert set(matrix.index) == {names[m] for m in recorded}
    assert matrix.to_numpy().astype(bool).any(axis=1).all()  # no empty rows


def test_every_recorded_action_has_working_tables(atlas):
    for row in atlas.actions.drop_duplicates(["muscle_id", "joint", "movement"]).itertuples():
        movement = next(m for m in joint_movements(atlas, row.joint)
                        if m.movement == row.movement)
        synergist_table(atlas, row.muscle_id, movement).to_html()
        antagonist_table(atlas, row.muscle_id, movement).to_html()
    for joint in dict.fromkeys(atlas.movements["joint"]):
        matrix_table(atlas, joint).to_html()
