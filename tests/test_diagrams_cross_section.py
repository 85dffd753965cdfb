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
