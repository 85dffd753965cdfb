"""Time ``export_all`` of a large quiz (every format), with a per-format breakdown.

Usage: ``python benchmarks/export_speed.py [N]`` (default 1000 questions).
The quiz repeats the course's generated questions under new ids until it
holds N, so it has the real mix of types, diagrams included.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path


def large_quiz(n: int):
    """A quiz of ``n`` questions made from every question the course generates."""
    from psoas_edu.quiz.generate import build_quiz
    from psoas_edu.quiz.model import Quiz

    pool = None
    for size in (400, 300, 200, 150, 100, 50):
        try:
            pool = build_quiz(n=size, seed=0).questions
            break
        except ValueError:
            continue
    questions = [replace(q, id=f"{q.id}_{i // len(pool)}") for i, q in
                 ((i, pool[i % len(pool)]) for i in range(n))]
    return Quiz(tuple(questions), title=f"{n} questions", seed=0)


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 1000
    from psoas_edu.export import FORMATS, export_all, export_quiz

    quiz = large_quiz(n)
    figures = sum(q.figure is not None for q in quiz.questions)
    print(f"{n} questions, {figures} with a diagram")
    with tempfile.TemporaryDirectory() as folder:
        start, cpu = time.perf_counter(), time.process_time()
        export_all(quiz, folder)
        print(f"export_all: {time.perf_counter() - start:.2f} s wall, "
              f"{time.process_time() - cpu:.2f} s CPU")
        print("then each format again (diagrams already drawn, when cached):")
        for name, spec in FORMATS.items():
            start, cpu = time.perf_counter(), time.process_time()
            export_quiz(quiz, name, Path(folder) / f"one{spec.suffix}")
            print(f"  {name:12s} {time.perf_counter() - start:6.2f} s wall, "
                  f"{time.process_time() - cpu:6.2f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
