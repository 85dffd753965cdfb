"""Clinical diagrams: the trigger-point sites on the body map, palpation landmarks with the
arteries, and the psoas sheath path of an abscess. Checked through the artists they draw
(by gid) and their alt text, which must say what a sighted student sees."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from psoas_edu import alt_text, draw_referral_map, load_atlas  # noqa: E402
from psoas_edu.figures.body_map import trigger_point_sites_for  # noqa: E402
from psoas_edu.figures.clinical import (  # noqa: E402
    draw_palpation_landmarks,
    draw_psoas_sheath_abscess,
)
from psoas_edu.figures.gallery import diagram_gallery  # noqa: E402


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def gids(ax) -> set[str]:
    found = {a.get_gid() for a in ax.get_children()}
    found |= {a.get_gid() for a in ax.lines} | {a.get_gid() for a in ax.patches}
    found |= {a.get_gid() for a in ax.texts}
    return {g for g in found if g}


def test_every_placed_trigger_point_of_the_group_is_marked(atlas):
    sites = trigger_point_sites_for(atlas, "iliopsoas")
    placed = set(atlas.trigger_point_sites["trigger_point_id"])
    assert {s.trigger_point_id for s in sites} == placed & set(
        atlas.trigger_points["trigger_point_id"])
    ax = draw_referral_map(atlas, "iliopsoas", trigger_points=True)
    drawn = {g.removeprefix("trigger-point-") for g in gids(ax) if g.startswith("trigger-point-")}
    assert drawn == {s.trigger_point_id for s in sites}
    text = alt_text(ax)
    assert "Numbered dots mark" in text
    for site in sites:
        assert site.name in text
    plt.close(ax.figure)


def test_the_plain_referral_map_is_unchanged_by_default(atlas):
    ax = draw_referral_map(atlas, "iliopsoas")
    assert not any(g.startswith("trigger-point-") for g in gids(ax))
    assert "Numbered dots" not in alt_text(ax)
    plt.close(ax.figure)


@pytest.mark.parametrize("draw, expected, words", [
    (draw_palpation_landmarks, {"psoas-major", "aorta", "right-iliac-femoral", "press-point",
                                "femoral-pulse", "inferior-vena-cava", "femoral-nerve",
                                "ureter", "inguinal-ligament"},
     ("aorta", "inferior vena cava", "no pulse", "femoral artery", "femoral nerve",
      "mid-inguinal point", "halfway between the navel and the ASIS")),
    (draw_psoas_sheath_abscess, {"psoas-major", "psoas-sheath", "infected-vertebra",
                                 "pus-path-0", "groin-swelling", "inguinal-ligament"},
     ("sheath", "inguinal ligament", "groin", "anterior longitudinal ligament")),
])
def test_clinical_diagrams_draw_what_their_alt_text_says(atlas, draw, expected, words):
    fig, given = plt.subplots()
    ax = draw(atlas, ax=given)
    assert ax is given, "house style: draw into the Axes given and return it"
    assert expected <= gids(ax)
    text = alt_text(ax)
    for word in words:
        assert word in text, word
    plt.close(fig)


def test_gallery_renders_the_clinical_diagrams(atlas):
    gallery = diagram_gallery(atlas)
    assert {"palpation_landmarks", "psoas_sheath_abscess", "trigger_points_iliopsoas"} <= set(
        gallery)


def test_trigger_point_sites_lie_inside_the_body_outline(atlas):
    from matplotlib.path import Path

    from psoas_edu.figures.body_map import region_shapes

    shapes = region_shapes(atlas.body_regions)
    for site in atlas.trigger_point_sites.itertuples(index=False):
        outline = Path(shapes[("body", site.view)][0])
        assert outline.contains_point((site.x, site.y)), site.trigger_point_id
        # Drawn on the right side of the body: the viewer's left in the front view.
        assert (site.x < 0) == (site.view == "front"), site.trigger_point_id


def _line(ax, gid):
    (line,) = [a for a in ax.lines if a.get_gid() == gid]
    return line.get_xydata()


def test_palpation_diagram_puts_each_vessel_and_the_nerve_on_its_side(atlas):
    """The right side of the body is on the viewer's left (x < 0). The aorta lies left of the
    midline; the inferior vena cava, which has no pulse, on the right psoas; the femoral
    nerve lateral to the femoral pulse. No arrow may send the fingers laterally onto the
    nerve, and the pulse sits below the mid-inguinal point, not the ligament's midpoint."""
    ax = draw_palpation_landmarks(atlas)
    assert _line(ax, "aorta")[:, 0].min() > 0
    assert _line(ax, "inferior-vena-cava")[:, 0].max() < 0
    (pulse_x, pulse_y), = _line(ax, "femoral-pulse")
    nerve = _line(ax, "femoral-nerve")
    at_pulse = nerve[abs(nerve[:, 1] - pulse_y).argmin()]
    assert at_pulse[0] < pulse_x, "the femoral nerve lies lateral to the artery"
    assert not any(g.startswith("move-away") for g in gids(ax))
    positions = {row.landmark_id: (row.x, row.y) for row in atlas.landmark_positions.itertuples()
                 if row.view == "anterior"}
    asis, symphysis = positions["asis"], positions["pubic_symphysis"]
    assert pulse_x == pytest.approx((asis[0] + symphysis[0]) / 2)
    text = alt_text(ax)
    assert "move away" not in text and "laterally" not in text
    plt.close(ax.figure)


def test_trigger_point_sites_are_numbered_and_each_label_names_its_own(atlas):
    sites = trigger_point_sites_for(atlas, "iliopsoas")
    ax = draw_referral_map(atlas, "iliopsoas", trigger_points=True)
    numbers = {t.get_gid().removeprefix("trigger-number-"): t.get_text() for t in ax.texts
               if (t.get_gid() or "").startswith("trigger-number-")}
    assert sorted(numbers.values()) == [str(i) for i in range(1, len(sites) + 1)]
    labels = [" ".join(t.get_text().split()) for t in ax.texts
              if (t.get_gid() or "") == "label-landmark"]
    for site in sites:
        assert f"{numbers[site.trigger_point_id]} {site.name}" in labels
    plt.close(ax.figure)


def _line(ax, gid):
    (line,) = [ln for ln in ax.lines if ln.get_gid() == gid]
    return line.get_xydata()


def test_the_vena_cava_rests_on_the_right_psoas_not_on_the_vertebral_bodies(atlas):
    ax = draw_palpation_landmarks(atlas)
    (psoas,) = [p for p in ax.patches if p.get_gid() == "psoas-major"]
    vein = _line(ax, "inferior-vena-cava")
    level = atlas.landmark_positions.set_index(["landmark_id", "view"])
    l2 = level.loc[("l2_vertebral_body", "anterior")]
    on_psoas = [p for p in vein if p[1] <= l2["y"]]
    assert on_psoas and all(psoas.get_path().contains_point(p) for p in on_psoas), (
        "the vena cava is not drawn on the right psoas")


def test_the_genitofemoral_nerve_leaves_psoas_at_l3_l4_and_the_ureter_starts_on_it(atlas):
    ax = draw_palpation_landmarks(atlas)
    (psoas,) = [p for p in ax.patches if p.get_gid() == "psoas-major"]
    top_of_psoas = max(y for _, y in psoas.get_xy())
    nerve = _line(ax, "genitofemoral-nerve")
    placed = atlas.landmark_positions.set_index(["landmark_id", "view"])
    l3, l4 = (placed.loc[(f"l{n}_vertebral_body", "anterior"), "y"] for n in (3, 4))
    assert l4 <= nerve[0][1] <= l3, "the genitofemoral nerve does not come out at L3-L4"
    assert psoas.get_path().contains_point(nerve[0])
    assert _line(ax, "ureter")[0][1] <= top_of_psoas, "the ureter starts above the psoas"


def test_both_psoas_muscles_are_drawn_where_the_aorta_is_said_to_lie_beside_the_left(atlas):
    ax = draw_palpation_landmarks(atlas)
    texts = " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    assert "beside the left psoas" in texts
    assert "psoas-major-left" in gids(ax) and "psoas major (left)" in texts


def test_palpation_alt_text_names_the_external_iliac_artery(atlas):
    text = alt_text(draw_palpation_landmarks(atlas))
    assert "right external iliac artery continue" in text
    assert "right iliac artery continues" not in text
    assert "genitofemoral nerve comes out of psoas at about the L3-L4" in text


@pytest.mark.parametrize("draw", [draw_palpation_landmarks, draw_psoas_sheath_abscess])
def test_the_inguinal_ligament_is_not_drawn_like_the_sheath_or_a_nerve(atlas, draw):
    ax = draw(atlas)
    (ligament,) = [ln for ln in ax.lines if ln.get_gid() == "inguinal-ligament"]
    assert ligament.get_linestyle() == "-"
    dashed = [a for a in [*ax.lines, *ax.patches] if a.get_gid() in (
        "psoas-sheath", "femoral-nerve")]
    assert dashed and all(a.get_linestyle() != "-" for a in dashed)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "inguinal ligament (cord)" in legend
    assert not any("sheath" in t and "ligament" in t for t in legend)


def test_trigger_point_dots_do_not_touch(atlas):
    ax = draw_referral_map(atlas, "iliopsoas", trigger_points=True)
    fig = ax.figure
    fig.canvas.draw()
    dots = [line for line in ax.lines if (line.get_gid() or "").startswith("trigger-point-")]
    assert len(dots) >= 2
    centres = [ax.transData.transform(line.get_xydata()[0]) * 72 / fig.dpi for line in dots]
    for i, a in enumerate(dots):
        for b, cb in zip(dots[i + 1:], centres[i + 1:], strict=True):
            gap = np.hypot(*(centres[i] - cb))
            # Each dot: its diameter plus a white edge and halo of about 2 points.
            room = (a.get_markersize() + b.get_markersize()) / 2 + 4.0
            assert gap > room, f"{a.get_gid()} and {b.get_gid()} touch: {gap:.1f} pt apart"
