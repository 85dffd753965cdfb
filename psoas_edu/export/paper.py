"""A printable quiz paper for students (no answers), and PDF through headless Chromium.

The paper is the quiz as students see it (:func:`psoas_edu.quiz.render.quiz_html`
without answers) on a page with a name line and print styles; diagrams of
label-the-diagram questions are embedded with their alt text. The file's
suffix chooses the format: ``.html`` (open in a browser and print), ``.pdf``
(printed by Debian's ``chromium --headless --print-to-pdf``) or ``.md``.
:func:`html_to_pdf` also prints the answer key.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..atomic_write import atomic_write_bytes, atomic_write_text, check_writable
from ..quiz.model import Quiz
from . import common as export_common
from .common import ExportResult

__all__ = [
    "PAPER_SUFFIXES",
    "PdfUnavailableError",
    "chromium_path",
    "export_paper",
    "html_to_pdf",
    "paper_page",
    "write_markdown",
]

#: File suffixes the paper and the answer key can be written as.
PAPER_SUFFIXES: dict[str, str] = {
    ".html": "a page to open in a browser and print",
    ".pdf": "PDF, printed by headless Chromium",
    ".md": "Markdown",
}

#: The answer key's print style plus the name and date lines at the top of a paper.
_PRINT_CSS = export_common.PRINT_CSS + """
.student { display: flex; gap: 3em; margin-bottom: 1.5em; }
.student span { flex: 1; border-bottom: 1px solid #111; padding-bottom: .2em; }"""

_CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--no-pdf-header-footer")


class PdfUnavailableError(ValueError):
    """No Chromium to print a PDF with; the message names the formats that work."""


def chromium_path() -> Path | None:
    """The Chromium used for PDFs: ``$PSOAS_EDU_CHROMIUM``, else ``chromium`` on the PATH."""
    override = os.environ.get("PSOAS_EDU_CHROMIUM")
    if override is not None:
        return Path(override) if override and Path(override).is_file() else None
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return Path(found) if found else None


def html_to_pdf(page: str, path: Path | str, *, force: bool = False) -> Path:
    """Print an HTML page to a PDF file with headless Chromium.

    Parameters
    ----------
    page
        A self-contained HTML document (images embedded).
    path
        The PDF to write (atomically; an existing file only with ``force``).
    force
        Replace an existing file.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    PdfUnavailableError
        Chromium is not installed; the message lists the formats that work.
    OSError
        Chromium failed or wrote no PDF.
    """
    path = check_writable(path, force=force)
    browser = chromium_path()
    if browser is None:
        raise PdfUnavailableError(
            f"{path.name}: cannot write a PDF without Chromium (install it with "
            "'apt-get install chromium', or set PSOAS_EDU_CHROMIUM); expected a file ending in "
            + ", ".join(s for s in PAPER_SUFFIXES if s != ".pdf")
            + " instead (open the .html in a browser and print it)")
    with tempfile.TemporaryDirectory(prefix="psoas-edu-pdf-") as folder:
        source = Path(folder) / "page.html"
        source.write_text(page, encoding="utf-8")
        printed = Path(folder) / "page.pdf"
        result = subprocess.run(
            [str(browser), *_CHROMIUM_FLAGS, f"--user-data-dir={folder}/profile",
             f"--print-to-pdf={printed}", source.as_uri()],
            capture_output=True, text=True, timeout=180, check=False)
        data = printed.read_bytes() if printed.is_file() else b""
        if not data.startswith(b"%PDF"):
            raise OSError(f"{path.name}: Chromium printed no PDF (exit status "
                          f"{result.returncode}): {result.stderr.strip()[-300:]}")
    return atomic_write_bytes(path, data, force=force)


def paper_page(quiz: Quiz, *, images: dict[str, bytes] | None = None) -> str:
    """The quiz for students as one printable HTML page, without answers.

    Students see the title, the number of questions and the points once,
    never the seed or the options that chose the questions (with them and
    the course, anyone could rebuild the answer key).

    Parameters
    ----------
    quiz
        The quiz.
    images
        PNG diagrams by question id, embedded with their alt text.

    Returns
    -------
    str
        An HTML document.
    """
    from ..quiz.render import quiz_html

    body = quiz_html(quiz, answers=False, figures=export_common.figure_html(quiz, images or {}))
    title = html.escape(quiz.title)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{title}</title>\n<style>\n{_PRINT_CSS}\n</style>\n</head>\n<body>\n"
            '<p class="student"><span>Name:</span><span>Date:</span></p>\n'
            f"{body}\n</body>\n</html>\n")


def write_markdown(path: Path | str, quiz: Quiz, render: Callable[[dict[str, str]], str], *,
                   force: bool = False, diagrams: bool = True) -> tuple[Path, tuple[str, ...]]:
    """Write a Markdown quiz with each question's picture as a PNG file beside it.

    Markdown cannot embed a picture, so each diagram and bank picture is
    written as ``STEM-question-N.png`` (N the question's number, never its
    id, which students must not see) next to ``path`` and shown as an image
    with its alt text. The pictures are written first, the Markdown last.

    Parameters
    ----------
    path
        The ``.md`` file.
    quiz
        The quiz.
    render
        Makes the Markdown from question id -> picture file name.
    force
        Replace existing files.
    diagrams
        Write the pictures; without them each question shows its alt text
        alone, and a note names the questions.

    Returns
    -------
    (Path, tuple of str)
        The Markdown file, and notes naming the picture files or the
        questions left without their picture.
    """
    path = check_writable(path, force=force)
    images = export_common.diagram_pngs(quiz, enabled=diagrams)
    numbers = {q.id: number for number, q in enumerate(quiz.questions, start=1)}
    pictures = {qid: f"{path.stem}-question-{numbers[qid]}.png" for qid in images
                if qid in numbers}
    for qid, name in pictures.items():
        atomic_write_bytes(path.with_name(name), images[qid], force=force)
    written = atomic_write_text(path, render(pictures), force=force)
    notes = []
    if pictures:
        notes.append(f"Markdown cannot embed pictures: wrote {len(pictures)} beside "
                     f"{path.name} ({', '.join(pictures.values())}); keep them in the same "
                     "folder as the Markdown")
    lost = [numbers[q.id] for q in quiz.questions if q.id not in pictures
            and (q.figure is not None or q.image is not None)]
    if lost:
        notes.append("pictures left out: question(s) "
                     + ", ".join(map(str, lost)) + " show their alt text only")
    return written, tuple(notes)


def export_paper(quiz: Quiz, path: Path | str, *, force: bool = False,
                 diagrams: bool = True) -> ExportResult:
    """Write the student paper: ``.html``, ``.pdf`` or ``.md`` by the suffix of ``path``.

    Parameters
    ----------
    quiz
        The quiz.
    path
        Output file.
    force
        Replace an existing file.
    diagrams
        Show the diagrams and bank pictures (embedded in HTML and PDF; PNG
        files beside a Markdown paper).

    Returns
    -------
    ExportResult
        The file written.

    Raises
    ------
    ValueError
        Any other suffix (the message lists the known ones), or a PDF without
        Chromium (:class:`PdfUnavailableError`).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in PAPER_SUFFIXES:
        raise ValueError(f"{path.name}: got suffix {path.suffix or '(none)'!r}; expected "
                         + ", ".join(f"{s} ({what})" for s, what in PAPER_SUFFIXES.items()))
    if suffix == ".md":
        from ..quiz.render import quiz_markdown

        written, notes = write_markdown(
            path, quiz, lambda pictures: quiz_markdown(quiz, answers=False, pictures=pictures),
            force=force, diagrams=diagrams)
        return ExportResult(written, "paper", len(quiz), notes)
    else:
        check_writable(path, force=force)
        page = paper_page(quiz, images=export_common.diagram_pngs(quiz, enabled=diagrams))
        written = (html_to_pdf(page, path, force=force) if suffix == ".pdf"
                   else atomic_write_text(path, page, force=force))
    return ExportResult(written, "paper", len(quiz))
