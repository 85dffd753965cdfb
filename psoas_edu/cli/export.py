"""``psoas-edu export FORMAT --out PATH``: build a quiz and write it in one format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..atomic_write import check_writable, refuse_protected
from ..export.registry import FORMATS
from .selection import add_selection_options, build_versions

__all__ = ["register"]

_EPILOG = "formats:\n" + "\n".join(
    f"  {name:<12} {spec.description} (e.g. quiz{spec.suffix})" for name, spec in FORMATS.items()
) + """

The same options always give the same quiz, so every format of one quiz can be
exported separately. Adding a bank file does not change which questions an
existing --topic/--n/--seed quiz picks. An existing file is never replaced
unless --force is given, nor is one written into notebooks/ or data/.

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
    parser.add_argument("--per-student", type=int, default=1, metavar="K",
                        help="canvas and moodle-xml: build N*K questions in groups of K on one "
                             "topic; each student gets one question of each group")
    add_selection_options(parser, versions_help=(
        "write N quizzes, PATH-v1 ... PATH-vN, with seeds SEED ... SEED+N-1 "
        "(default: 1, written to PATH)"))
    parser.set_defaults(run=_run)


_GROUPED_FORMATS = ("canvas", "moodle-xml")


def _run(args: argparse.Namespace) -> int:
    try:
        refuse_protected(args.out, force=args.force)
        if args.per_student != 1:
            _check_per_student(args)
            args.n *= args.per_student
        versions = build_versions(args, args.out)
        for version in versions:
            check_writable(version.path, force=args.force)
        results = [_export(v.quiz, v.path, args) for v in versions]
    except (OSError, ValueError) as error:
        print(f"psoas-edu export: {error}", file=sys.stderr)
        return 1
    for result in results:
        print(result.summary)
    return 0


def _check_per_student(args: argparse.Namespace) -> None:
    if args.format not in _GROUPED_FORMATS:
        raise ValueError(f"--per-student: got format {args.format!r}; expected "
                         f"{' or '.join(_GROUPED_FORMATS)} (use --versions for papers)")
    if args.per_student < 2:
        raise ValueError(f"--per-student: got {args.per_student}; expected 2 or more")


def _export(quiz, path: Path, args: argparse.Namespace):
    from dataclasses import replace

    from ..export.registry import export_quiz

    if args.per_student == 1:
        return export_quiz(quiz, args.format, path, force=args.force)
    from ..export.groups import group_questions, moodle_categories

    groups = group_questions(quiz, size=args.per_student, canvas=args.format == "canvas")
    if args.format == "canvas":
        from ..export.canvas import export_canvas

        result = export_canvas(quiz, path, force=args.force, groups=groups)
        where = "Canvas picks one question of each group for each student"
    else:
        from ..export.moodle_xml import export_moodle_xml

        result = export_moodle_xml(quiz, path, force=args.force,
                                   categories=moodle_categories(quiz, groups))
        where = ("in the Moodle quiz, add 'a random question' from each category "
                 f"{moodle_categories(quiz, groups[:1]).popitem()[1].rsplit('/', 1)[0]}/group_NN")
    grouped = sum(len(g.question_ids) for g in groups)
    note = (f"{len(groups)} groups of up to {args.per_student} questions "
            f"({len(quiz) - grouped} asked of everyone); {where}")
    return replace(result, notes=(*result.notes, note))
