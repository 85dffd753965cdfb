"""Load and check the instructor's question bank (``data/quizzes/*.csv``).

One row per question, written in a spreadsheet; ``data/quizzes/README.md``
documents the columns. Every problem in every file is found in one pass
and raised as one :class:`~psoas_edu.problems.DataError`, each naming file,
line, column, the value found and what was expected. A quiz in a notebook
may instead leave the bad questions out and say so in a
:class:`BankWarning` (``skip_bad=True``); exports and ``quiz check`` refuse.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

from ..facts.atlas import Atlas, default_data_dir, load_atlas
from ..facts.csvfiles import RawTable, data_files, read_table
from ..facts.problems import DataError, Problem, display_path
from ..facts.schema import ID_PATTERN
from ..facts.validation import invisible_hint
from .model import (
    DIFFICULTIES,
    TRUE_FALSE_OPTIONS,
    Pair,
    Question,
    QuestionImage,
    options_from,
)

__all__ = [
    "BANK_COLUMNS",
    "BANK_TYPES",
    "OPTION_SEPARATOR",
    "BankCell",
    "BankColumn",
    "BankReading",
    "BankWarning",
    "default_bank_dir",
    "load_bank",
    "parse_bank",
    "read_bank",
]

#: Separates options, answers and matching pairs inside one cell.
OPTION_SEPARATOR = "|"
#: Joins the two sides of a matching pair in the ``answer`` cell.
PAIR_SEPARATOR = "="
#: Question types a bank row may have (diagram questions are generated from the facts).
BANK_TYPES: tuple[str, ...] = (
    "single_choice", "multiple_answer", "true_false", "matching", "short_answer",
)
MAX_POINTS = 100.0
#: Pictures named in the ``image`` column live in this folder beside the bank file.
IMAGES_FOLDER = "images"


@dataclass(frozen=True)
class BankColumn:
    """A bank column: its header, whether it must be present, and its meaning."""

    name: str
    required: bool
    doc: str


#: The bank's columns, in the order the sample file uses.
BANK_COLUMNS: tuple[BankColumn, ...] = (
    BankColumn("id", True, "stable id of lower-case letters, digits and '_'"),
    BankColumn("topic", True, "topic id, e.g. attachments, actions, innervation"),
    BankColumn("type", True, "one of " + ", ".join(BANK_TYPES)),
    BankColumn("question", True, "the question as students see it"),
    BankColumn("options", False, "choices separated by '|'"),
    BankColumn("answer", True, "the right option(s), true/false, 'item = option' pairs "
                               "or accepted short answers, separated by '|'"),
    BankColumn("explanation", True, "why the answer is right, shown after checking"),
    BankColumn("source", True, "source ids from data/sources.csv separated by ';', "
                               "or a citation as text"),
    BankColumn("points", False, "a positive number; empty means 1"),
    BankColumn("difficulty", False, "easy, medium or hard; empty means medium"),
    BankColumn("muscle_id", False, "muscle ids from data/muscles.csv separated by ';'"),
    BankColumn("image", False, "a PNG file in the images/ folder beside the bank file, shown "
                               "with the question"),
    BankColumn("image_alt", False, "what the picture shows, for students who cannot see it "
                                   "(needed with 'image'; never the answer)"),
    BankColumn("note", False, "for instructors; never shown"),
)

#: Columns whose text students see (or an export writes): checked for what no export carries.
TEXT_COLUMNS: tuple[str, ...] = ("question", "options", "answer", "explanation", "source",
                                 "image_alt")

_KNOWN = tuple(c.name for c in BANK_COLUMNS)
_TRUE = {"true", "t", "yes", "1"}
_FALSE = {"false", "f", "no", "0"}


def default_bank_dir() -> Path:
    """``quizzes/`` inside the data folder."""
    return default_data_dir() / "quizzes"


def _split(cell: str, separator: str = OPTION_SEPARATOR) -> list[str]:
    return [part.strip() for part in cell.split(separator)] if cell.strip() else []


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _hint(value: str, known: Iterable[str], *, n: int = 3) -> str:
    close = get_close_matches(value, sorted(known), n=n)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


@dataclass(frozen=True)
class _Context:
    muscle_ids: frozenset[str]
    citations: Mapping[str, str]
    seed_sources: frozenset[str]


class BankWarning(UserWarning):
    """Questions were left out of a quiz because their bank rows have problems.

    ``problems`` holds them; the message lists one per line.
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems = DataError(problems).problems
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"{count} {noun} in the question bank; each question with a problem (or a whole "
            "file that cannot be read) is left out of this quiz until fixed:\n"
            + "\n".join(f"  {p}" for p in self.problems))


def load_bank(path: Path | str | None = None, *, atlas: Atlas | None = None,
              skip_bad: bool = False) -> tuple[Question, ...]:
    """Read and check one bank file, or every ``*.csv`` in a folder.

    Parameters
    ----------
    path
        A CSV file or a folder of them; default ``data/quizzes/``. Spreadsheet
        lock files (``~$x.csv``) and hidden files are ignored.
    atlas
        Facts to check ``muscle_id`` and ``source`` against; loaded if not given.
    skip_bad
        Leave out the questions whose rows have problems (and every row of
        a file that cannot be read) and issue one :class:`BankWarning`
        naming each problem, instead of raising. For quizzes in a notebook;
        exports and ``quiz check`` keep the default and refuse.

    Returns
    -------
    tuple of Question
        In file order, then line order.

    Raises
    ------
    DataError
        Listing every problem in every file (unless ``skip_bad``).
    """
    path = Path(path) if path is not None else default_bank_dir()
    reading = read_bank(path, atlas=atlas)
    if not path.exists():
        raise DataError(reading.problems)
    problems = list(reading.problems)
    questions = reading.questions
    if problems and skip_bad:
        warnings.warn(BankWarning(problems), stacklevel=3)
    elif problems:
        raise DataError(problems)
    return questions


@dataclass(frozen=True)
class BankCell:
    """One text cell of a bank row, as read (for checks that need no whole question)."""

    path: Path
    line: int
    column: str
    text: str


@dataclass(frozen=True)
class BankReading:
    """Everything one reading of the bank found, with nothing raised.

    ``questions`` are the rows without problems; ``drafts`` the questions of
    rows that have problems elsewhere but whose question, type, options and
    answer still make a question (so an export's rules can be checked on
    them too); ``cells`` every text cell of every row; ``problems`` every
    problem found.
    """

    questions: tuple[Question, ...]
    drafts: tuple[Question, ...]
    cells: tuple[BankCell, ...]
    problems: tuple[Problem, ...]


def read_bank(path: Path | str | None = None, *, atlas: Atlas | None = None) -> BankReading:
    """Read and check the bank like :func:`load_bank`, returning every finding.

    For ``psoas-edu quiz check``, which reports every problem of a row at
    once, an export's as well as the bank's.
    """
    path = Path(path) if path is not None else default_bank_dir()
    if path.is_dir():
        files = data_files(path)
    elif path.exists():
        files = [path]
    else:
        missing = Problem(path, 1, "", "", "a bank CSV file or a folder of them",
                          got_described="no such file or folder")
        return BankReading((), (), (), (missing,))
    atlas = atlas if atlas is not None else load_atlas()
    tables: list[RawTable] = []
    problems: list[Problem] = []
    for file in files:
        table, read_problems = read_table(file)
        problems += read_problems
        if table is not None:
            tables.append(table)
    questions, drafts, check_problems = _parse(tables, atlas=atlas)
    cells = tuple(BankCell(table.path, line, column, row[column])
                  for table in tables for line, row in table.rows
                  for column in TEXT_COLUMNS if row.get(column))
    return BankReading(questions, drafts, cells, tuple(problems + check_problems))


def parse_bank(tables: Iterable[RawTable], *, atlas: Atlas
               ) -> tuple[tuple[Question, ...], list[Problem]]:
    """Check raw bank tables and turn their good rows into questions.

    Pure: no file access.

    Parameters
    ----------
    tables
        Bank files as read by :func:`psoas_edu.csvfiles.read_table`.
    atlas
        Facts that ``muscle_id`` and ``source`` cells are checked against.

    Returns
    -------
    (tuple of Question, list of Problem)
        The questions of rows without problems, and every problem found.
    """
    questions, _, problems = _parse(tables, atlas=atlas)
    return questions, problems


def _parse(tables: Iterable[RawTable], *, atlas: Atlas
           ) -> tuple[tuple[Question, ...], tuple[Question, ...], list[Problem]]:
    """Questions of good rows, questions of rows with problems, and every problem."""
    sources = atlas.sources
    context = _Context(
        muscle_ids=frozenset(atlas.muscles["muscle_id"]),
        citations=dict(zip(sources["source_id"], sources["citation"], strict=True)),
        seed_sources=frozenset(sources.loc[sources["kind"] == "seed article", "source_id"]),
    )
    questions: list[Question] = []
    drafts: list[Question] = []
    problems: list[Problem] = []
    first_seen: dict[str, tuple[Path, int]] = {}
    for table in tables:
        header_problems = list(_header_problems(table))
        problems += header_problems
        # Rows are still checked, for the columns the header has, so one run of the
        # check lists every problem of the file; a missing column's cells are not.
        columns = frozenset(table.header)
        for line, row in table.rows:
            row_problems: list[Problem] = []
            report = _reporter(row_problems, table.path, line, columns=columns)
            question_id = row.get("id", "")
            if question_id in first_seen:
                where, earlier = first_seen[question_id]
                same = "line" if where == table.path else f"{display_path(where)} line"
                report("id", question_id, f"an id used once in the bank, but {same} {earlier} "
                       "has it too")
            elif question_id:
                first_seen[question_id] = (table.path, line)
            question = _row_question(row, report, context, f"{display_path(table.path)}:{line}",
                                     images_dir=table.path.parent / IMAGES_FOLDER)
            problems += row_problems
            if question is not None:
                (drafts if row_problems or header_problems else questions).append(question)
    return tuple(questions), tuple(drafts), problems


Report = Callable[..., None]


def _reporter(sink: list[Problem], path: Path, line: int, *,
              columns: frozenset[str] | None = None) -> Report:
    """``report(column, got, expected, got_described="")`` adding to ``sink``.

    With ``columns`` (the header's), a problem in a column the file lacks is
    left out: the header problem already says the column is missing.
    """
    def report(column: str, got: str, expected: str, got_described: str = "") -> None:
        if columns is None or column in columns:
            sink.append(Problem(path, line, column, got, expected, got_described))
    return report


def _header_problems(table: RawTable) -> Iterable[Problem]:
    for column in BANK_COLUMNS:
        if column.required and column.name not in table.header:
            yield Problem(table.path, 1, column.name, "",
                          f"a column named '{column.name}' ({column.doc})",
                          got_described="no such column in the header")
    seen: set[str] = set()
    for name in table.header:
        if name not in _KNOWN:
            yield Problem(table.path, 1, name, name,
                          "one of the columns " + ", ".join(_KNOWN) + _hint(name, _KNOWN))
        elif name in seen:
            yield Problem(table.path, 1, name, name, "each column once")
        seen.add(name)


def _row_question(row: Mapping[str, str], report: Report, context: _Context,
                  origin: str, *, images_dir: Path) -> Question | None:
    """Check one row; report problems; return its question when it is well-formed."""
    cells = {name: row.get(name, "") for name in _KNOWN}
    get = cells.__getitem__
    question_id, kind = get("id"), get("type")
    if not question_id:
        report("id", "", "a question id, e.g. psoas_origin_1", "an empty cell")
    elif not ID_PATTERN.match(question_id):
        report("id", question_id, "a lower-case id of letters, digits and '_', "
               "starting with a letter, e.g. psoas_origin_1" + invisible_hint(question_id))
    elif question_id.startswith("gen_"):
        report("id", question_id, "an id not starting with 'gen_' (kept for generated "
               "questions)")
    topic = get("topic")
    if not topic:
        report("topic", "", "a topic id such as attachments", "an empty cell")
    elif not ID_PATTERN.match(topic):
        report("topic", topic, "a lower-case topic id of letters, digits and '_', "
               "such as attachments" + invisible_hint(topic))
    if kind not in BANK_TYPES:
        extra = (" (label_diagram questions are generated from the facts)"
                 if kind == "label_diagram" else _hint(kind, BANK_TYPES))
        report("type", kind, "one of " + ", ".join(BANK_TYPES) + extra,
               "an empty cell" if not kind else "")
    prompt = get("question")
    if not prompt:
        report("question", "", "the question text", "an empty cell")
    explanation = get("explanation")
    if not explanation:
        report("explanation", "", "a sentence saying why the answer is right, shown after "
               "checking", "an empty cell")
    source_ids, citation = _source(get("source"), report, context)
    points = _points(get("points"), report)
    difficulty = get("difficulty") or "medium"
    if difficulty not in DIFFICULTIES:
        report("difficulty", difficulty, "one of " + ", ".join(DIFFICULTIES) + " (or empty)")
    muscle_ids = tuple(_split(get("muscle_id"), ";"))
    for muscle_id in muscle_ids:
        if muscle_id not in context.muscle_ids:
            report("muscle_id", muscle_id, "a muscle_id from data/muscles.csv"
                   + _hint(muscle_id, context.muscle_ids) + invisible_hint(muscle_id))
    image = _image(get("image"), get("image_alt"), images_dir, report)
    fields = _answer_fields(kind, get("options"), get("answer"), report,
                            order_seed=question_id) if kind in BANK_TYPES else None
    if fields is None or not prompt or not explanation or not question_id or image is False:
        return None
    if image is not None:
        fields["image"] = image
    try:
        return Question(question_id, kind, prompt, explanation=explanation, citation=citation,
                        source_ids=source_ids, topic=topic, points=points,
                        difficulty=difficulty if difficulty in DIFFICULTIES else "medium",
                        muscle_ids=muscle_ids, template="bank", origin=origin, **fields)
    except ValueError as error:  # a combination the cell checks did not foresee
        report("answer", get("answer"), f"a consistent question ({error})")
        return None


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _image(name: str, alt: str, folder: Path, report: Report) -> QuestionImage | None | bool:
    """The row's picture, ``None`` for none, or ``False`` after reporting a problem."""
    if not name:
        if alt:
            report("image_alt", alt, "an empty cell when 'image' is empty (or name the picture "
                   "in 'image')")
            return False
        return None
    # The alt text is checked whatever is wrong with the file, so one run says both.
    if not alt:
        report("image_alt", "", "a sentence saying what the picture shows, for students who "
               "cannot see it (without giving the answer away)", "an empty cell")
    path = _image_path(name, folder, report)
    if path is None or not alt:
        return False
    return QuestionImage(path.resolve(), alt)


def _image_path(name: str, folder: Path, report: Report) -> Path | None:
    """The picture file ``name`` in ``folder``, or ``None`` after reporting a problem."""
    where = f"{display_path(folder)}/"
    if Path(name).name != name or name.startswith(".") or "\\" in name:
        report("image", name, f"a file name inside {where} (no folders)")
        return None
    if Path(name).suffix.lower() != ".png":
        report("image", name, "a .png file (save the picture as PNG)")
        return None
    path = folder / name
    if not path.is_file():
        known = sorted(p.name for p in folder.glob("*.png")) if folder.is_dir() else []
        report("image", name, f"a file in {where}" + _hint(name, known, n=1)
               + ("" if folder.is_dir() else f" (create the folder {where} and put it there)"))
        return None
    with path.open("rb") as handle:
        if handle.read(8) != _PNG_SIGNATURE:
            report("image", name, "a PNG picture (this file is not one; export it as PNG)")
            return None
    return path


def _source(cell: str, report: Report, context: _Context) -> tuple[tuple[str, ...], str]:
    if not cell:
        report("source", "", "the source of the answer: ids from data/sources.csv separated "
               "by ';' (e.g. gray1918) or a citation as text", "an empty cell")
        return (), ""
    parts = _split(cell, ";")
    hidden = [p for p in parts if invisible_hint(p)]
    for part in hidden:
        report("source", part, "source ids or a citation without invisible characters"
               + invisible_hint(part))
    if hidden:
        return (), cell
    if not all(ID_PATTERN.match(p) for p in parts):
        return (), cell  # a citation written out
    unknown = [p for p in parts if p not in context.citations]
    for part in unknown:
        report("source", part, "a source_id from data/sources.csv"
               + _hint(part, context.citations) + ", or a citation written out")
    evidence = [p for p in parts if p in context.citations and p not in context.seed_sources]
    if not unknown and not evidence:
        report("source", cell, "at least one source that is evidence; a seed article only "
               "shows what someone claims")
    return tuple(parts), " | ".join(context.citations[p] for p in evidence)


def _points(cell: str, report: Report) -> float:
    if not cell:
        return 1.0
    try:
        value = float(cell.replace(",", "."))
    except ValueError:
        value = float("nan")
    if not 0 < value <= MAX_POINTS:  # also false for NaN
        report("points", cell, f"a number above 0 and at most {MAX_POINTS:g}, such as 1 or 2")
        return 1.0
    return value


def _answer_fields(kind: str, options_cell: str, answer_cell: str,
                   report: Report, *, order_seed: str = "") -> dict | None:
    """Options, answers, pairs or accepted answers for one row, or ``None``.

    Choice options are shown in an order drawn from ``order_seed`` (the question id), so
    the right option is not always where the instructor happened to write it.
    """
    ok = True
    options = _split(options_cell)
    if "" in options:
        report("options", options_cell, "options separated by single '|' with text "
               "between them", "an empty option")
        ok = False
    options = [o for o in options if o]
    seen: dict[str, str] = {}
    for option in options:
        if _norm(option) in seen:
            report("options", option, "each option once (ignoring case and spaces)")
            ok = False
        seen.setdefault(_norm(option), option)
    answers = [a for a in _split(answer_cell) if a]
    if not answers:
        report("answer", "", _ANSWER_EXPECTED[kind], "an empty cell")
        return None
    options = list(seen.values())  # further checks see each option once
    fields = None
    if kind in ("single_choice", "multiple_answer"):
        positional = [o for o in options if _POSITIONAL.search(o)]
        if positional:
            report("options", positional[0], "options that make sense in any order (they are "
                   "shuffled for each question, so 'all of the above' would move)")
            ok = False
        fields = _choice_fields(kind, options, seen, answers, report)
        if fields is not None:
            fields = _shuffled(fields, order_seed)
    elif kind == "true_false":
        fields = _true_false_fields(options, answers, report)
    elif kind == "matching":
        fields = _matching_fields(options, seen, answers, report)
    if kind != "short_answer":
        return fields if ok else None
    if options:
        report("options", options_cell, "no options for a short_answer question (put "
               "accepted answers in 'answer')")
        return None
    if len({_norm(a) for a in answers}) != len(answers):
        report("answer", answer_cell, "each accepted answer once")
        return None
    return {"accepted": tuple(answers)}


_ANSWER_EXPECTED = {
    "single_choice": "the text of the right option, exactly as in 'options'",
    "multiple_answer": "the texts of the right options separated by '|'",
    "true_false": "true or false",
    "matching": "pairs 'item = option' separated by '|'",
    "short_answer": "accepted answers separated by '|', the preferred one first",
}


#: Options that only make sense in the position they were written in.
_POSITIONAL = re.compile(r"\b(all|none|both) of the (above|below)\b|\babove\b.*\bcorrect\b",
                         re.IGNORECASE)


def _shuffled(fields: dict, seed: str) -> dict:
    """The choice fields with options re-lettered in an order that depends only on
    ``seed`` (never on the run), the answers following their options."""
    texts = {o.key: o.text for o in fields["options"]}
    order = sorted(texts.values(),
                   key=lambda text: hashlib.sha256(f"{seed}\0{text}".encode()).hexdigest())
    options = options_from(order)
    key_of = {o.text: o.key for o in options}
    return {**fields, "options": options,
            "answers": tuple(sorted(key_of[texts[k]] for k in fields["answers"]))}


def _choice_fields(kind: str, options: list[str], by_norm: dict[str, str],
                   answers: list[str], report: Report) -> dict | None:
    if len(options) < 2:
        report("options", OPTION_SEPARATOR.join(options),
               "two or more options separated by '|'",
               "no options" if not options else "one option")
        return None
    ok = True
    if kind == "single_choice" and len(answers) > 1:
        report("answer", " | ".join(answers), "exactly one right option (for several, use "
               "type multiple_answer)")
        ok = False
    built = options_from(options)
    keys = {_norm(o.text): o.key for o in built}
    for answer in answers:
        if _norm(answer) not in by_norm:
            report("answer", answer, "one of the options: " + " | ".join(options)
                   + _hint(answer, options, n=1))
            ok = False
    if len({_norm(a) for a in answers}) != len(answers):
        report("answer", " | ".join(answers), "each right option once")
        ok = False
    if not ok:
        return None
    return {"options": built,
            "answers": tuple(keys[_norm(a)] for a in answers)}


def _true_false_fields(options: list[str], answers: list[str], report: Report) -> dict | None:
    if options and {_norm(o) for o in options} != {"true", "false"}:
        report("options", " | ".join(options), "no options (or 'True | False') for a "
               "true_false question")
        return None
    value = _norm(answers[0]) if len(answers) == 1 else ""
    if value not in _TRUE | _FALSE:
        report("answer", " | ".join(answers), "true or false")
        return None
    return {"options": TRUE_FALSE_OPTIONS, "answers": ("true" if value in _TRUE else "false",)}


def _matching_fields(options: list[str], by_norm: dict[str, str], answers: list[str],
                     report: Report) -> dict | None:
    pairs: list[tuple[str, str]] = []
    ok = True
    for answer in answers:
        sides = [s.strip() for s in answer.split(PAIR_SEPARATOR)]
        if len(sides) != 2 or not all(sides):
            report("answer", answer, "a pair 'item = option' (one '=' with text on both sides)")
            ok = False
            continue
        pairs.append((sides[0], sides[1]))
    items = [_norm(left) for left, _ in pairs]
    for left, _ in pairs:
        if items.count(_norm(left)) > 1:
            report("answer", left, "each item once on the left of '='")
            ok = False
            break
    if ok and len(pairs) < 2:
        report("answer", " | ".join(answers), "two or more pairs 'item = option'")
        ok = False
    if options:
        for _, right in pairs:
            if _norm(right) not in by_norm:
                report("answer", right, "an option from 'options': " + " | ".join(options)
                       + _hint(right, options, n=1))
                ok = False
        choices = options
    else:
        choices = list({_norm(r): r for _, r in reversed(pairs)}.values())[::-1]
    if not ok:
        return None
    built = options_from(choices)
    keys = {_norm(o.text): o.key for o in built}
    return {
        "options": built,
        "pairs": tuple(Pair(str(i), left, keys[_norm(right)])
                       for i, (left, right) in enumerate(pairs, start=1)),
    }

