"""Line of pull at the hip: geometry agrees with the actions data, and the figure shows it."""

from __future__ import annotations

import numpy as np
import pytest

from psoas_edu.atlas import load_atlas
from psoas_edu.diagrams import drawable_views
from psoas_edu.figure_style import alt_text
from psoas_edu.gallery import hip_flexion_team
from psoas_edu.line_of_pull import draw_line_of_pull, hip_centre, hip_roles, lines_of_action


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def x_at_hip_height(line, centre) -> float:
    """Where the last straight stretch of the path (extended) is at the hip's height."""
    (x0, y0), (x1, y1) = line.path[-2], line.path[-1]
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


def test_figure_draws_each_line_in_its_style_with_the_hip_centre(atlas):
    team = hip_flexion_team(atlas)
    ax = draw_line_of_pull(atlas, team)
    centre = hip_centre(atlas)
    hip = [line for line in ax.lines if line.get_gid() == "hip-centre"]
    assert hip and tuple(hip[0].get_xydata()[0]) == pytest.approx(centre)
    drawn = {line.get_gid(): line for line in ax.lines
             if (line.get_gid() or "").startswith("pull-")}
    for muscle_id in team:
        for line in lines_of_action(atlas, muscle_id):
            artist = drawn[f"pull-{muscle_id}-{line.part}"]
            assert np.allclose(artist.get_xydata(), np.asarray(line.path))
            if line.side == "front":
                assert artist.get_linestyle() == "-"
            elif line.side == "behind":
                assert artist.get_linestyle() == "--"
    text = alt_text(ax)
    assert "in front of the hip centre" in text and "behind" in text
    assert "psoas major" in text and "gluteus maximus" in text
