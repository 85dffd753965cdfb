"""The schematic skeleton under every diagram: bone outlines and landmark positions per view.

Shapes come from ``data/bone_outlines.csv`` and landmark positions from
``data/landmark_positions.csv`` (see ``data/README.md`` for the frame). The diagrams show
the right side of the body: on the left of an anterior view, on the right of a posterior
view, and seen from the right (front to the right) in the lateral view.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba_array
from matplotlib.path import Path
from matplotlib.transforms import Bbox, TransformedBbox

from ..facts.atlas import Atlas
from .label_layout import LabelRequest, column_width, draw_labels, fit_frame, place
from .style import BONE, MIN_FONT_PT, house_style, new_axes, set_alt_text

__all__ = [
    "VIEWS",
    "Outline",
    "LandmarkPosition",
    "bone_outlines",
    "landmark_positions",
    "outline_path",
    "right_side",
    "skeleton_region",
    "draw_skeleton",
    "draw_bones",
    "draw_inline_labels",
    "draw_orientation",
    "ORIENTATION_PT",
    "bone_label_requests",
    "bone_part_labels",
    "trochanter_label_requests",
    "femoral_head_and_neck",
    "draw_bone_part_labels",
    "atlas_cache",
]

VIEWS = ("anterior", "posterior", "lateral")

#: Which way the right side of the body lies in each view (+1: positive x, 0: no midline).
_RIGHT_SIDE = {"anterior": -1, "posterior": 1, "lateral": 0}

#: Region each view shows when nothing else asks for more: x0, x1, y0, y1.
_DEFAULT_REGION = {"anterior": (-16.5, 16.5, 3.0, 106.0), "posterior": (-16.5, 16.5, 3.0, 106.0),
                   "lateral": (-11.0, 6.5, 3.0, 102.0)}

_VIEW_TITLE = {"anterior": "Anterior view (right side, seen from the front)",
               "posterior": "Posterior view (right side, seen from behind)",
               "lateral": "Lateral view (right side, seen from the right)"}


@dataclass(frozen=True)
class Outline:
    """One shape of ``bone_outlines.csv`` with its points as numbers."""

    outline_id: str
    view: str
    bone: str
    kind: str
    mirror: bool
    smooth: bool
    label: str
    points: tuple[tuple[float, float], ...]

    def copies(self) -> tuple[tuple[tuple[float, float], ...], ...]:
        """The points, and their mirror image when the shape is mirrored."""
        if not self.mirror:
            return (self.points,)
        return (self.points, tuple((-x, y) for x, y in self.points))

    @property
    def centroid(self) -> tuple[float, float]:
        xs, ys = zip(*self.points, strict=True)
        return (sum(xs) / len(xs), sum(ys) / len(ys))


@dataclass(frozen=True)
class LandmarkPosition:
    """Where a landmark sits in one view, and whether it is seen through the bone."""

    landmark_id: str
    x: float
    y: float
    seen_through: bool

    @property
    def xy(self) -> tuple[float, float]:
        return (self.x, self.y)


def _check_view(view: str) -> None:
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; expected one of {', '.join(VIEWS)}")


def right_side(view: str) -> int:
    """+1 if the right side of the body is at positive x in ``view``, -1 if negative,
    0 for the lateral view."""
    _check_view(view)
    return _RIGHT_SIDE[view]


def atlas_cache(atlas: Atlas) -> dict:
    """Per-atlas store of parsed geometry: an Atlas never changes, so each view is parsed
    once rather than on every drawing."""
    key = id(atlas)
    entry = _CACHES.get(key)
    if entry is not None and entry[0]() is atlas:
        return entry[1]
    store: dict = {}
    _CACHES[key] = (weakref.ref(atlas, lambda _, key=key: _CACHES.pop(key, None)), store)
    return store


_CACHES: dict[int, tuple[weakref.ref, dict]] = {}


def bone_outlines(atlas: Atlas, view: str) -> tuple[Outline, ...]:
    """Every shape of ``view`` in drawing order (later shapes on top)."""
    _check_view(view)
    store = atlas_cache(atlas)
    if ("outlines", view) not in store:
        table = atlas.bone_outlines
        rows = table[table["view"] == view]
        store[("outlines", view)] = tuple(
            Outline(row.outline_id, row.view, row.bone, row.kind, row.mirror == "yes",
                    row.smooth == "yes", row.label,
                    tuple(tuple(float(v) for v in point.split()) for point in row.points))
            for row in rows.itertuples(index=False)
        )
    return store[("outlines", view)]


def landmark_positions(atlas: Atlas, view: str) -> Mapping[str, LandmarkPosition]:
    """Landmark id -> position for every landmark placed in ``view`` (read-only)."""
    _check_view(view)
    store = atlas_cache(atlas)
    if ("positions", view) not in store:
        table = atlas.landmark_positions
        rows = table[table["view"] == view]
        seen = rows["seen_through"] if "seen_through" in rows else [""] * len(rows)
        store[("positions", view)] = MappingProxyType({
            row.landmark_id: LandmarkPosition(row.landmark_id, row.x, row.y, flag == "yes")
            for row, flag in zip(rows.itertuples(index=False), seen, strict=True)})
    return store[("positions", view)]


def outline_path(points: tuple[tuple[float, float], ...], *, smooth: bool,
                 closed: bool) -> Path:
    """A path through ``points``: straight segments, or a Catmull-Rom curve as Beziers."""
    pts = np.asarray(points, dtype=float)
    if not smooth or len(pts) < 3:
        codes = [Path.MOVETO] + [Path.LINETO] * (len(pts) - 1)
        if closed:
            return Path(np.vstack([pts, pts[:1]]), codes + [Path.CLOSEPOLY])
        return Path(pts, codes)
    n = len(pts)
    if closed:
        prev, nxt, nxt2 = np.roll(pts, 1, 0), np.roll(pts, -1, 0), np.roll(pts, -2, 0)
        segments = range(n)
    else:
        padded = np.vstack([pts[:1], pts, pts[-1:]])
        prev, nxt, nxt2 = padded[:-2], padded[2:], np.vstack([padded[3:], pts[-1:]])
        segments = range(n - 1)
    verts = [pts[0]]
    for i in segments:
        verts += [pts[i] + (nxt[i] - prev[i]) / 6, nxt[i] - (nxt2[i] - pts[i]) / 6, nxt[i]]
    codes = [Path.MOVETO] + [Path.CURVE4] * (len(verts) - 1)
    if closed:
        verts.append(pts[0])
        codes.append(Path.CLOSEPOLY)
    return Path(np.asarray(verts), codes)


#: kind -> (fill, edge, line width, line style).
_KIND_STYLE = {
    "bone": (BONE["fill"], BONE["edge"], 0.9, "-"),
    "cartilage": (BONE["cartilage"], BONE["detail"], 0.7, "-"),
    "surface": (BONE["surface"], BONE["detail"], 0.6, "-"),
    "hole": ("white", BONE["detail"], 0.7, "-"),
    "detail_fill": (BONE["surface"], BONE["edge"], 0.7, "-"),
    "detail": ("none", BONE["detail"], 0.8, "-"),
    # A bone hidden behind another in this view (the sacrum behind the ilium in the
    # lateral view), its outline seen through as dashes, the way hidden lines are drawn.
    "seen_through": ("none", BONE["edge"], 0.8, (0, (3, 2))),
}


@lru_cache(maxsize=16)
def _outline_paths(outlines: tuple[Outline, ...]) -> tuple[list[Path], np.ndarray,
                                                          np.ndarray, list, list]:
    """Paths and styles of every shape (mirror copies included), built once per view."""
    paths, faces, edges, widths, styles = [], [], [], [], []
    for outline in outlines:
        face, edge, width, style = _KIND_STYLE[outline.kind]
        for points in outline.copies():
            paths.append(outline_path(points, smooth=outline.smooth,
                                      closed=outline.kind != "detail"))
            faces.append(face)
            edges.append(edge)
            widths.append(width)
            styles.append(style)
    # Colours as RGBA arrays once, so each drawing skips parsing them again.
    return paths, to_rgba_array(faces), to_rgba_array(edges), widths, styles


def draw_bones(ax: Axes, outlines: tuple[Outline, ...],
               region: tuple[float, float, float, float]) -> PathCollection:
    """Draw the outlines as one collection, clipped to ``region`` (x0, x1, y0, y1)."""
    paths, faces, edges, widths, styles = _outline_paths(tuple(outlines))
    collection = PathCollection(paths, facecolors=faces, edgecolors=edges, linewidths=widths,
                                linestyles=styles, zorder=1, gid="bones",
                                transform=ax.transData)
    ax.add_collection(collection, autolim=False)
    x0, x1, y0, y1 = region
    collection.set_clip_box(TransformedBbox(Bbox.from_extents(x0, y0, x1, y1), ax.transData))
    return collection


def skeleton_region(view: str, points: list[tuple[float, float]] | None = None, *,
                    margin: float = 4.0) -> tuple[float, float, float, float]:
    """The region (x0, x1, y0, y1) to show: around ``points`` when given, else the
    default region of ``view``. Frontal views stay symmetric so both halves show."""
    _check_view(view)
    if not points:
        return _DEFAULT_REGION[view]
    xs, ys = zip(*points, strict=True)
    x0, x1 = min(xs) - margin, max(xs) + margin
    y0, y1 = min(ys) - margin, max(ys) + margin
    if view == "lateral":
        x0, x1 = min(x0, -10.5), max(x1, 6.0)
    else:
        half = max(abs(x0), abs(x1), 15.8)
        x0, x1 = -half, half
    if y1 - y0 < 30:
        mid = (y0 + y1) / 2
        y0, y1 = mid - 15, mid + 15
    return (x0, x1, max(y0, 3.0), y1)


def _inside(point: tuple[float, float], region: tuple[float, float, float, float]) -> bool:
    x0, x1, y0, y1 = region
    return x0 <= point[0] <= x1 and y0 <= point[1] <= y1


def bone_label_requests(outlines: tuple[Outline, ...], view: str,
                        region: tuple[float, float, float, float], *, bone_side: int | None = None
                        ) -> tuple[list[LabelRequest], list[tuple[str, tuple[float, float]]]]:
    """Labels for named bones: margin labels (on ``bone_side``, the side away from the
    muscles, by default) and vertebral levels written inside the vertebrae. Leaders end
    on the side of the body the diagrams draw (the right), whichever margin the label is in.

    Returns
    -------
    (margin requests, inline labels as (text, (x, y)))
    """
    side = -right_side(view) if bone_side is None else bone_side
    requests: list[LabelRequest] = []
    inline: list[tuple[str, tuple[float, float]]] = []
    seen: set[str] = set()
    for outline in outlines:
        if not outline.label or outline.label in seen:
            continue
        cx, cy = outline.centroid
        if outline.bone.endswith("_vertebra"):
            # Off the middle, where markers sit on the bodies (lateral view) and the
            # spinous processes run (posterior view).
            if view == "lateral":
                cx -= 1.6
            elif view == "posterior":
                cx -= 1.9
            else:  # towards the body's left, away from the muscles drawn on the right
                cx += 1.4
            if _inside((cx, cy), region):
                inline.append((outline.label, (cx, cy)))
            continue
        drawn = right_side(view)
        if drawn and side == drawn and not outline.mirror and abs(cx) < 1.5:
            # A bone on the midline (sacrum, coccyx) is named on itself: a leader from
            # the drawn side's margin would cross the muscles drawn there.
            if _inside((cx, cy), region):
                seen.add(outline.label)
                inline.append((outline.label, (cx, cy)))
            continue
        if drawn and outline.mirror:
            cx = abs(cx) * drawn
        elif drawn:
            xs = [x for x, _ in outline.points]
            reach = max(xs) if drawn > 0 else min(xs)
            cx = 0.55 * reach
        anchor = (cx, cy)
        if not _inside(anchor, region):
            continue
        seen.add(outline.label)
        label_side = ("right" if side > 0 else "left") if side else (
            "right" if cx > (region[0] + region[1]) / 2 else "left")
        requests.append(LabelRequest(outline.label, anchor, label_side, kind="bone",
                                     fontsize=9.5, color=BONE["label"], style="italic"))
    return requests, inline


#: Parts of the femur named in the margin of a skeleton figure: the trochanters that the
#: hip muscles insert on.
_FEMUR_PARTS = (("greater_trochanter", "greater trochanter"),
                ("lesser_trochanter", "lesser trochanter"))


def femoral_head_and_neck(atlas: Atlas, view: str) -> dict[str, tuple[float, float]]:
    """Where the head and (in the frontal views) the neck of the drawn femur are: the head
    at the centre of its ring (the acetabulum's in the frontal views), the neck part way
    from there towards the greater trochanter and down, on the neck's axis. The lateral view
    sees the neck end-on behind the greater trochanter, so it names the head only."""
    ring_id = "femoral_head" if view == "lateral" else "acetabulum"
    rings = [o for o in bone_outlines(atlas, view) if o.outline_id == ring_id]
    if not rings:
        return {}
    drawn = right_side(view)
    copies = rings[0].copies()
    ring = next((c for c in copies if drawn == 0 or np.mean([x for x, _ in c]) * drawn > 0),
                copies[0])
    head = tuple(float(v) for v in np.mean(np.array(ring), axis=0))
    found = {"head of femur": head}
    trochanter = landmark_positions(atlas, view).get("greater_trochanter")
    if view != "lateral" and trochanter is not None:
        found["neck of femur"] = (head[0] + 0.45 * (trochanter.x - head[0]),
                                  head[1] + 0.45 * (trochanter.y - head[1]) - 1.6)
    return found


def trochanter_label_requests(atlas: Atlas, view: str,
                              region: tuple[float, float, float, float]) -> list[LabelRequest]:
    """Margin labels naming the greater and lesser trochanter, and the femur's head and
    neck, where they are drawn."""
    placed = {name: placed.xy for landmark_id, name in _FEMUR_PARTS
              if (placed := landmark_positions(atlas, view).get(landmark_id)) is not None}
    placed.update(femoral_head_and_neck(atlas, view))
    side = {-1: "left", 1: "right", 0: "left"}[right_side(view)]
    return [LabelRequest(name, xy, side, kind="bone", fontsize=9.5, color=BONE["label"],
                         style="italic")
            for name, xy in placed.items() if _inside(xy, region)]


def draw_inline_labels(ax: Axes, inline: list[tuple[str, tuple[float, float]]]) -> None:
    """Vertebral levels written inside their vertebrae."""
    halo = [patheffects.withStroke(linewidth=2.2, foreground=BONE["fill"])]
    for text, (x, y) in inline:
        ax.text(x, y, text, ha="center", va="center", fontsize=MIN_FONT_PT, color=BONE["label"],
                zorder=2.2, gid="label-level", path_effects=halo)


#: Parts of the hip bone (and, in the lateral view, the femur and sacrum) named on the
#: drawing, each beside the first of its landmarks placed in the view.
_BONE_PARTS = {"ilium": ("gluteal_surface_middle", "iliac_fossa", "iliac_crest"),
               "pubis": ("pubic_body", "pubic_crest"),
               "ischium": ("ischial_tuberosity", "ischial_ramus"),
               "femur": ("greater_trochanter",)}
_LATERAL_PARTS = {"sacrum": ("median_sacral_crest", "sacrum_dorsal_surface")}
#: Bone names written upright in the lateral view: the ischium behind the femur is taller
#: than wide there, and a level name would spill onto the femoral shaft.
_UPRIGHT_IN_LATERAL = frozenset({"ischium"})


def bone_part_labels(atlas: Atlas, view: str) -> list[tuple[str, tuple[float, float]]]:
    """(bone name, where to write it): ilium, pubis and ischium, and in the lateral view
    the sacrum, and the femur, whose trochanters many muscles insert on. They are written
    on the drawn (right) side."""
    placed = landmark_positions(atlas, view)
    parts = dict(_BONE_PARTS, **(_LATERAL_PARTS if view == "lateral" else {}))
    found = []
    for bone, candidates in parts.items():
        for landmark_id in candidates:
            pos = placed.get(landmark_id)
            if pos is not None:
                if bone == "femur":  # on the shaft just below the greater trochanter
                    x = pos.x - (0.0 if view == "lateral" else 2.6 * right_side(view))
                    y = pos.y - 3.2
                elif view == "lateral" and bone in _UPRIGHT_IN_LATERAL:
                    x, y = pos.x - 0.1, pos.y + 0.7  # written upright along the tuberosity
                else:
                    x, y = pos.x, pos.y - (1.6 if view == "lateral" else 0.0)
                found.append((bone, (x, y)))
                break
    return found


def draw_bone_part_labels(ax: Axes, labels: list[tuple[str, tuple[float, float]]], *,
                          region: tuple[float, float, float, float] | None = None,
                          view: str | None = None) -> None:
    """Bone names written on the bones, small and italic, with a white halo, above the
    muscle bands (so hatching never hides them) and below the attachment markers; those
    outside ``region`` (x0, x1, y0, y1: where the bones are drawn; the Axes' limits by
    default) are left out. In the lateral ``view`` the ischium is written upright."""
    if region is None:
        (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
    else:
        x0, x1, y0, y1 = region
    for text, (x, y) in labels:
        if not (x0 + 2 <= x <= x1 - 2 and y0 + 2 <= y <= y1 - 2):
            continue
        upright = view == "lateral" and text in _UPRIGHT_IN_LATERAL
        ax.text(x, y, text, ha="center", va="center", fontsize=MIN_FONT_PT, style="italic",
                rotation=90 if upright else 0, rotation_mode="anchor",
                color=BONE["label"], zorder=5.5, gid="bone-part-label",
                path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")])


#: Room (points) kept free at the top of a lateral view for :func:`draw_orientation`.
ORIENTATION_PT = 20.0


def draw_orientation(ax: Axes, view: str = "lateral") -> None:
    """Say which way the body faces, in the top corners: front and back in a lateral view;
    the body's right and left in the frontal views (the right side is the one drawn)."""
    if view == "lateral":
        left, right = "← back of body", "front of body →"
    elif right_side(view) < 0:
        left, right = "← body's right (drawn)", "body's left →"
    else:
        left, right = "← body's left", "body's right (drawn) →"
    ax.text(0.99, 0.995, right, transform=ax.transAxes, ha="right", va="top",
            fontsize=10, style="italic", gid="note-front" if view == "lateral" else
            "note-right-edge")
    ax.text(0.01, 0.995, left, transform=ax.transAxes, ha="left", va="top",
            fontsize=10, style="italic", gid="note-back" if view == "lateral" else
            "note-left-edge")


def _is_level(text: str) -> bool:
    """Whether an inline label is a vertebral level (T11, L3, S1), not a bone's name."""
    return len(text) <= 3 and text[:1] in "TLSC" and text[1:].isdigit()


def draw_skeleton(atlas: Atlas, *, view: str = "anterior", ax: Axes | None = None,
                  labels: bool = True,
                  region: tuple[float, float, float, float] | None = None,
                  title: str | None = None) -> Axes:
    """Draw the schematic skeleton of the region in one view.

    Parameters
    ----------
    atlas
        The loaded facts (bone outlines and landmark positions).
    view
        ``"anterior"``, ``"posterior"`` or ``"lateral"``.
    ax
        Axes to draw into; a new projector-sized figure if None.
    labels
        Name the bones (margin labels with leader lines, vertebral levels inside).
    region
        (x0, x1, y0, y1) to show; the whole region of the course by default.
    title
        Title above the drawing; the view's name by default.

    Returns
    -------
    matplotlib.axes.Axes
    """
    _check_view(view)
    region = region or skeleton_region(view)
    outlines = bone_outlines(atlas, view)
    with house_style():
        ax = new_axes(ax)
        requests, inline = (bone_label_requests(outlines, view, region,
                                                bone_side=right_side(view))
                            if labels else ([], []))
        parts = bone_part_labels(atlas, view) if labels else []
        if view == "lateral":
            # Too small here to hold its name upright clear of the leaders: named in the
            # margin, the leader ending on the ischial tuberosity.
            tuberosity = landmark_positions(atlas, view).get("ischial_tuberosity")
            parts = [(text, xy) for text, xy in parts
                     if text not in _UPRIGHT_IN_LATERAL or tuberosity is None]
            if tuberosity is not None and labels and _inside(tuberosity.xy, region):
                requests.append(LabelRequest("ischium", tuberosity.xy, "left", kind="bone",
                                             fontsize=9.5, color=BONE["label"],
                                             style="italic"))
        written = {text for text, _ in parts}  # named on the bone: not again in the margin
        requests = [r for r in requests if r.text not in written]
        if labels:
            requests += trochanter_label_requests(atlas, view, region)
        if view == "lateral":
            # Names go behind the body, except the lesser trochanter's: the ischium lies
            # between it and the back margin, so its leader comes from the front.
            requests = [LabelRequest(r.text, r.anchor,
                                     "right" if r.text == "lesser trochanter" else "left",
                                     r.kind, r.fontsize, r.weight, r.color, r.style)
                        for r in requests]
        frame = fit_frame(ax, region, left_width=column_width(requests, "left"),
                          right_width=column_width(requests, "right"))
        draw_bones(ax, outlines, region)
        draw_inline_labels(ax, inline)
        draw_bone_part_labels(ax, parts, region=region, view=view)
        draw_labels(ax, place(requests, frame, top_pt=ORIENTATION_PT))
        draw_orientation(ax, view)
        ax.set_title(title if title is not None else _VIEW_TITLE[view], y=1.0)
    levels = [text for text, (_, y) in sorted(inline, key=lambda item: -item[1][1])
              if _is_level(text)]  # top down
    named = sorted({r.text for r in requests} | {text for text, _ in parts}
                   | {text for text, _ in inline if not _is_level(text)})
    written = (f" Vertebral levels written on the vertebrae: {', '.join(levels)}."
               if levels else "")
    facing = {"lateral": " The front of the body is to the right.",
              "anterior": " The body's right side is on the viewer's left.",
              "posterior": " The body's right side is on the viewer's right."}[view]
    set_alt_text(ax, f"{_VIEW_TITLE[view]} of a schematic skeleton of the lower back, pelvis "
                     f"and thigh, right side.{facing} Labelled: {', '.join(named) or 'nothing'}."
                     f"{written}")
    return ax
