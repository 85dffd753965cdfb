"""Sartorius seen from the front: it crosses the thigh obliquely to its medial side, then
descends behind the medial femoral condyle to the pes anserinus (Gray 1918), rather than
a straight line past the patella."""

from __future__ import annotations

import numpy as np
import pytest

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.muscle_model import strand_shapes
from psoas_edu.figures.skeleton import landmark_positions


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


@pytest.fixture(scope="module")
def sartorius(atlas):
    (shape,) = [s for s in strand_shapes(atlas, "sartorius", "anterior") if not s.disputed]
    return shape


def x_at(centre: np.ndarray, y: float) -> float:
    order = np.argsort(centre[:, 1])
    return float(np.interp(y, centre[order, 1], centre[order, 0]))


def test_it_passes_behind_the_medial_femoral_condyle(atlas, sartorius):
    fractions = np.linspace(0, 1, len(sartorius.centre))
    at_condyle = [f for f, (_, y) in zip(fractions, sartorius.centre, strict=True)
                  if 22 <= y <= 30]
    assert at_condyle and any(sartorius.behind_at(f) for f in at_condyle), (
        "the stretch at the medial condyle is drawn in front of the bone")
    assert not sartorius.behind_at(1.0), "the pes anserinus is on the front of the tibia"
    tubercle = landmark_positions(atlas, "anterior")["adductor_tubercle"]
    assert abs(x_at(sartorius.centre, tubercle.y) - tubercle.x) < 0.8, (
        "not at the medial side of the condyle")
    patella = landmark_positions(atlas, "anterior")["patella_base"]
    assert abs(x_at(sartorius.centre, patella.y) - patella.x) > 3.0, "it runs over the patella"
