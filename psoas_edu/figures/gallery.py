"""Every diagram the course draws, by name, and a command that renders them all.

    make figures      # runs main(["build/figures"])

writes one PNG per diagram and a ``.txt`` file beside it with its alt text.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes

from ..facts.atlas import Atlas, load_atlas
from ..tables.synergy import antagonists, synergists
from .attachments import ViewError, draw_attachments, drawable_views
from .body_map import draw_referral_map, trigger_point_sites_for
from .clinical import draw_palpation_landmarks, draw_psoas_sheath_abscess
from .cross_section import draw_cross_section
from .line_of_pull import draw_line_of_pull, hip_roles, lines_of_action
from .skeleton import VIEWS, draw_skeleton
from .style import alt_text
from .team import draw_team

__all__ = ["hip_flexion_team", "hip_flexion_partners", "partner_parts", "diagram_gallery",
           "render_gallery"]


def hip_flexion_team(atlas: Atlas) -> tuple[str, ...]:
    """The iliopsoas group, its synergists in hip flexion and their antagonists, as the
    synergy tables derive them; settled rows only, in ``muscles.csv`` order."""
    muscles = atlas.muscles
    iliopsoas = set(muscles.loc[muscles["group"] == "iliopsoas", "muscle_id"])
    related = pd.concat([synergists(atlas, "iliopsoas", "hip flexion"),
                         antagonists(atlas, "iliopsoas", "hip flexion")])
    team = iliopsoas | set(related.loc[~related["disputed"], "muscle_id"])
    return tuple(m for m in muscles["muscle_id"] if m in team)


def hip_flexion_partners(atlas: Atlas, role: str) -> tuple[str, ...]:
    """The iliopsoas's synergists (``role="synergists"``) or antagonists in hip flexion,
    as the synergy tables derive them; settled rows only, and only muscles whose hip
    flexion (or extension) the data do not hedge, in ``muscles.csv`` order."""
    derive = {"synergists": synergists, "antagonists": antagonists}[role]
    related = derive(atlas, "iliopsoas", "hip flexion")
    # An action the data hedge (weak, position-dependent) is left out, as the quiz does.
    movement = {"synergists": "flexion", "antagonists": "extension"}[role]
    chosen = {m for m in related.loc[~related["disputed"], "muscle_id"]
              if movement in hip_roles(atlas, m)}
    return tuple(m for m in atlas.muscles["muscle_id"] if m in chosen)


def partner_parts(atlas: Atlas, muscles: tuple[str, ...], role: str
                  ) -> dict[str, tuple[str, ...]]:
    """Muscle id -> the parts that take the role, for muscles whose parts pull on
    opposite sides of the hip: the parts whose line of action passes in front of the
    hip for synergists in flexion, behind it for antagonists (as the line-of-pull
    diagram draws them), so adductor magnus shows its adductor part as a synergist and
    its hamstring part as an antagonist."""
    side = {"synergists": "front", "antagonists": "behind"}[role]
    chosen = {}
    for muscle_id in muscles:
        try:
            lines = lines_of_action(atlas, muscle_id)
        except ViewError:  # not placed in the lateral view: drawn whole
            continue
        if len({line.side for line in lines}) > 1:
            chosen[muscle_id] = tuple(line.part for line in lines if line.side == side)
    return chosen


def _draw_hip_flexion_partners(atlas: Atlas, *, role: str, view: str,
                               ax: Axes | None = None) -> Axes:
    """The iliopsoas's synergists or antagonists as small multiples (a handful of panels
    each, so a projector shows them); derived when drawn, so listing the gallery stays
    cheap."""
    muscles = hip_flexion_partners(atlas, role)
    return draw_team(atlas, muscles, view=view, ax=ax, columns=len(muscles) or None,
                     title=f"The iliopsoas's {role} in hip flexion: {view} view",
                     parts=partner_parts(atlas, muscles, role))


def diagram_gallery(atlas: Atlas) -> dict[str, Callable[..., Axes]]:
    """Name -> drawing function taking ``ax=None``, for every diagram of the course."""
    gallery: dict[str, Callable[..., Axes]] = {}
    for view in VIEWS:
        gallery[f"skeleton_{view}"] = partial(draw_skeleton, atlas, view=view)
    iliopsoas = tuple(atlas.muscles.loc[atlas.muscles["group"] == "iliopsoas", "muscle_id"])
    for view in VIEWS:
        if iliopsoas:
            gallery[f"iliopsoas_{view}"] = partial(draw_attachments, atlas, iliopsoas,
                                                   view=view, missing="skip")
        for role in ("synergists", "antagonists"):
            gallery[f"hip_flexion_{role}_{view}"] = partial(
                _draw_hip_flexion_partners, atlas, role=role, view=view)
    gallery["cross_section_l3_l4"] = partial(draw_cross_section, atlas)
    gallery["line_of_pull_hip"] = partial(draw_line_of_pull, atlas)
    gallery["line_of_pull_hip_all"] = partial(
        draw_line_of_pull, atlas, all_muscles=True,
        title="Line of pull at the hip: every hip flexor and extensor (lateral view)")
    for muscle_id in atlas.muscles["muscle_id"]:
        if drawable_views(atlas, muscle_id):
            gallery[f"attachments_{muscle_id}"] = partial(draw_attachments, atlas, muscle_id,
                                                          view="auto")
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
