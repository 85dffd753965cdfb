"""Question templates on how strong the evidence is: for techniques, dosages and the
clinical statements notebooks 03 to 05 teach (symptoms, causes, assessment, prevention).

The key is the evidence level stored on the row; the wrong options are the other
levels, so a student practises telling a tested fact from a practitioner's report.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from ..facts import QuizFacts
from ..model import Question
from .base import Template, _choice

__all__ = ["TEMPLATES", "ask_level"]

#: Clinical-note topics asked under each quiz topic.
_NOTE_TOPICS = {
    "trigger_points": ("symptom", "cause", "perpetuating_factor", "model"),
    "assessment": ("assessment",),
    "techniques": ("prevention",),
    "safety": ("safety", "red_flag"),
}


def _levels(facts: QuizFacts) -> dict[str, str]:
    return {r.evidence_level: r.name for r in facts.rows("evidence_levels")}


#: Levels never offered for what a practitioner does: a technique's effect is never an
#: anatomical fact, so that option would be eliminated at sight.
_NOT_FOR_PRACTICE = ("anatomical_fact", "contradicted")


def neutral_purpose(purpose: str) -> str:
    """'Claimed to ease X.' -> 'ease X': a stem saying 'claimed' would point to the
    practitioner-claim level."""
    text = re.sub(r"^(claimed|said|thought|believed|meant|intended|used) to ", "",
                  purpose.strip().rstrip("."), flags=re.IGNORECASE)
    return text[:1].lower() + text[1:]


def ask_level(facts: QuizFacts, qid: str, rng: random.Random, prompt: str, level: str,
         source_ids: tuple[str, ...], topic: str, template: str, *,
         practice: bool = False, about: tuple[str, ...] = ()) -> Question | None:
    names = _levels(facts)
    if level not in names:
        return None
    ids = facts.evidence(source_ids)
    meaning = {r.evidence_level: r.meaning for r in facts.rows("evidence_levels")}
    # Neighbouring levels are the ones a student confuses; "anatomical fact" is no
    # plausible option for a practitioner's claim.
    ranks = {r.evidence_level: int(r.rank) for r in facts.rows("evidence_levels")}
    never = _NOT_FOR_PRACTICE if practice else ("contradicted",)
    near = [names[x] for x in names if x != level and x not in never
            and abs(ranks[x] - ranks[level]) <= 2]
    far = [names[x] for x in names if x != level and x not in never
           and abs(ranks[x] - ranks[level]) == 3]
    by_name = {name: key for key, name in names.items()}
    return _choice(qid, rng, prompt, [names[level]], [near, far],
                   explanation=f"The course rates it '{names[level]}': {meaning[level]}",
                   why=lambda t: f"Not '{t}': that level means {_lower(meaning[by_name[t]])}",
                   citation=facts.citation(ids), source_ids=ids, about=about,
                   topic=topic, difficulty="medium", template=template)


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _technique_subjects(facts: QuizFacts) -> list[str]:
    return sorted(r.technique_id for r in facts.rows("techniques") if not r.dispute_id)


def _technique(facts: QuizFacts, subject: str, qid: str, rng: random.Random) -> Question | None:
    row = next(r for r in facts.rows("techniques") if r.technique_id == subject)
    return ask_level(facts, qid, rng, f"How strong is the evidence that {row.name} can "
                f"{neutral_purpose(row.purpose)}?", row.evidence_level, tuple(row.source_ids),
                "techniques", "technique_evidence", practice=True, about=(subject,))


def _dosage_subjects(facts: QuizFacts) -> list[str]:
    return sorted(r.dose_id for r in facts.rows("dosages"))


def _dosage(facts: QuizFacts, subject: str, qid: str, rng: random.Random) -> Question | None:
    row = next(r for r in facts.rows("dosages") if r.dose_id == subject)
    names = {r.technique_id: r.name for r in facts.rows("techniques")}
    named = [names.get(t, t.replace("_", " ")) for t in row.technique_ids]
    techniques = " and ".join([", ".join(named[:-1]), named[-1]] if len(named) > 1 else named)
    return ask_level(facts, qid, rng,
                f"How strong is the evidence for this dose ({row.parameter.replace('_', ' ')}"
                f" for {techniques}): \u201c{row.value}\u201d?",
                row.evidence_level, tuple(row.source_ids), "techniques", "dosage_evidence",
                practice=True)


def rated_otherwise(facts: QuizFacts, row) -> bool:
    """Whether a red-flag row about the note's subject (named in what it may signal)
    carries another evidence level: the course would then rate one claim two ways,
    and a key from either row contradicts the other."""
    subject = row.subject.replace("_", " ").lower()
    return any(subject in flag.may_signal.lower() and flag.evidence_level != row.evidence_level
               for flag in facts.rows("red_flags"))


def _note_subjects(topic: str) -> Callable[[QuizFacts], list[str]]:
    def subjects(facts: QuizFacts) -> list[str]:
        return sorted(r.fact_id for r in facts.rows("clinical_notes")
                      if r.topic in _NOTE_TOPICS[topic] and not r.dispute_id
                      and not rated_otherwise(facts, r))
    return subjects


def _note_keys(facts: QuizFacts, row) -> tuple[str, ...]:
    """A note's own key and the keys of the notes its note column names: a note that
    qualifies another (a palpation route and the study that corrects its cue) never
    stands in one quiz with it."""
    ids = {r.fact_id for r in facts.rows("clinical_notes")}
    named = {fid for fid in ids if fid != row.fact_id and fid in row.note}
    technique = (row.subject,) if row.subject in facts.technique_names else ()
    return (*technique, *sorted(f"note:{fid}" for fid in named | {row.fact_id}))


def _note(topic: str) -> Callable[..., Question | None]:
    def build(facts: QuizFacts, subject: str, qid: str, rng: random.Random) -> Question | None:
        row = next(r for r in facts.rows("clinical_notes") if r.fact_id == subject)
        # A symptom alone is no claim: the claim is that trigger points cause it.
        ask = ("How strong is the evidence that iliopsoas trigger points cause this?"
               if row.topic == "symptom" else "How strong is the evidence for this statement?")
        return ask_level(facts, qid, rng, f"{ask} \u201c{row.statement}\u201d",
                    row.evidence_level, tuple(row.source_ids),
                    topic, f"{topic}_evidence",
                    about=_note_keys(facts, row))
    return build


def _site_subjects(facts: QuizFacts) -> list[str]:
    return sorted(r.trigger_point_id for r in facts.rows("trigger_points") if not r.dispute_id)


def _site(facts: QuizFacts, subject: str, qid: str, rng: random.Random) -> Question | None:
    """How strong the evidence is for where a trigger point lies."""
    row = next(r for r in facts.rows("trigger_points") if r.trigger_point_id == subject)
    return ask_level(facts, qid, rng, "Trigger-point references place an iliopsoas trigger point "
                f"here: \u201c{row.location}\u201d How strong is the evidence for that "
                "location?", row.evidence_level, tuple(row.source_ids), "trigger_points",
                "trigger_point_site_evidence")


TEMPLATES: tuple[Template, ...] = (
    Template("technique_evidence", "techniques", "evidence level", _technique_subjects,
             _technique),
    Template("dosage_evidence", "techniques", "evidence level", _dosage_subjects, _dosage),
    Template("trigger_point_site_evidence", "trigger_points", "evidence level",
             _site_subjects, _site),
    *(Template(f"{topic}_evidence", topic, "evidence level", _note_subjects(topic), _note(topic))
      for topic in _NOTE_TOPICS),
)
