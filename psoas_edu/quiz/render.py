"""Static views of a quiz: printable HTML and Markdown, an answer key, feedback.

Rendering never grades and never decides anything: it shows questions and
:class:`~psoas_edu.quiz.model.Result` objects made elsewhere. Every piece of
question text is escaped, so an instructor's ``<script>`` shows as text.
HTML ids derive from question ids only, so stored notebook outputs do not
change between runs. Right answers are marked with a tick and the words
"right answer", never by colour alone.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .model import Question, QuestionImage, Quiz, QuizResult, Result, option_key

__all__ = [
    "ANSWER_KEY_METADATA",
    "TRY_AGAIN_TEXT",
    "TYPE_HINT",
    "QuizDocument",
    "answer_key_html",
    "answer_key_markdown",
    "feedback_html",
    "feedback_text",
    "quiz_html",
    "quiz_markdown",
    "render_quiz",
    "score_html",
    "show_answer_key",
    "show_quiz",
]

TYPE_HINT = {
    "single_choice": "Choose one.",
    "multiple_answer": "Choose every option that applies.",
    "true_false": "True or false?",
    "matching": "Match each item to one option; an option may be used more than once.",
    "label_diagram": "Name each numbered marker; choose from the list.",
    "short_answer": "Write a short answer.",
}
_STATUS_TEXT = {"correct": "Correct", "partial": "Partly right", "incorrect": "Not quite",
                "unanswered": "No answer yet"}
_STATUS_MARK = {"correct": "\u2714", "partial": "\u25d1", "incorrect": "\u2718",
                "unanswered": "\u2026"}
# Okabe-Ito blue and vermillion borders; the words and marks carry the meaning.
_STATUS_BORDER = {"correct": "#0072B2", "partial": "#E69F00", "incorrect": "#D55E00",
                  "unanswered": "#999999"}
_CSS = (
    "<style>"
    ".psoas-quiz{font-family:inherit;line-height:1.45;max-width:52em}"
    ".psoas-quiz article{border-top:1px solid #ccc;padding:0.4em 0 0.6em}"
    ".psoas-quiz .hint,.psoas-quiz .meta{color:#444;font-size:0.9em}"
    ".psoas-quiz .right{font-weight:bold}"
    ".psoas-quiz table{border-collapse:collapse}"
    ".psoas-quiz td,.psoas-quiz th{border:1px solid #999;padding:0.2em 0.5em;text-align:left}"
    "</style>"
)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _points(value: float) -> str:
    text = f"{value:g}"
    return f"{text} point{'s' if value != 1 else ''}"


def _options_html(question: Question, answers: bool) -> str:
    right = set(question.answers)
    items = []
    for index, option in enumerate(question.options):
        mark = "\u2611" if answers and option.key in right else "\u2610"
        text = _esc(option.text)
        if answers and option.key in right:
            text = f'<span class="right">{text} (right answer)</span>'
        items.append(f'<li id="{question.html_id("option", option.key)}">{mark} '
                     f"{option_key(index)}) {text}</li>")
    return '<ul style="list-style:none;padding-left:0.5em">' + "".join(items) + "</ul>"


_CELL = 'style="text-align:left;vertical-align:top"'


def _pairs_html(question: Question, answers: bool) -> str:
    head = "Marker" if question.type == "label_diagram" else "Item"
    rows = "".join(
        f'<tr id="{question.html_id("item", pair.key)}"><td {_CELL}>{_esc(pair.prompt)}</td>'
        f'<td {_CELL}>'
        + (f'<span class="right">{_esc(question.option_text(pair.answer))} (right answer)'
           "</span>" if answers else "&nbsp;")
        + "</td></tr>"
        for pair in question.pairs)
    choices = "".join(f"<li>{option_key(i)}) {_esc(o.text)}</li>"
                      for i, o in enumerate(question.options))
    return (f'<p>Choose from:</p><ul style="list-style:none;padding-left:0.5em">{choices}</ul>'
            f'<table style="min-width:60%"><thead><tr><th {_CELL}>{head}</th>'
            '<th style="text-align:left;width:60%">Answer</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def _question_html(number: int, question: Question, *, answers: bool,
                   figure: str | None) -> str:
    parts = [
        f'<article id="{question.html_id()}">',
        f"<h3>Question {number} <span class=\"meta\">({_points(question.points)}, "
        f"{_esc(question.difficulty)})</span></h3>",
        f"<p>{_esc(question.prompt)}</p>",
        f'<p class="hint">{TYPE_HINT[question.type]}</p>',
    ]
    if figure is not None:
        parts.append(figure)
    elif question.figure is not None:
        parts.append(f'<p class="meta">[Figure: {_esc(question.figure.alt_text)}]</p>')
    elif question.image is not None:
        parts.append(_picture_html(question.image))
    if question.type in ("matching", "label_diagram"):
        parts.append(_pairs_html(question, answers))
    elif question.type == "short_answer":
        parts.append("<p>Answer: "
                     + (f'<span class="right">{_esc(question.answer_text)}</span>' if answers
                        else "_" * 30) + "</p>")
    else:
        parts.append(_options_html(question, answers))
    if answers:
        parts.append(_explained(question))
    parts.append("</article>")
    return "".join(parts)


def _explained(question: Question) -> str:
    disputed = (" <em>Sources disagree on this point; every recorded side is accepted.</em>"
                if question.disputed else "")
    return (f"<p><strong>Why:</strong> {_esc(question.explanation)}{disputed}</p>"
            f'<p class="meta"><strong>Source:</strong> {_esc(question.citation)}</p>')


def quiz_html(quiz: Quiz, *, answers: bool = False,
              figures: Mapping[str, str] | None = None) -> str:
    """The quiz as an HTML fragment for printing or a notebook.

    Parameters
    ----------
    quiz
        The questions.
    answers
        Mark the right answers and add explanations and sources (instructor copy).
    figures
        HTML (e.g. an ``<img alt=...>``) per question id for label-the-diagram
        questions; without it the figure's alt text is shown instead.

    Returns
    -------
    str
    """
    figures = figures or {}
    title = _esc(quiz.title + (" \u2014 answer key" if answers else ""))
    body = "".join(_question_html(i, q, answers=answers, figure=figures.get(q.id))
                   for i, q in enumerate(quiz, start=1))
    summary = f"{len(quiz)} questions, {_points(quiz.points)}"
    return (f'{_CSS}<div class="psoas-quiz" id="quiz-{_slug(quiz)}"><h2>{title}</h2>'
            f'<p class="meta">{summary}</p>{body}</div>')


def _slug(quiz: Quiz) -> str:
    # A hash: students see the id, and the seed would rebuild the answer key.
    text = f"{quiz.title}-{quiz.seed if quiz.seed is not None else 'x'}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


_KEY_CELL = "text-align:left;vertical-align:top;padding:0.3em 0.6em;border-bottom:1px solid #999"
_KEY_HEAD = _KEY_CELL.replace("1px solid #999", "2px solid #333")
# Readable columns: the answer and the reason get the room, the id stays small.
_KEY_COLUMNS = (("#", "width:2.5em"), ("Answer", "width:28%"), ("Why", "width:40%"),
                ("Source", "width:20%"), ("Question id", "font-size:0.8em"))


def answer_key_html(quiz: Quiz) -> str:
    """A compact instructor key as HTML.

    Parameters
    ----------
    quiz
        The questions.

    Returns
    -------
    str
        One left-aligned table row per question: number, answer, why, source and,
        last and small, the question id. Styles are inline, so JupyterLab shows
        them in a notebook that is not trusted.
    """
    head = "".join(f'<th scope="col" style="{_KEY_HEAD};{width}">{name}</th>'
                   for name, width in _KEY_COLUMNS)
    rows = "".join(
        f'<tr id="{q.html_id("key")}"><td style="{_KEY_CELL}">{i}</td>'
        f'<td style="{_KEY_CELL};font-weight:bold">{_esc(q.answer_text)}</td>'
        f'<td style="{_KEY_CELL}">{_esc(q.explanation)}'
        + (" (disputed: every side accepted)" if q.disputed else "")
        + f'</td><td style="{_KEY_CELL}">{_esc(q.citation)}</td>'
        f'<td style="{_KEY_CELL};font-size:0.8em;word-break:break-all">'
        f"<code>{_esc(q.id)}</code></td></tr>"
        for i, q in enumerate(quiz, start=1))
    return (f'{_CSS}<div class="psoas-quiz" id="key-{_slug(quiz)}"><h2>'
            f"{_esc(quiz.title)} \u2014 answer key</h2>"
            '<table style="border-collapse:collapse;width:100%;table-layout:auto">'
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>")


def _picture_html(image: QuestionImage) -> str:
    """The bank question's PNG, embedded so the page stands alone, with its alt text;
    the alt text alone (and the file named) if the file cannot be read."""
    try:
        data = base64.b64encode(image.path.read_bytes()).decode("ascii")
    except OSError:
        return (f'<p class="meta">[Picture {_esc(image.name)} not found: '
                f"{_esc(image.alt_text)}]</p>")
    return (f'<p><img src="data:image/png;base64,{data}" alt="{_esc(image.alt_text)}" '
            'style="max-width:24em;height:auto"></p>')


# What Markdown reads as markup anywhere in a line; "_" only at a word's edge (CommonMark
# never reads it inside a word); the rest only where the text starts a line or fills a
# table cell. Anything else ("flexors.", "L2-L4") is left as written, so a paper pasted
# into a word processor shows no stray backslashes.
_MD_INLINE = re.compile(r"([\\`*\[\]~])")
_MD_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_MD_LINE_START = re.compile(r"^(?:(#{1,6}(?=\s|$)|[+>-](?=\s|$)|-{3,}\s*$)"
                            r"|(\d{1,9})([.)](?=\s|$)))")
# Markdown passes HTML through: "<" only where it would open a tag or an autolink, "&"
# only where it would start an entity ("Hip & knee", "a < b" are left as written).
_HTML_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def _md(text: str, *, line_start: bool = False, table: bool = False) -> str:
    """Escape ``text`` so Markdown shows it literally, and only where it must.

    ``line_start``: the text begins a line (a heading, list or rule marker
    there is escaped); ``table``: it fills a table cell (``|`` is escaped).
    """
    text = _HTML_OPEN.sub("&lt;", _ENTITY.sub("&amp;", " ".join(text.split())))
    text = _MD_UNDERSCORE.sub(r"\\_", _MD_INLINE.sub(r"\\\1", text))
    if table:
        text = text.replace("|", "\\|")
    if line_start:
        text = _MD_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}",
                                  text, count=1)
    return text


def _picture_markdown(question: Question, picture: str | None) -> list[str]:
    """The question's picture as a Markdown image (``picture`` is its file), or its
    alt text alone when there is no file."""
    alt = (question.figure.alt_text if question.figure is not None
           else question.image.alt_text if question.image is not None else None)
    if alt is None:
        return []
    if picture is not None:
        target = f"<{picture}>" if re.search(r"[\s()<>]", picture) else picture
        return [f"![{_md(alt)}]({target})", ""]
    label = "Figure" if question.figure is not None else "Picture"
    return [f"*{label}:* {_md(alt)}", ""]


def _question_markdown(number: int, question: Question, answers: bool,
                       picture: str | None = None) -> list[str]:
    lines = [f"### Question {number} ({_points(question.points)}, {question.difficulty})", "",
             _md(question.prompt, line_start=True), "", f"*{TYPE_HINT[question.type]}*", ""]
    lines += _picture_markdown(question, picture)
    if question.type in ("matching", "label_diagram"):
        lines += ["Choose from: " + "; ".join(f"{option_key(i)}) {_md(o.text)}"
                                              for i, o in enumerate(question.options)), ""]
        lines += ["| item | answer |", "| --- | --- |"]
        lines += [f"| {_md(p.prompt, table=True)} | "
                  + (f"**{_md(question.option_text(p.answer), table=True)}**" if answers
                     else " ") + " |"
                  for p in question.pairs]
        lines.append("")
    elif question.type == "short_answer":
        lines += ["Answer: " + (f"**{_md(question.answer_text)}**" if answers else "_" * 20), ""]
    else:
        right = set(question.answers)
        for index, option in enumerate(question.options):
            ticked = answers and option.key in right
            text = f"**{_md(option.text)}** (right answer)" if ticked else _md(option.text)
            lines.append(f"- [{'x' if ticked else ' '}] {option_key(index)}) {text}")
        lines.append("")
    if answers:
        disputed = " Sources disagree; every recorded side is accepted." if question.disputed \
            else ""
        lines += [f"**Why:** {_md(question.explanation)}{disputed}", "",
                  f"**Source:** {_md(question.citation)}", ""]
    return lines


def quiz_markdown(quiz: Quiz, *, answers: bool = False,
                  pictures: Mapping[str, str] | None = None) -> str:
    """The quiz as Markdown (tick boxes, tables), for printing or a course page.

    Parameters
    ----------
    quiz
        The questions.
    answers
        Tick the right answers and add explanations and sources.
    pictures
        Question id -> the file (relative to the Markdown) of its diagram or
        bank picture, shown as an image with its alt text. A question with a
        picture but no file shows the alt text alone.

    Returns
    -------
    str
        Markdown in which every piece of question text is escaped.
    """
    pictures = pictures or {}
    lines = [f"## {_md(quiz.title)}" + (" \u2014 answer key" if answers else ""), "",
             f"{len(quiz)} questions, {_points(quiz.points)}", ""]
    for number, question in enumerate(quiz, start=1):
        lines += _question_markdown(number, question, answers, pictures.get(question.id))
    return "\n".join(lines).rstrip() + "\n"


def answer_key_markdown(quiz: Quiz, *, pictures: Mapping[str, str] | None = None) -> str:
    """The instructor key as Markdown: the quiz with answers, explanations and sources."""
    return quiz_markdown(quiz, answers=True, pictures=pictures)


def feedback_text(question: Question, result: Result) -> str:
    """Feedback as plain text.

    Parameters
    ----------
    question
        The question answered.
    result
        Its grade, from :func:`psoas_edu.quiz.grade.grade`.

    Returns
    -------
    str
        Verdict, the right answer (when missed), explanation and source.
    """
    if result.status == "unanswered":
        return result.message
    parts = [result.message]
    if not result.correct:
        parts.append(f"Right answer: {question.answer_text}.")
    parts.append(question.explanation)
    if question.disputed:
        parts.append("Sources disagree on this point; every recorded side is accepted.")
    parts.append(f"Source: {question.citation}")
    return " ".join(p.strip() for p in parts if p.strip())


#: What a first wrong attempt says after its verdict, instead of the answer.
TRY_AGAIN_TEXT = ("Try again: change your answer and press Check, or press Show answer "
                  "to see the right answer and why.")


def feedback_html(question: Question, result: Result, *, live: bool = True,
                  reveal: bool = True) -> str:
    """Feedback for one checked answer as HTML.

    Parameters
    ----------
    question
        The question answered.
    result
        Its grade, from :func:`psoas_edu.quiz.grade.grade`.
    live
        Mark the box as a live region (``role="status"``). Leave it off when
        the box goes into a live region that is already on the page.
    reveal
        Give the right answer, the explanation and the source of a missed
        question. Without it (a first wrong attempt) the box gives the verdict
        only (for a multiple-answer question, how many ticks are right and
        wrong, never which) and asks the student to try again.

    Returns
    -------
    str
        A box (id from the question id, ``role="status"`` so screen readers
        announce it when ``live``) with a mark and the verdict in words, then
        the right answer when missed, the explanation and the source (unless
        ``reveal`` is off and the answer is not right).
    """
    status = result.status
    box = (f"border:2px solid {_STATUS_BORDER[status]};border-left-width:8px;"
           "border-radius:4px;padding:0.4em 0.7em;margin:0.3em 0;color:#1a1a1a")
    head = (f"<strong>{_STATUS_MARK[status]} {_esc(result.message)}</strong>"
            f" <span>({_esc(f'{result.score:g}')} of {_points(result.points)})</span>")
    if status == "unanswered":
        body = ""
    elif not reveal and not result.correct:
        body = f"<p>{_esc(TRY_AGAIN_TEXT)}</p>"
    else:
        right = ("" if result.correct else
                 f"<p>Right answer: <strong>{_esc(question.answer_text)}</strong></p>")
        body = right + _explained(question)
    role = ' role="status" aria-live="polite"' if live else ""
    return f'<div id="{question.html_id("feedback")}"{role} style="{box}">{head}{body}</div>'


def score_html(result: QuizResult, *, quiz: Quiz | None = None) -> str:
    """The running score as HTML.

    Parameters
    ----------
    result
        Results of the questions checked so far.
    quiz
        The whole quiz, to say how many questions and points there are.

    Returns
    -------
    str
        e.g. ``Score: 3 of 4 points on 3 of 5 questions checked. 1 question to retry.``
    """
    checked = len(result.results)
    of = f" of {len(quiz)}" if quiz is not None else ""
    in_all = f" The quiz has {_points(quiz.points)} in all." if quiz is not None else ""
    if not checked:
        text = f"Score: nothing checked yet (0{of} questions).{in_all}"
    else:
        missed = len(result.missed)
        retry = (f" {missed} question{'s' if missed != 1 else ''} to retry." if missed
                 else " All right so far.")
        text = (f"Score: {result.score:g} of {_points(result.points)} on {checked}{of} "
                f"questions checked.{retry}{in_all}")
    return f'<p role="status" aria-live="polite"><strong>{_esc(text)}</strong></p>'


#: Output metadata of every rendered answer key (see :class:`QuizDocument`).
ANSWER_KEY_METADATA = {"psoas_edu": {"answer_key": True}}


@dataclass(frozen=True)
class QuizDocument:
    """A rendered quiz that Jupyter shows as HTML (Markdown and text also available)."""

    html: str
    markdown: str
    title: str
    answer_key: bool = False

    def _repr_mimebundle_(self, include=None, exclude=None) -> tuple[dict, dict]:
        data = {"text/html": self.html, "text/markdown": self.markdown,
                "text/plain": self.title}
        # Marks the output as instructor material: the slide template and the
        # student version leave it out.
        return data, (ANSWER_KEY_METADATA if self.answer_key else {})

    def __str__(self) -> str:
        return self.markdown


def render_quiz(quiz: Quiz, *, answers: bool = False,
                figures: Mapping[str, str] | None = None) -> QuizDocument:
    """The quiz as HTML and Markdown together.

    Parameters
    ----------
    quiz
        The questions.
    answers
        Include right answers, explanations and sources.
    figures
        As for :func:`quiz_html`.

    Returns
    -------
    QuizDocument
    """
    title = quiz.title + (" \u2014 answer key" if answers else "")
    return QuizDocument(quiz_html(quiz, answers=answers, figures=figures),
                        quiz_markdown(quiz, answers=answers), title, answer_key=answers)


def show_quiz(quiz: Quiz, *, answers: bool = False, atlas=None) -> QuizDocument:
    """The printable quiz for a notebook, with its diagrams drawn.

    Parameters
    ----------
    quiz
        The questions.
    answers
        Include right answers, explanations and sources.
    atlas
        Facts for the diagrams; loaded from ``data/`` if needed and not given.
    """
    from .figures import figure_images

    return render_quiz(quiz, answers=answers, figures=figure_images(quiz, atlas=atlas))


def show_answer_key(quiz: Quiz) -> QuizDocument:
    """The compact instructor key for a notebook (instructor material only).

    Its output carries :data:`ANSWER_KEY_METADATA`, so the slide decks and the
    student version leave it out; students see an answer only for the
    question they check in :func:`psoas_edu.take_quiz`.

    Parameters
    ----------
    quiz
        The questions.

    Returns
    -------
    QuizDocument
        Shown as the table of :func:`answer_key_html`.
    """
    return QuizDocument(answer_key_html(quiz), answer_key_markdown(quiz),
                        quiz.title + " \u2014 answer key", answer_key=True)
