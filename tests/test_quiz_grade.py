import pytest

from psoas_edu.quiz.grade import (
    damerau_distance,
    grade,
    grade_quiz,
    match_short_answer,
    normalise_answer,
)
from psoas_edu.quiz.model import TRUE_FALSE_OPTIONS, Pair, Question, options_from

OPTIONS = options_from(["hip flexion", "hip extension", "lumbar flexion", "knee flexion"])
SINGLE = Question("single", "single_choice", "Which?", options=OPTIONS, answers=("a",))
MULTIPLE = Question("multi", "multiple_answer", "Which?", options=OPTIONS, answers=("a", "c"),
                    points=2)
TF = Question("tf", "true_false", "Psoas minor flexes the hip.", options=TRUE_FALSE_OPTIONS,
              answers=("false",))
MATCH = Question("match", "matching", "Match.", options=OPTIONS, points=3,
                 pairs=(Pair("1", "psoas major", "a"), Pair("2", "erector spinae", "b"),
                        Pair("3", "psoas minor", "c")))
SHORT = Question("short", "short_answer", "Which muscle?",
                 accepted=("psoas major", "musculus psoas major", "greater psoas"))


def test_single_choice_right_wrong_and_empty():
    assert grade(SINGLE, "a").status == "correct"
    wrong = grade(SINGLE, "b")
    assert (wrong.status, wrong.score, wrong.expected) == ("incorrect", 0, "hip flexion")
    assert grade(SINGLE, None).status == "unanswered"


def test_true_false_takes_keys_or_bools():
    assert grade(TF, "false").correct and grade(TF, False).correct
    assert not grade(TF, True).correct


def test_multiple_answer_scores_right_minus_wrong_picks():
    assert grade(MULTIPLE, ["a", "c"]).score == 2
    half = grade(MULTIPLE, ["a"])
    assert (half.status, half.score) == ("partial", 1)
    assert "1 of 2 right options ticked" in half.message
    assert grade(MULTIPLE, ["a", "b"]).score == 0  # one right, one wrong
    assert grade(MULTIPLE, ["a", "b", "c", "d"]).status == "incorrect"
    assert grade(MULTIPLE, []).status == "unanswered"


def test_matching_gives_credit_per_item():
    result = grade(MATCH, {"1": "a", "2": "c", "3": "c"})
    assert result.items == (True, False, True)
    assert result.status == "partial" and result.score == 2
    assert grade(MATCH, {"1": "a", "2": "b", "3": "c"}).correct
    assert grade(MATCH, {"1": None}).status == "unanswered"


@pytest.mark.parametrize("typed", [
    "psoas major", "Psoas Major", "  the psoas-major muscle. ", "psoasmajor", "psaos major",
    "psoas majr", "psaos majro", "Musculus psoas major", "greater psoas", "psóas major",
])
def test_short_answers_forgive_case_spacing_filler_and_one_typo(typed):
    assert grade(SHORT, typed).correct


@pytest.mark.parametrize("typed", ["psoas minor", "iliacus", "psoas", "psaoss majr", "pzaos major",
                                   "major psoas x"])
def test_short_answers_reject_other_names_and_bigger_errors(typed):
    assert not grade(SHORT, typed).correct


def test_short_words_must_be_exact():
    roots = Question("roots", "short_answer", "Which root?", accepted=("L2",))
    assert grade(roots, "l2").correct
    assert not grade(roots, "L3").correct


def test_a_typo_is_accepted_with_the_spelling_shown():
    result = grade(SHORT, "psoas majr")
    assert result.message == "Correct (check the spelling: 'psoas major')."


def test_damerau_distance_counts_a_swap_as_one_edit():
    assert damerau_distance("iliacus", "ilaicus") == 1
    assert damerau_distance("major", "minor") == 2
    assert damerau_distance("", "abc") == 3
    assert damerau_distance("abc", "abc") == 0


def test_normalise_and_match():
    assert normalise_answer("M. Iliacus") == "iliacus"
    assert match_short_answer("ILIACUS", ("iliacus",)) == "iliacus"
    assert match_short_answer("", ("iliacus",)) is None


@pytest.mark.parametrize(("question", "response"), [
    (SINGLE, "z"), (SINGLE, ["a"]), (MULTIPLE, "a"), (MULTIPLE, ["a", "z"]),
    (MATCH, {"9": "a"}), (MATCH, {"1": "z"}), (MATCH, ["a"]), (SHORT, ["x"]),
])
def test_malformed_responses_are_refused(question, response):
    with pytest.raises(ValueError):
        grade(question, response)


def test_grade_quiz_keeps_quiz_order_and_counts_missing_as_unanswered():
    result = grade_quiz([SINGLE, TF, SHORT], {"tf": "false", "single": "b"})
    assert [r.question_id for r in result.results] == ["single", "tf", "short"]
    assert [r.status for r in result.results] == ["incorrect", "correct", "unanswered"]
    assert result.missed == ("single", "short")
    assert (result.score, result.points) == (1, 3)
