"""``psoas-edu quiz check [PATH]``: check the instructor's question bank."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from ..facts.problems import DataError, display_path

__all__ = ["register"]

_EPILOG = """\
PATH is a bank CSV file or a folder of them (default: data/quizzes/). Every
problem in every file is listed at once as
  FILE:LINE column 'NAME': got 'VALUE'; expected ...
and the command exits with status 1. See data/quizzes/README.md for the columns.

example:
  psoas-edu quiz check data/quizzes/week3.csv"""

_REVIEW_EPILOG = """\
The answers of generated questions are public: they come from the course's facts in
data/, which the student version hands out, so a student can run this same command
(python -m psoas_edu quiz review, or export answer-key --seed ...) and read every
generated question's key. Use generated questions for practice; for a graded quiz use
your own bank questions (data/quizzes/, left out of the student version), for example
  psoas-edu export moodle-xml --out exam.xml --bank-only --n 10"""


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``quiz`` subcommand (with ``check``)."""
    quiz = commands.add_parser(
        "quiz", help="work with quiz questions (check the instructor's bank)",
        description="Work with the quiz question bank.",
    )
    actions = quiz.add_subparsers(dest="quiz_command", required=True, metavar="ACTION")
    check = actions.add_parser(
        "check", help="check bank CSV files and report every problem",
        description="Check the instructor's question bank and report every problem at once.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("path", nargs="?", type=Path, default=None, metavar="PATH",
                       help="bank CSV file or folder (default: data/quizzes/)")
    check.set_defaults(run=_check)
    review = actions.add_parser(
        "review", help="list every question of a topic with its key, feedback and source",
        description="List every question a topic can give (generated and bank) on one "
                    "Markdown page, with id, key, feedback and source. Add an id to "
                    "data/quizzes/exclude.txt to keep that question out of every quiz.",
        epilog=_REVIEW_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    review.add_argument("--topic", default=None, help="one topic (default: all)")
    review.add_argument("--seed", type=int, default=0, help="options' order (default 0)")
    review.add_argument("--out", type=Path, default=None,
                        help="write the page to this .md file (default: print it)")
    review.set_defaults(run=_review)


def _check(args: argparse.Namespace) -> int:
    from ..export.constraints import export_problems
    from ..facts.csvfiles import data_files
    from ..quiz.bank import default_bank_dir, read_bank

    path = args.path if args.path is not None else default_bank_dir()
    try:
        reading = read_bank(path)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    except OSError as error:
        print(f"psoas-edu quiz check: cannot read {display_path(path)}: "
              f"{error.strerror or error}", file=sys.stderr)
        return 1
    questions = reading.questions
    # The bank's problems and every export's, all at once: a row with a bad type
    # is still checked for control characters, a row with a bad source for
    # what Moodle refuses.
    problems = [*reading.problems, *export_problems(reading.questions + reading.drafts,
                                                    cells=reading.cells)]
    if problems:
        print(DataError(problems), file=sys.stderr)
        return 1
    files = data_files(path) if path.is_dir() else [path]
    kinds = Counter(q.type for q in questions)
    by_type = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    noun = "question" if len(questions) == 1 else "questions"
    file_noun = "file" if len(files) == 1 else "files"
    print(f"OK: {len(questions)} {noun} in {len(files)} {file_noun}"
          + (f" ({by_type})" if by_type else ""))
    return 0


def _review(args: argparse.Namespace) -> int:
    from ..facts.atlas import load_atlas
    from ..quiz.bank import default_bank_dir, load_bank
    from ..quiz.generate import TOPIC_GROUPS, TOPICS, generate_questions, read_exclusions
    from ..quiz.review import review_markdown

    try:
        atlas = load_atlas()
        bank = load_bank(default_bank_dir(), atlas=atlas)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    topics = None
    if args.topic is not None:
        known = set(TOPICS) | set(TOPIC_GROUPS) | {q.topic for q in bank}
        if args.topic not in known:
            print(f"psoas-edu quiz review: unknown topic {args.topic!r}; topics: "
                  + ", ".join(sorted(known)), file=sys.stderr)
            return 1
        topics = set(TOPIC_GROUPS.get(args.topic, (args.topic,)))
    generated = generate_questions(atlas, seed=args.seed,
                                   topics=[t for t in topics if t in TOPICS]
                                   if topics is not None else None)
    questions = [*generated, *(q for q in bank if topics is None or q.topic in topics)]
    title = f"Questions to review: {args.topic or 'all topics'}"
    page = review_markdown(questions, title=title, excluded=read_exclusions())
    if args.out is None:
        print(page)
    else:
        from ..atomic_write import atomic_write_text

        atomic_write_text(args.out, page, force=True)
        print(f"Wrote {len(questions)} questions to {display_path(args.out)}")
    return 0
