"""Canvas export: text2qti builds the QTI zip from the quiz's plain-text form."""

import io
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from quiz_samples import LABEL, MATCHING, MULTIPLE, SHORT, SINGLE, TRUE_FALSE, edited, sample_quiz

from psoas_edu.export import canvas
from psoas_edu.quiz.generate import build_quiz

CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def read_zip(data: bytes) -> tuple[ET.Element, dict[str, bytes]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    files = {name: archive.read(name) for name in archive.namelist()}
    return ET.fromstring(files["imsmanifest.xml"]), files


def items(files: dict[str, bytes]) -> list[ET.Element]:
    (assessment,) = [v for k, v in files.items()
                     if k.endswith(".xml") and "/" in k and not k.endswith("assessment_meta.xml")]
    return ET.fromstring(assessment).findall(f".//{QTI}item")


def item_type(item: ET.Element) -> str:
    for field in item.iter(f"{QTI}qtimetadatafield"):
        if field.findtext(f"{QTI}fieldlabel") == "question_type":
            return field.findtext(f"{QTI}fieldentry")
    raise AssertionError("no question_type")


def test_manifest_is_valid_and_lists_the_files_in_the_zip():
    manifest, files = read_zip(canvas.text2qti_zip(canvas.quiz_to_text2qti(sample_quiz())[0]))
    assert manifest.tag == f"{CP}manifest"
    resources = manifest.findall(f"{CP}resources/{CP}resource")
    assert resources, "the manifest lists no resource"
    listed = [f.get("href") for r in resources for f in r.findall(f"{CP}file")]
    assert listed and all(name in files for name in listed)
    identifiers = {r.get("identifier") for r in resources}
    assert all(d.get("identifierref") in identifiers
               for r in resources for d in r.findall(f"{CP}dependency"))


def test_question_types_and_split_matching():
    text, notes = canvas.quiz_to_text2qti(sample_quiz())
    _, files = read_zip(canvas.text2qti_zip(text))
    found = [(i.get("title"), item_type(i)) for i in items(files)]
    assert found == [
        (SINGLE.id, "multiple_choice_question"),
        (MULTIPLE.id, "multiple_answers_question"),
        (TRUE_FALSE.id, "true_false_question"),
        *[(f"{MATCHING.id} ({i})", "multiple_choice_question") for i in (1, 2, 3)],
        (SHORT.id, "short_answer_question"),
        *[(f"{LABEL.id} ({i})", "multiple_choice_question") for i in (1, 2)],
    ]
    assert any(MATCHING.id in n and "split into 3" in n for n in notes)


def test_text_is_shown_as_written():
    _, files = read_zip(canvas.text2qti_zip(canvas.quiz_to_text2qti(sample_quiz())[0]))
    found = items(files)
    shown = re.sub(r"<[^>]+>", "", found[0].find(f".//{QTI}mattext").text)
    assert shown == SINGLE.prompt
    all_text = " ".join(m.text or "" for i in found for m in i.iter(f"{QTI}mattext"))
    assert "Rectus femoris {straight head}" in all_text
    assert "#right answers ~ 2" in all_text


@pytest.mark.parametrize("prompt", ["Is $5 *bold* or _x_?", "A <tag> & [link](x)", "1. Not a list"])
def test_markdown_characters_are_escaped(prompt):
    text, _ = canvas.quiz_to_text2qti(sample_quiz(edited(SINGLE, prompt=prompt)))
    _, files = read_zip(canvas.text2qti_zip(text))
    mattext = items(files)[0].find(f".//{QTI}mattext").text
    assert mattext == "<p>" + prompt.replace("&", "&amp;").replace("<", "&lt;").replace(
        ">", "&gt;") + "</p>"


def test_points_and_feedback():
    text, _ = canvas.quiz_to_text2qti(sample_quiz(MULTIPLE))
    assert "Points: 2" in text.splitlines()
    _, files = read_zip(canvas.text2qti_zip(text))
    feedback = " ".join(m.text or "" for m in items(files)[0].iter(f"{QTI}mattext"))
    assert MULTIPLE.explanation in feedback


def test_diagram_goes_into_the_zip(tmp_path):
    result = canvas.export_canvas(sample_quiz(LABEL), tmp_path / "quiz.zip")
    manifest, files = read_zip(result.path.read_bytes())
    images = [name for name in files if name.startswith("images/")]
    assert images == [f"images/{LABEL.id}.png"]
    assert files[images[0]].startswith(PNG_SIGNATURE)
    listed = {f.get("href") for f in manifest.iter(f"{CP}file")}
    assert images[0] in listed


def test_a_built_quiz_exports(tmp_path):
    quiz = build_quiz(n=20, seed=4)
    result = canvas.export_canvas(quiz, tmp_path / "quiz.zip", diagrams=False)
    _, files = read_zip(result.path.read_bytes())
    titles = [i.get("title").split(" (")[0] for i in items(files)]
    assert list(dict.fromkeys(titles)) == [q.id for q in quiz]


def test_text2qti_errors_become_value_errors():
    with pytest.raises(ValueError, match="text2qti could not read"):
        canvas.text2qti_zip("Quiz title: empty\n")
