"""Shared pieces of the diagram tests."""

from __future__ import annotations

import numpy as np


def segments_cross(a, b) -> bool:
    """Whether two segments cross at a point inside both (shared ends do not count)."""
    (p, p2), (q, q2) = np.asarray(a), np.asarray(b)
    r, s = p2 - p, q2 - q
    denom = r[0] * s[1] - r[1] * s[0]
    if abs(denom) < 1e-12:
        return False
    t = ((q - p)[0] * s[1] - (q - p)[1] * s[0]) / denom
    u = ((q - p)[0] * r[1] - (q - p)[1] * r[0]) / denom
    return 0.02 < t < 0.98 and 0.02 < u < 0.98
