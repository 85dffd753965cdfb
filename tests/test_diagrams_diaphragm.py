"""The diaphragm's attachment figure: its alt text names the part of the body drawn (the
lower chest, not the pelvis and thigh), and no attachment marker covers a vertebral level
written on the spine (the xiphoid process sat on "T10")."""

from __future__ import annotations

import numpy as np
import pytest

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.attachments import draw_attachments, region_phrase
from psoas_edu.figures.style import alt_text


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def test_the_alt_text_names_the_part_of_the_body_drawn(atlas):
    text = alt_text(draw_attachments(atlas, "diaphragm", view="anterior"))
    assert "of the right lower chest" in text
    assert "pelvis" not in text and "thigh" not in text


def test_region_phrase_follows_the_region():
    assert region_phrase((-16, 16, 40, 100)) == "lower back, pelvis and thigh"
    assert region_phrase((-16, 16, 80, 120)) == "lower chest and lower back"


@pytest.mark.parametrize("muscle", ["diaphragm", "psoas_major", "quadratus_lumborum"])
def test_no_marker_covers_a_vertebral_level(atlas, muscle):
    ax = draw_attachments(atlas, muscle, view="anterior")
    levels = [t for t in ax.texts if t.get_gid() == "label-level"]
    assert levels
    marks = np.array([xy for line in ax.lines
                      if str(line.get_gid()).startswith(("origin", "insertion"))
                      for xy in line.get_xydata()])
    for text in levels:
        x, y = text.get_position()
        nearest = np.hypot(marks[:, 0] - x, marks[:, 1] - y).min()
        assert nearest > 1.5, f"a marker sits on the level {text.get_text()!r}"
