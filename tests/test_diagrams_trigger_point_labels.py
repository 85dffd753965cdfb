"""The numbered trigger-point labels of the iliopsoas map have room between them and
their leaders do not cross, so each number can be followed to its own dot."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from diagram_support import segments_cross
from matplotlib.backends.backend_agg import FigureCanvasAgg

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.body_map import draw_referral_map


@pytest.fixture(scope="module")
def ax():
    return draw_referral_map(load_atlas(), "iliopsoas", trigger_points=True)


def test_no_two_leaders_cross(ax):
    (leaders,) = [c for c in ax.collections if c.get_gid() == "leaders"]
    segments = [seg[:2] for seg in leaders.get_segments()]
    for a, b in itertools.combinations(segments, 2):
        assert not segments_cross(a, b), f"leaders from {tuple(a[0])} and {tuple(b[0])} cross"


def test_the_front_labels_have_room_between_them(ax):
    canvas = FigureCanvasAgg(ax.figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    labels = [t for t in ax.texts if (t.get_gid() or "").startswith("label-")
              and t.get_position()[0] < 0 and t.get_gid() != "label-view"
              and not t.get_gid().startswith("label-side")]
    assert len(labels) >= 4
    boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: -b.y1)
    points_per_pixel = 72.0 / ax.figure.dpi
    gaps = [(upper.y0 - lower.y1) * points_per_pixel for upper, lower in itertools.pairwise(boxes)]
    assert min(gaps) >= 6.0, f"labels only {min(gaps):.1f} pt apart"


def _distance(a: np.ndarray, b: np.ndarray) -> float:
    """Least distance from the inner 90% of segment ``a`` (away from its label) to ``b``."""
    points = a[0] + np.linspace(0.1, 1.0, 60)[:, None] * (a[1] - a[0])
    d = b[1] - b[0]
    t = np.clip(((points - b[0]) @ d) / (d @ d), 0.0, 1.0)
    return float(np.min(np.hypot(*(points - (b[0] + t[:, None] * d)).T)))


def test_leaders_keep_clear_of_each_other(ax):
    """Two leaders that run within a dot's width of each other read as one."""
    (leaders,) = [c for c in ax.collections if c.get_gid() == "leaders"]
    segments = [np.asarray(seg[:2]) for seg in leaders.get_segments()]
    for a, b in itertools.combinations(segments, 2):
        gap = min(_distance(a, b), _distance(b, a))
        assert gap > 3.5, f"leaders from {tuple(a[0])} and {tuple(b[0])} run {gap:.1f} apart"
