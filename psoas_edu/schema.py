"""What each CSV file in ``data/`` holds: its columns, their rules and its key.

The validator, the loader and the documentation test all read these
declarations, so adding a data file or a column means adding it here (and
describing it in ``data/README.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "Column",
    "FileSchema",
    "SCHEMAS",
    "ID_PATTERN",
    "LIST_SEPARATOR",
    "schema_for",
]

#: Separator for columns that hold several values in one spreadsheet cell.
LIST_SEPARATOR = ";"

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
ID_EXPECTED = "a lower-case id of letters, digits and underscores, such as 'psoas_major'"


@dataclass(frozen=True)
class Column:
    """One column of a data file.

    Parameters
    ----------
    name
        Header text in the CSV.
    doc
        One-line meaning, shown in problem messages and checked against
        ``data/README.md``.
    required
        An empty cell is a problem.
    choices
        The only values allowed (after trimming), if given.
    pattern, expected
        A regular expression each value must match, and how to describe it
        to a person.
    references
        ``(file, column)`` that each value must appear in.
    multiple
        The cell holds several values separated by ``;``.
    kind
        ``"text"`` (default), ``"roots"`` (spinal levels), ``"number"`` or
        ``"url"``; the validator knows how to check each.
    """

    name: str
    doc: str
    required: bool = True
    choices: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    expected: str = ""
    references: tuple[str, str] | None = None
    multiple: bool = False
    kind: str = "text"


@dataclass(frozen=True)
class FileSchema:
    """A data file: its columns, the columns that identify one fact, and
    whether its rows are facts that must cite a source."""

    file: str
    doc: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    cited: bool = True
    optional: bool = False
    extra_checks: tuple[str, ...] = field(default=())

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


def _id(name: str, doc: str, *, references: tuple[str, str] | None = None,
        required: bool = True, multiple: bool = False) -> Column:
    return Column(name, doc, required=required, pattern=ID_PATTERN,
                  expected=ID_EXPECTED, references=references, multiple=multiple)


def _sources() -> Column:
    return Column("source_ids", "Sources that state this fact, separated by ';'",
                  references=("sources.csv", "source_id"), multiple=True,
                  pattern=ID_PATTERN, expected=ID_EXPECTED)


def _dispute() -> Column:
    return Column("dispute_id", "Empty if settled; else the dispute this row is one side of",
                  required=False, pattern=ID_PATTERN, expected=ID_EXPECTED,
                  references=("disputes.csv", "dispute_id"))


def _note() -> Column:
    return Column("note", "Free text for teachers; not shown as a fact", required=False)


def _muscle(required: bool = True) -> Column:
    return _id("muscle_id", "Muscle this row is about", references=("muscles.csv", "muscle_id"),
               required=required)


_MUSCLE_COLUMNS = (
    _id("muscle_id", "Stable id used by every other file"),
    Column("name", "English display name"),
    Column("latin_name", "Latin name (Terminologia Anatomica)"),
    _id("group", "Teaching group, e.g. iliopsoas, hamstrings"),
    Column("region", "Body region, e.g. posterior abdominal wall"),
    Column("uberon_id", "UBERON ontology id", pattern=re.compile(r"^UBERON:\d{7}$"),
           expected="'UBERON:' and seven digits, e.g. UBERON:0001298"),
    Column("fma_id", "Foundational Model of Anatomy id", pattern=re.compile(r"^FMA:\d{3,6}$"),
           expected="'FMA:' and digits, e.g. FMA:18060"),
    Column("ta98_id", "Terminologia Anatomica 1998 code",
           pattern=re.compile(r"^A\d{2}\.\d\.\d{2}\.\d{3}[A-Z]?$"),
           expected="a TA98 code such as A04.7.02.002"),
    Column("synonyms", "Other names a student may use, separated by ';'", required=False,
           multiple=True),
    _sources(),
    _note(),
)

SCHEMAS: tuple[FileSchema, ...] = (
    FileSchema(
        "sources.csv",
        "Every reference a fact can cite.",
        (
            _id("source_id", "Id that fact rows cite"),
            Column("kind", "What sort of source it is",
                   choices=("textbook", "encyclopedia", "ontology", "journal article",
                            "clinical guideline", "seed article", "website")),
            Column("citation", "Full citation: authors, title, edition, publisher, year"),
            Column("url", "Where to read it, if online", required=False, kind="url"),
            Column("licence", "Licence of the source text, or 'all rights reserved'"),
            Column("accessed", "Date the source was checked (YYYY-MM-DD)", required=False,
                   pattern=re.compile(r"^\d{4}-\d{2}-\d{2}$"), expected="a date like 2026-11-22"),
            _note(),
        ),
        key=("source_id",),
        cited=False,
    ),
    FileSchema(
        "disputes.csv",
        "Questions on which good sources disagree; fact rows name the dispute they belong to.",
        (
            _id("dispute_id", "Id that fact rows use in their dispute_id column"),
            Column("summary", "What the sources disagree about, in one sentence"),
            _note(),
        ),
        key=("dispute_id",),
        cited=False,
    ),
    FileSchema(
        "muscles.csv",
        "One row per muscle (or muscle part that is taught separately).",
        _MUSCLE_COLUMNS,
        key=("muscle_id",),
    ),
    FileSchema(
        "landmarks.csv",
        "Bony landmarks that muscles attach to.",
        (
            _id("landmark_id", "Id that attachments name"),
            Column("name", "English name"),
            _id("bone", "Bone the landmark is on, e.g. femur, ilium, l3_vertebra"),
            _sources(),
            _note(),
        ),
        key=("landmark_id",),
    ),
    FileSchema(
        "landmark_positions.csv",
        "Where a landmark sits in each diagram view (schematic coordinates, not measurements).",
        (
            _id("landmark_id", "Landmark placed", references=("landmarks.csv", "landmark_id")),
            Column("view", "Diagram view", choices=("anterior", "posterior", "lateral")),
            Column("x", "Horizontal position in diagram units", kind="number"),
            Column("y", "Vertical position in diagram units (up is larger)", kind="number"),
            _note(),
        ),
        key=("landmark_id", "view"),
        cited=False,
    ),
    FileSchema(
        "attachments.csv",
        "Origins and insertions: human text plus the landmarks a diagram places.",
        (
            _muscle(),
            Column("end", "Which end of the muscle", choices=("origin", "insertion")),
            _id("part", "Part of the muscle, or 'whole'"),
            Column("description", "What a textbook would say"),
            _id("landmark_ids", "Landmarks this attachment covers, separated by ';'",
                references=("landmarks.csv", "landmark_id"), multiple=True),
            _dispute(),
            _sources(),
            _note(),
        ),
        key=("muscle_id", "end", "part"),
        extra_checks=("placeable_landmarks",),
    ),
    FileSchema(
        "movements.csv",
        "Movements at each joint and the movement that opposes each one.",
        (
            _id("joint", "Joint or region, e.g. hip, lumbar_spine"),
            _id("movement", "Movement id, e.g. flexion"),
            Column("name", "How the movement is said in class, e.g. hip flexion"),
            _id("opposite", "Movement at the same joint that undoes this one", required=False),
            _sources(),
            _note(),
        ),
        key=("joint", "movement"),
        extra_checks=("opposites",),
    ),
    FileSchema(
        "actions.csv",
        "What each muscle does at each joint, and how much.",
        (
            _muscle(),
            _id("joint", "Joint the action is at"),
            _id("movement", "Movement at that joint (see movements.csv)"),
            Column("role", "How much the muscle contributes", choices=("prime mover", "assists")),
            _dispute(),
            _sources(),
            _note(),
        ),
        key=("muscle_id", "joint", "movement"),
        extra_checks=("known_movement",),
    ),
    FileSchema(
        "innervation.csv",
        "Nerve supply with spinal root levels.",
        (
            _muscle(),
            _id("part", "Part of the muscle supplied, or 'whole'"),
            Column("nerve", "Nerve name, e.g. femoral nerve"),
            Column("roots", "Spinal root levels, e.g. L2-L4 or L1; L2", kind="roots"),
            _dispute(),
            _sources(),
            _note(),
        ),
        key=("muscle_id", "part", "nerve"),
    ),
    FileSchema(
        "blood_supply.csv",
        "Arteries that supply each muscle.",
        (
            _muscle(),
            Column("artery", "Artery name, e.g. iliolumbar artery"),
            _dispute(),
            _sources(),
            _note(),
        ),
        key=("muscle_id", "artery"),
    ),
    # Further anatomy files (relations, ...) go here.
    # Clinical files (evidence levels, trigger points, techniques, ...) go here.
)


def schema_for(file: str) -> FileSchema:
    """Return the schema of a data file by its file name."""
    for schema in SCHEMAS:
        if schema.file == file:
            return schema
    raise KeyError(file)
