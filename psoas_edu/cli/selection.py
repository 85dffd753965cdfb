"""The options that choose a quiz, shared by ``export`` and ``paper``.

``--topic``, ``--n`` (or ``--all``), ``--seed``, ``--include``, ``--exclude``,
``--bank-only``, ``--no-bank``, ``--title`` and ``--versions`` become the
keywords of :func:`psoas_edu.quiz.generate.build_quiz`. Keywords are passed
only when their option is given, so the defaults stay ``build_quiz``'s own.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["QuizVersion", "add_selection_options", "build_keywords", "build_versions",
           "id_list"]

# More questions than any course has: asking for this many yields the whole pool.
_WHOLE_POOL = 100_000
_MAX_VERSIONS = 50


def id_list(text: str) -> tuple[str, ...]:
    """Parse ``'a, b,c'`` into question ids for ``--include`` and ``--exclude``.

    >>> id_list("bank_psoas_origin, gen_nerve_iliacus")
    ('bank_psoas_origin', 'gen_nerve_iliacus')
    """
    ids = tuple(part.strip() for part in text.split(","))
    bad = [i for i in ids if not re.fullmatch(r"[A-Za-z0-9_]+", i)]
    if bad:
        raise argparse.ArgumentTypeError(
            f"got {bad[0]!r}; expected question ids separated by commas "
            "(letters, digits and '_'; see the ids in an answer key)")
    return ids


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"got {text!r}; expected a whole number of 1 or more")
    return value


def add_selection_options(parser: argparse.ArgumentParser, *, versions_help: str) -> None:
    """Add the options that choose the quiz to ``parser``."""
    group = parser.add_argument_group("choosing the questions")
    group.add_argument("--topic", default=None,
                       help="only questions on this topic (default: all topics)")
    size = group.add_mutually_exclusive_group()
    size.add_argument("--n", type=int, default=10, metavar="N",
                      help="number of questions (default: 10)")
    size.add_argument("--all", action="store_true",
                      help="every question that matches, instead of --n")
    group.add_argument("--seed", type=int, default=0,
                       help="the same seed gives the same quiz (default: 0)")
    group.add_argument("--include", type=id_list, default=(), metavar="ID,...",
                       help="question ids that must be in the quiz (bank or generated)")
    group.add_argument("--exclude", type=id_list, default=(), metavar="ID,...",
                       help="question ids never to ask (besides data/quizzes/exclude.txt)")
    bank = group.add_mutually_exclusive_group()
    bank.add_argument("--bank-only", action="store_true",
                      help="only your own questions from data/quizzes/ (plus --include)")
    bank.add_argument("--no-bank", action="store_true",
                      help="leave out your question bank")
    group.add_argument("--title", default=None, help="the quiz title shown to students")
    group.add_argument("--versions", type=_positive, default=1, metavar="N",
                       help=versions_help)


def build_keywords(args: argparse.Namespace) -> dict:
    """The ``build_quiz`` keywords the options ask for (new ones only when given)."""
    keywords: dict = {"topic": args.topic, "n": _WHOLE_POOL if args.all else args.n,
                      "seed": args.seed, "include_bank": not args.no_bank}
    if args.title is not None:
        keywords["title"] = args.title
    if args.include:
        keywords["include"] = args.include
    if args.exclude:
        keywords["exclude"] = args.exclude
    if args.bank_only:
        keywords["bank_only"] = True
    return keywords


@dataclass(frozen=True)
class QuizVersion:
    """One version of the quiz and the file it goes to."""

    quiz: object
    path: Path
    number: int


def build_versions(args: argparse.Namespace, out: Path,
                   build: Callable[..., object] | None = None) -> list[QuizVersion]:
    """One quiz per version: version ``k`` uses seed ``--seed + k - 1`` and file ``NAME-vK``.

    With ``--versions 1`` (the default) the one quiz goes to ``out`` itself.

    Raises
    ------
    ValueError
        From ``build_quiz`` (unknown topic or id, too few questions) or too
        many versions.
    """
    if build is None:
        from ..quiz.generate import build_quiz as build
    if args.n < 1:
        raise ValueError(f"--n: got {args.n}; expected a whole number of 1 or more")
    if args.versions > _MAX_VERSIONS:
        raise ValueError(f"--versions: got {args.versions}; expected at most {_MAX_VERSIONS}")
    keywords = build_keywords(args)
    _check_supported(build, keywords)
    keywords.update(_facts_and_bank(args))
    made = []
    for number in range(1, args.versions + 1):
        options = {**keywords, "seed": args.seed + number - 1}
        quiz = _whole_pool(build, options) if args.all else build(**options)
        path = out
        if args.versions > 1:
            path = out.with_name(f"{out.stem}-v{number}{out.suffix}")
            quiz = _retitled(quiz, f"{quiz.title} (version {number} of {args.versions})")
        made.append(QuizVersion(quiz, path, number))
    return made


def _facts_and_bank(args: argparse.Namespace) -> dict:
    """Load the facts once for every version, and the bank strictly.

    An export refuses a bank with any problem (all listed), rather than
    leaving questions out the way a notebook quiz does.
    """
    from ..facts.atlas import load_atlas
    from ..quiz.bank import load_bank

    atlas = load_atlas()
    if args.no_bank:
        return {"atlas": atlas}
    return {"atlas": atlas, "bank": load_bank(atlas=atlas)}


_OPTION_OF = {"include": "--include", "exclude": "--exclude", "bank_only": "--bank-only",
              "title": "--title"}


def _check_supported(build: Callable[..., object], keywords: dict) -> None:
    import inspect

    try:
        accepted = inspect.signature(build).parameters
    except (TypeError, ValueError):  # a callable without a signature takes its chances
        return
    if any(p.kind is p.VAR_KEYWORD for p in accepted.values()):
        return
    missing = [_OPTION_OF.get(k, k) for k in keywords if k not in accepted]
    if missing:
        raise ValueError(f"{', '.join(missing)}: this version of psoas_edu.build_quiz "
                         "cannot choose questions that way")


def _whole_pool(build: Callable[..., object], options: dict):
    """Every question one quiz can hold: ``build_quiz(n=None)``."""
    return build(**{**options, "n": None})


def _retitled(quiz, title: str):
    from dataclasses import replace

    return replace(quiz, title=title)

