"""Question templates on clinical tables: misconceptions, contraindications and
referred pain.

Only what the evidence supports is asked as fact: a misconception is false
or unsupported, its correction true; a contraindication is asked only when
its classification is established (anatomical fact or clinical consensus);
referral patterns are asked as what trigger-point references describe.
"""

from __future__ import annotations

import random

from ..facts import QuizFacts
from ..model import TRUE_FALSE_OPTIONS, Question, options_from
from .base import Template, _choice, _sources

__all__ = ["TEMPLATES"]


def _misconception(facts: QuizFacts, subject: str, qid: str,
                   rng: random.Random) -> Question | None:
    row = next(m for m in facts.misconceptions if m.misconception_id == subject)
    if row.verdict == "imprecise":
        return None  # right as far as it goes: neither true nor false is a fair answer
    ids = facts.evidence(row.source_ids)
    if row.verdict == "false":
        prompt = f"True or false: {row.claim}"
        verdict = "False: reliable sources contradict it."
    else:
        prompt = f"True or false: good evidence supports this claim. \u201c{row.claim}\u201d"
        verdict = "False: no good evidence supports it."
    return Question(qid, "true_false", prompt, options=TRUE_FALSE_OPTIONS, answers=("false",),
                    explanation=f"{verdict} {row.why} {row.correction}",
                    citation=facts.citation(ids), source_ids=ids, topic="misconceptions",
                    difficulty="easy", muscle_ids=row.muscle_ids, template="misconception")


def _correction(facts: QuizFacts, subject: str, qid: str,
                rng: random.Random) -> Question | None:
    """The correction of a false claim, asked as a true statement (one sentence only)."""
    row = next(m for m in facts.misconceptions if m.misconception_id == subject)
    text = row.correction.strip()
    if row.verdict != "false" or ". " in text or not text.endswith("."):
        return None
    ids = facts.evidence(row.source_ids)
    return Question(qid, "true_false", f"True or false: {text}", options=TRUE_FALSE_OPTIONS,
                    answers=("true",),
                    explanation=f"True. A common mistake is to say: \u201c{row.claim}\u201d "
                                f"{row.why}",
                    citation=facts.citation(ids), source_ids=ids, topic="misconceptions",
                    difficulty="easy", muscle_ids=row.muscle_ids, template="correction")


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
    return sorted(f"{c.condition_id}__{c.severity}" for c in facts.contraindications
                  if c.evidence_level in _ESTABLISHED)


def _contraindication(facts: QuizFacts, subject: str, qid: str,
                      rng: random.Random) -> Question | None:
    condition_id, severity = subject.split("__")
    row = next(c for c in facts.contraindications
               if c.condition_id == condition_id and c.severity == severity)
    # A technique named under two severities for one condition would have two answers.
    clashes = {t for c in facts.contraindications if c.condition_id == condition_id
               and c.severity != severity for t in c.techniques}
    techniques = sorted(t for t in row.techniques if t not in clashes)
    if not techniques:
        return None
    technique = rng.choice(techniques)
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
                   muscle_ids=tuple(m for m in sorted(facts.muscles)
                                    if facts.muscles[m].group == subject),
                   template="referral_main")


def _zones(facts: QuizFacts, rows: list) -> str:
    names = [facts.zone_names.get(r.zone_id, r.zone_id) for r in rows]
    return ", ".join(names) if names else "nowhere else"


TEMPLATES: tuple[Template, ...] = (
    Template("misconception", "misconceptions", "misconception", _misconception_subjects,
             _misconception),
    Template("correction", "misconceptions", "misconception", _misconception_subjects,
             _correction),
    Template("contraindication", "safety", "contraindication", _contraindication_subjects,
             _contraindication),
    Template("referral_main", "trigger_points", "referral zone", _referral_subjects,
             _referral_main),
)
