"""Adjust notebook text that promises what the student version took out.

The instructor's notebooks say "unfold the solution", link to the
instructor guide and head a section "Answer key". In the handout the
solutions and the guide are gone, so that text would point at nothing.
:func:`adjust_markdown` removes, from one Markdown cell:

- table rows that link to a notebook left out of the handout;
- list items and sentences that refer to a left-out notebook by file name
  or as "notebook 07";
- list items and sentences that promise a folded or hidden solution;
- list items and sentences that point at what the handout does not hold: a
  ``make`` command (the handout has no Makefile) or the instructor's question
  bank (``data/quizzes/``); a remark in parentheses is removed on its own, and so is
  an aside "or as an instructor (...)";
- a heading inside the cell whose every line under it was removed;

and turns any other link to a left-out notebook into plain text.
:func:`orphan_headings` finds the heading cells whose whole section was removed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["adjust_markdown", "orphan_headings"]

_PROMISES = (
    re.compile(r"(?i)\b(unfold|click|open|show|reveal)\w*\b[^.]{0,80}?\b(solution|answer key)s?\b"),
    re.compile(r"(?i)\b(solutions?|answer keys?|the key)\s+(is\s+|are\s+)?(folded|hidden|below)"),
)
# What the instructor's copy has and the handout never does.
_ABSENT = (
    re.compile(r"`make [\w.-]+`"),
    re.compile(r"(?i)\bquestion bank\b|data/quizzes"),
)
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
# Asides for instructors inside a sentence students keep ("as a student ... or as an
# instructor (present, export)"): removed in place.
_INSTRUCTOR_ASIDE = re.compile(r",?\s+or as an instructor(?:\s*\([^()]*\))?")
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s")
_HEADING = re.compile(r"^(#{1,6})\s")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z*_(\[`])")


def _notebook_patterns(left_out: Sequence[str]) -> list[re.Pattern[str]]:
    patterns = []
    for name in left_out:
        stem = name.rsplit("/", 1)[-1].removesuffix(".ipynb")
        patterns.append(re.compile(re.escape(stem)))
        number = re.match(r"\d+", stem)
        if number:
            patterns.append(re.compile(rf"(?i)\bnotebooks?\s+0*{int(number.group())}\b"))
    return patterns


def _link_pattern(left_out: Sequence[str]) -> re.Pattern[str] | None:
    if not left_out:
        return None
    names = "|".join(re.escape(n.rsplit("/", 1)[-1]) for n in left_out)
    return re.compile(rf"\[([^\]]*)\]\(([^)\s]*(?:{names})[^)\s]*)\)")


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    for line in lines:
        if not line.strip():
            blocks.append([line])
        elif blocks and blocks[-1][0].strip() and not _HEADING.match(line) \
                and not _HEADING.match(blocks[-1][0]):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _items(block: list[str]) -> list[list[str]]:
    indent = len(_LIST_ITEM.match(block[0]).group(1))
    items: list[list[str]] = []
    for line in block:
        marker = _LIST_ITEM.match(line)
        if marker and len(marker.group(1)) == indent:
            items.append([line])
        else:
            items[-1].append(line)
    return items


def adjust_markdown(text: str, *, left_out: Sequence[str] = ()) -> tuple[str, int]:
    """Remove text that promises what the student version removed.

    Parameters
    ----------
    text
        The source of one Markdown cell.
    left_out
        File names of notebooks left out of the handout.

    Returns
    -------
    tuple
        The adjusted text and how many rows, items, sentences or links changed.

    Examples
    --------
    >>> adjust_markdown("## Exercises\\n\\nTry each one before you unfold the solution.")
    ('## Exercises\\n', 1)
    """
    mentions = _notebook_patterns(left_out)
    link = _link_pattern(left_out)

    def stale(part: str) -> bool:
        unlinked = link.sub("", part) if link else part
        return (any(p.search(part) for p in (*_PROMISES, *_ABSENT))
                or any(p.search(unlinked) for p in mentions))

    def absent_remark(match: re.Match[str]) -> str:
        return "" if any(p.search(match.group()) for p in _ABSENT) else match.group()

    lines = text.split("\n")
    changes = 0
    for number, line in enumerate(lines):
        if not _HEADING.match(line):
            lines[number] = _INSTRUCTOR_ASIDE.sub("", _PARENTHESES.sub(absent_remark, line))
            changes += lines[number] != line
    out: list[str] = []
    for block in _blocks(lines):
        first = block[0]
        if not first.strip() or _HEADING.match(first):
            out += block
        elif first.lstrip().startswith("|"):
            kept = [row for row in block if not (link and link.search(row))]
            changes += len(block) - len(kept)
            out += kept
        elif _LIST_ITEM.match(first):
            items = _items(block)
            kept_items = [item for item in items if not stale(" ".join(item))]
            changes += len(items) - len(kept_items)
            out += [line for item in kept_items for line in item]
        else:
            sentences = _SENTENCE_END.split(" ".join(line.strip() for line in block))
            kept_sentences = [s for s in sentences if not stale(s)]
            if len(kept_sentences) == len(sentences):
                out += block
            else:
                changes += len(sentences) - len(kept_sentences)
                if kept_sentences:
                    out.append(" ".join(kept_sentences))
    if changes:
        out = _without_empty_sections(out)
    adjusted = "\n".join(out)
    if link:
        adjusted, unlinked = link.subn(r"\1", adjusted)
        changes += unlinked
    adjusted = re.sub(r"\n{3,}", "\n\n", adjusted)
    return (adjusted if changes else text), changes


def _without_empty_sections(lines: list[str]) -> list[str]:
    """Drop headings with nothing left under them before the next heading of their level."""
    kept = []
    for number, line in enumerate(lines):
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            body = []
            for later in lines[number + 1:]:
                other = _HEADING.match(later)
                if other and len(other.group(1)) <= level:
                    break
                body.append(later)
            if not any(b.strip() for b in body):
                continue
        kept.append(line)
    return kept


def orphan_headings(cells: Sequence[dict], removed: Sequence[bool]) -> set[int]:
    """Positions of Markdown cells that open a section whose every other cell was removed.

    Parameters
    ----------
    cells
        The instructor's cells, in order.
    removed
        For each cell, whether the student version removes it.

    Returns
    -------
    set of int
        Positions of heading cells to remove too (an "Answer key" heading with
        nothing left under it).
    """
    orphans = set()
    for index, cell in enumerate(cells):
        level = _heading_level(cell)
        if removed[index] or level is None:
            continue
        section = []
        for later in range(index + 1, len(cells)):
            other = _heading_level(cells[later])
            if other is not None and other <= level:
                break
            section.append(later)
        if section and all(removed[i] for i in section):
            orphans.add(index)
    return orphans


def _heading_level(cell: dict) -> int | None:
    if cell.get("cell_type") != "markdown":
        return None
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    match = _HEADING.match(source.lstrip())
    return len(match.group(1)) if match else None
