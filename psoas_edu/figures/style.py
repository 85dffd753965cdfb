"""The house look of the course's diagrams: palette, marker styles, alt text, SVG output.

Colours are the Okabe-Ito palette, safe for the common kinds of colour blindness; every
meaning also has a shape or a line style, so the diagrams read in grayscale. Styles are
applied with :func:`house_style` (a ``plt.style.context``), never globally.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = [
    "OKABE_ITO",
    "ORIGIN",
    "INSERTION",
    "BONE",
    "MUSCLE_COLOURS",
    "MUSCLE_HATCHES",
    "FIGSIZE",
    "SLIDE_PX",
    "MIN_TEXT_PX",
    "MIN_FONT_PT",
    "slide_text_px",
    "house_style",
    "new_axes",
    "set_alt_text",
    "alt_text",
    "figure_svg",
    "show_diagram",
]

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Origin markers: red-ish like an atlas, and round, so they differ without colour.
ORIGIN = {"color": OKABE_ITO["vermillion"], "marker": "o", "size": 9.0, "name": "origin"}
#: Insertion markers: blue-ish, and triangles.
INSERTION = {"color": OKABE_ITO["blue"], "marker": "^", "size": 10.0, "name": "insertion"}

#: Bone fills and lines: light greys that stay light in grayscale, under every muscle.
BONE = {"fill": "#EFEBE4", "edge": "#6B655C", "surface": "#D9D2C5", "cartilage": "#F7F5F0",
        "detail": "#8A8378", "label": "#4A453E"}

#: Muscle band colours, in order; hatches tell the same muscles apart in grayscale.
MUSCLE_COLOURS = (OKABE_ITO["orange"], OKABE_ITO["bluish_green"], OKABE_ITO["reddish_purple"],
                  OKABE_ITO["sky_blue"], OKABE_ITO["yellow"], "#999999")
MUSCLE_HATCHES = ("", "////", "\\\\\\\\", "....", "xxx", "---", "|||", "ooo")

#: Figure size in inches: fills a 16:9 projector slide with room for labels.
FIGSIZE = (10.0, 8.0)

#: The smallest screen a class projects on (width, height in pixels): a figure shown
#: whole on it is scaled to fit.
SLIDE_PX = (1024, 768)
#: Smallest text on a figure fitted to :data:`SLIDE_PX`, as the font size in pixels: about
#: 7 pixels of lowercase height, 1 % of the screen's height, the least that reads across
#: a classroom.
MIN_TEXT_PX = 12.0


def slide_text_px(fontsize: float, figsize: tuple[float, float] = FIGSIZE) -> float:
    """Size in pixels of ``fontsize``-point text when a figure of ``figsize`` inches is
    fitted to a :data:`SLIDE_PX` screen."""
    pixels_per_inch = min(SLIDE_PX[0] / figsize[0], SLIDE_PX[1] / figsize[1])
    return fontsize / 72 * pixels_per_inch


#: Smallest font size, in points, on a figure of :data:`FIGSIZE` (9 pt).
MIN_FONT_PT = round(MIN_TEXT_PX / slide_text_px(1.0), 1)

_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 11.0,
    "axes.titlesize": 14.0,
    "axes.titleweight": "bold",
    "legend.fontsize": 10.0,
    "legend.frameon": True,
    "legend.framealpha": 0.95,
    "svg.hashsalt": "psoas-edu",
    "svg.fonttype": "path",
    "path.simplify": True,
    "figure.dpi": 100.0,
}

_ALT_ATTRIBUTE = "_psoas_edu_alt_text"


@contextmanager
def house_style() -> Iterator[None]:
    """Apply the course's matplotlib settings inside a ``with`` block only."""
    with plt.style.context(_STYLE):
        yield


def new_axes(ax: Axes | None, *, figsize: tuple[float, float] = FIGSIZE) -> Axes:
    """Return ``ax``, or the Axes of a new figure of ``figsize`` when ``ax`` is None."""
    if ax is not None:
        return ax
    fig = plt.figure(figsize=figsize)
    return fig.add_axes((0.01, 0.06, 0.98, 0.87))


def set_alt_text(ax: Axes, text: str) -> Axes:
    """Attach alt text (what the figure shows, for people who cannot see it) to ``ax``."""
    setattr(ax, _ALT_ATTRIBUTE, " ".join(text.split()))
    return ax


def alt_text(obj: Axes | Figure) -> str:
    """The alt text of a diagram's Axes, or of every diagram on a figure, joined.

    Raises
    ------
    ValueError
        If nothing on it has alt text.
    """
    axes = obj.axes if isinstance(obj, Figure) else [obj]
    texts = [getattr(ax, _ALT_ATTRIBUTE) for ax in axes if getattr(ax, _ALT_ATTRIBUTE, "")]
    if not texts:
        raise ValueError("this figure has no alt text; draw it with a psoas_edu function "
                         "or call set_alt_text(ax, '...') first")
    return " ".join(texts)


def figure_svg(obj: Axes | Figure) -> bytes:
    """The figure as SVG bytes that are the same every time it is drawn the same way."""
    fig = obj.figure if isinstance(obj, Axes) else obj
    buffer = io.BytesIO()
    with plt.rc_context({"svg.hashsalt": "psoas-edu", "svg.fonttype": "path"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def show_diagram(obj: Axes | Figure):
    """Show a diagram in a notebook as a PNG ``<img>`` carrying its alt text.

    Returns
    -------
    psoas_edu.course.display.AltFigure
        Jupyter displays it; ``str()`` of its ``alt`` is the alt text.
    """
    from ..course.display import show_figure

    return show_figure(obj, alt_text(obj))
