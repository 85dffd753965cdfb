"""Body maps of referred pain: front and back outlines with a muscle's referral zones shaded.

Zone shapes live in ``data/body_regions.csv`` (the right side of the body); which zones a
muscle refers pain to, and how prominently, live in the clinical files
(``referral_patterns.csv``, ``referral_zones.csv``). Main zones are dark with dense
hatching, secondary zones pale with dots, so the map reads in grayscale too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch, PathPatch

from .atlas import Atlas
from .figure_style import OKABE_ITO, house_style, new_axes, set_alt_text
from .label_layout import LabelRequest, column_width, draw_labels, fit_frame, place, wrap
from .lookup import resolve_muscle
from .skeleton import outline_path

__all__ = [
    "ReferralZone",
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
             "label": "main referral zone (dark, hatched)"},
    "secondary": {"face": OKABE_ITO["orange"], "alpha": 0.35, "hatch": "...",
                  "label": "secondary zone (pale, dotted)"},
}


@dataclass(frozen=True)
class ReferralZone:
    """One zone of one pattern: where it is drawn and how it is described."""

    zone_id: str
    name: str
    view: str
    prominence: str
    evidence_level: str
    disputed: bool


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


def draw_referral_map(atlas: Atlas, muscle: str, *, ax: Axes | None = None,
                      title: str | None = None) -> Axes:
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

    Returns
    -------
    matplotlib.axes.Axes
        With alt text (see :func:`psoas_edu.figure_style.alt_text`).

    Raises
    ------
    KeyError
        If there is no pattern for the muscle, or a zone has no shape for its view.
    """
    name, zones = referral_zones_for(atlas, muscle)
    shapes = region_shapes(atlas.body_regions)
    offset = {"front": -BODY_OFFSET, "back": BODY_OFFSET}
    requests = []
    for zone in zones:
        if (zone.zone_id, zone.view) not in shapes:
            raise KeyError(f"referral zone {zone.zone_id!r} has no shape for the {zone.view} "
                           "view in body_regions.csv")
        pts = np.vstack(shapes[(zone.zone_id, zone.view)])
        anchor = (float(pts[:, 0].mean()) + offset[zone.view], float(pts[:, 1].mean()))
        text = zone.name + (" (disputed)" if zone.disputed else "")
        requests.append(LabelRequest(wrap(text), anchor,
                                     "left" if zone.view == "front" else "right",
                                     kind="zone", fontsize=10.5,
                                     weight="bold" if zone.prominence == "main" else "normal"))
    content = (-BODY_OFFSET - 26, BODY_OFFSET + 26, -2.0, 180.0)
    with house_style():
        ax = new_axes(ax)
        frame = fit_frame(ax, content, left_width=column_width(requests, "left"),
                          right_width=column_width(requests, "right"))
        for view in ("front", "back"):
            for pts in shapes.get(("body", view), []):
                path = outline_path(tuple(map(tuple, pts + [offset[view], 0])), smooth=True,
                                    closed=True)
                ax.add_patch(PathPatch(path, facecolor="#F4F1EC", edgecolor="#4A453E",
                                       lw=1.2, zorder=1, gid=f"body-{view}"))
            ax.text(offset[view], 171.5, view.capitalize(), ha="center", va="bottom",
                    fontsize=13, fontweight="bold", gid="label-view")
        for zone in sorted(zones, key=lambda z: z.prominence != "secondary"):
            style = _PROMINENCE[zone.prominence]
            for pts in shapes[(zone.zone_id, zone.view)]:
                path = outline_path(tuple(map(tuple, pts + [offset[zone.view], 0])),
                                    smooth=True, closed=True)
                ax.add_patch(PathPatch(path, facecolor=style["face"], alpha=style["alpha"],
                                       edgecolor="none", zorder=3, gid=f"zone-{zone.zone_id}"))
                ax.add_patch(PathPatch(path, facecolor="none", edgecolor="#1a1a1a",
                                       hatch=style["hatch"], lw=1.0,
                                       linestyle="--" if zone.disputed else "-", zorder=4,
                                       gid=f"zone-edge-{zone.zone_id}"))
        draw_labels(ax, place(requests, frame))
        handles = [Patch(facecolor=s["face"], alpha=s["alpha"] + 0.1, hatch=s["hatch"],
                         edgecolor="#1a1a1a", label=s["label"])
                   for p, s in _PROMINENCE.items() if any(z.prominence == p for z in zones)]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                  ncol=len(handles), frameon=False)
        ax.text(0.5, 0.01, "Right side of the body shown (as the trigger point).",
                transform=ax.transAxes, ha="center", va="bottom", fontsize=9.5,
                style="italic", gid="note-side")
        ax.set_title(title if title is not None
                     else f"Where {name} trigger points are said to refer pain", y=1.0)
    set_alt_text(ax, referral_alt_text(atlas, name, zones))
    return ax
