"""The palpation figure's key names every line style drawn (the ureter's dash-dot too),
and the figure says which side is the body's right and which its left."""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.clinical import draw_palpation_landmarks


@pytest.fixture(scope="module")
def ax():
    return draw_palpation_landmarks(load_atlas())


def test_the_legend_names_the_ureters_dash_dot_line(ax):
    (ureter,) = [line for line in ax.lines if line.get_gid() == "ureter"]
    legend = ax.get_legend()
    keyed = {text.get_text(): handle for text, handle
             in zip(legend.get_texts(), legend.legend_handles, strict=True)}
    assert "ureter" in keyed, "the ureter's line is not in the legend"
    handle = keyed["ureter"]
    assert isinstance(handle, Line2D)
    assert handle.get_linestyle() == ureter.get_linestyle() == "-."
    assert handle.get_color() == ureter.get_color()


def test_every_legend_entry_is_inside_the_figure(ax):
    figure = ax.figure
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    for text in ax.get_legend().get_texts():
        box = text.get_window_extent(canvas.get_renderer())
        assert box.y0 > -2 and box.x0 >= 0 and box.x1 <= figure.bbox.width, (
            f"legend entry {text.get_text()!r} is cut off")


def test_the_body_sides_are_named(ax):
    texts = [t.get_text() for t in ax.texts]
    assert any("body's right" in t for t in texts)
    assert any("body's left" in t for t in texts)
    right = next(t for t in ax.texts if "body's right" in t.get_text())
    assert right.get_position()[0] < 0.5, "the body's right is drawn on the viewer's left"
