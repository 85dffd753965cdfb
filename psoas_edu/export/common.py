"""What every quiz exporter shares: feedback, points, accepted answers, diagrams.

Exporters read :class:`~psoas_edu.quiz.model.Quiz` objects only; nothing
here imports a heavy library at import time.
"""

from __future__ import annotations

import io
import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..quiz.model import Question, Quiz

__all__ = [
    "ExportError",
    "ExportResult",
    "SHORT_ANSWER_LIMITS",
    "accepted_variants",
    "clean_text",
    "control_characters",
    "diagram_pngs",
    "feedback_text",
    "figure_png",
    "item_feedback",
    "muscle_vocabulary",
    "half_point_shares",
    "pair_feedback",
    "picture_alt",
    "quiz_heading",
    "short_answer_note",
    "text_fields",
    "where",
    "wrong_choice_feedback",
]

# Characters XML 1.0 forbids, plus the other C0/C1 controls a spreadsheet pastes
# (U+000B is Word's and PowerPoint's soft line break). Tab, LF and CR are text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


class ExportError(ValueError):
    """A question a format cannot hold; the message names the question and where it is from."""


@dataclass(frozen=True)
class ExportResult:
    """One file written by an exporter.

    ``notes`` say where a format could not hold a question as it is (for
    example a matching question split into one question per item), so no
    change goes unreported.
    """

    path: Path
    format: str
    questions: int
    notes: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """e.g. ``'Wrote quiz.gift (gift, 10 questions).'`` then one line per note."""
        from ..facts.problems import display_path

        plural = "s" if self.questions != 1 else ""
        lines = [f"Wrote {display_path(self.path)} ({self.format}, "
                 f"{self.questions} question{plural})."]
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


def where(question: Question) -> str:
    """``'question 'x' (data/quizzes/a.csv:4)'``: how an export names a question."""
    origin = "" if question.origin in ("", "generated") else f" ({question.origin})"
    return f"question {question.id!r}{origin}"


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------

def text_fields(question: Question) -> list[tuple[str, str]]:
    """Every text of a question an export writes, as (bank column, text) pairs."""
    fields = [("question", question.prompt), ("explanation", question.explanation),
              ("source", question.citation)]
    fields += [("options", option.text) for option in question.options]
    fields += [("answer", pair.prompt) for pair in question.pairs]
    fields += [("answer", accepted) for accepted in question.accepted]
    if question.figure is not None:
        fields.append(("figure", question.figure.alt_text))
    if question.image is not None:
        fields.append(("image_alt", question.image.alt_text))
    return fields


def control_characters(text: str) -> list[tuple[int, str]]:
    """(1-based position, character) of every control character no export may carry.

    >>> control_characters("psoas\\x0bmajor")
    [(6, '\\x0b')]
    """
    return [(m.start() + 1, m.group()) for m in _CONTROL.finditer(text)]


def clean_text(text: str) -> str:
    """``text`` without control characters: soft line breaks become line breaks.

    >>> clean_text("T12\\x0bL4\\x00")
    'T12\\nL4'
    """
    return _CONTROL.sub("", text.replace("\x0b", "\n").replace("\x0c", "\n"))


def feedback_text(question: Question) -> str:
    """The explanation a student sees after answering, with its source.

    >>> from psoas_edu.quiz.model import Question
    >>> q = Question("q1", "short_answer", "Name it.", accepted=("psoas major",),
    ...              explanation="It is the long one.", citation="Gray 1918")
    >>> feedback_text(q)
    'Answer: psoas major. It is the long one. Source: Gray 1918.'
    """
    return " ".join([f"Answer: {_sentence(question.answer_text)}", *_explanation(question)])


def _explanation(question: Question) -> list[str]:
    parts = []
    if question.explanation.strip():
        parts.append(_sentence(question.explanation.strip()))
    if question.disputed:
        parts.append("Sources disagree on this point; every recorded side is accepted.")
    if question.citation.strip():
        parts.append(f"Source: {_sentence(question.citation.strip())}")
    return parts


def pair_feedback(question: Question, index: int) -> str:
    """Feedback for item ``index`` (0-based) of a matching question split into items.

    Names only this item's answer and the source, so one item's feedback
    never gives away another's. The explanation is left out: it speaks of
    the whole question, so it may name every item's answer (the answer key
    has it).
    """
    pair = question.pairs[index]
    parts = [f"{pair.prompt}: {_sentence(question.option_text(pair.answer))}"]
    if question.citation.strip():
        parts.append(f"Source: {_sentence(question.citation.strip())}")
    return " ".join(parts)


def item_feedback(question: Question) -> str:
    """The explanation and source without the answer (for feedback on a right choice)."""
    return " ".join(_explanation(question))


def wrong_choice_feedback(option_text: str, *, multiple: bool = False) -> str:
    """Feedback on one wrong choice that explains it without naming the answer.

    >>> wrong_choice_feedback("Iliacus")
    "Not this one: 'Iliacus' is not the answer. Try another option."
    """
    if multiple:
        return (f"'{option_text}' is not one of the right options: untick it and check "
                "the others.")
    return f"Not this one: '{option_text}' is not the answer. Try another option."


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


# ---------------------------------------------------------------------------
# Points
# ---------------------------------------------------------------------------

def half_point_shares(points: float, count: int) -> list[float] | None:
    """``points`` split over ``count`` items in half points adding up exactly, or ``None``.

    >>> half_point_shares(2, 3)
    [1.0, 0.5, 0.5]
    """
    halves = round(points * 2)
    if halves != points * 2 or halves < count:
        return None
    base, extra = divmod(halves, count)
    return [(base + (1 if i < extra else 0)) / 2 for i in range(count)]


# ---------------------------------------------------------------------------
# Short answers
# ---------------------------------------------------------------------------

#: Words an answer may start with when it names a muscle (the notebook ignores them).
_MUSCLE_PREFIXES = ("m. ", "m ", "musculus ")
_APOSTROPHES = re.compile(r"(?<=\w)['\u2019](?=\w)")
#: At most this many gaps in an answer get a variant with that one gap doubled.
_DOUBLE_SPACE_GAPS = 4


def muscle_vocabulary() -> frozenset[str]:
    """Every word of a muscle's name, Latin name or synonym in the course data.

    An accepted answer made only of these words names a muscle, so "muscle"
    and "m." forms of it make sense; "femoral nerve muscle" does not. Read
    once per state of the data files.
    """
    return _vocabulary(_data_stamp())


@lru_cache(maxsize=4)
def _vocabulary(stamp: tuple) -> frozenset[str]:
    from ..facts.atlas import load_atlas
    from ..quiz.grade import normalise_answer

    muscles = load_atlas().muscles
    names = [*muscles["name"], *muscles["latin_name"]]
    names += [synonym for synonyms in muscles["synonyms"] for synonym in synonyms]
    return frozenset(word for name in names for word in normalise_answer(str(name)).split())


def _one_gap_doubled(text: str) -> list[str]:
    """``text`` with each single space doubled in turn (a slip the notebook forgives)."""
    gaps = [i for i, c in enumerate(text) if c == " "]
    if len(gaps) > _DOUBLE_SPACE_GAPS:
        return []
    return [text[:i] + " " + text[i:] for i in gaps]


def accepted_variants(question: Question) -> tuple[str, ...]:
    """Every written form an LMS should accept for a short-answer question.

    The notebook (:func:`psoas_edu.quiz.grade.match_short_answer`) ignores
    case, accents, punctuation, spacing and the words "the", "a", "muscle",
    "musculus" and "m."; an LMS compares the text as typed (Moodle and
    jupyterquiz ignore case when told to, Canvas always does). So each
    accepted answer is listed as written; as the notebook reads it (no
    accents, apostrophes dropped, other punctuation as spaces, filler words
    dropped); without the
    hyphens of a hyphenated word ("iliopsoas" for "ilio-psoas"); with "the"
    before it; and, when every word of it is a word of a muscle's name
    (:func:`muscle_vocabulary`) and it is not a phrase with "of", with
    "muscle" after and "m.", "m" or
    "musculus" before it. The written form and the notebook's form are also
    listed with each one space doubled in turn (answers of up to four gaps).
    Typos are not listed (they would be hundreds); each format says at
    export time what it does about them.

    >>> q = Question("q", "short_answer", "Which?", accepted=("Psoas-Major",))
    >>> accepted_variants(q)[:4]
    ('Psoas-Major', 'psoas major', 'psoasmajor', 'the psoas major')
    """
    from ..quiz.grade import normalise_answer

    variants: list[str] = []
    for answer in question.accepted:
        written = " ".join(clean_text(answer).split())
        # "tailor's" as "tailors", not "tailor s" (the notebook takes both).
        words = normalise_answer(_APOSTROPHES.sub("", written))
        variants += [written, words]
        if re.search(r"[^\W\d_]-[^\W\d_]", written):
            variants.append(words.replace(" ", ""))
        if not words:
            continue
        variants.append(f"the {words}")
        if set(words.split()) <= muscle_vocabulary() and "of" not in words.split():
            variants += [f"{words} muscle", f"the {words} muscle"]
            variants += [prefix + words for prefix in _MUSCLE_PREFIXES]
        variants += _one_gap_doubled(written) + _one_gap_doubled(words)
    seen: set[str] = set()
    unique = []
    for variant in variants:
        if variant and variant.casefold() not in seen:
            seen.add(variant.casefold())
            unique.append(variant)
    return tuple(unique)


#: What an LMS comparing listed forms (Moodle, Canvas) still marks wrong that the
#: notebook accepts; said at export and in the README's format table.
SHORT_ANSWER_LIMITS = (
    "a typo; punctuation the student adds or leaves out beyond the listed forms "
    "('iliacus.', 'L2 - L4'); two doubled spaces, or a tab; 'a', 'an', 'the' or 'muscle' "
    "anywhere but the listed places")


def short_answer_note(format_name: str, count: int) -> str:
    """The export note on short answers for a format that compares listed forms."""
    return (f"short answers ({count}): {format_name} accepts every listed form in any case "
            "(as written; without accents and punctuation; with 'the'; 'ilio-psoas' also "
            "as 'iliopsoas'; a muscle also with 'muscle', 'm.', 'm' or 'musculus'; one space "
            f"doubled) but marks wrong what the notebook forgives: {SHORT_ANSWER_LIMITS}")


def quiz_heading(quiz: Quiz) -> str:
    """``'Title (topic anatomy, seed 3, 10 questions, 12 points)'``."""
    details = []
    if quiz.topic:
        details.append(f"topic {quiz.topic}")
    if quiz.seed is not None:
        details.append(f"seed {quiz.seed}")
    details.append(f"{len(quiz)} question{'s' if len(quiz) != 1 else ''}")
    details.append(f"{quiz.points:g} points")
    return f"{quiz.title} ({', '.join(details)})"


# ---------------------------------------------------------------------------
# Diagrams
# ---------------------------------------------------------------------------

# Drawn diagrams by question and the state of the data files they were drawn from:
# each is drawn once however many formats a quiz goes to, and drawn again after a
# data file changes. Bounded so a long session does not grow without end.
_PNG_CACHE: OrderedDict[tuple, bytes] = OrderedDict()
_PNG_CACHE_SIZE = 512
_DPI = 100


def _data_stamp() -> tuple:
    """Name, size and modification time of every data file: changes when the facts do."""
    from ..facts.atlas import default_data_dir

    stamps = []
    for path in sorted(default_data_dir().glob("*.csv")):
        stat = path.stat()
        stamps.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(stamps)


def _cache_key(question: Question, stamp: tuple) -> tuple:
    return (question.id, question.figure, question.muscle_ids, stamp)


def _remember(key: tuple, png: bytes) -> bytes:
    _PNG_CACHE[key] = png
    while len(_PNG_CACHE) > _PNG_CACHE_SIZE:
        _PNG_CACHE.popitem(last=False)
    return png


def figure_png(question: Question, *, atlas=None, dpi: int = _DPI) -> bytes | None:
    """The diagram of a label-the-diagram question as PNG bytes.

    Drawn by :func:`psoas_edu.quiz.figures.draw_question_figure` from
    ``atlas`` (default: the course data, and then cached until a data file
    changes). Returns ``None`` for a question without a figure.
    """
    if question.figure is None:
        return None
    if atlas is not None or dpi != _DPI:
        return _draw_png(question, atlas=atlas, dpi=dpi)
    return diagram_pngs(Quiz((question,)))[question.id]


def _draw_png(question: Question, *, atlas, dpi: int) -> bytes:
    import matplotlib.pyplot as plt

    from ..quiz.figures import draw_question_figure

    fig, ax = plt.subplots(figsize=(5.5, 5.5))
    try:
        draw_question_figure(question, ax=ax, atlas=atlas)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight",
                    metadata={"Software": None})
    finally:
        plt.close(fig)
    return buffer.getvalue()


def diagram_pngs(quiz: Quiz, *, enabled: bool = True) -> dict[str, bytes]:
    """PNG pictures of ``quiz`` by question id: drawn diagrams and the bank's images.

    Bank questions with an ``image`` give that file. Each diagram is drawn
    once from the course data and cached until a data file changes, so
    exporting one quiz to every format draws it once; the facts are loaded
    at most once per call, and not at all when every diagram is cached.
    ``enabled=False`` gives ``{}``.
    """
    if not enabled:
        return {}
    images = {q.id: q.image.path.read_bytes() for q in quiz.questions if q.image is not None}
    if not any(q.figure is not None for q in quiz.questions):
        return images
    stamp = _data_stamp()
    atlas = None
    for question in quiz.questions:
        if question.figure is None:
            continue
        key = _cache_key(question, stamp)
        if key in _PNG_CACHE:
            _PNG_CACHE.move_to_end(key)
        else:
            if atlas is None:
                from ..facts.atlas import load_atlas

                atlas = load_atlas()
            _remember(key, _draw_png(question, atlas=atlas, dpi=_DPI))
        images[question.id] = _PNG_CACHE[key]
    return images


def picture_alt(question: Question) -> str:
    """The alt text of a question's picture: its diagram's, or its bank image's."""
    if question.figure is not None:
        return question.figure.alt_text
    if question.image is not None:
        return question.image.alt_text
    return "Diagram"


#: The printable pages' style (answer key and student paper): one question never split
#: over two printed pages.
PRINT_CSS = """body { font-family: sans-serif; color: #111; margin: 2em auto; max-width: 52em;
  padding: 0 1em; }
.psoas-quiz article { break-inside: avoid; }
.psoas-quiz img { max-width: 24em; height: auto; }
@media print { body { margin: 0; max-width: none; } }"""


def figure_html(quiz: Quiz, images: dict[str, bytes]) -> dict[str, str]:
    """Question id -> the question's picture as an ``<img>`` with its alt text, for the
    questions that have one in ``images``."""
    import base64
    import html

    figures = {}
    for question in quiz.questions:
        if question.id in images:
            data = base64.b64encode(images[question.id]).decode("ascii")
            alt = html.escape(picture_alt(question))
            figures[question.id] = (f'<p><img src="data:image/png;base64,{data}" '
                                    f'alt="{alt}"></p>')
    return figures
