"""Spinal root levels: parse 'L2-L4' or 'L1; L2' into an ordered tuple."""

from __future__ import annotations

import re

__all__ = ["ROOTS_EXPECTED", "parse_roots", "format_roots"]

_SEGMENTS = {"C": 8, "T": 12, "L": 5, "S": 5, "Co": 1}
#: Every spinal nerve root from top to bottom, e.g. ('C1', ..., 'Co1').
ALL_LEVELS: tuple[str, ...] = tuple(
    f"{region}{n}" for region, count in _SEGMENTS.items() for n in range(1, count + 1)
)
_ORDER = {level: i for i, level in enumerate(ALL_LEVELS)}
_LEVEL = r"(?:C|T|L|S|Co)\d{1,2}"
_ITEM = re.compile(rf"^({_LEVEL})(?:\s*[-\u2013]\s*({_LEVEL}))?$")

ROOTS_EXPECTED = (
    "spinal levels such as 'L2', a range 'L2-L4' or a list 'L1; L2' "
    "(levels C1-C8, T1-T12, L1-L5, S1-S5, Co1; ranges top to bottom)"
)


def parse_roots(text: str) -> tuple[str, ...]:
    """Return the levels named by ``text``, top to bottom.

    Raises ``ValueError`` for anything that is not a level, a range or a
    ``;``/``,`` separated list of them.

    >>> parse_roots("T12-L2")
    ('T12', 'L1', 'L2')
    """
    levels: set[str] = set()
    items = [item.strip() for item in re.split(r"[;,]", text)]
    if not text.strip() or not all(items):
        raise ValueError(text)
    for item in items:
        match = _ITEM.match(item)
        if not match:
            raise ValueError(text)
        first, last = match.group(1), match.group(2) or match.group(1)
        if first not in _ORDER or last not in _ORDER or _ORDER[first] > _ORDER[last]:
            raise ValueError(text)
        levels.update(ALL_LEVELS[_ORDER[first] : _ORDER[last] + 1])
    return tuple(sorted(levels, key=_ORDER.__getitem__))


def format_roots(levels: tuple[str, ...]) -> str:
    """Write levels compactly, joining runs: ('L1', 'L2', 'L3') -> 'L1-L3'."""
    runs: list[list[str]] = []
    for level in sorted(levels, key=_ORDER.__getitem__):
        if runs and _ORDER[level] == _ORDER[runs[-1][-1]] + 1:
            runs[-1].append(level)
        else:
            runs.append([level])
    return ", ".join(run[0] if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)
