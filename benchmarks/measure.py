"""Side-by-side timing: our code and its floor run in turn, under the same conditions.

Every row of the report is a ratio ``ours / floor`` of medians. The two sides alternate
(ours, floor, ours, floor, ...) so a change in machine load hits both alike, and the
clock can be CPU seconds (the default: this process plus its finished children), which a
busy machine disturbs far less than wall time.
"""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Clock", "Ratio", "alternate", "print_ratio", "print_value"]


class Clock:
    """Seconds by wall time or by CPU time (self + reaped children)."""

    def __init__(self, kind: str = "cpu") -> None:
        if kind not in ("cpu", "wall"):
            raise ValueError(f"clock must be 'cpu' or 'wall', got {kind!r}")
        self.kind = kind

    def now(self) -> float:
        if self.kind == "wall":
            return time.perf_counter()
        # getrusage has microsecond resolution; os.times() counts in 10 ms ticks.
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@dataclass(frozen=True)
class Ratio:
    """One report row: what was measured, against which floor, and the target ratio."""

    label: str
    ours: float
    floor: float
    floor_label: str
    target: float

    @property
    def ratio(self) -> float:
        return self.ours / self.floor if self.floor else float("inf")

    @property
    def met(self) -> bool:
        return self.ratio <= self.target


def alternate(ours: Callable[[], object], floor: Callable[[], object], *, repeats: int,
              clock: Clock, warmup: int = 1) -> tuple[float, float]:
    """Median seconds of ``ours`` and of ``floor``, run in turn ``repeats`` times each."""
    for _ in range(warmup):
        ours()
        floor()
    ours_times, floor_times = [], []
    for _ in range(repeats):
        for action, times in ((ours, ours_times), (floor, floor_times)):
            start = clock.now()
            action()
            times.append(clock.now() - start)
    return statistics.median(ours_times), statistics.median(floor_times)


def _seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def print_ratio(row: Ratio) -> None:
    verdict = "met" if row.met else "NOT MET"
    print(f"  {row.label:<58} {row.ratio:>6.2f}x  target <= {row.target:.2f}x  {verdict}")
    print(f"  {'':<4}{_seconds(row.ours)} vs {_seconds(row.floor)}: {row.floor_label}")


def print_value(label: str, value: str, target: str = "") -> None:
    print(f"  {label:<58} {value:>10}  {target}")
