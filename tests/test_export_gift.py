"""GIFT export, read back by an independent GIFT parser (pygiftparserrgmf)."""

import re
import warnings

import pytest
from quiz_samples import LABEL, MATCHING, MULTIPLE, SHORT, SINGLE, TRUE_FALSE, sample_quiz

from psoas_edu.atomic_write import OutputExistsError
from psoas_edu.export.common import accepted_variants
from psoas_edu.export.gift import export_gift, gift_escape, question_to_gift, quiz_to_gift
from psoas_edu.quiz.generate import build_quiz


@pytest.fixture(scope="module")
def gift_parser():
    # On first import the parser writes its tables and leaves a file unclosed.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        from pygiftparser import parser
    return parser


def parse(gift_parser, text):
    return {q.name: q for q in gift_parser.parse(text).questions}


def unescape(text: str) -> str:
    """The parser unescapes titles and prompts but leaves escapes in answers."""
    return re.sub(r"\\(.)", r"\1", text)


def prompt_of(parsed) -> str:
    assert parsed.text.startswith("[plain]")
    return parsed.text.removeprefix("[plain]")


def test_every_question_is_read_back_with_its_type(gift_parser):
    parsed = parse(gift_parser, quiz_to_gift(sample_quiz()))
    assert list(parsed) == [q.id for q in sample_quiz()]
    kinds = {name: type(q.answer).__name__ for name, q in parsed.items()}
    assert kinds[SINGLE.id] == "MultipleChoiceRadio"
    assert kinds[MULTIPLE.id] == "MultipleChoiceCheckbox"
    assert kinds[TRUE_FALSE.id] == "TrueFalse"
    assert kinds[MATCHING.id] == "Matching"
    assert kinds[SHORT.id] == "Short"


def test_special_characters_survive(gift_parser):
    parsed = parse(gift_parser, quiz_to_gift(sample_quiz()))
    for question in (SINGLE, MULTIPLE):
        assert prompt_of(parsed[question.id]) == question.prompt
    options = [unescape(o.text) for o in parsed[MULTIPLE.id].answer.options]
    assert options == [o.text for o in MULTIPLE.options]


def test_single_choice_has_one_right_option(gift_parser):
    answer = parse(gift_parser, quiz_to_gift(sample_quiz(SINGLE)))[SINGLE.id].answer
    right = [o.text for o in answer.options if o.percentage == 1.0]
    assert right == [SINGLE.option_text(SINGLE.answers[0])]


def test_multiple_answer_weights_add_up_to_full_marks(gift_parser):
    answer = parse(gift_parser, quiz_to_gift(sample_quiz(MULTIPLE)))[MULTIPLE.id].answer
    weights = {unescape(o.text): o.percentage for o in answer.options}
    right = {MULTIPLE.option_text(k) for k in MULTIPLE.answers}
    assert sum(w for t, w in weights.items() if t in right) == pytest.approx(1.0)
    assert all(w < 0 for t, w in weights.items() if t not in right)


def test_true_false_and_feedback(gift_parser):
    parsed = parse(gift_parser, quiz_to_gift(sample_quiz(TRUE_FALSE)))[TRUE_FALSE.id]
    option = parsed.answer.options[0]
    assert option.text == "True"
    # General feedback (####) carries the explanation and the source.
    assert TRUE_FALSE.explanation in unescape(option.feedback)
    assert "AnatomyExpert: iliacus" in unescape(option.feedback)


def test_matching_pairs_and_short_answers(gift_parser):
    parsed = parse(gift_parser, quiz_to_gift(sample_quiz()))
    pairs = [parsed[MATCHING.id].answer.get_pair(o) for o in parsed[MATCHING.id].answer.options]
    # The unused option is an extra wrong answer: an item with no text, as Moodle reads it.
    assert [(p["first"], p["second"]) for p in pairs] == [
        (p.prompt, MATCHING.option_text(p.answer)) for p in MATCHING.pairs] + [
        ("", "Greater trochanter")]
    # GIFT readers fold runs of spaces: no doubled-space forms there.
    assert [o.text for o in parsed[SHORT.id].answer.options] == [
        v for v in accepted_variants(SHORT) if "  " not in v]
    label = parsed[LABEL.id].answer
    assert type(label).__name__ == "Matching"
    assert [(label.get_pair(o)["first"], label.get_pair(o)["second"]) for o in label.options] == [
        (p.prompt, LABEL.option_text(p.answer)) for p in LABEL.pairs] + [
        ("", "Greater trochanter")]


@pytest.mark.parametrize("text", [
    "Roots L1:L3 = {lumbar} ~ #1",
    "a\\b",
    "Ends in a colon:",
    "Two lines\nof text",
])
def test_escape_leaves_no_bare_special_character(text):
    escaped = gift_escape(text)
    assert "\n" not in escaped
    bare = re.sub(r"\\[~=#{}:n]", "", escaped)
    assert not set(bare) & set("~=#{}:")


def test_question_text_round_trips_through_the_parser(gift_parser):
    nasty = "Psoas: T12-L4 {bodies} = ~ # ::not a title::"
    question = SINGLE.__class__(**{**SINGLE.__dict__, "prompt": nasty})
    parsed = parse(gift_parser, question_to_gift(question))[SINGLE.id]
    assert prompt_of(parsed) == nasty


def test_a_built_quiz_is_read_back_whole(gift_parser):
    quiz = build_quiz(n=12, seed=5)
    parsed = parse(gift_parser, quiz_to_gift(quiz))
    assert list(parsed) == [q.id for q in quiz]
    for question in quiz:
        assert prompt_of(parsed[question.id]).startswith(question.prompt[:20])


def test_export_writes_file_and_refuses_to_overwrite(tmp_path):
    result = export_gift(sample_quiz(), tmp_path / "quiz.gift")
    text = result.path.read_text(encoding="utf-8")
    assert text == quiz_to_gift(sample_quiz())
    assert any("label-the-diagram" in note for note in result.notes)
    with pytest.raises(OutputExistsError):
        export_gift(sample_quiz(SINGLE), tmp_path / "quiz.gift")
    assert result.path.read_text(encoding="utf-8") == text
