"""What a fact's own note says about how firm it is: hedged (weak, position-dependent,
...) or resting on websites alone.

The quiz never keys such a fact as a right answer, and the team figures leave hedged
actions out; both read the rules here so they agree.
"""

from __future__ import annotations

import re

__all__ = ["HEDGE_WORDS", "WEBSITE_ONLY", "hedged_note", "website_only_note"]

#: Words in a row's note that make its action too uncertain to teach as a fact. "Disputed"
#: counts; a note explaining why a point is *not* recorded as a dispute does not.
HEDGE_WORDS = re.compile(r"\bweak\b|position-dependent|\bonly with\b|no rotation|some sources"
                         r"|not in everyone|\bdisputed\b")


def hedged_note(note: str) -> bool:
    """Whether ``note`` hedges the fact it annotates.

    Parameters
    ----------
    note
        The ``note`` cell of a row (an empty string when there is none).

    Returns
    -------
    bool
    """
    return bool(HEDGE_WORDS.search(str(note).lower()))


#: What a row's note says when no textbook or paper read for the course states it (the
#: wording data/README.md asks for).
WEBSITE_ONLY = "no textbook read"


def website_only_note(note: str) -> bool:
    """Whether ``note`` says its fact rests on websites alone."""
    return WEBSITE_ONLY in str(note).lower()
