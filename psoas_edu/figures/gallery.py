"""Every diagram the course draws, by name, and a command that renders them all.

    make figures      # runs main(["build/figures"])

writes one PNG per diagram and a ``.txt`` file beside it with its alt text.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes

from ..facts.atlas import Atlas, load_atlas
from ..tables.synergy import antagonists, synergists
from .attachments import (
    _draw_bands,
    _name,
    _plans,
    choose_view,
    draw_attachments,
    drawable_views,
    resolve_muscles,
)
from .body_map import draw_referral_map, trigger_point_sites_for
from .clinical import draw_palpation_landmarks, draw_psoas_sheath_abscess
from .cross_section import draw_cross_section
from .line_of_pull import draw_line_of_pull
from .skeleton import VIEWS, bone_outlines, draw_bones, draw_skeleton, right_side, skeleton_region
from .style import MUSCLE_COLOURS, alt_text, house_style, set_alt_text

__all__ = ["hip_flexion_team", "draw_team", "diagram_gallery", "render_gallery"]


def hip_flexion_team(atlas: Atlas) -> tuple[str, ...]:
    """The iliopsoas group, its synergists in hip flexion and their antagonists, as the
    synergy tables derive them; settled rows only, in ``muscles.csv`` order."""
    muscles = atlas.muscles
    iliopsoas = set(muscles.loc[muscles["group"] == "iliopsoas", "muscle_id"])
    related = pd.concat([synergists(atlas, "iliopsoas", "hip flexion"),
                         antagonists(atlas, "iliopsoas", "hip flexion")])
    team = iliopsoas | set(related.loc[~related["disputed"], "muscle_id"])
    return tuple(m for m in muscles["muscle_id"] if m in team)


def draw_team(atlas: Atlas, muscles, *, view: str = "anterior", ax=None,
              title: str | None = None, columns: int = 5):
    """Small multiples of a group of muscles: one panel per muscle, that muscle drawn in
    colour and named, the others faint grey outlines for context.

    Parameters
    ----------
    atlas
        The loaded facts.
    muscles
        Muscle ids, names or groups; those that cannot be drawn in ``view`` are left out
        (and named under the panels).
    view
        ``"anterior"``, ``"posterior"`` or ``"lateral"``.
    ax
        Ignored unless None: the panels need a figure of their own.
    title
        Title above the panels.
    columns
        Panels per row.

    Returns
    -------
    matplotlib.axes.Axes
        The first panel; ``ax.figure`` holds them all, with alt text on the figure's axes.
    """
    import matplotlib.pyplot as plt

    ids = resolve_muscles(atlas, muscles)
    shown = tuple(m for m in ids if view in drawable_views(atlas, m))
    hidden = [m for m in ids if m not in shown]
    if not shown:
        raise ValueError(f"none of these muscles can be drawn in the {view} view")
    plans = _plans(atlas, shown, view)
    points = [m.xy for p in plans for m in p.marks]
    x0, x1, y0, y1 = skeleton_region(view, points, margin=3.0)
    side = right_side(view)
    if side:  # only the drawn (right) half
        x0, x1 = (x0, 2.0) if side < 0 else (-2.0, x1)
    rows = -(-len(plans) // columns)
    with house_style():
        fig, axes = plt.subplots(rows, columns, figsize=(2.2 * columns, 4.1 * rows + 0.7),
                                 squeeze=False)
        outlines = bone_outlines(atlas, view)
        faint = [replace(p, colour="#B0B0B0", hatch="") for p in plans]
        for i, panel in enumerate(axes.flat):
            panel.set_axis_off()
            if i >= len(plans):
                continue
            panel.set_xlim(x0, x1)
            panel.set_ylim(y0, y1)
            panel.set_aspect("equal")
            draw_bones(panel, outlines, (x0, x1, y0, y1))
            _draw_bands(panel, [p for j, p in enumerate(faint) if j != i])
            strong = MUSCLE_COLOURS[i % (len(MUSCLE_COLOURS) - 1)]  # never the grey
            _draw_bands(panel, [replace(plans[i], colour=strong, hatch="")])
            for artist in panel.collections:
                if artist.get_gid() and not artist.get_gid().endswith(plans[i].muscle_id) \
                        and artist.get_gid() != "bones":
                    artist.set_alpha(0.35)
            name = _name(atlas, plans[i].muscle_id)
            panel.set_title(name[:1].upper() + name[1:]
                            + ("\n(behind the bone)" if plans[i].seen_through else ""),
                            fontsize=10, fontweight="bold")
            set_alt_text(panel, f"{name}, highlighted among the others.")
        fig.suptitle(title or f"{view.capitalize()} view, right side: one muscle per panel",
                     fontsize=13, fontweight="bold")
        note = ("Each panel highlights one muscle; the others are faint. Tendons are narrow "
                "and pale, the iliotibial tract hatched, muscles behind the bone dotted.")
        if hidden:
            note += " Not drawn in this view: " + ", ".join(_name(atlas, m) for m in hidden)
        fig.text(0.5, 0.005, note, ha="center", va="bottom", fontsize=9, style="italic",
                 wrap=True)
        fig.subplots_adjust(left=0.01, right=0.99, top=1 - 0.7 / (4.1 * rows + 0.7),
                            bottom=0.05, wspace=0.05, hspace=0.25)
    names = ", ".join(_name(atlas, m) for m in shown)
    set_alt_text(axes.flat[0], f"{view.capitalize()} view of the right side in "
                 f"{len(shown)} small panels, one per muscle, each highlighting one muscle "
                 f"with the others faint: {names}."
                 + (f" Not drawn in this view: {', '.join(_name(atlas, m) for m in hidden)}."
                    if hidden else ""))
    for panel in list(axes.flat)[1:]:
        panel._psoas_edu_alt_text = ""
    return axes.flat[0]


def diagram_gallery(atlas: Atlas) -> dict[str, Callable[..., Axes]]:
    """Name -> drawing function taking ``ax=None``, for every diagram of the course."""
    gallery: dict[str, Callable[..., Axes]] = {}
    for view in VIEWS:
        gallery[f"skeleton_{view}"] = partial(draw_skeleton, atlas, view=view)
    iliopsoas = tuple(atlas.muscles.loc[atlas.muscles["group"] == "iliopsoas", "muscle_id"])
    team = hip_flexion_team(atlas)
    for view in VIEWS:
        if iliopsoas:
            gallery[f"iliopsoas_{view}"] = partial(draw_attachments, atlas, iliopsoas,
                                                   view=view, missing="skip")
        gallery[f"hip_flexion_team_{view}"] = partial(
            draw_team, atlas, team, view=view,
            title=f"Iliopsoas, its synergists and antagonists: {view} view, right side")
    gallery["cross_section_l3_l4"] = partial(draw_cross_section, atlas)
    gallery["line_of_pull_hip"] = partial(draw_line_of_pull, atlas)
    gallery["line_of_pull_hip_all"] = partial(
        draw_line_of_pull, atlas, all_muscles=True,
        title="Line of pull at the hip: every hip flexor and extensor (lateral view)")
    for muscle_id in atlas.muscles["muscle_id"]:
        if drawable_views(atlas, muscle_id):
            view = choose_view(atlas, [muscle_id])
            gallery[f"attachments_{muscle_id}"] = partial(draw_attachments, atlas, muscle_id,
                                                          view=view)
    patterns = getattr(atlas, "referral_patterns", None)
    if patterns is not None:
        for group in dict.fromkeys(patterns["muscle_group"]):
            gallery[f"referral_{group}"] = partial(draw_referral_map, atlas, group)
            if trigger_point_sites_for(atlas, group):
                gallery[f"trigger_points_{group}"] = partial(draw_referral_map, atlas, group,
                                                             trigger_points=True)
    gallery["palpation_landmarks"] = partial(draw_palpation_landmarks, atlas)
    gallery["psoas_sheath_abscess"] = partial(draw_psoas_sheath_abscess, atlas)
    return gallery


def render_gallery(atlas: Atlas, folder: Path | str, *, dpi: int = 100) -> list[Path]:
    """Render every diagram to ``folder/NAME.png`` with its alt text in ``NAME.txt``."""
    import matplotlib.pyplot as plt

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in diagram_gallery(atlas).items():
        ax = draw()
        path = folder / f"{name}.png"
        ax.figure.savefig(path, dpi=dpi, metadata={"Software": None})
        (folder / f"{name}.txt").write_text(alt_text(ax) + "\n", encoding="utf-8")
        plt.close(ax.figure)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    import matplotlib

    matplotlib.use("Agg")
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else Path("build/figures")
    written = render_gallery(load_atlas(), folder)
    print(f"wrote {len(written)} figures to {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
