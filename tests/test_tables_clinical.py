"""The clinical tables of notebook 04: every row shown, most urgent first, words not colours."""

from __future__ import annotations

import pytest

from psoas_edu import load_atlas
from psoas_edu.course.display import source_links
from psoas_edu.facts.schema import REFERRALS
from psoas_edu.tables.clinical import (
    REFERRAL_WORDS,
    anecdote_table,
    clinical_anatomy_table,
    differential_table,
    guideline_table,
    red_flag_screen,
    red_flag_table,
)
from psoas_edu.tables.clinical import (
    tested_on_table as evidence_base_table,
)


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def _urgency_order(text: str) -> list[int]:
    """The referral speeds of the lines of a table's text, as positions in REFERRALS."""
    order = []
    for line in text.splitlines():
        found = [n for n, r in enumerate(REFERRALS) if REFERRAL_WORDS[r] in line]
        if found:
            order.append(found[0])
    return order


def test_red_flag_table_shows_every_flag_most_urgent_first(atlas):
    table = red_flag_table(atlas)
    order = _urgency_order(table.text)
    assert len(order) == len(atlas.red_flags)
    assert order == sorted(order)
    assert order[0] == 0, "the first row must be an emergency"
    assert table.html.count("<tr>") == len(atlas.red_flags) + 1


def test_red_flag_screen_asks_about_every_flag(atlas):
    screen = red_flag_screen(atlas)
    assert screen.html.count("<li>") == len(atlas.red_flags)
    for sign in atlas.red_flags["sign"]:
        assert sign in screen.text


def test_differentials_filter_by_pain_area(atlas):
    groin = differential_table(atlas, pain_area="groin")
    expected = atlas.differentials[atlas.differentials["pain_areas"].map(lambda a: "groin" in a)]
    assert groin.html.count("<tr>") == len(expected) + 1
    assert "kidney infection" not in groin.text  # flank and low back only
    everything = differential_table(atlas)
    assert everything.html.count("<tr>") == len(atlas.differentials) + 1
    assert _urgency_order(everything.text) == sorted(_urgency_order(everything.text))


def test_unknown_pain_area_names_the_areas(atlas):
    with pytest.raises(ValueError, match="no condition hurts in 'belly'; areas: .*groin"):
        differential_table(atlas, pain_area="belly")


def test_guideline_table_marks_the_disagreement(atlas):
    text = guideline_table(atlas).text
    disputed = [line for line in text.splitlines() if "guidelines disagree" in line]
    assert len(disputed) == (atlas.guidelines["dispute_id"] != "").sum() >= 2
    assert any("do NOT offer" in line for line in disputed)


def test_every_clinical_table_cites_each_row(atlas):
    for table, frame in ((clinical_anatomy_table(atlas), atlas.clinical_anatomy),
                         (evidence_base_table(atlas), atlas.evidence_base),
                         (anecdote_table(atlas), atlas.anecdotes)):
        lines = table.text.splitlines()
        assert len(lines) == len(frame)
        for line, ids in zip(lines, frame["source_ids"], strict=True):
            # Cited as in the fact views: short citations, never raw source ids.
            assert line.endswith(f"({source_links(atlas, ids).text})")
        assert not any(f">{i}<" in table.html for ids in frame["source_ids"] for i in ids)


def test_anecdotes_name_the_article_not_its_id(atlas):
    text = anecdote_table(atlas).text
    assert "seed_000" not in text.split("(")[0]
    assert "web article" in text
