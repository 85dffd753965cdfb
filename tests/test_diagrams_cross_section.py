"""The L3/L4 cross-section drawn from data: every structure named, and the relations the
sources state (plexus in psoas, quadratus lumborum lateral, erector spinae behind)."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.path import Path

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.cross_section import draw_cross_section
from psoas_edu.figures.style import alt_text


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def test_cross_section_draws_and_names_every_structure(atlas):
    ax = draw_cross_section(atlas)
    table = atlas.cross_section
    gids = {c.get_gid() for c in ax.collections}
    texts = " ".join(t.get_text() for t in ax.texts)
    for row in table.itertuples(index=False):
        assert f"section-{row.structure_id}" in gids
        if row.kind != "hole":
            assert row.name in texts
    assert "body's right" in texts and "front of the body" in texts
    assert "lumbar plexus" in alt_text(ax)


def test_cross_section_relations_follow_the_sources(atlas):
    """Plexus inside psoas; quadratus lumborum lateral to psoas; erector spinae behind
    the transverse processes; aorta left of the midline, the vena cava right of it."""
    shapes = {row.structure_id: np.asarray([[float(v) for v in p.split()] for p in row.points])
              for row in atlas.cross_section.itertuples(index=False)}
    plexus = shapes["lumbar_plexus"].mean(axis=0)
    assert Path(shapes["psoas_major"]).contains_point(plexus)
    assert shapes["quadratus_lumborum"][:, 0].mean() > shapes["psoas_major"][:, 0].mean()
    assert shapes["erector_spinae"][:, 1].mean() < shapes["vertebral_arch"][:, 1].mean()
    assert shapes["aorta"][:, 0].mean() > 0 > shapes["inferior_vena_cava"][:, 0].mean()


def _leader_end(ax, name: str) -> np.ndarray:
    (leaders,) = [c for c in ax.collections if c.get_gid() == "leaders"]
    starts = {t.get_position() for t in ax.texts if t.get_text() == name}
    (end,) = [seg[1] for seg in leaders.get_segments() if tuple(seg[0]) in starts]
    return np.asarray(end)


def test_the_vertebral_arch_leader_ends_on_bone_not_in_the_canal(atlas):
    ax = draw_cross_section(atlas)
    table = atlas.cross_section.set_index("structure_id")
    end = _leader_end(ax, table.loc["vertebral_arch", "name"])
    shape = {row.structure_id: np.asarray([[float(v) for v in p.split()] for p in row.points])
             for row in atlas.cross_section.itertuples(index=False)}
    assert Path(shape["vertebral_arch"]).contains_point(end)
    canal = Path(shape["vertebral_canal"])
    assert not canal.contains_point(end, radius=-0.2) and not canal.contains_point(end), (
        "the vertebral arch's leader ends in the empty vertebral canal")
    # On a lamina: behind the canal, not out on a transverse process.
    assert end[1] < shape["vertebral_canal"][:, 1].min() + 0.3 and abs(end[0]) < 1.5


def test_labels_name_what_an_l3_l4_section_cuts(atlas):
    """A section at L3/L4 cuts the disc, and beside the spinous processes the back
    muscles there include multifidus."""
    ax = draw_cross_section(atlas)
    texts = [t.get_text() for t in ax.texts]
    assert "L3 vertebral body" not in texts
    assert any("L3/L4" in t and "disc" in t for t in texts)
    (back,) = [t for t in texts if "erector spinae" in t]
    assert "multifidus" in back
    assert "multifidus" in alt_text(ax) and "disc" in alt_text(ax)
