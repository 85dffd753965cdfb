"""Display helpers: figures carry alt text; callouts and badges say what the data says."""

from __future__ import annotations

import html
import re

import matplotlib.pyplot as plt
import pytest
from conftest import append_row

from psoas_edu import load_atlas
from psoas_edu.course.display import (
    FIGURE_DPI,
    dispute_callout,
    evidence_badge,
    evidence_legend,
    html_table,
    show_figure,
    show_table,
    source_links,
)


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def _figure():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], [0, 1])
    return fig, ax


def test_figure_is_an_img_with_escaped_alt_text_and_closes_the_figure():
    fig, ax = _figure()
    shown = show_figure(ax, alt='Psoas major  "front" view\n& iliacus')
    bundle = shown._repr_mimebundle_()
    img = re.fullmatch(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="([^"]*)" '
                       rf'width="{4 * FIGURE_DPI}" style="[^"]*">', bundle["text/html"])
    assert img, bundle["text/html"][:200]
    assert html.unescape(img.group(1)) == 'Psoas major "front" view & iliacus'
    assert bundle["text/plain"] == '[figure] Psoas major "front" view & iliacus'
    assert shown.png.startswith(b"\x89PNG")
    assert not plt.fignum_exists(fig.number)


def test_figure_png_is_byte_stable_and_has_no_software_stamp():
    first = show_figure(_figure()[0], alt="a line").png
    second = show_figure(_figure()[0], alt="a line").png
    assert first == second
    assert b"matplotlib" not in first


@pytest.mark.parametrize("alt", ["", "   "])
def test_figure_without_alt_text_is_refused(alt):
    fig, _ = _figure()
    with pytest.raises(ValueError, match="alt text"):
        show_figure(fig, alt=alt)


def test_dispute_callout_shows_every_side_with_its_sources(atlas):
    dispute = "psoas_minor_insertion"
    rows = atlas.attachments[atlas.attachments["dispute_id"] == dispute]
    callout = dispute_callout(atlas, dispute)
    summary = atlas.disputes.set_index("dispute_id").at[dispute, "summary"]
    assert callout.text.startswith(f"Disputed: {summary}")
    assert "Disputed:" in callout.html and 'role="note"' in callout.html
    for row in rows.itertuples():
        assert row.description in callout.text
        cited = source_links(atlas, row.source_ids)
        assert cited.text in callout.text and cited.html in callout.html
        assert not any(f"{s}," in callout.text or f"({s})" in callout.text
                       for s in row.source_ids)
    assert callout.html.count("<li>") == len(rows) >= 2


def test_dispute_callout_names_the_movement_of_a_disputed_action(atlas):
    rows = atlas.actions[atlas.actions["disputed"]]
    dispute = rows["dispute_id"].iloc[0]
    names = atlas.movements.set_index(["joint", "movement"])["name"]
    text = dispute_callout(atlas, dispute).text
    for row in rows[rows["dispute_id"] == dispute].itertuples():
        assert names[(row.joint, row.movement)] in text


def test_unknown_dispute_lists_the_known_ones(atlas):
    with pytest.raises(KeyError, match="psoas_minor_insertion"):
        dispute_callout(atlas, "psoas_minor_insertoin")


def test_evidence_badge_and_legend_use_the_levels_file(data_copy):
    append_row(data_copy / "evidence_levels.csv", {
        "evidence_level": "expert_panel", "rank": "7", "name": "expert panel",
        "meaning": "Agreed by a named panel.", "teacher_says": "Name the panel."})
    atlas = load_atlas(data_copy)
    badge = evidence_badge(atlas, "expert_panel")
    assert badge.text == "[expert panel]"
    assert 'title="Agreed by a named panel."' in badge.html
    legend = evidence_legend(atlas)
    assert legend.text.splitlines()[-1] == "expert panel: Agreed by a named panel."
    with pytest.raises(KeyError, match="expert_panel"):
        evidence_badge(atlas, "expert")


def test_html_table_escapes_headings_and_aligns_cells_left():
    table = html_table(["a<b", "c"], [["<em>x</em>", "y"]], text="x | y")
    assert "<th" in table.html and "a&lt;b" in table.html
    assert table.html.count("text-align:left") == 4
    assert "<em>x</em>" in table.html and table.text == "x | y"


def test_show_table_keeps_long_text_and_hides_a_plain_index():
    import pandas as pd

    long = "a description much longer than the fifty characters pandas shows by default"
    table = show_table(pd.DataFrame({"text": [long], "n": [3]}))
    assert long in table.html and long in table.text
    assert table.html.count("<th ") == 2  # no index column
    named = show_table(pd.DataFrame({"n": [3]}, index=pd.Index(["psoas"], name="muscle")),
                       index=True)
    assert "<strong>psoas</strong>" in named.html and ">muscle</th>" in named.html


def test_show_table_writes_true_false_columns_as_yes_or_blank():
    import pandas as pd

    table = show_table(pd.DataFrame({"muscle": ["a", "b"], "disputed": [True, False]}))
    assert ">yes</td>" in table.html and "False" not in table.html
    assert "False" not in table.text
