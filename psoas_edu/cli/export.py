"""``psoas-edu export FORMAT --out PATH``: build a quiz and write it in one format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..atomic_write import check_writable
from ..export.registry import FORMATS

__all__ = ["register"]

_EPILOG = "formats:\n" + "\n".join(
    f"  {name:<12} {spec.description} (e.g. quiz{spec.suffix})" for name, spec in FORMATS.items()
) + """

The same --topic, --n and --seed always give the same quiz, so every format
of one quiz can be exported separately. An existing file is never replaced
unless --force is given.

examples:
  psoas-edu export gift --out week3.gift --topic anatomy --n 10 --seed 3
  psoas-edu export answer-key --out week3-key.html --topic anatomy --n 10 --seed 3"""


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``export`` subcommand."""
    parser = commands.add_parser(
        "export", help="export a quiz to Moodle, Canvas, Anki, jupyterquiz or an answer key",
        description="Build a quiz from the question generators and the instructor's bank "
                    "(data/quizzes/) and write it in one format.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("format", choices=list(FORMATS), metavar="FORMAT",
                        help=f"one of: {', '.join(FORMATS)}")
    parser.add_argument("--out", required=True, type=Path, metavar="PATH",
                        help="file to write (its folder must exist)")
    parser.add_argument("--topic", default=None,
                        help="only questions on this topic (default: all topics)")
    parser.add_argument("--n", type=int, default=10, metavar="N",
                        help="number of questions (default: 10)")
    parser.add_argument("--seed", type=int, default=0,
                        help="random seed; the same seed gives the same quiz (default: 0)")
    parser.add_argument("--no-bank", action="store_true",
                        help="leave out the instructor's question bank")
    parser.add_argument("--force", action="store_true",
                        help="replace PATH if it exists")
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from ..export.registry import export_quiz

    try:
        check_writable(args.out, force=args.force)
        if args.n < 1:
            raise ValueError(f"--n: got {args.n}; expected a whole number of 1 or more")
        quiz = _build(args)
        result = export_quiz(quiz, args.format, args.out, force=args.force)
    except (OSError, ValueError) as error:
        print(f"psoas-edu export: {error}", file=sys.stderr)
        return 1
    print(result.summary)
    return 0


def _build(args: argparse.Namespace):
    from ..facts.atlas import load_atlas
    from ..quiz.bank import load_bank
    from ..quiz.generate import build_quiz

    atlas = load_atlas()
    # An export refuses a bank with any problem (all listed), rather than
    # leaving questions out the way a notebook quiz does.
    bank = None if args.no_bank else load_bank(atlas=atlas)
    return build_quiz(topic=args.topic, n=args.n, seed=args.seed, atlas=atlas,
                      include_bank=not args.no_bank, bank=bank)
