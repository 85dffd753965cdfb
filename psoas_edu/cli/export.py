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
exported separately. Each export also writes NAME.ids.txt beside it (the seed,
title and question ids; for the instructor only): --from-ids NAME.ids.txt
rebuilds exactly that quiz later, whatever was added to the bank. Without it, a
new bank question on the quiz's topic can take the place of one of its questions
when it ranks higher for that seed. An existing file is never replaced unless
--force is given, nor is one written into notebooks/ or data/.

examples:
  psoas-edu export gift --out week3.gift --topic anatomy --n 10 --seed 3
  psoas-edu export moodle-xml --out week4.xml --n 8 --title "Week 4" \\
      --include psoas_insertion_landmark
  psoas-edu export canvas --out week5.zip --n 5 --per-student 4 --topic anatomy
  psoas-edu export answer-key --out week5-key.pdf --from-ids week5.ids.txt
  psoas-edu export canvas --out mine.zip --bank-only --all"""


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
                        help="replace PATH (and its NAME.ids.txt) if it exists")
    parser.add_argument("--per-student", type=int, default=1, metavar="K",
                        help="canvas and moodle-xml: N groups of K matched questions (same "
                             "type and points); each student gets one question of each group, "
                             "so N questions and the same points")
    parser.add_argument("--show-correct-answers", action="store_true",
                        help="canvas: let students see the correct answers right after "
                             "submitting (default: they see their score and feedback only)")
    add_selection_options(parser, versions_help=(
        "write N matched quizzes, PATH-v1 ... PATH-vN: the same number of questions, "
        "points and mix of types (default: 1, written to PATH)"))
    parser.set_defaults(run=_run)


_GROUPED_FORMATS = ("canvas", "moodle-xml")
# A per-student manifest rebuilds the groups, or the key to every question in them.
_KEEPS_GROUPS = (*_GROUPED_FORMATS, "answer-key")
# text2qti splits these into one question per item, which a question group cannot
# hold; Moodle leaves them out too, so both formats of one quiz ask the same.
_UNGROUPABLE = ("matching", "label_diagram")


def _run(args: argparse.Namespace) -> int:
    from .manifest import check_manifest, manifest_of

    try:
        refuse_protected(args.out, force=args.force)
        if args.per_student != 1:
            _check_per_student(args)
        if args.show_correct_answers and args.format != "canvas":
            raise ValueError(f"--show-correct-answers: got format {args.format!r}; expected "
                             "canvas (the other formats' platforms set this in the quiz)")
        grouped = args.per_student > 1
        versions = build_versions(
            args, args.out, per_student=args.per_student,
            groupable=(lambda q: q.type not in _UNGROUPABLE) if grouped else None)
        if any(v.groups for v in versions) and args.format not in _KEEPS_GROUPS:
            raise ValueError(f"{args.from_ids}: holds per-student groups; export it as "
                             f"{', '.join(_KEEPS_GROUPS)}")
        for version in versions:
            check_writable(version.path, force=args.force)
            check_manifest(manifest_of(version), version.path, force=args.force)
        results = [_export(v, args) for v in versions]
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


def _export(version, args: argparse.Namespace):
    from dataclasses import replace

    from ..export.groups import QuestionGroup, moodle_categories
    from ..export.registry import export_quiz
    from .manifest import manifest_of, write_manifest

    quiz, path = version.quiz, version.path
    manifest = manifest_of(version)
    if not version.groups or args.format not in _GROUPED_FORMATS:
        if args.format == "canvas":
            from ..export.canvas import export_canvas

            result = export_canvas(quiz, path, force=args.force,
                                   show_correct_answers=args.show_correct_answers)
        else:
            result = export_quiz(quiz, args.format, path, force=args.force)
        if args.all:
            result = replace(result, notes=(*result.notes, (
                f"--all: all {len(quiz)} questions that match the options; none is held "
                "back (a sampled quiz skips one of two questions that share an answer, "
                "--all keeps both)")))
    else:
        groups = tuple(QuestionGroup(f"group_{number:02d}", ids)
                       for number, ids in enumerate(version.groups, start=1))
        if args.format == "canvas":
            from ..export.canvas import export_canvas

            result = export_canvas(quiz, path, force=args.force, groups=groups,
                                   show_correct_answers=args.show_correct_answers)
            where = "Canvas picks one question of each group for each student"
        else:
            from ..export.moodle_xml import export_moodle_xml

            categories = moodle_categories(quiz, groups)
            result = export_moodle_xml(quiz, path, force=args.force, categories=categories)
            where = ("in the Moodle quiz, add 'a random question' from each category "
                     f"{categories[groups[0].question_ids[0]].rsplit('/', 1)[0]}/group_NN")
        shared = len(quiz) - sum(len(g.question_ids) for g in groups)
        size = len(groups[0].question_ids)
        note = (f"{len(groups)} groups of {size} questions of one type and points, plus "
                f"{shared} asked of everyone: each student gets {len(groups) + shared} "
                f"questions worth {_points_per_student(quiz, groups):g} points; {where}")
        note += ("; groups hold no matching or label-the-diagram questions (Canvas "
                 "splits them into one question per item)")
        result = replace(result, notes=(*result.notes, note))
    written = write_manifest(manifest, path, force=args.force)
    return replace(result, notes=(*result.notes,
                                  f"question ids in {written.name} (for you, not for students; "
                                  f"--from-ids {written.name} rebuilds this quiz)"))


def _points_per_student(quiz, groups) -> float:
    grouped = {i for g in groups for i in g.question_ids}
    shared = sum(q.points for q in quiz if q.id not in grouped)
    return shared + sum(quiz[g.question_ids[0]].points for g in groups)
