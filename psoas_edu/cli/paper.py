"""``psoas-edu paper --out PATH``: the quiz printed for students, without answers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..atomic_write import check_writable, refuse_protected
from ..facts.problems import display_path
from .selection import add_selection_options, build_versions

__all__ = ["register"]

_EPILOG = """PATH's suffix chooses the format: .pdf (printed by headless Chromium), .html (open in
a browser and print) or .md. With --key, each paper gets its answer key beside it
(NAME-key.pdf). With --versions N, N papers with different questions are written,
NAME-v1.pdf ... NAME-vN.pdf, each with its own key: every version has the same number
of questions, the same points and the same mix of question types (--include questions
are on every version). The paper shows the title, the number of questions and the
points, never the seed or topic; NAME.ids.txt beside each paper lists its question ids
for the instructor (--from-ids NAME.ids.txt prints the same paper again).

examples:
  psoas-edu paper --out week3.pdf --topic anatomy --n 10 --seed 3 --key
  psoas-edu paper --out exam.pdf --versions 4 --include psoas_insertion_landmark --key
  psoas-edu paper --out week3-again.pdf --from-ids week3.ids.txt"""


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``paper`` subcommand."""
    parser = commands.add_parser(
        "paper", help="print a quiz for students (no answers), as PDF, HTML or Markdown",
        description="Build a quiz and write it as a printable paper without answers.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", required=True, type=Path, metavar="PATH",
                        help="file to write: .pdf, .html or .md (its folder must exist)")
    parser.add_argument("--key", action="store_true",
                        help="also write each paper's answer key, NAME-key with the same suffix")
    parser.add_argument("--force", action="store_true", help="replace files that exist")
    add_selection_options(parser, versions_help=(
        "N papers with different questions, PATH-v1 ... PATH-vN (default: 1)"))
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from ..export.answer_key import export_answer_key
    from ..export.paper import export_paper
    from .manifest import check_manifest, manifest_of, write_manifest

    try:
        refuse_protected(args.out, force=args.force)
        versions = build_versions(args, args.out)
        jobs = [(export_paper, v.quiz, v.path) for v in versions]
        if args.key:
            jobs += [(export_answer_key, v.quiz,
                      v.path.with_name(f"{v.path.stem}-key{v.path.suffix}")) for v in versions]
        if any(v.groups for v in versions):
            raise ValueError(f"{args.from_ids}: holds per-student groups of an LMS quiz; "
                             "a paper cannot hand out one question of a group per student")
        for _, _, path in jobs:
            check_writable(path, force=args.force)
        for version in versions:
            check_manifest(manifest_of(version), version.path, force=args.force)
        results = [write(quiz, path, force=args.force) for write, quiz, path in jobs]
        manifests = [write_manifest(manifest_of(v), v.path, force=args.force) for v in versions]
    except (OSError, ValueError) as error:
        print(f"psoas-edu paper: {error}", file=sys.stderr)
        return 1
    for result in results:
        print(result.summary)
    for written in manifests:
        print(f"Wrote the question ids to {display_path(written)} (for you, not for students; "
              f"--from-ids {written.name} prints this paper again)")
    return 0
