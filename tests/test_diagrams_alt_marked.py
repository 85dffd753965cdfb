"""Attachment alt texts quote the textbook's description, which may name more than the
region drawn holds (iliocostalis reaches the neck); they then say which points carry a
marker, so a screen-reader user knows what a sighted student sees."""

from __future__ import annotations

import re

import pytest

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.attachments import attachment_marks, draw_attachments
from psoas_edu.figures.style import alt_text


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


@pytest.mark.parametrize("muscle", ["iliocostalis", "longissimus"])
def test_the_alt_text_names_the_marked_points_of_each_end(atlas, muscle):
    ax = draw_attachments(atlas, muscle, view="posterior")
    text = alt_text(ax)
    marked = re.findall(r"Marked on the drawing: ([^.]+)\.", text)
    assert len(marked) == 2, "each end should say what is marked"
    names = dict(zip(atlas.landmarks["landmark_id"], atlas.landmarks["name"], strict=True))
    for end, said in zip(("origin", "insertion"), marked, strict=True):
        drawn = {names[m.landmark_id] for m in attachment_marks(atlas, muscle, "posterior")
                 if m.end == end and not m.disputed}
        assert drawn and all(name in said for name in drawn)
        assert len(said) < sum(len(n) + 5 for n in drawn), "names more than is marked"
