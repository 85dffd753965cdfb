"""Small multiples of a group of muscles: one panel per muscle in one Axes.

Each panel shows the same skeleton with one muscle highlighted (its belly, tendons and
attachments) and the group's other muscles as faint grey shapes for context. The panels
are laid out side by side in the data coordinates of a single Axes: the skeleton and each
muscle's shape are computed once per figure and every panel draws them through a shifted
transform, so a panel costs a few artists and no geometry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.path import Path
from matplotlib.transforms import Affine2D, Bbox, TransformedBbox

from ..facts.atlas import Atlas
from .attachments import (
    SEEN_THROUGH_STYLE,
    _draw_bands,
    _draw_marks,
    _facts,
    _lower_first,
    _name,
    _plans,
    _short,
    drawable_views,
    resolve_muscles,
)
from .label_layout import text_size, wrap
from .skeleton import bone_outlines, draw_bones, right_side, skeleton_region
from .style import OKABE_ITO, house_style, new_axes, set_alt_text

__all__ = ["draw_team", "only_parts", "team_alt_text"]

#: The highlighted muscle of each panel: one strong colour, so "highlighted" reads the
#: same in every panel; the panel's title names it and its outline is the only dark one.
HIGHLIGHT = OKABE_ITO["bluish_green"]
#: The other muscles of the group, for context.
FAINT = "#B0B0B0"
#: (behind the bone, in front) fill and edge colours of the faint muscles.
_FAINT_FACES = (np.array(to_rgba(FAINT, 0.10)), np.array(to_rgba(FAINT, 0.22)))
_FAINT_EDGES = (np.array(to_rgba(FAINT, 0.6)), np.array(to_rgba(FAINT, 0.9)))

#: A new figure's width and its Axes' width.
_FIGURE_WIDTH_IN = 10.0
_AXES_WIDTH_IN = 0.98 * _FIGURE_WIDTH_IN
#: Room above a new figure's Axes for its title, and below it.
_TOP_IN = 0.45
_BOTTOM_IN = 0.1

_TITLE_PT = 10.0
_NOTE_PT = 10.0
_MARKER_SHRINK = 0.6
#: Kinds of bone outline too small to read in a panel.
_PANEL_LEFT_OUT = frozenset({"detail", "detail_fill"})
#: Room (points) for the two-line note under the panels and the orientation line above.
_NOTE_ROOM_PT = 2 * _NOTE_PT * 1.25 + 4
_ORIENTATION_ROOM_PT = 14.0
_ORIENTATION = {"anterior": "right side, seen from the front (body's right on the left)",
                "posterior": "right side, seen from behind (body's right on the right)",
                "lateral": "right side, seen from the right (front of the body to the right)"}


def _panel_title(name: str, width_pt: float) -> str:
    """The muscle's name wrapped to the panel's width."""
    lines: list[str] = []
    for word in (name[:1].upper() + name[1:]).split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and text_size(joined, _TITLE_PT)[0] <= width_pt:
            lines[-1] = joined
        else:
            lines.append(word)
    return "\n".join(lines)


def _faint_paths(plan) -> list[tuple[Path, bool]]:
    """(outline, behind the bone) of every belly and tendon of a muscle."""
    paths = [(Path(np.vstack([o, o[:1]]), closed=True), seen)
             for o, _, seen in plan.belly_parts]
    paths += [(Path(np.vstack([o, o[:1]]), closed=True), seen) for o, _, seen in plan.tendons]
    return paths


def _layout(count: int, columns: int | None, panel: tuple[float, float], title_lines: int,
            axes_pt: tuple[float, float] | None,
            min_panel_pt: float) -> tuple[int, int, float, float, float]:
    """Rows, columns, the gap between panels, the room for titles above each panel and
    for the note below, in data units. By default the grid is the one closest to square
    whose panels are at least ``min_panel_pt`` wide (so every word of a title fits). The
    title room depends on the drawing's scale, which depends on the room: a few rounds
    of fixed-point iteration settle it."""
    width, height = panel
    gap = 0.08 * width
    if columns is None:
        across = axes_pt[0] if axes_pt else _AXES_WIDTH_IN * 72
        fits = [c for c in range(1, count + 1) if across / c >= min_panel_pt] or [1]
        columns = min(fits, key=lambda c: abs(
            -(-count // c) * height * 1.1 / (c * width + (c - 1) * gap) - 1.0))
    columns = max(1, min(columns, count))
    rows = -(-count // columns)
    title_pt = _TITLE_PT * 1.25 * title_lines + 4
    note_pt = _NOTE_ROOM_PT + _ORIENTATION_ROOM_PT  # the note below, orientation above
    title = note = 0.15 * height
    for _ in range(3):
        total_w = columns * width + (columns - 1) * gap
        total_h = rows * (height + title) + note
        if axes_pt is None:  # a new figure is sized to fit the panels' width
            scale = _AXES_WIDTH_IN * 72 / total_w
        else:
            scale = min(axes_pt[0] / total_w, axes_pt[1] / total_h)
        title, note = title_pt / scale, note_pt / scale
    return rows, columns, gap, title, note


def only_parts(plan, parts: Iterable[str]):
    """The plan with only the named parts of the muscle (their strands and attachments),
    its name followed by the parts shown, e.g. "adductor magnus (adductor part)"."""
    parts = tuple(parts)
    shapes = tuple(s for s in plan.shapes if s.part in parts)
    marks = tuple(m for m in plan.marks if m.part in parts)
    shown = ", ".join(p.replace("_", " ") for p in parts)
    return replace(plan, name=f"{plan.name} ({shown})", shapes=shapes, marks=marks)


def draw_team(atlas: Atlas, muscles: str | Iterable[str], *, view: str = "anterior",
              ax: Axes | None = None, title: str | None = None,
              columns: int | None = None,
              parts: Mapping[str, Iterable[str]] | None = None) -> Axes:
    """Small multiples of a group of muscles, drawn into one Axes: one panel per muscle,
    that muscle highlighted with its attachments, the group's others faint for context.

    Parameters
    ----------
    atlas
        The loaded facts.
    muscles
        Muscle ids, names or groups; those that cannot be drawn in ``view`` are left out
        and named under the panels.
    view
        ``"anterior"``, ``"posterior"`` or ``"lateral"``.
    ax
        Axes to draw into (all panels share it); a new figure sized for the panels if
        None. Nothing is drawn outside this Axes.
    title
        Title above the panels; the view and side by default.
    columns
        Panels per row; by default as many as make the grid of panels closest to square.
    parts
        Muscle id -> the parts to draw (``muscle_paths.csv`` parts), for a muscle only
        part of which belongs to the group; every part of the others is drawn.

    Returns
    -------
    matplotlib.axes.Axes
        With alt text naming every panel's muscle.

    Raises
    ------
    ValueError
        If none of the muscles can be drawn in ``view``.
    """
    ids = resolve_muscles(atlas, muscles)
    shown = tuple(m for m in ids if view in drawable_views(atlas, m))
    hidden = [m for m in ids if m not in shown]
    if not shown:
        raise ValueError(f"none of these muscles can be drawn in the {view} view")
    parts = dict(parts or {})
    plans = [only_parts(p, parts[p.muscle_id]) if p.muscle_id in parts else p
             for p in _plans(atlas, shown, view)]
    x0, x1, y0, y1 = skeleton_region(view, [m.xy for p in plans for m in p.marks],
                                     margin=3.0)
    side = right_side(view)
    if side:  # only the drawn (right) half
        x0, x1 = (x0, 2.0) if side < 0 else (-2.0, x1)
    width, height = x1 - x0, y1 - y0
    if ax is not None:
        box = ax.get_position()
        fig_w, fig_h = ax.figure.get_size_inches()
        axes_pt = (box.width * fig_w * 72, box.height * fig_h * 72)
    else:
        axes_pt = None
    lines = 2
    words = {w for p in plans for w in p.name.split()}
    widest = max(text_size(w, _TITLE_PT)[0] for w in words) + 2
    for _ in range(2):  # the titles' wrapping and the panels' scale depend on each other
        rows, columns, gap, title_room, note_room = _layout(len(plans), columns,
                                                            (width, height), lines, axes_pt,
                                                            widest)
        total_w = columns * width + (columns - 1) * gap
        scale = (axes_pt[0] if axes_pt else _AXES_WIDTH_IN * 72) / total_w
        titles = [_panel_title(p.name, (width + gap) * scale)
                  for p in plans]
        lines = max(t.count("\n") + 1 for t in titles)
    total_h = rows * (height + title_room) + note_room
    above = note_room * _ORIENTATION_ROOM_PT / (_NOTE_ROOM_PT + _ORIENTATION_ROOM_PT)
    with house_style():
        if ax is None:
            height_in = _AXES_WIDTH_IN * total_h / total_w
            figure_in = height_in + _TOP_IN + _BOTTOM_IN
            ax = new_axes(None, figsize=(_FIGURE_WIDTH_IN, figure_in))
            ax.set_position((0.01, _BOTTOM_IN / figure_in, 0.98, height_in / figure_in))
        ax.set_axis_off()
        ax.set_xlim(0, total_w)
        ax.set_ylim(-total_h, 0)
        ax.set_aspect("equal")
        ax.set_title(title or f"{view.capitalize()} view: one muscle per panel", fontsize=13)
        ax.text(total_w / 2, 0, _ORIENTATION[view][:1].upper() + _ORIENTATION[view][1:],
                ha="center", va="top", fontsize=10, style="italic", gid="note-orientation")
        # Panels are small: bones without their ridges and small details.
        outlines = tuple(o for o in bone_outlines(atlas, view)
                         if o.kind not in _PANEL_LEFT_OUT)
        faint = [_faint_paths(p) for p in plans]
        highlighted = [replace(p, colour=HIGHLIGHT, hatch="") for p in plans]
        for i, plan in enumerate(plans):
            row, column = divmod(i, columns)
            left = column * (width + gap)
            top = -above - row * (height + title_room) - title_room
            shift = Affine2D().translate(left - x0, top - y1) + ax.transData
            clip = TransformedBbox(Bbox.from_extents(x0, y0, x1, y1), shift)
            artists = [draw_bones(ax, outlines, (x0, x1, y0, y1))]
            others = [(path, behind) for j, paths in enumerate(faint) if j != i
                      for path, behind in paths]
            if others:
                behind = np.array([b for _, b in others])
                context = PathCollection(
                    [path for path, _ in others],
                    facecolors=np.where(behind[:, None], *_FAINT_FACES),
                    edgecolors=np.where(behind[:, None], *_FAINT_EDGES),
                    linestyles=[SEEN_THROUGH_STYLE if b else "-" for b in behind],
                    linewidths=0.8, zorder=2.4, gid=f"context-{plan.muscle_id}")
                ax.add_collection(context, autolim=False)
                artists.append(context)
            artists += _draw_bands(ax, [highlighted[i]])
            marks = _draw_marks(ax, [highlighted[i]], ("origin", "insertion"))
            for line in marks:  # panel-sized markers
                line.set_markersize(line.get_markersize() * _MARKER_SHRINK)
            artists += marks
            for artist in artists:
                artist.set_transform(shift)
                artist.set_clip_box(clip)
            ax.text(left + width / 2, top + 0.15 * title_room, titles[i], ha="center",
                    va="bottom", fontsize=_TITLE_PT, gid="panel-title",
                    style="italic" if _behind_the_bone(plan) else "normal")
        note = ("Green: the panel's muscle, origins as circles, insertions as triangles; "
                "grey: the others. Dotted outline, hollow markers and name in italics: "
                "all or part of the muscle behind the bone.")
        if hidden:
            note += " Not drawn in this view: " + ", ".join(_name(atlas, m) for m in hidden)
        characters = int(total_w * _note_scale(ax, total_w) / (0.55 * _NOTE_PT))
        ax.text(total_w / 2, -total_h, wrap(note, max(characters, 40)), ha="center",
                va="bottom", fontsize=_NOTE_PT, style="italic", gid="note")
    set_alt_text(ax, team_alt_text(atlas, shown, view, hidden=hidden, parts=parts,
                                   plans=plans))
    return ax


def _behind_the_bone(plan) -> bool:
    """Whether all or part of the panel's muscle is drawn behind the bone."""
    return plan.seen_through or plan.partly_seen_through or any(
        seen for *_, seen in plan.belly_parts) or any(seen for *_, seen in plan.tendons)


def _note_scale(ax: Axes, total_w: float) -> float:
    """Points per data unit across the Axes' width."""
    box = ax.get_position()
    return box.width * ax.figure.get_size_inches()[0] * 72 / total_w


def _course(atlas: Atlas, muscle_id: str, parts: tuple[str, ...] | None) -> str:
    """"from <origins> to <insertions>" in the data's words (settled rows of the parts
    shown)."""
    facts = _facts(atlas)
    rows = [r for r in facts.attachments.get(muscle_id, ())
            if not facts.drawn_disputed[id(r)] and (parts is None or r.part in parts)]
    ends = []
    for end in ("origin", "insertion"):
        texts = dict.fromkeys(_lower_first(_short(r.description, 160)) for r in rows
                              if r.end == end)
        ends.append("; ".join(texts) or "not recorded")
    return f"from {ends[0]} to {ends[1]}"


def team_alt_text(atlas: Atlas, shown: Iterable[str], view: str, *,
                  hidden: Iterable[str] = (),
                  parts: Mapping[str, Iterable[str]] | None = None,
                  plans: Iterable | None = None) -> str:
    """Alt text of :func:`draw_team`, written from the data: each panel's muscle, where it
    runs from and to, and whether it is drawn behind the bone. ``plans`` are the panels
    as drawn (built again when not given)."""
    shown = list(shown)
    hidden = list(hidden)
    parts = {m: tuple(p) for m, p in (parts or {}).items()}
    if plans is None:
        plans = [only_parts(p, parts[p.muscle_id]) if p.muscle_id in parts else p
                 for p in _plans(atlas, tuple(shown), view)]
    plans = {p.muscle_id: p for p in plans}
    panels = []
    for m in shown:
        name = _name(atlas, m) + (
            f" ({', '.join(p.replace('_', ' ') for p in parts[m])} only)" if m in parts else "")
        plan = plans[m]
        behind = ("; drawn behind the bone" if plan.seen_through else
                  "; partly behind the bone" if _behind_the_bone(plan) else "")
        panels.append(f"{name}, {_course(atlas, m, parts.get(m))}{behind}")
    text = (f"{view.capitalize()} view, {_ORIENTATION[view]}, in {len(shown)} small "
            f"panels, one per muscle, each highlighting one muscle and its attachments "
            f"with the others faint. " + ". ".join(p[:1].upper() + p[1:] for p in panels)
            + ". Muscles behind the bone are drawn with dotted outlines and hollow markers,"
            " and their names are in italics.")
    if hidden:
        text += f" Not drawn in this view: {', '.join(_name(atlas, m) for m in hidden)}."
    return text
