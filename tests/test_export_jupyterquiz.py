"""jupyterquiz export: valid against jupyterquiz's schemas and accepted by display_quiz."""

import html
import json
import re
from pathlib import Path

import jsonschema
import pytest
from quiz_samples import LABEL, MATCHING, MULTIPLE, SHORT, SINGLE, TRUE_FALSE, edited, sample_quiz

from psoas_edu.export import jupyterquiz as jq
from psoas_edu.export.common import accepted_variants
from psoas_edu.quiz.generate import build_quiz

SCHEMAS = Path(__file__).parent / "jupyterquiz_schema"
PNG = b"\x89PNG\r\n\x1a\n" + b"1" * 32


def shown(text: str) -> str:
    """What a browser shows for jupyterquiz HTML (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def validator_for(question: dict) -> jsonschema.Draft202012Validator:
    name = "string_schema.json" if question["type"] == "string" else "mc_schema.json"
    schema = json.loads((SCHEMAS / name).read_text())
    return jsonschema.Draft202012Validator(schema)


def assert_valid(questions: list[dict]) -> None:
    assert questions
    for question in questions:
        assert question["type"] in ("multiple_choice", "many_choice", "string")
        validator_for(question).validate(question)


def test_every_question_matches_the_schema_of_its_type():
    assert_valid(jq.quiz_to_jupyterquiz(sample_quiz(), images={LABEL.id: PNG}))


def test_a_built_quiz_matches_the_schemas():
    assert_valid(jq.quiz_to_jupyterquiz(build_quiz(n=25, seed=9)))


def test_schema_check_catches_a_broken_question():
    broken = jq.quiz_to_jupyterquiz(sample_quiz(SINGLE))[0]
    del broken["answers"][0]["correct"]
    with pytest.raises(jsonschema.ValidationError):
        validator_for(broken).validate(broken)


def test_right_answers_are_marked():
    single, multiple, tf = jq.quiz_to_jupyterquiz(sample_quiz(SINGLE, MULTIPLE, TRUE_FALSE))
    assert single["type"] == "multiple_choice" and multiple["type"] == "many_choice"
    assert [shown(a["answer"]) for a in single["answers"] if a["correct"]] == [
        "Lesser trochanter"]
    assert sum(a["correct"] for a in multiple["answers"]) == len(MULTIPLE.answers)
    assert [shown(a["answer"]) for a in tf["answers"] if a["correct"]] == ["True"]
    assert SINGLE.explanation in shown(single["answers"][0]["feedback"])


def test_short_answer_accepts_every_synonym():
    (question,) = jq.quiz_to_jupyterquiz(sample_quiz(SHORT))
    assert question["type"] == "string"
    accepted = [a["answer"] for a in question["answers"] if a.get("correct")]
    assert accepted == list(accepted_variants(SHORT))
    assert set(SHORT.accepted) <= set(accepted)
    assert question["answers"][-1]["type"] == "default"


def test_matching_becomes_one_question_per_item():
    split = jq.quiz_to_jupyterquiz(sample_quiz(MATCHING))
    assert len(split) == len(MATCHING.pairs)
    for item, pair in zip(split, MATCHING.pairs, strict=True):
        assert pair.prompt in shown(item["question"])
        assert [shown(a["answer"]) for a in item["answers"] if a["correct"]] == [
            MATCHING.option_text(pair.answer)]


def test_diagram_is_embedded_with_alt_text():
    first = jq.quiz_to_jupyterquiz(sample_quiz(LABEL), images={LABEL.id: PNG})[0]
    assert 'src="data:image/png;base64,' in first["question"]
    assert 'alt="Front view of the pelvis and femur' in first["question"]


def test_html_and_dollars_are_shown_as_written():
    (question,) = jq.quiz_to_jupyterquiz(sample_quiz(edited(SINGLE, prompt="<b> costs $5?")))
    assert shown(question["question"]) == "<b> costs $5?"
    assert "$" not in question["question"] and "<b>" not in question["question"]


def test_display_quiz_accepts_the_file(tmp_path, monkeypatch):
    import jupyterquiz.dynamic.display as display_module

    shown = []
    monkeypatch.setattr(display_module, "display", lambda *objects: shown.extend(objects))
    result = jq.export_jupyterquiz(sample_quiz(), tmp_path / "quiz.json", diagrams=False)
    display_module.display_quiz(str(result.path))
    display_module.display_quiz(json.loads(result.path.read_text(encoding="utf-8")))
    scripts = [o.data for o in shown if type(o).__name__ == "Javascript"]
    assert len(scripts) == 2
    assert all("Lesser trochanter" in script for script in scripts)
