"""A quiz as Moodle XML (File > Import > Moodle XML format in a question bank).

Types: ``multichoice`` (single and multiple answer, with partial credit
scored as in the notebook), ``truefalse``, ``matching`` (matching and
label-the-diagram, with extra wrong choices as Moodle's empty
sub-questions, adding other nerves or landmarks of the course when it has
fewer than Moodle's three answers; one Moodle still refuses, with one item
or no such wrong answers, becomes one ``multichoice`` over the possible
assignments)
and ``shortanswer`` (case ignored, every written form the notebook accepts,
a literal ``*`` escaped so it is not a wildcard). Each
question keeps its id (Moodle's ``idnumber``), its general feedback, its
points and its topic and difficulty as tags. Label-the-diagram questions
carry their diagram as an embedded PNG with alt text when it can be drawn.
"""

from __future__ import annotations

import base64
import html
import xml.etree.ElementTree as ET
from pathlib import Path

from ..atomic_write import atomic_write_bytes
from ..quiz.model import Question, Quiz
from . import common as export_common
from .common import ExportResult, accepted_variants, feedback_text, quiz_heading
from .constraints import prepared_quiz
from .moodle_rules import (
    matching_as_choices,
    moodle_matching_extras,
    moodle_matching_ok,
    moodle_notes,
    moodle_weights,
)

__all__ = ["question_to_moodle_xml", "quiz_to_moodle_xml", "export_moodle_xml"]

_TYPES = {
    "single_choice": "multichoice",
    "multiple_answer": "multichoice",
    "true_false": "truefalse",
    "matching": "matching",
    "label_diagram": "matching",
    "short_answer": "shortanswer",
    "matching_as_choice": "multichoice",
}


def _text(parent: ET.Element, tag: str, value: str, *, html_format: bool = True,
          **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if html_format:
        element.set("format", "html")
    ET.SubElement(element, "text").text = value
    return element


def _para(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def question_to_moodle_xml(question: Question, *, image: bytes | None = None) -> ET.Element:
    """One question as a Moodle XML ``<question>`` element.

    Parameters
    ----------
    question
        The question.
    image
        PNG of its diagram, embedded in the question text when given.
    """
    kind = question.type
    if kind in ("matching", "label_diagram") and not moodle_matching_ok(question):
        kind = "matching_as_choice"
    element = ET.Element("question", {"type": _TYPES[kind]})
    name = ET.SubElement(element, "name")
    ET.SubElement(name, "text").text = question.id
    body = _para(question.prompt)
    file_name = f"{question.id}.png"
    if image is not None:
        alt = export_common.picture_alt(question)
        body += (f'<p><img src="@@PLUGINFILE@@/{html.escape(file_name)}" '
                 f'alt="{html.escape(alt)}"></p>')
    text = _text(element, "questiontext", body)
    if image is not None:
        attachment = ET.SubElement(text, "file", {"name": file_name, "path": "/",
                                                  "encoding": "base64"})
        attachment.text = base64.b64encode(image).decode("ascii")
    _text(element, "generalfeedback", _para(feedback_text(question)))
    ET.SubElement(element, "defaultgrade").text = f"{question.points:g}"
    ET.SubElement(element, "penalty").text = "0"
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = question.id
    _BUILDERS[kind](element, question)
    tags = ET.SubElement(element, "tags")
    for tag in _tags(question):
        ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    return element


def _tags(question: Question) -> list[str]:
    tags = [f"psoas-edu-{question.type}", f"difficulty-{question.difficulty}"]
    if question.topic:
        tags.insert(0, question.topic)
    if question.disputed:
        tags.append("disputed")
    return tags


def _choice(element: ET.Element, question: Question) -> None:
    single = question.type == "single_choice"
    ET.SubElement(element, "single").text = "true" if single else "false"
    ET.SubElement(element, "shuffleanswers").text = "true"
    ET.SubElement(element, "answernumbering").text = "abc"
    if single:
        weights = {o.key: "100" if o.key in question.answers else "0" for o in question.options}
    else:
        weights = moodle_weights(question)[0]
    _combined_feedback(element)
    for option in question.options:
        correct = option.key in question.answers
        answer = _text(element, "answer", _para(option.text), fraction=weights[option.key])
        _text(answer, "feedback", _para("Correct." if correct else "Not this one."))


def _matching_as_choice(element: ET.Element, question: Question) -> None:
    ET.SubElement(element, "single").text = "true"
    ET.SubElement(element, "shuffleanswers").text = "true"
    ET.SubElement(element, "answernumbering").text = "abc"
    _combined_feedback(element)
    texts, right = matching_as_choices(question)
    for index, text in enumerate(texts):
        answer = _text(element, "answer", _para(text), fraction="100" if index == right else "0")
        _text(answer, "feedback", _para("Correct." if index == right else "Not this one."))


def _combined_feedback(element: ET.Element) -> None:
    _text(element, "correctfeedback", _para("Correct."))
    _text(element, "partiallycorrectfeedback", _para("Partly correct."))
    _text(element, "incorrectfeedback", _para("Not quite; see the explanation."))
    ET.SubElement(element, "shownumcorrect")


def _true_false(element: ET.Element, question: Question) -> None:
    for option in question.options:
        correct = option.key in question.answers
        answer = _text(element, "answer", option.key, html_format=False,
                       fraction="100" if correct else "0")
        _text(answer, "feedback", _para("Correct." if correct else "Not quite."))


def _matching(element: ET.Element, question: Question) -> None:
    ET.SubElement(element, "shuffleanswers").text = "true"
    _combined_feedback(element)
    for pair in question.pairs:
        sub = _text(element, "subquestion", _para(pair.prompt))
        ET.SubElement(ET.SubElement(sub, "answer"), "text").text = question.option_text(pair.answer)
    used = {pair.answer for pair in question.pairs}
    wrong = [o.text for o in question.options if o.key not in used]
    # Extra wrong choices are Moodle's empty sub-questions.
    for text in wrong + list(moodle_matching_extras(question) or ()):
        sub = _text(element, "subquestion", "")
        ET.SubElement(ET.SubElement(sub, "answer"), "text").text = text


def _short_answer(element: ET.Element, question: Question) -> None:
    ET.SubElement(element, "usecase").text = "0"
    for accepted in accepted_variants(question):
        # Moodle reads "*" in an answer as a wildcard; "\\*" is a literal star.
        answer = _text(element, "answer", accepted.replace("*", "\\*"), html_format=False,
                       fraction="100")
        _text(answer, "feedback", _para("Correct."))


_BUILDERS = {
    "single_choice": _choice,
    "multiple_answer": _choice,
    "true_false": _true_false,
    "matching": _matching,
    "label_diagram": _matching,
    "short_answer": _short_answer,
    "matching_as_choice": _matching_as_choice,
}


def quiz_to_moodle_xml(quiz: Quiz, *, images: dict[str, bytes] | None = None,
                       categories: dict[str, str] | None = None) -> bytes:
    """The whole quiz as a Moodle XML document, one category per topic.

    Parameters
    ----------
    quiz
        The quiz.
    images
        PNG diagrams by question id (see :func:`~psoas_edu.export.common.diagram_pngs`).
    categories
        Category paths by question id, for questions that go elsewhere than
        their topic (see :func:`psoas_edu.export.groups.moodle_categories`).

    Returns
    -------
    bytes
        UTF-8 XML with declaration.
    """
    images = images or {}
    categories = categories or {}
    quiz, _ = prepared_quiz(quiz)
    root = ET.Element("quiz")
    root.append(ET.Comment(f" {quiz_heading(quiz)}; made by psoas-edu from the course data "))
    category = None
    for question in quiz.questions:
        path = categories.get(question.id,
                              f"$course$/top/psoas-edu/{question.topic or 'general'}")
        if path != category:
            holder = ET.SubElement(root, "question", {"type": "category"})
            ET.SubElement(ET.SubElement(holder, "category"), "text").text = path
            category = path
        root.append(question_to_moodle_xml(question, image=images.get(question.id)))
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def export_moodle_xml(quiz: Quiz, path: Path | str, *, force: bool = False,
                      diagrams: bool = True, categories: dict[str, str] | None = None
                      ) -> ExportResult:
    """Write ``quiz`` as a Moodle XML file.

    Parameters
    ----------
    quiz
        The quiz to export.
    path
        Output file, usually ending in ``.xml``.
    force
        Replace an existing file.
    diagrams
        Draw and embed the diagrams of label-the-diagram questions.
    categories
        Category paths by question id (default: one category per topic).

    Returns
    -------
    ExportResult
        The file written.
    """
    prepared, cleaned = prepared_quiz(quiz)
    images = export_common.diagram_pngs(prepared, enabled=diagrams)
    xml = quiz_to_moodle_xml(prepared, images=images, categories=categories)
    written = atomic_write_bytes(path, xml, force=force)
    return ExportResult(written, "moodle-xml", len(quiz),
                        cleaned + moodle_notes(prepared, "Moodle XML"))
