"""Grade responses to quiz questions: pure functions, no display, no state.

A response is what a student chose, by option key:

- single choice and true/false: one key (``"b"``, ``"false"``; a bool also
  works for true/false), or ``None``;
- multiple answer: any collection of keys;
- matching and label-the-diagram: a mapping from pair key to option key;
- short answer: the typed text.

Short answers are compared after normalising case, accents, punctuation,
spacing and filler words (``the``, ``muscle``, ``musculus``); words of five
or more letters may carry one typo (Damerau distance 1: a wrong, missing,
extra or swapped letter).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping

from .model import Question, QuizResult, Result

__all__ = [
    "Response",
    "damerau_distance",
    "grade",
    "grade_quiz",
    "match_short_answer",
    "normalise_answer",
]

Response = str | bool | Collection[str] | Mapping[str, str | None] | None

#: Words that change nothing in a short answer.
_FILLER = frozenset({"the", "a", "an", "muscle", "muscles", "musculus", "m"})
#: Shorter words must be exact; a typo there often makes another word.
_TYPO_MIN_LENGTH = 5


def normalise_answer(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, filler words dropped.

    >>> normalise_answer("  The Psoas-Major muscle. ")
    'psoas major'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = re.sub(r"[^a-z0-9]+", " ", plain).split()
    return " ".join(w for w in words if w not in _FILLER)


def damerau_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap neighbours) turning ``a`` into ``b``.

    >>> damerau_distance("iliacus", "ilaicus")
    1
    """
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def _close_enough(given: str, wanted: str) -> bool:
    if given == wanted or given.replace(" ", "") == wanted.replace(" ", ""):
        return True
    if abs(len(given) - len(wanted)) > len(wanted.split()):
        return False  # more edits than one per word
    given_words, wanted_words = given.split(), wanted.split()
    if len(given_words) != len(wanted_words):
        return False
    return all(
        g == w or (len(w) >= _TYPO_MIN_LENGTH and abs(len(g) - len(w)) <= 1
                   and damerau_distance(g, w) <= 1)
        for g, w in zip(given_words, wanted_words, strict=True)
    )


def match_short_answer(text: str, accepted: Iterable[str]) -> str | None:
    """Find the accepted answer that typed ``text`` matches.

    Parameters
    ----------
    text
        What the student typed.
    accepted
        Every accepted answer.

    Returns
    -------
    str or None
        The accepted answer matched exactly (after :func:`normalise_answer`), else
        one matched with at most one typo per word of five or more letters, else
        ``None``.
    """
    given = normalise_answer(text)
    if not given:
        return None
    candidates = [(answer, normalise_answer(answer)) for answer in accepted]
    for answer, wanted in candidates:
        if given == wanted:
            return answer
    for answer, wanted in candidates:
        if _close_enough(given, wanted):
            return answer
    return None


def grade(question: Question, response: Response) -> Result:
    """Grade one response.

    Returns
    -------
    Result
        ``score`` is out of ``question.points``. Multiple answer scores
        right picks minus wrong picks over the number of right options (not
        below zero); matching and diagrams score the share of items right.

    Raises
    ------
    ValueError
        If the response names an option or item the question does not have.
    """
    kind = question.type
    if kind in ("single_choice", "true_false"):
        return _grade_single(question, response)
    if kind == "multiple_answer":
        return _grade_multiple(question, response)
    if kind in ("matching", "label_diagram"):
        return _grade_pairs(question, response)
    return _grade_short(question, response)


def grade_quiz(questions: Iterable[Question],
               responses: Mapping[str, Response]) -> QuizResult:
    """Grade every question of a quiz.

    Parameters
    ----------
    questions
        The questions, in quiz order.
    responses
        Question id -> response; a question with no entry is unanswered.

    Returns
    -------
    QuizResult
        One :class:`~psoas_edu.quiz.model.Result` per question, in order.
    """
    return QuizResult(tuple(grade(q, responses.get(q.id)) for q in questions))


def _result(question: Question, fraction: float, *, message: str = "",
            items: tuple[bool, ...] = (), answered: bool = True) -> Result:
    if not answered:
        status = "unanswered"
        message = message or "No answer yet: choose or type an answer, then press Check."
    elif fraction >= 1:
        status = "correct"
    elif fraction > 0:
        status = "partial"
    else:
        status = "incorrect"
    default = {"correct": "Correct.", "partial": "Partly right.", "incorrect": "Not quite."}
    return Result(
        question_id=question.id,
        status=status,
        score=round(question.points * max(0.0, min(1.0, fraction)), 4) if answered else 0.0,
        points=question.points,
        message=message or default[status],
        expected=question.answer_text,
        items=items,
    )


def _check_keys(question: Question, keys: Iterable[str]) -> None:
    known = {o.key for o in question.options}
    unknown = sorted(set(keys) - known)
    if unknown:
        raise ValueError(f"question {question.id!r} has no option {unknown[0]!r}; "
                         f"options: {', '.join(sorted(known))}")


def _grade_single(question: Question, response: Response) -> Result:
    if isinstance(response, bool):
        response = "true" if response else "false"
    if response is None or response == "":
        return _result(question, 0, answered=False)
    if not isinstance(response, str):
        raise ValueError(f"question {question.id!r} takes one option key, got {response!r}")
    _check_keys(question, [response])
    return _result(question, 1.0 if response in question.answers else 0.0)


def _grade_multiple(question: Question, response: Response) -> Result:
    if isinstance(response, str | bool | Mapping):
        raise ValueError(f"question {question.id!r} takes a collection of option keys, "
                         f"got {response!r}")
    chosen = set(response or ())
    if not chosen:
        return _result(question, 0, answered=False,
                       message="No answer yet: tick every option that applies, then press Check.")
    _check_keys(question, chosen)
    right = set(question.answers)
    hits, wrong = len(chosen & right), len(chosen - right)
    fraction = (hits - wrong) / len(right)
    message = ""
    if chosen != right:
        missing = len(right - chosen)
        message = (f"{'Partly right' if fraction > 0 else 'Not quite'}: {hits} of "
                   f"{len(right)} right option{'s' if len(right) != 1 else ''} ticked"
                   f"{f', {wrong} wrong' if wrong else ''}"
                   f"{f', {missing} missed' if missing else ''}.")
    return _result(question, fraction if chosen != right else 1.0, message=message)


def _grade_pairs(question: Question, response: Response) -> Result:
    if response is not None and not isinstance(response, Mapping):
        raise ValueError(f"question {question.id!r} takes a mapping from item to option key, "
                         f"got {response!r}")
    given = {k: v for k, v in (response or {}).items() if v}
    known_items = {p.key for p in question.pairs}
    stray = sorted(set(given) - known_items)
    if stray:
        raise ValueError(f"question {question.id!r} has no item {stray[0]!r}")
    _check_keys(question, given.values())
    if not given:
        return _result(question, 0, answered=False,
                       message="No answer yet: choose an option for each item, then press Check.")
    items = tuple(given.get(p.key) == p.answer for p in question.pairs)
    right = sum(items)
    message = "" if right in (0, len(items)) else f"Partly right: {right} of {len(items)}."
    if right == 0:
        message = f"Not quite: 0 of {len(items)} right."
    return _result(question, right / len(items), message=message, items=items)


def _grade_short(question: Question, response: Response) -> Result:
    if response is not None and not isinstance(response, str):
        raise ValueError(f"question {question.id!r} takes text, got {response!r}")
    if not normalise_answer(response or ""):
        return _result(question, 0, answered=False,
                       message="No answer yet: type your answer, then press Check.")
    matched = match_short_answer(response or "", question.accepted)
    if matched is None:
        return _result(question, 0.0)
    exact = normalise_answer(response or "") == normalise_answer(matched)
    message = "Correct." if exact else f"Correct (check the spelling: '{matched}')."
    return _result(question, 1.0, message=message)
