"""Lines of pull at the hip in the lateral view: which muscles pass in front of the joint
centre (and so flex the hip) and which pass behind it (and so extend it).

A muscle pulls its insertion along its last straight stretch: from the origin, or from the
last landmark it bends around (``muscle_paths.csv``), to the insertion. Whether that line
passes in front of or behind the hip joint centre is geometry; the course's actions data
say what the muscle does. The two must agree, and the tests check that they do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from .atlas import Atlas
from .diagrams import _display, _name, attachment_marks, resolve_muscles
from .figure_style import OKABE_ITO, house_style, new_axes, set_alt_text
from .label_layout import LabelRequest, column_width, draw_labels, fit_frame, place, wrap
from .skeleton import bone_outlines, draw_bones, landmark_positions, skeleton_region

__all__ = [
    "LineOfAction",
    "LIMB_BONES",
    "hip_centre",
    "lines_of_action",
    "hip_roles",
    "draw_line_of_pull",
    "line_of_pull_alt_text",
]

#: Bones below the hip joint: a muscle from the trunk or pelvis to one of these crosses it.
LIMB_BONES = frozenset({"femur", "patella", "tibia", "fibula"})

#: Styles: in front (flexion side) solid blue, behind (extension side) dashed orange.
_FRONT = {"color": OKABE_ITO["blue"], "linestyle": "-", "text": "passes in front of the hip"}
_BEHIND = {"color": OKABE_ITO["vermillion"], "linestyle": "--",
           "text": "passes behind the hip"}
_NOT_CROSSING = {"color": "#777777", "linestyle": ":", "text": "does not cross the hip"}


@dataclass(frozen=True)
class LineOfAction:
    """One muscle part's path in the lateral view and its pull relative to the hip.

    ``moment_arm`` is the signed distance from the hip centre to the last straight stretch
    of the path: positive when the line passes in front of the centre (a flexing pull),
    negative behind it (an extending pull).
    """

    muscle_id: str
    part: str
    path: tuple[tuple[float, float], ...]
    crosses_hip: bool
    moment_arm: float

    @property
    def acting_segment(self) -> tuple[tuple[float, float], tuple[float, float]]:
        return (self.path[-2], self.path[-1])

    @property
    def side(self) -> str:
        """``"front"``, ``"behind"`` or ``"none"`` (does not cross the hip)."""
        if not self.crosses_hip:
            return "none"
        return "front" if self.moment_arm > 0 else "behind"


def hip_centre(atlas: Atlas) -> tuple[float, float]:
    """Centre of the femoral head in the lateral view (outline ``femoral_head``)."""
    for outline in bone_outlines(atlas, "lateral"):
        if outline.outline_id == "femoral_head":
            return outline.centroid
    raise ValueError("bone_outlines.csv has no 'femoral_head' outline in the lateral view; "
                     "the line-of-pull diagram needs it to find the hip joint centre")


def _centroid(points: list[tuple[float, float]]) -> tuple[float, float]:
    return (float(np.mean([p[0] for p in points])), float(np.mean([p[1] for p in points])))


def _signed_distance(start, end, centre) -> float:
    """Signed distance from ``centre`` to the line pulling ``end`` towards ``start``;
    positive when the pull turns the thigh forwards (front of the body is +x)."""
    force = np.subtract(start, end)
    lever = np.subtract(end, centre)
    length = float(np.hypot(*force))
    torque = lever[0] * force[1] - lever[1] * force[0]
    return float(torque) / length if length else 0.0


def lines_of_action(atlas: Atlas, muscle_id: str) -> tuple[LineOfAction, ...]:
    """The muscle's lines of action in the lateral view, one per origin part.

    Settled attachments are used; a disputed end is used only when it has no settled row.
    """
    marks = attachment_marks(atlas, muscle_id, "lateral")
    bones = atlas.landmarks.set_index("landmark_id")["bone"]
    centre = hip_centre(atlas)
    paths = getattr(atlas, "muscle_paths", None)
    positions = landmark_positions(atlas, "lateral")

    def chosen(end: str):
        rows = [m for m in marks if m.end == end]
        settled = [m for m in rows if not m.disputed]
        return settled or rows

    origins, insertions = chosen("origin"), chosen("insertion")
    lines = []
    for part in dict.fromkeys(m.part for m in origins):
        start = [m.xy for m in origins if m.part == part]
        ends = [m for m in insertions if m.part in (part, "whole")] or insertions
        vias: list[tuple[float, float]] = []
        if paths is not None:
            rows = paths[(paths["muscle_id"] == muscle_id)
                         & paths["part"].isin([part, "whole"])]
            vias = [positions[lm].xy for ids in rows["via_landmark_ids"] for lm in ids
                    if lm in positions]
        path = (_centroid(start), *vias, _centroid([m.xy for m in ends]))
        crosses = (any(bones[m.landmark_id] not in LIMB_BONES
                       for m in origins if m.part == part)
                   and any(bones[m.landmark_id] in LIMB_BONES for m in ends))
        lines.append(LineOfAction(muscle_id, part, tuple(path), crosses,
                                  _signed_distance(path[-2], path[-1], centre)))
    return tuple(lines)


def hip_roles(atlas: Atlas, muscle_id: str) -> tuple[str, ...]:
    """The muscle's sagittal actions at the hip from ``actions.csv``: ``flexion``
    and/or ``extension`` (undisputed rows only)."""
    actions = atlas.actions
    rows = actions[(actions["muscle_id"] == muscle_id) & (actions["joint"] == "hip")
                   & actions["movement"].isin(["flexion", "extension"]) & ~actions["disputed"]]
    return tuple(m for m in ("flexion", "extension") if m in set(rows["movement"]))


def _role_text(roles: tuple[str, ...]) -> str:
    return {("flexion",): "hip flexor", ("extension",): "hip extensor",
            ("flexion", "extension"): "hip flexor and extensor"}.get(roles, "")


def line_of_pull_alt_text(atlas: Atlas, lines: Iterable[LineOfAction]) -> str:
    """Alt text for a line-of-pull diagram, from the computed lines."""
    groups: dict[str, list[str]] = {"front": [], "behind": [], "none": []}
    for line in lines:
        name = _name(atlas, line.muscle_id)
        if line.part != "whole":
            name += f" ({line.part.replace('_', ' ')})"
        if name not in groups[line.side]:
            groups[line.side].append(name)
    text = ("Lateral view of the right hip, seen from the right with the front of the body "
            "to the right, showing each muscle's line of pull and the hip joint centre.")
    if groups["front"]:
        text += " Passing in front of the hip centre (pulling into flexion): " + ", ".join(
            groups["front"]) + "."
    if groups["behind"]:
        text += " Passing behind it (pulling into extension): " + ", ".join(
            groups["behind"]) + "."
    if groups["none"]:
        text += " Not crossing the hip: " + ", ".join(groups["none"]) + "."
    return text


def draw_line_of_pull(atlas: Atlas, muscles: str | Iterable[str], *, ax: Axes | None = None,
                      title: str | None = None) -> Axes:
    """Draw the hip joint centre and each muscle's line of pull in the lateral view.

    Lines passing in front of the centre are solid blue, lines behind it dashed
    orange-red, and muscles that do not cross the hip dotted grey; a thin dotted
    perpendicular shows each moment arm and an arrow the direction of pull.

    Parameters
    ----------
    atlas
        The loaded facts.
    muscles
        A muscle id, name, synonym or teaching group, or a list of them.
    ax
        Axes to draw into; a new projector-sized figure if None.
    title
        Title above the drawing.

    Returns
    -------
    matplotlib.axes.Axes
        With alt text (see :func:`psoas_edu.figure_style.alt_text`).
    """
    muscle_ids = resolve_muscles(atlas, muscles)
    lines = [line for m in muscle_ids for line in lines_of_action(atlas, m)]
    centre = hip_centre(atlas)
    points = [p for line in lines for p in line.path] + [centre]
    region = skeleton_region("lateral", points, margin=4.0)
    requests = []
    labelled: set[tuple[str, tuple]] = set()
    for line in lines:
        if (line.muscle_id, line.acting_segment) in labelled:
            continue  # parts that share their last stretch get one label
        labelled.add((line.muscle_id, line.acting_segment))
        (x0, y0), (x1, y1) = line.acting_segment
        anchor = (x0 + 0.35 * (x1 - x0), y0 + 0.35 * (y1 - y0))
        name = _display(_name(atlas, line.muscle_id))
        shared = [x for x in lines if x.muscle_id == line.muscle_id]
        distinct = len({x.acting_segment for x in shared}) > 1
        if line.part != "whole" and distinct:
            name += f" ({line.part.replace('_', ' ')})"
        roles = hip_roles(atlas, line.muscle_id)
        role = _role_text(roles) if len(roles) == 1 or not distinct else ""
        text = wrap(name + (f": {role}" if role else ""))
        side = {"front": "right", "behind": "left"}.get(line.side, "left")
        style = {"front": _FRONT, "behind": _BEHIND}.get(line.side, _NOT_CROSSING)
        requests.append(LabelRequest(text, anchor, side, kind="muscle", fontsize=10,
                                     weight="bold", color=style["color"]))
    requests.append(LabelRequest("hip joint centre", centre, "left", kind="joint",
                                 fontsize=10, style="italic"))
    with house_style():
        ax = new_axes(ax)
        frame = fit_frame(ax, region, left_width=column_width(requests, "left"),
                          right_width=column_width(requests, "right"))
        draw_bones(ax, bone_outlines(atlas, "lateral"), region)
        ax.axvline(centre[0], color="#999999", lw=0.8, ls=(0, (2, 3)), zorder=2,
                   gid="hip-vertical")
        for line in lines:
            style = {"front": _FRONT, "behind": _BEHIND}.get(line.side, _NOT_CROSSING)
            xs, ys = zip(*line.path, strict=True)
            ax.plot(xs, ys, color=style["color"], linestyle=style["linestyle"], lw=2.4,
                    zorder=5, gid=f"pull-{line.muscle_id}-{line.part}",
                    solid_capstyle="round")
            (sx, sy), (ex, ey) = line.acting_segment
            ax.add_patch(FancyArrowPatch((ex, ey), (ex + 0.3 * (sx - ex), ey + 0.3 * (sy - ey)),
                                         arrowstyle="-|>", mutation_scale=16,
                                         color=style["color"], lw=0, zorder=6))
            if line.crosses_hip:
                foot = _foot(centre, (sx, sy), (ex, ey))
                ax.plot([centre[0], foot[0]], [centre[1], foot[1]], color=style["color"],
                        lw=0.9, ls=":", zorder=5, gid=f"moment-arm-{line.muscle_id}")
        ax.plot(*centre, marker="o", ms=13, mfc="white", mec="black", mew=1.6, zorder=8,
                gid="hip-centre")
        ax.plot(*centre, marker="+", ms=13, mec="black", mew=1.6, zorder=9)
        draw_labels(ax, place(requests, frame))
        ax.text(0.99, 0.99, "front of body →", transform=ax.transAxes, ha="right", va="top",
                fontsize=10, style="italic", gid="note-front")
        ax.text(0.01, 0.99, "← back of body", transform=ax.transAxes, ha="left", va="top",
                fontsize=10, style="italic", gid="note-back")
        handles = [Line2D([], [], color=s["color"], ls=s["linestyle"], lw=2.4, label=s["text"])
                   for s in (_FRONT, _BEHIND, _NOT_CROSSING)
                   if any({"front": _FRONT, "behind": _BEHIND}.get(x.side, _NOT_CROSSING) is s
                          for x in lines)]
        handles.append(Line2D([], [], ls="none", marker="o", ms=11, mfc="white", mec="black",
                              label="hip joint centre"))
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                  ncol=len(handles), frameon=False)
        ax.set_title(title if title is not None else "Line of pull at the hip (lateral view)",
                     y=1.0)
    set_alt_text(ax, line_of_pull_alt_text(atlas, lines))
    return ax


def _foot(point, a, b) -> tuple[float, float]:
    """Foot of the perpendicular from ``point`` to the line through ``a`` and ``b``."""
    a, b, p = np.asarray(a), np.asarray(b), np.asarray(point)
    d = b - a
    t = float(np.dot(p - a, d) / np.dot(d, d))
    foot = a + t * d
    return (float(foot[0]), float(foot[1]))
