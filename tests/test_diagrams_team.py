"""Small multiples of a group (draw_team): drawn into the caller's Axes only, one panel
per muscle with that muscle highlighted, titles that fit their panels, and side and
orientation stated."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import pytest

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.gallery import hip_flexion_team
from psoas_edu.figures.skeleton import VIEWS
from psoas_edu.figures.style import alt_text
from psoas_edu.figures.team import HIGHLIGHT, draw_team


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def panel_titles(ax):
    return [t for t in ax.texts if t.get_gid() == "panel-title"]


def test_draws_into_the_given_axes_and_creates_no_figure(atlas):
    fig, ax = plt.subplots(figsize=(8, 8))
    before = plt.get_fignums()
    returned = draw_team(atlas, ["psoas major", "iliacus", "sartorius"], ax=ax)
    assert returned is ax
    assert plt.get_fignums() == before
    assert fig.axes == [ax]
    assert len(panel_titles(ax)) == 3


def test_without_axes_makes_one_figure_with_one_axes(atlas):
    before = set(plt.get_fignums())
    ax = draw_team(atlas, hip_flexion_team(atlas), view="lateral")
    assert set(plt.get_fignums()) - before == {ax.figure.number}
    assert ax.figure.axes == [ax]


@pytest.mark.parametrize("view", VIEWS)
def test_one_panel_per_muscle_each_highlighting_its_own(atlas, view):
    team = hip_flexion_team(atlas)
    ax = draw_team(atlas, team, view=view)
    names = [t.get_text().replace("\n", " ") for t in panel_titles(ax)]
    assert len(names) == len(team)
    highlighted = [c for c in ax.collections if (c.get_gid() or "").startswith("band-")]
    whole = [c.get_gid() for c in highlighted if not c.get_gid().endswith("-behind")]
    assert sorted(whole) == sorted(f"band-{m}" for m in team)
    for band in highlighted:
        edge = band.get_edgecolor()[0]
        assert tuple(round(v, 3) for v in edge[:3]) == tuple(
            round(int(HIGHLIGHT[i:i + 2], 16) / 255, 3) for i in (1, 3, 5))
    context = [c for c in ax.collections if (c.get_gid() or "").startswith("context-")]
    assert len(context) == len(team)
    text = alt_text(ax)
    assert "right side" in text and "psoas major" in text.lower()


@pytest.mark.parametrize("view", VIEWS)
def test_panel_titles_fit_their_panels_and_never_overlap(atlas, view):
    ax = draw_team(atlas, hip_flexion_team(atlas), view=view)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts if t.get_text()]
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        overlap_w = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        overlap_h = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        assert overlap_w <= 0.5 or overlap_h <= 0.5, f"{a!r} overlaps {b!r}"
    figure = ax.figure.bbox
    for text, box in boxes:
        assert box.x0 >= -1 and box.x1 <= figure.x1 + 1 and box.y0 >= -1 \
            and box.y1 <= figure.y1 + 1, f"{text!r} leaves the figure"


@pytest.mark.parametrize("view", VIEWS)
def test_says_which_side_is_drawn_and_how_it_faces(atlas, view):
    ax = draw_team(atlas, ["psoas major", "gluteus maximus"], view=view)
    (note,) = [t.get_text() for t in ax.texts if t.get_gid() == "note-orientation"]
    assert note.startswith("Right side")
    assert ("front of the body" in note) if view == "lateral" else ("body's right" in note)


def test_a_muscle_behind_the_bone_says_so_in_its_panel(atlas):
    """Named in italics and drawn dotted, as the note under the panels explains."""
    ax = draw_team(atlas, ["iliacus", "tensor_fasciae_latae"], view="lateral")
    styles = {t.get_text().replace("\n", " "): t.get_style() for t in panel_titles(ax)}
    assert styles == {"Iliacus": "italic", "Tensor fasciae latae": "normal"}
    bands = {c.get_gid(): c for c in ax.collections}
    assert bands["band-iliacus"].get_linestyle()[0][1], "iliacus should be dotted"
    assert not bands["band-tensor_fasciae_latae"].get_linestyle()[0][1]
    (note,) = [t.get_text() for t in ax.texts if t.get_gid() == "note"]
    assert "behind the bone" in note and "italics" in note


def test_gallery_shows_synergists_and_antagonists_as_separate_small_figures(atlas):
    from psoas_edu.figures.gallery import diagram_gallery, hip_flexion_partners

    gallery = diagram_gallery(atlas)
    for role in ("synergists", "antagonists"):
        muscles = hip_flexion_partners(atlas, role)
        assert 0 < len(muscles) <= 8
        ax = gallery[f"hip_flexion_{role}_lateral"]()
        assert len(panel_titles(ax)) == len(muscles)
        plt.close(ax.figure)
    assert set(hip_flexion_partners(atlas, "synergists")) | set(
        hip_flexion_partners(atlas, "antagonists")) <= set(hip_flexion_team(atlas))


def _insertion_points(ax) -> set[tuple[float, float]]:
    return {(round(float(x), 2), round(float(y), 2)) for line in ax.lines
            if str(line.get_gid()).startswith("insertion") for x, y in line.get_xydata()}


@pytest.mark.parametrize("view", ["anterior", "posterior"])
def test_a_muscle_split_at_the_hip_shows_only_the_part_that_takes_the_role(atlas, view):
    """Adductor magnus: its hamstring part (to the adductor tubercle) among the
    antagonists, as the line-of-pull diagram splits it; its adductor part, whose hip
    flexion the data hedge as weak, is not drawn among the synergists."""
    from psoas_edu.figures.gallery import diagram_gallery
    from psoas_edu.figures.line_of_pull import lines_of_action
    from psoas_edu.figures.skeleton import landmark_positions

    sides = {line.part: line.side for line in lines_of_action(atlas, "adductor_magnus")}
    assert sides == {"adductor_part": "front", "hamstring_part": "behind"}
    tubercle = landmark_positions(atlas, view)["adductor_tubercle"].xy
    tubercle = (round(tubercle[0], 2), round(tubercle[1], 2))
    synergists = diagram_gallery(atlas)[f"hip_flexion_synergists_{view}"]()
    assert not [t for t in panel_titles(synergists) if "Adductor magnus" in t.get_text()]
    for role, part, has_tubercle in (("antagonists", "hamstring part", True),):
        ax = diagram_gallery(atlas)[f"hip_flexion_{role}_{view}"]()
        titles = [t.get_text().replace("\n", " ") for t in panel_titles(ax)]
        assert f"Adductor magnus ({part})" in titles, titles
        assert (tubercle in _insertion_points(ax)) is has_tubercle
        assert f"adductor magnus ({part} only)" in alt_text(ax).lower()


@pytest.mark.parametrize("view", VIEWS)
def test_panel_names_are_italic_exactly_when_the_muscle_is_drawn_behind_the_bone(atlas, view):
    """The note under the panels promises italics for muscles behind the bone: a panel
    whose highlighted muscle has any dotted (seen-through) band says so in its title."""
    from psoas_edu.figures.gallery import diagram_gallery

    for role in ("synergists", "antagonists"):
        ax = diagram_gallery(atlas)[f"hip_flexion_{role}_{view}"]()
        titles = panel_titles(ax)
        # The highlighted bands of panel i come after its title's predecessors: group
        # them by the panel each collection is clipped to.
        panels = []
        for collection in ax.collections:
            gid = str(collection.get_gid())
            if gid.startswith(("band-", "tendon-")):
                box = collection.get_clip_box()
                panels.append((round(box.x0), gid.endswith("-behind")
                               or any(ls[1] for ls in collection.get_linestyles())))
        lefts = sorted({left for left, _ in panels})
        assert len(lefts) == len(titles)
        for left, title in zip(lefts, sorted(titles, key=lambda t: t.get_position()[0]),
                               strict=True):
            behind = any(seen for x, seen in panels if x == left)
            assert (title.get_style() == "italic") is behind, title.get_text()


def test_team_alt_text_says_where_each_muscle_runs_and_which_are_behind_the_bone(atlas):
    from psoas_edu.figures.gallery import diagram_gallery

    text = alt_text(diagram_gallery(atlas)["hip_flexion_antagonists_anterior"]())
    assert "Semimembranosus, from upper and outer impression on the ischial tuberosity" in text
    assert "drawn behind the bone" in text
    text = alt_text(diagram_gallery(atlas)["hip_flexion_synergists_anterior"]())
    assert "Sartorius, from anterior superior iliac spine" in text
    assert "partly behind the bone" in text
