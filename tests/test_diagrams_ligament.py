"""The inguinal ligament over the iliopsoas: psoas major and iliacus pass deep to it
(Gray 1918), so their figures draw it from the ASIS to the pubic tubercle, labelled, as a
cord that reads neither as a muscle band nor as a dashed (disputed) line."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.lines import Line2D

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.attachments import choose_view
from psoas_edu.figures.gallery import diagram_gallery
from psoas_edu.figures.skeleton import landmark_positions
from psoas_edu.figures.style import alt_text

FIGURES = ("iliopsoas_anterior", "iliopsoas_lateral", "attachments_psoas_major",
           "attachments_iliacus")


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def ligament_lines(ax) -> list[Line2D]:
    return [line for line in ax.lines if line.get_gid() == "inguinal-ligament"]


def view_of(atlas, name: str) -> str:
    if name.startswith("iliopsoas_"):
        return name.removeprefix("iliopsoas_")
    return choose_view(atlas, [name.removeprefix("attachments_")], "auto")


@pytest.mark.parametrize("name", FIGURES)
def test_the_ligament_runs_from_the_asis_to_the_pubic_tubercle(atlas, name):
    ax = diagram_gallery(atlas)[name]()
    lines = ligament_lines(ax)
    assert len(lines) == 1, "no inguinal ligament drawn"
    (line,) = lines
    xs, ys = line.get_data()
    placed = landmark_positions(atlas, view_of(atlas, name))
    asis, crest = np.array(placed["asis"].xy), np.array(placed["pubic_crest"].xy)
    assert np.hypot(xs[0] - asis[0], ys[0] - asis[1]) < 0.5
    assert np.hypot(xs[-1] - crest[0], ys[-1] - crest[1]) < 1.5
    assert line.get_linestyle() == "-", "dashes would read as a disputed attachment"
    band_zorders = [c.get_zorder() for c in ax.collections
                    if str(c.get_gid()).startswith(("band-", "tendon-"))]
    assert band_zorders
    assert line.get_zorder() > max(band_zorders), "the muscles are drawn over the ligament"
    texts = [t.get_text().replace("\n", " ") for t in ax.texts]
    assert any(t.startswith("inguinal ligament") for t in texts), "the ligament is unlabelled"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("inguinal ligament" in t for t in legend)
    assert "inguinal ligament" in alt_text(ax) and "deep to it" in alt_text(ax)


def test_muscles_that_do_not_pass_under_it_leave_it_out(atlas):
    ax = diagram_gallery(atlas)["attachments_gluteus_medius"]()
    assert not ligament_lines(ax)
    assert "inguinal ligament" not in alt_text(ax)
