"""``psoas-edu export FORMAT --out PATH``: build a quiz and write it in one format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..atomic_write import check_writable
from ..export.registry import FORMATS
from .selection import add_selection_options, build_versions, check_output_place

__all__ = ["register"]

_EPILOG = "formats:\n" + "\n".join(
    f"  {name:<12} {spec.description} (e.g. quiz{spec.suffix})" for name, spec in FORMATS.items()
) + """

The same options always give the same quiz, so every format of one quiz can be
exported separately. Adding a bank file does not change which questions an
existing --topic/--n/--seed quiz picks. An existing file is never replaced
unless --force is given, and exports never go into notebooks/ or data/.

examples:
  psoas-edu export gift --out week3.gift --topic anatomy --n 10 --seed 3
  psoas-edu export moodle-xml --out week3.xml --n 8 --include psoas_origin_1 --title "Week 3"
  psoas-edu export canvas --out mine.zip --bank-only --all
  psoas-edu export answer-key --out week3-key.pdf --topic anatomy --n 10 --seed 3"""


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
    parser.add_argument("--force", action="store_true",
                        help="replace PATH if it exists")
    add_selection_options(parser, versions_help=(
        "write N quizzes, PATH-v1 ... PATH-vN, with seeds SEED ... SEED+N-1 "
        "(default: 1, written to PATH)"))
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from ..export.registry import export_quiz

    try:
        check_output_place(args.out)
        check_writable(args.out, force=args.force)
        versions = build_versions(args, args.out)
        for version in versions:
            check_writable(version.path, force=args.force)
        results = [export_quiz(v.quiz, args.format, v.path, force=args.force)
                   for v in versions]
    except (OSError, ValueError) as error:
        print(f"psoas-edu export: {error}", file=sys.stderr)
        return 1
    for result in results:
        print(result.summary)
    return 0
