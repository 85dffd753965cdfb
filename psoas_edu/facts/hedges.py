"""Whether a fact's own note hedges it (weak, position-dependent, ...).

The quiz never keys such an action as a right answer, and the team figures leave it out;
both read the rule here so they agree.
"""

from __future__ import annotations

import re

__all__ = ["HEDGE_WORDS", "hedged_note"]

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
