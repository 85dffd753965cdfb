"""Quality properties of generated questions and quizzes, over many seeds.

What an anatomy teacher checks when reading a quiz, as tests that fail when it goes
wrong: feedback speaks only of the options shown, no key is contested by another row
or a dispute, no word of the muscle's name singles out options, true/false keys are
balanced, every topic has enough questions, and a quiz has exactly the asked length.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict

import matplotlib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas_edu import load_atlas
from psoas_edu.quiz.generate import TOPICS, build_quiz, generate_questions

matplotlib.use("Agg")

_PLAIN = {"musculus", "muscle", "major", "minor", "longus", "brevis", "magnus", "medius",
          "minimus", "maximus", "long", "short", "head", "caput", "longum", "part", "the",
          "and", "of"}


@functools.cache
def atlas():
    return load_atlas()


@functools.cache
def questions(seed: int):
    return generate_questions(atlas(), seed=seed)


def _owners() -> dict[str, set[str]]:
    a = atlas()
    owners: dict[str, set[str]] = defaultdict(set)
    for table, column in (("attachments", "description"), ("innervation", "nerve"),
                          ("blood_supply", "artery")):
        for row in getattr(a, table).itertuples(index=False):
            owners[" ".join(getattr(row, column).lower().split())].add(row.muscle_id)
    return owners


def _names_in(text: str) -> set[str]:
    muscles = atlas().muscles
    found = set()
    for row in muscles.itertuples(index=False):
        if re.search(rf"\bthe {re.escape(row.name)}(?![\w(])", text):
            found.add(row.muscle_id)
    return found


def _stems(text: str) -> set[str]:
    return {w[:4] for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 4 and w not in _PLAIN}


SEEDS = st.integers(min_value=0, max_value=10_000)


@settings(max_examples=15, deadline=None)
@given(seed=SEEDS)
def test_feedback_names_only_the_owners_of_shown_options(seed):
    owners = _owners()
    for q in generate_questions(atlas(), seed=seed,
                                templates=["origin", "insertion", "nerve"]):
        allowed = {q.muscle_ids[0]}
        for option in q.options:
            allowed |= owners.get(" ".join(option.text.lower().split()), set())
        own = [r.description for r in atlas().attachments.itertuples(index=False)
               if r.muscle_id == q.muscle_ids[0]]
        explanation = q.explanation
        for text in own + [o.text for o in q.options]:
            explanation = explanation.replace(text, "")
        named = _names_in(explanation)
        assert named <= allowed, (q.id, sorted(named - allowed))


def _movement_rows():
    a = atlas()
    names = dict(zip(a.movements["name"], zip(a.movements["joint"], a.movements["movement"],
                                               strict=True), strict=True))
    opposite = {(r.joint, r.movement): (r.joint, r.opposite)
                for r in a.movements.itertuples(index=False)}
    rows = defaultdict(list)
    for r in a.actions.itertuples(index=False):
        rows[r.muscle_id].append(r)
    return names, opposite, rows


def _says(rows, key, movement_name) -> bool:
    """Any row, note or dispute of the muscle saying it makes the movement."""
    disputes = dict(zip(atlas().disputes["dispute_id"], atlas().disputes["summary"],
                        strict=True))
    word = movement_name.split(" ", 1)[-1].lower()
    for r in rows:
        if (r.joint, r.movement) == key:
            return True
        said = f"{r.note} {disputes.get(r.dispute_id, '')}".lower()
        if word in said:
            return True
    return False


@settings(max_examples=15, deadline=None)
@given(seed=SEEDS)
def test_no_key_contradicts_a_row_or_a_dispute(seed):
    a = atlas()
    names, opposite, rows = _movement_rows()
    by_name = {r.name: r.muscle_id for r in a.muscles.itertuples(index=False)}
    ranges = defaultdict(set)
    for r in a.innervation.itertuples(index=False):
        ranges[r.muscle_id].add(r.roots)
    for q in generate_questions(a, seed=seed):
        wrong = [o.text for o in q.options if o.key not in q.answers]
        if q.template in ("action", "actions_all"):
            for text in wrong:  # keyed "does not make this movement"
                assert not _says(rows[q.muscle_ids[0]], names[text], text), (q.id, text)
        if q.template in ("synergists", "antagonist"):
            muscle, joint, movement = q.id.split("_", 2)[2].split("__")
            key = (joint, movement)
            keyed_not = key if q.template == "synergists" else opposite[key]
            movement_name = a.movements.set_index(["joint", "movement"]).loc[keyed_not, "name"]
            for text in wrong:
                assert not _says(rows[by_name[text]], keyed_not, movement_name), (q.id, text)
            if q.template == "antagonist":  # a muscle that does both has no clear opposer
                assert not any((r.joint, r.movement) == opposite[key] for r in rows[muscle])
        if q.template == "roots":  # only a range a row states, never a union of rows
            right = q.option_text(q.answers[0])
            assert right in ranges[q.muscle_ids[0]], (q.id, right)


@settings(max_examples=15, deadline=None)
@given(seed=SEEDS)
def test_no_word_of_the_muscles_name_singles_out_options(seed):
    muscles = atlas().muscles.set_index("muscle_id")
    for q in generate_questions(atlas(), seed=seed):
        if q.type not in ("single_choice", "multiple_answer") or not q.muscle_ids:
            continue
        if q.template in ("synergists", "antagonist"):
            continue  # options are muscle names, compared with each other
        row = muscles.loc[q.muscle_ids[0]]
        if row["name"] not in q.prompt:
            continue  # the stem does not name the muscle
        stems = _stems(f"{row['name']} {row['latin_name']}")
        marks = {bool(_stems(o.text) & stems) for o in q.options}
        assert len(marks) == 1, (q.id, [o.text for o in q.options])


def test_true_false_keys_are_balanced_per_template():
    keys: dict[str, Counter] = defaultdict(Counter)
    for seed in range(30):
        for q in questions(seed):
            if q.type == "true_false":
                keys[q.template][q.answers[0]] += 1
    assert keys
    for template, counts in keys.items():
        share = counts["true"] / sum(counts.values())
        assert 0.35 <= share <= 0.65, (template, dict(counts))


def test_a_quiz_holds_true_and_false_keys_in_balance():
    """Within a quiz, no true/false template leans more than one key to a side
    (when the pool is large enough to choose)."""
    for seed in range(20):
        quiz = build_quiz(topic=["misconceptions", "trigger_points", "attachments"], n=12,
                          seed=seed, atlas=atlas(), focus=())
        tilt: Counter = Counter()
        for q in quiz:
            if q.type == "true_false":
                tilt[q.template] += 1 if q.answers == ("true",) else -1
        assert all(abs(t) <= 1 for t in tilt.values()), (seed, tilt)


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_each_topic_fills_a_quiz_of_ten_distinct_questions(topic):
    """A quiz never repeats a fact, so counting generated questions is not enough:
    ten must fit in one quiz, from the generator alone, whatever the seed."""
    for seed in range(6):
        quiz = build_quiz(topic=topic, n=10, seed=seed, atlas=atlas(), include_bank=False)
        assert len({q.id for q in quiz}) == 10, (topic, seed)
        prompts = [q.prompt for q in quiz if not q.template.startswith("match_")]
        assert len(set(prompts)) == len(prompts), (topic, seed)
        assert {q.topic for q in quiz} == {topic}


@pytest.mark.parametrize("topic", ["trigger_points", "clinical_anatomy", None])
def test_n_none_gives_the_whole_pool_a_quiz_can_hold(topic):
    pool = build_quiz(topic=topic, n=None, seed=4, atlas=atlas())
    ids = [q.id for q in pool]
    assert len(ids) == len(set(ids)) >= 10
    # As large as any quiz: one question more is refused, naming the pool's size.
    with pytest.raises(ValueError, match=rf"only {len(ids)} distinct questions exist"):
        build_quiz(topic=topic, n=len(ids) + 1, seed=4, atlas=atlas())
    assert len(build_quiz(topic=topic, n=len(ids), seed=4, atlas=atlas())) == len(ids)


def test_n_none_on_an_empty_pool_says_so():
    with pytest.raises(ValueError, match="no questions exist for the whole course in the bank"):
        build_quiz(n=None, bank=(), bank_only=True, atlas=atlas())


@settings(max_examples=25, deadline=None)
@given(topic=st.sampled_from([None, *sorted(TOPICS)]), n=st.integers(1, 60),
       seed=st.integers(0, 1000))
def test_build_quiz_returns_exactly_n_or_says_how_many_exist(topic, n, seed):
    try:
        quiz = build_quiz(topic=topic, n=n, seed=seed, atlas=atlas())
    except ValueError as error:
        assert re.search(r"only \d+ distinct questions exist", str(error)), error
    else:
        assert len(quiz) == n


def test_a_quiz_never_holds_a_belief_and_its_own_correction():
    for seed in range(30):
        quiz = build_quiz(topic="misconceptions", n=6, seed=seed, atlas=atlas())
        beliefs = [q.id.split("_", 2)[-1] for q in quiz
                   if q.template in ("misconception", "correction")]
        assert len(beliefs) == len(set(beliefs)), (seed, beliefs)


def test_no_figure_text_is_the_answer():
    import matplotlib.pyplot as plt

    from psoas_edu.quiz.figures import draw_question_figure

    for q in questions(0):
        if q.figure is None:
            continue
        answers = {" ".join(q.option_text(p.answer).lower().split()) for p in q.pairs}
        ax = draw_question_figure(q, atlas=atlas())
        texts = {" ".join(t.get_text().lower().split()) for t in ax.texts}
        plt.close(ax.figure)
        assert not texts & answers, (q.id, texts & answers)
