"""The question ids of an export, written beside it, to rebuild the same quiz later.

Every ``export`` and ``paper`` writes ``NAME.ids.txt`` next to ``NAME.ext``:
the seed, the title and the question ids in quiz order (a per-student group
on one line). It is for the instructor only: with it, anyone can rebuild the
answer key. ``--from-ids NAME.ids.txt`` rebuilds exactly that quiz, whatever
was added to the bank since (as long as its questions and facts still exist).

Example::

    # psoas-edu quiz manifest of week3.zip: for the instructor only (it rebuilds
    # the answer key). Rebuild this quiz with --from-ids week3.ids.txt
    seed 3
    title Week 3
    gen_nerve_iliacus
    group bank_a bank_b bank_c
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..atomic_write import atomic_write_text

__all__ = ["Manifest", "check_manifest", "manifest_of", "manifest_path", "read_manifest",
           "write_manifest"]

_ID = re.compile(r"[A-Za-z0-9_]+")


@dataclass(frozen=True)
class Manifest:
    """What ``--from-ids`` needs: seed, title, ids in order, and per-student groups."""

    seed: int
    title: str
    ids: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...] = ()


def manifest_of(version) -> Manifest:
    """The manifest of a :class:`~psoas_edu.cli.selection.QuizVersion`."""
    quiz = version.quiz
    return Manifest(quiz.seed or 0, quiz.title, tuple(q.id for q in quiz), version.groups)


def manifest_path(out: Path) -> Path:
    """``week3.zip`` -> ``week3.ids.txt``."""
    return out.with_name(f"{out.stem}.ids.txt")


def manifest_text(manifest: Manifest, out: Path) -> str:
    """The manifest file's text (see the module docstring)."""
    name = manifest_path(out).name
    lines = [f"# psoas-edu quiz manifest of {out.name}: for the instructor only (it rebuilds",
             f"# the answer key). Rebuild this quiz with --from-ids {name}",
             f"seed {manifest.seed}", f"title {' '.join(manifest.title.split())}"]
    grouped = {i for group in manifest.groups for i in group}
    lines += [i for i in manifest.ids if i not in grouped]
    lines += ["group " + " ".join(group) for group in manifest.groups]
    return "\n".join(lines) + "\n"


def check_manifest(manifest: Manifest, out: Path, *, force: bool = False) -> None:
    """Fail before anything is written when :func:`write_manifest` would refuse.

    Raises
    ------
    FileExistsError
        A manifest of another quiz is beside ``out`` and ``force`` is not given.
    """
    path = manifest_path(out)
    if not force and path.exists() and not _same_quiz(path, manifest_text(manifest, out)):
        raise FileExistsError(f"{path} lists the questions of another quiz; choose another "
                              "name, or add --force to replace it")


def write_manifest(manifest: Manifest, out: Path, *, force: bool = False) -> Path:
    """Write ``manifest`` beside ``out``; an identical one already there is kept.

    Two formats of one quiz (``week3.gift``, ``week3.zip``) share ``week3.ids.txt``.

    Raises
    ------
    FileExistsError
        A different manifest is there and ``force`` is not given.
    """
    check_manifest(manifest, out, force=force)
    path = manifest_path(out)
    text = manifest_text(manifest, out)
    if path.is_file() and _same_quiz(path, text):
        return path
    return atomic_write_text(path, text, force=True)


def _same_quiz(path: Path, text: str) -> bool:
    # The comment names the export; two formats of one quiz share the rest.
    def body(t: str) -> list[str]:
        return [line for line in t.splitlines() if not line.startswith("#")]

    try:
        return body(path.read_text(encoding="utf-8")) == body(text)
    except (OSError, UnicodeDecodeError):
        return False


def read_manifest(path: Path) -> Manifest:
    """Read a manifest written by :func:`write_manifest`.

    Raises
    ------
    ValueError
        A missing file or seed, a bad line or no ids; the message names file and line.
    OSError
        The file cannot be read.
    """
    seed: int | None = None
    title = "Quiz"
    ids: list[str] = []
    groups: list[tuple[str, ...]] = []
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValueError(f"--from-ids: {path} does not exist; expected the NAME.ids.txt an "
                         "export wrote beside NAME") from None
    except UnicodeDecodeError as error:
        raise ValueError(f"--from-ids: {path} is not UTF-8 text ({error.reason} at byte "
                         f"{error.start}); expected the NAME.ids.txt an export wrote") from None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if word == "seed" and re.fullmatch(r"-?\d+", rest.strip()):
            seed = int(rest)
        elif word == "title" and rest.strip():
            title = rest.strip()
        elif word == "group" and rest.split() and all(_ID.fullmatch(i) for i in rest.split()):
            groups.append(tuple(rest.split()))
            ids += rest.split()
        elif _ID.fullmatch(line):
            ids.append(line)
        else:
            raise ValueError(f"{path}, line {number}: got {raw!r}; expected 'seed N', "
                             "'title TEXT', a question id, or 'group ID ID ...'")
    if seed is None or not ids:
        raise ValueError(f"{path}: expected a 'seed N' line and at least one question id "
                         "(a file written beside an export as NAME.ids.txt)")
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(f"{path}: question {repeated[0]!r} is listed twice")
    return Manifest(seed, title, tuple(ids), tuple(groups))
