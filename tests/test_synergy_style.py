"""Styled synergist / antagonist tables and the movement matrix."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from test_synergy import build_data

from psoas_edu import load_atlas
from psoas_edu.tables.style import (
    ROLE_SYMBOLS,
    antagonist_table,
    matrix_table,
    style_matrix,
    style_relations,
    synergist_table,
    table_id,
)
from psoas_edu.tables.synergy import RELATION_COLUMNS, UnknownMovementError, movement_matrix

RANDOM_STYLER_ID = re.compile(r"\bT_[0-9a-f]{5}(?=[_\"\s])")


@pytest.fixture
def atlas(tmp_path):
    return load_atlas(build_data(tmp_path / "data"))


def all_views(atlas):
    return {
        "synergists": lambda: synergist_table(atlas, "alpha", "hip flexion"),
        "group": lambda: synergist_table(atlas, "front", "hip flexion"),
        "antagonists": lambda: antagonist_table(atlas, "alpha", "hip flexion"),
        "unopposed": lambda: antagonist_table(atlas, "zeta", "lumbar lateral flexion"),
        "matrix": lambda: matrix_table(atlas, "hip"),
        "matrix2": lambda: matrix_table(atlas, ["lumbar spine", "hip"]),
    }


@pytest.mark.parametrize("view", ["synergists", "group", "antagonists", "unopposed",
                                  "matrix", "matrix2"])
def test_html_is_identical_when_built_twice_and_has_no_random_ids(atlas, view):
    build = all_views(atlas)[view]
    first, second = build().to_html(), build().to_html()
    assert first == second
    assert first == build()._repr_html_()
    assert not RANDOM_STYLER_ID.search(first)


def test_table_ids_derive_from_what_is_shown(atlas):
    html = synergist_table(atlas, "musculus alpha", "flexion", joint="hip").to_html()
    assert '<table id="T_synergists_alpha_hip_flexion">' in html
    assert 'id="T_antagonists_front_hip_flexion"' in antagonist_table(
        atlas, "front", "hip flexion").to_html()
    assert 'id="T_matrix_lumbar_spine_hip"' in matrix_table(
        atlas, ["lumbar spine", "hip"]).to_html()
    # Different tables in one notebook never share an id.
    ids = {re.search(r'<table id="([^"]+)"', build().to_html()).group(1)
           for build in all_views(atlas).values()}
    assert len(ids) == len(all_views(atlas))


def _row(view, muscle):
    return view.set_index("Muscle").loc[muscle]


def test_relation_view_groups_by_role_and_writes_disputed_out(atlas):
    styler = synergist_table(atlas, "alpha", "hip flexion")
    view = styler.data
    assert list(zip(view["Role"], view["Muscle"], strict=True)) == [
        ("prime mover", "delta muscle"), ("prime mover", "beta muscle"),
        ("assists", "gamma muscle"), ("assists", "theta muscle")]
    # What is disputed is named, whichever column shows it.
    assert _row(view, "beta muscle")["Status"].startswith("disputed: action")
    html = styler.to_html()
    # One heading row: Role and Muscle are headings like the others.
    thead = html[html.index("<thead>"):html.index("</thead>")]
    assert thead.count("<tr>") == 1 and ">Role</th>" in thead and ">Muscle</th>" in thead
    assert "font-size: 1.3em" not in html
    assert "Disputed: Whether beta leads or only helps." in html


def test_relation_view_shows_nerve_with_roots_and_sources(atlas):
    view = synergist_table(atlas, "delta", "hip flexion").data
    alpha = _row(view, "alpha muscle")
    assert alpha["Role"] == "prime mover"
    assert alpha["Nerve (roots)"] == "alpha nerve (L1, L3); deep: other nerve (L2)"
    assert alpha["Sources"] == "src_a"
    assert alpha["Insertion"] == "Near spot or Far spot (disputed)"
    assert alpha["Status"] == "disputed: insertion"


def test_relation_view_column_choice(atlas):
    view = synergist_table(atlas, "alpha", "hip flexion", columns=["nerve", "status"]).data
    assert list(view.columns) == ["Role", "Muscle", "Nerve (roots)", "Status"]
    with pytest.raises(ValueError, match="unknown column.*'blood'.*choose from origin"):
        synergist_table(atlas, "alpha", "hip flexion", columns=["blood"])


def test_captions_say_what_the_table_is_and_how_it_was_derived(atlas):
    assert "Synergists of alpha muscle in hip flexion: other muscles recorded with hip " \
        "flexion, prime movers first." in synergist_table(atlas, "alpha", "hip flexion").to_html()
    group = synergist_table(atlas, "front", "hip flexion").to_html()
    assert "Synergists of the front (alpha muscle, theta muscle) in hip flexion" in group
    antagonist = antagonist_table(atlas, "alpha", "hip flexion").to_html()
    assert "Antagonists of alpha muscle in hip flexion: muscles recorded with hip extension" \
        in antagonist
    unopposed = antagonist_table(atlas, "zeta", "lumbar lateral flexion")
    assert unopposed.data.empty
    assert "movements.csv names no movement that opposes it" in unopposed.to_html()


def test_caption_and_cells_are_escaped():
    styler = style_relations(_one_row_frame(origin="<b>bold</b> & co"), caption="x < y",
                             uuid="t")
    html = styler.to_html()
    assert "<caption>x &lt; y</caption>" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in html and "<b>bold</b>" not in html


def _one_row_frame(**changes):
    row = {"muscle_id": "m", "muscle": "m", "role": "assists", "disputed": False,
           "dispute_ids": (), "origin": "", "insertion": "", "nerve": "", "roots": "",
           "source_ids": ("s",)}
    row.update(changes)
    return pd.DataFrame([row], columns=list(RELATION_COLUMNS))


def test_matrix_uses_text_symbols_explained_in_the_legend(atlas):
    styler = matrix_table(atlas, "hip")
    plain = movement_matrix(atlas, "hip")
    symbols = styler.data
    assert symbols.shape == plain.shape and list(symbols.index) == list(plain.index)
    assert symbols.loc["alpha muscle", "hip flexion"] == ROLE_SYMBOLS["prime mover"]
    assert symbols.loc["gamma muscle", "hip flexion"] == ROLE_SYMBOLS["assists"]
    assert symbols.loc["beta muscle", "hip flexion"] == ROLE_SYMBOLS["prime mover"] + "?"
    assert symbols.loc["alpha muscle", "hip extension"] == ""
    caption = re.search(r"<caption>(.*)</caption>", styler.to_html()).group(1)
    used = {ch for cell in symbols.to_numpy().ravel() for ch in cell}
    for symbol in used:
        assert symbol in caption
    assert "disputed" in caption and "prime mover" in caption and "assists" in caption


def test_style_matrix_keeps_unknown_roles_readable():
    matrix = pd.DataFrame({"hip flexion": ["stabilises (disputed)", ""]}, index=["a", "b"])
    assert style_matrix(matrix, caption="t", uuid="u").data.iloc[0, 0] == "stabilises?"


def test_styled_views_pass_errors_through(atlas):
    with pytest.raises(UnknownMovementError, match="did you mean 'hip flexion'"):
        synergist_table(atlas, "alpha", "hip flextion")
    with pytest.raises(UnknownMovementError, match="no joint called 'hipp'"):
        matrix_table(atlas, "hipp")


def test_table_id_is_a_safe_html_id():
    assert table_id("synergists", "Psoas Major", "hip", "medial (internal)") == \
        "synergists_psoas_major_hip_medial_internal"


def test_table_modules_import_only_pandas_at_import_time():
    # Styler needs jinja2; it must load when a table is drawn, not when the course imports.
    import ast
    import sys
    from pathlib import Path

    import psoas_edu

    light_siblings = {"facts.atlas", "facts.lookup", "facts.roots", "facts.schema", "synergy"}
    for module in ("tables/synergy", "tables/style"):
        tree = ast.parse((Path(psoas_edu.__file__).parent / f"{module}.py").read_text())
        for node in tree.body:  # top level only: imports inside functions are lazy
            if isinstance(node, ast.Import):
                names = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module.split(".")[0]]
            elif isinstance(node, ast.ImportFrom):
                assert node.module in light_siblings, (module, node.module)
                continue
            else:
                continue
            for name in names:
                assert name == "pandas" or name in sys.stdlib_module_names, (module, name)
