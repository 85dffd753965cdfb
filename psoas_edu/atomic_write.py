"""Write a file all at once or not at all, and never over a file by accident.

Every export goes through here: the content is written to a hidden
temporary file in the target's folder and moved into place with one
``os.replace`` (or ``os.link`` when overwriting is not allowed), so an
error half-way leaves no half-written file, and an existing file is kept
unless the caller passes ``force=True``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .facts.problems import display_path

__all__ = [
    "OutputExistsError",
    "atomic_path",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_writable",
]


class OutputExistsError(FileExistsError):
    """The output file exists and overwriting it was not allowed."""

    def __init__(self, path: Path):
        self.path = Path(path)
        super().__init__(
            f"{display_path(self.path)} already exists; "
            "choose another name or pass --force to replace it"
        )


def check_writable(path: Path | str, *, force: bool = False) -> Path:
    """Fail early when ``path`` cannot be written.

    Parameters
    ----------
    path
        The output file.
    force
        Allow replacing an existing file.

    Returns
    -------
    Path
        ``path`` as a :class:`~pathlib.Path`.

    Raises
    ------
    OutputExistsError
        ``path`` exists and ``force`` is false.
    NotADirectoryError, IsADirectoryError
        The folder is missing, or ``path`` is a folder.
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{display_path(path)} is a folder; expected a file name")
    if not path.parent.is_dir():
        raise NotADirectoryError(
            f"folder {display_path(path.parent)} does not exist; create it first"
        )
    if path.exists() and not force:
        raise OutputExistsError(path)
    return path


@contextlib.contextmanager
def atomic_path(path: Path | str, *, force: bool = False) -> Iterator[Path]:
    """Give a temporary path to write; move it to ``path`` when the block ends.

    The temporary file sits in the same folder as ``path`` (so the final
    move is atomic) and is removed if the block raises.

    Parameters
    ----------
    path
        The output file.
    force
        Allow replacing an existing file.

    Yields
    ------
    Path
        Where to write the content.

    Raises
    ------
    OutputExistsError
        ``path`` exists (checked before and after writing) and ``force`` is
        false.

    Examples
    --------
    >>> with atomic_path("quiz.txt") as tmp:  # doctest: +SKIP
    ...     tmp.write_text("content")
    """
    path = check_writable(path, force=force)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        _match_umask(temporary)
        if force:
            os.replace(temporary, path)
        else:
            _move_without_replacing(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def atomic_write_bytes(path: Path | str, data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; see :func:`atomic_path`.

    Returns
    -------
    Path
        The file written.
    """
    with atomic_path(path, force=force) as temporary:
        temporary.write_bytes(data)
    return Path(path)


def atomic_write_text(path: Path | str, text: str, *, force: bool = False) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically; see :func:`atomic_path`.

    Returns
    -------
    Path
        The file written.
    """
    with atomic_path(path, force=force) as temporary:
        temporary.write_text(text, encoding="utf-8", newline="\n")
    return Path(path)


def _move_without_replacing(temporary: Path, path: Path) -> None:
    # A hard link fails if ``path`` appeared meanwhile, which a check-then-move cannot promise.
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise OutputExistsError(path) from None
    except OSError:  # file systems without hard links
        if path.exists():
            raise OutputExistsError(path) from None
        os.replace(temporary, path)


def _match_umask(path: Path) -> None:
    # mkstemp makes owner-only files; an export should get the usual permissions.
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)
