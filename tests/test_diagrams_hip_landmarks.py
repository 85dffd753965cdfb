"""Around the hip joint: the ischium named on the ischium (behind and below the
acetabulum, off the femur), the lesser trochanter on the femur below the neck and clear
of the ischium, the greater trochanter's leader on the trochanter rather than the head,
and the femur's head and neck named in the skeleton figures."""

from __future__ import annotations

import numpy as np
import pytest
from diagram_support import segments_cross
from matplotlib.path import Path

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.attachments import draw_attachments
from psoas_edu.figures.skeleton import (
    bone_outlines,
    draw_skeleton,
    landmark_positions,
    outline_path,
    right_side,
)
from psoas_edu.figures.style import alt_text

ILIOPSOAS = ("psoas_major", "psoas_minor", "iliacus")


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def polygon(atlas, view: str, outline_id: str, *, drawn_side: bool = True) -> np.ndarray:
    """The shape as a polygon; for a mirrored shape, the copy on the side drawn."""
    (shape,) = [o for o in bone_outlines(atlas, view) if o.outline_id == outline_id]
    points = np.array(shape.points)
    side = right_side(view)
    if shape.mirror and drawn_side and side and np.mean(points[:, 0]) * side < 0:
        points = points * np.array([-1.0, 1.0])
    path = outline_path([tuple(p) for p in points], smooth=shape.smooth, closed=True)
    return np.vstack(path.to_polygons())


def distance_to_outline(point, outline: np.ndarray) -> float:
    dense = Path(outline).interpolated(20).vertices
    return float(np.min(np.hypot(*(dense - np.asarray(point)).T)))


def text_box(ax, text):
    """The drawn extent of a text in data coordinates."""
    renderer = ax.figure.canvas.get_renderer()
    return text.get_window_extent(renderer).transformed(ax.transData.inverted())


def texts_named(ax, name: str):
    return [t for t in ax.texts if t.get_text().replace("\n", " ") == name]


def leader_ends(ax, name: str) -> list[np.ndarray]:
    """Where the leader of each margin label called ``name`` ends."""
    (leaders,) = [c for c in ax.collections if c.get_gid() == "leaders"]
    starts = {t.get_position() for t in texts_named(ax, name)}
    return [np.array(seg[1]) for seg in leaders.get_segments()
            if tuple(seg[0]) in starts]


def lateral_figures(atlas):
    return {"skeleton": draw_skeleton(atlas, view="lateral"),
            "iliopsoas": draw_attachments(atlas, ILIOPSOAS, view="lateral", missing="skip")}


def behind_and_below_the_acetabulum(atlas, point) -> bool:
    centre = polygon(atlas, "lateral", "acetabulum").mean(axis=0)
    return point[0] < centre[0] - 3.0 and point[1] < centre[1] - 3.0


def test_the_ischium_is_named_on_the_ischium_behind_and_below_the_acetabulum(atlas):
    ax = draw_attachments(atlas, ILIOPSOAS, view="lateral", missing="skip")
    (label,) = [t for t in ax.texts if t.get_gid() == "bone-part-label"
                and t.get_text() == "ischium"]
    box = text_box(ax, label)
    middle = np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])
    assert behind_and_below_the_acetabulum(atlas, middle)
    assert Path(polygon(atlas, "lateral", "hip_bone")).contains_point(middle)
    femur = Path(polygon(atlas, "lateral", "femur"))
    assert not femur.intersects_bbox(box, filled=True), "the ischium's name lies on the femur"
    (leaders,) = [c for c in ax.collections if c.get_gid() == "leaders"]
    for segment in leaders.get_segments():
        line = Path(segment[:2]).interpolated(50)
        assert not line.intersects_bbox(box, filled=True), (
            f"a leader from {tuple(segment[0])} crosses the ischium's name")


def test_the_lateral_skeletons_ischium_leader_ends_on_the_ischium_off_the_femur(atlas):
    ax = draw_skeleton(atlas, view="lateral")
    assert not [t for t in ax.texts if t.get_gid() == "bone-part-label"
                and t.get_text() == "ischium"], "named twice"
    (end,) = leader_ends(ax, "ischium")
    assert behind_and_below_the_acetabulum(atlas, end)
    assert Path(polygon(atlas, "lateral", "hip_bone")).contains_point(end)
    assert distance_to_outline(end, polygon(atlas, "lateral", "femur")) > 1.0
    assert "ischium" in alt_text(ax)


@pytest.mark.parametrize("view", ["anterior", "posterior"])
def test_the_lesser_trochanter_stands_well_apart_from_the_ischium_in_frontal_views(atlas, view):
    point = landmark_positions(atlas, view)["lesser_trochanter"].xy
    clear = distance_to_outline(point, polygon(atlas, view, "hip_bone"))
    assert clear > 1.4, f"the lesser trochanter is {clear:.1f} from the ischium's edge"


def test_the_lesser_trochanter_bump_stands_apart_from_the_ischium_in_the_lateral_view(atlas):
    lesser = landmark_positions(atlas, "lateral")["lesser_trochanter"]
    femur = polygon(atlas, "lateral", "femur")
    near = femur[np.abs(femur[:, 1] - lesser.y) < 1.2]
    bump = near[np.argmin(near[:, 0])]
    assert bump[0] < lesser.x + 0.2, "no lesser trochanter on the back of the shaft"
    clear = distance_to_outline(bump, polygon(atlas, "lateral", "hip_bone"))
    assert clear > 2.0, f"the lesser trochanter's outline is {clear:.1f} from the ischium's"


def test_the_greater_trochanters_leader_ends_on_the_trochanter_not_the_head(atlas):
    ax = draw_skeleton(atlas, view="lateral")
    (end,) = leader_ends(ax, "greater trochanter")
    ring = polygon(atlas, "lateral", "femoral_head")
    centre = ring.mean(axis=0)
    radius = np.hypot(*(ring - centre).T).mean()
    assert np.hypot(*(end - centre)) > radius + 0.5, "the leader ends on the femoral head"
    assert Path(polygon(atlas, "lateral", "greater_trochanter")).contains_point(end)


@pytest.mark.parametrize("view", ["anterior", "posterior", "lateral"])
def test_the_skeleton_names_the_femoral_head_and_neck(atlas, view):
    ax = draw_skeleton(atlas, view=view)
    names = ["head of femur"] + ([] if view == "lateral" else ["neck of femur"])
    femur = Path(polygon(atlas, view, "femur"))
    ring = polygon(atlas, view, "femoral_head" if view == "lateral" else "acetabulum")
    for name in names:
        (end,) = leader_ends(ax, name)
        assert femur.contains_point(end), f"the {name} leader ends off the femur"
        assert name in alt_text(ax)
    (head,) = leader_ends(ax, "head of femur")
    assert Path(ring).contains_point(head), "the head's leader ends outside the head"
    if view != "lateral":
        (neck,) = leader_ends(ax, "neck of femur")
        assert not Path(ring).contains_point(neck), "the neck's leader ends on the head"


@pytest.mark.parametrize("view", ["anterior", "posterior", "lateral"])
def test_the_alt_text_names_every_label_drawn(atlas, view):
    """Bones named on themselves (sacrum, coccyx) and the vertebral levels are drawn, so
    the alt text names them too."""
    ax = draw_skeleton(atlas, view=view)
    text = alt_text(ax)
    for label in ax.texts:
        name = label.get_text().replace("\n", " ")
        if label.get_gid() in ("note-front", "note-back", "note-left-edge",
                               "note-right-edge") or not name or name == ax.get_title():
            continue
        assert name in text, f"{name!r} is drawn but not in the alt text"


@pytest.mark.parametrize("view", ["anterior", "posterior", "lateral"])
def test_the_skeletons_leaders_do_not_cross(atlas, view):
    """Four names now point into the small region of the hip: their leaders stay apart."""
    ax = draw_skeleton(atlas, view=view)
    (leaders,) = [c for c in ax.collections if c.get_gid() == "leaders"]
    segments = [seg[:2] for seg in leaders.get_segments()]
    for i, a in enumerate(segments):
        for b in segments[i + 1:]:
            assert not segments_cross(a, b), f"leaders from {tuple(a[0])} and {tuple(b[0])} cross"
