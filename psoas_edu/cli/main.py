"""The ``psoas-edu`` command (also ``python -m psoas_edu``).

Each subcommand lives in its own module with a ``register(commands)``
function that adds a parser and sets ``run``. Problems in a user's files
print as a list and exit 1; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..facts.atlas import default_data_dir, load_atlas
from ..facts.problems import DataError, display_path
from . import export as cli_export
from . import links as cli_links
from . import paper as cli_paper
from . import quiz as cli_quiz
from . import student as cli_student

__all__ = ["main", "build_parser"]


def _register_check(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser(
        "check", help="validate every CSV in the data folder",
        description="Validate every CSV in the data folder and report all problems at once.",
    )
    check.add_argument("data_dir", nargs="?", type=Path, default=None,
                       help="folder of CSV files (default: the course's data/)")
    check.set_defaults(run=_check)


def _check(args: argparse.Namespace) -> int:
    atlas = load_atlas(args.data_dir or default_data_dir())
    counts = ", ".join(f"{len(frame)} {name.replace('_', ' ')}"
                       for name, frame in atlas.tables.items())
    print(f"OK: {counts}")
    return 0


#: Functions that add one subcommand each; add a line to add a command.
REGISTRARS = [
    _register_check,
    cli_export.register,
    cli_paper.register,
    cli_student.register,
    cli_quiz.register,
    cli_links.register,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="psoas-edu",
        description="Check and export the psoas-edu course material.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in REGISTRARS:
        register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    except OSError as error:
        # A folder that cannot be listed or read: name it, no traceback.
        where = f"{display_path(error.filename)}: " if error.filename else ""
        print(f"psoas-edu {args.command}: {where}{error.strerror or error}", file=sys.stderr)
        return 1
