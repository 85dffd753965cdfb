"""The student version of the course: the notebooks without their answers.

The instructor keeps one set of notebooks (``notebooks/``) and marks cells
with tags (JupyterLab: the property inspector, "Cell Tags"):

``solution`` or ``answer-key``
    The whole cell is left out of the student version (a worked solution,
    an answer key, instructor notes).
``reveals-answer``
    The cell stays but its stored outputs are cleared: its code is what the
    student runs, but the saved output would give answers away (a quiz
    shown with its answers, a plot of the solution). Students see the
    output when they run the cell themselves.

A notebook whose metadata holds ``{"psoas_edu": {"instructor_only": true}}``
is left out entirely. Everything else in ``notebooks/`` is copied as is.
The source folder is only read, never written.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..atomic_write import temporary_sibling
from ..facts.problems import display_path

__all__ = [
    "REMOVE_TAGS",
    "CLEAR_OUTPUT_TAGS",
    "NotebookChanges",
    "StudentVersion",
    "default_notebooks_dir",
    "build_student_version",
    "student_notebook",
    "student_version_summary",
]

#: Cells with any of these tags are removed from the student version.
REMOVE_TAGS: tuple[str, ...] = ("solution", "answer-key")
#: Cells with any of these tags keep their code but lose their outputs.
CLEAR_OUTPUT_TAGS: tuple[str, ...] = ("reveals-answer",)

_MANIFEST = ".psoas-edu-student-version.json"
_SKIP_DIRS = {".ipynb_checkpoints", "__pycache__", ".pytest_cache"}


@dataclass(frozen=True)
class NotebookChanges:
    """What was taken out of one notebook (``name`` is relative to the folder)."""

    name: str
    removed_cells: int
    cleared_outputs: int
    left_out: bool = False


@dataclass(frozen=True)
class StudentVersion:
    """The result of :func:`build_student_version`."""

    source: Path
    target: Path
    notebooks: tuple[NotebookChanges, ...]
    other_files: tuple[str, ...]

    @property
    def summary(self) -> str:
        """One line per notebook, then a total, for the command line."""
        lines = []
        for nb in self.notebooks:
            if nb.left_out:
                lines.append(f"  {nb.name}: left out (instructor only)")
            else:
                lines.append(f"  {nb.name}: {_count(nb.removed_cells, 'cell')} removed, "
                             f"{_count(nb.cleared_outputs, 'output')} cleared")
        copied = sum(not nb.left_out for nb in self.notebooks)
        lines.append(f"Student version in {display_path(self.target)}: "
                     f"{_count(copied, 'notebook')} and "
                     f"{_count(len(self.other_files), 'other file')}.")
        return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def default_notebooks_dir() -> Path:
    """The ``notebooks/`` folder of this checkout."""
    return Path(__file__).resolve().parents[2] / "notebooks"


def student_notebook(notebook: dict) -> tuple[dict, int, int]:
    """The student version of one notebook (as parsed JSON).

    Parameters
    ----------
    notebook
        A notebook in nbformat 4 JSON structure; it is not modified.

    Returns
    -------
    tuple
        The new notebook, the number of cells removed and the number of
        cells whose outputs were cleared.
    """
    cells = []
    removed = cleared = 0
    for cell in notebook.get("cells", []):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & set(REMOVE_TAGS):
            removed += 1
            continue
        cell = dict(cell)
        if tags & set(CLEAR_OUTPUT_TAGS) and cell.get("cell_type") == "code":
            if cell.get("outputs"):
                cleared += 1
            cell["outputs"] = []
            cell["execution_count"] = None
        cells.append(cell)
    return {**notebook, "cells": cells}, removed, cleared


def student_version_summary(path: Path | str) -> str:
    """Say what the student version would change in one notebook, without writing.

    >>> student_version_summary("notebooks/01_iliopsoas_anatomy.ipynb")  # doctest: +SKIP
    '01_iliopsoas_anatomy.ipynb: 3 cells removed, 0 outputs cleared'
    """
    path = Path(path)
    _, removed, cleared = student_notebook(_read_notebook(path))
    return f"{path.name}: {_count(removed, 'cell')} removed, {_count(cleared, 'output')} cleared"


def build_student_version(target: Path | str, *, source: Path | str | None = None,
                          force: bool = False) -> StudentVersion:
    """Copy the notebooks folder to ``target`` without answers.

    Parameters
    ----------
    target
        The folder to create. It must be new or empty, unless ``force``.
    source
        The instructor's notebooks (default: this course's ``notebooks/``).
    force
        Write into a non-empty ``target``: files of the same name are
        replaced, files a previous student version wrote there and this one
        does not are removed, and anything else is left alone.

    Returns
    -------
    StudentVersion
        What was copied and what was removed.

    Raises
    ------
    FileExistsError
        ``target`` is not empty and ``force`` is false.
    ValueError
        ``target`` is the source folder, inside it, or holds it; or a
        notebook is not valid JSON.
    """
    source = Path(source) if source is not None else default_notebooks_dir()
    target = Path(target)
    _check_folders(source, target, force=force)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = temporary_sibling(target, folder=True)
    try:
        _match_umask(staging)
        changes, others = _write_tree(source, staging)
        written = sorted(str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file())
        (staging / _MANIFEST).write_text(json.dumps({"files": written}, indent=1) + "\n",
                                         encoding="utf-8")
        _move_into_place(staging, target, written)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return StudentVersion(source, target, tuple(changes), tuple(others))


def _check_folders(source: Path, target: Path, *, force: bool) -> None:
    if not source.is_dir():
        raise NotADirectoryError(f"{display_path(source)}: no such folder of notebooks")
    src, out = source.resolve(), target.resolve()
    if out == src or src in out.parents or out in src.parents:
        raise ValueError(
            f"{display_path(target)}: the student version must go to a folder outside "
            f"{display_path(source)} (and not one that holds it)"
        )
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"{display_path(target)} is a file; expected a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise FileExistsError(
            f"{display_path(target)} is not empty; choose a new folder or pass --force "
            "to write into it"
        )


def _write_tree(source: Path, staging: Path) -> tuple[list[NotebookChanges], list[str]]:
    changes: list[NotebookChanges] = []
    others: list[str] = []
    for path in sorted(_files(source)):
        relative = path.relative_to(source)
        out = staging / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix != ".ipynb":
            shutil.copy2(path, out)
            others.append(str(relative))
            continue
        notebook = _read_notebook(path)
        if notebook.get("metadata", {}).get("psoas_edu", {}).get("instructor_only"):
            changes.append(NotebookChanges(str(relative), 0, 0, left_out=True))
            continue
        student, removed, cleared = student_notebook(notebook)
        out.write_text(_dump_notebook(student), encoding="utf-8", newline="\n")
        changes.append(NotebookChanges(str(relative), removed, cleared))
    return changes, others


def _files(folder: Path) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        for name in files:
            yield Path(root) / name


def _read_notebook(path: Path) -> dict:
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{display_path(path)}: got unreadable notebook ({error}); "
                         "expected a notebook saved by Jupyter") from None
    if not isinstance(notebook, dict) or notebook.get("nbformat") != 4:
        raise ValueError(f"{display_path(path)}: got no nbformat 4 notebook; "
                         "expected a notebook saved by Jupyter")
    return notebook


def _dump_notebook(notebook: dict) -> str:
    # The same layout Jupyter saves, so a diff against the source stays small.
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _move_into_place(staging: Path, target: Path, written: list[str]) -> None:
    if target.is_dir() and not any(target.iterdir()):
        target.rmdir()
    if not target.exists():
        staging.rename(target)
        return
    previous = _previous_files(target)
    for name in [*written, _MANIFEST]:
        out = target / name
        out.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / name, out)
    root = target.resolve()
    for name in sorted(previous - set(written)):
        stale = (target / name).resolve()
        if root in stale.parents:  # never follow a manifest entry out of the folder
            stale.unlink(missing_ok=True)


def _match_umask(folder: Path) -> None:
    # mkdtemp makes an owner-only folder; a handout folder should get the usual permissions.
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(folder, 0o777 & ~mask)


def _previous_files(target: Path) -> set[str]:
    try:
        manifest = json.loads((target / _MANIFEST).read_text(encoding="utf-8"))
        return {str(name) for name in manifest["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()
