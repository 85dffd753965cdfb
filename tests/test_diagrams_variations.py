"""A variation is called a variation, and the legend promises a dashed branch only where
one can be seen: psoas minor's variant insertion on the iliopubic eminence lies on its
usual insertion, so it is named in a label, not drawn apart."""

from __future__ import annotations

import pytest

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.gallery import diagram_gallery
from psoas_edu.figures.style import alt_text


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


@pytest.mark.parametrize("name", ["attachments_psoas_minor", "iliopsoas_anterior"])
def test_psoas_minor_variation_is_not_called_disputed_or_promised_dashed(atlas, name):
    ax = diagram_gallery(atlas)[name]()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert not any("disputed" in t for t in legend), legend
    assert not any("dashed" in t for t in legend), "no dashed branch can be seen"
    labels = " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    assert "a variation" in labels and "disputed" not in labels
    assert "variation (dashed)" not in alt_text(ax)
