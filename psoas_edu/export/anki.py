"""A quiz as an Anki deck (.apkg) made with genanki.

The note type and deck have fixed ids and every note's GUID is derived
from its question id, so importing a newer export into Anki updates the
cards already there instead of adding copies. Label-the-diagram questions
carry their diagram as a media file.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path

from ..atomic_write import atomic_path
from ..quiz.model import Question, Quiz
from . import common as export_common
from .common import ExportResult
from .constraints import prepared_quiz

__all__ = [
    "DECK_ID",
    "DECK_NAME",
    "MODEL_FIELDS",
    "MODEL_ID",
    "MODEL_NAME",
    "anki_fields",
    "note_guid",
    "export_anki",
]

#: Fixed ids: changing them would make Anki treat a new export as a new deck.
MODEL_ID = 1_742_063_915
DECK_ID = 2_081_905_227
DECK_NAME = "psoas-edu"
MODEL_NAME = "psoas-edu question"
MODEL_FIELDS: tuple[str, ...] = (
    "Id", "Prompt", "Choices", "Diagram", "Answer", "Explanation", "Source",
)

_FRONT = """<div class="prompt">{{Prompt}}</div>
{{#Diagram}}<div class="diagram">{{Diagram}}</div>{{/Diagram}}
{{#Choices}}<div class="choices">{{Choices}}</div>{{/Choices}}"""

_BACK = """{{FrontSide}}
<hr id="answer">
<div class="answer"><b>Answer:</b> {{Answer}}</div>
{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}
{{#Source}}<div class="source">{{Source}}</div>{{/Source}}"""

_CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: left;
  color: #1a1a1a; background: #ffffff; max-width: 40em; margin: auto; }
.choices ol, .choices ul { margin-top: .3em; }
.diagram img { max-width: 100%; }
.answer { font-size: 22px; }
.explanation, .source { margin-top: .6em; }
.source { font-size: 16px; font-style: italic; }
.nightMode .card, .card.nightMode { color: #f0f0f0; background: #1e1e1e; }"""


def note_guid(question_id: str) -> str:
    """The Anki note GUID for a question: the same id always gives the same GUID."""
    import genanki

    return genanki.guid_for("psoas-edu", question_id)


def _items(texts: list[str], *, ordered: bool = True) -> str:
    tag = "ol" if ordered else "ul"
    inner = "".join(f"<li>{html.escape(t)}</li>" for t in texts)
    return f'<{tag} type="a">{inner}</{tag}>' if ordered else f"<{tag}>{inner}</{tag}>"


def _media_name(question_id: str) -> str:
    return "psoas-edu-" + re.sub(r"[^A-Za-z0-9_-]", "-", question_id) + ".png"


def anki_fields(question: Question, *, diagram: str | None = None) -> list[str]:
    """The note fields (HTML) for one question, in :data:`MODEL_FIELDS` order.

    Parameters
    ----------
    question
        The question.
    diagram
        Media file name of its diagram, when there is one.
    """
    kind = question.type
    if kind in ("single_choice", "multiple_answer"):
        hint = "Choose one." if kind == "single_choice" else "Choose all that apply."
        choices = _items([o.text for o in question.options]) + f"<p>{hint}</p>"
        answer = "<br>".join(html.escape(t) for t in question.correct_texts)
    elif kind == "true_false":
        choices = "<p>True or false?</p>"
        answer = html.escape(question.correct_texts[0])
    elif kind in ("matching", "label_diagram"):
        choices = ("<p>Match each of:</p>" + _items([p.prompt for p in question.pairs],
                                                    ordered=False)
                   + "<p>with one of:</p>" + _items([o.text for o in question.options]))
        answer = "<br>".join(html.escape(t) for t in question.correct_texts)
    else:
        choices = ""
        answer = html.escape(question.answer_text)
    image = ""
    if diagram is not None:
        alt = export_common.picture_alt(question)
        image = f'<img src="{html.escape(diagram)}" alt="{html.escape(alt)}">'
    explanation = question.explanation.strip()
    if question.disputed:
        explanation += " Sources disagree on this point; every recorded side is accepted."
    source = question.citation.strip()
    if question.source_ids:
        source += f" [{', '.join(question.source_ids)}]"
    return [html.escape(question.id), html.escape(question.prompt), choices, image, answer,
            html.escape(explanation.strip()), html.escape(source.strip())]


def _tags(question: Question) -> list[str]:
    tags = ["psoas-edu", f"type::{question.type}", f"difficulty::{question.difficulty}"]
    if question.topic:
        tags.append(f"topic::{question.topic}")
    if question.disputed:
        tags.append("disputed")
    return [re.sub(r"\s+", "_", tag) for tag in tags]


def _write_package(package, path: Path, media: list[str], *, folder: Path,
                   timestamp: float | None) -> None:
    """What ``genanki.Package.write_to_file`` does, with its database in ``folder``.

    genanki's own method leaves that database (every question and answer)
    in the system temp folder; here it goes with ``folder``.
    """
    database = folder / "collection.anki2"
    if timestamp is None:
        timestamp = time.time()
    connection = sqlite3.connect(database)
    try:
        package.write_to_db(connection.cursor(), timestamp,
                            itertools.count(int(timestamp * 1000)))
        connection.commit()
    finally:
        connection.close()
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(database, "collection.anki2")
        archive.writestr("media", json.dumps({i: Path(m).name for i, m in enumerate(media)}))
        for index, name in enumerate(media):
            archive.write(name, str(index))


def export_anki(quiz: Quiz, path: Path | str, *, force: bool = False, diagrams: bool = True,
                timestamp: float | None = None) -> ExportResult:
    """Write ``quiz`` as an Anki package.

    Parameters
    ----------
    quiz
        The quiz to export.
    path
        Output file, usually ending in ``.apkg``.
    force
        Replace an existing file.
    diagrams
        Draw the diagrams of label-the-diagram questions into the package.
    timestamp
        Modification time given to the notes (seconds since 1970; default:
        now). Anki updates an existing note only from a newer one.

    Returns
    -------
    ExportResult
        The file written.
    """
    import genanki

    model = genanki.Model(
        MODEL_ID, MODEL_NAME,
        fields=[{"name": name} for name in MODEL_FIELDS],
        templates=[{"name": "Question", "qfmt": _FRONT, "afmt": _BACK}],
        css=_CSS,
    )
    deck = genanki.Deck(DECK_ID, DECK_NAME, description="Quiz questions from psoas-edu.")
    quiz, cleaned = prepared_quiz(quiz)
    pngs = export_common.diagram_pngs(quiz, enabled=diagrams)
    with tempfile.TemporaryDirectory(prefix="psoas-edu-anki-") as folder:
        media = []
        for question in quiz.questions:
            name = None
            if question.id in pngs:
                name = _media_name(question.id)
                (Path(folder) / name).write_bytes(pngs[question.id])
                media.append(str(Path(folder) / name))
            deck.add_note(genanki.Note(model=model, fields=anki_fields(question, diagram=name),
                                       guid=note_guid(question.id), tags=_tags(question)))
        package = genanki.Package(deck, media_files=media)
        with atomic_path(path, force=force) as temporary:
            _write_package(package, Path(temporary), media, folder=Path(folder),
                           timestamp=timestamp)
    return ExportResult(Path(path), "anki", len(quiz), cleaned)
