"""Line of pull at the hip: geometry agrees with the actions data, and the figure shows it."""

from __future__ import annotations

import numpy as np
import pytest

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.attachments import drawable_views
from psoas_edu.figures.line_of_pull import draw_line_of_pull, hip_centre, hip_roles, lines_of_action
from psoas_edu.figures.style import alt_text


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def x_at_hip_height(line, centre) -> float:
    """Where the stretch of the path that pulls across the hip (extended) is at the hip's
    height."""
    (x0, y0), (x1, y1) = line.acting_segment
    return x0 + (centre[1] - y0) * (x1 - x0) / (y1 - y0)


def hip_muscles(atlas):
    return [m for m in atlas.muscles["muscle_id"]
            if "lateral" in drawable_views(atlas, m) and hip_roles(atlas, m)]


def test_flexors_pass_in_front_of_the_hip_and_extensors_behind(atlas):
    centre = hip_centre(atlas)
    checked = {"flexion": 0, "extension": 0}
    for muscle_id in hip_muscles(atlas):
        roles = hip_roles(atlas, muscle_id)
        lines = [line for line in lines_of_action(atlas, muscle_id) if line.crosses_hip]
        assert lines, f"{muscle_id} has a hip action but its line does not cross the hip"
        if len({line.side for line in lines}) > 1 and len(roles) == 1:
            # Parts pulling both ways, one action taught (adductor magnus: the data hedge
            # its adductor part's flexion): the parts that take it lie on its side.
            lines = [line for line in lines if (line.side == "front") == (roles[0] == "flexion")]
            assert lines, f"{muscle_id}: no part on the side of its {roles[0]}"
        fronts = [x_at_hip_height(line, centre) > centre[0] for line in lines]
        if roles == ("flexion",):
            assert all(fronts), f"{muscle_id} flexes the hip but passes behind its centre"
        elif roles == ("extension",):
            assert not any(fronts), f"{muscle_id} extends the hip but passes in front"
        else:  # both: one part each way (e.g. adductor magnus)
            assert any(fronts) and not all(fronts), muscle_id
        for role in roles:
            checked[role] += 1
    assert checked["flexion"] >= 5 and checked["extension"] >= 3


def test_moment_arm_sign_matches_the_side(atlas):
    centre = hip_centre(atlas)
    for muscle_id in hip_muscles(atlas):
        for line in lines_of_action(atlas, muscle_id):
            if line.crosses_hip:
                in_front = x_at_hip_height(line, centre) > centre[0]
                assert (line.moment_arm > 0) == in_front == (line.side == "front")


def test_psoas_bends_over_the_pelvic_brim(atlas):
    positions = atlas.landmark_positions
    eminence = positions[(positions["landmark_id"] == "iliopubic_eminence")
                         & (positions["view"] == "lateral")].iloc[0]
    for line in lines_of_action(atlas, "psoas_major"):
        assert (eminence.x, eminence.y) in line.path


def test_muscles_that_do_not_cross_the_hip_are_marked(atlas):
    (line,) = lines_of_action(atlas, "psoas_minor")
    assert not line.crosses_hip and line.side == "none"


def signed_distance(start, end, centre) -> float:
    """Distance from ``centre`` to the drawn line; positive when the pull towards ``end``
    turns the thigh forwards (front of the body is +x)."""
    force = np.subtract(end, start)
    lever = np.subtract(start, centre)
    return float(lever[0] * force[1] - lever[1] * force[0]) / float(np.hypot(*force))


def drawn_lines(ax) -> dict[str, object]:
    return {line.get_gid(): line for line in ax.lines
            if (line.get_gid() or "").startswith("pull-")}


def assert_no_text_overlaps(ax) -> None:
    renderer = ax.figure.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts if t.get_text()]
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            overlap_w = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
            overlap_h = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
            assert overlap_w <= 0.5 or overlap_h <= 0.5, f"texts overlap: {a!r} and {b!r}"


def test_default_figure_shows_iliopsoas_its_main_synergists_and_antagonists(atlas):
    ax = draw_line_of_pull(atlas)
    shown = {m for gid in drawn_lines(ax) for m in gid[len("pull-"):].split("+")}
    assert {"psoas_major", "iliacus", "rectus_femoris", "sartorius", "tensor_fasciae_latae",
            "pectineus", "gluteus_maximus"} <= shown
    hamstrings = set(atlas.muscles.loc[atlas.muscles["group"] == "hamstrings", "muscle_id"])
    assert hamstrings and hamstrings <= shown
    everything = draw_line_of_pull(atlas, all_muscles=True)
    assert shown < {m for gid in drawn_lines(everything) for m in gid[5:].split("+")}
    assert len(drawn_lines(ax)) <= 8, "the teaching figure should stay uncluttered"
    assert_no_text_overlaps(ax)


def test_full_figure_draws_every_hip_flexor_and_extensor(atlas):
    ax = draw_line_of_pull(atlas, all_muscles=True)
    shown = {m for gid in drawn_lines(ax) for m in gid[5:].split("+")}
    assert set(hip_muscles(atlas)) == shown
    assert_no_text_overlaps(ax)
    with pytest.raises(ValueError, match="not both"):
        draw_line_of_pull(atlas, "iliacus", all_muscles=True)


@pytest.mark.parametrize("options", [{}, {"all_muscles": True}])
def test_each_drawn_line_is_straight_on_its_side_and_points_the_way_it_pulls(atlas, options):
    ax = draw_line_of_pull(atlas, **options)
    centre = hip_centre(atlas)
    arrows = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("arrow-")}
    lines = drawn_lines(ax)
    assert lines
    for gid, artist in lines.items():
        xy = artist.get_xydata()
        assert len(xy) == 2, "a line of action is one straight segment"
        start, end = xy
        distance = signed_distance(start, end, centre)
        for muscle_id in gid[5:].split("+"):
            members = [x for x in lines_of_action(atlas, muscle_id) if x.crosses_hip]
            assert members
            # Every muscle on a line passes the hip on the side the line does.
            assert any((x.moment_arm > 0) == (distance > 0) for x in members), gid
            # The arrow points from the insertion towards the origin.
            for member in members:
                (sx, sy), (ex, ey) = member.acting_segment
                tail, tip = arrows[f"arrow-{gid[5:]}"]._posA_posB
                if (member.moment_arm > 0) == (distance > 0):
                    assert np.dot(np.subtract(tip, tail), (sx - ex, sy - ey)) > 0, gid
        style = "-" if distance > 0 else "--"
        assert artist.get_linestyle() == style, gid
        # The line passes through the region of the hip.
        assert abs(distance) < 10


def test_moment_arms_are_perpendiculars_from_the_hip_centre_for_the_prime_movers(atlas):
    ax = draw_line_of_pull(atlas)
    centre = np.asarray(hip_centre(atlas))
    lines = drawn_lines(ax)
    arms = {line.get_gid()[len("moment-arm-"):]: line.get_xydata() for line in ax.lines
            if (line.get_gid() or "").startswith("moment-arm-")}
    actions = atlas.actions
    prime = actions[(actions["joint"] == "hip") & (actions["role"] == "prime mover")
                    & ~actions["disputed"]]
    for gid, line in lines.items():
        start, end = line.get_xydata()
        movement = "flexion" if signed_distance(start, end, centre) > 0 else "extension"
        movers = set(prime.loc[prime["movement"] == movement, "muscle_id"])
        key = gid[len("pull-"):]
        assert (key in arms) == bool(movers & set(key.split("+"))), gid
    assert len(arms) >= 2
    for key, (from_, foot) in arms.items():
        start, end = lines[f"pull-{key}"].get_xydata()
        assert np.allclose(from_, centre)
        assert np.dot(foot - from_, end - start) == pytest.approx(0, abs=1e-9)
        assert np.hypot(*(foot - from_)) == pytest.approx(
            abs(signed_distance(start, end, centre)))


def test_front_of_the_hip_is_tinted_as_flexing_and_the_back_as_extending(atlas):
    ax = draw_line_of_pull(atlas)
    cx, cy = hip_centre(atlas)
    zones = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("zone-")}
    front, back = zones["zone-flexes"], zones["zone-extends"]
    assert front.get_x() == pytest.approx(cx) and back.get_x() + back.get_width() == (
        pytest.approx(cx))
    for zone in (front, back):
        assert zone.get_y() < cy < zone.get_y() + zone.get_height()
    notes = {t.get_gid(): t.get_text() for t in ax.texts}
    assert "flexes" in notes["note-flexes"] and "extends" in notes["note-extends"]


def test_named_muscles_include_those_that_do_not_cross_the_hip(atlas):
    ax = draw_line_of_pull(atlas, ["iliopsoas", "gluteus maximus", "hamstrings"])
    lines = drawn_lines(ax)
    (minor,) = [line for gid, line in lines.items() if "psoas_minor" in gid]
    assert minor.get_linestyle() == ":"
    (segment,) = [x for x in lines_of_action(atlas, "psoas_minor")]
    assert np.allclose(sorted(map(tuple, minor.get_xydata())), sorted(segment.acting_segment))
    centre = hip_centre(atlas)
    hip = [line for line in ax.lines if line.get_gid() == "hip-centre"]
    assert hip and tuple(hip[0].get_xydata()[0]) == pytest.approx(centre)
    text = alt_text(ax)
    assert "in front of the hip centre" in text and "behind" in text
    assert "psoas major" in text and "gluteus maximus" in text
    assert "Not crossing the hip: psoas minor" in text


def test_every_line_has_its_own_marker_and_its_leader_ends_clear_of_the_others(atlas):
    """Lines of one colour are told apart by their markers, and each label's leader ends
    where its own line is nearer than any other."""
    ax = draw_line_of_pull(atlas, all_muscles=True,
                           title="Line of pull at the hip: every hip flexor and extensor")
    lines = [line for line in ax.lines if (line.get_gid() or "").startswith("pull-")]
    by_colour: dict = {}
    for line in lines:
        by_colour.setdefault(line.get_color(), []).append(line.get_marker())
    for markers in by_colour.values():
        assert len(set(markers)) == len(markers), markers
    (leaders,) = [c for c in ax.collections if c.get_gid() == "leaders"]
    ends = [tuple(seg[-1]) for seg in leaders.get_segments()]

    def distance(point, line):
        (x0, x1), (y0, y1) = line.get_xdata(), line.get_ydata()
        a, b, p = np.array([x0, y0]), np.array([x1, y1]), np.asarray(point)
        u = np.clip(np.dot(p - a, b - a) / np.dot(b - a, b - a), 0, 1)
        return float(np.hypot(*(a + u * (b - a) - p)))

    for line in lines:
        own = [e for e in ends if distance(e, line) < 0.05]
        assert own, line.get_gid()
        others = [distance(own[0], other) for other in lines if other is not line]
        assert min(others) > 0.05, line.get_gid()
