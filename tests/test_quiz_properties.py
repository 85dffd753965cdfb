"""Property tests: over many seeds, no generated question is unfair.

Each question is checked against the atlas tables directly (not through the
generator's helpers): the right options are true for the subject, no wrong
option is also true for it, no option appears twice, and disputed facts are
only asked with every side accepted.
"""

from __future__ import annotations

import functools
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas_edu import load_atlas
from psoas_edu.facts.roots import format_roots, parse_roots
from psoas_edu.quiz.generate import TEMPLATES, generate_questions
from psoas_edu.quiz.grade import match_short_answer
from psoas_edu.quiz.model import Question
from psoas_edu.quiz.templates import safety
from psoas_edu.quiz.templates.relations import relation_distractors, structure_label


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


@functools.cache
def course():
    """The atlas and plain lookups built from its DataFrames, independently of the
    generator (cached: hypothesis calls the test many times)."""
    atlas = load_atlas()
    return atlas, build_facts(atlas)


def build_facts(a):
    attachments = list(a.attachments.itertuples(index=False))
    actions = list(a.actions.itertuples(index=False))
    nerves = list(a.innervation.itertuples(index=False))
    movements = {(r.joint, r.movement): r for r in a.movements.itertuples(index=False)}
    muscles = {r.muscle_id: r for r in a.muscles.itertuples(index=False)}
    name_to_muscle = {r.name: r.muscle_id for r in muscles.values()}
    movement_by_name = {r.name: key for key, r in movements.items()}
    own_landmarks = defaultdict(set)
    for row in attachments:
        own_landmarks[row.muscle_id] |= set(row.landmark_ids)
    return {
        "attachments": attachments, "actions": actions, "nerves": nerves,
        "movements": movements, "muscles": muscles, "name_to_muscle": name_to_muscle,
        "movement_by_name": movement_by_name, "own_landmarks": own_landmarks,
        "landmark_names": dict(zip(a.landmarks["landmark_id"], a.landmarks["name"],
                                   strict=True)),
        "misconceptions": {r.misconception_id: r
                           for r in a.misconceptions.itertuples(index=False)},
        "contraindications": list(a.contraindications.itertuples(index=False)),
        "referrals": list(a.referral_patterns.itertuples(index=False)),
        "zones": dict(zip(a.referral_zones["name"], a.referral_zones["zone_id"], strict=True)),
        "blood_supply": list(a.blood_supply.itertuples(index=False)),
        "relations": {r.relation_id: r for r in a.relations.itertuples(index=False)},
        "findings": list(a.assessment_findings.itertuples(index=False)),
        "level_names": dict(zip(a.evidence_levels["evidence_level"], a.evidence_levels["name"],
                                strict=True)),
        "level_of": {**dict(zip(a.techniques["technique_id"], a.techniques["evidence_level"],
                                strict=True)),
                     **dict(zip(a.dosages["dose_id"], a.dosages["evidence_level"], strict=True)),
                     **dict(zip(a.clinical_notes["fact_id"], a.clinical_notes["evidence_level"],
                                strict=True)),
                     **dict(zip(a.trigger_points["trigger_point_id"],
                                a.trigger_points["evidence_level"], strict=True))},
    }


def _split_options(q: Question) -> tuple[list[str], list[str]]:
    right = [o.text for o in q.options if o.key in q.answers]
    wrong = [o.text for o in q.options if o.key not in q.answers]
    return right, wrong


def _acts(f, muscle, key, *, settled=False):
    return any(r.muscle_id == muscle and (r.joint, r.movement) == key
               and not (settled and r.dispute_id) for r in f["actions"])


def _check_attachment_choice(f, q: Question, end: str) -> None:
    subject = q.muscle_ids[0]
    right, wrong = _split_options(q)
    own_settled = {r.description for r in f["attachments"]
                   if r.muscle_id == subject and r.end == end and not r.dispute_id}
    assert right[0] in own_settled
    for text in wrong:
        rows = [r for r in f["attachments"] if r.description == text]
        assert rows, text
        for row in rows:
            assert row.muscle_id != subject
            assert not set(row.landmark_ids) & f["own_landmarks"][subject], (q.id, text)


def _check_match_attachment(f, q: Question, end: str) -> None:
    for pair in q.pairs:
        muscle = f["name_to_muscle"][pair.prompt]
        rows = [r for r in f["attachments"] if r.muscle_id == muscle and r.end == end]
        assert not any(r.dispute_id for r in rows)
        answer = q.option_text(pair.answer)
        assert all(r.description in answer for r in rows)
        for option in q.options:
            if option.key == pair.answer:
                continue
            others = [r for r in f["attachments"] if r.description in option.text
                      and r.end == end]
            assert others
            assert all(not set(r.landmark_ids) & f["own_landmarks"][muscle] for r in others)


def _check_actions(f, q: Question) -> None:
    subject = q.muscle_ids[0]
    right, wrong = _split_options(q)
    for text in right:
        assert _acts(f, subject, f["movement_by_name"][text], settled=True)
    for text in wrong:
        assert not _acts(f, subject, f["movement_by_name"][text]), (q.id, text)


def _check_partners(f, q: Question, kind: str) -> None:
    muscle, joint, movement = q.id.split("_", 2)[2].split("__")
    key = (joint, movement)
    assert q.muscle_ids[0] == muscle and _acts(f, muscle, key, settled=True)
    opposite = (joint, f["movements"][key].opposite)
    right, wrong = _split_options(q)
    same, other = (key, opposite) if kind == "synergists" else (opposite, key)
    for text in right:
        m = f["name_to_muscle"][text]
        assert m != muscle and _acts(f, m, same, settled=True)
    for text in wrong:
        m = f["name_to_muscle"][text]
        assert not _acts(f, m, same), (q.id, text)


def _nerve_rows(f, muscle):
    return [r for r in f["nerves"] if r.muscle_id == muscle]


def _check_nerve(f, q: Question) -> None:
    subject = q.muscle_ids[0]
    own = _nerve_rows(f, subject)
    right, wrong = _split_options(q)
    assert right[0] in {r.nerve for r in own}
    own_levels = {lv for r in own for lv in r.root_levels}
    for text in wrong:
        assert all(_norm(text) not in _norm(r.nerve) and _norm(r.nerve) not in _norm(text)
                   for r in own)
        rows = [r for r in f["nerves"] if r.nerve == text]
        generic = any(w in _norm(text) for w in ("plexus", "rami", "ramus", "branch"))
        if generic:
            assert all(not set(r.root_levels) & own_levels for r in rows), (q.id, text)


def _check_roots(f, q: Question, disputed: bool) -> None:
    subject = q.muscle_ids[0]
    own = _nerve_rows(f, subject)
    levels = {lv for r in own for lv in r.root_levels}
    right, wrong = _split_options(q)
    if disputed:
        dispute = q.id.split("__")[-1]
        sides = {format_roots(r.root_levels) for r in own if r.dispute_id == dispute}
        assert right and set(right) <= sides  # one side among wrong ones, or every side
        assert len(right) in (1, len(sides))
        assert q.disputed
    else:
        assert not any(r.dispute_id for r in own)
        assert right == [format_roots(tuple(levels))]
    for text in wrong:
        assert not set(parse_roots(text)) & levels, (q.id, text)


def _check_match_nerve(f, q: Question) -> None:
    for pair in q.pairs:
        muscle = f["name_to_muscle"][pair.prompt]
        assert {_norm(r.nerve) for r in _nerve_rows(f, muscle)} == {
            _norm(q.option_text(pair.answer))}


def _check_label(f, q: Question) -> None:
    subject = q.muscle_ids[0]
    settled = {lm for r in f["attachments"] if r.muscle_id == subject and not r.dispute_id
               for lm in r.landmark_ids}
    for pair, marker in zip(q.pairs, q.figure.markers, strict=True):
        assert marker.landmark_id in settled
        assert q.option_text(pair.answer) == f["landmark_names"][marker.landmark_id]
    markers = [(m.x, m.y) for m in q.figure.markers]
    assert all(abs(a[0] - b[0]) + abs(a[1] - b[1]) > 0 for i, a in enumerate(markers)
               for b in markers[i + 1:])


def _check_identify(f, q: Question) -> None:
    subject = q.muscle_ids[0]
    assert f["muscles"][subject].name in q.accepted
    for m, row in f["muscles"].items():
        if m != subject:
            for name in (row.name, row.latin_name, *row.synonyms):
                assert match_short_answer(name, q.accepted) is None, (q.id, name)


def _check_clinical(f, q: Question) -> None:
    if q.template == "misconception":
        row = f["misconceptions"][q.id.split("_", 2)[2]]
        # The statement shown (the belief, false, or its correction, true), or for an
        # unsupported belief its evidence level.
        holds = row.verdict == "false" and row.correction.strip() in q.prompt
        assert holds or row.claim in q.prompt, q.id
        if row.verdict != "false":  # an unsupported belief: its evidence level is asked
            assert tuple(q.correct_texts) == (f["level_names"][row.evidence_level],), q.id
            return
        assert "contradict" not in q.prompt, q.id  # no double negative
        assert q.answers == (("true",) if holds else ("false",)), q.id
        assert not set(q.source_ids) & set(row.claim_source_ids) - set(row.source_ids)
    elif q.template == "contraindication":
        condition, severity, technique = q.id.split("_", 2)[2].split("__")
        assert severity in q.option_text(q.answers[0]).lower()
        row = next(c for c in f["contraindications"]
                   if c.condition_id == condition and c.severity == severity)
        assert technique in row.applies_to
        assert row.evidence_level in ("anatomical_fact", "clinical_consensus")
    elif q.template == "referral_main":
        right, wrong = _split_options(q)
        group = q.id.split("_", 3)[3]
        rows = {r.zone_id: r for r in f["referrals"] if r.muscle_group == group}
        assert all(rows[f["zones"][t]].prominence == "main" for t in right)
        assert all(rows[f["zones"][t]].prominence == "secondary" for t in wrong)
    elif q.template == "referral_zone":
        group, zone = q.id.split("_", 3)[3].split("__")
        row = next(r for r in f["referrals"] if r.muscle_group == group and r.zone_id == zone)
        assert q.answers == (("true",) if row.prominence == "main" else ("false",))
    elif q.template == "blood_supply":
        right, wrong = _split_options(q)
        own = {_norm(r.artery) for r in f["blood_supply"] if r.muscle_id == q.muscle_ids[0]}
        assert _norm(right[0]) in own
        assert not {_norm(w) for w in wrong} & own, q.id
    elif q.template == "relation":
        row = f["relations"][q.id.split("_", 2)[2]]
        right, wrong = _split_options(q)
        label = structure_label(row.structure)
        assert right == [label] and label not in wrong
        rows = list(f["relations"].values())
        safe = {structure_label(s) for s in relation_distractors(rows, row)}
        assert set(wrong) <= safe, q.id
    elif q.template == "floor_of":
        right, wrong = _split_options(q)
        by_name = f["name_to_muscle"]
        floor = {r.muscle_id for r in f["relations"].values() if r.relation == "forms_floor_of"}
        assert {by_name[t] for t in right} <= floor and not {by_name[t] for t in wrong} & floor
    elif q.template == "thomas_sign":
        assessment, sign = q.id.split("_", 3)[3].split("__")
        row = next(r for r in f["findings"] if r.assessment == assessment and r.sign_id == sign)
        assert q.option_text(q.answers[0]) == row.suggests
    elif q.template.endswith("_evidence"):
        level = f["level_of"][q.id.split("_evidence_", 1)[1]]
        assert q.option_text(q.answers[0]) == f["level_names"][level]
    elif q.template not in {t.name for t in safety.TEMPLATES}:  # checked in test_quiz_safety
        raise AssertionError(f"no fairness check for template {q.template!r}")


def check_question(f, q: Question) -> None:
    """Assert that ``q`` is fair according to the atlas."""
    assert q.id.startswith("gen_") and q.explanation.strip() and q.citation.strip()
    texts = [_norm(o.text) for o in q.options]
    assert len(texts) == len(set(texts)), q.id
    if q.type in ("single_choice", "true_false"):
        assert len(q.answers) == 1
    template = q.template
    if template in ("origin", "insertion"):
        _check_attachment_choice(f, q, template)
    elif template in ("match_origin", "match_insertion"):
        _check_match_attachment(f, q, template.split("_")[1])
    elif template in ("action", "actions_all", "disputed_action"):
        _check_actions(f, q) if template != "disputed_action" else None
        if template == "disputed_action":
            assert q.disputed
            right, wrong = _split_options(q)
            for text in wrong:
                assert not _acts(f, q.muscle_ids[0], f["movement_by_name"][text])
    elif template in ("synergists", "antagonist"):
        _check_partners(f, q, template)
    elif template == "nerve":
        _check_nerve(f, q)
    elif template in ("roots", "disputed_roots"):
        _check_roots(f, q, template == "disputed_roots")
    elif template == "match_nerve":
        _check_match_nerve(f, q)
    elif template == "label_attachments":
        _check_label(f, q)
    elif template == "identify_muscle":
        _check_identify(f, q)
    elif template == "disputed_attachment":
        right, _ = _split_options(q)
        assert q.disputed and len(right) >= 1
    else:
        _check_clinical(f, q)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_no_generated_question_is_unfair(seed):
    atlas, facts = course()
    questions = generate_questions(atlas, seed=seed)
    assert questions
    for question in questions:
        check_question(facts, question)


def test_every_template_is_checked_by_this_file():
    """A new template must get its own fairness check above."""
    known = {"origin", "insertion", "match_origin", "match_insertion", "action",
             "actions_all", "disputed_action", "synergists", "antagonist", "nerve", "roots",
             "disputed_roots", "match_nerve", "label_attachments", "identify_muscle",
             "disputed_attachment", "misconception", "contraindication",
             "referral_main", "referral_zone", "blood_supply", "relation", "floor_of",
             "thomas_sign",
             "technique_evidence", "dosage_evidence", "trigger_points_evidence",
             "assessment_evidence", "techniques_evidence", "safety_evidence",
             "trigger_point_site_evidence"}
    # The clinical-layer templates are checked in test_quiz_safety.py.
    known |= {t.name for t in safety.TEMPLATES}
    assert {t.name for t in TEMPLATES} == known


def test_the_checker_catches_a_distractor_that_is_also_right():
    """Swap a wrong option for another true fact about the subject: the check fails."""
    atlas, facts = course()
    question = next(q for q in generate_questions(atlas, seed=3, templates=["actions_all"])
                    if len(q.answers) >= 2)
    right_key = question.answers[0]
    wrong_key = next(o.key for o in question.options if o.key not in question.answers)
    tampered = Question(**{**question.__dict__,
                           "answers": tuple(k for k in question.answers if k != right_key)
                           + (wrong_key,)})
    with pytest.raises(AssertionError):
        check_question(facts, tampered)
