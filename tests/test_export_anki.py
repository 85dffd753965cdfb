"""Anki export, imported by Anki itself into a fresh collection."""

import html
from pathlib import Path

import genanki
import pytest
from anki.collection import Collection, ImportAnkiPackageRequest
from quiz_samples import LABEL, SHORT, SINGLE, edited, sample_quiz

from psoas_edu.atomic_write import OutputExistsError
from psoas_edu.export import anki as export_anki
from psoas_edu.export import common as export_common

T0 = 1_800_000_000.0


@pytest.fixture
def collection(tmp_path):
    folder = tmp_path / "anki"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    yield col
    col.close()


def import_package(col: Collection, path: Path) -> None:
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path)))


def notes_by_id(col: Collection) -> dict[str, object]:
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    return {html.unescape(n["Id"]): n for n in notes}


def test_anki_imports_one_card_per_question(tmp_path, collection):
    quiz = sample_quiz()
    path = export_anki.export_anki(quiz, tmp_path / "quiz.apkg", diagrams=False,
                                   timestamp=T0).path
    import_package(collection, path)
    assert collection.card_count() == len(quiz)
    notes = notes_by_id(collection)
    assert list(sorted(notes)) == sorted(q.id for q in quiz)
    assert html.unescape(notes[SINGLE.id]["Prompt"]) == SINGLE.prompt
    assert html.unescape(notes[SHORT.id]["Answer"]) == SHORT.answer_text
    assert notes[SINGLE.id].guid == export_anki.note_guid(SINGLE.id)
    assert "topic::anatomy" in notes[SINGLE.id].tags
    assert collection.models.get(export_anki.MODEL_ID)["name"] == export_anki.MODEL_NAME
    assert collection.decks.id_for_name(export_anki.DECK_NAME) is not None


def test_re_export_updates_the_edited_note_instead_of_adding_one(tmp_path, collection):
    first = export_anki.export_anki(sample_quiz(), tmp_path / "v1.apkg", diagrams=False,
                                    timestamp=T0).path
    import_package(collection, first)
    fixed = edited(SINGLE, explanation="Its tendon, joined by iliacus, ends on the lesser "
                                       "trochanter.")
    quiz = sample_quiz(*(fixed if q.id == SINGLE.id else q for q in sample_quiz()))
    second = export_anki.export_anki(quiz, tmp_path / "v2.apkg", diagrams=False,
                                     timestamp=T0 + 3600).path
    import_package(collection, second)
    assert collection.note_count() == len(quiz)
    assert collection.card_count() == len(quiz)
    assert html.unescape(notes_by_id(collection)[SINGLE.id]["Explanation"]) == fixed.explanation


def test_guids_depend_only_on_the_question_id():
    assert export_anki.note_guid("gen_origin_iliacus") == export_anki.note_guid(
        "gen_origin_iliacus")
    assert export_anki.note_guid("gen_origin_iliacus") != export_anki.note_guid(
        "gen_origin_psoas_major")


def test_diagram_is_shipped_as_media(tmp_path, collection):
    path = export_anki.export_anki(sample_quiz(LABEL), tmp_path / "label.apkg",
                                   timestamp=T0).path
    import_package(collection, path)
    note = notes_by_id(collection)[LABEL.id]
    name = f"psoas-edu-{LABEL.id}.png"
    assert f'src="{name}"' in note["Diagram"]
    assert f'alt="{html.escape(LABEL.figure.alt_text)}"' in note["Diagram"]
    shipped = (Path(collection.media.dir()) / name).read_bytes()
    assert shipped == export_common.diagram_pngs(sample_quiz(LABEL))[LABEL.id]
    assert shipped.startswith(b"\x89PNG\r\n\x1a\n")


def test_refuses_to_overwrite(tmp_path):
    path = tmp_path / "quiz.apkg"
    path.write_bytes(b"an older deck")
    with pytest.raises(OutputExistsError):
        export_anki.export_anki(sample_quiz(), path, diagrams=False)
    assert path.read_bytes() == b"an older deck"


def test_a_failure_while_writing_leaves_no_half_deck(tmp_path, monkeypatch):
    def write_half_then_fail(self, cursor, timestamp, id_gen):
        raise OSError("No space left on device")

    monkeypatch.setattr(genanki.Package, "write_to_db", write_half_then_fail)
    with pytest.raises(OSError, match="No space left"):
        export_anki.export_anki(sample_quiz(), tmp_path / "quiz.apkg", diagrams=False)
    assert list(tmp_path.iterdir()) == []
