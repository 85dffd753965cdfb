"""Attachment diagrams and the skeleton: placement, labels, styles, alt text, determinism."""

from __future__ import annotations

import itertools
import re

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import PathPatch

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.attachments import (
    ViewError,
    attachment_marks,
    attachment_steps,
    choose_view,
    draw_attachments,
    drawable_views,
    resolve_muscles,
)
from psoas_edu.figures.gallery import hip_flexion_team
from psoas_edu.figures.label_layout import stack_column
from psoas_edu.figures.muscle_model import strand_shapes
from psoas_edu.figures.skeleton import (
    VIEWS,
    bone_outlines,
    draw_skeleton,
    landmark_positions,
    outline_path,
    right_side,
)
from psoas_edu.figures.style import INSERTION, ORIGIN, alt_text, figure_svg


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def marker_points(ax, prefix: str) -> set[tuple[float, float]]:
    points = set()
    for line in ax.lines:
        if (line.get_gid() or "").startswith(prefix):
            points |= {(round(x, 6), round(y, 6)) for x, y in line.get_xydata()}
    return points


def near(path, point, distance: float) -> bool:
    """Whether ``point`` is within ``distance`` of the outline of ``path``."""
    p = np.asarray(point)
    for polygon in path.to_polygons(closed_only=False):
        a, b = polygon[:-1], polygon[1:]
        d = b - a
        t = np.clip(((p - a) * d).sum(1) / np.maximum((d * d).sum(1), 1e-12), 0, 1)
        if np.min(np.hypot(*(a + t[:, None] * d - p).T)) <= distance:
            return True
    return False


def label_texts(ax) -> list[str]:
    return [t.get_text().replace("\n", " ") for t in ax.texts
            if (t.get_gid() or "").startswith("label-")]


def assert_no_label_overlaps(ax) -> None:
    renderer = ax.figure.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts
             if (t.get_gid() or "").startswith(("label", "note")) and t.get_text()]
    assert len(boxes) >= 2
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        overlap_w = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        overlap_h = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        assert overlap_w <= 0.5 or overlap_h <= 0.5, f"labels overlap: {a!r} and {b!r}"


def leader_ends(ax) -> list[tuple[str, str, tuple[float, float]]]:
    """(gid, text on one line, where its leader ends) for every margin label."""
    (leaders,) = [c for c in ax.collections if c.get_gid() == "leaders"]
    ends = {tuple(np.round(seg[0], 6)): tuple(seg[-1]) for seg in leaders.get_segments()}
    found = []
    for text in ax.texts:
        gid = text.get_gid() or ""
        if gid.startswith("label-") and gid != "label-level":
            found.append((gid, " ".join(text.get_text().split()),
                          ends[tuple(np.round(text.get_position(), 6))]))
    return found


def squeeze(text: str) -> str:
    return "".join(text.lower().rstrip("…").split())


def described_landmarks(atlas, muscle_ids, label: str) -> set[str]:
    """Landmarks of the shown muscles' attachments that a label names: by the landmark's
    own name, or by the attachment's description (which a label may shorten)."""
    rows = atlas.attachments[atlas.attachments["muscle_id"].isin(muscle_ids)]
    names = atlas.landmarks.set_index("landmark_id")["name"]
    ids = set()
    for row in rows.itertuples(index=False):
        for landmark_id in row.landmark_ids:
            if (squeeze(names[landmark_id]) == squeeze(label)
                    or squeeze(row.description).startswith(squeeze(label))):
                ids.add(landmark_id)
    return ids


ATTACHMENT_FIGURES = [("iliopsoas", view) for view in VIEWS] + [
    ("sartorius", "anterior"), ("gluteus maximus", "posterior"), ("psoas minor", "lateral"),
    ("rectus femoris", "anterior"), ("piriformis", "posterior")]


@pytest.mark.parametrize(("muscles", "view"), ATTACHMENT_FIGURES)
def test_attachment_leaders_end_on_a_marker_they_name(atlas, muscles, view):
    ax = draw_attachments(atlas, muscles, view=view, missing="skip")
    muscle_ids = [m for m in resolve_muscles(atlas, muscles) if view in drawable_views(atlas, m)]
    positions = landmark_positions(atlas, view)
    markers = np.asarray(sorted(marker_points(ax, "origin") | marker_points(ax, "insertion")))
    checked = 0
    for gid, text, end in leader_ends(ax):
        if gid != "label-landmark":
            continue
        named = described_landmarks(atlas, muscle_ids, text)
        assert named, f"label {text!r} names no attachment of {muscles}"
        distance = min(np.hypot(end[0] - positions[lm].x, end[1] - positions[lm].y)
                       for lm in named)
        assert distance <= 0.3, f"{text!r}: leader ends {distance:.1f} from what it names"
        assert np.min(np.hypot(*(markers - end).T)) <= 0.3, f"{text!r}: no marker there"
        checked += 1
    assert checked >= 2


@pytest.mark.parametrize("view", ("anterior", "posterior"))
def test_frontal_attachment_labels_sit_on_the_muscles_side(atlas, view):
    ax = draw_attachments(atlas, "iliopsoas", view=view)
    side = right_side(view)
    for gid, text, end in leader_ends(ax):
        if gid in ("label-landmark", "label-muscle", "label-dispute"):
            assert end[0] * side >= -0.5, f"{text!r} points to the other side of the body"
            label = next(t for t in ax.texts if " ".join(t.get_text().split()) == text)
            assert (label.get_position()[0] - end[0]) * side > 0, text


@pytest.mark.parametrize(("muscles", "view"), ATTACHMENT_FIGURES)
def test_muscle_leaders_end_inside_the_muscle_away_from_markers(atlas, muscles, view):
    ax = draw_attachments(atlas, muscles, view=view, missing="skip")
    names = atlas.muscles.set_index("name")["muscle_id"]
    markers = np.asarray(sorted(marker_points(ax, "origin") | marker_points(ax, "insertion")))
    for gid, text, end in leader_ends(ax):
        if gid != "label-muscle":
            continue
        muscle_id = names[re.split(r" \((partly )?seen", text)[0].lower()]
        (band,) = [c for c in ax.collections if c.get_gid() == f"band-{muscle_id}"]
        assert any(path.contains_point(end) for path in band.get_paths()), text
        assert np.min(np.hypot(*(markers - end).T)) >= 1.0, f"{text!r} ends on a marker"


def test_every_muscle_draws_in_some_view_with_markers_on_its_landmarks(atlas):
    for muscle_id in atlas.muscles["muscle_id"]:
        views = drawable_views(atlas, muscle_id)
        assert views, f"{muscle_id} cannot be drawn in any view"
        view = choose_view(atlas, [muscle_id])
        ax = draw_attachments(atlas, muscle_id, view=view)
        positions = landmark_positions(atlas, view)
        rows = atlas.attachments[atlas.attachments["muscle_id"] == muscle_id]
        for end in ("origin", "insertion"):
            expected = {(round(positions[lm].x, 6), round(positions[lm].y, 6))
                        for ids in rows[rows["end"] == end]["landmark_ids"] for lm in ids}
            assert expected and expected <= marker_points(ax, end), (muscle_id, end)
        plt.close(ax.figure)


def test_origin_and_insertion_differ_in_shape_and_colour(atlas):
    ax = draw_attachments(atlas, "psoas major", view="anterior")
    origin = next(line for line in ax.lines if line.get_gid() == "origin")
    insertion = next(line for line in ax.lines if line.get_gid() == "insertion")
    assert origin.get_marker() != insertion.get_marker()
    assert origin.get_markerfacecolor() != insertion.get_markerfacecolor()
    assert ORIGIN["marker"] == "o" and INSERTION["marker"] == "^"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "origin (circle)" in legend and "insertion (triangle)" in legend


def test_landmarks_sit_on_the_drawn_bones(atlas):
    for view in VIEWS:
        paths = [outline_path(points, smooth=o.smooth, closed=True)
                 for o in bone_outlines(atlas, view) if o.kind != "detail"
                 for points in o.copies()]
        for landmark_id, pos in landmark_positions(atlas, view).items():
            assert any(path.contains_point(pos.xy) or near(path, pos.xy, 1.2)
                       for path in paths), (
                f"{landmark_id} in the {view} view at {pos.xy} is not on any bone")


def test_psoas_major_is_labelled_without_overlaps(atlas):
    ax = draw_attachments(atlas, "psoas_major", view="anterior")
    texts = label_texts(ax)
    assert "Psoas major" in texts
    assert "lesser trochanter" in texts
    assert any("transverse processes" in t for t in texts)
    assert {"sacrum", "femur"} & set(texts) or "hip bone" in texts
    assert_no_label_overlaps(ax)


@pytest.mark.parametrize("view", VIEWS)
def test_iliopsoas_with_synergists_and_antagonists_has_no_overlapping_labels(atlas, view):
    team = hip_flexion_team(atlas)
    assert {"psoas_major", "iliacus", "gluteus_maximus", "rectus_femoris"} <= set(team)
    ax = draw_attachments(atlas, team, view=view, missing="skip", step=2)
    texts = " ".join(label_texts(ax))
    for muscle_id in ("psoas_major", "iliacus", "gluteus_maximus", "sartorius"):
        name = atlas.muscles.set_index("muscle_id").loc[muscle_id, "name"]
        assert name.lower() in texts.lower(), (view, name)
    assert_no_label_overlaps(ax)


def test_labels_stay_inside_the_figure(atlas):
    ax = draw_attachments(atlas, hip_flexion_team(atlas), view="anterior", missing="skip")
    renderer = ax.figure.canvas.get_renderer()
    figure_box = ax.figure.bbox
    for text in ax.texts:
        box = text.get_window_extent(renderer)
        assert box.y1 <= figure_box.y1 + 1 and box.y0 >= -1, text.get_text()
        assert box.x0 >= -1 and box.x1 <= figure_box.x1 + 1, text.get_text()


def test_usual_insertion_is_solid_and_the_variation_dashed(atlas):
    """disputes.csv: teach psoas minor's bony insertion as usual (the first row of the
    dispute) and the spread into the iliopectineal arch as a variation."""
    ax = draw_attachments(atlas, "psoas minor", view="anterior")
    labels = " ".join(" ".join(t.split()) for t in label_texts(ax))
    assert "psoas minor insertion, a variation" in labels
    assert "pectineal line of the pubis" in labels
    assert marker_points(ax, "insertion")  # the usual insertion, solid
    assert marker_points(ax, "insertion-disputed") or marker_points(
        ax, "insertion-seen-through-disputed")
    text = alt_text(ax)
    assert "Insertion: pectineal line and iliopubic eminence" in text
    # On the same landmark as the usual insertion, so named, not promised as a dashed branch.
    assert "a variation: iliopubic eminence by way of the iliopectineal arch" in text


def test_seen_through_attachments_are_hollow(atlas):
    ax = draw_attachments(atlas, "psoas major", view="posterior")
    hollow = [line for line in ax.lines if "seen-through" in (line.get_gid() or "")]
    assert hollow and all(line.get_markerfacecolor() in ("white", (1, 1, 1, 1))
                          for line in hollow)
    assert any("seen through" in t for t in label_texts(ax))


def test_a_view_without_the_landmarks_raises_a_clear_error(atlas):
    with pytest.raises(ViewError, match=r"erector spinae.*anterior view.*posterior"):
        draw_attachments(atlas, "erector_spinae", view="anterior")
    with pytest.raises(ViewError, match="lateral"):
        attachment_marks(atlas, "diaphragm", "lateral")


def test_skipped_muscles_are_named_on_the_figure_and_in_alt_text(atlas):
    ax = draw_attachments(atlas, ["psoas_major", "erector_spinae"], view="anterior",
                          missing="skip")
    notes = [t.get_text() for t in ax.texts if t.get_gid() == "note-hidden"]
    assert notes and "erector spinae" in notes[0]
    assert "Not drawn in this view: erector spinae" in alt_text(ax)


def test_auto_view_picks_a_view_that_draws_the_muscle(atlas):
    assert choose_view(atlas, ["erector_spinae"]) == "posterior"
    assert choose_view(atlas, ["diaphragm"]) == "anterior"
    assert choose_view(atlas, ["psoas_major"]) == "anterior"


def test_groups_expand_to_their_muscles(atlas):
    ax = draw_attachments(atlas, "iliopsoas", view="anterior")
    texts = label_texts(ax)
    for name in ("Psoas major", "Psoas minor", "Iliacus"):
        assert name in texts


def test_step_mode_adds_insertion_then_pull_and_keeps_label_places(atlas):
    axes = list(attachment_steps(atlas, "iliacus", view="anterior"))
    assert len(axes) == 3
    assert marker_points(axes[0], "origin") and not marker_points(axes[0], "insertion")
    assert marker_points(axes[1], "insertion")
    pulls = [[p for p in ax.patches if (p.get_gid() or "").startswith("pull-")] for ax in axes]
    assert not pulls[0] and not pulls[1] and pulls[2]
    places = [{t.get_text(): t.get_position() for t in ax.texts} for ax in axes]
    for text, position in places[0].items():
        assert places[2][text] == position
    assert "insertion" not in alt_text(axes[0]) and "insertion" in alt_text(axes[1])


def test_alt_text_names_muscles_views_and_attachments(atlas):
    ax = draw_attachments(atlas, ["iliacus", "sartorius"], view="anterior")
    text = alt_text(ax)
    assert text.startswith("Anterior view")
    for word in ("Iliacus", "Sartorius", "iliac fossa", "lesser trochanter",
                 "anterior superior iliac spine", "circles", "triangles"):
        assert word in text


def test_drawing_twice_gives_the_same_svg(atlas):
    first = figure_svg(draw_attachments(atlas, "iliopsoas", view="lateral"))
    second = figure_svg(draw_attachments(atlas, "iliopsoas", view="lateral"))
    assert first == second
    assert b"<dc:date>" not in first


def test_drawing_changes_no_global_settings_and_only_its_own_axes(atlas):
    before = dict(matplotlib.rcParams)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 6))
    returned = draw_attachments(atlas, "gluteus medius", view="posterior", ax=left)
    assert returned is left
    assert not right.lines and not right.patches and not right.texts and not right.collections
    after = dict(matplotlib.rcParams)
    assert {k for k in before if before[k] != after[k]} <= {"backend"}
    assert len(fig.axes) == 2


def test_bad_options_are_explained(atlas):
    with pytest.raises(ValueError, match="step must be 1"):
        draw_attachments(atlas, "iliacus", step=4)
    with pytest.raises(ValueError, match="unknown view 'top'"):
        draw_attachments(atlas, "iliacus", view="top")
    with pytest.raises(KeyError, match="did you mean"):
        draw_attachments(atlas, "iliacuss")


@pytest.mark.parametrize("view", VIEWS)
def test_skeleton_names_its_bones(atlas, view):
    ax = draw_skeleton(atlas, view=view)
    on_bones = [t.get_text() for t in ax.texts if t.get_gid() == "bone-part-label"]
    texts = label_texts(ax) + on_bones
    assert {"femur", "sacrum", "hip bone"} <= set(texts)
    names = [t for t in texts if t in {"femur", "sacrum", "hip bone", "ilium", "pubis"}]
    assert len(names) == len(set(names)), f"a bone is named twice: {sorted(names)}"
    levels = [t.get_text() for t in ax.texts if t.get_gid() == "label-level"]
    assert {"L1", "L5"} <= set(levels)
    assert "skeleton" in alt_text(ax) and "femur" in alt_text(ax)
    assert_no_label_overlaps(ax)


def test_bone_shapes_are_drawn_as_one_collection(atlas):
    ax = draw_skeleton(atlas, view="anterior")
    bones = [c for c in ax.collections if c.get_gid() == "bones"]
    assert len(bones) == 1
    expected = sum(len(o.copies()) for o in bone_outlines(atlas, "anterior"))
    assert len(bones[0].get_paths()) == expected


def test_each_muscle_is_one_collection_with_a_pull_arrow_per_insertion(atlas):
    ax = draw_attachments(atlas, ["gluteus maximus", "adductor brevis"], view="posterior")
    for muscle_id in ("gluteus_maximus", "adductor_brevis"):
        bands = [c for c in ax.collections if c.get_gid() == f"band-{muscle_id}"]
        assert len(bands) == 1
        assert len(bands[0].get_paths()) == len(strand_shapes(atlas, muscle_id, "posterior"))
        insertions = {lm for ids in atlas.attachments.loc[
            (atlas.attachments["muscle_id"] == muscle_id)
            & (atlas.attachments["end"] == "insertion"), "landmark_ids"] for lm in ids}
        arrows = [p for p in ax.patches if p.get_gid() == f"pull-{muscle_id}"]
        assert len(arrows) == min(len(insertions), 3)
        positions = landmark_positions(atlas, "posterior")
        for arrow in arrows:
            tail = arrow._posA_posB[0]
            assert any(np.hypot(tail[0] - positions[lm].x, tail[1] - positions[lm].y) < 1e-6
                       for lm in insertions), "an arrow starts on an insertion"
    assert not any(isinstance(p, PathPatch) for p in ax.patches)


@pytest.mark.parametrize("view", ("lateral",))
def test_lateral_views_say_which_way_the_body_faces(atlas, view):
    for ax in (draw_attachments(atlas, "iliopsoas", view=view), draw_skeleton(atlas, view=view)):
        notes = {t.get_gid(): t for t in ax.texts if (t.get_gid() or "").startswith("note-")}
        assert "front" in notes["note-front"].get_text()
        assert notes["note-front"].get_position()[0] > notes["note-back"].get_position()[0]
        assert "front of the body is to the right" in alt_text(ax).replace(
            "front of the body to the right", "front of the body is to the right")
        assert_no_label_overlaps(ax)


def test_smooth_outline_passes_through_its_points():
    points = ((0.0, 0.0), (4.0, 0.0), (4.0, 3.0), (0.0, 3.0))
    path = outline_path(points, smooth=True, closed=True)
    vertices = [tuple(v) for v in path.vertices]
    for point in points:
        assert point in vertices
    assert not isinstance(path, PathPatch)


def test_stacked_labels_never_overlap_and_keep_order():
    rng = np.random.default_rng(7)
    for _ in range(200):
        n = int(rng.integers(1, 25))
        anchors = sorted(rng.uniform(0, 100, n), reverse=True)
        heights = list(rng.uniform(1, 6, n))
        ys = stack_column(anchors, heights, bottom=0, top=100, gap=0.5)
        for i in range(n - 1):
            assert ys[i] - ys[i + 1] >= (heights[i] + heights[i + 1]) / 2 + 0.5 - 1e-9
        if sum(heights) + 0.5 * n < 100:
            assert ys[-1] - heights[-1] / 2 >= -1e-9
            assert ys[0] + heights[0] / 2 <= 100 + 1e-9


def test_notebooks_get_the_figure_with_its_alt_text(atlas):
    from psoas_edu.figures.style import show_diagram

    ax = draw_attachments(atlas, "pectineus", view="anterior")
    shown = show_diagram(ax)
    bundle = shown._repr_mimebundle_()
    assert 'alt="Anterior view' in bundle["text/html"]
    assert "Pectineus" in bundle["text/plain"]


def test_alt_text_is_required():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="no alt text"):
        alt_text(ax)
