"""Clinical diagrams on the schematic skeleton: safe palpation of the psoas, and the path
an abscess takes inside the psoas sheath to the groin.

Both are drawn on the anterior skeleton of :mod:`psoas_edu.figures.skeleton` (right side of
the body on the viewer's left), with the psoas, the arteries and the sheath overlaid as
schematic shapes placed by the landmarks of ``landmark_positions.csv``. Every meaning has a
shape or a line style as well as an Okabe-Ito colour, and every element is named in a
margin label or a haloed callout.
"""

from __future__ import annotations

from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Ellipse, FancyArrowPatch, Patch, Polygon

from ..facts.atlas import Atlas
from .label_layout import LabelRequest, column_width, draw_labels, fit_frame, place, wrap
from .ligaments import draw_inguinal_ligament, inguinal_ligament, inguinal_ligament_handle
from .skeleton import (
    ORIENTATION_PT,
    bone_outlines,
    draw_bones,
    draw_orientation,
    landmark_positions,
)
from .style import OKABE_ITO, house_style, new_axes, set_alt_text

__all__ = ["draw_palpation_landmarks", "draw_psoas_sheath_abscess", "REGION"]

#: The part of the anterior skeleton both diagrams show: lumbar spine to upper thigh.
REGION = (-19.0, 9.0, 50.0, 106.0)

_HALO = [patheffects.withStroke(linewidth=3.5, foreground="white")]
_ARTERY = OKABE_ITO["vermillion"]
_MUSCLE = OKABE_ITO["orange"]
_PUS = OKABE_ITO["bluish_green"]
_VEIN = OKABE_ITO["sky_blue"]
_NERVE = OKABE_ITO["reddish_purple"]
#: How far medial to the femoral artery the femoral vein is drawn (towards the midline,
#: +x for the right side on the viewer's left): the vessels' bands just clear each other.
_FEMORAL_VEIN_OFFSET = 1.5


def _point(atlas: Atlas, landmark: str) -> tuple[float, float]:
    position = landmark_positions(atlas, "anterior")[landmark]
    return (float(position.x), float(position.y))


def _psoas_outline(atlas: Atlas, widen: float = 0.0) -> list[tuple[float, float]]:
    """Right psoas major, schematic: beside the lumbar bodies, over the pelvic brim lateral
    to the iliopubic eminence, to the lesser trochanter; ``widen`` grows it (the sheath)."""
    levels = [_point(atlas, f"l{n}_vertebral_body") for n in range(1, 6)]
    eminence = _point(atlas, "iliopubic_eminence")
    trochanter = _point(atlas, "lesser_trochanter")
    medial = [(x - 1.0 - widen, y + 1.0) for x, y in levels[:1]]
    medial += [(x - 1.2 - widen - 0.35 * i, y) for i, (x, y) in enumerate(levels)]
    medial += [(eminence[0] + 0.8 - widen, eminence[1] + 4.0),
               (eminence[0] - 0.6 - widen, eminence[1] - 0.5),
               (trochanter[0] + 0.6 - widen, trochanter[1] - 0.4)]
    lateral = [(trochanter[0] - 0.6 - widen, trochanter[1] + 0.8),
               (eminence[0] - 2.6 - widen, eminence[1] + 1.0),
               (eminence[0] - 2.4 - widen, eminence[1] + 7.0)]
    lateral += [(x - 3.0 - widen - 0.9 * i, y) for i, (x, y) in reversed(list(
        enumerate(levels)))]
    lateral += [(levels[0][0] - 2.4 - widen, levels[0][1] + 1.4)]
    return medial + lateral


def _ligament_height(ligament: tuple[tuple[float, float], tuple[float, float]],
                     x: float) -> float:
    """Height of the inguinal ligament at ``x``: where a vessel drawn under the cord
    comes out from beneath it."""
    (x0, y0), (x1, y1) = ligament
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


def _vessel_handle(color: str, core: str | tuple) -> tuple[Line2D, Line2D]:
    """Legend handle drawn like a vessel: a wide band with its white core (dotted for
    an artery, solid for a vein), so the key does not tell them apart by colour alone."""
    return (Line2D([], [], color=color, lw=5.5),
            Line2D([], [], color="white", lw=1.3, linestyle=core))


def _inguinal_ligament(atlas: Atlas) -> tuple[tuple[float, float], tuple[float, float]]:
    ends = inguinal_ligament(atlas, "anterior")
    if ends is None:
        raise ValueError("landmark_positions.csv places no 'asis' or 'pubic_crest' in the "
                         "anterior view; the clinical diagrams need both")
    return ends


def _start(atlas: Atlas, ax: Axes | None, requests: list[LabelRequest]) -> Axes:
    ax = new_axes(ax)
    frame = fit_frame(ax, REGION, left_width=column_width(requests, "left"),
                      right_width=column_width(requests, "right"))
    draw_bones(ax, bone_outlines(atlas, "anterior"), REGION)
    ax._psoas_edu_frame = frame  # read back by _finish
    return ax


def _finish(ax: Axes, requests: list[LabelRequest], handles: list, title: str, *,
            ncol: int = 2, orientation: bool = False) -> None:
    """Label, add the legend and the title. ``handles`` are artists with labels, or
    (handle, label) pairs. With ``orientation``, the body's right and left are named in
    the top corners (room is kept free there)."""
    draw_labels(ax, place(requests, ax._psoas_edu_frame,
                          **({"top_pt": ORIENTATION_PT} if orientation else {})))
    if orientation:
        draw_orientation(ax, "anterior")
    pairs = [h if isinstance(h, tuple) else (h, h.get_label()) for h in handles]
    ax.legend(handles=[h for h, _ in pairs], labels=[t for _, t in pairs],
              loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=ncol, frameon=False)
    ax.set_title(title, y=1.0)


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float], *, color: str,
           gid: str, width: float = 2.2, style: str = "-") -> None:
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=16,
                                 color=color, lw=width, linestyle=style, zorder=15,
                                 path_effects=_HALO, gid=gid))


def draw_palpation_landmarks(atlas: Atlas, *, ax: Axes | None = None,
                             title: str | None = None) -> Axes:
    """Where to press for the psoas, and the vessels and nerve to keep clear of.

    The abdominal aorta runs down a little left of the midline beside the left psoas and
    divides at about L4; the inferior vena cava rests on the right psoas and has no pulse.
    In the groin the femoral pulse lies just below the mid-inguinal point, on the psoas
    tendon, with the femoral nerve a finger's breadth lateral to it and the femoral vein,
    which has no pulse, just medial to it. The right side of the body is drawn (on the
    viewer's left), so the vena cava and the nerve are on this side.

    Parameters
    ----------
    atlas
        The loaded facts (skeleton and landmark positions).
    ax
        Axes to draw into; a new projector-sized figure if None.
    title
        Title above the drawing.

    Returns
    -------
    matplotlib.axes.Axes
        With alt text.
    """
    asis = _point(atlas, "asis")
    l4 = _point(atlas, "l4_vertebral_body")
    symphysis = _point(atlas, "pubic_symphysis")
    navel = (0.0, l4[1] + 2.0)  # at about the L3-L4 disc
    press = ((navel[0] + asis[0]) / 2, (navel[1] + asis[1]) / 2)
    ligament = _inguinal_ligament(atlas)
    # Mid-inguinal point: halfway between the ASIS and the pubic symphysis (not the midpoint
    # of the inguinal ligament, which runs to the pubic tubercle).
    mid_inguinal = ((asis[0] + symphysis[0]) / 2, (asis[1] + symphysis[1]) / 2)
    femoral_pulse = (mid_inguinal[0], mid_inguinal[1] - 2.0)
    aorta = [(1.0, 104.0), (0.9, l4[1])]
    # On the medial part of the right psoas (not on the vertebral bodies), with the
    # ureter along its lateral side and the genitofemoral nerve coming out of the
    # muscle at about the L3-L4 disc.
    levels = [_point(atlas, f"l{n}_vertebral_body") for n in range(1, 6)]
    vena_cava = [(levels[0][0] - 2.0, 104.0), (levels[0][0] - 2.0, levels[0][1]),
                 (levels[2][0] - 2.5, levels[2][1]), (levels[3][0] - 3.2, levels[3][1] - 3.0)]
    right_iliac = [(0.9, l4[1]), (-3.2, l4[1] - 6.0), (-5.6, asis[1] - 2.0),
                   (mid_inguinal[0], mid_inguinal[1]), (femoral_pulse[0] - 0.5, 51.0)]
    left_iliac = [(0.9, l4[1]), (4.8, l4[1] - 6.5)]
    # One finger's breadth (about 1.8 units here) lateral to the artery: on the viewer's left.
    femoral_nerve = [(mid_inguinal[0] - 1.8, mid_inguinal[1] + 2.5),
                     (femoral_pulse[0] - 1.8, femoral_pulse[1]),
                     (femoral_pulse[0] - 2.6, 51.5)]
    # Below the inguinal ligament the femoral sheath holds, from lateral to medial, the
    # femoral artery, the femoral vein and the femoral canal (Gray 1918, p. 625,
    # sources.csv ``gray1918_femoral_sheath``): the vein runs just medial to the artery,
    # from where it comes out under the ligament.
    vein_x = femoral_pulse[0] + _FEMORAL_VEIN_OFFSET
    femoral_vein = [(vein_x, _ligament_height(ligament, vein_x)),
                    (vein_x + 0.1, femoral_pulse[1] - 4.0),
                    (right_iliac[-1][0] + _FEMORAL_VEIN_OFFSET, 51.0)]
    ureter = [(levels[0][0] - 3.2, levels[0][1]), (levels[2][0] - 3.5, levels[2][1]),
              (levels[4][0] - 3.9, levels[4][1] - 2.0)]
    l3_l4 = ((levels[2][0] + levels[3][0]) / 2, (levels[2][1] + levels[3][1]) / 2)
    genitofemoral = [(l3_l4[0] - 3.6, l3_l4[1]), (l3_l4[0] - 3.5, l3_l4[1] - 6.0),
                     (l3_l4[0] - 3.9, l3_l4[1] - 13.0)]
    left_psoas = [(-x, y) for x, y in _psoas_outline(atlas)]
    requests = [
        LabelRequest(wrap("psoas major (right)"), (-5.6, 90.0), "left", kind="muscle",
                     weight="bold"),
        LabelRequest(wrap("ASIS"), asis, "left", kind="landmark"),
        LabelRequest(wrap("inguinal ligament"), ((ligament[0][0] + ligament[1][0]) / 2 - 2.5,
                                                 (ligament[0][1] + ligament[1][1]) / 2 + 1.8),
                     "left", kind="landmark"),
        LabelRequest(wrap("press here for the psoas: halfway between navel and ASIS, "
                          "slowly and lightly back toward the spine"), press, "left",
                     kind="note", weight="bold", color=OKABE_ITO["blue"]),
        LabelRequest(wrap("femoral pulse, just below the mid-inguinal point: never press "
                          "on it"), femoral_pulse, "right", kind="landmark", weight="bold",
                     color=_ARTERY),
        LabelRequest(wrap("femoral nerve, a finger's breadth lateral to the pulse: light "
                          "pressure, stop at tingling or electric pain"), femoral_nerve[1],
                     "left", kind="landmark", weight="bold"),
        LabelRequest(wrap("femoral vein (medial to the artery; no pulse)"), femoral_vein[1],
                     "right", kind="landmark", weight="bold", color="#1a1a1a"),
        LabelRequest(wrap("ureter runs down on the front of psoas, lateral to the vena "
                          "cava"), ureter[1], "left", kind="landmark"),
        LabelRequest(wrap("genitofemoral nerve comes out of psoas at about L3-L4 and runs "
                          "down on its front"), genitofemoral[0], "left", kind="landmark"),
        LabelRequest(wrap("psoas major (left)"), (-_psoas_outline(atlas)[-3][0], 90.0),
                     "right", kind="muscle", weight="bold"),
        LabelRequest(wrap("inferior vena cava rests on the right psoas: no pulse, so no "
                          "warning"), (-2.5, 98.0), "left", kind="landmark", weight="bold",
                     color="#1a1a1a"),
        LabelRequest(wrap("abdominal aorta, on the vertebral bodies left of the midline, "
                          "beside the left psoas: never press on its pulse"),
                     (1.0, 98.0), "right", kind="landmark", weight="bold", color=_ARTERY),
        LabelRequest(wrap("navel (about L3-L4)"), navel, "right", kind="landmark"),
        LabelRequest(wrap("aorta divides at about L4; the external iliac artery runs along "
                          "the medial border of psoas"), (0.9, l4[1]), "right",
                     kind="landmark"),
    ]
    with house_style():
        ax = _start(atlas, ax, requests)
        ax.add_patch(Polygon(_psoas_outline(atlas), closed=True, facecolor=_MUSCLE, alpha=0.45,
                             edgecolor="#7a4d00", lw=1.0, zorder=5, gid="psoas-major"))
        ax.add_patch(Polygon(left_psoas, closed=True, facecolor=_MUSCLE, alpha=0.45,
                             edgecolor="#7a4d00", lw=1.0, zorder=5, gid="psoas-major-left"))
        for points, gid in ((aorta, "aorta"), (right_iliac, "right-iliac-femoral"),
                            (left_iliac, "left-iliac")):
            xs, ys = zip(*points, strict=True)
            ax.plot(xs, ys, color=_ARTERY, lw=5.5, solid_capstyle="round", zorder=8, gid=gid)
            ax.plot(xs, ys, color="white", lw=1.2, linestyle=(0, (1, 2)), zorder=9,
                    gid=f"{gid}-pattern")
        # The vein: wider, a solid white core instead of the arteries' dotted one.
        ax.plot(*zip(*vena_cava, strict=True), color=_VEIN, lw=7.0, solid_capstyle="round",
                zorder=7, gid="inferior-vena-cava")
        ax.plot(*zip(*vena_cava, strict=True), color="white", lw=1.6, zorder=7.5,
                gid="inferior-vena-cava-pattern")
        ax.plot(*zip(*femoral_vein, strict=True), color=_VEIN, lw=5.5,
                solid_capstyle="round", zorder=7, gid="femoral-vein")
        ax.plot(*zip(*femoral_vein, strict=True), color="white", lw=1.4, zorder=7.5,
                gid="femoral-vein-pattern")
        ax.plot(*zip(*femoral_nerve, strict=True), color=_NERVE, lw=2.4, linestyle="--",
                zorder=11, path_effects=_HALO, gid="femoral-nerve")
        ax.plot(*zip(*ureter, strict=True), color="#1a1a1a", lw=1.3, linestyle="-.",
                zorder=10, gid="ureter")
        ax.plot(*zip(*genitofemoral, strict=True), color=_NERVE, lw=1.6, linestyle="--",
                zorder=11, path_effects=_HALO, gid="genitofemoral-nerve")
        ax.plot(*genitofemoral[0], marker="o", ms=5, color=_NERVE, zorder=11.5,
                gid="genitofemoral-nerve-emerges")
        draw_inguinal_ligament(ax, ligament, zorder=10)
        ax.plot(*navel, marker="o", ms=9, mfc="white", mec="#1a1a1a", mew=1.5, zorder=12,
                gid="navel")
        ax.plot(*press, marker="D", ms=10, color=OKABE_ITO["blue"], mec="white", mew=1.2,
                zorder=12, gid="press-point")
        ax.plot(*femoral_pulse, marker="o", ms=11, mfc="none", mec=_ARTERY, mew=2.4,
                zorder=12, gid="femoral-pulse")
        handles = [Patch(facecolor=_MUSCLE, alpha=0.45, edgecolor="#7a4d00",
                         label="psoas major"),
                   (_vessel_handle(_ARTERY, (0, (1, 2))), "artery: a pulse you can feel"),
                   Line2D([], [], color=_NERVE, lw=2.4, linestyle="--", label="nerve"),
                   Line2D([], [], color="#1a1a1a", lw=1.3, linestyle="-.", label="ureter"),
                   # Shares a column with the equally long entry below it.
                   (_vessel_handle(_VEIN, "-"), "vein (vena cava, femoral): no pulse"),
                   Line2D([], [], marker="D", color=OKABE_ITO["blue"], linestyle="none",
                          ms=9, label="where to press (practitioner route)"),
                   (inguinal_ligament_handle(), "inguinal ligament (cord)")]
        _finish(ax, requests, handles,
                title or "Palpating the psoas: vessels and nerves to keep clear of", ncol=4,
                orientation=True)
    set_alt_text(ax, (
        "Front view of the lower spine, pelvis and right hip, schematic. Psoas major runs "
        "beside the lumbar vertebrae, over the pelvic brim and under the inguinal ligament "
        "to the lesser trochanter. The abdominal aorta runs down a little left of the "
        "midline on the vertebral bodies, beside the left psoas (both psoas muscles are "
        "drawn), and divides at about L4; the inferior vena cava, drawn as a wide vein, "
        "rests on the right psoas and has no pulse, so it gives no warning. The ureter "
        "runs down on the front of psoas lateral to the vena cava; the genitofemoral "
        "nerve comes out of psoas at about the L3-L4 disc and runs down on its front; "
        "the external iliac artery runs along its medial border. The right common iliac "
        "artery and then the right external iliac artery continue as the femoral artery, "
        "whose pulse lies just below the mid-inguinal "
        "point, halfway between the ASIS and the pubic symphysis, on the psoas tendon; the "
        "femoral nerve, a dashed line, lies a finger's breadth lateral to it on the "
        "iliopsoas. Below the inguinal ligament the femoral vein, drawn as a vein with a "
        "solid white core, runs just medial to the femoral artery, so from lateral to "
        "medial lie the femoral nerve, the femoral artery and the femoral vein; the vein "
        "has no pulse, so it gives no warning. A diamond marks the practitioners' pressing "
        "point, halfway between the navel and the ASIS. Never press on a pulse; near the "
        "femoral nerve press lightly and stop at tingling or electric pain."))
    return ax


def draw_psoas_sheath_abscess(atlas: Atlas, *, ax: Axes | None = None,
                              title: str | None = None) -> Axes:
    """How pus from an infected lumbar vertebra tracks inside the psoas sheath to the groin.

    Parameters
    ----------
    atlas
        The loaded facts (skeleton and landmark positions).
    ax
        Axes to draw into; a new projector-sized figure if None.
    title
        Title above the drawing.

    Returns
    -------
    matplotlib.axes.Axes
        With alt text.
    """
    l2 = _point(atlas, "l2_vertebral_body")
    ligament = _inguinal_ligament(atlas)
    trochanter = _point(atlas, "lesser_trochanter")
    eminence = _point(atlas, "iliopubic_eminence")
    swelling = ((eminence[0] + trochanter[0]) / 2 - 0.6, (eminence[1] + trochanter[1]) / 2)
    sheath = _psoas_outline(atlas, widen=0.7)
    pus_path = [(l2[0] - 1.4, l2[1]), (l2[0] - 3.6, l2[1] - 1.0),
                (-6.3, 80.0), (-7.4, 71.0), (swelling[0] + 0.2, swelling[1] + 2.2)]
    requests = [
        LabelRequest(wrap("infected vertebra (here L2): pus collects beside its body"), l2,
                     "right", kind="note", weight="bold", color=_ARTERY),
        LabelRequest(wrap("anterior longitudinal ligament holds the pus back in front"),
                     (0.2, 86.0), "right", kind="landmark"),
        LabelRequest(wrap("psoas sheath: the fascia around psoas major (dashed)"),
                     sheath[len(sheath) // 2 + 3], "left", kind="landmark", weight="bold"),
        LabelRequest(wrap("pus tracks down inside the sheath"), pus_path[2], "left",
                     kind="note", color="#005c43"),
        LabelRequest(wrap("inguinal ligament"), ligament[0], "left", kind="landmark"),
        LabelRequest(wrap("soft swelling in the groin (femoral triangle), below the inguinal "
                          "ligament"), swelling, "left", kind="note", weight="bold",
                     color="#005c43"),
        LabelRequest(wrap("lesser trochanter (insertion)"), trochanter, "left",
                     kind="landmark"),
    ]
    with house_style():
        ax = _start(atlas, ax, requests)
        ax.add_patch(Polygon(_psoas_outline(atlas), closed=True, facecolor=_MUSCLE, alpha=0.35,
                             edgecolor="none", zorder=5, gid="psoas-major"))
        ax.add_patch(Polygon(sheath, closed=True, facecolor="none", edgecolor="#1a1a1a",
                             lw=1.6, linestyle="--", zorder=6, gid="psoas-sheath"))
        ax.add_patch(Ellipse(l2, 4.4, 3.4, facecolor=_ARTERY, alpha=0.35, hatch="xx",
                             edgecolor=_ARTERY, lw=1.5, zorder=7, gid="infected-vertebra"))
        ax.plot([0.3, 0.3], [99.0, 79.0], color="#4A453E", lw=2.2, zorder=7,
                gid="anterior-longitudinal-ligament")
        for n, (start, end) in enumerate(zip(pus_path, pus_path[1:], strict=False)):
            _arrow(ax, start, end, color=_PUS, gid=f"pus-path-{n}", width=2.6)
        draw_inguinal_ligament(ax, ligament, zorder=10)
        ax.add_patch(Ellipse(swelling, 4.6, 3.6, facecolor=_PUS, alpha=0.45, hatch="...",
                             edgecolor="#005c43", lw=1.5, zorder=11, gid="groin-swelling"))
        handles = [Patch(facecolor=_MUSCLE, alpha=0.35, label="psoas major"),
                   Line2D([], [], color="#1a1a1a", lw=1.6, linestyle="--",
                          label="psoas sheath (dashed)"),
                   (inguinal_ligament_handle(), "inguinal ligament (cord)"),
                   Patch(facecolor=_ARTERY, alpha=0.35, hatch="xx", edgecolor=_ARTERY,
                         label="infected vertebra (cross-hatched)"),
                   Patch(facecolor=_PUS, alpha=0.45, hatch="...", edgecolor="#005c43",
                         label="pus and groin swelling (dotted, arrows)")]
        _finish(ax, requests, handles,
                title or "Psoas abscess: pus tracks inside the psoas sheath to the groin",
                ncol=3)
    set_alt_text(ax, (
        "Front view of the lower spine, pelvis and right hip, schematic. An infected second "
        "lumbar vertebra is cross-hatched; the anterior longitudinal ligament in front of "
        "the vertebral bodies holds the pus back, so it spreads sideways into the psoas "
        "sheath, the dashed fascia around psoas major. Arrows show the pus tracking down "
        "inside the sheath, over the pelvic brim and under the inguinal ligament, to a "
        "dotted swelling in the groin (femoral triangle) near the lesser trochanter."))
    return ax
