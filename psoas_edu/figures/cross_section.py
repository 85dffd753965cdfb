"""A cross-section of the lumbar region at L3/L4, drawn from ``data/cross_section.csv``.

It shows what the clinical notebook needs: psoas major beside the vertebral body with the
lumbar plexus inside it, quadratus lumborum lateral to the transverse processes, erector
spinae behind them, and the neighbours (kidney, ureter, aorta, inferior vena cava). The
section is seen from below, as a CT scan is: the body's right is on the viewer's left
and the front of the body is at the top.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.collections import PathCollection

from ..facts.atlas import Atlas
from .label_layout import LabelRequest, column_width, draw_labels, fit_frame, place
from .skeleton import atlas_cache, outline_path
from .style import (
    BONE,
    MUSCLE_COLOURS,
    MUSCLE_HATCHES,
    OKABE_ITO,
    house_style,
    new_axes,
    set_alt_text,
)

__all__ = ["draw_cross_section", "cross_section_alt_text"]

#: Fill, edge, hatch and drawing order of each kind of structure.
_KIND_STYLE = {
    "bone": (BONE["fill"], BONE["edge"], None, 1),
    "hole": ("white", BONE["detail"], None, 2),
    "organ": ("#D9D2C5", "#6B655C", "..", 2),
    "muscle": (None, None, None, 3),
    "vessel": (OKABE_ITO["vermillion"], "black", None, 4),
    "nerve": (OKABE_ITO["yellow"], "black", None, 5),
}
_VESSEL_FILL = {"inferior_vena_cava": OKABE_ITO["blue"], "ureter": "#FFFFFF"}

_TITLE = "Cross-section at L3/L4, seen from below"


def _shapes(atlas: Atlas) -> tuple:
    """(row, points of each copy) for every structure, parsed once per atlas."""
    store = atlas_cache(atlas)
    if "cross_section" not in store:
        table = getattr(atlas, "cross_section", None)
        if table is None or not len(table):
            raise ValueError("data/cross_section.csv is missing or empty; the cross-section "
                             "diagram is drawn from it")
        shapes = []
        for row in table.itertuples(index=False):
            points = tuple(tuple(float(v) for v in p.split()) for p in row.points)
            copies = [points] + ([tuple((-x, y) for x, y in points)]
                                 if row.mirror == "yes" else [])
            shapes.append((row, tuple(copies)))
        store["cross_section"] = tuple(shapes)
    return store["cross_section"]


def _label_anchor(points: tuple[tuple[float, float], ...],
                  holes: list[tuple[tuple[float, float], ...]]) -> tuple[float, float]:
    """Where a leader to the shape ends: its centroid, or, when that falls outside the
    shape or in a hole (the vertebral arch around the canal), the nearest point well inside
    the shape on the body's right (viewer's left), the side the labels name."""
    import shapely
    from shapely.ops import nearest_points

    cx = sum(x for x, _ in points) / len(points)
    cy = sum(y for _, y in points) / len(points)
    shape = shapely.Polygon(points)
    for hole in holes:
        shape = shape.difference(shapely.Polygon(hole))
    centre = shapely.Point(cx, cy)
    if shape.contains(centre):
        return (cx, cy)
    inside = shape.buffer(-0.15).intersection(shapely.box(-1e3, -1e3, min(cx, 0.0) - 0.3, 1e3))
    if inside.is_empty:
        inside = shape
    near, _ = nearest_points(inside, centre)
    return (float(near.x), float(near.y))


def cross_section_alt_text(atlas: Atlas) -> str:
    """Alt text of the cross-section, written from the data."""
    names = [row.name for row, _ in _shapes(atlas) if row.kind != "hole"]
    return ("Cross-section of the lumbar region at the level of L3/L4, through the "
            "intervertebral disc, seen from below as in a CT scan: the front of the body at "
            "the top and the body's right on the viewer's left. It shows "
            + ", ".join(names) + ". Psoas major lies beside the disc, in front of the "
            "transverse processes, with the lumbar plexus in its posterior part; quadratus "
            "lumborum lies lateral to the transverse processes, multifidus and erector spinae "
            "behind them; the kidney lies in front of quadratus lumborum, the ureter on the "
            "front of psoas major, the aorta in front of the disc left of the midline and the "
            "inferior vena cava to its right.")


def draw_cross_section(atlas: Atlas, *, ax: Axes | None = None, labels: bool = True,
                       title: str | None = None) -> Axes:
    """Draw the lumbar region cut across at L3/L4, with every structure named.

    Parameters
    ----------
    atlas
        The loaded facts (``cross_section.csv``).
    ax
        Axes to draw into; a new projector-sized figure if None.
    labels
        Name the structures in the margins (the body's right on the left).
    title
        Title above the drawing.

    Returns
    -------
    matplotlib.axes.Axes
        With alt text (see :func:`psoas_edu.figures.style.alt_text`).
    """
    shapes = _shapes(atlas)
    xs = [x for _, copies in shapes for pts in copies for x, _ in pts]
    ys = [y for _, copies in shapes for pts in copies for _, y in pts]
    region = (min(xs) - 1.0, max(xs) + 1.0, min(ys) - 1.0, max(ys) + 1.0)
    muscles = list(dict.fromkeys(row.structure_id for row, _ in shapes if row.kind == "muscle"))
    holes = [pts for row, copies in shapes if row.kind == "hole" for pts in copies]
    requests = []
    if labels:
        for row, copies in shapes:
            if row.kind == "hole":
                continue
            pts = copies[-1] if len(copies) > 1 else copies[0]
            # A paired structure is named on the body's right (viewer's left).
            pts = min(copies, key=lambda c: sum(x for x, _ in c))
            cx, cy = _label_anchor(pts, holes)
            side = "left" if cx < 0 or (cx == 0 and cy < 0) else "right"
            requests.append(LabelRequest(row.name, (cx, cy), side,
                                         kind="muscle" if row.kind == "muscle" else "landmark",
                                         fontsize=10.5 if row.kind == "muscle" else 9.5,
                                         weight="bold" if row.kind == "muscle" else "normal"))
    with house_style():
        ax = new_axes(ax)
        frame = fit_frame(ax, region, left_width=column_width(requests, "left"),
                          right_width=column_width(requests, "right"))
        for row, copies in sorted(shapes, key=lambda s: _KIND_STYLE[s[0].kind][3]):
            face, edge, hatch, order = _KIND_STYLE[row.kind]
            if row.kind == "muscle":
                i = muscles.index(row.structure_id)
                face, edge, hatch = MUSCLE_COLOURS[i], "black", MUSCLE_HATCHES[i + 1]
            face = _VESSEL_FILL.get(row.structure_id, face)
            paths = [outline_path(pts, smooth=row.smooth == "yes", closed=True)
                     for pts in copies]
            ax.add_collection(PathCollection(
                paths, facecolors=face, edgecolors=edge, linewidths=1.0, hatch=hatch,
                alpha=0.85 if row.kind == "muscle" else 1.0, zorder=order,
                gid=f"section-{row.structure_id}"), autolim=False)
        draw_labels(ax, place(requests, frame, top_pt=20.0))
        ax.text(0.5, 0.995, "front of the body (anterior)", transform=ax.transAxes,
                ha="center", va="top", fontsize=10, style="italic", gid="note-front")
        ax.text(0.5, 0.005, "back of the body (posterior)", transform=ax.transAxes,
                ha="center", va="bottom", fontsize=10, style="italic", gid="note-back")
        ax.text(0.005, 0.995, "← body's right", transform=ax.transAxes, ha="left",
                va="top", fontsize=10, style="italic", gid="note-right-edge")
        ax.text(0.995, 0.995, "body's left →", transform=ax.transAxes, ha="right",
                va="top", fontsize=10, style="italic", gid="note-left-edge")
        ax.set_title(title if title is not None else _TITLE, y=1.03)
    set_alt_text(ax, cross_section_alt_text(atlas))
    return ax
