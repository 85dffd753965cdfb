"""One quiz, many outputs: the export formats by name.

>>> sorted(FORMATS)
['anki', 'answer-key', 'canvas', 'gift', 'jupyterquiz', 'moodle-xml']

``export_quiz(quiz, "gift", "week3.gift")`` writes one file atomically and
refuses to replace an existing one unless ``force=True``. Each format's
module (and its library: genanki, text2qti) is imported only when used.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from ..quiz.model import Quiz
from .common import ExportResult

__all__ = ["FORMATS", "ExportFormat", "export_all", "export_preview", "export_quiz",
           "export_formats_table"]


@dataclass(frozen=True)
class ExportFormat:
    """An export format: its module and function, file suffix and description."""

    name: str
    module: str
    function: str
    suffix: str
    description: str
    import_into: str


FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("gift", "gift", "export_gift", ".gift",
                 "Moodle GIFT text", "Moodle: Question bank > Import > GIFT format"),
    ExportFormat("moodle-xml", "moodle_xml", "export_moodle_xml", ".xml",
                 "Moodle XML, with diagrams", "Moodle: Question bank > Import > Moodle XML"),
    ExportFormat("canvas", "canvas", "export_canvas", ".zip",
                 "Canvas QTI zip (made by text2qti)",
                 "Canvas: Settings > Import Course Content > QTI .zip file"),
    ExportFormat("anki", "anki", "export_anki", ".apkg",
                 "Anki deck; re-importing updates the cards", "Anki: File > Import"),
    ExportFormat("jupyterquiz", "jupyterquiz", "export_jupyterquiz", ".json",
                 "jupyterquiz JSON for Jupyter Book pages",
                 'a notebook or Jupyter Book page: display_quiz("file.json")'),
    ExportFormat("answer-key", "answer_key", "export_answer_key", ".html",
                 "printable answer key (.html, .pdf, or .md for Markdown)",
                 "a browser, then print"),
)}


def export_quiz(quiz: Quiz, format: str, path: Path | str, *,
                force: bool = False) -> ExportResult:
    """Write ``quiz`` to ``path`` in ``format`` (a key of :data:`FORMATS`).

    Parameters
    ----------
    quiz
        The quiz, for example from ``build_quiz(topic=..., n=..., seed=...)``.
    format
        ``"gift"``, ``"moodle-xml"``, ``"canvas"``, ``"anki"``,
        ``"jupyterquiz"`` or ``"answer-key"``.
    path
        The file to write.
    force
        Replace an existing file.

    Returns
    -------
    ExportResult
        The file written and notes on anything the format changed.

    Raises
    ------
    ValueError
        Unknown format.
    ~psoas_edu.atomic_write.OutputExistsError
        ``path`` exists and ``force`` is false.
    """
    try:
        spec = FORMATS[format]
    except KeyError:
        raise ValueError(f"unknown export format {format!r}; expected one of "
                         f"{', '.join(FORMATS)}") from None
    module = importlib.import_module(f".{spec.module}", __package__)
    return getattr(module, spec.function)(quiz, path, force=force)


def export_all(quiz: Quiz, folder: Path | str, *, stem: str = "quiz",
               force: bool = False) -> tuple[ExportResult, ...]:
    """Write ``quiz`` in every format into ``folder`` (``quiz.gift``, ``quiz.xml``, ...).

    Parameters
    ----------
    quiz
        The quiz.
    folder
        An existing folder.
    stem
        File name without suffix.
    force
        Replace existing files.

    Returns
    -------
    tuple of ExportResult
        One per format, in :data:`FORMATS` order.
    """
    folder = Path(folder)
    return tuple(export_quiz(quiz, name, folder / f"{stem}{spec.suffix}", force=force)
                 for name, spec in FORMATS.items())


def export_preview(quiz: Quiz, format: str) -> str:
    """The text an export would write, without writing a file (and without diagrams).

    Parameters
    ----------
    quiz
        The quiz.
    format
        ``"gift"``, ``"moodle-xml"``, ``"jupyterquiz"``, ``"canvas"`` (the
        text handed to text2qti) or ``"answer-key"`` (Markdown).

    Returns
    -------
    str
        The text.
    """
    if format == "gift":
        from .gift import quiz_to_gift

        return quiz_to_gift(quiz)
    if format == "moodle-xml":
        from .moodle_xml import quiz_to_moodle_xml

        return quiz_to_moodle_xml(quiz).decode("utf-8")
    if format == "jupyterquiz":
        import json

        from .jupyterquiz import quiz_to_jupyterquiz

        return json.dumps(quiz_to_jupyterquiz(quiz), indent=2, ensure_ascii=False)
    if format == "canvas":
        from .canvas import quiz_to_text2qti

        return quiz_to_text2qti(quiz)[0]
    if format == "answer-key":
        from .answer_key import answer_key_text

        return answer_key_text(quiz)
    raise ValueError(f"no text preview for format {format!r}; expected gift, moodle-xml, "
                     "jupyterquiz, canvas or answer-key")


def export_formats_table():
    """The export formats as a table (format, file, what it is, where to import it).

    Returns
    -------
    pandas.DataFrame
        One row per format.
    """
    import pandas as pd

    return pd.DataFrame(
        [(f.name, f"quiz{f.suffix}", f.description, f.import_into) for f in FORMATS.values()],
        columns=["format", "file", "what", "import into"],
    )
