"""The student version of the course: a handout that runs alone and holds no answers.

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

A mistyped tag never leaks a cell: ``Solution``, ``solutions`` or
``answer_key`` act as the tag they spell, with a warning, and a tag that
merely looks like one (``soluton``) stops the build (see
:mod:`psoas_edu.course.cell_tags`). A notebook whose metadata holds
``{"psoas_edu": {"instructor_only": true}}`` is left out entirely, and text
that points at what was removed is adjusted (see
:mod:`psoas_edu.course.handout_text`).

The handout is a folder a student installs with one command
(``pip install -r requirements.txt``)::

    README.md  requirements.txt  environment.yml  pyproject.toml  LICENSE
    psoas_edu/       the package
    data/            the facts; data/quizzes/ is empty (the bank holds answers)
    notebooks/       the student notebooks and the files they link to

Only files a student notebook names are copied from ``notebooks/``, so an
export or a stray file there never reaches students. The source folders
are only read, never written.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic_write import temporary_sibling
from ..facts.atlas import default_data_dir
from ..facts.csvfiles import data_files, read_table
from ..facts.problems import display_path
from .cell_tags import CLEAR_OUTPUT_TAGS, REMOVE_TAGS, check_tag
from .handout_text import adjust_markdown, orphan_headings

__all__ = [
    "REMOVE_TAGS",
    "CLEAR_OUTPUT_TAGS",
    "NotebookChanges",
    "StudentVersion",
    "default_notebooks_dir",
    "build_student_version",
    "student_notebook",
    "student_version_summary",
    "tag_report",
    "bank_texts",
]

_MANIFEST = ".psoas-edu-student-version.json"
_SKIP_DIRS = {".ipynb_checkpoints", "__pycache__", ".pytest_cache"}
_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class NotebookChanges:
    """What was taken out of one notebook (``name`` is relative to the folder)."""

    name: str
    removed_cells: int
    cleared_outputs: int
    left_out: bool = False
    adjusted_text: int = 0


@dataclass(frozen=True)
class StudentVersion:
    """The result of :func:`build_student_version`."""

    source: Path
    target: Path
    notebooks: tuple[NotebookChanges, ...]
    other_files: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def summary(self) -> str:
        """One line per notebook, then a total, for the command line."""
        lines = []
        for nb in self.notebooks:
            if nb.left_out:
                lines.append(f"  {nb.name}: left out (instructor only)")
            else:
                adjusted = (f", {_count(nb.adjusted_text, 'passage')} of text adjusted"
                            if nb.adjusted_text else "")
                lines.append(f"  {nb.name}: {_count(nb.removed_cells, 'cell')} removed, "
                             f"{_count(nb.cleared_outputs, 'output')} cleared{adjusted}")
        copied = sum(not nb.left_out for nb in self.notebooks)
        lines.append(f"Student version in {display_path(self.target)}: "
                     f"{_count(copied, 'notebook')} and "
                     f"{_count(len(self.other_files), 'other file')}, with the package "
                     "and the facts. Students install it with: pip install -r requirements.txt "
                     "(Binder and JupyterHub images build it from environment.yml)")
        return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def default_notebooks_dir() -> Path:
    """The ``notebooks/`` folder of this checkout."""
    return _ROOT / "notebooks"


def _tags(cell: dict) -> set[str]:
    """The course tags a cell means, near-misses included."""
    return {check.meant for check in map(check_tag, cell.get("metadata", {}).get("tags", []))
            if check.kind in ("known", "near-miss")}


def student_notebook(notebook: dict, *, left_out: Iterable[str] = (),
                     bank_texts: Iterable[str] = ()) -> tuple[dict, NotebookChanges]:
    """The student version of one notebook (as parsed JSON).

    Parameters
    ----------
    notebook
        A notebook in nbformat 4 JSON structure; it is not modified.
    left_out
        File names of notebooks not in the handout; links and references to
        them are removed from the text.
    bank_texts
        Questions and explanations of the instructor's bank: a saved output
        that shows any of them is cleared, as if tagged ``reveals-answer``.

    Returns
    -------
    tuple
        The new notebook, and what changed (``name`` left empty).
    """
    cells = notebook.get("cells", [])
    removed = [bool(_tags(cell) & set(REMOVE_TAGS)) for cell in cells]
    for index in orphan_headings(cells, removed):
        removed[index] = True
    left_out = tuple(left_out)
    bank_texts = tuple(bank_texts)
    kept = []
    cleared = adjusted = emptied = 0
    for cell, gone in zip(cells, removed, strict=True):
        if gone:
            continue
        cell = dict(cell)
        if cell.get("cell_type") == "code" and (
                _tags(cell) & set(CLEAR_OUTPUT_TAGS) or _shows_any(cell, bank_texts)):
            if cell.get("outputs"):
                cleared += 1
            cell["outputs"] = []
            cell["execution_count"] = None
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            text, changes = adjust_markdown(
                "".join(source) if isinstance(source, list) else source, left_out=left_out)
            if changes:
                cell["source"] = text
                adjusted += changes
            if not text.strip():
                emptied += 1  # nothing was left of it
                continue
        kept.append(cell)
    changes = NotebookChanges("", sum(removed) + emptied, cleared, adjusted_text=adjusted)
    return {**notebook, "cells": kept}, changes


def _shows_any(cell: dict, texts: tuple[str, ...]) -> bool:
    if not texts or not cell.get("outputs"):
        return False
    shown = json.dumps(cell["outputs"], ensure_ascii=False)
    return any(json.dumps(text, ensure_ascii=False)[1:-1] in shown
               or html.escape(text) in shown for text in texts)


def bank_texts(folder: Path | str | None = None) -> tuple[str, ...]:
    """The questions and explanations of the instructor's bank (``data/quizzes/*.csv``).

    Read as leniently as the bank itself (the bank's own checks are
    ``psoas-edu quiz check``'s job), but a file that cannot be read at all
    stops the build: its questions could not be kept out of saved outputs.
    Only cells of the ``question`` and ``explanation`` columns of 12 or more
    characters count, which no generated question would repeat by chance.

    Raises
    ------
    ValueError
        A bank file cannot be read.
    """
    folder = Path(folder) if folder is not None else default_data_dir() / "quizzes"
    texts = set()
    for path in data_files(folder) if folder.is_dir() else []:
        table, problems = read_table(path)
        if table is None:
            raise ValueError(f"{problems[0]} (an unread bank could leak into saved outputs; "
                             "see psoas-edu quiz check)")
        for _, row in table.rows:
            for column in ("question", "explanation"):
                value = (row.get(column) or "").strip()
                if len(value) >= 12:
                    texts.add(value)
    return tuple(sorted(texts))


def tag_report(notebook: dict, name: str) -> tuple[list[str], list[str]]:
    """Warnings for near-miss tags and problems for tags that only look like course tags.

    Parameters
    ----------
    notebook
        A notebook in nbformat 4 JSON structure.
    name
        How to name the notebook in messages.

    Returns
    -------
    (list of str, list of str)
        Warnings (the build goes on) and problems (the build stops).
    """
    warnings, problems = [], []
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        for tag in cell.get("metadata", {}).get("tags", []):
            check = check_tag(str(tag))
            where = f"{name} cell {number}: tag {str(tag)!r}"
            if check.kind == "near-miss":
                warnings.append(f"{where} is read as {check.meant!r}; write it as "
                                f"{check.meant!r}")
            elif check.kind == "suspicious":
                hint = f" (did you mean {check.meant!r}?)" if check.meant else ""
                problems.append(f"{where} looks like a course tag but is none; expected one "
                                f"of {', '.join(map(repr, (*REMOVE_TAGS, *CLEAR_OUTPUT_TAGS)))}"
                                f"{hint}, or a tag unlike them")
    return warnings, problems


def student_version_summary(path: Path | str) -> str:
    """Say what the student version would change in one notebook, without writing.

    >>> student_version_summary("notebooks/01_iliopsoas_anatomy.ipynb")  # doctest: +SKIP
    '01_iliopsoas_anatomy.ipynb: 3 cells removed, 0 outputs cleared'
    """
    path = Path(path)
    _, changes = student_notebook(_read_notebook(path))
    return (f"{path.name}: {_count(changes.removed_cells, 'cell')} removed, "
            f"{_count(changes.cleared_outputs, 'output')} cleared")


def build_student_version(target: Path | str, *, source: Path | str | None = None,
                          force: bool = False) -> StudentVersion:
    """Write the handout: student notebooks, the package and the facts, no answers.

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
        What was copied and removed, and warnings on mistyped tags.

    Raises
    ------
    FileExistsError
        ``target`` is not empty and ``force`` is false.
    ValueError
        ``target`` is inside the notebooks or the data folder, or holds
        them; a notebook is not valid JSON; or a cell tag looks like a
        course tag without being one (every such tag is listed).
    """
    source = Path(source) if source is not None else default_notebooks_dir()
    target = Path(target)
    _check_folders(source, target, force=force)
    notebooks, warnings = _student_notebooks(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = temporary_sibling(target, folder=True)
    try:
        _match_umask(staging)
        changes, others = _write_notebooks(source, notebooks, staging / "notebooks")
        _write_package(staging)
        written = sorted(str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file())
        (staging / _MANIFEST).write_text(json.dumps({"files": written}, indent=1) + "\n",
                                         encoding="utf-8")
        _move_into_place(staging, target, written)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return StudentVersion(source, target, tuple(changes), tuple(others), tuple(warnings))


def _check_folders(source: Path, target: Path, *, force: bool) -> None:
    if not source.is_dir():
        raise NotADirectoryError(f"{display_path(source)}: no such folder of notebooks")
    out = target.resolve()
    for folder in (source, default_data_dir()):
        held = folder.resolve()
        if out == held or held in out.parents or out in held.parents:
            raise ValueError(
                f"{display_path(target)}: the student version must go to a folder outside "
                f"{display_path(folder)} (and not one that holds it)"
            )
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"{display_path(target)} is a file; expected a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise FileExistsError(
            f"{display_path(target)} is not empty; choose a new folder or pass --force "
            "to write into it"
        )


def _student_notebooks(source: Path) -> tuple[dict[Path, dict], list[str]]:
    """Every notebook, read and tag-checked before anything is written."""
    notebooks = {path: _read_notebook(path) for path in sorted(_files(source))
                 if path.suffix == ".ipynb"}
    warnings, problems = [], []
    for path, notebook in notebooks.items():
        found = tag_report(notebook, display_path(path))
        warnings += found[0]
        problems += found[1]
    if problems:
        raise ValueError(f"{_count(len(problems), 'cell tag')} to fix before handing out:\n"
                         + "\n".join(problems))
    return notebooks, warnings


def _write_notebooks(source: Path, notebooks: dict[Path, dict], out_dir: Path
                     ) -> tuple[list[NotebookChanges], list[str]]:
    left_out = [path.name for path, nb in notebooks.items()
                if nb.get("metadata", {}).get("psoas_edu", {}).get("instructor_only")]
    hidden = bank_texts()
    changes: list[NotebookChanges] = []
    texts: list[str] = []
    for path, notebook in notebooks.items():
        relative = path.relative_to(source)
        if path.name in left_out:
            changes.append(NotebookChanges(str(relative), 0, 0, left_out=True))
            continue
        student, change = student_notebook(notebook, left_out=left_out, bank_texts=hidden)
        out = out_dir / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(_dump_notebook(student), encoding="utf-8", newline="\n")
        changes.append(NotebookChanges(str(relative), change.removed_cells,
                                       change.cleared_outputs, adjusted_text=change.adjusted_text))
        texts += [_source(cell) for cell in student["cells"]]
    return changes, _copy_needed_files(source, out_dir, "\n".join(texts))


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _copy_needed_files(source: Path, out_dir: Path, text: str) -> list[str]:
    """Copy the files of ``source`` that a student notebook names; return their names."""
    copied = []
    for path in sorted(_files(source)):
        relative = path.relative_to(source).as_posix()
        if path.suffix == ".ipynb" or not re.search(rf"(?<![\w-]){re.escape(relative)}\b",
                                                    text):
            continue
        out = out_dir / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, out)
        copied.append(relative)
    return copied


def _write_package(staging: Path) -> None:
    """The package, the facts and the files that make the handout installable."""
    shutil.copytree(_ROOT / "psoas_edu", staging / "psoas_edu",
                    ignore=shutil.ignore_patterns(*_SKIP_DIRS, "*.pyc"))
    data = default_data_dir()
    (staging / "data" / "quizzes").mkdir(parents=True)
    for path in sorted(data.iterdir()):
        if path.is_file() and path.suffix in (".csv", ".md"):
            shutil.copy2(path, staging / "data" / path.name)
    (staging / "data" / "quizzes" / "README.md").write_text(_BANK_NOTE, encoding="utf-8")
    licence = _ROOT / "LICENSE"
    if licence.is_file():
        shutil.copy2(licence, staging / "LICENSE")
    pyproject = tomllib.loads((_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (staging / "pyproject.toml").write_text(_pyproject(pyproject), encoding="utf-8")
    environment = _ROOT / "environment.yml"
    if environment.is_file():
        (staging / "environment.yml").write_text(
            _student_environment(environment.read_text(encoding="utf-8"),
                                 pyproject["project"]["dependencies"]), encoding="utf-8")
    (staging / "requirements.txt").write_text(
        "# Install everything the notebooks need: pip install -r requirements.txt\n-e .\n",
        encoding="utf-8")
    (staging / "README.md").write_text(_README, encoding="utf-8")


def _pyproject(pyproject: dict) -> str:
    project = pyproject["project"]
    dependencies = "".join(f'    "{d}",\n' for d in project["dependencies"])
    package_data = pyproject.get("tool", {}).get("setuptools", {}).get("package-data", {})
    data_lines = "".join(f"{name} = {json.dumps(patterns)}\n"
                         for name, patterns in package_data.items())
    return f"""[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[project]
name = "{project['name']}"
version = "{project['version']}"
description = "{project['description']} (student version)"
requires-python = "{project['requires-python']}"
dependencies = [
{dependencies}]

[tool.setuptools.packages.find]
include = ["psoas_edu*"]

[tool.setuptools.package-data]
{data_lines}"""


def _requirement_name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement.strip(), maxsplit=1)[0].lower()


def _student_environment(course: str, dependencies: Iterable[str]) -> str:
    """The course's ``environment.yml`` with only what students need.

    Binder and JupyterHub images (repo2docker) build from it: the pinned
    Python, the packages the notebooks import and the handout itself, none of
    the course's test tools. Lines are kept as written, comments included.
    """
    needed = {"python", "pip", *map(_requirement_name, dependencies)}
    kept = ["# For Binder, JupyterHub images (repo2docker) and conda; written by "
            "psoas-edu student-version.\n"]
    in_dependencies = False
    for line in course.splitlines(keepends=True):
        in_dependencies = in_dependencies or line.startswith("dependencies:")
        item = re.match(r"\s*-\s+(?!-e\b)([A-Za-z0-9_.-]+)", line)
        if line.lstrip().startswith("#") or (
                in_dependencies and item and _requirement_name(item[1]) not in needed):
            continue
        if line.startswith("name:"):
            line = line.replace("name: psoas-edu", "name: psoas-edu-student", 1)
        kept.append(re.sub(r" \(make [^)]*\)", "", line))  # the handout has no Makefile
    return "".join(kept)


_README = """# psoas-edu: the student version

Jupyter notebooks on the psoas and iliopsoas: anatomy, synergists and antagonists,
trigger points and safe release, with quizzes that give instant feedback.

## Install once

In a terminal, in this folder:

    python3 -m venv .venv
    .venv/bin/pip install -r requirements.txt

(on Windows: `py -m venv .venv` then `.venv\\Scripts\\pip install -r requirements.txt`).

## Start

    .venv/bin/jupyter lab notebooks/00_start_here.ipynb

Run the cells in order with Shift-Enter. The facts behind every table, diagram and
quiz question are in `data/`, each with its source.

## On Binder or a JupyterHub

`environment.yml` holds the same packages with a pinned Python: Binder and a hub's
image (repo2docker) build from it, and `conda env create -f environment.yml` works too.

The notebooks find the facts in this order: the folder named by the environment
variable `PSOAS_EDU_DATA`; the `data/` folder beside the installed package (an
editable install, as above); the `data/` folder beside `notebooks/` in the folder you
run from or one above it (after a plain `pip install .`, run from this folder or its
`notebooks/`). Anywhere else, set `PSOAS_EDU_DATA=/path/to/this/folder/data`.
"""

_BANK_NOTE = """# Quiz questions

In the instructor's copy this folder holds their own quiz questions with the answers,
so it is empty in the student version. Quizzes here are made from the facts in `data/`.
"""


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
