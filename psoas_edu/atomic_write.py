"""Write a file all at once or not at all, and never over a file by accident.

Every export goes through here: the content is written to a hidden
temporary file in the target's folder and moved into place with one
``os.replace`` (or ``os.link`` when overwriting is not allowed), so an
error half-way leaves no half-written file, and an existing file is kept
unless the caller passes ``force=True``.

A process killed half-way (``kill -9``, a closed laptop) cannot clean up
after itself, so each temporary name carries the id of the process that
made it, and the next write to the same target removes those whose process
is gone. Outputs inside the course's ``data/`` and ``notebooks/`` folders
are refused unless forced: an export there would overwrite the sources it
is built from.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from .facts.atlas import default_data_dir
from .facts.problems import DataError, display_path

__all__ = [
    "OutputExistsError",
    "ProtectedFolderError",
    "atomic_path",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_writable",
    "protected_folders",
    "refuse_protected",
    "remove_leftovers",
    "temporary_sibling",
]

_TAG = "psoas-edu"
_OURS = re.compile(rf"^\.(?P<target>.+)\.{_TAG}-(?P<pid>\d+)-[A-Za-z0-9_]+\.tmp$")
# Names the earlier versions used (``.quiz.gift.k2j4_x.tmp``), without a process id.
_LEGACY = re.compile(r"^\.(?P<target>.+)\.[A-Za-z0-9_]{8}\.tmp$")
_LEGACY_AGE = 3600.0  # seconds; older than any export takes


class OutputExistsError(FileExistsError):
    """The output file exists and overwriting it was not allowed."""

    def __init__(self, path: Path):
        self.path = Path(path)
        super().__init__(
            f"{display_path(self.path)} already exists; "
            "choose another name or pass --force to replace it"
        )


class ProtectedFolderError(PermissionError):
    """The output would go inside the course's ``data/`` or ``notebooks/``."""

    def __init__(self, path: Path, folder: Path):
        self.path, self.folder = Path(path), Path(folder)
        super().__init__(
            f"{display_path(self.path)} is inside the course's {self.folder.name} folder "
            f"({display_path(self.folder)}), which the course is built from; write it "
            "elsewhere, or pass --force to write there anyway"
        )


def protected_folders() -> tuple[Path, ...]:
    """The folders exports must not write into unless forced: the data
    folder in use, this checkout's ``data/`` and its ``notebooks/``."""
    root = Path(__file__).resolve().parents[1]
    folders = {root / "data", root / "notebooks"}
    with contextlib.suppress(DataError):  # no data folder: nothing more to protect
        folders.add(default_data_dir().resolve())
    return tuple(sorted(folders))


def refuse_protected(path: Path | str, *, force: bool = False) -> Path:
    """Refuse an output file or folder inside :func:`protected_folders`
    unless ``force``; for writers of folders, which :func:`check_writable`
    does not take.

    Raises
    ------
    ProtectedFolderError
        ``path`` is (inside) the course's ``data/`` or ``notebooks/``.
    """
    path = Path(path)
    resolved = path.resolve()
    for folder in protected_folders():
        if not force and (resolved == folder or folder in resolved.parents):
            raise ProtectedFolderError(path, folder)
    return path


def check_writable(path: Path | str, *, force: bool = False) -> Path:
    """Fail early when ``path`` cannot be written.

    Parameters
    ----------
    path
        The output file (or folder, for a handout).
    force
        Allow replacing an existing file, and writing inside the course's
        ``data/`` or ``notebooks/``.

    Returns
    -------
    Path
        ``path`` as a :class:`~pathlib.Path`.

    Raises
    ------
    OutputExistsError
        ``path`` exists and ``force`` is false.
    ProtectedFolderError
        ``path`` is inside the course's ``data/`` or ``notebooks/`` and
        ``force`` is false.
    NotADirectoryError, IsADirectoryError
        The folder is missing, or ``path`` is a folder.
    PermissionError
        The folder is read-only for this user.
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{display_path(path)} is a folder; expected a file name")
    if not path.parent.is_dir():
        raise NotADirectoryError(
            f"folder {display_path(path.parent)} does not exist; create it first"
        )
    refuse_protected(path, force=force)
    if path.exists() and not force:
        raise OutputExistsError(path)
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise _cannot_write(path, PermissionError(13, "Permission denied"))
    return path


def temporary_sibling(path: Path | str, *, folder: bool = False) -> Path:
    """Make a hidden, empty temporary file (or folder) beside ``path``.

    Its name carries this process's id, and leftovers of earlier writes to
    ``path`` whose process has ended are removed first, so killed writes
    never pile up. The caller moves it into place or removes it.

    Raises
    ------
    PermissionError
        The folder is read-only; the message names ``path``, not the
        temporary name.
    """
    path = Path(path)
    remove_leftovers(path)
    prefix = f".{path.name}.{_TAG}-{os.getpid()}-"
    try:
        if folder:
            return Path(tempfile.mkdtemp(dir=path.parent, prefix=prefix, suffix=".tmp"))
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    except OSError as error:
        raise _cannot_write(path, error) from None
    os.close(handle)
    return Path(name)


def remove_leftovers(path: Path | str) -> list[Path]:
    """Remove temporary files and folders that killed writes to ``path``
    left behind; return what was removed."""
    path = Path(path)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(f".{path.name}.") or not entry.name.endswith(".tmp"):
            continue
        if not _is_stale(entry, path.name):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _is_stale(entry: os.DirEntry, target: str) -> bool:
    ours = _OURS.match(entry.name)
    if ours and ours["target"] == target and os.name == "posix":
        return not _process_alive(int(ours["pid"]))
    # Earlier versions' names carry no process id, and on Windows os.kill(pid, 0)
    # would end the process instead of asking: there, go by age.
    other = ours or _LEGACY.match(entry.name)
    if other and other["target"] == target:
        with contextlib.suppress(OSError):
            return time.time() - entry.stat(follow_symlinks=False).st_mtime > _LEGACY_AGE
    return False


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # someone else's process, or a platform that cannot tell: keep it
    return True


def _cannot_write(path: Path, error: OSError) -> PermissionError | OSError:
    reason = error.strerror or str(error)
    message = (f"cannot write {display_path(path)}: the folder "
               f"{display_path(path.parent) or '.'} does not allow it ({reason})")
    if isinstance(error, PermissionError):
        return PermissionError(message)
    return OSError(message)


@contextlib.contextmanager
def atomic_path(path: Path | str, *, force: bool = False) -> Iterator[Path]:
    """Give a temporary path to write; move it to ``path`` when the block ends.

    The temporary file sits in the same folder as ``path`` (so the final
    move is atomic) and is removed if the block raises; one left by a
    killed process is removed by the next write to ``path``.

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
    temporary = temporary_sibling(path)
    try:
        yield temporary
        _match_umask(temporary)
        try:
            if force:
                os.replace(temporary, path)
            else:
                _move_without_replacing(temporary, path)
        except OutputExistsError:
            raise
        except OSError as error:
            raise _cannot_write(path, error) from None
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
