"""Fact views: readable tables that show every selected row, with names, evidence, sources."""

from __future__ import annotations

import html
import re

import pytest

from psoas_edu import load_atlas
from psoas_edu.course.display import short_citation
from psoas_edu.tables.fact_views import evidence_table, facts_view, identifier_table, source_list


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def test_facts_view_keeps_only_the_group_in_file_order_and_marks_disputes(atlas):
    view = facts_view(atlas, "attachments", group="iliopsoas",
                      columns=["end", "description", "status"]).frame
    members = atlas.muscles[atlas.muscles["group"] == "iliopsoas"]
    order = list(members["name"])
    assert set(view.index) == set(order)
    assert list(dict.fromkeys(view.index)) == order
    expected = atlas.attachments[atlas.attachments["muscle_id"].isin(members["muscle_id"])]
    assert len(view) == len(expected)
    assert view["status"].str.startswith("disputed").sum() == expected["disputed"].sum()
    # The question in dispute is said, not only that there is one.
    assert all(len(s) > len("disputed: ") for s in view["status"] if s)
    assert "note" not in facts_view(atlas, "attachments", group="iliopsoas").frame.columns


def test_facts_view_errors_name_what_exists(atlas):
    with pytest.raises(KeyError, match="iliopsoas"):
        facts_view(atlas, "attachments", group="iliopsaos")
    with pytest.raises(KeyError, match="description"):
        facts_view(atlas, "attachments", columns=["descripton"])
    with pytest.raises(KeyError, match="attachments"):
        facts_view(atlas, "sources")


def test_identifier_table_links_uberon_ids_and_says_what_is_missing(atlas):
    table = identifier_table(atlas)
    lines = table.text.splitlines()
    assert len(lines) == len(atlas.muscles)
    for line, row in zip(lines, atlas.muscles.itertuples(), strict=True):
        ids = (row.uberon_id, row.fma_id, row.ta98_id)
        assert line == f"{row.name}: {row.latin_name}; " + "; ".join(
            i or "not recorded" for i in ids)
        if row.uberon_id:
            number = row.uberon_id.split(":")[1]
            assert f'href="http://purl.obolibrary.org/obo/UBERON_{number}"' in table.html
    assert table.html.count("href=") == sum(bool(u) for u in atlas.muscles["uberon_id"])


def test_source_list_collects_cited_sources_once(atlas):
    members = atlas.muscles.loc[atlas.muscles["group"] == "iliopsoas", "muscle_id"]
    cited = {s for ids in atlas.innervation.loc[atlas.innervation["muscle_id"].isin(members),
                                                "source_ids"] for s in ids}
    listed = source_list(atlas, tables=["innervation"], group="iliopsoas")
    citations = atlas.sources.set_index("source_id")["citation"]
    titles = [html.unescape(t) for t in re.findall(r' title="([^"]*)"', listed.html)]
    assert sorted(titles) == sorted(citations[s] for s in cited)
    assert listed.html.count("<li>") == len(cited)
    assert not any(s in listed.text or s in listed.html.replace(citations[s], "")
                   for s in cited if "_" in s)  # short citations, never the raw ids
    with pytest.raises(KeyError, match="no_such_source"):
        source_list(atlas, ["gray1918", "no_such_source"])


def test_evidence_table_filters_rows_and_badges_each_level(atlas):
    notes = atlas.clinical_notes
    wanted = notes[notes["topic"] == "symptom"]
    table = evidence_table(atlas, "clinical_notes", columns=["statement"],
                           where={"topic": "symptom"})
    lines = table.text.splitlines()
    assert len(lines) == len(wanted)
    names = atlas.evidence_levels.set_index("evidence_level")["name"]
    for line, row in zip(lines, wanted.itertuples(), strict=True):
        assert line.startswith(row.statement)
        assert f"[{names[row.evidence_level]}" in line
    assert table.html.count("<tr>") == len(wanted) + 1


def test_evidence_table_matches_lists_and_shows_names_not_ids(atlas):
    table = evidence_table(atlas, "contraindications", columns=["condition", "applies_to"],
                           where={"applies_to": "dry_needling"})
    rows = atlas.contraindications
    expected = rows[[("dry_needling" in ids) for ids in rows["applies_to"]]]
    assert len(table.text.splitlines()) == len(expected) > 0
    needling = atlas.techniques.set_index("technique_id").at["dry_needling", "name"]
    assert needling in table.text
    # The raw id may appear only inside a source id (e.g. halle2016_dry_needling), never alone.
    assert not re.search(r"(?<!\w)dry_needling(?!\w)", table.html)


def test_evidence_table_reports_unknown_tables_and_columns(atlas):
    with pytest.raises(KeyError, match="clinical_notes"):
        evidence_table(atlas, "attachments", columns=["description"])
    with pytest.raises(KeyError, match="statement"):
        evidence_table(atlas, "clinical_notes", columns=["statment"])



def test_facts_view_shows_full_text_left_aligned(atlas):
    view = facts_view(atlas, "attachments", group="iliopsoas", columns=["description"])
    bundle = view._repr_mimebundle_()
    longest = max(view.frame["description"], key=len)
    assert len(longest) > 50  # longer than pandas would show
    assert longest in bundle["text/plain"]
    assert longest.replace("'", "&#x27;") in bundle["text/html"]


def test_fact_views_cite_sources_by_short_citation_with_a_link(atlas):
    view = facts_view(atlas, "attachments", group="iliopsoas")
    shown = view._repr_mimebundle_()["text/html"]
    sources = atlas.sources.set_index("source_id")
    cited = {s for ids in atlas.attachments["source_ids"] for s in ids}
    for source_id in cited & set(
            s for m in atlas.muscles.loc[atlas.muscles["group"] == "iliopsoas", "muscle_id"]
            for ids in atlas.attachments.loc[atlas.attachments["muscle_id"] == m, "source_ids"]
            for s in ids):
        assert f">{html.escape(short_citation(sources.at[source_id, 'citation']))}</a>" in shown
        if sources.at[source_id, "url"]:
            assert f'href="{html.escape(sources.at[source_id, "url"])}"' in shown
        assert f">{source_id}<" not in shown and f"{source_id};" not in shown
    assert "Gray 1918" in set(view.frame["sources"].str.split("; ").explode())


def test_short_citations_name_the_author_and_year_or_the_site():
    assert short_citation("Gray H. Anatomy of the Human Body. 20th ed. 1918.") == "Gray 1918"
    assert short_citation("Travell JG, Simons DG. Myofascial Pain. 1992.") == "Travell 1992"
    assert short_citation("Wikipedia. Psoas major (based on Gray 1918).") == "Wikipedia"


def test_clinical_tables_cite_by_short_linked_citation_not_by_id(atlas):
    from psoas_edu.tables.clinical import (
        clinical_anatomy_table,
        differential_table,
        red_flag_table,
    )

    ids = set(atlas.sources["source_id"])
    for table in (red_flag_table(atlas), differential_table(atlas),
                  clinical_anatomy_table(atlas)):
        cells = re.findall(r"<td>(.*?)</td>", table.html, flags=re.S)
        raw = [c for c in cells if any(part.strip() in ids for part in c.split(","))]
        assert raw == [], f"raw source ids shown: {raw[:3]}"
        assert "<a href=" in table.html


def test_titles_are_not_cut_short_and_a_doi_becomes_a_link():
    assert short_citation("How To Release Psoas Trigger Point (web article, seed 002).") == \
        "How To Release Psoas Trigger Point"
    from psoas_edu.course.display import _doi_url

    assert _doi_url("Peeler JD. J Athl Train. 2008. doi:10.4085/1062-6050-43.5.470") == \
        "https://doi.org/10.4085/1062-6050-43.5.470"
    assert _doi_url("Finando D. Trigger Point Therapy. 2005. ISBN 1-59477-054-9.") == ""


def test_evidence_levels_are_explained_in_visible_text_under_each_table(atlas):
    from psoas_edu.tables.clinical import red_flag_table

    levels = atlas.evidence_levels.set_index("evidence_level")
    for table, frame in ((evidence_table(atlas, "techniques", columns=["name"]),
                          atlas.tables["techniques"]),
                         (red_flag_table(atlas), atlas.tables["red_flags"])):
        key = table.html.split("</table>")[-1]
        assert key.startswith('<p class="psoas-evidence-key"')
        for level in set(frame["evidence_level"]):
            meaning = levels.at[level, "meaning"]
            assert html.escape(meaning) in key


def test_rows_that_would_read_alike_get_their_sources(atlas):
    view = facts_view(atlas, "actions", group="iliopsoas",
                      columns=["joint", "movement", "role", "status"])
    assert "sources" in view.frame.columns
    shown = view.frame.reset_index()
    assert not shown.duplicated(keep=False).any()
    plain = facts_view(atlas, "attachments", group="iliopsoas", columns=["end", "description"])
    assert "sources" not in plain.frame.columns
