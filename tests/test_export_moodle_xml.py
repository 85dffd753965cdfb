"""Moodle XML export: the structure Moodle's importer reads, type by type."""

import base64
import html
import xml.etree.ElementTree as ET

import pytest
from quiz_samples import LABEL, MATCHING, MULTIPLE, SHORT, SINGLE, TRUE_FALSE, edited, sample_quiz

from psoas_edu.export import moodle_xml as moodle
from psoas_edu.export.common import accepted_variants
from psoas_edu.quiz.generate import build_quiz

PNG = b"\x89PNG\r\n\x1a\n" + b"diagram bytes"


def questions(data: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(data)
    assert root.tag == "quiz"
    return {q.findtext("idnumber"): q for q in root.findall("question")
            if q.get("type") != "category"}


def text_of(element: ET.Element, path: str) -> str:
    """The HTML Moodle will show."""
    return element.findtext(path + "/text") or ""


def test_types_and_ids():
    found = questions(moodle.quiz_to_moodle_xml(sample_quiz()))
    assert list(found) == [q.id for q in sample_quiz()]
    assert {k: q.get("type") for k, q in found.items()} == {
        SINGLE.id: "multichoice", MULTIPLE.id: "multichoice", TRUE_FALSE.id: "truefalse",
        MATCHING.id: "matching", SHORT.id: "shortanswer", LABEL.id: "matching"}
    assert found[SINGLE.id].findtext("single") == "true"
    assert found[MULTIPLE.id].findtext("single") == "false"
    assert found[MULTIPLE.id].findtext("defaultgrade") == "2"


def test_choice_fractions():
    found = questions(moodle.quiz_to_moodle_xml(sample_quiz()))
    single = {text_of(a, "."): a.get("fraction") for a in found[SINGLE.id].findall("answer")}
    assert single == {"<p>Lesser trochanter</p>": "100", "<p>Greater trochanter</p>": "0",
                      "<p>Anterior inferior iliac spine</p>": "0"}
    fractions = [float(a.get("fraction")) for a in found[MULTIPLE.id].findall("answer")]
    assert sum(f for f in fractions if f > 0) == pytest.approx(100)
    assert sorted(fractions) == [-50, -50, 50, 50]


def test_true_false_short_answer_and_feedback():
    found = questions(moodle.quiz_to_moodle_xml(sample_quiz()))
    tf = {a.findtext("text"): a.get("fraction") for a in found[TRUE_FALSE.id].findall("answer")}
    assert tf == {"true": "100", "false": "0"}
    short = [a.findtext("text") for a in found[SHORT.id].findall("answer")]
    assert short == list(accepted_variants(SHORT))
    assert found[SHORT.id].findtext("usecase") == "0"
    feedback = text_of(found[SHORT.id], "generalfeedback")
    assert SHORT.explanation in feedback
    assert "Gray's Anatomy (1918)" in html.unescape(feedback)


def test_matching_keeps_extra_wrong_choices():
    found = questions(moodle.quiz_to_moodle_xml(sample_quiz()))
    subs = [(text_of(s, "."), s.findtext("answer/text"))
            for s in found[MATCHING.id].findall("subquestion")]
    assert subs[:3] == [(f"<p>{p.prompt}</p>", MATCHING.option_text(p.answer))
                        for p in MATCHING.pairs]
    assert subs[3:] == [("", "Greater trochanter")]


def test_markup_in_text_is_escaped_not_interpreted():
    tricky = edited(SINGLE, prompt="Is <b>bold</b> & safe?")
    found = questions(moodle.quiz_to_moodle_xml(sample_quiz(tricky)))
    shown = text_of(found[SINGLE.id], "questiontext")
    assert shown == "<p>Is &lt;b&gt;bold&lt;/b&gt; &amp; safe?</p>"


def test_diagram_is_embedded_with_alt_text():
    data = moodle.quiz_to_moodle_xml(sample_quiz(LABEL), images={LABEL.id: PNG})
    question = questions(data)[LABEL.id]
    body = text_of(question, "questiontext")
    assert f'src="@@PLUGINFILE@@/{LABEL.id}.png"' in body
    assert f'alt="{html.escape(LABEL.figure.alt_text)}"' in body
    attachment = question.find("questiontext/file")
    assert attachment.get("name") == f"{LABEL.id}.png"
    assert base64.b64decode(attachment.text) == PNG


def test_export_draws_diagrams(tmp_path):
    result = moodle.export_moodle_xml(sample_quiz(), tmp_path / "quiz.xml")
    found = questions(result.path.read_bytes())
    png = base64.b64decode(found[LABEL.id].find("questiontext/file").text)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
    assert [q.find("questiontext/file") for k, q in found.items() if k != LABEL.id] == [None] * 5


def test_categories_follow_topics_and_built_quiz_exports():
    quiz = build_quiz(n=15, seed=2)
    root = ET.fromstring(moodle.quiz_to_moodle_xml(quiz))
    categories = [q.findtext("category/text") for q in root.findall("question")
                  if q.get("type") == "category"]
    assert set(categories) == {f"$course$/top/psoas-edu/{q.topic}" for q in quiz}
    assert list(questions(ET.tostring(root))) == [q.id for q in quiz]
