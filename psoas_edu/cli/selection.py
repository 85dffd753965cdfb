"""The options that choose a quiz, shared by ``export`` and ``paper``.

``--topic``, ``--n`` (or ``--all``), ``--seed``, ``--include``, ``--exclude``,
``--bank-only``, ``--no-bank``, ``--title`` and ``--versions`` become the
keywords of :func:`psoas_edu.quiz.generate.build_quiz`. Keywords are passed
only when their option is given, so the defaults stay ``build_quiz``'s own.
``--from-ids FILE`` replaces them all: it rebuilds the quiz an earlier export
listed in FILE (see :mod:`.manifest`).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["QuizVersion", "add_selection_options", "build_keywords", "build_versions",
           "every_question", "id_list"]

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
    size.add_argument("--n", type=int, default=None, metavar="N",
                      help="number of questions (default: 10)")
    size.add_argument("--all", action="store_true",
                      help="every question that matches the other options (--topic, "
                           "--exclude, --bank-only, --no-bank), none left out, instead of --n")
    group.add_argument("--seed", type=int, default=None,
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
    group.add_argument("--from-ids", type=Path, default=None, metavar="FILE",
                       help="rebuild exactly the quiz of FILE, the NAME.ids.txt an earlier "
                            "export wrote beside NAME (with --title to retitle it)")


def build_keywords(args: argparse.Namespace) -> dict:
    """The ``build_quiz`` keywords the options ask for (new ones only when given)."""
    keywords: dict = {"topic": args.topic, "n": _size(args), "seed": _seed(args),
                      "include_bank": not args.no_bank}
    if args.title is not None:
        keywords["title"] = args.title
    if args.include:
        keywords["include"] = args.include
    if args.exclude:
        keywords["exclude"] = args.exclude
    if args.bank_only:
        keywords["bank_only"] = True
    return keywords


def _size(args: argparse.Namespace) -> int | None:
    return None if args.all else (args.n if args.n is not None else 10)


def _seed(args: argparse.Namespace) -> int:
    return args.seed if args.seed is not None else 0


@dataclass(frozen=True)
class QuizVersion:
    """One version of the quiz, the file it goes to, and its per-student groups (ids)."""

    quiz: object
    path: Path
    number: int
    groups: tuple[tuple[str, ...], ...] = ()


def build_versions(args: argparse.Namespace, out: Path,
                   build: Callable[..., object] | None = None, *, per_student: int = 1,
                   groupable: Callable[[object], bool] | None = None) -> list[QuizVersion]:
    """The quizzes the options ask for, each with the file it goes to.

    - ``--from-ids FILE``: exactly the quiz FILE lists (see :mod:`.manifest`);
    - ``--all``: every question that matches (:func:`every_question`);
    - ``--versions N``: N matched versions ``NAME-v1`` ... ``NAME-vN`` of one
      seed, each with the same number of questions, points and mix of types
      (:mod:`.forms`); ``--include`` questions are in every version;
    - ``per_student`` K: one quiz of matched groups of K questions, of which
      each student gets one per group (questions ``groupable`` rejects are
      left out);
    - otherwise the one quiz ``build_quiz`` picks, written to ``out``.

    Raises
    ------
    ValueError
        From ``build_quiz`` (unknown topic or id, too few questions), too
        many versions, options that do not go together, or a bad manifest.
    """
    if build is None:
        from ..quiz.generate import build_quiz as build
    if args.from_ids is not None:
        return [_from_manifest(args, out, build)]
    if args.n is not None and args.n < 1:
        raise ValueError(f"--n: got {args.n}; expected a whole number of 1 or more")
    if args.versions > _MAX_VERSIONS:
        raise ValueError(f"--versions: got {args.versions}; expected at most {_MAX_VERSIONS}")
    matched = max(args.versions, per_student)
    if args.all and matched > 1:
        raise ValueError("--all: every question goes into one quiz; it cannot be combined "
                         "with --versions or --per-student")
    if args.versions > 1 and per_student > 1:
        raise ValueError("--versions and --per-student: choose one (per-student groups "
                         "already give each student their own questions)")
    keywords = build_keywords(args)
    _check_supported(build, keywords)
    keywords.update(_facts_and_bank(args))
    if args.all:
        return [QuizVersion(every_question(build, keywords, args), out, 1)]
    base = build(**keywords)
    if matched == 1:
        return [QuizVersion(base, out, 1)]
    from .forms import matched_forms

    pool = _whole_pool(build, keywords)
    pinned = [q for q in base.questions if q.id in set(args.include)]
    forms = matched_forms([*base.questions, *pool.questions], shared=pinned,
                          groups=len(base) - len(pinned), size=matched,
                          allowed=groupable or (lambda q: True))
    if per_student > 1:
        questions = (*forms.shared, *(q for group in forms.groups for q in group))
        groups = tuple(tuple(q.id for q in group) for group in forms.groups)
        return [QuizVersion(_with_questions(base, questions), out, 1, groups)]
    return [QuizVersion(_with_questions(base, forms.version(number),
                                        f"{base.title} (version {number} of {matched})"),
                        out.with_name(f"{out.stem}-v{number}{out.suffix}"), number)
            for number in range(1, matched + 1)]


def every_question(build: Callable[..., object], keywords: dict, args: argparse.Namespace):
    """Every question matching ``--topic``, ``--exclude`` and the bank options.

    Unlike a sampled quiz, nothing is held back: two questions that share an
    answer, or a belief and its correction, are both in. ``build_quiz`` is
    asked for one question only to check the options and name the quiz.
    """
    from ..quiz.generate import TOPIC_GROUPS, TOPICS, generate_questions, read_exclusions

    probe = build(**{**keywords, "n": max(1, len(args.include))})
    pinned = [q for q in probe.questions if q.id in set(args.include)]
    wanted = None
    if args.topic is not None:
        wanted = set(TOPIC_GROUPS.get(args.topic, (args.topic,)))
    generated: tuple = ()
    if not args.bank_only:
        topics = None if wanted is None else [t for t in TOPICS if t in wanted]
        if topics is None or topics:
            generated = generate_questions(keywords["atlas"], seed=_seed(args), topics=topics)
    bank = [q for q in keywords.get("bank", ()) if wanted is None or q.topic in wanted]
    excluded = set(args.exclude) | set(read_exclusions())
    questions = {q.id: q for q in pinned}
    for question in (*generated, *bank):
        if question.id not in excluded:
            questions.setdefault(question.id, question)
    return _with_questions(probe, tuple(questions.values()))


def _from_manifest(args: argparse.Namespace, out: Path,
                   build: Callable[..., object]) -> QuizVersion:
    from .manifest import read_manifest

    given = [name for name, value in (
        ("--topic", args.topic), ("--n", args.n), ("--all", args.all), ("--seed", args.seed),
        ("--include", args.include), ("--exclude", args.exclude),
        ("--bank-only", args.bank_only), ("--no-bank", args.no_bank),
        ("--versions", args.versions > 1)) if value not in (None, False, (), 0)]
    if given:
        raise ValueError(f"--from-ids rebuilds the quiz its file lists; it cannot be "
                         f"combined with {', '.join(given)}")
    manifest = read_manifest(args.from_ids)
    from ..facts.atlas import load_atlas
    from ..quiz.bank import load_bank

    atlas = load_atlas()
    quiz = build(include=manifest.ids, n=len(manifest.ids), seed=manifest.seed,
                 title=args.title or manifest.title, atlas=atlas, bank=load_bank(atlas=atlas))
    order = {qid: i for i, qid in enumerate(manifest.ids)}
    questions = tuple(sorted((q for q in quiz.questions if q.id in order),
                             key=lambda q: order[q.id]))
    return QuizVersion(_with_questions(quiz, questions), out, 1, manifest.groups)


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


def _with_questions(quiz, questions: tuple, title: str | None = None):
    from dataclasses import replace

    return replace(quiz, questions=tuple(questions),
                   title=title if title is not None else quiz.title)
