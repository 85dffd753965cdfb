"""Team and line-of-pull figures teach only actions the data state plainly: a hip action
whose row the note hedges (weak, position-dependent, ...; the rule the quiz uses) is left
out, so the adductor part of adductor magnus and gracilis are not drawn as flexors."""

from __future__ import annotations

import pytest

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.facts.hedges import hedged_note
from psoas_edu.figures.gallery import diagram_gallery
from psoas_edu.figures.line_of_pull import draw_line_of_pull
from psoas_edu.figures.style import alt_text


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def hedged_hip(atlas, movement: str) -> set[str]:
    """Muscles whose every settled hip ``movement`` row is hedged by its note."""
    rows = atlas.actions[(atlas.actions["joint"] == "hip")
                         & (atlas.actions["movement"] == movement)
                         & ~atlas.actions["disputed"]]
    plain = {m for m, note in zip(rows["muscle_id"], rows["note"], strict=True)
             if not hedged_note(note)}
    return set(rows["muscle_id"]) - plain


def names(atlas, muscle_ids) -> set[str]:
    table = atlas.muscles.set_index("muscle_id")
    return {str(table.loc[m, "name"]).lower() for m in muscle_ids}


def test_the_rule_hedges_adductor_magnus_flexion_but_not_hamstring_extension(atlas):
    assert "adductor_magnus" in hedged_hip(atlas, "flexion")
    assert not {"semitendinosus", "semimembranosus"} & hedged_hip(atlas, "extension")


@pytest.mark.parametrize("view", ["anterior", "posterior", "lateral"])
def test_synergist_panels_leave_out_hedged_flexors(atlas, view):
    ax = diagram_gallery(atlas)[f"hip_flexion_synergists_{view}"]()
    texts = " ".join(t.get_text().replace("\n", " ").lower()
                     for a in ax.figure.axes for t in a.texts)
    hedged = names(atlas, hedged_hip(atlas, "flexion"))
    assert hedged, "nothing hedged to test"
    for name in hedged:
        assert name not in texts, f"{name} drawn as a hip flexion synergist"
        assert f"{name}, from" not in alt_text(ax).lower()
    assert "rectus femoris" in texts


def test_line_of_pull_draws_no_hedged_flexor_in_front_of_the_hip(atlas):
    ax = draw_line_of_pull(atlas, all_muscles=True)
    labels = [t.get_text().replace("\n", " ").lower() for t in ax.texts]
    assert not [t for t in labels if "adductor magnus" in t and "hamstring" not in t], (
        "the adductor part of adductor magnus drawn as a flexor")
    assert any("adductor magnus (hamstring part)" in t for t in labels)
    assert not [t for t in labels if "gracilis" in t]
