"""Ligaments drawn over the skeleton where the muscles shown pass beneath them.

The inguinal ligament runs from the anterior superior iliac spine (ASIS) to the pubic
tubercle; psoas major and iliacus pass deep to it into the thigh (``relations.csv``,
relation ``passes_under``). It is drawn as a cord, a dark line with a light core, so it
reads neither as a muscle (filled bands) nor as a disputed attachment (dashes).
"""

from __future__ import annotations

from collections.abc import Iterable

from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ..facts.atlas import Atlas
from .skeleton import landmark_positions

__all__ = ["LIGAMENT_COLOR", "inguinal_ligament", "passes_under_inguinal_ligament",
           "draw_inguinal_ligament", "inguinal_ligament_handle"]

#: Dark warm grey of the cord; its core is white.
LIGAMENT_COLOR = "#3B3631"
_WIDTH, _CORE = 3.4, 1.1

#: Where the pubic tubercle lies, schematic: just lateral to and above the pubic crest's
#: mark (anterior and posterior views mirror it; the lateral view uses the mark itself).
_TUBERCLE_OFFSET = {"anterior": (-0.9, 0.7), "posterior": (0.9, 0.7), "lateral": (0.0, 0.0)}


def inguinal_ligament(atlas: Atlas, view: str
                      ) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """(ASIS, pubic tubercle) in ``view``, or None where either end is not placed or is
    on the far side of the bone."""
    placed = landmark_positions(atlas, view)
    asis, crest = placed.get("asis"), placed.get("pubic_crest")
    if asis is None or crest is None or asis.seen_through or crest.seen_through:
        return None
    dx, dy = _TUBERCLE_OFFSET[view]
    return (asis.xy, (crest.x + dx, crest.y + dy))


def passes_under_inguinal_ligament(atlas: Atlas, muscle_ids: Iterable[str]) -> bool:
    """Whether ``relations.csv`` says any of the muscles passes under the inguinal ligament."""
    relations = atlas.relations
    under = relations[(relations["relation"] == "passes_under") & ~relations["disputed"]
                      & relations["structure"].str.contains("inguinal ligament")]
    return bool(set(under["muscle_id"]) & set(muscle_ids))


def draw_inguinal_ligament(ax: Axes, ends: tuple[tuple[float, float], tuple[float, float]],
                           *, zorder: float = 5.0) -> None:
    """Draw the ligament between ``ends`` as a cord over the muscles it covers."""
    (x0, y0), (x1, y1) = ends
    ax.plot([x0, x1], [y0, y1], color=LIGAMENT_COLOR, lw=_WIDTH, solid_capstyle="round",
            zorder=zorder, gid="inguinal-ligament")
    ax.plot([x0, x1], [y0, y1], color="white", lw=_CORE, zorder=zorder + 0.01,
            gid="inguinal-ligament-core")


def inguinal_ligament_handle() -> tuple[Line2D, Line2D]:
    """Legend handle drawn like the ligament (pass with ``label`` through a tuple)."""
    return (Line2D([], [], color=LIGAMENT_COLOR, lw=_WIDTH),
            Line2D([], [], color="white", lw=_CORE))
