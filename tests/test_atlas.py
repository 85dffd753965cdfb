import pytest

from psoas_edu import load_atlas, resolve_muscle
from psoas_edu.facts.lookup import UnknownNameError
from psoas_edu.facts.schema import SCHEMAS


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def test_every_schema_file_is_a_table(atlas):
    assert set(atlas.tables) == {s.file.removesuffix(".csv") for s in SCHEMAS}


def test_list_cells_are_tuples_and_roots_are_parsed(atlas):
    psoas = atlas.innervation.query("muscle_id == 'psoas_major'")
    assert all(isinstance(s, tuple) and s for s in atlas.attachments["landmark_ids"])
    assert all(levels[0].startswith(("T", "L")) for levels in psoas["root_levels"])


def test_disputed_flag_follows_dispute_id(atlas):
    fact_tables = [name for name, frame in atlas.tables.items() if "disputed" in frame]
    assert {"attachments", "actions", "innervation", "blood_supply"} <= set(fact_tables)
    assert "disputes" not in fact_tables
    for name in fact_tables:
        frame = atlas.tables[name]
        assert (frame["disputed"] == (frame["dispute_id"] != "")).all(), name


def test_every_fact_row_cites_a_known_source(atlas):
    known = set(atlas.sources["source_id"])
    for schema in SCHEMAS:
        frame = atlas.tables[schema.file.removesuffix(".csv")]
        if schema.cited:
            for sources in frame["source_ids"]:
                assert sources and set(sources) <= known, schema.file


def test_unknown_table_attribute_names_the_tables(atlas):
    with pytest.raises(AttributeError, match="tables: .*muscles"):
        atlas.muscels  # noqa: B018


@pytest.mark.parametrize("name", ["psoas_major", "Psoas Major", "musculus psoas major",
                                  "greater psoas", "psoas-major"])
def test_resolve_muscle_accepts_ids_names_latin_and_synonyms(atlas, name):
    assert resolve_muscle(atlas, name) == "psoas_major"


def test_resolve_muscle_suggests_close_names(atlas):
    with pytest.raises(UnknownNameError, match="no muscle called 'psoas majr'.*'psoas major'"):
        resolve_muscle(atlas, "psoas majr")


def test_data_readme_documents_every_column():
    from psoas_edu.facts.atlas import default_data_dir

    readme = (default_data_dir() / "README.md").read_text()
    for schema in SCHEMAS:
        section = readme.split(f"### `{schema.file}`", 1)
        assert len(section) == 2, f"data/README.md has no section for {schema.file}"
        body = section[1].split("\n### ", 1)[0]
        for column in schema.column_names:
            assert f"| `{column}` |" in body, f"{schema.file}: column {column} undocumented"
