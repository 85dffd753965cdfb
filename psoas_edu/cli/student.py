"""``psoas-edu student-version OUT_DIR``: the notebooks without their answers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..course.cell_tags import CLEAR_OUTPUT_TAGS, REMOVE_TAGS

__all__ = ["register"]

_EPILOG = f"""cell tags (set them in JupyterLab's property inspector):
  {' or '.join(REMOVE_TAGS):<24} the cell is left out
  {' or '.join(CLEAR_OUTPUT_TAGS):<24} the cell stays, its saved output is cleared

A mistyped tag (Solution, solutions, answer_key) acts as the tag it spells, with a
warning; a tag that only looks like one (soluton) stops the build. A notebook whose
metadata has {{"psoas_edu": {{"instructor_only": true}}}} is left out, and text pointing
at what was removed is adjusted.

OUT_DIR gets the student notebooks (with only the files they name), the package and
the facts, but not the question bank; students install it with
  pip install -r requirements.txt
and Binder or a JupyterHub image (repo2docker) builds it from its environment.yml
(Python pinned as the course's). The package finds the facts through PSOAS_EDU_DATA,
else beside its own checkout, else in a data/ folder beside notebooks/ in the
working directory or one above it.
The notebooks and data folders themselves are only read.

example:
  psoas-edu student-version handout/ --zip"""


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``student-version`` subcommand."""
    parser = commands.add_parser(
        "student-version", help="copy the notebooks without solutions, ready to hand out",
        description="Copy the course notebooks to OUT_DIR without solution cells and "
                    "without outputs that reveal answers.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR",
                        help="folder to create (must be new or empty unless --force)")
    parser.add_argument("--source", type=Path, default=None, metavar="DIR",
                        help="the instructor's notebooks (default: the course's notebooks/)")
    parser.add_argument("--force", action="store_true",
                        help="write into a non-empty OUT_DIR, replacing files of the same name")
    parser.add_argument("--zip", action="store_true",
                        help="also pack OUT_DIR into OUT_DIR.zip, one file to upload to a "
                             "learning platform")
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from ..course.student_version import build_student_version

    try:
        version = build_student_version(args.out_dir, source=args.source, force=args.force)
    except (OSError, ValueError) as error:
        print(f"psoas-edu student-version: {error}", file=sys.stderr)
        return 1
    for warning in version.warnings:
        print(f"psoas-edu student-version: warning: {warning}", file=sys.stderr)
    print(version.summary)
    if args.zip:
        try:
            archive = _zip(args.out_dir, force=args.force)
        except OSError as error:
            print(f"psoas-edu student-version: {error}", file=sys.stderr)
            return 1
        print(f"Packed into {archive} (unzips to one folder, {args.out_dir.name}/).")
    return 0


def _zip(folder: Path, *, force: bool) -> Path:
    """``folder.zip`` holding the folder itself, written all at once."""
    import zipfile

    from ..atomic_write import atomic_path

    target = folder.with_name(folder.name + ".zip")
    with atomic_path(target, force=force) as temporary, \
            zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                archive.write(path, Path(folder.name) / path.relative_to(folder))
    return target
