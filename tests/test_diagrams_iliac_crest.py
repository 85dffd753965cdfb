"""Seen from behind, erector spinae and quadratus lumborum arise from the back of the iliac
crest, towards the posterior superior iliac spine (Gray 1918): their crest marker sits on
the posterior part of the crest, not at its highest, lateral point."""

from __future__ import annotations

import numpy as np
import pytest

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.attachments import attachment_marks
from psoas_edu.figures.skeleton import bone_outlines


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


@pytest.mark.parametrize("muscle", ["erector_spinae", "iliocostalis"])
def test_the_crest_origin_is_on_the_posterior_part_of_the_crest(atlas, muscle):
    (hip,) = [o for o in bone_outlines(atlas, "posterior") if o.outline_id == "hip_bone"]
    points = np.array(hip.points)
    top = points[np.argmax(points[:, 1])]
    medial_end = points[np.argmin(points[:, 0])]  # where the crest meets the sacrum
    (crest,) = [m for m in attachment_marks(atlas, muscle, "posterior")
                if m.landmark_id == "iliac_crest"]
    assert medial_end[0] < crest.x < top[0] - 2.0, "marked at the top of the crest"
    closed = np.vstack([points, points[:1]])
    dense = np.vstack([a + t * (b - a) for a, b in zip(closed, closed[1:], strict=False)
                       for t in np.linspace(0, 1, 20)])
    edge = np.hypot(*(dense - np.array(crest.xy)).T).min()
    assert edge < 0.8, "the marker is off the crest"
