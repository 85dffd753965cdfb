"""The quizzes in the course notebooks: where they are, and that they stay on their subject.

Notebooks 01 to 05 end with a short quiz on their own topics; notebook 06's quiz asks
about the iliopsoas only, including the muscles that work with and against it. The
quizzes are built here exactly as the notebooks build them (the keyword arguments of
their ``build_quiz`` call), from the facts in ``data/``.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from psoas_edu import build_quiz, load_atlas

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
ILIOPSOAS = {"psoas_major", "psoas_minor", "iliacus"}

#: Each notebook's quiz topics, and whether every question must be about the iliopsoas.
CHAPTER_QUIZZES = {
    "01_iliopsoas_anatomy": ({"attachments", "innervation"}, True),
    "02_actions_synergists_antagonists": ({"actions", "synergists"}, True),
    "03_trigger_points_referred_pain": ({"trigger_points"}, False),
    "04_clinical_anatomy_red_flags": ({"red_flags", "clinical_anatomy"}, False),
    "05_release_and_safety": ({"safety", "techniques"}, False),
}


def _cells(name: str) -> list[dict]:
    notebook = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    return [{**c, "source": "".join(c["source"])} for c in notebook["cells"]]


def _quiz_cell(cells: list[dict]) -> int:
    found = [i for i, c in enumerate(cells)
             if c["cell_type"] == "code" and "take_quiz(" in c["source"]]
    assert len(found) == 1, f"expected one take_quiz cell, found {len(found)}"
    return found[0]


def quiz_arguments(source: str) -> dict:
    """The literal keyword arguments of the ``build_quiz`` call in a cell's code."""
    call = next(node for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "build_quiz")
    return {k.arg: ast.literal_eval(k.value) for k in call.keywords
            if not isinstance(k.value, ast.Name)}  # atlas=atlas


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def test_quiz_arguments_are_read_from_the_cell():
    source = 'quiz = pe.build_quiz(topic=["a", "b"], n=5, seed=3, atlas=atlas)\npe.take_quiz(quiz)'
    assert quiz_arguments(source) == {"topic": ["a", "b"], "n": 5, "seed": 3}


@pytest.mark.parametrize("name", sorted(CHAPTER_QUIZZES))
def test_each_chapter_ends_with_a_short_quiz_on_its_topics(name, atlas):
    topics, iliopsoas_only = CHAPTER_QUIZZES[name]
    cells = _cells(name)
    at = _quiz_cell(cells)
    # After the exercises, before the closing sources and key points.
    exercises = [i for i, c in enumerate(cells) if c["source"].lstrip().startswith("## Exercises")]
    assert exercises and at > exercises[-1]
    assert all(c["cell_type"] == "markdown" or "source_list(" in c["source"]
               for c in cells[at + 1:])
    intro = cells[at - 1]
    assert intro["cell_type"] == "markdown" and "**Check**" in intro["source"]
    assert intro["source"].count(". ") + intro["source"].count(".\n") <= 1, "one sentence"

    quiz = build_quiz(atlas=atlas, **quiz_arguments(cells[at]["source"]))
    assert 4 <= len(quiz) <= 6
    assert {q.topic for q in quiz} <= topics
    assert len({q.topic for q in quiz}) == len(topics), "every topic of the notebook is asked"
    if iliopsoas_only:
        assert all(q.muscle_ids and q.muscle_ids[0] in ILIOPSOAS for q in quiz), \
            [(q.id, q.muscle_ids[:1]) for q in quiz]


def test_the_self_study_quiz_stays_on_the_iliopsoas_and_its_partners(atlas):
    cells = _cells("06_self_study_quiz")
    quiz = build_quiz(atlas=atlas, **quiz_arguments(cells[_quiz_cell(cells)]["source"]))
    off_course = [(q.id, q.muscle_ids[:1]) for q in quiz
                  if not (q.muscle_ids and q.muscle_ids[0] in ILIOPSOAS)]
    assert off_course == []
    templates = {q.template for q in quiz}
    assert {"synergists", "antagonist"} <= templates, templates  # with and against it
    partners = {m for q in quiz if q.template in ("synergists", "antagonist")
                for m in q.muscle_ids[1:]}
    assert partners - ILIOPSOAS, "the partners named are other muscles"
