import pytest

from psoas_edu.quiz.model import (
    TRUE_FALSE_OPTIONS,
    FigureSpec,
    Marker,
    Option,
    Pair,
    Question,
    Quiz,
    QuizResult,
    Result,
    html_id,
    option_key,
    options_from,
)

ABC = options_from(["lesser trochanter", "greater trochanter", "linea aspera"])


def single(**changes) -> Question:
    fields = {"id": "q1", "type": "single_choice", "prompt": "Where?", "options": ABC,
              "answers": ("a",), "explanation": "Because.", "citation": "Gray 1918"}
    return Question(**{**fields, **changes})


def test_a_consistent_question_knows_its_answer_text():
    question = single()
    assert question.correct_texts == ("lesser trochanter",)
    assert question.answer_text == "lesser trochanter"
    assert question.option_text("b") == "greater trochanter"


@pytest.mark.parametrize(("changes", "message"), [
    ({"answers": ("z",)}, "not all option keys"),
    ({"answers": ("a", "b")}, "exactly one answer"),
    ({"options": ABC + (Option("d", "Lesser  Trochanter"),)}, "distinct"),
    ({"type": "essay"}, "is not one of"),
    ({"prompt": "  "}, "must not be empty"),
    ({"points": 0}, "points must be positive"),
    ({"difficulty": "brutal"}, "difficulty"),
    ({"accepted": ("x",)}, "only short answer"),
])
def test_inconsistent_questions_cannot_be_made(changes, message):
    with pytest.raises(ValueError, match=message):
        single(**changes)


def test_label_questions_need_one_marker_per_pair():
    pairs = (Pair("1", "Marker 1", "a"), Pair("2", "Marker 2", "b"))
    figure = FigureSpec("attachments", "anterior", ("psoas_major",),
                        (Marker(1, "lesser_trochanter", 1.0, 2.0),), "Bones with markers.")
    with pytest.raises(ValueError, match="one marker per pair"):
        Question("q", "label_diagram", "Name them.", options=ABC, pairs=pairs, figure=figure)


def test_true_false_and_short_answer_texts():
    tf = Question("tf", "true_false", "It is.", options=TRUE_FALSE_OPTIONS, answers=("false",))
    assert tf.answer_text == "False"
    short = Question("s", "short_answer", "Name it.", accepted=("iliacus", "musculus iliacus"))
    assert short.answer_text == "iliacus (also accepted: musculus iliacus)"


def test_matching_answer_text_lists_each_pair():
    question = Question("m", "matching", "Match.", options=ABC,
                        pairs=(Pair("1", "psoas major", "a"), Pair("2", "gluteus medius", "b")))
    assert question.correct_texts == ("psoas major: lesser trochanter",
                                      "gluteus medius: greater trochanter")


def test_html_ids_come_from_the_question_id_only():
    assert html_id("gen_origin_iliacus", "option", "a") == html_id("gen_origin_iliacus",
                                                                   "option", "a")
    assert html_id("gen_origin_iliacus").startswith("q-")
    assert html_id("gen_origin_iliacus", "feedback") == html_id("gen_origin_iliacus") + "-feedback"
    # Opaque: the id never names the question (nor, so, its answer).
    assert "iliacus" not in html_id("gen_origin_iliacus", "option", "a")
    assert html_id("gen_origin_iliacus") != html_id("gen_origin_psoas_major")
    assert single(id="week 3/q1").html_id() == html_id("week 3/q1")


def test_option_keys_continue_past_z():
    assert [option_key(i) for i in (0, 25, 26, 27, 51, 52)] == ["a", "z", "aa", "ab", "az", "ba"]
    assert len({o.key for o in options_from(str(i) for i in range(60))}) == 60


def test_a_quiz_refuses_the_same_question_twice_and_subsets_in_order():
    a, b = single(id="a"), single(id="b")
    with pytest.raises(ValueError, match="same question twice"):
        Quiz((a, a))
    quiz = Quiz((a, b), title="T", seed=1)
    assert [q.id for q in quiz.subset(["b", "a"])] == ["a", "b"]
    assert quiz["b"] is b and quiz.points == 2


def test_quiz_result_summary_counts_what_to_retry():
    results = QuizResult((Result("a", "correct", 1, 1, "Correct.", "x"),
                          Result("b", "partial", 0.5, 2, "Partly right.", "y")))
    assert results.missed == ("b",)
    assert results.summary == "Score: 1.5 of 3 points (1 question to retry)"
