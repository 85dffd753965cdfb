"""Origin and insertion diagrams for any muscle or muscles in the data, in any view.

Origins are red-ish circles, insertions blue-ish triangles (shape and colour both carry
the meaning); each muscle is a translucent band from its origin area to its insertion.
Disputed attachments are dashed and labelled "disputed"; attachments on the far side of
the bone are hollow and dotted ("seen through"). Nothing here knows any muscle by name:
everything comes from ``attachments.csv`` and ``landmark_positions.csv``.

Muscles and the places they attach to are named in the margin on the muscles' side, each
leader line ending on the marker (or inside the band) it names; bones are named in the
other margin. Geometry derived from an atlas is kept per atlas, so drawing the same
muscles again only lays out and draws.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch
from matplotlib.path import Path

from ..facts.atlas import Atlas
from ..facts.lookup import resolve_muscle
from .label_layout import (
    LabelRequest,
    column_width,
    distance_to_edges,
    draw_labels,
    fit_frame,
    place,
    text_size,
    wrap,
)
from .ligaments import (
    draw_inguinal_ligament,
    inguinal_ligament,
    inguinal_ligament_handle,
    passes_under_inguinal_ligament,
)
from .muscle_model import (
    StrandShape,
    drawn_disputed,
    seen_through_in,
    strand_shapes,
    strands,
)
from .skeleton import (
    ORIENTATION_PT,
    VIEWS,
    LandmarkPosition,
    atlas_cache,
    bone_label_requests,
    bone_outlines,
    bone_part_labels,
    draw_bone_part_labels,
    draw_bones,
    draw_inline_labels,
    draw_orientation,
    landmark_positions,
    right_side,
    skeleton_region,
)
from .style import (
    INSERTION,
    MUSCLE_COLOURS,
    MUSCLE_HATCHES,
    ORIGIN,
    house_style,
    new_axes,
    set_alt_text,
)

__all__ = [
    "ViewError",
    "AttachmentMark",
    "resolve_muscles",
    "attachment_marks",
    "drawable_views",
    "choose_view",
    "draw_attachments",
    "attachment_steps",
    "attachments_alt_text",
]

_VIEW_NAME = {"anterior": "Anterior view (right side, seen from the front)",
              "posterior": "Posterior view (right side, seen from behind)",
              "lateral": "Lateral view (right side, seen from the right)"}


class ViewError(ValueError):
    """A muscle cannot be drawn in the view asked for; the message names it and the
    views where it can be drawn."""


@dataclass(frozen=True)
class AttachmentMark:
    """One landmark of one attachment, placed in one view."""

    muscle_id: str
    end: str
    part: str
    landmark_id: str
    x: float
    y: float
    seen_through: bool
    disputed: bool

    @property
    def xy(self) -> tuple[float, float]:
        return (self.x, self.y)


@dataclass(frozen=True)
class _Facts:
    """What the diagrams read from an atlas, indexed once per atlas."""

    attachments: dict[str, tuple]
    muscle_names: dict[str, str]
    landmark_names: dict[str, str]
    groups: dict[str, tuple[str, ...]]
    #: (muscle_id, end, part, disputed) -> the first description written for it.
    descriptions: dict[tuple[str, str, str, bool], str]
    #: id(row) -> whether the row is drawn as disputed (see ``drawn_disputed``).
    drawn_disputed: dict[int, bool]


def _facts(atlas: Atlas) -> _Facts:
    store = atlas_cache(atlas)
    if "facts" not in store:
        rows: dict[str, list] = {}
        descriptions: dict[tuple[str, str, str, bool], str] = {}
        for row in atlas.attachments.itertuples(index=False):
            rows.setdefault(row.muscle_id, []).append(row)
        flags = {id(row): d for muscle_rows in rows.values()
                 for row, d in zip(muscle_rows, drawn_disputed(muscle_rows), strict=True)}
        for muscle_rows in rows.values():
            for row in muscle_rows:
                descriptions.setdefault((row.muscle_id, row.end, row.part, flags[id(row)]),
                                        row.description)
        muscles = atlas.muscles
        groups: dict[str, list[str]] = {}
        for muscle_id, group in zip(muscles["muscle_id"], muscles["group"], strict=True):
            groups.setdefault(group, []).append(muscle_id)
        store["facts"] = _Facts(
            {m: tuple(r) for m, r in rows.items()},
            dict(zip(muscles["muscle_id"], muscles["name"], strict=True)),
            dict(zip(atlas.landmarks["landmark_id"], atlas.landmarks["name"], strict=True)),
            {g: tuple(ids) for g, ids in groups.items()},
            descriptions, flags)
    return store["facts"]


def resolve_muscles(atlas: Atlas, muscles: str | Iterable[str]) -> tuple[str, ...]:
    """Muscle ids for a name, id, synonym or teaching group (``"iliopsoas"``), or a list
    of them; in the order given, each once."""
    names = [muscles] if isinstance(muscles, str) else list(muscles)
    facts = _facts(atlas)
    ids: list[str] = []
    for name in names:
        key = name.strip().lower().replace(" ", "_")
        if key in facts.muscle_names:
            found: tuple[str, ...] = (key,)
        else:
            found = facts.groups.get(key) or (resolve_muscle(atlas, name),)
        for muscle_id in found:
            if muscle_id not in ids:
                ids.append(muscle_id)
    if not ids:
        raise ValueError("no muscles given; name at least one muscle or group")
    return tuple(ids)


def _attachment_rows(atlas: Atlas, muscle_id: str) -> tuple:
    """The muscle's rows of ``attachments.csv`` as named tuples."""
    return _facts(atlas).attachments.get(muscle_id, ())


def _missing_landmarks(atlas: Atlas, muscle_id: str, view: str) -> list[str]:
    placed = landmark_positions(atlas, view)
    needed = [lm for row in _attachment_rows(atlas, muscle_id) for lm in row.landmark_ids]
    return sorted({lm for lm in needed if lm not in placed})


def drawable_views(atlas: Atlas, muscle_id: str) -> tuple[str, ...]:
    """Views in which every landmark of the muscle's attachments is placed."""
    return tuple(v for v in VIEWS if not _missing_landmarks(atlas, muscle_id, v))


def attachment_marks(atlas: Atlas, muscle_id: str, view: str) -> tuple[AttachmentMark, ...]:
    """Every attachment landmark of a muscle, placed in ``view``.

    Raises
    ------
    ViewError
        If a landmark has no position in ``view``; the message names the muscle, the
        view, the landmarks and the views where the muscle can be drawn.
    """
    missing = _missing_landmarks(atlas, muscle_id, view)
    if missing:
        name = _name(atlas, muscle_id)
        others = drawable_views(atlas, muscle_id)
        where = (f"it can be drawn in the {', '.join(others)} view" + ("s" if len(others) > 1
                 else "") if others else "it cannot be drawn in any view yet")
        raise ViewError(f"{name} ({muscle_id}) cannot be drawn in the {view} view: "
                        f"landmark{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                        f"{'have' if len(missing) > 1 else 'has'} no position there in "
                        f"landmark_positions.csv; {where}")
    store = atlas_cache(atlas)
    key = ("marks", muscle_id, view)
    if key not in store:
        placed = landmark_positions(atlas, view)
        marks = []
        for row in _attachment_rows(atlas, muscle_id):
            for landmark_id in row.landmark_ids:
                pos: LandmarkPosition = placed[landmark_id]
                marks.append(AttachmentMark(muscle_id, row.end, row.part, landmark_id, pos.x,
                                            pos.y, pos.seen_through,
                                            _facts(atlas).drawn_disputed[id(row)]))
        store[key] = tuple(marks)
    return store[key]


def choose_view(atlas: Atlas, muscle_ids: Iterable[str], view: str = "auto") -> str:
    """``view`` itself, or for ``"auto"`` the view that can draw the most of the
    muscles with the fewest of them behind the bones and the fewest attachments seen
    through the bone."""
    if view != "auto":
        if view not in VIEWS:
            raise ValueError(f"unknown view {view!r}; expected 'auto' or one of "
                             f"{', '.join(VIEWS)}")
        return view
    ids = list(muscle_ids)

    def cost(candidate: str) -> tuple[int, int, int, bool, int]:
        unplaced = [m for m in ids if _missing_landmarks(atlas, m, candidate)]
        placed = [m for m in ids if m not in unplaced]
        marks = [mark for m in placed for mark in attachment_marks(atlas, m, candidate)]
        hidden = sum(mark.seen_through for mark in marks)
        # A muscle whose origins lie behind the bone (a hamstring seen from the front) is
        # better shown from the other side; a few insertions seen through are fine.
        behind = sum(sum(x.seen_through for x in origins) * 2 > len(origins)
                     for m in placed
                     for origins in [[x for x in marks if x.muscle_id == m
                                      and x.end == "origin"]])
        # And a muscle is best shown where it is in front of the bones (muscle_paths.csv).
        unseen = sum(seen_through_in(atlas, m, candidate) for m in placed)
        return (len(unplaced), unseen, behind, hidden * 3 > len(marks),
                VIEWS.index(candidate))

    return min(VIEWS, key=cost)


def _name(atlas: Atlas, muscle_id: str) -> str:
    return str(_facts(atlas).muscle_names.get(muscle_id, muscle_id))


def _display(text: str) -> str:
    return text[:1].upper() + text[1:]


def _centroid(points: list[tuple[float, float]]) -> tuple[float, float]:
    xs, ys = zip(*points, strict=True)
    return (float(np.mean(xs)), float(np.mean(ys)))


@dataclass(frozen=True)
class _MusclePlan:
    muscle_id: str
    name: str
    marks: tuple[AttachmentMark, ...]
    colour: str
    hatch: str
    shapes: tuple[StrandShape, ...] = ()
    behind: bool = False

    def points(self, end: str, *, disputed: bool | None = None) -> list[tuple[float, float]]:
        pts = [m.xy for m in self.marks if m.end == end
               and (disputed is None or m.disputed == disputed)]
        return list(dict.fromkeys(pts))

    @property
    def seen_through(self) -> bool:
        """Whether the muscle lies behind the bones in this view (``muscle_paths.csv``)."""
        return self.behind

    @property
    def disputed_ends(self) -> tuple[str, ...]:
        return tuple(end for end in ("origin", "insertion")
                     if any(m.disputed for m in self.marks if m.end == end))

    @property
    def partly_seen_through(self) -> bool:
        """Whether a stretch of the muscle, not all of it, lies behind the bones."""
        return not self.behind and any(shape.spans for shape in self.shapes
                                       if not shape.disputed)

    @cached_property
    def wedges(self) -> tuple[tuple[np.ndarray, bool], ...]:
        """(outline, disputed) of each fleshy belly, and of each dashed branch to a
        disputed insertion."""
        return tuple((shape.belly, shape.disputed) for shape in self.shapes)

    @cached_property
    def belly_parts(self) -> tuple[tuple[np.ndarray, bool, bool], ...]:
        """(outline, disputed, seen through) of the parts of each belly in front of and
        behind the bones."""
        return tuple((outline, shape.disputed, seen) for shape in self.shapes
                     for outline, seen in (shape.bellies or ((shape.belly, shape.seen_through),)))

    @cached_property
    def tendons(self) -> tuple[tuple[np.ndarray, str, bool], ...]:
        """(outline, "tendon" or "tract", seen through) of each tendinous part."""
        return tuple(t for shape in self.shapes for t in shape.tendons)

    def centre_line(self) -> list[tuple[float, float]]:
        """Points along the first strand's path."""
        centre = self.shapes[0].centre
        return [(float(x), float(y)) for x, y in centre[:: max(len(centre) // 8, 1)]]

    def pulls(self) -> list[tuple[tuple[float, float], tuple[float, float]]]:
        """(insertion, point pulled towards) for each insertion point: it moves along its
        strand's last straight stretch, towards the last landmark the strand bends around
        or towards its origin."""
        towards: dict[tuple[float, float], list[tuple[float, float]]] = {}
        for shape in self.shapes:
            if shape.disputed:
                continue
            ends = [m.xy for m in self.marks if m.end == "insertion"
                    and m.landmark_id in shape.to_ids]
            for end in ends:
                towards.setdefault(end, []).append(shape.corners[-2])
            # An insertion the strand passes on its way (tensor fasciae latae into the
            # iliotibial tract, which goes on to the tibia) is pulled towards the corner
            # before it.
            corners = [tuple(c) for c in shape.corners]
            for mark in self.marks:
                if (mark.end == "insertion" and mark.landmark_id not in shape.to_ids
                        and mark.xy in corners[1:-1]):
                    towards.setdefault(mark.xy, []).append(
                        corners[corners.index(mark.xy) - 1])
        # Strands sharing an insertion (the diaphragm's parts on its central tendon) pull
        # it towards where they come from together.
        pairs = [(end, _centroid(points)) for end, points in towards.items()]
        if len(pairs) > 3:  # a long row of insertions: its two ends and its middle
            pairs = sorted(pairs, key=lambda p: (-p[0][1], p[0][0]))
            pairs = [pairs[0], pairs[len(pairs) // 2], pairs[-1]]
        return pairs


def strands_from(atlas: Atlas, muscle_id: str, shape: StrandShape) -> tuple[str, ...]:
    """The origin landmarks of the strand drawn as ``shape``."""
    return next((s.from_ids for s in strands(atlas, muscle_id) if s.part == shape.part), ())


def _plans(atlas: Atlas, muscle_ids: tuple[str, ...], view: str) -> list[_MusclePlan]:
    hatch = len(muscle_ids) <= 6  # beyond that hatching is noise, not help
    plans = []
    for i, m in enumerate(muscle_ids):
        behind = seen_through_in(atlas, m, view)
        shapes = strand_shapes(atlas, m, view)
        # An attachment at an end of a stretch behind the bones is seen through too.
        # (and so is every attachment of that end of that part).
        hidden = ({("origin", lm) for s in shapes if not s.disputed and s.behind_at(0.0)
                   for lm in strands_from(atlas, m, s)}
                  | {("insertion", lm) for s in shapes if not s.disputed and s.behind_at(1.0)
                     for lm in s.to_ids})
        ends_behind = {(end, s.part) for s in shapes if not s.disputed
                       for end, at in (("origin", 0.0), ("insertion", 1.0))
                       if s.behind_at(at)}
        marks = tuple(AttachmentMark(k.muscle_id, k.end, k.part, k.landmark_id, k.x, k.y,
                                     k.seen_through or behind
                                     or (k.end, k.landmark_id) in hidden
                                     or (k.end, k.part) in ends_behind
                                     or (k.part == "whole"
                                         and any(e == k.end for e, _ in ends_behind)),
                                     k.disputed)
                      for k in attachment_marks(atlas, m, view))
        plans.append(_MusclePlan(m, _name(atlas, m), marks,
                                 MUSCLE_COLOURS[i % len(MUSCLE_COLOURS)],
                                 MUSCLE_HATCHES[i % len(MUSCLE_HATCHES)] if hatch else "",
                                 shapes, behind))
    return plans


def _band_paths(plan: _MusclePlan) -> list[Path]:
    return [Path(outline) for outline, _ in plan.wedges]


def _muscle_anchors(plans: list[_MusclePlan]) -> list[tuple[float, float]]:
    """Where each muscle's leader ends: inside its band, not right next to a marker or an
    earlier anchor (so the leader is not read as naming an attachment), preferably where
    no band drawn over this one lies, away from band edges and pull arrows, near the
    middle."""
    bands = [_band_paths(plan) for plan in plans]
    taken = [m.xy for plan in plans for m in plan.marks]
    for plan in plans:  # and the pull arrows
        for start, end in _pull_arrows(plan):
            taken += [tuple(start + t * (end - start)) for t in (0.25, 0.5, 0.75, 1)]
    anchors: list[tuple[float, float]] = []
    for i, plan in enumerate(plans):
        outline = np.vstack([path.vertices for path in bands[i]])
        (x0, y0), (x1, y1) = outline.min(axis=0), outline.max(axis=0)
        step = max(0.3, float(np.sqrt((x1 - x0) * (y1 - y0) / 1500)))
        gx, gy = np.meshgrid(np.arange(x0, x1, step), np.arange(y0, y1, step))
        grid = np.column_stack([gx.ravel(), gy.ravel()])
        grid = grid[np.any([path.contains_points(grid) for path in bands[i]], axis=0)]
        line = plan.centre_line()
        middle = np.asarray(line[len(line) // 2] if len(line) % 2 else np.mean(
            line[len(line) // 2 - 1: len(line) // 2 + 1], axis=0))
        if not len(grid):
            anchors.append((float(middle[0]), float(middle[1])))
            continue
        covered = np.zeros(len(grid))
        for paths in bands[i + 1:]:  # drawn later, so on top
            covered += np.any([path.contains_points(grid) for path in paths], axis=0)
        avoid = np.asarray(taken + anchors, dtype=float)
        clearance = np.min(np.hypot(grid[:, None, 0] - avoid[None, :, 0],
                                    grid[:, None, 1] - avoid[None, :, 1]), axis=1)
        # The first two wishes decide most; measure depth only where they are best met.
        crowded = clearance < 1.5
        first = np.lexsort((covered, crowded))[0]
        keep = (crowded == crowded[first]) & (covered == covered[first])
        grid, clearance = grid[keep], clearance[keep]
        # Only edges within reach matter: depth counts up to 1 unit.
        near = [path.vertices for paths in bands for path in paths
                if path.vertices[:, 0].min() <= x1 + 1 and path.vertices[:, 0].max() >= x0 - 1
                and path.vertices[:, 1].min() <= y1 + 1 and path.vertices[:, 1].max() >= y0 - 1]
        depth = distance_to_edges(grid, near)
        distance = np.hypot(*(grid - middle).T)
        best = np.lexsort((distance, -np.minimum(clearance, 3.0).round(1),
                           -np.minimum(depth, min(1.0, 0.5 * depth.max())).round(1)))[0]
        anchors.append((float(grid[best, 0]), float(grid[best, 1])))
    return anchors


def _side(x: float, view: str, centre: float) -> str:
    """The margin column for a point: in the frontal views the side of the body the
    diagrams show (the muscle's side), in the lateral view the nearer edge."""
    side = right_side(view)
    if side:
        return "right" if side > 0 else "left"
    return "right" if x > centre else "left"


def _landmark_side(point: tuple[float, float], view: str, centre: float,
                   ischium: tuple[float, float] | None) -> str:
    """:func:`_side`, except that a landmark just in front of the ischium's upright name in
    the lateral view (the lesser trochanter) is labelled from the front, so its leader does
    not cross that name."""
    if ischium is not None and point[0] > ischium[0] and abs(point[1] - ischium[1]) < 3.0:
        return "right"
    return _side(point[0], view, centre)


def _label_requests(atlas: Atlas, plans: list[_MusclePlan], view: str,
                    region: tuple[float, float, float, float]) -> list[tuple[int, LabelRequest]]:
    """(step at which it appears, request) for muscles, disputes and attachment
    landmarks. Every leader ends on the muscle or on a marker it names, so these labels
    share the muscle's side; bones are named on the other side."""
    centre = (region[0] + region[1]) / 2
    facts = _facts(atlas)
    requests: list[tuple[int, LabelRequest]] = []
    for plan, anchor in zip(plans, _muscle_anchors(plans), strict=True):
        text = _display(plan.name) + (" (seen through bone)" if plan.seen_through else
                                      " (partly seen through bone)"
                                      if plan.partly_seen_through else "")
        requests.append((1, LabelRequest(wrap(text), anchor, _side(anchor[0], view, centre),
                                         kind="muscle", fontsize=10.5, weight="bold")))
        for end in plan.disputed_ends:
            pts = [m.xy for m in plan.marks if m.end == end and m.disputed]
            middle = _centroid(pts)
            anchor = min(pts, key=lambda p: np.hypot(p[0] - middle[0], p[1] - middle[1]))
            variation = any(m.end == end and not m.disputed for m in plan.marks)
            text = (f"{plan.name} {end}, a variation: "
                    + _short(facts.descriptions[(plan.muscle_id, end, pts_part(plan, end),
                                                 True)], 70)
                    if variation else f"{plan.name} {end}: disputed")
            requests.append((1 if end == "origin" else 2, LabelRequest(
                wrap(text), anchor,
                _side(anchor[0], view, centre), kind="dispute", fontsize=9.5, style="italic")))
    single: dict[str, tuple[int, tuple[float, float]]] = {}
    grouped: dict[str, tuple[int, list[AttachmentMark]]] = {}
    for plan in plans:
        for key in dict.fromkeys((m.end, m.part, m.disputed) for m in plan.marks):
            end, part, disputed = key
            marks = [m for m in plan.marks if (m.end, m.part, m.disputed) == key]
            step = 1 if end == "origin" else 2
            if len(marks) >= 3:
                text = _short(facts.descriptions[(plan.muscle_id, end, part, disputed)])
                earlier = grouped.get(text, (step, []))
                grouped[text] = (min(step, earlier[0]), earlier[1] + marks)
                continue
            for mark in marks:
                if mark.landmark_id not in single or step < single[mark.landmark_id][0]:
                    single[mark.landmark_id] = (step, mark.xy)
    ischium = dict(bone_part_labels(atlas, view)).get("ischium") if view == "lateral" else None
    for landmark_id, (step, point) in single.items():
        requests.append((step, LabelRequest(
            wrap(str(facts.landmark_names.get(landmark_id, landmark_id))), point,
            _landmark_side(point, view, centre, ischium), kind="landmark", fontsize=9.0)))
    tract_ends = {shape.to_ids[0]: tuple(shape.corners[-1]) for plan in plans
                  for shape in plan.shapes if shape.to_ids
                  and any(kind == "tract" for _, kind, _ in shape.tendons)}
    for landmark_id, point in tract_ends.items():  # where a tract drawn past its mark ends
        name = str(facts.landmark_names.get(landmark_id, landmark_id))
        requests.append((2, LabelRequest(
            wrap(f"the tract continues to the {name}"), point,
            _side(point[0], view, centre), kind="note", fontsize=9.0, style="italic")))
    for text, (step, marks) in grouped.items():
        ordered = sorted({m.xy for m in marks}, key=lambda p: (-p[1], p[0]))
        # The leader ends on a landmark the text names, else on the middle one.
        named = {m.xy for m in marks
                 if facts.landmark_names.get(m.landmark_id, "\0").lower() in text.lower()}
        middle = min(ordered, key=lambda p: (p not in named,
                                             abs(ordered.index(p) - len(ordered) // 2)))
        requests.append((step, LabelRequest(
            wrap(text), middle, _side(middle[0], view, centre), kind="landmark", fontsize=9.0,
            more_anchors=tuple(p for p in ordered if p != middle))))
    return requests


def pts_part(plan: _MusclePlan, end: str) -> str:
    """The part named by the plan's first disputed mark at ``end``."""
    return next(m.part for m in plan.marks if m.end == end and m.disputed)


def _head(text: str, separator: str) -> str:
    """``text`` up to the first ``separator`` outside brackets (all of it if none)."""
    depth = 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and text.startswith(separator, i):
            return text[:i]
    return text


def _short(description: str, limit: int = 320) -> str:
    """A description as a label: without clauses that describe the muscle rather than the
    place (", with its border ...", ", by a tendon ..."), and cut to its first clause
    when still long."""
    text = description.strip().rstrip(".")
    for separator in (", plus ", ", with ", ", by ", "; "):
        head = _head(text, separator)
        if len(head) >= 20:
            text = head
    if len(text) > limit:
        head = _head(text, ", ")
        text = head if 20 <= len(head) <= limit else (
            text[: limit - 1].rsplit(" ", 1)[0] + "…")
    return text[:1].lower() + text[1:]


def _draw_marks(ax: Axes, plans: list[_MusclePlan], ends: tuple[str, ...]) -> list[Line2D]:
    """Origin and insertion markers, one line of markers per kind; returns them."""
    lines = []
    for end, style in (("origin", ORIGIN), ("insertion", INSERTION)):
        if end not in ends:
            continue
        for seen in (False, True):
            for disputed in (False, True):
                pts = [m.xy for p in plans for m in p.marks
                       if m.end == end and m.seen_through == seen and m.disputed == disputed]
                if not pts:
                    continue
                xs, ys = zip(*dict.fromkeys(pts), strict=True)
                lines.append(ax.add_line(Line2D(
                    xs, ys, linestyle="none", marker=style["marker"],
                    ms=style["size"] * (0.85 if seen else 1.0),
                    mfc="white" if seen else style["color"],
                    mec=style["color"] if seen else "black", mew=1.6 if seen else 0.9,
                    zorder=6, gid=f"{end}{'-seen-through' if seen else ''}"
                                  f"{'-disputed' if disputed else ''}")))
    return lines


#: Line style of a muscle behind the bones: dotted, as its hollow markers are.
SEEN_THROUGH_STYLE = ":"


def _draw_bands(ax: Axes, plans: list[_MusclePlan]) -> list[PathCollection]:
    """Per muscle, one collection of fleshy bellies (translucent fill and hatching; dashed
    where the insertion is disputed) and one of tendons and tracts (pale, narrow). A
    muscle behind the bones is faded and dotted, and drawn under those in front. Returns
    the collections."""
    drawn = []
    for plan in plans:
        for behind in (True, False):  # the parts behind the bones first, under the rest
            parts = [(o, d) for o, d, seen in plan.belly_parts if seen == behind]
            if not parts:
                continue
            paths = [Path(np.vstack([outline, outline[:1]]), closed=True)
                     for outline, _ in parts]
            faces = [to_rgba(plan.colour, 0.12 if behind or disputed else 0.42)
                     for _, disputed in parts]
            styles = ["--" if disputed else (SEEN_THROUGH_STYLE if behind else "-")
                      for _, disputed in parts]
            edge = to_rgba(plan.colour, 0.6 if behind else 1.0)
            hatch = plan.hatch[: max(len(plan.hatch) // 2, 1)] if behind else plan.hatch
            drawn.append(ax.add_collection(PathCollection(
                paths, facecolors=faces, edgecolors=[edge], linewidths=1.4,
                linestyles=styles, hatch=hatch or None, zorder=2.6 if behind else 3,
                gid=f"band-{plan.muscle_id}" + ("-behind" if behind and not
                                                plan.seen_through else "")),
                autolim=False))
        for kind in ("tendon", "tract"):
            parts = [(outline, seen) for outline, k, seen in plan.tendons if k == kind]
            if not parts:
                continue
            drawn.append(ax.add_collection(PathCollection(
                [Path(np.vstack([o, o[:1]]), closed=True) for o, _ in parts],
                facecolors=[to_rgba("white" if kind == "tendon" else "#E8E8E8",
                                    0.35 if seen else 0.9) for _, seen in parts],
                edgecolors=[to_rgba(plan.colour, 0.6 if seen else 1.0) for _, seen in parts],
                linewidths=1.2, linestyles=[SEEN_THROUGH_STYLE if seen else "-"
                                            for _, seen in parts],
                hatch="||" if kind == "tract" else None,
                zorder=2.7 if all(seen for _, seen in parts) else 3.1,
                gid=f"{kind}-{plan.muscle_id}"), autolim=False))
    return drawn


def _pull_arrows(plan: _MusclePlan) -> list[tuple[np.ndarray, np.ndarray]]:
    """(start, end) of an arrow at each insertion pointing the way the muscle pulls."""
    arrows = []
    for start, target in plan.pulls():
        start, target = np.asarray(start), np.asarray(target)
        direction = target - start
        length = float(np.hypot(*direction))
        if length:
            arrows.append((start, start + direction / length * min(6.0, 0.45 * length)))
    return arrows


def _draw_pull(ax: Axes, plans: list[_MusclePlan]) -> None:
    """An arrow at each insertion pointing the way the muscle pulls it."""
    for plan in plans:
        for start, end in _pull_arrows(plan):
            ax.add_artist(FancyArrowPatch(tuple(start), tuple(end), arrowstyle="-|>",
                                          mutation_scale=18, linewidth=2.2, color="black",
                                          zorder=7, gid=f"pull-{plan.muscle_id}"))


def _legend(ax: Axes, plans: list[_MusclePlan], step: int, *, ligament: bool = False) -> None:
    handles = [Line2D([], [], linestyle="none", marker=ORIGIN["marker"], mfc=ORIGIN["color"],
                      mec="black", ms=ORIGIN["size"], label="origin (circle)")]
    if step >= 2:
        handles.append(Line2D([], [], linestyle="none", marker=INSERTION["marker"],
                              mfc=INSERTION["color"], mec="black", ms=INSERTION["size"],
                              label="insertion (triangle)"))
    if any(m.seen_through for p in plans for m in p.marks):
        handles.append(Line2D([], [], linestyle="none", marker="o", mfc="white",
                              mec="#555555", mew=1.6, ms=8, label="seen through bone (hollow)"))
    if step >= 2 and any(any(seen for *_, seen in p.belly_parts)
                         or any(seen for *_, seen in p.tendons)
                         for p in plans):
        handles.append(Patch(facecolor=to_rgba("#999999", 0.12), edgecolor="#555555",
                             linestyle=SEEN_THROUGH_STYLE, label="behind the bone (dotted)"))
    if step >= 2 and any(k == "tendon" for p in plans for _, k, _ in p.tendons):
        handles.append(Patch(facecolor="white", edgecolor="#555555", label="tendon (narrow)"))
    if step >= 2 and any(k == "tract" for p in plans for _, k, _ in p.tendons):
        handles.append(Patch(facecolor="#E8E8E8", edgecolor="#555555", hatch="||",
                             label="iliotibial tract"))
    dashed = [(p, end) for p in plans for end in p.disputed_ends if _dashed_apart(p, end)]
    if step >= 2 and dashed:
        variations = all(_is_variation(p, end) for p, end in dashed)
        handles.append(Patch(facecolor="none", edgecolor="#555555", linestyle="--",
                             label="variation (dashed)" if variations
                             else "disputed (dashed)"))
    if step >= 3:
        handles.append(Line2D([], [], color="black", marker=">", lw=2,
                              label="direction of pull"))
    labels = [h.get_label() for h in handles]
    if ligament:
        handles.append(inguinal_ligament_handle())
        labels.append("inguinal ligament (cord)")
    ax.legend(handles=handles, labels=labels, loc="upper center", bbox_to_anchor=(0.5, 0.0),
              ncol=min(len(handles), 4), frameon=False, handletextpad=0.4, columnspacing=1.4,
              fontsize=9.5)


def _is_variation(plan: _MusclePlan, end: str) -> bool:
    """Whether the disputed rows at ``end`` are variations beside a usual, settled
    attachment (rather than a dispute with no settled side)."""
    return any(m.end == end and not m.disputed for m in plan.marks)


def _dashed_apart(plan: _MusclePlan, end: str) -> bool:
    """Whether a dashed branch to a disputed attachment at ``end`` can be seen: it reaches
    a point that no settled attachment of the muscle covers (a variation on the same
    landmark as the usual attachment is drawn under it and only named)."""
    settled = {m.xy for m in plan.marks if m.end == end and not m.disputed}
    return any(m.xy not in settled for m in plan.marks if m.end == end and m.disputed)


def _fit_labels(ax: Axes, region, requests, bone_requests, *, top_pt: float):
    """Fit the frame, dropping landmark and then bone labels when the columns are too
    full to hold them (their names stay in the alt text)."""
    levels = (
        (requests, bone_requests),
        ([(s, r) for s, r in requests if r.kind != "landmark"], bone_requests),
        ([(s, r) for s, r in requests if r.kind != "landmark"], []),
    )
    for kept, bones in levels:
        everything = [r for _, r in kept] + bones
        frame = fit_frame(ax, region, left_width=column_width(everything, "left"),
                          right_width=column_width(everything, "right"))
        if _columns_fit(everything, frame, top_pt=top_pt):
            break
    return kept, bones, frame


def _columns_fit(requests: list[LabelRequest], frame, *, top_pt: float = 4.0) -> bool:
    room = (frame.ylim[1] - frame.ylim[0]) * frame.points_per_unit - 4 - top_pt
    for side in ("left", "right"):
        heights = [text_size(r.text, r.fontsize, r.weight)[1] + 3 for r in requests
                   if r.side == side]
        if sum(heights) > room:
            return False
    return True


def _lower_first(text: str) -> str:
    """``text`` with a capital first letter lowered, unless it begins an abbreviation."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


#: Parts of the body by height in the diagrams' frame (``data/README.md``): a region
#: shows those whose band it overlaps.
_BODY_BANDS = (("lower chest", 100.0, 200.0), ("lower back", 78.0, 100.0),
               ("pelvis", 55.0, 78.0), ("thigh", 24.0, 55.0), ("knee", 3.0, 24.0))


def region_phrase(region: tuple[float, float, float, float]) -> str:
    """The parts of the body a region (x0, x1, y0, y1) shows, e.g. "lower back, pelvis
    and thigh"."""
    _, _, y0, y1 = region
    parts = [name for name, low, high in _BODY_BANDS
             if min(y1, high) - max(y0, low) > 0.2 * (high - low if high < 200 else 20)]
    if not parts:
        return "body"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def attachments_alt_text(atlas: Atlas, muscle_ids: Iterable[str], view: str, *,
                         step: int = 3, hidden: Iterable[str] = (),
                         region: tuple[float, float, float, float] | None = None) -> str:
    """Alt text for an attachment diagram, written from the data; ``region`` (x0, x1,
    y0, y1) is the part of the skeleton drawn (around the muscles' attachments by
    default)."""
    muscle_ids = list(muscle_ids)
    if region is None:
        points = [m.xy for m_id in muscle_ids if not _missing_landmarks(atlas, m_id, view)
                  for m in attachment_marks(atlas, m_id, view)]
        region = skeleton_region(view, points, margin=5.0)
    facts = _facts(atlas)
    names = facts.landmark_names
    marks = {m: attachment_marks(atlas, m, view) for m in muscle_ids
             if not _missing_landmarks(atlas, m, view)}
    parts = []
    for muscle_id in muscle_ids:
        rows = facts.attachments.get(muscle_id, ())
        ends = []
        for end in ("origin", "insertion")[: 1 if step == 1 else 2]:
            end_rows = [r for r in rows if r.end == end]
            drawn = [facts.drawn_disputed[id(r)] for r in end_rows]
            # In the data's own words, as the labels give them.
            settled = [_lower_first(r.description)
                       for r, d in zip(end_rows, drawn, strict=True) if not d]
            others = [r for r, d in zip(end_rows, drawn, strict=True) if d]
            text = (f"{end.capitalize()}: {'; '.join(dict.fromkeys(settled))}" if settled
                    else end.capitalize())
            if others and all(r.disputed for r in end_rows):  # a usual side and variations
                usual = {lm for r in end_rows if r not in others for lm in r.landmark_ids}
                apart = any(lm not in usual for r in others for lm in r.landmark_ids)
                text += f"; a variation{' (dashed)' if apart else ''}: " + "; ".join(
                    dict.fromkeys(_short(r.description, 90) for r in others))
            elif others:
                text += " (disputed: " + " or ".join(dict.fromkeys(
                    names[lm] for r in others for lm in r.landmark_ids)) + ")"
            # The description may name more than the region drawn holds (iliocostalis
            # reaches the neck): say which points carry a marker.
            marked = list(dict.fromkeys(
                str(names.get(m.landmark_id, m.landmark_id)) for m in marks.get(muscle_id, ())
                if m.end == end and not m.disputed))
            if marked:
                text += ". Marked on the drawing: " + (
                    marked[0] if len(marked) == 1
                    else ", ".join(marked[:-1]) + " and " + marked[-1])
            ends.append(text)
        parts.append(f"{_display(_name(atlas, muscle_id))}. {'. '.join(ends)}.")
    legend = "Origins are circles" + (", insertions triangles" if step >= 2 else "")
    legend += (", and arrows show the direction each muscle pulls." if step >= 3 else ".")
    text = (f"{_VIEW_NAME[view]} of the right {region_phrase(region)}, showing where "
            + (f"{len(parts)} muscles attach" if len(parts) != 1 else "1 muscle attaches")
            + {"lateral": ", with the front of the body to the right. ",
               "anterior": ", with the body's right side on the viewer's left. ",
               "posterior": ", with the body's right side on the viewer's right. "}[view]
            + " ".join(parts) + " " + legend)
    under = [_name(atlas, m) for m in muscle_ids if passes_under_inguinal_ligament(atlas, [m])]
    if under and inguinal_ligament(atlas, view) is not None:
        text += (" The inguinal ligament, drawn as a cord from the anterior superior iliac "
                 f"spine to the pubic tubercle, crosses in front: {' and '.join(under)} "
                 f"pass{'es' if len(under) == 1 else ''} deep to it into the thigh.")
    behind = [_name(atlas, m) for m in muscle_ids if seen_through_in(atlas, m, view)]
    partly = [_name(atlas, m) for m in muscle_ids if not seen_through_in(atlas, m, view)
              and any(s.spans for s in strand_shapes(atlas, m, view) if not s.disputed)]
    if behind or partly:
        text += (" Seen through the bones (dotted) in this view: "
                 + "; ".join(behind + [f"part of {n}" for n in partly]) + ".")
    hidden = list(hidden)
    if hidden:
        text += (" Not drawn in this view: "
                 + ", ".join(_name(atlas, m) for m in hidden) + ".")
    return text


@dataclass(frozen=True)
class _Scene:
    """Everything a drawing needs that depends only on the atlas, muscles and view."""

    plans: tuple[_MusclePlan, ...]
    region: tuple[float, float, float, float]
    outlines: tuple
    requests: tuple[tuple[int, LabelRequest], ...]
    bone_requests: tuple[LabelRequest, ...]
    inline: tuple[tuple[str, tuple[float, float]], ...]
    #: (ASIS, pubic tubercle) when a muscle shown passes under the inguinal ligament.
    ligament: tuple[tuple[float, float], tuple[float, float]] | None = None


def _clear_of(label: tuple[str, tuple[float, float]], marks: list[tuple[float, float]],
              *, room: float = 1.6) -> tuple[str, tuple[float, float]] | None:
    """A vertebral level label moved out to the edge of its vertebra when an attachment
    marker sits on it (the xiphoid process in front of T10), or None when no place is
    clear."""
    text, (x, y) = label
    out = 1.0 if x >= 0 else -1.0
    for cx in (x, x + 1.2 * out, x + 2.0 * out):
        if all(np.hypot(cx - mx, y - my) > room for mx, my in marks):
            return (text, (cx, y))
    return None


def _part_clear_of(label: tuple[str, tuple[float, float]], marks: list[tuple[float, float]],
                   *, room: float = 1.4) -> tuple[str, tuple[float, float]]:
    """A bone name written on the bone, moved just below (or above) an attachment marker
    that sits where it would be written (ischium on the ischial tuberosity)."""
    text, (x, y) = label
    for dx, dy in ((0.0, 0.0), (0.0, -1.5), (0.0, 1.5), (0.0, -2.5)):
        if all(np.hypot(x + dx - mx, y + dy - my) > room for mx, my in marks):
            return (text, (x + dx, y + dy))
    return label


def _scene(atlas: Atlas, shown: tuple[str, ...], view: str, labels: bool) -> _Scene:
    store = atlas_cache(atlas)
    key = ("scene", shown, view, labels)
    if key not in store:
        plans = _plans(atlas, shown, view)
        # The marks, and where a tract drawn past its insertion mark ends (the iliotibial
        # tract at Gerdy's tubercle), so the continuation is in the picture.
        points = [m.xy for p in plans for m in p.marks] + [
            tuple(shape.corners[-1]) for p in plans for shape in p.shapes
            if any(kind == "tract" for _, kind, _ in shape.tendons)]
        region = skeleton_region(view, points, margin=5.0)
        outlines = bone_outlines(atlas, view)
        requests = _label_requests(atlas, plans, view, region) if labels else []
        ligament = (inguinal_ligament(atlas, view)
                    if passes_under_inguinal_ligament(atlas, shown) else None)
        if ligament is not None and labels:
            (ax0, ay0), (ax1, ay1) = ligament
            anchor = (ax0 + 0.3 * (ax1 - ax0), ay0 + 0.3 * (ay1 - ay0))
            requests.append((1, LabelRequest(
                wrap("inguinal ligament (muscles pass deep to it)"), anchor,
                _side(anchor[0], view, (region[0] + region[1]) / 2), kind="note",
                fontsize=9.0, style="italic")))
        bone_requests, inline = (bone_label_requests(outlines, view, region,
                                                     bone_side=right_side(view)) if labels
                                 else ([], []))
        written = {text for text, _ in bone_part_labels(atlas, view)} if labels else set()
        bone_requests = [r for r in bone_requests if r.text not in written]
        if view == "lateral":
            bone_requests = []  # the lateral columns are full of muscles and landmarks
        marks = [m.xy for p in plans for m in p.marks]
        inline = [_clear_of(label, marks) for label in inline]
        store[key] = _Scene(tuple(plans), region, outlines, tuple(requests),
                            tuple(bone_requests), tuple(label for label in inline if label),
                            ligament)
    return store[key]


def draw_attachments(atlas: Atlas, muscles: str | Iterable[str], *, view: str = "anterior",
                     ax: Axes | None = None, step: int = 3, labels: bool = True,
                     missing: str = "raise", title: str | None = None) -> Axes:
    """Draw where muscles attach: origins, insertions and a band between them.

    Muscles, their attachments and the landmarks they attach to are labelled in the
    margin on the muscles' side, each leader line ending on the band or marker it
    names; bones are named in the other margin.

    Parameters
    ----------
    atlas
        The loaded facts.
    muscles
        A muscle id, name, synonym or teaching group, or a list of them.
    view
        ``"anterior"``, ``"posterior"``, ``"lateral"``, or ``"auto"`` to choose the view
        that shows the muscles best.
    ax
        Axes to draw into; a new projector-sized figure if None.
    step
        For teaching step by step: 1 shows origins only, 2 adds insertions and the
        muscle, 3 (the default, everything) adds arrows for the direction of pull.
        Labels keep their places from step to step.
    labels
        Label muscles, attachment landmarks and bones.
    missing
        What to do with a muscle whose landmarks are not placed in ``view``: ``"raise"``
        a :class:`ViewError` (default), or ``"skip"`` it and say so under the drawing.
    title
        Title above the drawing; the view's name by default.

    Returns
    -------
    matplotlib.axes.Axes
        With alt text (see :func:`psoas_edu.figures.style.alt_text`).

    Raises
    ------
    ViewError
        If a muscle cannot be drawn in ``view`` and ``missing="raise"``, or none can.
    """
    if step not in (1, 2, 3):
        raise ValueError(f"step must be 1 (origins), 2 (and insertions) or 3 (and pull); "
                         f"got {step!r}")
    if missing not in ("raise", "skip"):
        raise ValueError(f"missing must be 'raise' or 'skip'; got {missing!r}")
    muscle_ids = resolve_muscles(atlas, muscles)
    view = choose_view(atlas, muscle_ids, view)
    hidden = [m for m in muscle_ids if _missing_landmarks(atlas, m, view)]
    if hidden and (missing == "raise" or len(hidden) == len(muscle_ids)):
        attachment_marks(atlas, hidden[0], view)  # raises ViewError with the details
    shown = tuple(m for m in muscle_ids if m not in hidden)
    scene = _scene(atlas, shown, view, labels)
    plans = list(scene.plans)
    ends = ("origin",) if step == 1 else ("origin", "insertion")
    top_pt = ORIENTATION_PT
    with house_style():
        ax = new_axes(ax)
        requests, bone_requests, frame = _fit_labels(ax, scene.region, list(scene.requests),
                                                     list(scene.bone_requests), top_pt=top_pt)
        everything = [r for _, r in requests] + bone_requests
        draw_bones(ax, scene.outlines, scene.region)
        draw_inline_labels(ax, list(scene.inline))
        if labels:
            marks = [m.xy for p in plans for m in p.marks]
            draw_bone_part_labels(ax, [_part_clear_of(label, marks)
                                       for label in bone_part_labels(atlas, view)],
                                  region=scene.region, view=view)
        if step >= 2:
            _draw_bands(ax, plans)
        if scene.ligament is not None:
            draw_inguinal_ligament(ax, scene.ligament)
        _draw_marks(ax, plans, ends)
        if step >= 3:
            _draw_pull(ax, plans)
        # By text: untangling the leaders may hand back a request with another anchor.
        visible = {(r.text, r.kind) for s, r in requests if s <= step} | {
            (r.text, r.kind) for r in bone_requests}
        draw_labels(ax, [p for p in place(everything, frame, top_pt=top_pt)
                         if (p.request.text, p.request.kind) in visible])
        draw_orientation(ax, view)
        _legend(ax, plans, step, ligament=scene.ligament is not None)
        names = (", ".join(_display(p.name) if i == 0 else p.name for i, p in enumerate(plans))
                 if len(plans) <= 3 else f"{len(plans)} muscles")
        ax.set_title(title if title is not None else f"{names}: {_VIEW_NAME[view].lower()}",
                     y=1.0)
        if hidden:
            ax.text(0.5, 0.005, "Not drawn in this view: "
                    + ", ".join(_name(atlas, m) for m in hidden), transform=ax.transAxes,
                    ha="center", va="bottom", fontsize=9, style="italic", gid="note-hidden")
    set_alt_text(ax, attachments_alt_text(atlas, shown, view, step=step, hidden=hidden,
                                          region=scene.region))
    return ax


def attachment_steps(atlas: Atlas, muscles: str | Iterable[str], *, view: str = "anterior",
                     **options) -> Iterator[Axes]:
    """Yield the step-by-step figures for class: origins, then insertions, then pull.

    ``options`` are passed to :func:`draw_attachments` (except ``ax`` and ``step``).
    """
    for step in (1, 2, 3):
        yield draw_attachments(atlas, muscles, view=view, step=step, **options)
