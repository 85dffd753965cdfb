"""Choose a quiz's questions: stable, varied, on the course's focus, and fair as a set.

Every candidate question gets a rank from a hash of the seed and its id alone, so
adding questions (a new bank file) never reorders the others: a quiz keeps its
questions unless a new one outranks them on its own topic. Questions on the course
focus (the iliopsoas by default) rank as if drawn :data:`FOCUS_WEIGHT` times.

The set is checked as a whole while it is filled, best rank first:

- two questions that answer each other (a belief and its correction, the same
  fact asked twice, one answer text keyed twice, one statement shown in both:
  the key of one among the other's options, or quoted in its stem) are never
  both taken; nor, while others are left, two where one's feedback spells out
  what the other shows;
- "how strong is the evidence" questions of any kind fill at most a third of a
  quiz, and one category key (a level, an urgency) at most two questions, while
  others are left;
- one kind of question (template) fills at most a third of a quiz while others
  are left;
- a true/false template's keys stay balanced: a question that would put its
  template two keys ahead on one side waits until no other question can be taken.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .model import Question

__all__ = ["DEFAULT_FOCUS", "FOCUS_WEIGHT", "Candidate", "conflict_keys", "fact_keys", "rank",
           "select", "statements"]

#: Muscles (ids or group names) a quiz weights first unless told otherwise: the
#: subject of the course.
DEFAULT_FOCUS: tuple[str, ...] = ("iliopsoas",)

#: How many times more likely a question on the focus is to be drawn.
FOCUS_WEIGHT = 4.0


#: Templates whose answer is a category shared by many facts (an evidence level, a
#: severity): the same answer twice is no repetition there.
_CATEGORY_ANSWERS = ("_evidence", "contraindication", "thomas_sign", "evidence_level",
                     "red_flag_referral")


@dataclass(frozen=True)
class Candidate:
    """A question that may be made when its turn comes (generated ones are made lazily)."""

    id: str
    template: str
    focused: bool
    make: Callable[[], Question | None]


def rank(seed: int, question_id: str, weight: float = 1.0) -> float:
    """A key in (-inf, 0]: higher ranks first; depends only on seed, id and weight.

    Weighted sampling without replacement (Efraimidis and Spirakis): the key is
    ``log(u) / weight`` with ``u`` uniform from the hash."""
    digest = hashlib.sha256(f"{seed}:{question_id}".encode()).digest()
    u = (int.from_bytes(digest[:8], "big") + 1) / (2**64 + 1)
    return math.log(u) / weight


#: What each generated template asks or states about its muscles: (relations, whether
#: every muscle of the question is concerned or only the first). The stem of
#: ``identify_muscle`` states the origin and insertion.
_FACTS_OF_TEMPLATE: dict[str, tuple[tuple[str, ...], bool]] = {
    "origin": (("origin",), False),
    "insertion": (("insertion",), False),
    "match_origin": (("origin",), True),
    "match_insertion": (("insertion",), True),
    "identify_muscle": (("origin", "insertion"), False),
    "label_attachments": (("origin", "insertion"), False),
    "nerve": (("innervation",), False),
    "match_nerve": (("innervation",), True),
    "roots": (("roots",), False),
    "disputed_roots": (("roots",), False),
    # Action templates name each action they ask or state in ``Question.about``.
    "blood_supply": (("blood supply",), False),
}

#: Words of a bank question's prompt that tell which attachment it asks.
_BANK_ATTACHMENT_WORDS = (("origin", ("origin", "arise")), ("insertion", ("insert",)))


def fact_keys(question: Question) -> set[tuple[str, str, str]]:
    """The (muscle, relation) facts a question asks or gives away in its stem, as
    ``("fact", muscle_id, relation)``: two questions sharing one never meet in a
    quiz, whatever their form (a matching item, a single question, a bank question)."""
    if question.template == "bank":
        relations, every = _bank_facts(question)
    elif question.template == "disputed_attachment":
        relations, every = (question.id.rsplit("__", 1)[-1],), False
    else:
        relations, every = _FACTS_OF_TEMPLATE.get(question.template, ((), False))
    muscles = question.muscle_ids if every else question.muscle_ids[:1]
    return {("fact", m, r) for m in muscles for r in relations}


def _bank_facts(question: Question) -> tuple[tuple[str, ...], bool]:
    """A bank question's facts, from its topic and the words of its prompt."""
    every = question.type == "matching"
    prompt = question.prompt.lower()
    if question.topic == "innervation":
        return ("innervation",), every
    if question.topic in ("actions", "synergists"):
        return ("action",), every
    if question.topic == "relations" and "arter" in prompt:
        return ("blood supply",), every
    if question.topic == "attachments":
        named = tuple(end for end, words in _BANK_ATTACHMENT_WORDS
                      if any(w in prompt for w in words))
        return named or ("origin", "insertion"), every
    return (), every


def conflict_keys(question: Question) -> set[tuple[str, ...]]:
    """Keys two questions share when one would answer or repeat the other."""
    keys: set[tuple[str, ...]] = {("fact", question.id.split("__")[0]
                                   if question.template != "bank" else question.id)}
    keys |= fact_keys(question)
    keys |= {("about", x) for x in question.about}
    if question.template in ("referral_main", "referral_zone"):
        # The whole pattern answers each zone: one referral question per muscle group.
        group = question.id.split("__")[0].removeprefix(f"gen_{question.template}_")
        keys.add(("referral", group))
    subject = question.id.removeprefix(f"gen_{question.template}_")
    if question.template in ("technique_evidence", "evidence_level"):
        keys.add(("evidence of", subject))  # the same technique rated twice
    if question.template in ("contraindication", "contraindication_statement"):
        keys.add(("condition", subject.split("__")[0]))  # one condition, one question
    if question.template.startswith("anatomy_"):
        keys.add(("condition", subject))  # one question per clinical condition
    if question.template in ("red_flag_referral", "red_flag_or_symptom"):
        keys.add(("red flag", subject))  # one sign, one question
    if question.template in ("misconception", "correction"):
        keys.add(("belief", question.id.split("_", 2)[-1]))
    if (question.type in ("single_choice", "short_answer")
            and not question.template.endswith(_CATEGORY_ANSWERS)):
        keys.add(("answer", " ".join(question.correct_texts[0].lower().split())))
    keys |= {("statement", s) for s in statements(question)}
    if question.type == "matching":  # one set of pairs, whichever muscle it was made for
        keys.add(("pairs", frozenset((p.prompt, question.option_text(p.answer))
                                     for p in question.pairs)))
    if not question.template.startswith("match_"):  # their prompt is the same for all
        keys.add(("prompt", " ".join(question.prompt.lower().split())))
    if (question.template not in ("bank", "") and question.muscle_ids
            and question.type != "true_false"
            and not question.template.endswith(_CATEGORY_ANSWERS)):
        keys.add(("asked", f"{question.template}:{question.muscle_ids[0]}:"
                  f"{' '.join(question.answer_text.lower().split())}"))
    return keys


_QUOTED = re.compile("\u201c([^\u201d]+)\u201d")


def statements(question: Question) -> set[str]:
    """The statements a question shows: options that are sentences (a mechanism, a
    symptom; not a name, nor a category such as an urgency that every question of its
    kind offers) and the text quoted in its stem."""
    texts = [] if question.template.endswith(_CATEGORY_ANSWERS) else [
        o.text for o in question.options if o.text.rstrip().endswith(".")]
    texts += _QUOTED.findall(question.prompt)
    return {" ".join(t.lower().rstrip(".").split()) for t in texts}


def select(candidates: Iterable[Candidate], *, n: int, seed: int,
           include: Sequence[Question] = ()) -> list[Question]:
    """Fill a quiz of up to ``n`` questions, ``include`` first.

    Variety and true/false balance are preferences: when keeping them leaves the quiz
    short, it is filled again in plain rank order with only the rule that no two
    questions answer each other.

    Returns
    -------
    list of Question
        The questions in rank order after the included ones; fewer than ``n``
        only when no more can be taken (then every candidate was tried).
    """
    ordered = sorted(candidates, key=lambda c: (-rank(seed, c.id, FOCUS_WEIGHT if c.focused
                                                      else 1.0), c.id))
    made: dict[str, Question | None] = {}

    def questions() -> Iterable[Question]:
        for candidate in ordered:
            if candidate.id not in made:
                made[candidate.id] = candidate.make()
            if made[candidate.id] is not None:
                yield made[candidate.id]

    chosen = _fill(questions(), n=n, include=include, varied=True)
    if len(chosen) < n:
        plain = _fill(questions(), n=n, include=include, varied=False)
        chosen = plain if len(plain) > len(chosen) else chosen
    return chosen[:n]


def _fill(questions: Iterable[Question], *, n: int, include: Sequence[Question],
          varied: bool) -> list[Question]:
    chosen: list[Question] = list(include)
    taken = {conflict for q in chosen for conflict in conflict_keys(q)}
    per_template: Counter[str] = Counter(q.template for q in chosen)
    balance: Counter[str] = Counter()
    for q in chosen:
        balance[q.template] += _tilt(q)
    waiting: list[Question] = []
    cap = max(2, math.ceil(n / 3))

    categories: Counter[str] = Counter(_category(q) for q in chosen)
    families: Counter[str] = Counter(_family(q) for q in chosen)

    def fits(q: Question, *, strict: bool) -> bool:
        if conflict_keys(q) & taken:
            return False
        # Preferred, not required: in a small topic every question's feedback explains
        # the others' options (clinical anatomy), and the topic would not fill a quiz.
        if strict and any(_answers(a, b) for other in chosen
                          for a, b in ((q, other), (other, q))):
            return False
        if strict and _family(q) and families[_family(q)] >= cap:
            return False
        if strict and per_template[q.template] >= cap:
            return False
        if strict and _category(q) and categories[_category(q)] >= _SAME_CATEGORY:
            return False
        return not (strict and abs(balance[q.template] + _tilt(q)) > 1)

    def take(q: Question) -> None:
        chosen.append(q)
        taken.update(conflict_keys(q))
        per_template[q.template] += 1
        balance[q.template] += _tilt(q)
        categories[_category(q)] += 1
        families[_family(q)] += 1

    for question in questions:
        if len(chosen) >= n:
            break
        if fits(question, strict=varied):
            take(question)
        else:
            waiting.append(question)
    # Held back for balance or variety: taken only if nothing else is left.
    for question in waiting:
        if len(chosen) < n and fits(question, strict=False):
            take(question)
    return chosen


#: How many questions of a quiz may have one category as their key ("practitioner
#: claim", "A doctor today") while others are left: more, and the answer is a habit.
_SAME_CATEGORY = 2


def _category(question: Question) -> str:
    """The key of a question whose answer is a category, or ``""``."""
    if question.type != "single_choice" or not question.template.endswith(_CATEGORY_ANSWERS):
        return ""
    return " ".join(question.correct_texts[0].lower().split())


def _answers(a: Question, b: Question) -> bool:
    """Whether ``b``'s feedback states what ``a`` shows or asks (a symptom picture quoted
    in one stem, spelled out in the other's "Not X: it would show ..."): read first, it
    answers ``a``."""
    feedback = " ".join(b.explanation.lower().split())
    return any(len(text) > 30 and text in feedback for text in statements(a))


def _family(question: Question) -> str:
    """'evidence' for every kind of 'how strong is the evidence' question, else ``""``:
    together they may fill at most a third of a quiz while others are left."""
    rates = question.template.endswith(("_evidence", "evidence_level")) or (
        question.template == "misconception" and question.type == "single_choice")
    return "evidence" if rates else ""


def _tilt(question: Question) -> int:
    if question.type != "true_false":
        return 0
    return 1 if question.answers == ("true",) else -1
