"""Bone names go in the margin of the side drawn (the right) and point at the bones of
that side, so no leader runs from the far margin across the spine and the muscles."""

from __future__ import annotations

import pytest

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.attachments import choose_view
from psoas_edu.figures.gallery import diagram_gallery
from psoas_edu.figures.skeleton import right_side


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


@pytest.mark.parametrize("name", ["iliopsoas_anterior", "iliopsoas_posterior",
                                  "attachments_psoas_major", "attachments_quadratus_lumborum",
                                  "attachments_gluteus_medius"])
def test_bone_labels_and_leaders_stay_on_the_drawn_side(atlas, name):
    ax = diagram_gallery(atlas)[name]()
    view = (name.removeprefix("iliopsoas_") if name.startswith("iliopsoas_") else
            choose_view(atlas, [name.removeprefix("attachments_")], "auto"))
    side = right_side(view)
    (leaders,) = [c for c in ax.collections if c.get_gid() == "leaders"]
    bone_labels = [t for t in ax.texts if t.get_gid() == "label-bone"]
    assert bone_labels
    starts = {(round(t.get_position()[0], 3), round(t.get_position()[1], 3))
              for t in bone_labels}
    checked = 0
    for segment in leaders.get_segments():
        (x0, y0), (x1, y1) = segment[0], segment[-1]
        if (round(x0, 3), round(y0, 3)) in starts:
            checked += 1
            assert x0 * side > 0 and x1 * side >= -0.5, (
                f"a bone leader crosses the midline to ({x1:.1f}, {y1:.1f})")
    assert checked == len(bone_labels)


@pytest.mark.parametrize("name", ["iliopsoas_anterior", "attachments_iliacus",
                                  "attachments_adductor_magnus"])
def test_bone_names_on_the_bones_are_not_hidden_under_the_muscles(atlas, name):
    ax = diagram_gallery(atlas)[name]()
    parts = [t for t in ax.texts if t.get_gid() == "bone-part-label"]
    bands = [c.get_zorder() for c in ax.collections
             if str(c.get_gid()).startswith(("band-", "tendon-"))]
    assert parts and bands
    assert all(t.get_zorder() > max(bands) for t in parts), "hatching covers a bone name"


@pytest.mark.parametrize("name", ["attachments_adductor_magnus", "attachments_gluteus_medius",
                                  "attachments_semitendinosus", "iliopsoas_anterior"])
def test_bone_names_on_the_bones_are_not_under_a_marker(atlas, name):
    import numpy as np

    ax = diagram_gallery(atlas)[name]()
    parts = [t.get_position() for t in ax.texts if t.get_gid() == "bone-part-label"]
    marks = np.array([xy for line in ax.lines
                      if str(line.get_gid()).startswith(("origin", "insertion"))
                      for xy in line.get_xydata()])
    assert parts and len(marks)
    for x, y in parts:
        assert np.hypot(marks[:, 0] - x, marks[:, 1] - y).min() > 1.2, (
            f"a marker covers the bone name at ({x:.1f}, {y:.1f})")
