"""Pictures in the instructor's own questions: checked in the bank, carried into every export."""

import base64
import csv
import io
import json
import sqlite3
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from psoas_edu import DataError, load_atlas
from psoas_edu.quiz.bank import BANK_COLUMNS, default_bank_dir, load_bank
from psoas_edu.quiz.model import Quiz

HEADER = [c.name for c in BANK_COLUMNS]
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
       b"5\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")
GOOD = {
    "id": "q_picture", "topic": "attachments", "type": "single_choice",
    "question": "Which muscle does the picture show?",
    "options": "Psoas major | Piriformis", "answer": "Psoas major",
    "explanation": "It runs from the lumbar spine to the lesser trochanter.",
    "source": "gray1918", "image": "muscle.png",
    "image_alt": "A band from the lumbar spine to the upper inner femur.",
}


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def bank(folder: Path, *rows: dict, picture: bytes | None = PNG) -> Path:
    folder.mkdir(exist_ok=True)
    if picture is not None:
        (folder / "images").mkdir(exist_ok=True)
        (folder / "images" / "muscle.png").write_bytes(picture)
    with (folder / "b.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder / "b.csv"


def problems(path: Path, atlas) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_bank(path, atlas=atlas)
    return [str(p) for p in caught.value.problems]


def test_a_row_with_a_picture(tmp_path, atlas):
    (question,) = load_bank(bank(tmp_path / "q", GOOD), atlas=atlas)
    assert question.image.path == (tmp_path / "q" / "images" / "muscle.png").resolve()
    assert question.image.alt_text == GOOD["image_alt"]


@pytest.mark.parametrize(("change", "column", "expected"), [
    ({"image": "missing.png"}, "image", "got 'missing.png'; expected a file in "),
    ({"image": "muscle.jpg"}, "image", "expected a .png file"),
    ({"image": "../muscle.png"}, "image", "expected a file name inside"),
    ({"image_alt": ""}, "image_alt", "got an empty cell; expected a sentence saying what"),
    ({"image": "", "image_alt": "A band."}, "image_alt", "expected an empty cell when"),
])
def test_picture_problems_name_file_line_and_column(tmp_path, atlas, change, column, expected):
    path = bank(tmp_path / "q", {**GOOD, **change})
    (problem,) = problems(path, atlas)
    assert problem.startswith(f"{path}:2 column '{column}': ")
    assert expected in problem


def test_a_file_that_is_no_png_is_named(tmp_path, atlas):
    path = bank(tmp_path / "q", GOOD, picture=b"GIF89a not a png")
    (problem,) = problems(path, atlas)
    assert "column 'image': got 'muscle.png'; expected a PNG picture" in problem


def test_a_near_miss_file_name_gets_a_hint(tmp_path, atlas):
    path = bank(tmp_path / "q", {**GOOD, "image": "muscel.png"})
    assert "did you mean 'muscle.png'?" in problems(path, atlas)[0]


def test_the_example_picture_question_in_the_course_bank(atlas):
    questions = {q.id: q for q in load_bank(default_bank_dir(), atlas=atlas)}
    question = questions["unlabelled_muscle_front"]
    assert question.image.path.read_bytes().startswith(b"\x89PNG")
    assert question.image.path.parent == default_bank_dir() / "images"
    assert "psoas" not in question.image.alt_text.lower()  # the alt text keeps the answer


@pytest.fixture
def quiz(tmp_path, atlas) -> Quiz:
    return Quiz(load_bank(bank(tmp_path / "q", GOOD), atlas=atlas), title="Pictures")


def test_moodle_xml_embeds_the_picture(quiz):
    from psoas_edu.export.common import diagram_pngs
    from psoas_edu.export.moodle_xml import quiz_to_moodle_xml

    root = ET.fromstring(quiz_to_moodle_xml(quiz, images=diagram_pngs(quiz)))
    text = root.find("question[@type='multichoice']/questiontext")
    attached = text.find("file")
    assert base64.b64decode(attached.text) == PNG
    assert f'alt="{GOOD["image_alt"]}"' in text.findtext("text")
    assert f"@@PLUGINFILE@@/{attached.get('name')}" in text.findtext("text")


def test_canvas_zip_carries_the_picture(quiz, tmp_path):
    from psoas_edu.export.canvas import export_canvas

    export_canvas(quiz, tmp_path / "q.zip")
    with zipfile.ZipFile(tmp_path / "q.zip") as archive:
        pictures = [n for n in archive.namelist() if n.endswith(".png")]
        assert [archive.read(n) for n in pictures] == [PNG]
        xml = "".join(archive.read(n).decode() for n in archive.namelist()
                      if n.endswith(".xml"))
    assert "A band from the lumbar spine" in xml


def test_anki_deck_carries_the_picture_as_media(quiz, tmp_path):
    from psoas_edu.export.anki import export_anki

    export_anki(quiz, tmp_path / "q.apkg", timestamp=0)
    with zipfile.ZipFile(tmp_path / "q.apkg") as archive:
        media = json.loads(archive.read("media"))
        assert [archive.read(key) for key in media] == [PNG]
        with tempfile.NamedTemporaryFile(suffix=".anki2", dir=tmp_path, delete=False) as db:
            db.write(archive.read("collection.anki2"))
    connection = sqlite3.connect(db.name)
    try:
        (fields,) = connection.execute("select flds from notes").fetchone()
    finally:
        connection.close()
    assert f'<img src="{list(media.values())[0]}"' in fields


def test_jupyterquiz_embeds_the_picture(quiz):
    from psoas_edu.export.common import diagram_pngs
    from psoas_edu.export.jupyterquiz import quiz_to_jupyterquiz

    (item,) = quiz_to_jupyterquiz(quiz, images=diagram_pngs(quiz))
    data = base64.b64encode(PNG).decode()
    assert f'<img src="data:image/png;base64,{data}"' in item["question"]


def test_paper_and_answer_key_show_the_picture(quiz):
    from psoas_edu.export.answer_key import answer_key_page
    from psoas_edu.export.common import diagram_pngs
    from psoas_edu.export.paper import paper_page

    for page in (paper_page(quiz, images=diagram_pngs(quiz)),
                 answer_key_page(quiz, images=diagram_pngs(quiz))):
        assert f'alt="{GOOD["image_alt"]}"' in page
        assert base64.b64encode(PNG).decode() in page


def test_the_picture_survives_a_png_reader(quiz):
    from PIL import Image

    assert Image.open(io.BytesIO(quiz.questions[0].image.path.read_bytes())).size == (1, 1)
