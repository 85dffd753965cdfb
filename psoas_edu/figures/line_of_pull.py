"""Lines of pull at the hip in the lateral view: which muscles pass in front of the joint
centre (and so flex the hip) and which pass behind it (and so extend it).

A muscle pulls its insertion along its last straight stretch: from the origin, or from the
last landmark it bends around (``muscle_paths.csv``), to the insertion. Whether that line
passes in front of or behind the hip joint centre is geometry; the course's actions data
say what the muscle does. The two must agree, and the tests check that they do.

The figure draws each line of action as a segment through the region of the hip, with an
arrowhead the way it pulls, over a tint of the half in front of the centre ("flexes the
hip") and the half behind it ("extends the hip"); by default for a teaching selection of
muscles, or for every hip flexor and extensor with ``all_muscles=True``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Rectangle

from ..facts.atlas import Atlas
from ..facts.hedges import hedged_note
from .attachments import _display, _name, attachment_marks, drawable_views, resolve_muscles
from .label_layout import LabelRequest, column_width, draw_labels, fit_frame, place, wrap
from .muscle_model import strand_shapes, strands
from .skeleton import (
    ORIENTATION_PT,
    atlas_cache,
    bone_outlines,
    draw_bones,
    draw_orientation,
)
from .style import OKABE_ITO, house_style, new_axes, set_alt_text

__all__ = [
    "LineOfAction",
    "DrawnPull",
    "LIMB_BONES",
    "TEACHING_SELECTION",
    "hip_centre",
    "lines_of_action",
    "hip_roles",
    "teaching_selection",
    "all_hip_muscles",
    "drawn_pulls",
    "draw_line_of_pull",
    "line_of_pull_alt_text",
]

#: Bones below the hip joint: a muscle from the trunk or pelvis to one of these crosses it.
LIMB_BONES = frozenset({"femur", "patella", "tibia", "fibula"})

#: Iliopsoas, its main synergists in hip flexion and its antagonists: the default
#: selection, a teaching choice (every muscle is drawn with ``all_muscles=True``).
TEACHING_SELECTION = ("iliopsoas", "rectus femoris", "sartorius", "tensor fasciae latae",
                      "pectineus", "gluteus maximus", "hamstrings")

#: Styles: in front (flexion side) solid blue, behind (extension side) dashed orange.
_FRONT = {"color": OKABE_ITO["blue"], "linestyle": "-", "zone": "flexes",
          "text": "passes in front of the hip: flexes"}
_BEHIND = {"color": OKABE_ITO["vermillion"], "linestyle": "--", "zone": "extends",
           "text": "passes behind the hip: extends"}
_NOT_CROSSING = {"color": "#777777", "linestyle": ":", "zone": "none",
                 "text": "does not cross the hip"}
_STYLE = {"front": _FRONT, "behind": _BEHIND, "none": _NOT_CROSSING}
#: The hip action of a line passing on each side of the joint.
_SIDE_ROLE = {"front": "flexion", "behind": "extension", "none": ""}


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
    #: The stretch of the path that pulls across the hip (by default its last stretch).
    acting: tuple[tuple[float, float], tuple[float, float]] | None = None

    @property
    def acting_segment(self) -> tuple[tuple[float, float], tuple[float, float]]:
        return self.acting or (self.path[-2], self.path[-1])

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
    store = atlas_cache(atlas)
    key = ("lines", muscle_id)
    if key not in store:
        store[key] = _lines_of_action(atlas, muscle_id)
    return store[key]


def _acting_stretch(path: tuple[tuple[float, float], ...], level: float
                    ) -> tuple[tuple[float, float], tuple[float, float]]:
    """The stretch of the path that pulls across the hip: from its last corner above the
    joint's level to its first corner below it (corners within a unit of the level, such
    as the greater trochanter the iliotibial tract passes over, are passed by); the first
    stretch for a muscle that starts below the hip."""
    above = [i for i, (_, y) in enumerate(path) if y > level + 1.0]
    if not above:
        return (path[0], path[1])
    i = above[-1] if above[-1] < len(path) - 1 else len(path) - 2
    below = [j for j in range(i + 1, len(path)) if path[j][1] < level - 1.0]
    return (path[i], path[below[0] if below else i + 1])


def _lines_of_action(atlas: Atlas, muscle_id: str) -> tuple[LineOfAction, ...]:
    attachment_marks(atlas, muscle_id, "lateral")  # raises ViewError when not placed
    bones = dict(zip(atlas.landmarks["landmark_id"], atlas.landmarks["bone"], strict=True))
    centre = hip_centre(atlas)
    lines = []
    for shape in strand_shapes(atlas, muscle_id, "lateral"):
        if shape.disputed:
            continue
        strand = next(s for s in strands(atlas, muscle_id) if s.part == shape.part)
        path = shape.corners
        crosses = (any(bones[lm] not in LIMB_BONES for lm in strand.from_ids)
                   and any(bones[lm] in LIMB_BONES for lm in strand.to_ids))
        start, end = _acting_stretch(path, centre[1])
        lines.append(LineOfAction(muscle_id, shape.part, tuple(path), crosses,
                                  _signed_distance(start, end, centre), (start, end)))
    return tuple(lines)


def hip_roles(atlas: Atlas, muscle_id: str) -> tuple[str, ...]:
    """The muscle's sagittal actions at the hip from ``actions.csv``: ``flexion``
    and/or ``extension`` (undisputed rows whose note does not hedge them, see
    :func:`psoas_edu.facts.hedges.hedged_note`)."""
    roles = _hip_actions(atlas).get(muscle_id, {})
    return tuple(m for m in ("flexion", "extension") if m in roles)


def _hip_actions(atlas: Atlas) -> dict[str, dict[str, str]]:
    """muscle_id -> {movement: role} for undisputed, unhedged hip flexion and extension
    rows."""
    store = atlas_cache(atlas)
    if "hip_actions" not in store:
        actions = atlas.actions
        rows = actions[(actions["joint"] == "hip")
                       & actions["movement"].isin(["flexion", "extension"])
                       & ~actions["disputed"]]
        found: dict[str, dict[str, str]] = {}
        for muscle_id, movement, role, note in zip(rows["muscle_id"], rows["movement"],
                                                   rows["role"], rows["note"], strict=True):
            if hedged_note(note):  # weak or position-dependent: not taught as a fact
                continue
            found.setdefault(muscle_id, {})[movement] = role
        store["hip_actions"] = found
    return store["hip_actions"]


def teaching_selection(atlas: Atlas) -> tuple[str, ...]:
    """The muscles of :data:`TEACHING_SELECTION` that the atlas has, that can be drawn in
    the lateral view and that flex or extend the hip."""
    ids = []
    for name in TEACHING_SELECTION:
        try:
            ids += resolve_muscles(atlas, name)
        except KeyError:
            continue  # a trimmed-down atlas without this muscle
    return tuple(m for m in dict.fromkeys(ids)
                 if "lateral" in drawable_views(atlas, m) and hip_roles(atlas, m))


def all_hip_muscles(atlas: Atlas) -> tuple[str, ...]:
    """Every muscle that can be drawn in the lateral view and flexes or extends the hip."""
    return tuple(m for m in atlas.muscles["muscle_id"]
                 if hip_roles(atlas, m) and "lateral" in drawable_views(atlas, m))


@dataclass(frozen=True)
class DrawnPull:
    """One line drawn in the figure: a muscle's line of action (its parts on the same side
    of the hip averaged), or the mean line of muscles that pull alike (see
    :func:`drawn_pulls`).

    ``start`` and ``end`` are the ends of the segment drawn through the hip region; the
    arrowhead is at ``end``, the way the muscle pulls the thigh. ``foot`` is the foot of
    the perpendicular from the hip centre (the moment arm).
    """

    label: str
    muscle_ids: tuple[str, ...]
    side: str
    start: tuple[float, float]
    end: tuple[float, float]
    moment_arm: float
    foot: tuple[float, float]
    prime_mover: bool

    @property
    def gid(self) -> str:
        return "pull-" + "+".join(self.muscle_ids)


def _unit(vector) -> np.ndarray:
    vector = np.asarray(vector, dtype=float)
    return vector / float(np.hypot(*vector))


def _merge(lines: list[LineOfAction], centre: tuple[float, float]) -> LineOfAction:
    """One line from several: the mean of their last straight stretches."""
    if len(lines) == 1:
        return lines[0]
    start = tuple(np.mean([line.acting_segment[0] for line in lines], axis=0))
    end = tuple(np.mean([line.acting_segment[1] for line in lines], axis=0))
    return LineOfAction(lines[0].muscle_id, "whole", (start, end), lines[0].crosses_hip,
                        _signed_distance(start, end, centre))


def _alike(a: LineOfAction, b: LineOfAction, *, degrees: float, arm: float) -> bool:
    """Whether two lines are within ``degrees`` and ``arm`` of moment arm of each other."""
    da = _unit(np.subtract(*a.acting_segment))
    db = _unit(np.subtract(*b.acting_segment))
    angle = np.degrees(np.arccos(np.clip(float(np.dot(da, db)), -1.0, 1.0)))
    return angle <= degrees and abs(a.moment_arm - b.moment_arm) <= arm


def _same_line(a: tuple[str, LineOfAction], b: tuple[str, LineOfAction],
               groups: dict[str, str]) -> bool:
    """Lines a student could not tell apart near the hip: alike within one muscle group,
    or all but identical whatever the group."""
    (id_a, line_a), (id_b, line_b) = a, b
    if line_a.side != line_b.side or line_a.side == "none":
        return False
    # Muscles of different groups keep their own lines, however alike: gracilis is not
    # rectus femoris.
    return groups.get(id_a) == groups.get(id_b) and _alike(line_a, line_b, degrees=10.0,
                                                            arm=1.0)


def _cluster_label(atlas: Atlas, cluster: list[tuple[str, LineOfAction]],
                   groups: dict[str, str]) -> str:
    """The name of one drawn line: "Iliopsoas (psoas major, iliacus)", "Gluteus maximus",
    "Adductor magnus (hamstring part) and hamstrings (...)"."""
    by_group: dict[str, list[str]] = {}
    for muscle_id, line in cluster:
        name = _name(atlas, muscle_id)
        own = lines_of_action(atlas, muscle_id)
        if len({x.side for x in own}) > 1:  # e.g. adductor magnus: name the parts
            name += " (" + ", ".join(x.part.replace("_", " ") for x in own
                                     if x.side == line.side) + ")"
        by_group.setdefault(groups.get(muscle_id, muscle_id), []).append(name)
    parts = [f"{group.replace('_', ' ')} ({', '.join(names)})" if len(names) > 1 else names[0]
             for group, names in by_group.items()]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return _display(joined)


def drawn_pulls(atlas: Atlas, muscle_ids: tuple[str, ...], *, reach: float = 12.0
                ) -> list[DrawnPull]:
    """The lines a line-of-pull figure draws for ``muscle_ids``.

    Parts of one muscle on the same side of the hip become one line; muscles of one
    group (``muscles.csv``) whose lines are alike (within 10 degrees and 1 unit of moment
    arm) share a line named after the group, and so do any muscles whose lines are all but
    the same (within 4 degrees and half a unit). Lines that cross the hip are drawn as
    segments of length ``2 * reach`` centred on the foot of the perpendicular from the
    hip centre; a line that does not cross the hip is drawn along the muscle.
    """
    hip = hip_centre(atlas)
    centre = np.asarray(hip)
    groups = dict(zip(atlas.muscles["muscle_id"], atlas.muscles["group"], strict=True))
    per_muscle: list[tuple[str, LineOfAction]] = []
    for muscle_id in muscle_ids:
        lines = lines_of_action(atlas, muscle_id)
        sides = list(dict.fromkeys(line.side for line in lines))
        if len(sides) > 1:  # parts on both sides: only those whose action is taught
            roles = hip_roles(atlas, muscle_id)
            sides = [s for s in sides if _SIDE_ROLE[s] in roles] or sides
        for side in sides:
            per_muscle.append((muscle_id, _merge([x for x in lines if x.side == side],
                                                 hip)))
    clusters: list[list[tuple[str, LineOfAction]]] = []
    for item in per_muscle:
        for cluster in clusters:
            if _same_line(cluster[0], item, groups):
                cluster.append(item)
                break
        else:
            clusters.append([item])
    pulls = []
    for cluster in clusters:
        ids = tuple(muscle_id for muscle_id, _ in cluster)
        line = _merge([x for _, x in cluster], hip)
        label = _cluster_label(atlas, cluster, groups)
        (sx, sy), (ex, ey) = line.acting_segment
        pull = _unit((sx - ex, sy - ey))  # the insertion is pulled towards the origin
        foot = np.asarray(_foot(centre, (sx, sy), (ex, ey)))
        if line.crosses_hip:
            half = float(np.sqrt(max(reach ** 2 - line.moment_arm ** 2, (reach / 2) ** 2)))
            # Never past the attachments (or the landmark the muscle bends around).
            insertion = np.asarray((ex, ey))
            length = float(np.hypot(sx - ex, sy - ey))
            along = float(np.dot(foot - insertion, pull))
            low, high = max(along - half, 0.0), min(along + half, length)
            # A line whose origin lies below the hip's level (the hamstrings) is drawn
            # down along the muscle instead of as a stub at its origin.
            low = max(min(low, high - reach), 0.0)
            if high - low < 2.0:
                low, high = 0.0, length
            start, end = insertion + low * pull, insertion + high * pull
        else:
            start, end = np.asarray((ex, ey)), np.asarray((sx, sy))
        prime = any(_hip_actions(atlas).get(m, {}).get(
            "flexion" if line.side == "front" else "extension") == "prime mover" for m in ids)
        pulls.append(DrawnPull(label, ids, line.side, (float(start[0]), float(start[1])),
                               (float(end[0]), float(end[1])), line.moment_arm,
                               (float(foot[0]), float(foot[1])), prime and line.crosses_hip))
    return pulls


def line_of_pull_alt_text(atlas: Atlas, lines: Iterable[LineOfAction | DrawnPull]) -> str:
    """Alt text for a line-of-pull diagram, from the computed lines."""
    groups: dict[str, list[str]] = {"front": [], "behind": [], "none": []}
    arms = []
    for line in lines:
        if isinstance(line, DrawnPull):
            name = line.label[:1].lower() + line.label[1:]
            if line.prime_mover:
                arms.append(name)
        else:
            name = _name(atlas, line.muscle_id)
            if line.part != "whole":
                name += f" ({line.part.replace('_', ' ')})"
        if name not in groups[line.side]:
            groups[line.side].append(name)
    text = ("Lateral view of the right hip, seen from the right with the front of the body "
            "to the right, showing each muscle's line of pull through the region of the hip, "
            "with an arrow the way it pulls the thigh, and the hip joint centre. The half "
            "in front of the centre is shaded as the side that flexes the hip, the half "
            "behind as the side that extends it.")
    if groups["front"]:
        text += " Passing in front of the hip centre (pulling into flexion): " + ", ".join(
            groups["front"]) + "."
    if groups["behind"]:
        text += " Passing behind it (pulling into extension): " + ", ".join(
            groups["behind"]) + "."
    if groups["none"]:
        text += " Not crossing the hip: " + ", ".join(groups["none"]) + "."
    if arms:
        text += (" The moment arm, the perpendicular distance from the hip centre to the "
                 "line, is drawn for " + " and ".join(arms) + ".")
    return text


#: Half the height of the tinted strip at the level of the hip centre.
_STRIP = 3.5


def _shade(ax: Axes, centre: tuple[float, float], region) -> None:
    """Tint a strip at the level of the hip centre: in front of the centre "flexes the
    hip", behind it "extends the hip". Where a line crosses the strip tells what it does."""
    x0, x1, _, _ = region
    cx, cy = centre
    for (left, right), style, words, ha in (
            ((cx, x1), _FRONT, "in front:\nflexes the hip", "right"),
            ((x0, cx), _BEHIND, "behind:\nextends the hip", "left")):
        ax.add_patch(Rectangle((left, cy - _STRIP), right - left, 2 * _STRIP,
                               facecolor=style["color"], alpha=0.16, edgecolor=style["color"],
                               linewidth=0.8, zorder=1.5, gid=f"zone-{style['zone']}"))
        x = right - 0.5 if ha == "right" else left + 0.5
        # Below the level of the centre, clear of the leader to it.
        ax.text(x, cy - 0.5, words, ha=ha, va="top", fontsize=11, fontweight="bold",
                color=style["color"], zorder=12, linespacing=1.05, gid=f"note-{style['zone']}")
    ax.add_line(Line2D([cx, cx], [region[2], region[3]], color="#777777", lw=0.9,
                       ls=(0, (3, 3)), zorder=2, gid="hip-vertical"))


def _draw_moment_arm(ax: Axes, pull: DrawnPull, centre: tuple[float, float]) -> None:
    foot = np.asarray(pull.foot)
    c = np.asarray(centre)
    ax.plot([c[0], foot[0]], [c[1], foot[1]], color="black", lw=1.6, zorder=7,
            solid_capstyle="butt", gid=f"moment-arm-{'+'.join(pull.muscle_ids)}")
    # A small right-angle mark where the perpendicular meets the line.
    along = _unit(np.subtract(pull.end, pull.start)) * 0.7
    back = _unit(c - foot) * 0.7 if np.hypot(*(c - foot)) > 0 else along[::-1]
    corner = np.vstack([foot + along, foot + along + back, foot + back])
    ax.plot(corner[:, 0], corner[:, 1], color="black", lw=0.9, zorder=7)


#: Markers that tell lines of one colour apart without colour: one at each line's tail,
#: the same one where its label's leader ends.
LINE_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "h", "*", "p")


def _clearest_points(pulls: list[DrawnPull]) -> dict[int, tuple[float, float]]:
    """For each line, the point on it farthest from every other line (ties: nearer its
    tail, where its marker is)."""
    t = np.linspace(0.0, 1.0, 41)
    segments = [(np.asarray(p.start, dtype=float), np.asarray(p.end, dtype=float))
                for p in pulls]
    anchors = {}
    for i, pull in enumerate(pulls):
        a, b = segments[i]
        points = a + t[:, None] * (b - a)
        clearance = np.full(len(t), np.inf)
        for j, (c, d) in enumerate(segments):
            if j == i:
                continue
            cd = d - c
            u = np.clip(((points - c) @ cd) / float(cd @ cd or 1.0), 0.0, 1.0)
            nearest = c + u[:, None] * cd
            clearance = np.minimum(clearance, np.hypot(*(points - nearest).T))
        best = int(np.argmax(np.round(clearance, 1) - 1e-3 * t))
        anchors[id(pull)] = (float(points[best, 0]), float(points[best, 1]))
    return anchors


def _label_anchors(pulls: list[DrawnPull], centre: tuple[float, float], reach: float
                   ) -> dict[int, tuple[float, float]]:
    """Where each label's leader ends: with many lines, at the point of its line farthest
    from every other line; with few, on its line above the hip at heights a step apart
    (the line farthest out highest). Either way each leader plainly ends on one line."""
    if len(pulls) > 2:
        return _clearest_points(pulls)
    anchors: dict[int, tuple[float, float]] = {}
    for side, sign in (("front", 1.0), ("behind", -1.0), ("none", -1.0)):
        mine = [p for p in pulls if p.side == side]
        top = centre[1] + 0.85 * reach

        def x_at(pull: DrawnPull, y: float) -> float:
            (x0, y0), (x1, y1) = pull.start, pull.end
            return x0 + (y - y0) * (x1 - x0) / (y1 - y0) if y1 != y0 else (x0 + x1) / 2

        mine.sort(key=lambda p: -sign * x_at(p, top))
        for i, pull in enumerate(mine):
            low, high = sorted((pull.start[1], pull.end[1]))
            step = min(0.16, 0.7 / max(len(mine) - 1, 1)) * reach
            y = min(max(top - i * step, low + 0.1 * (high - low)),
                    high - 0.1 * (high - low))
            anchors[id(pull)] = (x_at(pull, y), y)
    return anchors


def draw_line_of_pull(atlas: Atlas, muscles: str | Iterable[str] | None = None, *,
                      all_muscles: bool = False, ax: Axes | None = None,
                      title: str | None = None, reach: float = 12.0) -> Axes:
    """Draw the hip joint centre and each muscle's line of pull in the lateral view.

    Each line of action is a straight segment through the region of the hip with an
    arrowhead the way the muscle pulls the thigh. Lines passing in front of the centre
    are solid blue in the half tinted "flexes the hip", lines behind it dashed
    orange-red in the half tinted "extends the hip", and muscles that do not cross the
    hip dotted grey. The moment arm (perpendicular distance from the hip centre to the
    line) is drawn for the prime movers.

    Parameters
    ----------
    atlas
        The loaded facts.
    muscles
        A muscle id, name, synonym or teaching group, or a list of them. By default the
        teaching selection (:func:`teaching_selection`): iliopsoas, its main synergists
        and its antagonists.
    all_muscles
        Draw every muscle that flexes or extends the hip (:func:`all_hip_muscles`)
        instead; do not give ``muscles`` as well.
    ax
        Axes to draw into; a new projector-sized figure if None.
    title
        Title above the drawing.
    reach
        Half the length of each drawn line, in the units of the skeleton (about cm).

    Returns
    -------
    matplotlib.axes.Axes
        With alt text (see :func:`psoas_edu.figures.style.alt_text`).
    """
    if all_muscles and muscles is not None:
        raise ValueError("give either muscles or all_muscles=True, not both")
    if all_muscles:
        muscle_ids = all_hip_muscles(atlas)
    elif muscles is None:
        muscle_ids = teaching_selection(atlas)
    else:
        muscle_ids = resolve_muscles(atlas, muscles)
    centre = hip_centre(atlas)
    store = atlas_cache(atlas)
    key = ("pulls", muscle_ids, reach)
    if key not in store:
        store[key] = drawn_pulls(atlas, muscle_ids, reach=reach)
    pulls = store[key]
    cx, cy = centre
    half_w = reach + 5.0
    points = [p for pull in pulls for p in (pull.start, pull.end)]
    region = (min([cx - half_w] + [x - 1.5 for x, _ in points]),
              max([cx + half_w] + [x + 1.5 for x, _ in points]),
              min([cy - 1.3 * reach] + [y - 1.5 for _, y in points]),
              max([cy + 1.6 * reach] + [y + 1.5 for _, y in points]))
    anchors = _label_anchors(pulls, centre, reach)
    requests = []
    for pull in pulls:
        style = _STYLE[pull.side]
        side = "right" if pull.side == "front" else "left"
        requests.append(LabelRequest(wrap(pull.label, 22), anchors[id(pull)], side, kind="muscle",
                                     fontsize=10.5, weight="bold", color=style["color"]))
    requests.append(LabelRequest("hip joint centre", centre, "left", kind="joint",
                                 fontsize=10, style="italic"))
    arms = [pull for pull in pulls if pull.prime_mover]
    with house_style():
        ax = new_axes(ax)
        frame = fit_frame(ax, region, left_width=column_width(requests, "left"),
                          right_width=column_width(requests, "right"))
        draw_bones(ax, bone_outlines(atlas, "lateral"), region)
        _shade(ax, centre, region)
        for i, pull in enumerate(pulls):
            style = _STYLE[pull.side]
            ax.add_line(Line2D([pull.start[0], pull.end[0]], [pull.start[1], pull.end[1]],
                               color=style["color"], linestyle=style["linestyle"], lw=2.6,
                               zorder=5, gid=pull.gid, solid_capstyle="round",
                               marker=LINE_MARKERS[i % len(LINE_MARKERS)], markevery=[0],
                               ms=9, mfc="white", mec=style["color"], mew=2.0))
            tail = np.asarray(pull.end) - 2.5 * _unit(np.subtract(pull.end, pull.start))
            ax.add_artist(FancyArrowPatch(tuple(tail), pull.end, arrowstyle="-|>",
                                          mutation_scale=20, color=style["color"], lw=0,
                                          zorder=6, gid=f"arrow-{pull.gid[5:]}"))
        for pull in arms:
            _draw_moment_arm(ax, pull, centre)
        ax.add_line(Line2D([cx], [cy], marker="o", ms=13, mfc="white", mec="black", mew=1.6,
                           zorder=8, gid="hip-centre"))
        ax.add_line(Line2D([cx], [cy], marker="+", ms=13, mec="black", mew=1.6, zorder=9))
        draw_labels(ax, place(requests, frame, top_pt=ORIENTATION_PT))
        draw_orientation(ax)
        sides = {pull.side for pull in pulls}
        handles = [Line2D([], [], color=s["color"], ls=s["linestyle"], lw=2.4, marker=">",
                          markevery=[1], label=s["text"])
                   for side, s in _STYLE.items() if side in sides]
        if arms:
            handles.append(Line2D([], [], color="black", lw=1.6, label="moment arm"))
        handles.append(Line2D([], [], ls="none", marker="o", ms=11, mfc="white", mec="black",
                              label="hip joint centre"))
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                  ncol=min(len(handles), 3), frameon=False, columnspacing=1.2,
                  handletextpad=0.5)
        ax.set_title(title if title is not None else "Line of pull at the hip (lateral view)",
                     y=1.0)
    set_alt_text(ax, line_of_pull_alt_text(atlas, pulls))
    return ax


def _foot(point, a, b) -> tuple[float, float]:
    """Foot of the perpendicular from ``point`` to the line through ``a`` and ``b``."""
    a, b, p = np.asarray(a), np.asarray(b), np.asarray(point)
    d = b - a
    t = float(np.dot(p - a, d) / np.dot(d, d))
    foot = a + t * d
    return (float(foot[0]), float(foot[1]))
