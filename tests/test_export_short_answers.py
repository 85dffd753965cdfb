"""Short answers: what the notebook accepts, Moodle (GIFT and XML) and Canvas accept too.

Each export is read back by the software that reads it (gift-pegjs, an XML
parser, text2qti's QTI zip), then compared the way that LMS compares a typed
answer: trimmed, case ignored, otherwise exact.
"""

import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
from quiz_samples import SHORT, edited, sample_quiz
from test_export_hostile import QTI, gift_pegjs

from psoas_edu.export import canvas as canvas_export
from psoas_edu.export.common import SHORT_ANSWER_LIMITS, accepted_variants
from psoas_edu.export.gift import quiz_to_gift
from psoas_edu.export.moodle_xml import quiz_to_moodle_xml
from psoas_edu.quiz.grade import grade

MUSCLE = edited(SHORT, accepted=("iliacus",))
NERVE = edited(SHORT, id="sa_nerve", prompt="Which nerve supplies iliacus?",
               accepted=("femoral nerve",))
LANDMARK = edited(SHORT, id="sa_landmark", prompt="Where does psoas major arise?",
                  accepted=("transverse processes",))


def moodle_xml_answers(question) -> list[str]:
    root = ET.fromstring(quiz_to_moodle_xml(sample_quiz(question)))
    return [a.findtext("text") for a in root.iter("answer")]


def gift_answers(question) -> list[str]:
    (parsed,) = gift_pegjs(quiz_to_gift(sample_quiz(question)))
    return [c["text"]["text"] for c in parsed["choices"] if c["isCorrect"]]


def canvas_answers(question) -> list[str]:
    text, _ = canvas_export.quiz_to_text2qti(sample_quiz(question))
    files = zipfile.ZipFile(io.BytesIO(canvas_export.text2qti_zip(text)))
    (assessment,) = [n for n in files.namelist()
                     if n.endswith(".xml") and "/" in n and "meta" not in n]
    return [v.text for v in ET.fromstring(files.read(assessment)).iter(f"{QTI}varequal")]


def lms_accepts(answers: list[str], typed: str) -> bool:
    """Moodle (usecase 0) and Canvas: trimmed, case ignored, otherwise exact."""
    return typed.strip().casefold() in {a.strip().casefold() for a in answers}


READERS = {"moodle-xml": moodle_xml_answers, "gift": gift_answers, "canvas": canvas_answers}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(("question", "typed"), [
    (MUSCLE, "m. iliacus"), (MUSCLE, "M iliacus"), (MUSCLE, "musculus iliacus"),
    (MUSCLE, "M. Iliacus"), (MUSCLE, "iliacus muscle"), (MUSCLE, "the iliacus"),
    (NERVE, "femoral  nerve"), (NERVE, "Femoral nerve"), (NERVE, "the femoral nerve"),
    (LANDMARK, "transverse  processes"),
])
def test_lms_accepts_what_the_notebook_accepts(reader, question, typed):
    assert grade(question, typed).correct
    if reader == "gift" and "  " in typed:  # GIFT readers fold spaces; the note says so
        assert "  " not in "".join(gift_answers(question))
        return
    assert lms_accepts(READERS[reader](question), typed), (reader, typed)


@pytest.mark.parametrize("question, nonsense", [
    (NERVE, "femoral nerve muscle"), (NERVE, "m. femoral nerve"),
    (LANDMARK, "transverseprocesses"), (LANDMARK, "the transverse processes muscle"),
    (MUSCLE, "the iliacus muscle muscle"),
    (edited(SHORT, accepted=("tailor's muscle",)), "tailor s"),
    (edited(SHORT, accepted=("long head of biceps femoris",)), "m. long head of biceps femoris"),
])
def test_no_odd_forms_are_generated(question, nonsense):
    assert nonsense.casefold() not in {v.casefold() for v in accepted_variants(question)}


def test_an_apostrophe_is_dropped_not_split():
    question = edited(SHORT, accepted=("tailor's muscle",))
    assert grade(question, "tailors").correct
    assert lms_accepts(moodle_xml_answers(question), "tailors")


def test_hyphenated_words_are_also_accepted_joined():
    question = edited(SHORT, accepted=("ilio-psoas",))
    assert "iliopsoas" in accepted_variants(question)
    assert lms_accepts(moodle_xml_answers(question), "iliopsoas")


def test_what_no_listed_form_forgives_is_stated():
    for typed in ("iliacsu", "iliacus."):
        assert grade(MUSCLE, typed).correct
        assert not lms_accepts(moodle_xml_answers(MUSCLE), typed)
    assert "typo" in SHORT_ANSWER_LIMITS and "'iliacus.'" in SHORT_ANSWER_LIMITS
