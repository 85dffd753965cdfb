"""The instructor's review page: every question a topic can generate, on one page.

Each question shows its id, prompt, options with the key marked, feedback, source
and where it comes from, so a teacher can read them all and list any id in
``data/quizzes/exclude.txt`` to keep it out of every quiz.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Question

__all__ = ["review_markdown"]


def review_markdown(questions: Iterable[Question], *, title: str = "Questions to review",
                    excluded: Iterable[str] = ()) -> str:
    """Markdown listing each question with id, key, feedback and source.

    Parameters
    ----------
    questions
        The questions to list, in the order given.
    title
        The page heading.
    excluded
        Ids already in the exclusion list; they are marked as such.
    """
    skipped = set(excluded)
    questions = list(questions)
    lines = [f"# {title}", "",
             f"{len(questions)} questions. To keep one out of every quiz, add its id on a "
             "line of `data/quizzes/exclude.txt`.", ""]
    for number, q in enumerate(questions, start=1):
        mark = " (excluded)" if q.id in skipped else ""
        lines += [f"## {number}. `{q.id}`{mark}", "",
                  f"*{q.topic}, {q.type.replace('_', ' ')}, {q.difficulty}, "
                  f"{q.points:g} point{'s' if q.points != 1 else ''}*", "", q.prompt, ""]
        if q.type in ("matching", "label_diagram"):
            lines += [f"- {p.prompt} → **{q.option_text(p.answer)}**" for p in q.pairs]
            extra = {o.key for o in q.options} - {p.answer for p in q.pairs}
            lines += [f"- (unused) {q.option_text(k)}" for k in sorted(extra)]
        elif q.type == "short_answer":
            lines.append(f"- Accepted: **{' | '.join(q.accepted)}**")
        else:
            lines += [f"- [{'x' if o.key in q.answers else ' '}] "
                      + (f"**{o.text}**" if o.key in q.answers else o.text) for o in q.options]
        lines += ["", f"**Feedback:** {q.explanation}", "",
                  f"**Source:** {q.citation or '(none)'}", "",
                  f"**From:** {q.origin if q.template == 'bank' else 'generated, template '}"
                  + ("" if q.template == "bank" else f"`{q.template}`")
                  + (" — disputed: every side accepted" if q.disputed else ""), ""]
    return "\n".join(lines)
