"""Question templates on the clinical layer: red flags, differential diagnosis, clinical
anatomy, contraindications and evidence levels.

Every question's explanation says why the right answer is right and why each wrong
option shown is wrong. Wrong options are dropped when they would give the answer
away by sharing a word with the question that no other option shares (see
:func:`telltale_words`); a question that cannot be made fair is not asked.
True/false questions alternate true and false over their sorted subjects, so half of
them are true.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..facts import QuizFacts
from ..model import TRUE_FALSE_OPTIONS, Question, options_from
from .base import Template, _cap, name_stems

__all__ = ["TEMPLATES", "telltale_words"]

_MAX_WRONG = 3
#: Evidence levels a question may offer for a claim (``contradicted`` is for misconceptions).
_CLAIM_LEVELS = ("anatomical_fact", "clinical_consensus", "limited_evidence",
                 "practitioner_claim", "belief_without_evidence")
_REFERRAL_OPTIONS = {
    "emergency": "Emergency care now",
    "same_day": "A doctor today",
    "before_treatment": "A doctor within days, before any treatment",
    "routine": "A routine appointment; exercise can go on meanwhile",
}
_SEVERITY_TEXT = {"absolute": "an absolute contraindication (never)",
                  "relative": "a relative contraindication (only with medical clearance)",
                  "caution": "a caution (allowed with care)"}
#: Short words and common words never count as telltales.
_COMMON = frozenset({
    "about", "above", "after", "again", "against", "along", "among", "another", "around",
    "before", "being", "below", "between", "both", "could", "does", "doing", "during", "each",
    "either", "every", "first", "from", "have", "having", "into", "itself", "just", "later",
    "lying", "more", "most", "much", "must", "never", "often", "only", "other", "over", "same",
    "should", "since", "some", "such", "than", "that", "their", "them", "then", "there",
    "these", "they", "this", "those", "through", "under", "until", "very", "what", "when",
    "where", "which", "while", "with", "within", "without", "would", "your",
})


#: Words that name one thing, by their first five letters: a stem saying "after a hip
#: replacement" points to "arthroplasty", "the iliopsoas bursa" to "bursitis".
_SAME_THING = {"bursi": "bursa", "arthr": "repla", "prost": "repla", "haema": "bleed",
               "avuls": "pulle", "salta": "snapp",
               "iliop": "psoas"}  # the iliopsoas holds the psoas: one name to a student


def _words(text: str) -> set[str]:
    """Content words of ``text``, compared by their first five letters (so 'claimed'
    and 'claim' match), words for one thing made one."""
    return {_SAME_THING.get(w[:5], w[:5]) for w in re.findall(r"[a-z]+", text.lower())
            if len(w) >= 5 and w not in _COMMON}


def telltale_words(stem: str, right: Iterable[str], wrong: Iterable[str]) -> set[str]:
    """Words of ``stem`` that a right option shares and no wrong option does.

    Such a word lets a student match the answer to the question without knowing it.

    Parameters
    ----------
    stem
        The question as the student reads it.
    right, wrong
        Option texts.

    Returns
    -------
    set of str
        The shared words (five-letter prefixes); empty when the options are fair.
    """
    in_wrong = set().union(*(_words(w) for w in wrong))
    in_right = set().union(*(_words(r) for r in right))
    return (_words(stem) & in_right) - in_wrong


def _fair_wrong(stem: str, right: str, wrong: Sequence[str], rng: random.Random,
                keep_together: frozenset[str] = frozenset()) -> list[str] | None:
    """Up to three wrong options that give nothing away, or None if that is impossible.

    When the right option shares words with the stem, wrong options sharing those words
    are taken first, so the words no longer point to the answer. Options are kept only
    if they agree with the right one on containing a word of ``keep_together`` (the
    muscle's name), so that word cannot single the answer in or out.
    """
    def named(text: str) -> bool:
        return bool(_words(text) & keep_together)

    pool = sorted(w for w in set(wrong) - {right} if named(w) == named(right))
    rng.shuffle(pool)
    chosen: list[str] = []
    for word in sorted(_words(stem) & _words(right)):
        if not any(word in _words(w) for w in chosen):
            cover = next((w for w in pool if word in _words(w) and w not in chosen), None)
            if cover is not None:
                chosen.append(cover)
    chosen += [w for w in pool if w not in chosen][:max(0, _MAX_WRONG - len(chosen))]
    chosen = chosen[:_MAX_WRONG]
    if _closest_is_right(stem, right, chosen):
        # Swap in the wrong option closest to the stem, so closeness points nowhere.
        closest = max((w for w in pool if w not in chosen), default=None,
                      key=lambda w: len(_stems(w) & _stems(stem) & _stems(right)))
        if closest is not None:
            chosen[-1] = closest
    if (len(chosen) < 2 or telltale_words(stem, [right], chosen)
            or _closest_is_right(stem, right, chosen)):
        return None
    return chosen


def _stems(text: str) -> frozenset[str]:
    """Four-letter stems of the content words of ``text`` ('bursa' and 'bursitis' share
    'burs'); common words such as 'with' and 'within' are left out."""
    return name_stems(" ".join(w for w in re.findall(r"[a-z]+", text.lower())
                               if w not in _COMMON))


def _closest_is_right(stem: str, right: str, wrong: Sequence[str]) -> bool:
    """Whether a student could match the right option to the question by words: it
    alone shares a word stem with the question ('bursa' in the stem, 'bursitis' in one
    option only), or it shares the most stems."""
    words = _stems(stem)
    mine = _stems(right) & words
    theirs = [_stems(w) & words for w in wrong]
    if mine - set().union(*theirs):
        return True
    return bool(mine) and all(len(t) < len(mine) for t in theirs)


def _single(qid: str, rng: random.Random, stem: str, right: str, wrong: Sequence[str],
            why_right: str, why_wrong: dict[str, str], *,
            keep_together: frozenset[str] = frozenset(), **fields: object
            ) -> Question | None:
    """A single choice question whose explanation answers every wrong option shown."""
    chosen = _fair_wrong(stem, right, wrong, rng, keep_together)
    if chosen is None:
        return None
    texts = [right, *chosen]
    rng.shuffle(texts)
    options = options_from(texts)
    answer = next(o.key for o in options if o.text == right)
    others = " ".join(f"Not \u201c{w}\u201d: {why_wrong[w]}" for w in chosen)
    return Question(qid, "single_choice", stem, options=options, answers=(answer,),
                    explanation=f"{why_right} {others}", **fields)


def _cite(facts: QuizFacts, source_ids: Sequence[str]) -> dict[str, object]:
    ids = facts.evidence(tuple(source_ids))
    return {"citation": facts.citation(ids), "source_ids": ids}


def _records(facts: QuizFacts, table: str) -> list[dict]:
    """A table's rows as dicts, built once per index (read them, never change them)."""
    atlas = facts.atlas
    if atlas is None or table not in atlas.tables:
        return []
    return facts.memo(("records", table), lambda: atlas.tables[table].to_dict("records"))


def _row(facts: QuizFacts, table: str, column: str, value: str) -> dict:
    return next(r for r in _records(facts, table) if r[column] == value)


# --- red flags ------------------------------------------------------------------------

def _red_flag_subjects(facts: QuizFacts) -> list[str]:
    return sorted(r["red_flag_id"] for r in _records(facts, "red_flags"))


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:].rstrip(".")


def _referral_reason(right: str, wrong: str, signal: str) -> str:
    if right == "emergency":
        return (f"{_lower(signal)} can get worse within hours, so waiting for "
                f"{'a doctor later today' if wrong == 'same_day' else 'an appointment'} "
                "loses time it does not allow.")
    if right == "same_day":
        if wrong == "emergency":
            return ("the references ask for a doctor the same day; emergency care is for "
                    "the emergency signs, such as bladder or bowel changes.")
        return f"waiting days is too slow: {_lower(signal)} needs a doctor today."
    if right == "routine":
        return (f"{_lower(signal)} is not urgent on its own: a routine appointment is "
                "enough, and exercise can go on meanwhile.")
    if wrong == "routine":
        return ("it calls for a medical assessment before any release work, not only an "
                "appointment while the work goes on.")
    return (f"on its own this sign is not {'an emergency' if wrong == 'emergency' else 'urgent'}"
            "; it calls for a medical assessment before any release work.")


def _red_flag_referral(facts: QuizFacts, subject: str, qid: str,
                       rng: random.Random) -> Question | None:
    row = _row(facts, "red_flags", "red_flag_id", subject)
    stem = f"A client tells you: \u201c{row['sign']}\u201d How soon must they see a doctor?"
    right = _REFERRAL_OPTIONS[row["referral"]]
    # A row that sends some cases to emergency care ("if very unwell ... EMERGENCY")
    # cannot key "Emergency care now" as wrong.
    escalates = "emergency" in row["what_to_do"].lower()
    wrong = {text: _referral_reason(row["referral"], speed, row["may_signal"])
             for speed, text in _REFERRAL_OPTIONS.items() if speed != row["referral"]
             and not (speed == "emergency" and escalates)}
    why = f"{right}: it may signal {_lower(row['may_signal'])}. {row['what_to_do']}"
    return _single(qid, rng, stem, right, list(wrong), why, wrong, topic="red_flags",
                   difficulty="medium", template="red_flag_referral", about=(subject,),
                   **_cite(facts, row["source_ids"]))


# --- differential diagnosis ----------------------------------------------------------

def _differential_subjects(facts: QuizFacts) -> list[str]:
    return sorted(r["condition_id"] for r in _records(facts, "differentials"))


def _differential(facts: QuizFacts, subject: str, qid: str,
                  rng: random.Random) -> Question | None:
    rows = {r["condition_id"]: r for r in _records(facts, "differentials")}
    row = rows[subject]
    stem = ("A client asks for trigger-point work. Which condition does this picture point "
            f"to instead? \u201c{row['distinguishing_features']}\u201d")
    why_wrong = {r["condition"]: f"it would show: {r['distinguishing_features']}"
                 for r in rows.values() if r["condition_id"] != subject}
    why = (f"{_cap(row['condition'])}: "
           f"{_REFERRAL_OPTIONS[row['referral']].lower()}.")
    return _single(qid, rng, stem, row["condition"], list(why_wrong), why, why_wrong,
                   topic="red_flags", difficulty="hard", template="differential",
                   **_cite(facts, row["source_ids"]))


# --- conditions that mimic referred pain -----------------------------------------------

#: The pain area of differentials.csv that each referral zone lies in.
_ZONE_AREA = {"lumbar_paraspinal": "low back", "groin": "groin",
              "anterior_upper_thigh": "anterior thigh"}


#: Areas that touch: a femoral hernia low in the groin lies in the femoral triangle, the
#: top of the front of the thigh, so groin pain is never "not the anterior thigh".
_TOUCHING_AREAS = {"groin": ("anterior thigh",), "anterior thigh": ("groin",),
                   "low back": ("flank",), "flank": ("low back",)}

#: Words in a condition's picture that take its pain further than its listed areas.
_SPREADS_TO = {"anterior thigh": re.compile(r"\b(legs?|thigh)\b"),
               "groin": re.compile(r"\bgroin\b"), "low back": re.compile(r"\bback\b")}


def _may_reach(row: dict, area: str) -> bool:
    """Whether a condition's pain may be felt in ``area``: listed there or in a touching
    area, or its picture says it spreads there. Only conditions that cannot are wrong
    options of "which can also cause pain there?"."""
    areas = set(row["pain_areas"])
    if area in areas or areas & set(_TOUCHING_AREAS.get(area, ())):
        return True
    spread = _SPREADS_TO.get(area)
    return bool(spread and spread.search(row["distinguishing_features"].lower()))


def _and(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)


def _mimic_subjects(facts: QuizFacts) -> list[str]:
    """zone__condition: a zone of referred pain and a condition listing pain there,
    where at least two conditions list no pain there (the wrong options)."""
    conditions = _records(facts, "differentials")
    subjects = []
    for zone in sorted({r.zone_id for r in facts.referrals if not r.dispute_id}):
        area = _ZONE_AREA.get(zone)
        there = [r["condition_id"] for r in conditions if area in r["pain_areas"]]
        if area and sum(not _may_reach(r, area) for r in conditions) >= 2:
            subjects += [f"{zone}__{c}" for c in there]
    return sorted(subjects)


def _mimic(facts: QuizFacts, subject: str, qid: str, rng: random.Random) -> Question | None:
    """A zone of iliopsoas referred pain: which condition can also cause pain there."""
    zone, condition_id = subject.split("__")
    area = _ZONE_AREA[zone]
    rows = {r["condition_id"]: r for r in _records(facts, "differentials")}
    row = rows[condition_id]
    zone_row = next(r for r in facts.referrals if r.zone_id == zone and not r.dispute_id)
    stem = (f"Trigger-point references say iliopsoas trigger points can refer pain to this "
            f"area: {facts.zone_names.get(zone, zone)}. Which of these conditions can also "
            "cause pain there?")
    why_wrong = {r["condition"]: f"the references place its pain in the {_and(r['pain_areas'])}"
                                 f", not the {area}."
                 for r in rows.values() if not _may_reach(r, area)}
    why = (f"{_cap(row['condition'])} causes pain in the {_and(row['pain_areas'])}. "
           f"{row['distinguishing_features']} Who to send them to: "
           f"{_lower(_REFERRAL_OPTIONS[row['referral']])}.")
    ids = facts.evidence(tuple(row["source_ids"]) + tuple(zone_row.source_ids))
    return _single(qid, rng, stem, row["condition"], list(why_wrong), why, why_wrong,
                   topic="trigger_points", difficulty="medium", template="referral_mimic",
                   citation=facts.citation(ids), source_ids=ids)


# --- clinical anatomy ----------------------------------------------------------------

def _anatomy_subjects(facts: QuizFacts) -> list[str]:
    return sorted(r["topic_id"] for r in _records(facts, "clinical_anatomy"))


def _clinical_kind(row: dict) -> str:
    """'condition' for a complaint (pain, swelling, weakness, lost feeling), else
    'landmark' (a pulse to feel): options are of one kind, so a kind never answers the
    question."""
    return ("condition" if re.search(r"pain|swelling|clunk|weak|numb|feeling|give way",
                                     row["clinical_picture"].lower()) else "landmark")


def _anatomy_question(facts: QuizFacts, subject: str, qid: str, rng: random.Random, *,
                      column: str, ask: str, template: str) -> Question | None:
    rows = {r["topic_id"]: r for r in _records(facts, "clinical_anatomy")}
    row = rows[subject]
    stem = f"{ask} \u201c{row[column]}\u201d"
    kind = _clinical_kind(row)
    why_wrong = {r["name"]: f"its {column.replace('_', ' ')}: {_lower(r[column])}."
                 for r in rows.values()
                 if r["topic_id"] != subject and _clinical_kind(r) == kind}
    why = f"{_cap(row['name'])}: {row['why_it_matters']}"
    muscles = [facts.muscles[m] for m in row["muscle_ids"] if m in facts.muscles]
    named = frozenset().union(*(_words(f"{m.name} {m.latin_name}") for m in muscles))
    return _single(qid, rng, stem, row["name"], list(why_wrong), why, why_wrong,
                   keep_together=named, about=(subject,),
                   topic="clinical_anatomy", difficulty="medium", template=template,
                   muscle_ids=tuple(row["muscle_ids"]), **_cite(facts, row["source_ids"]))


def _anatomy_explains(facts: QuizFacts, subject: str, qid: str,
                      rng: random.Random) -> Question | None:
    return _anatomy_question(facts, subject, qid, rng, column="anatomy",
                             ask="Which clinical condition or sign does this anatomy explain?",
                             template="anatomy_explains")


def _anatomy_picture(facts: QuizFacts, subject: str, qid: str,
                     rng: random.Random) -> Question | None:
    return _anatomy_question(facts, subject, qid, rng, column="clinical_picture",
                             ask="What is the most likely explanation of this picture?",
                             template="anatomy_picture")


def _anatomy_reverse(facts: QuizFacts, subject: str, qid: str, rng: random.Random, *,
                     column: str, ask: str, template: str) -> Question | None:
    """The condition named, the student picks its ``column`` text among other rows'."""
    rows = {r["topic_id"]: r for r in _records(facts, "clinical_anatomy")}
    row = rows[subject]
    stem = ask.format(name=row["name"])
    # Options of one kind: a landmark's anatomy (the ureter on the psoas) would
    # half-explain a condition (ureteric colic).
    why_wrong = {r[column]: f"that is {r['name']}." for r in rows.values()
                 if r["topic_id"] != subject and r[column] != row[column]
                 and _clinical_kind(r) == _clinical_kind(row)}
    why = f"{_cap(row['name'])}: {row[column]}"
    return _single(qid, rng, stem, row[column], list(why_wrong), why, why_wrong,
                   about=(subject,),
                   topic="clinical_anatomy", difficulty="medium", template=template,
                   muscle_ids=tuple(row["muscle_ids"]), **_cite(facts, row["source_ids"]))


def _anatomy_mechanism(facts: QuizFacts, subject: str, qid: str,
                       rng: random.Random) -> Question | None:
    return _anatomy_reverse(facts, subject, qid, rng, column="anatomy",
                            ask="Which anatomy explains this: {name}?",
                            template="anatomy_mechanism")


def _anatomy_advice(facts: QuizFacts, subject: str, qid: str,
                    rng: random.Random) -> Question | None:
    return _anatomy_reverse(facts, subject, qid, rng, column="why_it_matters",
                            ask="What does this mean for someone about to do release work: "
                                "{name}?",
                            template="anatomy_advice")


# --- red flag or a harmless complaint ---------------------------------------------------

#: What a complaint that is not a red flag is a feature of, by its clinical_notes topic
#: and subject; the feedback says it, with the sources of the row.
_NOT_A_FLAG = {
    ("symptom", "iliopsoas_trigger_points"):
        "trigger-point references describe this as a symptom of iliopsoas trigger points",
    ("common_feature", "non_specific_low_back_pain"):
        "a feature of non-specific (mechanical) low back pain, the common back pain "
        "for which no specific cause is found",
    ("common_feature", "hip_osteoarthritis"):
        "a feature by which hip osteoarthritis is diagnosed without any tests",
}


def _harmless(facts: QuizFacts) -> dict[str, dict]:
    """Complaints that are not red flags, by statement: cited iliopsoas trigger-point
    symptoms with some support (not mere beliefs) and features of common back and hip
    pain that guidelines describe."""
    return {r["statement"]: r for r in _records(facts, "clinical_notes")
            if (r["topic"], r["subject"]) in _NOT_A_FLAG and not r.get("dispute_id")
            and r["evidence_level"] in _CLAIM_LEVELS[:4]
            and facts.evidence(tuple(r["source_ids"]))}


def _source_names(facts: QuizFacts, source_ids: Sequence[str]) -> str:
    """Authors or publisher and title of each source, without edition or pages."""
    names = [". ".join(facts.citations[s].split(". ")[:2]).rstrip(".")
             for s in facts.evidence(tuple(source_ids)) if s in facts.citations]
    return "; ".join(names)


def _why_not_a_flag(facts: QuizFacts, row: dict) -> str:
    level = facts.evidence_names.get(row["evidence_level"], row["evidence_level"])
    return (f"{_NOT_A_FLAG[(row['topic'], row['subject'])]} ({level}; "
            f"{_source_names(facts, row['source_ids'])}); on its own it is not a red flag.")


def _flag_or_symptom_subjects(facts: QuizFacts) -> list[str]:
    """Red flags that send the person to a doctor before treatment, shorter than the
    longest harmless complaint (so the red flag is never the longest option)."""
    harmless = _harmless(facts)
    if len(harmless) < _MAX_WRONG:
        return []
    longest = max(len(text) for text in harmless)
    return sorted(r["red_flag_id"] for r in _records(facts, "red_flags")
                  if r["referral"] != "routine" and len(r["sign"]) < longest)


def _flag_or_symptom(facts: QuizFacts, subject: str, qid: str,
                     rng: random.Random) -> Question | None:
    """A red flag among complaints that are not red flags: tell them apart."""
    row = _row(facts, "red_flags", "red_flag_id", subject)
    harmless = _harmless(facts)
    why_wrong = {text: _why_not_a_flag(facts, r) for text, r in harmless.items()}
    stem = ("A client tells you several things. Which one is a red flag: no release work "
            "until a doctor has assessed them?")
    why = f"A red flag: it may signal {_lower(row['may_signal'])}. {row['what_to_do']}"
    # One complaint longer than the red flag is always shown, so length never points
    # to the answer.
    longer = sorted(t for t in harmless if len(t) > len(row["sign"]))
    if not longer:
        return None
    first = rng.choice(longer)
    rest = sorted(set(harmless) - {first})
    shown_wrong = [first, *rng.sample(rest, min(_MAX_WRONG - 1, len(rest)))]
    question = _single(qid, rng, stem, row["sign"], shown_wrong, why, why_wrong,
                       topic="trigger_points", difficulty="medium",
                       template="red_flag_or_symptom", about=(subject,), citation="",
                       source_ids=())
    if question is None or max(len(o.text) for o in question.options) == len(row["sign"]):
        return None
    shown = [harmless[o.text] for o in question.options if o.text in harmless]
    ids = facts.evidence(tuple(row["source_ids"])
                         + tuple(s for r in shown for s in r["source_ids"]))
    return replace(question, citation=facts.citation(ids), source_ids=ids)


# --- contraindications -----------------------------------------------------------------

#: Contraindication rows asked as true or false: those whose grading rests on evidence.
_TESTED = ("anatomical_fact", "clinical_consensus", "limited_evidence")


def _contraindication_subjects(facts: QuizFacts) -> list[str]:
    """condition__severity, with the row's first technique when the condition has
    several rows of one severity (each row's reason fits its own techniques)."""
    rows = [c for c in facts.contraindications if c.evidence_level in _TESTED]
    count = Counter((c.condition_id, c.severity) for c in facts.contraindications)
    return sorted(f"{c.condition_id}__{c.severity}"
                  + (f"__{c.techniques[0]}" if count[(c.condition_id, c.severity)] > 1 else "")
                  for c in rows if c.techniques)


def _contraindication_row(facts: QuizFacts, subject: str):
    condition_id, severity, *first = subject.split("__")
    return next(c for c in facts.contraindications
                if c.condition_id == condition_id and c.severity == severity
                and (not first or c.techniques[0] == first[0]))


def _contraindication_statement(facts: QuizFacts, subject: str, qid: str,
                                rng: random.Random) -> Question | None:
    """'X is an absolute contraindication to Y': true as written, or false with a wrong
    severity, by the subject's hash."""
    row = _contraindication_row(facts, subject)
    condition_id, severity = row.condition_id, row.severity
    clashes = {t for c in facts.contraindications if c.condition_id == condition_id
               and c.severity != severity for t in c.techniques}
    techniques = sorted(t for t in row.techniques if t not in clashes)
    if not techniques:
        return None
    technique = rng.choice(techniques)
    name = facts.technique_names.get(technique, technique.replace("_", " "))
    truth = _contraindication_subjects(facts).index(subject) % 2 == 0
    stated = severity if truth else rng.choice(sorted(set(_SEVERITY_TEXT) - {severity}))
    level = facts.evidence_names.get(row.evidence_level, row.evidence_level)
    verdict = ("True" if truth else
               f"False: it is {_SEVERITY_TEXT[severity]}, not {_SEVERITY_TEXT[stated]}")
    return Question(
        qid, "true_false",
        f"True or false: the condition \u201c{row.condition}\u201d is {_SEVERITY_TEXT[stated]} "
        f"for {name}.",
        options=TRUE_FALSE_OPTIONS, answers=("true" if truth else "false",),
        explanation=f"{verdict}. {row.reason} (Evidence: {level}.)",
        topic="safety", difficulty="medium", template="contraindication_statement",
        **_cite(facts, row.source_ids))


# --- evidence levels -------------------------------------------------------------------

def _level_subjects(facts: QuizFacts) -> list[str]:
    return sorted(r["technique_id"] for r in _records(facts, "techniques")
                  if r["evidence_level"] in _CLAIM_LEVELS)


def _evidence_level(facts: QuizFacts, subject: str, qid: str,
                    rng: random.Random) -> Question | None:
    row = _row(facts, "techniques", "technique_id", subject)
    levels = {r["evidence_level"]: r for r in _records(facts, "evidence_levels")}
    purpose = re.sub(r"^Claimed to ", "", row["purpose"]).rstrip(".")
    stem = (f"How well supported is this use of {row['name']}: to "
            f"{purpose[:1].lower() + purpose[1:]}? Choose its evidence level.")
    right = levels[row["evidence_level"]]["name"]
    # A technique's effect is never an anatomical fact: that option would fall at sight.
    why_wrong = {levels[lv]["name"]: f"that level means: {levels[lv]['meaning']}"
                 for lv in _CLAIM_LEVELS if lv not in (row["evidence_level"], "anatomical_fact")
                 and lv in levels}
    caveat = row.get("caveat") or ""
    why = (f"{_cap(right)}: {levels[row['evidence_level']]['meaning']} "
           + (f"{caveat} " if caveat else ""))
    return _single(qid, rng, stem, right, list(why_wrong), why.strip(), why_wrong,
                   topic="safety", difficulty="medium", template="evidence_level",
                   about=(subject,),
                   **_cite(facts, row["source_ids"]))


TEMPLATES: tuple[Template, ...] = (
    Template("red_flag_referral", "red_flags", "red flag", _red_flag_subjects,
             _red_flag_referral),
    Template("differential", "red_flags", "differential diagnosis", _differential_subjects,
             _differential),
    Template("referral_mimic", "trigger_points", "differential diagnosis", _mimic_subjects,
             _mimic),
    Template("anatomy_explains", "clinical_anatomy", "clinical anatomy", _anatomy_subjects,
             _anatomy_explains),
    Template("anatomy_picture", "clinical_anatomy", "clinical anatomy", _anatomy_subjects,
             _anatomy_picture),
    Template("anatomy_mechanism", "clinical_anatomy", "clinical anatomy", _anatomy_subjects,
             _anatomy_mechanism),
    Template("anatomy_advice", "clinical_anatomy", "clinical anatomy", _anatomy_subjects,
             _anatomy_advice),
    Template("red_flag_or_symptom", "trigger_points", "red flag", _flag_or_symptom_subjects,
             _flag_or_symptom),
    Template("contraindication_statement", "safety", "contraindication",
             _contraindication_subjects, _contraindication_statement),
    Template("evidence_level", "safety", "evidence level", _level_subjects, _evidence_level),
)

