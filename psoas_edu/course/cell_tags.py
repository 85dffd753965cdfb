"""The cell tags the student version acts on, and the mistyped ones it must not miss.

A mistyped tag would silently leave a solution in the handout, so every tag
of every cell is sorted into one of four kinds:

``known``
    exactly a course tag (``solution``, ``answer-key``, ``reveals-answer``);
``near-miss``
    the same tag written differently (``Solution``, ``solutions``,
    ``answer_key``, ``Answer Key``): acted on as the tag it spells, with a
    warning so the instructor can fix the spelling;
``suspicious``
    not a course tag but close to one (``soluton``, ``answer-keys-old``,
    ``hide-solution``): the student version refuses to guess;
``other``
    any other tag (``nbval-ignore-output``, ``hide-input``), left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import get_close_matches

__all__ = [
    "REMOVE_TAGS",
    "CLEAR_OUTPUT_TAGS",
    "COURSE_TAGS",
    "TagCheck",
    "check_tag",
]

#: Cells with any of these tags are removed from the student version.
REMOVE_TAGS: tuple[str, ...] = ("solution", "answer-key")
#: Cells with any of these tags keep their code but lose their outputs.
CLEAR_OUTPUT_TAGS: tuple[str, ...] = ("reveals-answer",)
#: Every tag the student version acts on.
COURSE_TAGS: tuple[str, ...] = (*REMOVE_TAGS, *CLEAR_OUTPUT_TAGS)

# Words that only a course tag should contain.
_TELLTALE = ("solution", "answerkey", "answer", "revealsanswer")


def _spelling(tag: str) -> str:
    """The tag without case, separators or plural ``s``: ``'Answer_Keys'`` -> ``'answerkey'``."""
    words = re.split(r"[\s_\-.]+", tag.strip().lower())
    return "".join(word[:-1] if word.endswith("s") and len(word) > 3 else word
                   for word in words if word)


_BY_SPELLING = {_spelling(tag): tag for tag in COURSE_TAGS}


@dataclass(frozen=True)
class TagCheck:
    """What one tag is: ``kind`` and, for known and near-miss tags, the course tag it means."""

    tag: str
    kind: str
    meant: str = ""


def check_tag(tag: str) -> TagCheck:
    """Sort one cell tag into known, near-miss, suspicious or other.

    >>> check_tag("solution").kind, check_tag("Solutions").meant, check_tag("soluton").kind
    ('known', 'solution', 'suspicious')
    >>> check_tag("nbval-ignore-output").kind
    'other'
    """
    if tag in COURSE_TAGS:
        return TagCheck(tag, "known", tag)
    spelled = _spelling(tag)
    if spelled in _BY_SPELLING:
        return TagCheck(tag, "near-miss", _BY_SPELLING[spelled])
    close = get_close_matches(spelled, list(_BY_SPELLING), n=1, cutoff=0.75)
    if close or any(word in spelled for word in _TELLTALE):
        return TagCheck(tag, "suspicious", _BY_SPELLING[close[0]] if close else "")
    return TagCheck(tag, "other")
