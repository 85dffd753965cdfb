"""The proximal femur in the lateral view: head, neck, greater and lesser trochanter drawn
where the muscles that insert on them can be seen to end, consistent with the frontal views."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.path import Path

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.line_of_pull import hip_centre
from psoas_edu.figures.skeleton import bone_outlines, draw_skeleton, landmark_positions


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


@pytest.fixture(scope="module")
def femur(atlas) -> np.ndarray:
    """The lateral femur as drawn: the largest path of the bones collection that holds a
    point of the shaft, flattened to a polygon."""
    ax = draw_skeleton(atlas, view="lateral")
    (bones,) = [c for c in ax.collections if c.get_gid() == "bones"]
    shaft = (0.0, 40.0)
    outlines = [p for p in bones.get_paths() if p.contains_point(shaft)]
    assert outlines, "no drawn outline holds the femoral shaft"
    polygon = max((np.vstack(p.to_polygons()) for p in outlines),
                  key=lambda v: np.ptp(v[:, 1]))
    return polygon


def x_range_at(polygon: np.ndarray, y: float) -> tuple[float, float]:
    """Back-most and front-most x where the outline crosses height ``y``."""
    a, b = polygon, np.roll(polygon, -1, axis=0)
    hit = (a[:, 1] - y) * (b[:, 1] - y) <= 0
    t = (y - a[hit, 1]) / np.where(b[hit, 1] == a[hit, 1], 1, b[hit, 1] - a[hit, 1])
    xs = a[hit, 0] + t * (b[hit, 0] - a[hit, 0])
    return float(xs.min()), float(xs.max())


def top_at(polygon: np.ndarray, x: float) -> float:
    """Highest point of the outline above ``x``."""
    a, b = polygon, np.roll(polygon, -1, axis=0)
    hit = (a[:, 0] - x) * (b[:, 0] - x) <= 0
    t = (x - a[hit, 0]) / np.where(b[hit, 0] == a[hit, 0], 1, b[hit, 0] - a[hit, 0])
    return float((a[hit, 1] + t * (b[hit, 1] - a[hit, 1])).max())


def test_the_head_sits_in_the_acetabulum(atlas, femur):
    centre = hip_centre(atlas)
    path = Path(femur)
    assert path.contains_point(centre)
    assert path.contains_point((centre[0], centre[1] + 1.9)), "no head above the joint centre"


def test_the_greater_trochanter_stands_behind_the_head_with_a_notch_between(atlas, femur):
    """Seen from the side the trochanter is its own bump, behind the head (not a disc drawn
    over it), its tip about level with the head's centre; the outline dips between the
    two where the neck leaves the head."""
    centre = hip_centre(atlas)
    trochanter = landmark_positions(atlas, "lateral")["greater_trochanter"]
    assert np.hypot(trochanter.x - centre[0], trochanter.y - centre[1]) > 2.0, (
        "the greater trochanter is marked on the femoral head")
    back, _ = x_range_at(femur, centre[1])
    assert back < centre[0] - 3.5, "nothing of the femur juts behind the head"
    xs = np.linspace(back + 0.2, centre[0], 40)
    tops = np.array([top_at(femur, x) for x in xs])
    apex = int(np.argmax(tops[: len(tops) // 2]))
    dip = apex + int(np.argmin(tops[apex:]))
    assert abs(tops[apex] - centre[1]) < 2.5, "the trochanter's tip is far from the head's level"
    assert tops[dip] < tops[apex] - 0.3 and tops[dip] < tops[-1] - 0.8, (
        "no notch between the greater trochanter and the head")
    anterior = [o for o in bone_outlines(atlas, "anterior") if o.outline_id == "femur"][0]
    anterior_tip = max(y for x, y in anterior.points if x < -13)
    assert abs(tops[apex] - anterior_tip) < 1.0, "the trochanter's height differs between views"


def test_the_greater_trochanter_is_shaded_where_the_landmark_is(atlas):
    ax = draw_skeleton(atlas, view="lateral")
    (bones,) = [c for c in ax.collections if c.get_gid() == "bones"]
    trochanter = landmark_positions(atlas, "lateral")["greater_trochanter"].xy
    centre = hip_centre(atlas)
    holding = [p for p in bones.get_paths() if p.contains_point(trochanter)
               and not p.contains_point(centre)]
    assert holding, "no shape of its own around the greater trochanter"


def test_the_lesser_trochanter_juts_from_the_back_of_the_shaft_below_the_neck(atlas, femur):
    lesser = landmark_positions(atlas, "lateral")["lesser_trochanter"]
    at = x_range_at(femur, lesser.y)[0]
    waist = max(x_range_at(femur, y)[0] for y in lesser.y + np.linspace(0.6, 2.0, 8))
    below = x_range_at(femur, lesser.y - 2.5)[0]
    assert at < min(waist, below) - 0.4, "no lesser trochanter on the back of the shaft"
    assert abs(lesser.x - at) < 1.0, "the lesser trochanter's landmark is off its bump"
    anterior = landmark_positions(atlas, "anterior")["lesser_trochanter"]
    assert abs(lesser.y - anterior.y) < 1.5, "the lesser trochanter's height differs"
