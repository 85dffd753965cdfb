"""Tensor fasciae latae ends between the layers of the iliotibial tract about a third of
the way down the thigh (Gray 1918): its insertion is marked where the belly ends, and the
tract is drawn on from there to Gerdy's tubercle."""

from __future__ import annotations

import numpy as np
import pytest

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.attachments import draw_attachments
from psoas_edu.figures.skeleton import landmark_positions


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def lowest(collection) -> float:
    return min(path.vertices[:, 1].min() for path in collection.get_paths())


@pytest.mark.parametrize("view", ["anterior", "lateral"])
def test_the_insertion_is_marked_where_the_belly_ends(atlas, view):
    ax = draw_attachments(atlas, "tensor fasciae latae", view=view)
    (band,) = [c for c in ax.collections if c.get_gid() == "band-tensor_fasciae_latae"]
    (marks,) = [line for line in ax.lines if line.get_gid() == "insertion"]
    y = float(np.min(marks.get_ydata()))
    gerdy = landmark_positions(atlas, view)["gerdys_tubercle"].y
    assert abs(y - lowest(band)) < 3.0, "the insertion mark is not at the end of the belly"
    assert y > gerdy + 20, "the insertion is marked at the tibia, not on the thigh"
    hip = landmark_positions(atlas, view)["greater_trochanter"].y
    third = hip - (hip - gerdy) / 3
    assert abs(y - third) < 5.0, "the insertion is not about a third of the way down the thigh"


@pytest.mark.parametrize("view", ["anterior", "lateral"])
def test_the_tract_goes_on_to_gerdys_tubercle_and_is_named_there(atlas, view):
    ax = draw_attachments(atlas, "tensor fasciae latae", view=view)
    (tract,) = [c for c in ax.collections if c.get_gid() == "tract-tensor_fasciae_latae"]
    gerdy = landmark_positions(atlas, view)["gerdys_tubercle"]
    assert abs(lowest(tract) - gerdy.y) < 2.0, "the tract stops short of Gerdy's tubercle"
    assert min(ax.get_ylim()) < gerdy.y, "Gerdy's tubercle is outside the picture"
    texts = " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    assert "Gerdy's tubercle" in texts
