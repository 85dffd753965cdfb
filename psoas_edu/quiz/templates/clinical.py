"""Question templates on clinical tables: misconceptions, contraindications and
referred pain.

Only what the evidence supports is asked as fact: a misconception is false
or unsupported, its correction true; a contraindication is asked only when
its classification is established (anatomical fact or clinical consensus);
referral patterns are asked as what trigger-point references describe.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from ..facts import QuizFacts
from ..model import TRUE_FALSE_OPTIONS, Question, options_from
from .base import Template, _choice, _sources
from .evidence import ask_level

__all__ = ["TEMPLATES"]


#: One plain frame: the statement is true when the references confirm it. (A frame
#: saying the references *contradict* a statement made a double negative of every
#: correction: "false" meant "the references do not contradict this true fact".)
_FRAME = "True or false, according to the course's references?"


def _misconception(facts: QuizFacts, subject: str, qid: str,
                   rng: random.Random) -> Question | None:
    """A common belief, or its correction, as a true/false statement in a neutral frame.

    A belief the references contradict is shown as itself (false) or as its
    correction (true), the seed choosing, so the key is true about as often as
    false; an unsupported belief is asked as its evidence level. One question per
    belief keeps a belief and its correction apart."""
    row = facts.memo(("misconceptions",), lambda: {
        m.misconception_id: m for m in facts.misconceptions})[subject]
    if row.verdict == "imprecise":
        return None  # right as far as it goes: neither true nor false is a fair answer
    ids = facts.evidence(row.source_ids)
    correction = row.correction.strip()
    # A correction that reports a disagreement is not a plain true statement.
    settled = not re.search(r"disput|disagree|\bvar(y|ies)\b", correction.lower())
    if row.verdict == "false":
        shows_correction = bool(correction) and settled and rng.random() < 0.5
        statement = correction if shows_correction else row.claim
        truth = shows_correction
        why = (f"The statement is {'the correction' if shows_correction else 'a common belief'}"
               f"; the references contradict the belief \u201c{row.claim}\u201d {row.why} "
               + ("" if shows_correction else correction))
    else:
        # Every unsupported claim would be "no good evidence": a true/false frame on
        # it has one answer, so the student rates how strong its evidence is instead.
        question = ask_level(facts, qid, rng, "How strong is the evidence for this "
                             f"claim? \u201c{row.claim}\u201d", row.evidence_level,
                             tuple(row.source_ids), "misconceptions", "misconception",
                             practice=True)
        if question is None:
            return None
        return replace(question, explanation=f"{question.explanation} {row.why} "
                       f"{correction}".strip(), muscle_ids=row.muscle_ids, difficulty="easy")
    return Question(qid, "true_false", f"{_FRAME} \u201c{statement}\u201d",
                    options=TRUE_FALSE_OPTIONS, answers=("true" if truth else "false",),
                    explanation=f"{'True' if truth else 'False'}. {why}".strip(),
                    citation=facts.citation(ids), source_ids=ids, topic="misconceptions",
                    difficulty="easy", muscle_ids=row.muscle_ids, template="misconception")


def _misconception_subjects(facts: QuizFacts) -> list[str]:
    return sorted(m.misconception_id for m in facts.misconceptions)


#: Contraindication rows are asked only when their classification is established.
_ESTABLISHED = ("anatomical_fact", "clinical_consensus")
_SEVERITY_TEXT = {
    "absolute": "Never use it (absolute contraindication)",
    "relative": "Only with medical clearance or changes (relative contraindication)",
    "caution": "Allowed with care (caution)",
}


def _contraindication_subjects(facts: QuizFacts) -> list[str]:
    """One subject per condition and technique it names (condition__severity__technique)."""
    return sorted(f"{c.condition_id}__{c.severity}__{t}" for c in facts.contraindications
                  if c.evidence_level in _ESTABLISHED for t in c.techniques)


def _contraindication(facts: QuizFacts, subject: str, qid: str,
                      rng: random.Random) -> Question | None:
    condition_id, severity, technique = subject.split("__")
    # The row naming this technique: one condition may have several rows of one
    # severity, each with its own reason (needling, abdominal pressure).
    row = next((c for c in facts.contraindications if c.condition_id == condition_id
                and c.severity == severity and technique in c.techniques), None)
    if row is None:
        return None
    # A technique named under two severities for one condition would have two answers.
    if any(technique in c.techniques for c in facts.contraindications
           if c.condition_id == condition_id and c.severity != severity):
        return None
    technique_name = facts.technique_names.get(technique, technique.replace("_", " "))
    ids = facts.evidence(row.source_ids)
    level = facts.evidence_names.get(row.evidence_level, row.evidence_level)
    options = options_from(_SEVERITY_TEXT.values())
    answer = next(o.key for o in options if o.text == _SEVERITY_TEXT[severity])
    return Question(
        qid, "single_choice",
        f"A person has this condition: {row.condition}. What does it mean for "
        f"{technique_name}?",
        options=options, answers=(answer,),
        explanation=(f"{_SEVERITY_TEXT[severity]} (evidence: {level}). {row.reason}"),
        citation=facts.citation(ids), source_ids=ids, topic="safety", difficulty="medium",
        template="contraindication")


def _referral_subjects(facts: QuizFacts) -> list[str]:
    return sorted({r.group for r in facts.referrals})


def _referral_main(facts: QuizFacts, subject: str, qid: str,
                   rng: random.Random) -> Question | None:
    """Which zones are the core of a group's referral pattern (the rest are 'also')."""
    rows = [r for r in facts.referrals if r.group == subject and not r.dispute_id]
    main = [r for r in rows if r.prominence == "main"]
    secondary = [r for r in rows if r.prominence == "secondary"]
    if not main:
        return None
    ids = facts.evidence(_sources(main))
    group = subject.replace("_", " ")
    level = facts.evidence_names.get(main[0].evidence_level, main[0].evidence_level)
    explanation = (f"Trigger-point references describe {group} referred pain mainly "
                   f"{_zones(facts, main)}, and also {_zones(facts, secondary)}. The evidence "
                   f"level is '{level}': it is what practitioners report, not a tested fact.")
    return _choice(qid, rng,
                   f"Trigger-point references describe where {group} trigger points refer "
                   "pain. Select every zone they name as the main area (not the 'also' areas).",
                   [facts.zone_names.get(r.zone_id, r.zone_id) for r in main],
                   [facts.zone_names.get(r.zone_id, r.zone_id) for r in secondary],
                   multiple=True, explanation=explanation, citation=facts.citation(ids),
                   source_ids=ids, topic="trigger_points", points=2, difficulty="medium",
                   muscle_ids=facts.muscles_in_group.get(subject, ()),
                   template="referral_main")


def _zones(facts: QuizFacts, rows: list) -> str:
    names = [facts.zone_names.get(r.zone_id, r.zone_id) for r in rows]
    return ", ".join(names) if names else "nowhere else"


def _referral_zone_subjects(facts: QuizFacts) -> list[str]:
    return sorted(f"{r.group}__{r.zone_id}" for r in facts.referrals
                  if not r.dispute_id and r.prominence in ("main", "secondary"))


def _referral_zone(facts: QuizFacts, subject: str, qid: str,
                   rng: random.Random) -> Question | None:
    """True/false: a zone is a main area of a group's referred pain (secondary ones are
    false), as trigger-point references describe it."""
    group, zone = subject.split("__")
    row = next(r for r in facts.referrals if r.group == group and r.zone_id == zone)
    name = facts.zone_names.get(zone, zone.replace("_", " "))
    label = group.replace("_", " ")
    ids = facts.evidence(row.source_ids)
    main = row.prominence == "main"
    level = facts.evidence_names.get(row.evidence_level, row.evidence_level)
    return Question(qid, "true_false",
                    f"True or false: trigger-point references name \u201c{name}\u201d as a "
                    f"main area of {label} referred pain.",
                    options=TRUE_FALSE_OPTIONS, answers=("true" if main else "false",),
                    explanation=(f"{'True' if main else 'False'}: they describe \u201c{name}\u201d "
                                 f"as {'a main' if main else 'an additional (not a main)'} area. "
                                 f"Evidence level: {level}; what practitioners report, not a "
                                 "tested fact."),
                    citation=facts.citation(ids), source_ids=ids, topic="trigger_points",
                    difficulty="medium", template="referral_zone")


TEMPLATES: tuple[Template, ...] = (
    Template("misconception", "misconceptions", "misconception", _misconception_subjects,
             _misconception),
    Template("contraindication", "safety", "contraindication", _contraindication_subjects,
             _contraindication),
    Template("referral_main", "trigger_points", "referral zone", _referral_subjects,
             _referral_main),
    Template("referral_zone", "trigger_points", "referral zone", _referral_zone_subjects,
             _referral_zone),
)
