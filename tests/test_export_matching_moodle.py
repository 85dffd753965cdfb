"""Small matching questions stay matching in Moodle: wrong answers from the facts fill up
Moodle's three answers, each wrong for every item."""

import xml.etree.ElementTree as ET

import pytest
from test_export_hostile import gift_pegjs

from psoas_edu import load_atlas
from psoas_edu.export.gift import quiz_to_gift
from psoas_edu.export.moodle_rules import (
    MOODLE_MATCHING_ANSWERS,
    moodle_matching_extras,
    moodle_notes,
)
from psoas_edu.export.moodle_xml import quiz_to_moodle_xml
from psoas_edu.quiz.generate import generate_questions
from psoas_edu.quiz.model import Option, Pair, Question, Quiz

# Four muscles, two nerves: the shape Moodle refused (16 assignments before).
NERVES = Question(
    "mt_nerves", "matching", "Match each muscle to the nerve that supplies it.",
    options=(Option("a", "femoral nerve"), Option("b", "superior gluteal nerve")),
    pairs=(Pair("1", "gluteus medius", "b"), Pair("2", "iliacus", "a"),
           Pair("3", "sartorius", "a"), Pair("4", "tensor fasciae latae", "b")),
    explanation="Femoral in front, superior gluteal behind.", citation="Gray 1918",
    topic="innervation", points=2,
    muscle_ids=("iliacus", "gluteus_medius", "sartorius", "tensor_fasciae_latae"),
)


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def supplies(atlas, muscle_ids) -> set[str]:
    rows = atlas.innervation[atlas.innervation["muscle_id"].isin(muscle_ids)]
    return set(rows["nerve"])


def root_levels(atlas, column, values) -> set[str]:
    rows = atlas.innervation[atlas.innervation[column].isin(values)]
    return {level for levels in rows["root_levels"] for level in levels}


def test_moodle_xml_keeps_native_matching_with_a_third_answer(atlas):
    (question,) = ET.fromstring(quiz_to_moodle_xml(Quiz((NERVES,)))).findall(
        "question[@type='matching']")
    subs = question.findall("subquestion")
    items = [s for s in subs if (s.findtext("text") or "").strip()]
    answers = {s.findtext("answer/text") for s in subs}
    assert len(items) == 4 and len(answers) >= MOODLE_MATCHING_ANSWERS
    extra = answers - {"femoral nerve", "superior gluteal nerve"}
    assert extra and extra <= set(atlas.innervation["nerve"])
    assert not extra & supplies(atlas, NERVES.muscle_ids)
    assert not root_levels(atlas, "nerve", extra) & root_levels(
        atlas, "muscle_id", NERVES.muscle_ids)
    assert len(question.findall("answer")) == 0  # not a multiple choice


def test_gift_keeps_native_matching_with_a_third_answer():
    (parsed,) = gift_pegjs(quiz_to_gift(Quiz((NERVES,))))
    assert parsed["type"] == "Matching"
    answers = {p["subanswer"] for p in parsed["matchPairs"]}
    assert len(answers) >= MOODLE_MATCHING_ANSWERS
    assert max(len(a) for a in answers) < 100


def test_the_added_answer_is_said_at_export():
    (extra,) = moodle_matching_extras(NERVES)
    assert any(repr(extra) in note and "mt_nerves" in note
               for note in moodle_notes(Quiz((NERVES,)), "Moodle XML"))


def test_no_extra_nerve_shares_a_name_with_a_recorded_supply(atlas):
    def nerve_of(muscle_id):
        return atlas.innervation.loc[atlas.innervation["muscle_id"] == muscle_id, "nerve"].iloc[0]

    gracilis, sartorius = nerve_of("gracilis"), nerve_of("sartorius")
    assert "obturator" in gracilis and "femoral" in sartorius
    question = Question(
        "mt_obturator", "matching", "Match each muscle to the nerve that supplies it.",
        options=(Option("a", gracilis), Option("b", sartorius)),
        pairs=(Pair("1", "gracilis", "a"), Pair("2", "sartorius", "b"),
               Pair("3", "adductor longus", "a")),
        explanation="x", citation="Gray 1918", topic="innervation")
    (extra,) = moodle_matching_extras(question)
    assert "obturator" not in extra and "femoral" not in extra


def test_every_generated_matching_question_stays_matching_in_moodle(atlas):
    matching = [q for q in generate_questions(atlas)
                if q.type in ("matching", "label_diagram")]
    assert matching
    for question in matching:
        extras = moodle_matching_extras(question)
        assert extras is not None, question.id
        assert not set(extras) & supplies(atlas, question.muscle_ids), question.id
        assert not root_levels(atlas, "nerve", extras) & root_levels(
            atlas, "muscle_id", question.muscle_ids), question.id
