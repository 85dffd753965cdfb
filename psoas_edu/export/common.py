"""What every quiz exporter shares: feedback text, Moodle grade fractions, diagram PNGs.

Exporters read :class:`~psoas_edu.quiz.model.Quiz` objects only; nothing
here imports a heavy library at import time.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ..quiz.model import Question, Quiz

__all__ = [
    "ExportResult",
    "diagram_pngs",
    "feedback_text",
    "figure_png",
    "moodle_percent",
    "picture_alt",
    "quiz_heading",
]

# Moodle accepts only these grade percentages (its list of grade options).
_MOODLE_PERCENTS: dict[int, str] = {
    1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667",
    7: "14.28571", 8: "12.5", 9: "11.11111", 10: "10",
}


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


def feedback_text(question: Question) -> str:
    """The explanation a student sees after answering, with its source.

    >>> from psoas_edu.quiz.model import Question
    >>> q = Question("q1", "short_answer", "Name it.", accepted=("psoas major",),
    ...              explanation="It is the long one.", citation="Gray 1918")
    >>> feedback_text(q)
    'Answer: psoas major. It is the long one. Source: Gray 1918.'
    """
    parts = [f"Answer: {_sentence(question.answer_text)}"]
    if question.explanation.strip():
        parts.append(_sentence(question.explanation.strip()))
    if question.disputed:
        parts.append("Sources disagree on this point; every recorded side is accepted.")
    if question.citation.strip():
        parts.append(f"Source: {_sentence(question.citation.strip())}")
    return " ".join(parts)


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def moodle_percent(count: int) -> str:
    """The Moodle grade percentage that splits 100 % over ``count`` answers.

    Raises
    ------
    ValueError
        More than 10 answers: Moodle has no grade option that small.
    """
    try:
        return _MOODLE_PERCENTS[count]
    except KeyError:
        raise ValueError(f"cannot split a grade over {count} answers in Moodle; "
                         "expected 1 to 10") from None


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


def figure_png(question: Question, *, atlas=None, dpi: int = 100) -> bytes | None:
    """The diagram of a label-the-diagram question as PNG bytes.

    Drawn by :func:`psoas_edu.quiz.figures.draw_question_figure`. Returns
    ``None`` for a question without a figure.
    """
    if question.figure is None:
        return None
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

    Label-the-diagram questions are drawn (the facts are loaded once for all);
    bank questions with an ``image`` give that file. ``enabled=False`` gives ``{}``.
    """
    if not enabled:
        return {}
    images = {q.id: q.image.path.read_bytes() for q in quiz.questions if q.image is not None}
    if not any(q.figure is not None for q in quiz.questions):
        return images
    from ..facts.atlas import load_atlas

    atlas = load_atlas()
    for question in quiz.questions:
        png = figure_png(question, atlas=atlas)
        if png is not None:
            images[question.id] = png
    return images


def picture_alt(question: Question) -> str:
    """The alt text of a question's picture: its diagram's, or its bank image's."""
    if question.figure is not None:
        return question.figure.alt_text
    if question.image is not None:
        return question.image.alt_text
    return "Diagram"
