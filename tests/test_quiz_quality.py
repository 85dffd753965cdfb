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
    n = 10
    for seed in range(12):
        quiz = build_quiz(topic=topic, n=n, seed=seed, atlas=atlas(), include_bank=False)
        assert len({q.id for q in quiz}) == n, (topic, seed)
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


# --- what the teacher's second reading found ----------------------------------------

def _relation_rows():
    return list(atlas().relations.itertuples(index=False))


def test_a_relation_question_offers_no_structure_with_the_asked_relation():
    """'Which structure passes through psoas major?': the femoral nerve descends through
    its fibres too (Gray 1918), so it is never a wrong option; no wrong option has the
    asked relation to the muscle in any row, by kind or by wording."""
    from psoas_edu.quiz.templates.relations import _CLASS_WORDS, _class, _names

    rows = {r.relation_id: r for r in _relation_rows()}
    asked = 0
    for seed in range(10):
        for q in generate_questions(atlas(), seed=seed, templates=["relation"]):
            row = rows[q.id.removeprefix("gen_relation_")]
            klass = _class(row.relation)
            for text in (o.text for o in q.options if o.key not in q.answers):
                for other in rows.values():
                    if other.muscle_id != row.muscle_id or not (_names(text)
                                                                & _names(other.structure)):
                        continue
                    assert _class(other.relation) != klass, (q.id, text, other.relation_id)
                    assert not _CLASS_WORDS[klass].search(other.description.lower()), (
                        q.id, text, other.relation_id)
                if klass == "through":
                    assert "nerve" not in text, (q.id, text)
            asked += 1
    assert asked >= 10 * 12  # kidney, ureter, great vessels, plexus, bursa ... become questions


def test_relation_questions_cover_the_psoas_neighbours():
    made = {q.id for q in generate_questions(atlas(), seed=0, topics=["relations"])}
    for relation_id in ("kidney_on_psoas", "ureter_on_psoas", "great_vessels_beside_psoas",
                        "lumbar_plexus_within_psoas", "iliopsoas_bursa"):
        assert f"gen_relation_{relation_id}" in made, relation_id
    assert "gen_floor_of_femoral_triangle" in made


@settings(max_examples=10, deadline=None)
@given(seed=SEEDS)
def test_partner_feedback_never_denies_an_action(seed):
    """Feedback on synergist and antagonist options comes from recorded actions: a
    muscle is never said not to act on a joint."""
    for q in generate_questions(atlas(), seed=seed, templates=["synergists", "antagonist"]):
        assert "does not act" not in q.explanation, q.id


def test_partner_padding_comes_from_the_same_joint():
    """Wrong options of a hip question are muscles of the hip, never only trunk
    muscles found by elimination."""
    a = atlas()
    hip = {r.muscle_id for r in a.actions.itertuples(index=False) if r.joint == "hip"}
    by_name = dict(zip(a.muscles["name"], a.muscles["muscle_id"], strict=True))
    for seed in range(5):
        for q in generate_questions(a, seed=seed, templates=["synergists", "antagonist"]):
            if "__hip__" in q.id:
                for o in q.options:
                    assert by_name[o.text] in hip, (q.id, o.text)


@pytest.mark.parametrize("joint", ["knee", "lumbar_spine"])
def test_knee_and_spine_padding_comes_from_muscles_of_that_region(joint):
    """Wrong options of a knee or lumbar question are muscles recorded at that joint or
    of a group firmly recorded there (the adductors beside the hamstrings), never a
    trunk muscle at the knee or a thigh muscle at the spine."""
    a = atlas()
    rows = list(a.actions.itertuples(index=False))
    group = dict(zip(a.muscles["muscle_id"], a.muscles["group"], strict=True))
    at_joint = {r.muscle_id for r in rows if r.joint == joint}
    firm = {group[r.muscle_id] for r in rows if r.joint == joint and not r.dispute_id
            and "weak" not in str(r.note).lower()}
    by_name = dict(zip(a.muscles["name"], a.muscles["muscle_id"], strict=True))
    asked = 0
    for seed in range(6):
        for q in generate_questions(a, seed=seed, templates=["synergists", "antagonist"]):
            if f"__{joint}__" in q.id:
                asked += 1
                for o in q.options:
                    m = by_name[o.text]
                    assert m in at_joint or group[m] in firm, (q.id, o.text)
    assert asked >= 4


def test_a_quiz_never_shows_one_statement_in_two_questions():
    """A mechanism, a symptom or a sign shown in one question (as an option, or quoted
    in the stem) is never the key or the stem of another in the same quiz: the first
    question's feedback would answer the second."""
    from psoas_edu.quiz.selection import statements

    for topic in ("clinical_anatomy", "trigger_points", "red_flags", "clinical", None):
        for seed in range(12):
            quiz = build_quiz(topic=topic, n=None if topic == "clinical_anatomy" else 10,
                              seed=seed, atlas=atlas())
            seen: dict[str, str] = {}
            for q in quiz:
                for text in statements(q):
                    assert text not in seen, (topic, seed, q.id, seen.get(text), text)
                    seen[text] = q.id


def test_statements_are_sentences_and_quotes_not_names_or_categories():
    from psoas_edu.quiz.model import Question, options_from
    from psoas_edu.quiz.selection import statements

    mechanism = Question(id="a", type="single_choice", topic="clinical_anatomy",
                         template="anatomy_mechanism", prompt="Which anatomy explains this?",
                         options=options_from(["The bursa lies under the tendon.",
                                               "psoas sign"]), answers=("a",))
    assert statements(mechanism) == {"the bursa lies under the tendon"}
    urgency = Question(id="b", type="single_choice", topic="red_flags",
                       template="red_flag_referral",
                       prompt="A client tells you: \u201cBack pain at night.\u201d How soon?",
                       options=options_from(["A doctor today.", "Emergency care now."]),
                       answers=("a",))
    assert statements(urgency) == {"back pain at night"}


def test_front_of_psoas_questions_never_offer_its_own_fascia():
    """'Which structure lies in front of, outside the fascia of, the psoas major?' with
    the iliac fascia among the options is answered by the stem's wording."""
    for seed in range(8):
        for q in generate_questions(atlas(), seed=seed, templates=["relation"]):
            if "outside the fascia" in q.prompt:
                assert not any("fascia" in o.text for o in q.options), (q.id, q.options)


def test_a_fascia_or_ligament_key_is_never_the_only_one_shown():
    """'Which structure covers the psoas major?' with the iliac fascia as the only
    sheet among vessels and organs is answered by kind, not by anatomy."""
    from psoas_edu.quiz.templates.relations import structure_kind

    asked = 0
    for seed in range(8):
        for q in generate_questions(atlas(), seed=seed, templates=["relation"]):
            kinds = [structure_kind(o.text) for o in q.options]
            if structure_kind(q.option_text(q.answers[0])) == "sheet":
                assert kinds.count("sheet") >= 2, (q.id, [o.text for o in q.options])
            asked += 1
    assert asked >= 8 * 10
    assert [structure_kind(s) for s in ("iliac fascia", "sympathetic trunk", "ureter",
                                        "lumbar arteries and veins; sympathetic trunk "
                                        "filaments", "inferior vena cava and abdominal aorta")
            ] == ["sheet", "nerve", "organ", "nerve", "vessel"]


def test_a_structure_is_not_named_inside_a_longer_word():
    from psoas_edu.quiz.templates.relations import _shares_name

    assert not _shares_name("femoral nerve", "genitofemoral nerve")
    assert _shares_name("femoral nerve", "femoral nerve (variant slip)")
    assert _shares_name("sympathetic trunk", "lumbar arteries and veins; sympathetic trunk")


def test_thomas_test_options_never_say_one_finding_twice():
    """Two findings pointing to the same muscles ('hip flexion contracture: short
    iliopsoas' and 'short or stiff one-joint hip flexors, chiefly iliopsoas') are struck
    out together by a student who sees they mean the same: one of them at most."""
    rows = list(atlas().assessment_findings.itertuples(index=False))
    muscles_of = {r.suggests: frozenset(str(r.muscle_ids).split(";")) for r in rows}
    for seed in range(8):
        for q in generate_questions(atlas(), seed=seed, templates=["thomas_sign"]):
            sets = [muscles_of[o.text] for o in q.options]
            assert len(sets) == len(set(sets)), (q.id, [o.text for o in q.options])


def _family(muscle_id):
    part_of = atlas().muscles.set_index("muscle_id")["part_of"]
    return part_of.get(muscle_id) or muscle_id


def test_a_whole_muscle_and_its_parts_never_meet_in_one_question():
    a = atlas()
    by_name = dict(zip(a.muscles["name"], a.muscles["muscle_id"], strict=True))
    for seed in range(10):
        for q in generate_questions(a, seed=seed, templates=["synergists", "antagonist"]):
            subject = q.id.split("_", 2)[2].split("__")[0]
            families = [_family(by_name[o.text]) for o in q.options] + [_family(subject)]
            assert len(families) == len(set(families)), (q.id, [o.text for o in q.options])


def test_a_quiz_asks_each_muscle_fact_once():
    """A matching item and a single question, or a bank and a generated question, on
    the same muscle and relation never meet; nor does a stem that states the answer of
    another (identify_muscle and insertion; synergists and actions)."""
    from psoas_edu.quiz.selection import fact_keys

    for seed in range(25):
        for topic in (None, "attachments", "innervation", "actions"):
            try:
                quiz = build_quiz(topic=topic, n=10, seed=seed, atlas=atlas())
            except ValueError:
                continue
            seen: dict = {}
            for q in quiz:
                for key in fact_keys(q) | {("about", x) for x in q.about}:
                    assert key not in seen, (seed, topic, key, seen.get(key), q.id)
                    seen[key] = q.id


def test_fact_keys_cover_matching_items_and_stems():
    from psoas_edu.quiz.selection import fact_keys

    qs = {q.template: q for q in questions(0) if q.muscle_ids}
    match = qs["match_nerve"]
    assert {("fact", m, "innervation") for m in match.muscle_ids} <= fact_keys(match)
    ident = qs["identify_muscle"]
    assert ("fact", ident.muscle_ids[0], "insertion") in fact_keys(ident)
    syn, action = qs["synergists"], qs["actions_all"]
    subject, joint, movement = syn.id.removeprefix("gen_synergists_").split("__")
    assert f"action:{subject}:{joint}:{movement}" in syn.about  # the stem states it
    assert all(x.startswith(f"action:{action.muscle_ids[0]}:") for x in action.about)


def _frame(prompt: str) -> str:
    """The wording around the quoted statement, its negation taken out: 'find no good
    evidence' and 'find good evidence' are one framing said two ways."""
    frame = re.sub(r"\u201c.*\u201d", "", prompt).strip()
    return re.sub(r"\b(no|not) |contradict", lambda m: "confirm" if m.group() == "contradict"
                  else "", frame)


def test_misconception_wording_does_not_give_the_key():
    """Each framing of a belief or its correction, whichever way it is said, is true
    about as often as false."""
    keys: dict[str, Counter] = defaultdict(Counter)
    for seed in range(30):
        for q in questions(seed):
            if q.template == "misconception" and q.type == "true_false":
                keys[_frame(q.prompt)][q.answers[0]] += 1
    assert keys
    for frame, counts in keys.items():
        share = counts["true"] / sum(counts.values())
        assert 0.25 <= share <= 0.75, (frame, dict(counts))


def test_feedback_makes_no_absolute_claim():
    for q in questions(0):
        assert not re.search(r"(^|\. )Only (the )?\w+( \w+)? (arises|inserts|is|acts|supplies)"
                             r"|does not act on", q.explanation), (q.id, q.explanation)


def test_clinical_stems_do_not_name_their_key():
    """'After a hip replacement' never points to the one option saying 'arthroplasty',
    nor 'the iliopsoas bursa' to the one saying 'bursitis'; options are of one kind
    (conditions, not a vessel beside the psoas)."""
    from psoas_edu.quiz.templates.safety import telltale_words

    for seed in range(10):
        for q in generate_questions(atlas(), seed=seed, topics=["clinical_anatomy"]):
            if q.template in ("anatomy_explains", "anatomy_picture"):
                key = q.option_text(q.answers[0])
                wrong = [o.text for o in q.options if o.key not in q.answers]
                assert not telltale_words(q.prompt, [key], wrong), (q.id, key)
                kinds = {"pulse" in o.text or "aorta" in o.text for o in q.options}
                assert len(kinds) == 1, (q.id, [o.text for o in q.options])


def test_evidence_items_are_neutral_and_explain_every_option():
    templates = [t for t in {q.template for q in questions(0)}
                 if t.endswith("_evidence") or t == "evidence_level"]
    for seed in range(5):
        for q in generate_questions(atlas(), seed=seed, templates=templates):
            assert "claimed" not in q.prompt.lower(), q.id
            shown = [o.text for o in q.options if o.key not in q.answers]
            if q.template in ("technique_evidence", "dosage_evidence", "evidence_level"):
                assert "anatomical fact" not in [t.lower() for t in shown], q.id
            for text in shown:
                assert text in q.explanation, (q.id, text)


def test_a_quiz_rates_each_technique_once():
    for seed in range(20):
        quiz = build_quiz(topic=["safety", "techniques"], n=15, seed=seed, atlas=atlas())
        about = [x for q in quiz for x in q.about]
        assert len(about) == len(set(about)), (seed, about)


def test_contraindication_feedback_is_the_asked_techniques_row():
    a = atlas()
    for q in generate_questions(a, seed=0, templates=["contraindication"]):
        condition, severity, technique = q.id.removeprefix("gen_contraindication_").split("__")
        rows = [r for r in a.contraindications.itertuples(index=False)
                if r.condition_id == condition and r.severity == severity
                and technique in r.applies_to]
        assert any(r.reason in q.explanation for r in rows), q.id


def test_the_review_page_lists_every_question_a_quiz_can_hold():
    reviewed = {q.id for q in questions(0)}
    for seed in range(40):
        for topic in (None, "relations", "actions"):
            quiz = build_quiz(topic=topic, n=10, seed=seed, atlas=atlas(), include_bank=False)
            missing = {q.id for q in quiz} - reviewed
            assert not missing, (seed, topic, missing)


def test_match_questions_offer_spare_choices():
    """Matching with choices that fit no item, so the last pair is not found by
    elimination."""
    matches = [q for q in questions(0) if q.template.startswith("match_")]
    spare = [q for q in matches if len(q.options) > len({p.answer for p in q.pairs})]
    assert matches and len(spare) >= 0.8 * len(matches), (len(spare), len(matches))


def test_label_diagrams_use_the_view_the_muscle_is_drawn_in():
    from psoas_edu.figures.attachments import choose_view

    for q in questions(0):
        if q.template == "label_attachments":
            muscle = q.muscle_ids[0]
            placed = set(atlas().landmark_positions.query("view == @q.figure.view")
                         ["landmark_id"])
            best = choose_view(atlas(), [muscle])
            if {m.landmark_id for m in q.figure.markers} <= placed:
                assert q.figure.view == best or best not in set(
                    atlas().landmark_positions["view"]), (q.id, q.figure.view, best)


def test_options_give_no_cue_by_form():
    """No qualifier marks an option, no two options read as one, and the key is
    seldom far longer or far shorter than every other option."""
    from psoas_edu.quiz.templates.base import near_identical, qualified

    odd = total = 0
    for seed in range(5):
        for q in generate_questions(atlas(), seed=seed, topics=["attachments", "innervation",
                                                                "relations", "actions"]):
            if q.type != "single_choice":
                continue
            texts = [o.text for o in q.options]
            assert not any(qualified(t) for t in texts), (q.id, texts)
            assert not any(near_identical(a, b) for a in texts for b in texts), (q.id, texts)
            key = q.option_text(q.answers[0])
            others = [len(t) for t in texts if t != key]
            total += 1
            odd += len(key) > 2.5 * max(others) or len(key) * 2.5 < min(others)
    assert odd <= 0.05 * total, (odd, total)


def test_wrong_arteries_come_from_the_subjects_level_and_name_one_vessel_once():
    from psoas_edu.quiz.templates.relations import _vessel, artery_levels

    rows = defaultdict(list)
    for r in atlas().blood_supply.itertuples(index=False):
        rows[r.muscle_id].append(r.artery)
    for seed in range(5):
        for q in generate_questions(atlas(), seed=seed, templates=["blood_supply"]):
            levels = {lv for a in rows[q.muscle_ids[0]] for lv in artery_levels(a)}
            texts = [o.text for o in q.options]
            assert len({_vessel(t) for t in texts}) == len(texts), (q.id, texts)
            for text in texts:
                assert artery_levels(text) & levels, (q.id, text)


def test_no_muscle_is_keyed_not_making_a_movement_another_rows_note_gives_it():
    """Gray 1918 p. 474, cited on the pectineus row, says the three adductors rotate
    the thigh outward: even without rows of their own, no adductor is keyed as not
    rotating the thigh laterally."""
    from dataclasses import replace

    a = atlas()
    adductors = a.actions["muscle_id"].str.startswith("adductor_")
    lateral = a.actions["movement"].eq("lateral_rotation")
    trimmed = replace(a, tables={**a.tables, "actions": a.actions[~(adductors & lateral)]
                                 .reset_index(drop=True)})
    for seed in range(12):
        for q in generate_questions(trimmed, seed=seed, topics=["actions", "synergists"]):
            wrong = [o.text.lower() for o in q.options if o.key not in q.answers]
            if q.template in ("action", "actions_all") and q.muscle_ids[0].startswith(
                    "adductor_"):
                assert not any("lateral rotation" in t for t in wrong), q.id
            if q.template == "synergists" and "lateral_rotation" in q.id:
                assert not any(t.startswith("adductor") for t in wrong), q.id


def test_a_floor_question_never_denies_a_muscle_a_row_puts_in_the_floor():
    """Gray 1918 pp. 626-627: adductor longus bounds the femoral triangle medially and
    also floors it; bounding a space never makes a muscle a wrong floor option."""
    a = atlas()
    names = dict(zip(a.muscles["muscle_id"], a.muscles["name"], strict=True))
    floor = defaultdict(set)
    for r in a.relations.itertuples(index=False):
        if r.relation == "forms_floor_of":
            floor[r.structure].add(names[r.muscle_id])
            floor[r.structure] |= {n for n in names.values()
                                   if n in r.description.lower().split(";")[0]}
    asked = 0
    for seed in range(8):
        for q in generate_questions(a, seed=seed, topics=["relations"]):
            if q.template != "floor_of":
                continue
            asked += 1
            space = next(s for s in floor if s in q.prompt)
            wrong = {o.text for o in q.options if o.key not in q.answers}
            assert not wrong & floor[space], (q.id, wrong & floor[space])
            assert len(wrong) >= 2, q.id
    assert asked


def test_a_referral_key_never_contradicts_its_own_rows_advice():
    """The fever row sends the very unwell to emergency care: 'Emergency care now'
    is then never a wrong option of its referral question."""
    a = atlas()
    advice = dict(zip(a.red_flags["sign"], a.red_flags["what_to_do"], strict=True))
    escalating = 0
    for q in generate_questions(a, seed=0, topics=["red_flags"]):
        if q.template != "red_flag_referral":
            continue
        sign = next(s for s in advice if s in q.prompt)
        wrong = {o.text for o in q.options if o.key not in q.answers}
        if "emergency" in advice[sign].lower() and "Emergency care now" not in {
                q.option_text(k) for k in q.answers}:
            escalating += 1
            assert "Emergency care now" not in wrong, q.id
    assert escalating


def test_an_evidence_key_agrees_with_every_row_on_the_same_claim():
    """A clinical note about a condition a red flag names is rated as that red flag."""
    a = atlas()
    notes = {r.fact_id: r for r in a.clinical_notes.itertuples(index=False)}
    flags = list(a.red_flags.itertuples(index=False))
    for q in generate_questions(a, seed=0):
        if not q.template.endswith("_evidence"):
            continue
        note = next((r for r in notes.values() if r.statement in q.prompt), None)
        if note is None:
            continue
        subject = note.subject.replace("_", " ").lower()
        for flag in flags:
            if subject in flag.may_signal.lower():
                assert flag.evidence_level == note.evidence_level, (q.id, flag.red_flag_id)


def test_notes_that_name_each_other_never_meet_in_a_quiz():
    """A palpation route whose note points to the EMG study that corrects its cue is
    rated in a quiz without that study beside it, and the other way round."""
    from psoas_edu.quiz.selection import conflict_keys

    a = atlas()
    notes = list(a.clinical_notes.itertuples(index=False))
    by_statement = {}
    for q in generate_questions(a, seed=0):
        if q.template.endswith("_evidence"):
            row = next((r for r in notes if r.statement in q.prompt), None)
            if row is not None:
                by_statement[row.fact_id] = q
    linked = [(r.fact_id, other) for r in notes for other in by_statement
              if other != r.fact_id and other in r.note and r.fact_id in by_statement]
    assert ("psoas_palpation_route", "psoas_palpation_cue_emg") in linked
    for first, second in linked:
        assert conflict_keys(by_statement[first]) & conflict_keys(by_statement[second]), (
            first, second)


def test_the_palpation_route_states_no_cue_the_emg_note_refutes():
    notes = atlas().clinical_notes.set_index("fact_id")
    assert "curl-up" not in notes.loc["psoas_palpation_route", "statement"]


def test_every_true_false_frame_occurs_with_both_keys():
    """A frame ('The course's references find no good evidence ...') whose key never
    changes answers its question before the statement is read."""
    keys = defaultdict(set)
    for seed in range(6):
        for q in questions(seed):
            if q.type == "true_false" and q.template == "misconception":
                frame = re.sub(r"\u201c.*\u201d", "", q.prompt).strip()
                keys[frame].add(q.answers[0])
    assert keys
    for frame, seen in keys.items():
        assert seen == {"true", "false"}, (frame, seen)


def test_a_quiz_asks_each_clinical_condition_once():
    """Explains, picture, mechanism and advice questions on one condition answer
    each other: a quiz holds one of them."""
    for seed in range(4):
        quiz = build_quiz(topic="clinical_anatomy", n=6, seed=seed)
        asked = Counter(q.id.split("__")[0].removeprefix(f"gen_{q.template}_")
                        for q in quiz.questions if q.template.startswith("anatomy_"))
        assert asked and max(asked.values()) == 1, asked


def test_a_name_the_muscle_clue_never_holds_a_word_of_its_name():
    """'Origin: iliac fossa ... name the muscle' is answered by the clue's words."""
    from psoas_edu.quiz.templates.base import name_stems

    a = atlas()
    muscles = a.muscles.set_index("muscle_id")
    asked = 0
    for q in generate_questions(a, seed=0, templates=["identify_muscle"]):
        row = muscles.loc[q.muscle_ids[0]]
        clue_stems = name_stems(q.prompt.removeprefix("Name the muscle."))
        assert not clue_stems & name_stems(row["name"], row["latin_name"]), q.id
        asked += 1
    assert asked >= 8


def test_website_only_rows_are_never_keys():
    """A fact whose note says no textbook read for the course states it is neither the
    key of an action, partner or blood-supply question nor a wrong option."""
    a = atlas()
    weak_actions = {(r.muscle_id, r.joint, r.movement) for r in a.actions.itertuples()
                    if "no textbook read" in str(r.note).lower()}
    weak_arteries = {(r.muscle_id, r.artery) for r in a.blood_supply.itertuples()
                     if "no textbook read" in str(r.note).lower()}
    assert weak_actions and weak_arteries
    names = dict(zip(a.movements["name"], zip(a.movements["joint"], a.movements["movement"],
                                              strict=True), strict=True))
    for seed in range(6):
        for q in generate_questions(a, seed=seed, templates=["action", "actions_all",
                                                             "blood_supply"]):
            m = q.muscle_ids[0]
            for text in q.correct_texts:
                if q.template == "blood_supply":
                    assert (m, text) not in weak_arteries, (q.id, text)
                else:
                    assert (m, *names[text]) not in weak_actions, (q.id, text)
        for q in generate_questions(a, seed=seed, templates=["synergists"]):
            subject, joint, movement = q.id.removeprefix("gen_synergists_").split("__")
            assert (subject, joint, movement) not in weak_actions, q.id


def test_a_hip_flexor_is_never_keyed_as_not_tilting_the_pelvis_forward():
    """With the thigh fixed a hip flexor tilts the pelvis forward: adductor brevis,
    a hip flexor in the course's data, is never a wrong option of an anterior-tilt
    synergist question."""
    a = atlas()
    by_name = dict(zip(a.muscles["name"], a.muscles["muscle_id"], strict=True))
    flexors = {r.muscle_id for r in a.actions.itertuples()
               if (r.joint, r.movement) == ("hip", "flexion")}
    extensors = {r.muscle_id for r in a.actions.itertuples()
                 if (r.joint, r.movement) == ("hip", "extension")}
    asked = 0
    for seed in range(8):
        for q in generate_questions(a, seed=seed, templates=["synergists"]):
            if "__pelvis__" not in q.id:
                continue
            same = flexors if "anterior_tilt" in q.id else extensors
            for o in q.options:
                if o.key not in q.answers:
                    assert by_name[o.text] not in same, (q.id, o.text)
            asked += 1
    assert asked >= 8


def test_dispute_feedback_reads_as_a_sentence():
    """'Sources differ on the roots: Whether ...' reads as a slip; the summary of a
    dispute, a 'whether' question, follows 'Sources differ on'."""
    from psoas_edu.quiz.templates.base import sources_differ

    assert sources_differ("Whether A or B.") == "Sources differ on whether A or B."
    assert sources_differ("Two views.", on="the roots") == "Sources differ on the roots: Two views."
    for q in questions(0):
        assert not re.search(r": (Whether|What|Which) ", q.explanation), q.id
        assert not re.search(r", when present [a-z]", q.explanation), q.id


def test_no_rotation_is_ever_a_wrong_action_option():
    """Which way a muscle rotates the hip depends on the hip's position and references
    disagree (the adductors: lateral rotators for Gray 1918, medial ones from the
    anatomical position for later texts): a rotation is never keyed 'not made'."""
    for seed in range(6):
        for q in generate_questions(atlas(), seed=seed, templates=["action", "actions_all"]):
            for o in q.options:
                if o.key not in q.answers:
                    assert "rotation" not in o.text, (q.id, o.text)


def test_one_set_of_matching_pairs_is_asked_once_per_quiz():
    """Matching items made for two muscles can hold the same pairs; a quiz asks them once."""
    for seed in range(10):
        quiz = build_quiz(topic=["innervation", "attachments"], n=20, seed=seed, atlas=atlas())
        sets = [frozenset((p.prompt, q.option_text(p.answer)) for p in q.pairs)
                for q in quiz if q.type == "matching"]
        assert len(sets) == len(set(sets)), seed


def test_psoas_is_never_keyed_as_not_extending_the_lumbar_spine():
    """Bogduk 1992 found psoas tends to extend the upper lumbar segments (the course's
    own note): 'lumbar extension' is never a wrong option for it."""
    for seed in range(6):
        for q in generate_questions(atlas(), seed=seed, templates=["action", "actions_all"]):
            if q.muscle_ids[0] == "psoas_major":
                assert not any("lumbar extension" in o.text for o in q.options
                               if o.key not in q.answers), q.id


def test_neighbours_that_lie_there_too_are_never_wrong_options():
    """'In front of or beside, outside the fascia': the sympathetic trunk, down the medial
    border, is beside psoas too; 'covers': the kidney, resting on it, could be read so."""
    rows = {r.relation_id: r for r in _relation_rows()}
    never = {"great_vessels_beside_psoas": "sympathetic trunk", "iliac_fascia_plane": "kidney"}
    asked = 0
    for seed in range(8):
        for q in generate_questions(atlas(), seed=seed, templates=["relation"]):
            subject = q.id.removeprefix("gen_relation_")
            if subject in never and subject in rows:
                asked += 1
                assert never[subject] not in [o.text for o in q.options], q.id
    assert asked


def test_an_occasional_supply_is_never_the_key_and_compression_never_wrong():
    for seed in range(6):
        for q in generate_questions(atlas(), seed=seed, templates=["nerve"]):
            assert "occasionally" not in q.option_text(q.answers[0]), q.id
        for q in generate_questions(atlas(), seed=seed, templates=["action", "actions_all"]):
            assert not any("compression" in o.text for o in q.options
                           if o.key not in q.answers), q.id


def test_rotation_partner_questions_offer_only_muscles_recorded_with_a_rotation():
    """A muscle not recorded with a hip rotation may make it in some position (biceps
    femoris, Kendall): it is never a wrong option of a rotation synergist question."""
    a = atlas()
    by_name = dict(zip(a.muscles["name"], a.muscles["muscle_id"], strict=True))
    rotators = {r.muscle_id for r in a.actions.itertuples() if "rotation" in r.movement}
    asked = 0
    for seed in range(6):
        for q in generate_questions(a, seed=seed, templates=["synergists", "antagonist"]):
            if "rotation" in q.id:
                asked += 1
                assert all(by_name[o.text] in rotators for o in q.options), q.id
    assert asked


def test_no_mimic_is_wrong_for_an_area_its_pain_reaches():
    """A femoral hernia low in the groin lies in the femoral triangle, the top of the
    front of the thigh; an aortic aneurysm's pain 'may spread to the legs': neither is a
    wrong answer to 'which can also cause pain in the front of the thigh?'."""
    from psoas_edu.quiz.templates.safety import _may_reach

    rows = {r.condition: r._asdict() for r in atlas().differentials.itertuples()}
    for row in rows.values():
        row["pain_areas"] = str(row["pain_areas"]).split(";")
    for seed in range(6):
        for q in generate_questions(atlas(), seed=seed, templates=["referral_mimic"]):
            area = "anterior thigh" if "anterior_upper_thigh" in q.id else (
                "groin" if "__groin__" in q.id or "_groin__" in q.id else "low back")
            for o in q.options:
                if o.key not in q.answers:
                    assert not _may_reach(rows[o.text], area), (q.id, o.text)


def test_evidence_questions_fill_at_most_a_third_of_a_mixed_quiz():
    for seed in range(10):
        quiz = build_quiz(n=12, seed=seed, atlas=atlas())
        rating = [q for q in quiz if q.template.endswith(("_evidence", "evidence_level"))
                  or (q.template == "misconception" and q.type == "single_choice")]
        assert len(rating) <= 4, (seed, [q.id for q in rating])


def test_a_routine_referral_is_never_argued_against_by_its_own_feedback():
    for seed in range(4):
        for q in generate_questions(atlas(), seed=seed, templates=["red_flag_referral"]):
            if q.correct_texts[0].startswith("A routine appointment"):
                assert "calls for a medical assessment" not in q.explanation, q.id


def test_a_disputed_floor_muscle_is_neither_key_nor_wrong_and_others_are_neighbours():
    """Adductor longus is floor for Gray 1918 and only the medial side for others: it is
    never asked either way; wrong options come from the groups around the triangle."""
    a = atlas()
    by_name = dict(zip(a.muscles["name"], a.muscles["muscle_id"], strict=True))
    group = dict(zip(a.muscles["muscle_id"], a.muscles["group"], strict=True))
    asked = 0
    for seed in range(8):
        for q in generate_questions(a, seed=seed, templates=["floor_of"]):
            asked += 1
            shown = [by_name[o.text] for o in q.options]
            assert "adductor_longus" not in shown, q.id
            assert not {group[m] for m in shown} & {"hamstrings", "gluteal"}, q.id
    assert asked
