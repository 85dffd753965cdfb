"""Place diagram labels in two margin columns, with leader lines, so none overlap.

The rule is simple and deterministic: each label goes to the column on the side of its
anchor, labels in a column keep the top-to-bottom order of their anchors, and each label
sits as close to its anchor's height as the labels above and below allow. Where leader
lines still cross (labels pushed away from their anchors' heights, anchors at different
depths, a group's line along its anchors), two labels of a column trade places, or a
label naming a group of points leads to another point of the group, whichever removes
the most crossings; failing both, the line along a group is left out (its points keep
their dots and the label names them all). Text sizes come from font metrics, so no
renderer is needed.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

__all__ = ["LabelRequest", "PlacedLabel", "Frame", "fit_frame", "stack_column", "column_width",
           "place", "draw_labels", "text_size", "wrap", "distance_to_edges", "leader_segments",
           "crossing_pairs", "group_path"]

#: Line height as a multiple of the font size.
LINE_SPACING = 1.2
#: Longest label line before it wraps, in characters.
WRAP = 30


@dataclass(frozen=True)
class LabelRequest:
    """A label to place: its text, the point its leader line ends at, its side and kind."""

    text: str
    anchor: tuple[float, float]
    side: str  # "left" or "right"
    kind: str = "muscle"  # "muscle", "landmark", "bone" or "note"
    fontsize: float = 10.0
    weight: str = "normal"
    color: str = "#1a1a1a"
    style: str = "normal"
    #: Further points the label names, besides ``anchor``.
    more_anchors: tuple[tuple[float, float], ...] = ()
    #: Whether a thin line along the group joins ``more_anchors`` to ``anchor`` (left out
    #: where other leaders would have to cross it).
    joined: bool = True


@dataclass(frozen=True)
class PlacedLabel:
    """A label with its final position: ``x``, ``y`` is the middle of its inner edge."""

    request: LabelRequest
    x: float
    y: float
    width: float
    height: float

    @property
    def ha(self) -> str:
        return "right" if self.request.side == "left" else "left"

    @property
    def box(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the text in data units."""
        x0 = self.x - self.width if self.request.side == "left" else self.x
        return (x0, self.y - self.height / 2, x0 + self.width, self.y + self.height / 2)


@dataclass(frozen=True)
class Frame:
    """Data limits and scale chosen so content and label columns fill the Axes."""

    xlim: tuple[float, float]
    ylim: tuple[float, float]
    points_per_unit: float
    left_x: float
    right_x: float


def wrap(text: str, width: int = WRAP) -> str:
    """Wrap a label at about ``width`` characters per line."""
    return "\n".join(textwrap.wrap(text, width)) or text


@lru_cache(maxsize=4096)
def text_size(text: str, fontsize: float, weight: str = "normal") -> tuple[float, float]:
    """Width and height of (possibly multi-line) text in points."""
    prop = FontProperties(family="DejaVu Sans", size=fontsize, weight=weight)
    lines = text.split("\n")
    width = max(text_to_path.get_text_width_height_descent(line, prop, ismath=False)[0]
                for line in lines)
    return width, fontsize * LINE_SPACING * len(lines)


def distance_to_edges(points: np.ndarray, polygons: list[np.ndarray]) -> np.ndarray:
    """Distance from each point to the nearest edge of any of the closed polygons."""
    starts = np.vstack(polygons)
    ends = np.vstack([np.roll(polygon, -1, axis=0) for polygon in polygons])
    span = ends - starts
    length2 = np.maximum((span ** 2).sum(axis=1), 1e-12)
    rel = points[:, None, :] - starts[None, :, :]
    t = np.clip((rel * span[None]).sum(axis=2) / length2[None], 0.0, 1.0)
    nearest = starts[None] + t[..., None] * span[None]
    return np.min(np.hypot(*(points[:, None, :] - nearest).transpose(2, 0, 1)), axis=1)


def fit_frame(ax: Axes, content: tuple[float, float, float, float], *,
              left_width: float, right_width: float, gap: float = 22.0,
              margin: float = 8.0) -> Frame:
    """Choose limits so ``content`` (x0, x1, y0, y1) plus label columns of the given widths
    (points) fit the Axes at equal aspect, and apply them."""
    x0, x1, y0, y1 = content
    bbox = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    width_pt, height_pt = bbox.width * fig_w * 72, bbox.height * fig_h * 72
    side_pt = (left_width + gap if left_width else 0) + (right_width + gap if right_width else 0)
    usable_w = max(width_pt - side_pt - 2 * margin, width_pt * 0.25)
    scale = min(usable_w / (x1 - x0), (height_pt - 2 * margin) / (y1 - y0))
    left_pad = (left_width + gap if left_width else 0) + margin
    right_pad = (right_width + gap if right_width else 0) + margin
    total_w = width_pt / scale
    extra = total_w - (x1 - x0) - (left_pad + right_pad) / scale
    xl = x0 - left_pad / scale - extra / 2  # the drawing and its columns centred
    total_h = height_pt / scale
    yc = (y0 + y1) / 2
    frame = Frame((xl, xl + total_w), (yc - total_h / 2, yc + total_h / 2), scale,
                  x0 - gap * 0.45 / scale, x1 + gap * 0.45 / scale)
    ax.set_xlim(*frame.xlim)
    ax.set_ylim(*frame.ylim)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    return frame


def stack_column(anchors_y: list[float], heights: list[float], *, bottom: float, top: float,
                 gap: float) -> list[float]:
    """Label centres for a column, in the order given (top anchor first): as near each
    anchor as possible, no two closer than their half heights plus ``gap``, inside
    ``bottom``..``top`` when they fit."""
    ys: list[float] = []
    for i, (anchor, height) in enumerate(zip(anchors_y, heights, strict=True)):
        y = min(anchor, top - height / 2)
        if i:
            y = min(y, ys[-1] - (heights[i - 1] + height) / 2 - gap)
        ys.append(y)
    for i in range(len(ys) - 1, -1, -1):
        low = bottom + heights[i] / 2
        if i < len(ys) - 1:
            low = max(low, ys[i + 1] + (heights[i] + heights[i + 1]) / 2 + gap)
        ys[i] = max(ys[i], low)
    # When the column is over-full the upward pass wins: no overlaps, may pass ``top``.
    return ys


def column_width(requests: list[LabelRequest], side: str) -> float:
    """Widest label on ``side``, in points (0 if none)."""
    widths = [text_size(r.text, r.fontsize, r.weight)[0] for r in requests if r.side == side]
    return max(widths, default=0.0)


def place(requests: list[LabelRequest], frame: Frame, *, gap_pt: float = 3.0,
          top_pt: float = 4.0) -> list[PlacedLabel]:
    """Place every request in its column (see the module docstring), keeping ``top_pt``
    points free at the top of the Axes."""
    columns = {side: sorted((r for r in requests if r.side == side),
                            key=lambda r: (-r.anchor[1], r.text))
               for side in ("left", "right")}

    stacks: dict[tuple[str, tuple[LabelRequest, ...]], list[PlacedLabel]] = {}

    def stacked(columns: dict[str, list[LabelRequest]]) -> list[PlacedLabel]:
        placed = []
        for side in ("left", "right"):
            key = (side, tuple(columns[side]))
            if key not in stacks:  # a trial changes one column: the other is kept
                stacks[key] = _stack(columns[side], side, frame, gap_pt, top_pt)
            placed += stacks[key]
        return placed

    return _untangle(columns, stacked)


def _stack(column: list[LabelRequest], side: str, frame: Frame, gap_pt: float,
           top_pt: float) -> list[PlacedLabel]:
    """One column's labels, in the order given, as near their anchors' heights as fits."""
    if not column:
        return []
    scale = frame.points_per_unit
    sizes = [text_size(r.text, r.fontsize, r.weight) for r in column]
    heights = [h / scale for _, h in sizes]
    ys = stack_column([r.anchor[1] for r in column], heights,
                      bottom=frame.ylim[0] + 4 / scale, top=frame.ylim[1] - top_pt / scale,
                      gap=gap_pt / scale)
    x = frame.left_x if side == "left" else frame.right_x
    return [PlacedLabel(r, x, y, w / scale, h) for r, (w, _), y, h
            in zip(column, sizes, ys, heights, strict=True)]


@lru_cache(maxsize=1024)
def group_path(points: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
    """The points a label names, in the order a line along the group joins them: from the
    highest, each time to the nearest point left, so the line does not zigzag."""
    left = sorted(dict.fromkeys(points), key=lambda p: (-p[1], p[0]))
    path = [left.pop(0)]
    while left:
        last = path[-1]
        nearest = min(range(len(left)), key=lambda i: (np.hypot(left[i][0] - last[0],
                                                                 left[i][1] - last[1]), i))
        path.append(left.pop(nearest))
    return tuple(path)


def leader_segments(placed: list[PlacedLabel]) -> tuple[np.ndarray, np.ndarray]:
    """Every straight piece of every leader line as an array (n, 2, 2), with the index of
    the label each belongs to: the line from the label to its anchor and, for a label
    naming a group of points, the line along the group."""
    segments, owners = [], []
    for i, label in enumerate(placed):
        r = label.request
        segments.append(((label.x, label.y), r.anchor))
        owners.append(i)
        if r.more_anchors and r.joined:
            path = group_path((r.anchor, *r.more_anchors))
            segments += list(zip(path[:-1], path[1:], strict=True))
            owners += [i] * (len(path) - 1)
    return np.asarray(segments, dtype=float).reshape(-1, 2, 2), np.asarray(owners)


def crossing_pairs(segments: np.ndarray) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of segments that cross each other. Segments that only meet
    at an end (a group's line through the anchor its leader ends on) do not cross."""
    if len(segments) < 2:
        return []
    a, b = segments[:, 0], segments[:, 1]
    ax, ay, bx, by = a[:, 0, None], a[:, 1, None], b[:, 0, None], b[:, 1, None]

    def turn(px, py, qx, qy, rx, ry):  # sign of the turn p -> q -> r, every pair at once
        return np.sign((qx - px) * (ry - py) - (qy - py) * (rx - px))

    # Row i, column j: do segment j's ends lie on both sides of segment i's line?
    straddles = (turn(ax, ay, bx, by, ax.T, ay.T) * turn(ax, ay, bx, by, bx.T, by.T)) < 0
    i, j = np.nonzero(np.triu(straddles & straddles.T, k=1))
    return list(zip(i.tolist(), j.tolist(), strict=True))


def _crossings(placed: list[PlacedLabel]) -> list[tuple[int, bool, int, bool]]:
    """Crossings between two labels' lines (each label's own lines left aside), as
    (label, on its group line?, other label, on its group line?), first label first."""
    segments, owners = leader_segments(placed)
    on_line = np.r_[False, owners[1:] == owners[:-1]]  # a label's first piece is its leader
    found = set()
    for i, j in crossing_pairs(segments):
        if owners[i] != owners[j]:
            i, j = (i, j) if owners[i] < owners[j] else (j, i)
            found.add((int(owners[i]), bool(on_line[i]), int(owners[j]), bool(on_line[j])))
    return sorted(found)


def _untangle(columns: dict[str, list[LabelRequest]], stacked) -> list[PlacedLabel]:
    """Trade places or retarget group leaders while that removes crossings (a few rounds
    at most: each accepted change removes at least one crossing)."""
    placed = stacked(columns)
    crossings = _crossings(placed)
    for _ in range(4 * len(placed)):
        if not crossings:
            break
        best = _best_change(columns, placed, crossings, stacked, _changes)
        if best is None:  # no trade or retarget helps: leave out a crossed group line
            best = _best_change(columns, placed, crossings, stacked, _dropped_lines)
        if best is None:
            break
        columns, placed, crossings = best
    return placed


def _best_change(columns, placed, crossings, stacked, changes):
    """The first crossing's change (from ``changes``) that removes the most crossings, or
    None if no change removes any."""
    best = None
    for i, i_line, j, j_line in crossings:
        for trial in changes(columns, (placed[i].request, i_line), (placed[j].request, j_line)):
            trial_placed = stacked(trial)
            found = _crossings(trial_placed)
            if len(found) < len(crossings) and (best is None or len(found) < len(best[2])):
                best = (trial, trial_placed, found)
        if best is not None:
            return best
    return None


def _dropped_lines(columns: dict[str, list[LabelRequest]], *crossing):
    """Columns with a crossed group line left out."""
    for request, on_line in crossing:
        if on_line:
            column = [replace(r, joined=False) if r is request else r
                      for r in columns[request.side]]
            yield {**columns, request.side: column}


def _changes(columns: dict[str, list[LabelRequest]], first: tuple[LabelRequest, bool],
             second: tuple[LabelRequest, bool]):
    """Columns with one change that may untangle two crossing lines, each given as
    (label, whether the crossing is on its group line): the labels trade places (same
    column), or a label whose leader crosses leads to another point of its group."""
    (a, _), (b, _) = first, second
    if a.side == b.side:
        column = list(columns[a.side])
        i, j = column.index(a), column.index(b)
        column[i], column[j] = column[j], column[i]
        yield {**columns, a.side: column}
    for request, on_line in (first, second):
        if on_line or not request.more_anchors:
            continue  # another leader does not move a group's line
        # The group's ends along its line and its point nearest the label's column.
        path = group_path((request.anchor, *request.more_anchors))
        nearest = sorted(path, key=lambda p: p[0] if request.side == "left" else -p[0])[:1]
        for point in dict.fromkeys((*path[:1], *path[-1:], *nearest)):
            if point == request.anchor:
                continue
            others = tuple(p for p in (request.anchor, *request.more_anchors) if p != point)
            moved = replace(request, anchor=point, more_anchors=others)
            column = [moved if r is request else r for r in columns[request.side]]
            yield {**columns, request.side: column}


def draw_labels(ax: Axes, placed: list[PlacedLabel], *, leader_color: str = "#555555",
                zorder: float = 20) -> None:
    """Draw placed labels in their margin columns, with leader lines to their anchors."""
    segments, ends = [], []
    for label in placed:
        r = label.request
        ax.text(label.x, label.y, r.text, ha=label.ha, va="center", fontsize=r.fontsize,
                fontweight=r.weight, fontstyle=r.style, color=r.color, zorder=zorder,
                linespacing=LINE_SPACING, gid=f"label-{r.kind}")
        segments.append([(label.x, label.y), r.anchor])
        ends.append(r.anchor)
        if r.more_anchors:
            # One leader to a point of the group and a thin line along the whole group.
            if r.joined:
                segments.append(group_path((r.anchor, *r.more_anchors)))
            ends += list(r.more_anchors)
    if segments:
        ax.add_collection(LineCollection(segments, colors=leader_color, linewidths=0.7,
                                         zorder=zorder - 1, gid="leaders"), autolim=False)
        xs, ys = zip(*ends, strict=True)
        ax.plot(xs, ys, linestyle="none", marker="o", ms=2.2, color=leader_color,
                zorder=zorder - 1, gid="leader-ends")
