"""The muscle model drawn: bellies between their attachments, muscles behind the bones
seen through, tendons and tracts drawn as such, labels inside the figure, quiz figures
that never print their answers."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.path import Path
from shapely import Point, Polygon, unary_union

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.attachments import draw_attachments, drawable_views
from psoas_edu.figures.gallery import diagram_gallery
from psoas_edu.figures.muscle_model import TENDON_WIDTH, TRACT_WIDTH, strand_shapes, strands
from psoas_edu.figures.skeleton import VIEWS, bone_outlines, landmark_positions
from psoas_edu.figures.style import alt_text


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def drawable(atlas):
    return [(m, v) for m in atlas.muscles["muscle_id"] for v in drawable_views(atlas, m)]


def test_every_belly_lies_between_its_own_attachments(atlas):
    """The belly stays within the box of the strand's attachments and the landmarks it
    bends around (plus its half width): no belly reaching past its insertion."""
    checked = 0
    for muscle_id, view in drawable(atlas):
        placed = landmark_positions(atlas, view)
        by_part = {s.part: s for s in strands(atlas, muscle_id)}
        for shape in strand_shapes(atlas, muscle_id, view):
            if shape.disputed:
                continue
            strand = by_part[shape.part]
            ids = strand.from_ids + strand.via_ids + strand.to_ids
            pts = np.asarray([placed[lm].xy for lm in ids if lm in placed])
            # A belly drawn beside its attachments (spinalis) may be that much further.
            slack = strand.belly_width / 2 + 0.6 + strand.offset_in(view)
            low, high = pts.min(axis=0) - slack, pts.max(axis=0) + slack
            assert np.all(shape.belly >= low) and np.all(shape.belly <= high), (
                f"{muscle_id} ({shape.part}) in the {view} view: belly outside its attachments")
            checked += 1
    assert checked >= 40


def test_a_belly_that_ends_in_a_tendon_stops_short_of_the_insertion(atlas):
    """Gluteus maximus and tensor fasciae latae stop at the hip and upper thigh; the
    iliotibial tract, not the belly, reaches the tibia."""
    for muscle_id, view in (("gluteus_maximus", "posterior"),
                            ("tensor_fasciae_latae", "anterior"),
                            ("tensor_fasciae_latae", "lateral")):
        placed = landmark_positions(atlas, view)
        tibia = placed["gerdys_tubercle"].y  # where the tract is fixed to the tibia
        tracts = [shape for shape in strand_shapes(atlas, muscle_id, view)
                  if "gerdys_tubercle" in shape.to_ids]
        assert tracts, f"{muscle_id}: no strand reaches the iliotibial tract"
        for shape in tracts:
            assert shape.belly[:, 1].min() > tibia + 20, f"{muscle_id} belly reaches the tibia"
            kinds = [kind for _, kind, _ in shape.tendons]
            assert kinds == ["tract"]


@pytest.mark.parametrize(("muscle", "view"), [("gluteus maximus", "posterior"),
                                             ("tensor fasciae latae", "anterior"),
                                             ("tensor fasciae latae", "lateral")])
def test_the_drawn_belly_stops_at_the_hip_not_the_tibia(atlas, muscle, view):
    """The artists, not only the model: the filled belly of a muscle inserting through
    the iliotibial tract ends well above the knee."""
    ax = draw_attachments(atlas, muscle, view=view)
    muscle_id = muscle.replace(" ", "_")
    (band,) = [c for c in ax.collections if c.get_gid() == f"band-{muscle_id}"]
    lowest = min(path.vertices[:, 1].min() for path in band.get_paths())
    tibia = landmark_positions(atlas, view)["gerdys_tubercle"].y
    assert lowest > tibia + 20, f"the drawn belly of {muscle} reaches the tibia"


def test_tendons_and_tracts_are_drawn_as_such(atlas):
    ax = draw_attachments(atlas, ["gluteus maximus", "semitendinosus"], view="posterior")
    gids = {c.get_gid() for c in ax.collections}
    assert {"tract-gluteus_maximus", "tendon-semitendinosus"} <= gids
    (tract,) = [c for c in ax.collections if c.get_gid() == "tract-gluteus_maximus"]
    assert tract.get_hatch() == "||"
    (tendon,) = [c for c in ax.collections if c.get_gid() == "tendon-semitendinosus"]
    for path in tendon.get_paths():  # narrow: about the tendon width across
        xs = path.vertices[:, 0]
        assert xs.max() - xs.min() < 4 * TENDON_WIDTH + 2.0
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "iliotibial tract" in legend and "tendon (narrow)" in legend


def test_a_muscle_behind_the_bone_is_drawn_seen_through(atlas):
    for muscle_id, view in (("iliacus", "lateral"), ("psoas_major", "posterior"),
                            ("adductor_longus", "lateral")):
        ax = draw_attachments(atlas, muscle_id, view=view)
        (band,) = [c for c in ax.collections if c.get_gid() == f"band-{muscle_id}"]
        assert all(dashes for _, dashes in band.get_linestyle()), f"{muscle_id} {view}"
        assert max(band.get_facecolor()[:, 3]) < 0.2
        texts = " ".join(t.get_text() for t in ax.texts)
        assert "seen through" in texts
    ax = draw_attachments(atlas, "piriformis", view="posterior")
    (band,) = [c for c in ax.collections if c.get_gid() == "band-piriformis"]
    assert not any(dashes for _, dashes in band.get_linestyle())


def _band(ax, gid):
    found = [c for c in ax.collections if c.get_gid() == gid]
    assert len(found) == 1, f"{gid}: {[c.get_gid() for c in ax.collections]}"
    return found[0]


def test_psoas_is_seen_through_below_the_iliac_crest_from_the_side(atlas):
    crest_y = landmark_positions(atlas, "lateral")["iliac_crest"].y
    ax = draw_attachments(atlas, "psoas major", view="lateral")
    front, behind = _band(ax, "band-psoas_major"), _band(ax, "band-psoas_major-behind")
    assert not any(dashes for _, dashes in front.get_linestyle())
    assert all(dashes for _, dashes in behind.get_linestyle())
    # In front of the spine above the crest, medial to the iliac wing below it.
    assert min(p.vertices[:, 1].min() for p in front.get_paths()) > crest_y - 1.5
    assert max(p.vertices[:, 1].max() for p in behind.get_paths()) < crest_y + 1.5
    assert "psoas major" in alt_text(ax) and "Seen through the bones" in alt_text(ax)
    assert "partly seen through bone" in " ".join(" ".join(t.get_text().split())
                                                  for t in ax.texts)


def test_piriformis_origin_faces_the_viewer_in_the_anterior_view(atlas):
    ax = draw_attachments(atlas, "piriformis", view="anterior")
    solid = [line for line in ax.lines if (line.get_gid() or "") == "origin"]
    hollow = [line for line in ax.lines if (line.get_gid() or "").startswith(
        "insertion-seen-through")]
    assert solid and hollow
    assert not any(d for _, d in _band(ax, "band-piriformis").get_linestyle())
    assert all(d for _, d in _band(ax, "band-piriformis-behind").get_linestyle())


def test_every_stretch_behind_the_bone_is_drawn_dotted_and_nothing_else(atlas):
    """From the data: each belly part drawn dotted lies along a stretch the path data
    puts behind the bones, and each solid part along a stretch in front."""
    for muscle_id in atlas.muscle_paths["muscle_id"].unique():
        for view in ("anterior", "posterior", "lateral"):
            for shape in strand_shapes(atlas, muscle_id, view):
                if shape.disputed or not shape.partly_seen_through:
                    continue
                t = np.linspace(0, 1, len(shape.centre))
                for outline, seen in shape.bellies:
                    centre = Polygon(outline).representative_point()
                    nearest = int(np.argmin(np.hypot(*(shape.centre - [centre.x, centre.y]).T)))
                    assert shape.behind_at(t[nearest]) == seen, (muscle_id, view)


def test_semitendinosus_tendon_is_superficial_from_behind(atlas):
    ax = draw_attachments(atlas, "semitendinosus", view="posterior")
    tendon = _band(ax, "tendon-semitendinosus")
    assert not any(dashes for _, dashes in tendon.get_linestyle())


def test_gluteus_minimus_insertion_is_seen_through_from_behind(atlas):
    ax = draw_attachments(atlas, "gluteus minimus", view="posterior")
    hollow = [line for line in ax.lines if (line.get_gid() or "").startswith(
        "insertion-seen-through")]
    assert hollow
    (tendon,) = [c for c in ax.collections if c.get_gid() == "tendon-gluteus_minimus"]
    assert all(dashes for _, dashes in tendon.get_linestyle())


def test_psoas_minor_is_much_smaller_than_psoas_major(atlas):
    def area(outline):
        return abs(Path(outline).to_polygons()[0] is not None and 0.5 * np.sum(
            outline[:, 0] * np.roll(outline[:, 1], -1) - np.roll(outline[:, 0], -1)
            * outline[:, 1]))
    major = sum(area(s.belly) for s in strand_shapes(atlas, "psoas_major", "anterior"))
    minor = sum(area(s.belly) for s in strand_shapes(atlas, "psoas_minor", "anterior")
                if not s.disputed)
    assert minor < major / 4


def test_adductor_longus_is_medial_to_rectus_femoris_and_gracilis_has_its_own_line(atlas):
    placed = landmark_positions(atlas, "anterior")
    (adductor,) = strand_shapes(atlas, "adductor_longus", "anterior")
    (rectus,) = strand_shapes(atlas, "rectus_femoris", "anterior")
    side = -1  # the right side is at negative x in the anterior view
    assert np.mean(adductor.centre[:, 0]) * side < np.mean(rectus.centre[:, 0]) * side
    from psoas_edu.figures.line_of_pull import drawn_pulls
    pulls = drawn_pulls(atlas, ("rectus_femoris", "gracilis"))
    assert not any({"rectus_femoris", "gracilis"} <= set(p.muscle_ids) for p in pulls)
    assert placed["pubic_body"].x * side < placed["aiis"].x * side


@pytest.mark.parametrize("name", sorted(diagram_gallery(load_atlas())))
def test_every_gallery_label_stays_inside_the_figure(name):
    ax = diagram_gallery(load_atlas())[name]()
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    texts = [t for a in fig.axes for t in a.texts] + [t for a in fig.axes if a.get_legend()
                                                      for t in a.get_legend().get_texts()]
    for text in texts:
        if not text.get_text().strip():
            continue
        box = text.get_window_extent(renderer)
        assert box.x0 >= -1 and box.y0 >= -1 and box.x1 <= width + 1 and box.y1 <= height + 1, (
            f"{name}: {text.get_text()!r} leaves the figure")


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_says_which_side_and_orientation(atlas, view):
    ax = draw_attachments(atlas, "iliopsoas", view=view, missing="skip")
    title = ax.get_title()
    assert "right side" in title
    notes = " ".join(t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("note-"))
    assert ("front of body" in notes) if view == "lateral" else ("body's right" in notes)


def test_hip_bone_parts_are_named(atlas):
    for view in VIEWS:
        ax = draw_attachments(atlas, "iliopsoas", view=view, missing="skip")
        names = {t.get_text() for t in ax.texts if t.get_gid() == "bone-part-label"}
        assert {"ilium", "pubis", "ischium"} <= names, view


def test_no_text_in_a_quiz_figure_is_its_answer(atlas):
    from psoas_edu.quiz.figures import draw_question_figure
    from psoas_edu.quiz.generate import generate_questions

    def norm(text):
        return " ".join(text.lower().split())

    questions = [q for q in generate_questions(atlas) if q.figure is not None]
    assert questions
    bones = dict(zip(atlas.landmarks["landmark_id"], atlas.landmarks["bone"], strict=True))
    for question in questions:
        ax = draw_question_figure(question, atlas=atlas)
        plt.close(ax.figure)
        answers = {norm(o.text) for o in question.options}
        texts = {norm(t.get_text()) for t in ax.texts}
        assert not texts & answers, question.id
        levels = {bones[m.landmark_id].split("_")[0].upper() for m in question.figure.markers
                  if bones[m.landmark_id].endswith("_vertebra")}
        assert not {t.upper() for t in texts} & levels, (
            f"{question.id}: the figure prints the vertebral level that is its answer")


def test_auto_view_shows_a_muscle_where_it_is_in_front_of_the_bones(atlas):
    from psoas_edu.figures.attachments import choose_view
    from psoas_edu.figures.muscle_model import seen_through_in

    for muscle_id in atlas.muscles["muscle_id"]:
        views = drawable_views(atlas, muscle_id)
        if not views:
            continue
        visible = [v for v in views if not seen_through_in(atlas, muscle_id, v)]
        chosen = choose_view(atlas, [muscle_id])
        if visible:
            assert chosen in visible, (muscle_id, chosen, visible)


def test_alt_text_gives_each_attachment_in_the_words_of_the_data(atlas):
    rows = atlas.attachments
    for muscle_id in ("adductor_magnus", "gluteus_maximus", "tensor_fasciae_latae"):
        ax = draw_attachments(atlas, muscle_id, view="auto")
        text = alt_text(ax).lower()
        for description in rows.loc[rows["muscle_id"] == muscle_id, "description"]:
            assert description.lower().rstrip(".") in text, (muscle_id, description)
    assert "gluteal tuberosity" not in alt_text(
        draw_attachments(atlas, "adductor_magnus", view="auto")).lower().split(
        "insertion:")[1].split(";")[0]


def test_shared_insertion_is_pulled_towards_all_its_strands(atlas):
    """The diaphragm's parts converge on the central tendon: it is pulled down."""
    ax = draw_attachments(atlas, "diaphragm", view="anterior")
    arrows = [p for p in ax.patches if p.get_gid() == "pull-diaphragm"]
    assert arrows
    for arrow in arrows:
        (x0, y0), (x1, y1) = arrow._posA_posB
        assert y1 < y0 and abs(y1 - y0) > abs(x1 - x0) * 0.5


@pytest.mark.parametrize("muscle_id", ["iliacus", "psoas_major", "piriformis",
                                       "gluteus_medius", "gluteus_minimus"])
def test_femur_is_named_where_muscles_insert_on_its_trochanters(atlas, muscle_id):
    ax = draw_attachments(atlas, muscle_id, view="auto")
    assert "femur" in {t.get_text() for t in ax.texts}


@pytest.mark.parametrize("view", ["anterior", "posterior"])
def test_bone_leaders_end_on_the_drawn_right_side(atlas, view):
    """The views draw the right side: bones are named there, not on the mirror image."""
    from psoas_edu.figures.skeleton import draw_skeleton, right_side

    for ax in (draw_skeleton(atlas, view=view),
               draw_attachments(atlas, "iliopsoas", view=view, missing="skip")):
        (ends,) = [line for line in ax.lines if line.get_gid() == "leader-ends"]
        bones = [t.get_position() for t in ax.texts if t.get_gid() == "label-bone"]
        assert bones
        anchors = ends.get_xydata()
        # Every bone label's leader ends on the drawn side (or on the midline).
        for x, y in bones:
            (segment,) = [seg for seg in ax.findobj(lambda a: a.get_gid() == "leaders")[0]
                          .get_segments() if tuple(seg[0]) == (x, y)]
            assert segment[-1][0] * right_side(view) >= -0.5, (view, segment)
        assert len(anchors)


def _polygons(collection):
    return [Polygon(path.vertices).buffer(0) for path in collection.get_paths()
            if len(path.vertices) >= 3]


def test_spinalis_runs_beside_the_spinous_processes_not_on_them(atlas):
    """Spinalis thoracis lies immediately lateral to the spinous processes it joins: its
    drawn belly covers none of them, and keeps close beside them on the drawn side."""
    ax = draw_attachments(atlas, "spinalis", view="posterior")
    belly = _polygons(_band(ax, "band-spinalis"))
    processes = [Polygon(o.points) for o in bone_outlines(atlas, "posterior")
                 if o.outline_id.endswith("_spinous_process")]
    assert processes
    spanned = [p for p in processes
               if any(b.bounds[1] <= p.centroid.y <= b.bounds[3] for b in belly)]
    assert len(spanned) >= 3, "the belly spans fewer than three spinous processes"
    for process in spanned:
        covered = sum(b.intersection(process).area for b in belly) / process.area
        assert covered < 0.05, f"the belly covers {covered:.0%} of a spinous process"
    xs = np.concatenate([np.asarray(b.exterior.coords)[:, 0] for b in belly])
    assert xs.min() >= 0.3 and xs.max() <= 2.5, "the belly is not immediately beside them"


@pytest.mark.parametrize(("muscle", "view"), [("gluteus maximus", "posterior"),
                                             ("tensor fasciae latae", "lateral"),
                                             ("tensor fasciae latae", "anterior")])
def test_the_iliotibial_tract_leaves_the_belly_without_a_loop(atlas, muscle, view):
    """Belly and tract join without a pinch (the belly narrowing to a tendon's width and
    widening again into the tract), and the tract has no rounded end drawn inside the
    belly or any part wider than a tract near the greater trochanter."""
    muscle_id = muscle.replace(" ", "_")
    ax = draw_attachments(atlas, muscle, view=view)
    belly = _polygons(_band(ax, f"band-{muscle_id}"))
    tract = _polygons(_band(ax, f"tract-{muscle_id}"))
    for piece in tract:
        assert piece.buffer(-(TRACT_WIDTH / 2 + 0.15)).is_empty, (
            f"{muscle} ({view}): a bulge of the tract wider than the tract")
        inside = [p for p in np.asarray(piece.exterior.coords)
                  if any(b.buffer(-0.1).contains(Point(p)) for b in belly)]
        assert not inside, f"{muscle} ({view}): the tract's outline runs inside the belly"
    joined = unary_union(belly + tract).buffer(0.01)
    core = joined.buffer(-0.4 * TRACT_WIDTH)
    pieces = getattr(core, "geoms", [core])
    assert len([p for p in pieces if p.area > 0.05]) == 1, (
        f"{muscle} ({view}): the belly pinches where the tract begins")
