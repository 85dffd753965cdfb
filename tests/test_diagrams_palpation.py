"""The palpation figure's key names every line style drawn (the ureter's dash-dot too),
the figure says which side is the body's right and which its left, and the femoral vein
is drawn where it lies in the groin: just medial to the femoral artery below the inguinal
ligament (from lateral to medial: femoral nerve, artery, vein; Gray 1918, p. 625)."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D
from matplotlib.offsetbox import DrawingArea, HPacker, TextArea

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.clinical import draw_palpation_landmarks
from psoas_edu.figures.style import alt_text


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


def _line(ax, gid):
    (line,) = [ln for ln in ax.lines if ln.get_gid() == gid]
    return line


def _x_at(points, y):
    """x of a polyline drawn downwards (falling y) at height ``y``."""
    return float(np.interp(y, points[::-1, 1], points[::-1, 0]))


def _legend_entries(ax):
    """Each legend text with the artists drawn in its key."""
    entries = {}
    for packer in ax.get_legend().findobj(match=lambda a: isinstance(a, HPacker)):
        children = packer.get_children()
        if (len(children) == 2 and isinstance(children[0], DrawingArea)
                and isinstance(children[1], TextArea)):
            entries[children[1].get_text()] = children[0].get_children()
    return entries


def test_the_femoral_vein_is_drawn_as_a_vein(ax):
    vein, core = _line(ax, "femoral-vein"), _line(ax, "femoral-vein-pattern")
    vena_cava = _line(ax, "inferior-vena-cava")
    artery_core = _line(ax, "right-iliac-femoral-pattern")
    assert vein.get_color() == vena_cava.get_color()
    assert core.get_color() == "white" and core.get_linestyle() == "-"
    assert artery_core.get_linestyle() != "-", "vein and artery differ by colour alone"
    assert len(vein.get_xydata()) >= 2


def test_the_femoral_vein_lies_just_medial_to_the_artery_below_the_ligament(ax):
    """The right side is drawn on the viewer's left, so medial is towards x = 0."""
    vein = _line(ax, "femoral-vein").get_xydata()
    artery = _line(ax, "right-iliac-femoral").get_xydata()
    nerve = _line(ax, "femoral-nerve").get_xydata()
    (x0, y0), (x1, y1) = _line(ax, "inguinal-ligament").get_xydata()
    for x, y in vein:
        assert y <= y0 + (y1 - y0) * (x - x0) / (x1 - x0) + 1e-9, (
            f"the femoral vein is drawn above the inguinal ligament at ({x}, {y})")
        artery_x = _x_at(artery, y)
        assert artery_x < x < 0, f"the vein is not medial to the artery at y = {y}"
        assert x - artery_x <= 2.5, f"the vein is not just beside the artery at y = {y}"
    (_, pulse_y), = _line(ax, "femoral-pulse").get_xydata()
    order = [_x_at(nerve, pulse_y), _x_at(artery, pulse_y), _x_at(vein, pulse_y)]
    assert order == sorted(order), "lateral to medial: femoral nerve, artery, vein"


def test_the_femoral_vein_is_labelled_and_in_the_legend(ax):
    texts = [" ".join(t.get_text().split()) for t in ax.texts]
    assert "femoral vein (medial to the artery; no pulse)" in texts
    vein, core = _line(ax, "femoral-vein"), _line(ax, "femoral-vein-pattern")
    keyed = {text: artists for text, artists in _legend_entries(ax).items()
             if "femoral" in text and "vein" in text}
    assert keyed, "no legend entry names the femoral vein"
    (artists,) = keyed.values()
    band, middle = artists
    assert band.get_color() == vein.get_color()
    assert middle.get_color() == core.get_color()
    assert middle.get_linestyle() == core.get_linestyle()
    artery = next(a for t, a in _legend_entries(ax).items() if t.startswith("artery"))
    assert artery[-1].get_linestyle() != middle.get_linestyle(), (
        "the key tells artery and vein apart by colour alone")


def test_the_alt_text_places_the_femoral_vein(ax):
    text = alt_text(ax)
    assert "femoral vein" in text
    assert "just medial to the femoral artery" in text
    assert "Below the inguinal ligament the femoral vein" in text
    assert "the femoral nerve, the femoral artery and the femoral vein" in text
