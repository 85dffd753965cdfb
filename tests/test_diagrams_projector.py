"""Every diagram of the gallery read as a class sees it: text large enough on a projected
1024x768 slide, and leader lines that never cross one another."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.gallery import diagram_gallery
from psoas_edu.figures.label_layout import crossing_pairs

#: A figure shown whole on a 1024x768 slide; its smallest text at least 12 pixels (the
#: font size: about 7 pixels of lowercase height).
SLIDE = (1024, 768)
SMALLEST_PX = 12.0

ATLAS = load_atlas()
GALLERY = diagram_gallery(ATLAS)


def drawn_texts(figure):
    """Every piece of text a viewer sees: labels, titles, legend entries."""
    texts = [t for t in figure.texts if t.get_visible() and t.get_text().strip()]
    for ax in figure.axes:
        texts += [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
        texts += [t for t in (ax.title, ax._left_title, ax._right_title)
                  if t.get_text().strip()]
        if ax.get_legend() is not None:
            texts += [t for t in ax.get_legend().get_texts() if t.get_text().strip()]
    return texts


@pytest.mark.parametrize("name", list(GALLERY))
def test_smallest_text_reads_on_a_projected_slide(name):
    figure = GALLERY[name]().figure
    width_in, height_in = figure.get_size_inches()
    pixels_per_inch = min(SLIDE[0] / width_in, SLIDE[1] / height_in)
    texts = drawn_texts(figure)
    assert texts, f"{name}: no text found"
    smallest = min(texts, key=lambda t: t.get_fontsize())
    size_px = smallest.get_fontsize() / 72 * pixels_per_inch
    assert size_px >= SMALLEST_PX - 1e-6, (
        f"{name}: {smallest.get_text()!r} ({smallest.get_gid()}) is "
        f"{smallest.get_fontsize():.1f} pt, {size_px:.1f} px on a 1024x768 slide; "
        f"at least {SMALLEST_PX:.0f} px needed")


def leader_pieces(ax) -> list[np.ndarray]:
    """Every straight piece of every leader line on ``ax``, in display pixels."""
    pieces = []
    for collection in ax.collections:
        if collection.get_gid() == "leaders":
            for path in collection.get_paths():
                points = ax.transData.transform(path.vertices)
                pieces += [np.asarray(pair) for pair in itertools.pairwise(points)]
    return pieces


def cross(first: np.ndarray, second: np.ndarray, *, touching: float = 0.5) -> bool:
    """Whether two segments cross (meeting at an end, within ``touching``, is no crossing)."""
    if min(np.hypot(*(a - b)) for a in first for b in second) < touching:
        return False

    def turn(p, q, r):
        return np.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))

    (a, b), (c, d) = first, second
    return turn(a, b, c) * turn(a, b, d) < 0 and turn(c, d, a) * turn(c, d, b) < 0


def test_the_crossing_checks_find_a_crossing_and_ignore_a_shared_end():
    segments = np.asarray([[[0, 0], [2, 2]], [[0, 2], [2, 0]], [[2, 2], [3, 0]]], float)
    assert crossing_pairs(segments) == [(0, 1)]
    assert [cross(segments[i], segments[j]) for i, j in ((0, 1), (0, 2), (1, 2))] == [
        True, False, False]


@pytest.mark.parametrize("name", list(GALLERY))
def test_no_two_leader_lines_cross(name):
    figure = GALLERY[name]().figure
    figure.canvas.draw()  # settle the Axes' final size before converting to pixels
    for ax in figure.axes:
        pieces = leader_pieces(ax)
        found = [(a, b) for a, b in itertools.combinations(pieces, 2) if cross(a, b)]
        assert not found, (f"{name}: {len(found)} pairs of crossing leader lines, e.g. "
                           f"{np.round(found[0][0]).tolist()} x {np.round(found[0][1]).tolist()}")
