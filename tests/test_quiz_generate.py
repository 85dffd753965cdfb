from collections import Counter

import pytest

from psoas_edu import load_atlas
from psoas_edu.quiz.generate import (
    TEMPLATES,
    TOPICS,
    build_quiz,
    generate_questions,
    select_questions,
)
from psoas_edu.quiz.model import QUESTION_TYPES


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def test_the_same_seed_gives_the_same_questions(atlas):
    assert generate_questions(atlas, seed=11) == generate_questions(atlas, seed=11)


def test_ids_depend_on_template_and_subject_not_on_the_seed(atlas):
    first, second = generate_questions(atlas, seed=1), generate_questions(atlas, seed=2)
    assert [q.id for q in first] == [q.id for q in second]
    assert len({q.id for q in first}) == len(first)
    assert first != second  # the options still change with the seed


def test_leaving_out_templates_changes_no_other_question(atlas):
    everything = {q.id: q for q in generate_questions(atlas, seed=5)}
    only_roots = generate_questions(atlas, seed=5, templates=["roots"])
    assert only_roots and all(everything[q.id] == q for q in only_roots)


def test_every_template_and_question_type_is_used_by_the_course_data(atlas):
    questions = generate_questions(atlas, seed=0)
    templates = Counter(q.template for q in questions)
    assert set(templates) == {t.name for t in TEMPLATES}
    assert {q.type for q in questions} == set(QUESTION_TYPES)


def test_every_question_explains_and_cites_its_answer(atlas):
    for question in generate_questions(atlas, seed=4):
        assert question.explanation.strip(), question.id
        assert question.citation.strip(), question.id
        assert question.source_ids, question.id
        assert question.topic in TOPICS


def test_seed_articles_are_never_cited_as_evidence(atlas):
    seeds = set(atlas.sources.loc[atlas.sources["kind"] == "seed article", "source_id"])
    for question in generate_questions(atlas, seed=4):
        assert not seeds & set(question.source_ids), question.id


def test_disputed_psoas_minor_insertion_is_only_asked_with_every_side_right(atlas):
    questions = generate_questions(atlas, seed=0, muscles=["psoas_minor"])
    asked = [q for q in questions
             if "insertion" in q.template or q.template == "disputed_attachment"]
    sides = set(atlas.attachments.query("muscle_id == 'psoas_minor' and end == 'insertion'")
                ["description"])
    for question in asked:
        right = {question.option_text(k) for k in question.answers}
        assert question.template != "insertion"  # never as a settled single answer
        if question.template == "disputed_attachment":
            assert right == sides and question.disputed


def test_label_questions_carry_a_figure_spec_for_exporters(atlas):
    question = next(q for q in generate_questions(atlas, seed=0)
                    if q.type == "label_diagram" and q.muscle_ids == ("psoas_major",))
    figure = question.figure
    assert figure.kind == "attachments" and figure.view in ("anterior", "posterior", "lateral")
    assert [m.number for m in figure.markers] == list(range(1, len(question.pairs) + 1))
    positions = {(r.landmark_id, r.view): (r.x, r.y)
                 for r in atlas.landmark_positions.itertuples(index=False)}
    for marker in figure.markers:
        assert positions[(marker.landmark_id, figure.view)] == (marker.x, marker.y)
    assert "psoas major" in figure.alt_text


def test_build_quiz_mixes_generated_and_bank_questions(atlas):
    quiz = build_quiz(n=40, seed=2, atlas=atlas)
    assert len(quiz) == 40
    origins = Counter("bank" if q.template == "bank" else "generated" for q in quiz)
    assert origins["bank"] >= 1 and origins["generated"] >= 1
    assert len({q.template for q in quiz}) >= 8  # varied kinds of question
    assert build_quiz(n=40, seed=2, atlas=atlas) == quiz


def test_build_quiz_filters_by_topic_group_and_muscle(atlas):
    quiz = build_quiz(topic="innervation", n=6, seed=1, atlas=atlas)
    assert len(quiz) == 6 and {q.topic for q in quiz} == {"innervation"}
    assert quiz.topic == "innervation"
    anatomy = build_quiz(topic="anatomy", n=30, seed=1, atlas=atlas)
    assert {q.topic for q in anatomy} <= {"attachments", "actions", "synergists", "innervation",
                                          "relations"}
    # One question per fact of a muscle: fewer than one per template.
    iliacus = build_quiz(muscles=["iliacus"], n=8, seed=1, atlas=atlas)
    assert all("iliacus" in q.muscle_ids for q in iliacus)
    assert not any(q.template == "bank" for q in build_quiz(n=150, seed=1, atlas=atlas,
                                                              include_bank=False))


def test_build_quiz_names_the_known_topics_for_an_unknown_one(atlas):
    with pytest.raises(ValueError, match="unknown topic 'anatomyy'; topics: .*attachments"):
        build_quiz(topic="anatomyy", atlas=atlas)


def test_select_questions_takes_turns_between_templates(atlas):
    pool = generate_questions(atlas, seed=0)
    chosen = select_questions(pool, n=6, seed=0)
    assert len({q.template for q in chosen}) == 6
    with pytest.raises(ValueError, match="n must be at least 1"):
        select_questions(pool, n=0)
