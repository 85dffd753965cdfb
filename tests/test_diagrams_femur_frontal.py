"""The femur in the anterior and posterior views: head in the acetabulum, a neck at about
125 degrees to the shaft, the greater trochanter above the neck's base, the lesser
trochanter jutting medially from the shaft below the neck (clear of the hip bone), and
shafts converging towards the knees."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.path import Path

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.skeleton import (
    bone_outlines,
    draw_skeleton,
    landmark_positions,
    outline_path,
    right_side,
)
from psoas_edu.figures.style import alt_text

VIEWS = ("anterior", "posterior")


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def outline(atlas, view: str, outline_id: str) -> np.ndarray:
    """The right-side copy of a shape, flattened to a polygon, with x made to grow towards
    the midline (medial) in both views."""
    (shape,) = [o for o in bone_outlines(atlas, view) if o.outline_id == outline_id]
    path = outline_path(shape.points, smooth=shape.smooth, closed=True)
    polygon = np.vstack(path.to_polygons())
    return polygon * np.array([-right_side(view), 1.0])


def medial_x(atlas, view, landmark_id) -> tuple[float, float]:
    pos = landmark_positions(atlas, view)[landmark_id]
    return (-right_side(view) * pos.x, pos.y)


def crossings(polygon: np.ndarray, y: float) -> np.ndarray:
    a, b = polygon, np.roll(polygon, -1, axis=0)
    hit = (a[:, 1] - y) * (b[:, 1] - y) <= 0
    t = (y - a[hit, 1]) / np.where(b[hit, 1] == a[hit, 1], 1, b[hit, 1] - a[hit, 1])
    return np.sort(a[hit, 0] + t * (b[hit, 0] - a[hit, 0]))


def chord(polygon: np.ndarray, point: np.ndarray, direction: np.ndarray) -> float:
    """Length of the stretch of the line through ``point`` along ``direction`` that lies
    inside the polygon around ``point``."""
    path = Path(polygon)
    steps = np.linspace(0, 6, 241)
    length = 0.0
    for sign in (1, -1):
        inside = [path.contains_point(point + sign * s * direction) for s in steps]
        length += steps[inside.index(False) - 1] if False in inside else steps[-1]
    return length


def head_centre(atlas, view) -> np.ndarray:
    ring = outline(atlas, view, "acetabulum")
    return ring.mean(axis=0)


def shaft_axis(femur: np.ndarray, y_top: float = 50.0, y_low: float = 36.0):
    mids = [crossings(femur, y)[[0, -1]].mean() for y in (y_top, y_low)]
    point = np.array([mids[0], y_top])
    down = np.array([mids[1] - mids[0], y_low - y_top])
    return point, down / np.linalg.norm(down)


@pytest.mark.parametrize("view", VIEWS)
def test_the_head_sits_in_the_acetabulum(atlas, view):
    femur = Path(outline(atlas, view, "femur"))
    centre = head_centre(atlas, view)
    for offset in ((0, 1.9), (1.9, 0), (0, 0)):
        assert femur.contains_point(centre + offset), "the femoral head is not in the acetabulum"


@pytest.mark.parametrize("view", VIEWS)
def test_a_narrow_neck_meets_the_shaft_at_about_125_degrees(atlas, view):
    femur = outline(atlas, view, "femur")
    centre = head_centre(atlas, view)
    # The neck's axis: the direction, down and lateral from the head, across which the
    # bone is narrowest just beyond the head (3 units from its centre).
    best = None
    for angle in np.radians(np.arange(-85, -5, 1.0)):
        u = np.array([-np.cos(angle), np.sin(angle)])  # lateral is -x here
        if not Path(femur).contains_point(centre + 3.0 * u):
            continue
        across = np.array([-u[1], u[0]])
        width = chord(femur, centre + 3.0 * u, across)
        if best is None or width < best[0]:
            best = (width, u)
    assert best is not None, "nothing of the femur below and lateral to the head"
    width, neck = best
    head = chord(femur, centre, np.array([1.0, 0.0]))
    assert width < 0.7 * head, f"no neck: {width:.1f} wide against a head {head:.1f} across"
    _, down = shaft_axis(femur)
    angle = np.degrees(np.arccos(np.dot(-neck, down)))
    assert 115 <= angle <= 135, f"neck-shaft angle {angle:.0f} degrees"


@pytest.mark.parametrize("view", VIEWS)
def test_the_shafts_converge_towards_the_knees(atlas, view):
    femur = outline(atlas, view, "femur")
    centre = head_centre(atlas, view)
    _, down = shaft_axis(femur)
    assert down[0] > np.sin(np.radians(5)), "the shaft does not slope towards the midline"
    knee = crossings(femur, 25.0)[[0, -1]].mean()
    assert knee > centre[0] + 1.0, "the knee is no closer to the midline than the hip joint"


@pytest.mark.parametrize("view", VIEWS)
def test_the_greater_trochanter_stands_lateral_to_the_neck(atlas, view):
    femur = outline(atlas, view, "femur")
    centre = head_centre(atlas, view)
    x, y = medial_x(atlas, view, "greater_trochanter")
    assert Path(femur).contains_point((x, y)), "the greater trochanter's landmark is off the femur"
    assert x < centre[0] - 4.5 and abs(y - centre[1]) < 2.5
    # A notch (the trochanteric fossa) between the trochanter's tip and the head.
    tip = max(crossings(femur.T[::-1].T, xx)[-1] for xx in np.linspace(x - 0.8, x + 0.8, 5))
    between = crossings(femur.T[::-1].T, (x + centre[0]) / 2)[-1]
    assert between < tip - 0.6, "no notch between the greater trochanter and the head"


@pytest.mark.parametrize("view", VIEWS)
def test_the_lesser_trochanter_juts_medially_below_the_neck_clear_of_the_hip_bone(atlas, view):
    femur = outline(atlas, view, "femur")
    centre = head_centre(atlas, view)
    x, y = medial_x(atlas, view, "lesser_trochanter")
    assert centre[1] - 8.0 < y < centre[1] - 4.0, "the lesser trochanter is not below the neck"
    edge = crossings(femur, y)[-1]
    assert abs(edge - x) < 0.6, "the lesser trochanter's landmark is off the femur's medial edge"
    above = crossings(femur, y + 1.2)[-1]
    below = crossings(femur, y - 2.5)[-1]
    assert edge > max(above, below) + 0.3, "nothing juts from the medial shaft"
    hip_bone = Path(outline(atlas, view, "hip_bone"))
    clear = min(np.hypot(*(np.array([x, y]) - p)) for p in hip_bone.interpolated(20).vertices)
    assert not hip_bone.contains_point((x, y)) and clear > 0.6, (
        "the lesser trochanter sits on the hip bone's edge")


@pytest.mark.parametrize("view", VIEWS)
def test_the_skeleton_names_both_trochanters(atlas, view):
    ax = draw_skeleton(atlas, view=view)
    texts = {t.get_text().replace("\n", " ") for t in ax.texts}
    assert {"greater trochanter", "lesser trochanter"} <= texts
    assert "greater trochanter" in alt_text(ax) and "lesser trochanter" in alt_text(ax)
