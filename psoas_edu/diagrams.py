"""Origin and insertion diagrams for any muscle or muscles in the data, in any view.

Origins are red-ish circles, insertions blue-ish triangles (shape and colour both carry
the meaning); each muscle is a translucent band from its origin area to its insertion.
Disputed attachments are dashed and labelled "disputed"; attachments on the far side of
the bone are hollow and dotted ("seen through"). Nothing here knows any muscle by name:
everything comes from ``attachments.csv`` and ``landmark_positions.csv``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, PathPatch
from matplotlib.path import Path

from .atlas import Atlas
from .figure_style import (
    INSERTION,
    MUSCLE_COLOURS,
    MUSCLE_HATCHES,
    ORIGIN,
    house_style,
    new_axes,
    set_alt_text,
)
from .label_layout import (
    LabelRequest,
    column_width,
    draw_labels,
    fit_frame,
    place,
    text_size,
    wrap,
)
from .lookup import resolve_muscle
from .skeleton import (
    VIEWS,
    LandmarkPosition,
    atlas_cache,
    bone_label_requests,
    bone_outlines,
    draw_bones,
    draw_inline_labels,
    landmark_positions,
    right_side,
    skeleton_region,
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
    "muscle_band",
    "via_points",
]

_VIEW_NAME = {"anterior": "Anterior view", "posterior": "Posterior view",
              "lateral": "Lateral view (from the right)"}


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


def resolve_muscles(atlas: Atlas, muscles: str | Iterable[str]) -> tuple[str, ...]:
    """Muscle ids for a name, id, synonym or teaching group (``"iliopsoas"``), or a list
    of them; in the order given, each once."""
    names = [muscles] if isinstance(muscles, str) else list(muscles)
    groups = atlas.muscles.groupby("group", sort=False)["muscle_id"].apply(tuple).to_dict()
    ids: list[str] = []
    for name in names:
        key = name.strip().lower().replace(" ", "_")
        found = groups.get(key) if key not in set(atlas.muscles["muscle_id"]) else None
        for muscle_id in found or (resolve_muscle(atlas, name),):
            if muscle_id not in ids:
                ids.append(muscle_id)
    if not ids:
        raise ValueError("no muscles given; name at least one muscle or group")
    return tuple(ids)


def _attachment_rows(atlas: Atlas, muscle_id: str) -> tuple:
    """The muscle's rows of ``attachments.csv`` as named tuples (parsed once per atlas)."""
    store = atlas_cache(atlas)
    if "attachments" not in store:
        grouped: dict[str, list] = {}
        for row in atlas.attachments.itertuples(index=False):
            grouped.setdefault(row.muscle_id, []).append(row)
        store["attachments"] = {m: tuple(rows) for m, rows in grouped.items()}
        store["muscle_names"] = dict(zip(atlas.muscles["muscle_id"], atlas.muscles["name"],
                                         strict=True))
    return store["attachments"].get(muscle_id, ())


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
    placed = landmark_positions(atlas, view)
    marks = []
    for row in _attachment_rows(atlas, muscle_id):
        for landmark_id in row.landmark_ids:
            pos: LandmarkPosition = placed[landmark_id]
            marks.append(AttachmentMark(muscle_id, row.end, row.part, landmark_id, pos.x,
                                        pos.y, pos.seen_through, bool(row.disputed)))
    return tuple(marks)


def choose_view(atlas: Atlas, muscle_ids: Iterable[str], view: str = "auto") -> str:
    """``view`` itself, or for ``"auto"`` the view that can draw the most of the
    muscles with the fewest attachments seen through the bone."""
    if view != "auto":
        if view not in VIEWS:
            raise ValueError(f"unknown view {view!r}; expected 'auto' or one of "
                             f"{', '.join(VIEWS)}")
        return view
    ids = list(muscle_ids)

    def cost(candidate: str) -> tuple[int, bool, int]:
        unplaced = [m for m in ids if _missing_landmarks(atlas, m, candidate)]
        marks = [mark for m in ids if m not in unplaced
                 for mark in attachment_marks(atlas, m, candidate)]
        hidden = sum(mark.seen_through for mark in marks)
        # A few attachments seen through the bone are fine; prefer the usual view order.
        return (len(unplaced), hidden * 3 > len(marks), VIEWS.index(candidate))

    return min(VIEWS, key=cost)


def _name(atlas: Atlas, muscle_id: str) -> str:
    _attachment_rows(atlas, muscle_id)
    return str(atlas_cache(atlas)["muscle_names"].get(muscle_id, muscle_id))


def _display(text: str) -> str:
    return text[:1].upper() + text[1:]


def _cross(a, b) -> float:
    """z of the cross product of two 2-D vectors."""
    return float(a[0] * b[1] - a[1] * b[0])


def _rounded_hull(points: list[tuple[float, float]], radii: list[float]) -> np.ndarray:
    """Convex hull of discs around the points: a band with rounded ends."""
    angles = np.linspace(0, 2 * np.pi, 16, endpoint=False)
    ring = np.column_stack([np.cos(angles), np.sin(angles)])
    cloud = np.vstack([np.asarray(p) + r * ring for p, r in zip(points, radii, strict=True)])
    cloud = cloud[np.lexsort((cloud[:, 1], cloud[:, 0]))]

    def half(pts: np.ndarray) -> list[np.ndarray]:
        hull: list[np.ndarray] = []
        for p in pts:
            while len(hull) >= 2 and _cross(hull[-1] - hull[-2], p - hull[-2]) <= 0:
                hull.pop()
            hull.append(p)
        return hull

    lower, upper = half(cloud), half(cloud[::-1])
    return np.asarray(lower[:-1] + upper[:-1])


def muscle_band(origins: list[tuple[float, float]], insertion: tuple[float, float]
                ) -> np.ndarray:
    """Outline of a muscle drawn as a band fanning from its origin area to one
    insertion point."""
    return _rounded_hull(list(origins) + [insertion], [0.8] * len(origins) + [0.35])


def _centroid(points: list[tuple[float, float]]) -> tuple[float, float]:
    xs, ys = zip(*points, strict=True)
    return (float(np.mean(xs)), float(np.mean(ys)))


def via_points(atlas: Atlas, muscle_id: str, view: str) -> tuple[tuple[float, float], ...]:
    """Positions in ``view`` of the landmarks the muscle bends around (``muscle_paths.csv``),
    from origin towards insertion; those not placed in the view are left out."""
    paths = getattr(atlas, "muscle_paths", None)
    if paths is None:
        return ()
    placed = landmark_positions(atlas, view)
    rows = paths[paths["muscle_id"] == muscle_id]
    ids = [lm for vias in rows["via_landmark_ids"] for lm in vias]
    return tuple(dict.fromkeys(placed[lm].xy for lm in ids if lm in placed))


@dataclass(frozen=True)
class _MusclePlan:
    muscle_id: str
    name: str
    marks: tuple[AttachmentMark, ...]
    colour: str
    hatch: str
    vias: tuple[tuple[float, float], ...] = ()

    def points(self, end: str, *, disputed: bool | None = None) -> list[tuple[float, float]]:
        pts = [m.xy for m in self.marks if m.end == end
               and (disputed is None or m.disputed == disputed)]
        return list(dict.fromkeys(pts))

    @property
    def seen_through(self) -> bool:
        return sum(m.seen_through for m in self.marks) * 2 > len(self.marks)

    @property
    def disputed_ends(self) -> tuple[str, ...]:
        return tuple(end for end in ("origin", "insertion")
                     if any(m.disputed for m in self.marks if m.end == end))

    def wedges(self) -> list[tuple[np.ndarray, bool]]:
        """(outline, disputed) for each band from the origin area to an insertion,
        bending around the muscle's via points."""
        origins = self.points("origin", disputed=False) or self.points("origin")
        settled = self.points("insertion", disputed=False)
        out: list[tuple[np.ndarray, bool]] = []
        if self.vias:
            out.append((_rounded_hull(origins + [self.vias[0]],
                                      [0.8] * len(origins) + [0.6]), False))
            for a, b in zip(self.vias, self.vias[1:], strict=False):
                out.append((_rounded_hull([a, b], [0.6, 0.6]), False))
            origins = [self.vias[-1]]
        out += [(muscle_band(origins, p), False) for p in settled]
        for p in self.points("insertion", disputed=True):
            if p not in settled:
                out.append((muscle_band(origins, p), True))
        extra = [p for p in self.points("origin", disputed=True)
                 if p not in self.points("origin", disputed=False)]
        if extra and settled:
            out.append((muscle_band(extra, _centroid(settled)), True))
        return out

    def label_anchor(self) -> tuple[float, float]:
        origin = _centroid(self.points("origin"))
        insertion = _centroid(self.points("insertion"))
        return ((origin[0] + insertion[0]) / 2, (origin[1] + insertion[1]) / 2)


def _plans(atlas: Atlas, muscle_ids: tuple[str, ...], view: str) -> list[_MusclePlan]:
    hatch = len(muscle_ids) <= 6  # beyond that hatching is noise, not help
    return [_MusclePlan(m, _name(atlas, m), attachment_marks(atlas, m, view),
                        MUSCLE_COLOURS[i % len(MUSCLE_COLOURS)],
                        MUSCLE_HATCHES[i % len(MUSCLE_HATCHES)] if hatch else "",
                        via_points(atlas, m, view))
            for i, m in enumerate(muscle_ids)]


def _side(x: float, view: str, centre: float) -> str:
    side = right_side(view)
    if side:
        return "right" if side > 0 else "left"
    return "right" if x > centre else "left"


def _label_requests(atlas: Atlas, plans: list[_MusclePlan], view: str,
                    region: tuple[float, float, float, float]) -> list[tuple[int, LabelRequest]]:
    """(step at which it appears, request) for muscles, disputes and landmarks."""
    centre = (region[0] + region[1]) / 2
    bone_side = -right_side(view)
    names = atlas.landmarks.set_index("landmark_id")["name"]
    requests: list[tuple[int, LabelRequest]] = []
    for plan in plans:
        anchor = plan.label_anchor() if plan.points("insertion") else _centroid(
            plan.points("origin"))
        text = _display(plan.name) + (" (seen through bone)" if plan.seen_through else "")
        requests.append((1, LabelRequest(wrap(text), anchor, _side(anchor[0], view, centre),
                                         kind="muscle", fontsize=10.5, weight="bold")))
        for end in plan.disputed_ends:
            pts = [m.xy for m in plan.marks if m.end == end and m.disputed]
            anchor = _centroid(pts)
            requests.append((1 if end == "origin" else 2, LabelRequest(
                wrap(f"{plan.name} {end}: disputed"), anchor,
                _side(anchor[0], view, centre), kind="dispute", fontsize=9.5, style="italic")))
    def mirrored(point: tuple[float, float]) -> tuple[float, float]:
        return (abs(point[0]) * bone_side, point[1]) if bone_side and point[0] else point

    def landmark_side(point: tuple[float, float]) -> str:
        if bone_side:
            return "right" if bone_side > 0 else "left"
        return _side(point[0], view, centre)

    rows = atlas.attachments.set_index(["muscle_id", "end", "part", "disputed"])["description"]
    single: dict[str, tuple[int, tuple[float, float]]] = {}
    grouped: dict[str, tuple[int, list[tuple[float, float]]]] = {}
    for plan in plans:
        for key in dict.fromkeys((m.end, m.part, m.disputed) for m in plan.marks):
            end, part, disputed = key
            points = [m.xy for m in plan.marks if (m.end, m.part, m.disputed) == key]
            ids = [m.landmark_id for m in plan.marks if (m.end, m.part, m.disputed) == key]
            step = 1 if end == "origin" else 2
            if len(points) >= 3:
                description = rows.loc[(plan.muscle_id, end, part, disputed)]
                text = _short(description if isinstance(description, str)
                              else description.iloc[0])
                earlier = grouped.get(text, (step, []))
                grouped[text] = (min(step, earlier[0]), earlier[1] + points)
                continue
            for landmark_id, point in zip(ids, points, strict=True):
                if landmark_id not in single or step < single[landmark_id][0]:
                    single[landmark_id] = (step, point)
    for landmark_id, (step, point) in single.items():
        requests.append((step, LabelRequest(
            wrap(str(names.get(landmark_id, landmark_id))), mirrored(point),
            landmark_side(point), kind="landmark", fontsize=9.0)))
    for text, (step, points) in grouped.items():
        ordered = sorted({mirrored(p) for p in points}, key=lambda p: (-p[1], p[0]))
        middle = ordered[len(ordered) // 2]
        requests.append((step, LabelRequest(
            wrap(text), middle, landmark_side(points[0]), kind="landmark", fontsize=9.0,
            more_anchors=tuple(p for p in ordered if p != middle))))
    return requests


def _short(description: str, limit: int = 90) -> str:
    """A description cut to its first clause when it is long, for a label."""
    text = description.strip().rstrip(".")
    if len(text) <= limit:
        return text[:1].lower() + text[1:]
    for separator in (", plus ", "; ", ", "):
        head = text.split(separator)[0]
        if 20 <= len(head) <= limit:
            return head[:1].lower() + head[1:]
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _draw_marks(ax: Axes, plans: list[_MusclePlan], ends: tuple[str, ...]) -> None:
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
                ax.plot(xs, ys, linestyle="none", marker=style["marker"],
                        ms=style["size"] * (0.85 if seen else 1.0),
                        mfc="white" if seen else style["color"], mec=style["color"]
                        if seen else "black", mew=1.6 if seen else 0.9, zorder=6,
                        gid=f"{end}{'-seen-through' if seen else ''}"
                            f"{'-disputed' if disputed else ''}")


def _draw_bands(ax: Axes, plans: list[_MusclePlan]) -> None:
    for plan in plans:
        for outline, disputed in plan.wedges():
            path = Path(np.vstack([outline, outline[:1]]), closed=True)
            alpha = 0.16 if plan.seen_through or disputed else 0.42
            ax.add_patch(PathPatch(
                path, facecolor=plan.colour, alpha=alpha, edgecolor="none", zorder=3,
                hatch=None, gid=f"band-{plan.muscle_id}"))
            ax.add_patch(PathPatch(
                path, facecolor="none", edgecolor=plan.colour, hatch=plan.hatch or None,
                linewidth=1.4, linestyle="--" if disputed else (":" if plan.seen_through
                                                                else "-"),
                zorder=4, gid=f"band-edge-{plan.muscle_id}"))


def _draw_pull(ax: Axes, plans: list[_MusclePlan]) -> None:
    """An arrow at each insertion pointing the way the muscle pulls it."""
    for plan in plans:
        settled = plan.points("insertion", disputed=False) or plan.points("insertion")
        start = np.asarray(_centroid(settled))
        target = np.asarray(_centroid(plan.points("origin")))
        direction = target - start
        length = float(np.hypot(*direction))
        if length == 0:
            continue
        end = start + direction / length * min(6.0, 0.45 * length)
        ax.add_patch(FancyArrowPatch(tuple(start), tuple(end), arrowstyle="-|>",
                                     mutation_scale=18, linewidth=2.2, color="black",
                                     zorder=7, gid=f"pull-{plan.muscle_id}"))


def _legend(ax: Axes, plans: list[_MusclePlan], step: int) -> None:
    handles = [Line2D([], [], linestyle="none", marker=ORIGIN["marker"], mfc=ORIGIN["color"],
                      mec="black", ms=ORIGIN["size"], label="origin (circle)")]
    if step >= 2:
        handles.append(Line2D([], [], linestyle="none", marker=INSERTION["marker"],
                              mfc=INSERTION["color"], mec="black", ms=INSERTION["size"],
                              label="insertion (triangle)"))
    if any(m.seen_through for p in plans for m in p.marks):
        handles.append(Line2D([], [], linestyle="none", marker="o", mfc="white",
                              mec="#555555", mew=1.6, ms=8, label="seen through bone (hollow)"))
    if step >= 2 and any(p.disputed_ends for p in plans):
        handles.append(Patch(facecolor="none", edgecolor="#555555", linestyle="--",
                             label="disputed (dashed)"))
    if step >= 3:
        handles.append(Line2D([], [], color="black", marker=">", lw=2,
                              label="direction of pull"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
              ncol=len(handles), frameon=False, handletextpad=0.4, columnspacing=1.4)


def _fit_labels(ax: Axes, region, requests, bone_requests):
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
        if _columns_fit(everything, frame):
            break
    return kept, bones, frame


def _columns_fit(requests: list[LabelRequest], frame) -> bool:
    room = (frame.ylim[1] - frame.ylim[0]) * frame.points_per_unit - 8
    for side in ("left", "right"):
        heights = [text_size(r.text, r.fontsize, r.weight)[1] + 3 for r in requests
                   if r.side == side]
        if sum(heights) > room:
            return False
    return True


def attachments_alt_text(atlas: Atlas, muscle_ids: Iterable[str], view: str, *,
                         step: int = 3, hidden: Iterable[str] = ()) -> str:
    """Alt text for an attachment diagram, written from the data."""
    names = atlas.landmarks.set_index("landmark_id")["name"]
    parts = []
    for muscle_id in muscle_ids:
        rows = atlas.attachments[atlas.attachments["muscle_id"] == muscle_id]
        ends = []
        for end in ("origin", "insertion")[: 1 if step == 1 else 2]:
            end_rows = rows[rows["end"] == end]
            settled = [names[lm] for ids in end_rows[~end_rows["disputed"]]["landmark_ids"]
                       for lm in ids]
            disputed = [names[lm] for ids in end_rows[end_rows["disputed"]]["landmark_ids"]
                        for lm in ids]
            text = f"{end} on {', '.join(dict.fromkeys(settled))}" if settled else end
            if disputed:
                text += f" (disputed: {' or '.join(dict.fromkeys(disputed))})"
            ends.append(text)
        parts.append(f"{_display(_name(atlas, muscle_id))}: {'; '.join(ends)}.")
    legend = "Origins are circles" + (", insertions triangles" if step >= 2 else "")
    legend += (", and arrows show the direction each muscle pulls." if step >= 3 else ".")
    text = (f"{_VIEW_NAME[view]} of the right lower back, pelvis and thigh, showing where "
            f"{len(parts)} muscle{'s' if len(parts) != 1 else ''} attach. "
            + " ".join(parts) + " " + legend)
    hidden = list(hidden)
    if hidden:
        text += (" Not drawn in this view: "
                 + ", ".join(_name(atlas, m) for m in hidden) + ".")
    return text


def draw_attachments(atlas: Atlas, muscles: str | Iterable[str], *, view: str = "anterior",
                     ax: Axes | None = None, step: int = 3, labels: bool = True,
                     missing: str = "raise", title: str | None = None) -> Axes:
    """Draw where muscles attach: origins, insertions and a band between them.

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
        With alt text (see :func:`psoas_edu.figure_style.alt_text`).

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
    plans = _plans(atlas, shown, view)
    points = [m.xy for p in plans for m in p.marks]
    region = skeleton_region(view, points, margin=5.0)
    outlines = bone_outlines(atlas, view)
    requests = _label_requests(atlas, plans, view, region) if labels else []
    bone_requests, inline = (bone_label_requests(outlines, view, region) if labels
                             else ([], []))
    if view == "lateral":
        bone_requests = []  # the lateral columns are full of muscles and landmarks
    ends = ("origin",) if step == 1 else ("origin", "insertion")
    with house_style():
        ax = new_axes(ax)
        requests, bone_requests, frame = _fit_labels(ax, region, requests, bone_requests)
        everything = [r for _, r in requests] + bone_requests
        draw_bones(ax, outlines, region)
        draw_inline_labels(ax, inline)
        if step >= 2:
            _draw_bands(ax, plans)
        _draw_marks(ax, plans, ends)
        if step >= 3:
            _draw_pull(ax, plans)
        visible = {id(r) for s, r in requests if s <= step} | {id(r) for r in bone_requests}
        draw_labels(ax, [p for p in place(everything, frame) if id(p.request) in visible])
        _legend(ax, plans, step)
        names = (", ".join(_display(p.name) if i == 0 else p.name for i, p in enumerate(plans))
                 if len(plans) <= 3 else f"{len(plans)} muscles")
        ax.set_title(title if title is not None else f"{names}: {_VIEW_NAME[view].lower()}",
                     y=1.0)
        if hidden:
            ax.text(0.5, 0.005, "Not drawn in this view: "
                    + ", ".join(_name(atlas, m) for m in hidden), transform=ax.transAxes,
                    ha="center", va="bottom", fontsize=9, style="italic", gid="note-hidden")
    set_alt_text(ax, attachments_alt_text(atlas, shown, view, step=step, hidden=hidden))
    return ax


def attachment_steps(atlas: Atlas, muscles: str | Iterable[str], *, view: str = "anterior",
                     **options) -> Iterator[Axes]:
    """Yield the step-by-step figures for class: origins, then insertions, then pull.

    ``options`` are passed to :func:`draw_attachments` (except ``ax`` and ``step``).
    """
    for step in (1, 2, 3):
        yield draw_attachments(atlas, muscles, view=view, step=step, **options)
