"""Body maps of referred pain: front and back outlines with a muscle's referral zones shaded,
and optionally the trigger-point sites themselves.

Zone shapes live in ``data/body_regions.csv`` (the right side of the body); which zones a
muscle refers pain to, and how prominently, live in the clinical files
(``referral_patterns.csv``, ``referral_zones.csv``). Main zones are dark with dense
hatching, secondary zones pale with dots, so the map reads in grayscale too. Trigger-point
sites (``trigger_point_sites.csv``) are numbered black dots with a white halo, each named
beside its number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
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
    wrap,
)
from .skeleton import atlas_cache, outline_path
from .style import OKABE_ITO, house_style, new_axes, set_alt_text

__all__ = [
    "ReferralZone",
    "TriggerPointSite",
    "trigger_point_sites_for",
    "BODY_OFFSET",
    "region_shapes",
    "referral_zones_for",
    "draw_referral_map",
    "referral_alt_text",
]

#: Horizontal offset of the front (-) and back (+) bodies in the map.
BODY_OFFSET = 30.0

_PROMINENCE = {
    "main": {"face": OKABE_ITO["vermillion"], "alpha": 0.65, "hatch": "////",
             "label": "main referral zone (dark, hatched, bold name)"},
    "secondary": {"face": OKABE_ITO["orange"], "alpha": 0.35, "hatch": "...",
                  "label": "secondary zone (pale, dotted)"},
}

#: Lowest y of the map: room under the feet for the note on sides.
_BOTTOM = -9.0


@dataclass(frozen=True)
class ReferralZone:
    """One zone of one pattern: where it is drawn and how it is described."""

    zone_id: str
    name: str
    view: str
    prominence: str
    evidence_level: str
    disputed: bool


@dataclass(frozen=True)
class TriggerPointSite:
    """Where the body map marks one trigger point, and how it is named."""

    trigger_point_id: str
    name: str
    view: str
    x: float
    y: float
    evidence_level: str


def trigger_point_sites_for(atlas: Atlas, group: str) -> tuple[TriggerPointSite, ...]:
    """The marked trigger points of a muscle group's muscles, in ``trigger_points.csv`` order.

    A trigger point without a row in ``trigger_point_sites.csv`` is not drawn.
    """
    sites = getattr(atlas, "trigger_point_sites", None)
    if sites is None:
        return ()
    members = set(atlas.muscles.loc[atlas.muscles["group"] == group, "muscle_id"])
    names = atlas.muscles.set_index("muscle_id")["name"].to_dict()
    placed = {(r.trigger_point_id): r for r in sites.itertuples(index=False)}
    found = []
    for point in atlas.trigger_points.itertuples(index=False):
        if point.trigger_point_id in placed and set(point.muscle_ids) & members:
            site = placed[point.trigger_point_id]
            muscles = " and ".join(names[m] for m in point.muscle_ids)
            found.append(TriggerPointSite(point.trigger_point_id, f"{muscles} trigger point",
                                          site.view, float(site.x), float(site.y),
                                          point.evidence_level))
    return tuple(found)


def region_shapes(table: pd.DataFrame) -> dict[tuple[str, str], list[np.ndarray]]:
    """(region_id, view) -> shapes (mirror copies included) from ``body_regions``."""
    shapes: dict[tuple[str, str], list[np.ndarray]] = {}
    for row in table.itertuples(index=False):
        pts = np.asarray([[float(v) for v in p.split()] for p in row.points])
        if row.mirror == "yes" and pts[0, 0] == 0 and pts[-1, 0] == 0:
            copies = [np.vstack([pts, (pts * [-1, 1])[-2:0:-1]])]  # one shape across x = 0
        elif row.mirror == "yes":
            copies = [pts, pts * [-1, 1]]
        else:
            copies = [pts]
        shapes.setdefault((row.region_id, row.view), []).extend(copies)
    return shapes


def _region_paths(atlas: Atlas) -> dict[tuple[str, str], list[Path]]:
    """(region_id, view) -> smooth closed paths, already moved to the map's front (left)
    or back (right) body; built once per atlas."""
    store = atlas_cache(atlas)
    if "body_paths" not in store:
        offset = {"front": -BODY_OFFSET, "back": BODY_OFFSET}
        store["body_paths"] = {
            (region, view): [outline_path(tuple(map(tuple, pts + [offset.get(view, 0.0), 0])),
                                          smooth=True, closed=True) for pts in shapes]
            for (region, view), shapes in region_shapes(atlas.body_regions).items()}
    return store["body_paths"]


def _zone_anchors(paths: dict[tuple[str, str], list[Path]],
                  zones: tuple[ReferralZone, ...],
                  avoid: tuple[tuple[float, float], ...] = ()) -> list[tuple[float, float]]:
    """Where each zone's leader ends: inside the zone, clear of the points in ``avoid``
    (numbered trigger-point dots, whose own leaders end there), at a height where the
    leader to the margin (front zones to the left, back zones to the right) crosses no
    other zone if it can, and otherwise as near the zone's middle as possible."""
    anchors = []
    for zone in zones:
        own = paths[(zone.zone_id, zone.view)]
        others = [path for z in zones if z.view == zone.view and z.zone_id != zone.zone_id
                  for path in paths[(z.zone_id, z.view)]]
        pts = np.vstack([path.vertices for path in own])
        (x0, y0), (x1, y1) = pts.min(axis=0), pts.max(axis=0)
        middle = pts.mean(axis=0)
        gx, gy = np.meshgrid(np.linspace(x0, x1, 15), np.linspace(y0, y1, 25))
        grid = np.column_stack([gx.ravel(), gy.ravel()])
        inside = np.any([path.contains_points(grid) for path in own], axis=0)
        grid = grid[inside & (distance_to_edges(
            grid, [poly for path in own for poly in path.to_polygons()]) >= 0.6)]
        if len(grid) and avoid:
            near = np.min([np.hypot(*(grid - np.asarray(p)).T) for p in avoid], axis=0)
            if np.any(near >= _SITE_CLEARANCE):
                grid = grid[near >= _SITE_CLEARANCE]
        if not len(grid) or (not others and not avoid):
            anchors.append((float(middle[0]), float(middle[1])))
            continue
        # Sample the horizontal leader from each candidate out to the margin.
        edge = BODY_OFFSET + 26 if zone.view == "back" else -BODY_OFFSET - 26
        steps = np.linspace(0.0, 1.0, 40)
        crossed = np.zeros(len(grid))
        for t in steps:
            for dy in (-1.0, 0.0, 1.0):  # a little clearance above and below
                probe = np.column_stack([grid[:, 0] + t * (edge - grid[:, 0]), grid[:, 1] + dy])
                crossed += np.any([path.contains_points(probe) for path in others], axis=0)
        best = np.lexsort((np.hypot(*(grid - middle).T), crossed))[0]
        anchors.append((float(grid[best, 0]), float(grid[best, 1])))
    return anchors


def _group_for(atlas: Atlas, muscle: str, patterns: pd.DataFrame) -> tuple[str, str]:
    """(pattern key, display name) for a group id, muscle id, name or synonym."""
    keys = set(patterns["muscle_group"])
    wanted = muscle.strip().lower().replace(" ", "_")
    if wanted in keys:
        return wanted, muscle.replace("_", " ")
    muscle_id = resolve_muscle(atlas, muscle)
    row = atlas.muscles.set_index("muscle_id").loc[muscle_id]
    for key in (muscle_id, row["group"]):
        if key in keys:
            return key, str(row["name"])
    raise KeyError(f"no referral pattern for {muscle!r} (muscle {muscle_id}, group "
                   f"{row['group']}); patterns exist for: {', '.join(sorted(keys))}")


def referral_zones_for(atlas: Atlas, muscle: str) -> tuple[str, tuple[ReferralZone, ...]]:
    """The display name and referral zones of a muscle or muscle group.

    Raises
    ------
    KeyError
        If the data has no referral pattern for it; the message lists those it has.
    """
    patterns = atlas.referral_patterns
    key, name = _group_for(atlas, muscle, patterns)
    zones = atlas.referral_zones.set_index("zone_id")
    rows = patterns[patterns["muscle_group"] == key]
    disputed = rows["disputed"] if "disputed" in rows else [False] * len(rows)
    return name, tuple(
        ReferralZone(row.zone_id, str(zones.loc[row.zone_id, "name"]),
                     str(zones.loc[row.zone_id, "view"]), row.prominence,
                     row.evidence_level, bool(flag))
        for row, flag in zip(rows.itertuples(index=False), disputed, strict=True))


def referral_alt_text(atlas: Atlas, name: str, zones: tuple[ReferralZone, ...]) -> str:
    """Alt text for a referral map, from the data."""
    levels = atlas.evidence_levels.set_index("evidence_level")["name"]
    text = (f"Body map, front and back, of where pain from {name} trigger points is said to "
            f"be felt, on the right side of the body.")
    for prominence, word in (("main", "Main zones"), ("secondary", "Secondary zones")):
        listed = [f"{z.name} ({'front' if z.view == 'front' else 'back'}"
                  f"{', disputed' if z.disputed else ''})" for z in zones
                  if z.prominence == prominence]
        if listed:
            text += f" {word}: {', '.join(listed)}."
    evidence = sorted({str(levels.get(z.evidence_level, z.evidence_level)) for z in zones})
    if evidence:
        text += f" Evidence: {', '.join(evidence)}."
    return text


#: Diameter (points) of a numbered trigger-point dot: room for a 9-point digit, and small
#: enough that the psoas and iliacus sites, a few centimetres apart, do not touch.
_SITE_PT = 12.5


#: How far (diagram units) a zone's leader ends from a numbered trigger-point dot.
_SITE_CLEARANCE = 4.0

#: Room (points) between margin labels in a map with numbered trigger-point sites.
_SITE_LABEL_GAP_PT = 11.0


def draw_referral_map(atlas: Atlas, muscle: str, *, ax: Axes | None = None,
                      title: str | None = None, trigger_points: bool = False) -> Axes:
    """Shade a muscle's trigger-point referral zones on front and back body outlines.

    Parameters
    ----------
    atlas
        The loaded facts, including ``referral_patterns``, ``referral_zones`` and
        ``body_regions``.
    muscle
        A muscle id, name or synonym, or a muscle group with a referral pattern.
    ax
        Axes to draw into; a new projector-sized figure if None.
    title
        Title above the drawing.
    trigger_points
        Also mark where the group's trigger points are said to lie (numbered dots), so the
        map shows where the pain starts as well as where it is felt.

    Returns
    -------
    matplotlib.axes.Axes
        With alt text (see :func:`psoas_edu.figures.style.alt_text`).

    Raises
    ------
    KeyError
        If there is no pattern for the muscle, or a zone has no shape for its view.
    """
    name, zones = referral_zones_for(atlas, muscle)
    paths = _region_paths(atlas)
    offset = {"front": -BODY_OFFSET, "back": BODY_OFFSET}
    requests = []
    for zone in zones:
        if (zone.zone_id, zone.view) not in paths:
            raise KeyError(f"referral zone {zone.zone_id!r} has no shape for the {zone.view} "
                           "view in body_regions.csv")
    group = _group_for(atlas, muscle, atlas.referral_patterns)[0]
    sites = trigger_point_sites_for(atlas, group) if trigger_points else ()
    dots = tuple((site.x + offset[site.view], site.y) for site in sites)
    key = ("zone_anchors", tuple((z.zone_id, z.view) for z in zones), dots)
    store = atlas_cache(atlas)
    if key not in store:
        store[key] = _zone_anchors(paths, zones, dots)
    anchors = store[key]
    for number, site in enumerate(sites, start=1):
        x = site.x + offset[site.view]
        requests.append(LabelRequest(wrap(f"{number} {site.name}"), (x, site.y),
                                     "left" if site.view == "front" else "right",
                                     kind="landmark", fontsize=10.0, style="italic"))
    for zone, anchor in zip(zones, anchors, strict=True):
        text = zone.name + (" (disputed)" if zone.disputed else "")
        requests.append(LabelRequest(wrap(text), anchor,
                                     "left" if zone.view == "front" else "right",
                                     kind="zone", fontsize=10.5,
                                     weight="bold" if zone.prominence == "main" else "normal"))
    content = (-BODY_OFFSET - 26, BODY_OFFSET + 26, _BOTTOM, 180.0)
    with house_style():
        ax = new_axes(ax)
        frame = fit_frame(ax, content, left_width=column_width(requests, "left"),
                          right_width=column_width(requests, "right"))
        bodies = [path for view in ("front", "back") for path in paths.get(("body", view), [])]
        ax.add_collection(PathCollection(bodies, facecolors="#F4F1EC", edgecolors="#4A453E",
                                         linewidths=1.2, zorder=1, gid="bodies"),
                          autolim=False)
        for view in ("front", "back"):
            x = offset[view]
            ax.text(x, 171.5, view.capitalize(), ha="center", va="bottom", fontsize=13,
                    fontweight="bold", gid="label-view")
            # Which of the person's sides is which: mirrored between front and back.
            near, far = ("right", "left") if view == "front" else ("left", "right")
            for word, dx, ha in ((near, -11.0, "right"), (far, 11.0, "left")):
                ax.text(x + dx, 172.0, word, ha=ha, va="bottom", fontsize=10,
                        style="italic", color="#4A453E", gid=f"label-side-{view}")
        for zone in sorted(zones, key=lambda z: z.prominence != "secondary"):
            style = _PROMINENCE[zone.prominence]
            for path in paths[(zone.zone_id, zone.view)]:
                ax.add_artist(PathPatch(path, facecolor=style["face"], alpha=style["alpha"],
                                        edgecolor="none", zorder=3,
                                        gid=f"zone-{zone.zone_id}"))
                ax.add_artist(PathPatch(path, facecolor="none", edgecolor="#1a1a1a",
                                        hatch=style["hatch"], lw=1.0,
                                        linestyle="--" if zone.disputed else "-", zorder=4,
                                        gid=f"zone-edge-{zone.zone_id}"))
        halo = [patheffects.withStroke(linewidth=3.5, foreground="white")]
        for number, site in enumerate(sites, start=1):
            # Numbered, so sites a few centimetres apart are told apart on a projector.
            ax.plot(site.x + offset[site.view], site.y, marker="o", markersize=_SITE_PT,
                    color=OKABE_ITO["black"], markeredgecolor="white", markeredgewidth=1.2,
                    zorder=21, path_effects=halo, gid=f"trigger-point-{site.trigger_point_id}")
            ax.text(site.x + offset[site.view], site.y, str(number), ha="center",
                    va="center_baseline", fontsize=9, fontweight="bold", color="white",
                    zorder=22, gid=f"trigger-number-{site.trigger_point_id}")
        # Numbered sites sit a few centimetres apart: their labels get more room between
        # them, so each leader can be followed to its own dot.
        draw_labels(ax, place(requests, frame, gap_pt=_SITE_LABEL_GAP_PT if sites else 3.0))
        handles = [Patch(facecolor=s["face"], alpha=s["alpha"] + 0.1, hatch=s["hatch"],
                         edgecolor="#1a1a1a", label=s["label"])
                   for p, s in _PROMINENCE.items() if any(z.prominence == p for z in zones)]
        if sites:
            handles.append(Line2D([], [], marker="o", markersize=12, linestyle="none",
                                  color=OKABE_ITO["black"],
                                  label="trigger-point site (numbered dot; practitioner "
                                        "claim)"))
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                  ncol=min(len(handles), 2), frameon=False)
        ax.text(0.0, _BOTTOM + 1.0, "Drawn for a trigger point on the right: each zone is on "
                "the same (right) side.", ha="center", va="bottom", fontsize=9.5,
                style="italic", gid="note-side")
        default = (f"{name[:1].upper() + name[1:]} trigger points: where they are said to lie "
                   "and to refer pain" if sites
                   else f"Where {name} trigger points are said to refer pain")
        ax.set_title(title if title is not None else default, y=1.0)
    text = referral_alt_text(atlas, name, zones)
    if sites:
        levels = atlas.evidence_levels.set_index("evidence_level")["name"]
        text += (" Numbered dots mark where the trigger points are said to lie: "
                 + "; ".join(f"{i} {s.name} ({levels.get(s.evidence_level, s.evidence_level)})"
                             for i, s in enumerate(sites, start=1)) + ".")
    set_alt_text(ax, text)
    return ax
