"""Styled views of the synergist, antagonist and movement-matrix tables.

For projecting in class: large type, rows grouped by role, and every mark
readable without colour (``disputed`` is written out; the matrix uses the
symbols in its caption's legend). Each table gets an HTML id derived from
what it shows, so a notebook saved with its output is byte-stable.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from ..facts.atlas import Atlas
from .synergy import (
    DISPUTED_MARK,
    Movement,
    acting_members,
    antagonists,
    movement_matrix,
    opposite_of,
    resolve_joint,
    resolve_movement,
    resolve_subject,
    synergists,
)

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

__all__ = [
    "ROLE_SYMBOLS",
    "RELATION_VIEW_COLUMNS",
    "antagonist_table",
    "matrix_table",
    "style_matrix",
    "style_relations",
    "synergist_table",
    "table_id",
]

#: Matrix symbol for each role; a disputed cell gets ``DISPUTED_SYMBOL`` after it.
ROLE_SYMBOLS = {"prime mover": "\u25cf", "assists": "\u25cb"}
DISPUTED_SYMBOL = "?"

#: Columns a relation view can show, in order, with their headings.
RELATION_VIEW_COLUMNS = {
    "origin": "Origin",
    "insertion": "Insertion",
    "nerve": "Nerve (roots)",
    "sources": "Sources",
    "status": "Status",
}

# Okabe-Ito blue and orange, as pale tints with dark text (readable in dark themes too).
_PRIME = "background-color: #d4e6f4; color: #111111; font-weight: bold"
_ASSISTS = "background-color: #f2f7fb; color: #111111"
_DISPUTED = ("background-color: #fbe3b8; color: #111111; font-weight: bold; "
             "border: 2px dashed #8a5a00")

_BASE_STYLES = [
    # The same size as the course's other tables; slides enlarge every table alike.
    {"selector": "", "props": "border-collapse: collapse;"},
    {"selector": "caption",
     "props": "caption-side: top; text-align: left; font-size: 1.1em; padding: 0.4em 0;"},
    {"selector": "th, td",
     "props": "text-align: left; vertical-align: top; padding: 0.35em 0.6em; "
              "border-bottom: 1px solid #999999;"},
    {"selector": "thead th", "props": "border-bottom: 2px solid #333333;"},
]


def table_id(*parts: str) -> str:
    """A deterministic HTML id from what a table shows.

    >>> table_id("synergists", "psoas_major", "hip", "flexion")
    'synergists_psoas_major_hip_flexion'
    """
    text = "_".join(parts).lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def style_relations(frame: pd.DataFrame, *, caption: str, uuid: str,
                    columns: Sequence[str] = tuple(RELATION_VIEW_COLUMNS)) -> Styler:
    """Style a synergist / antagonist table for projecting.

    Parameters
    ----------
    frame
        A table from :func:`~psoas_edu.synergy.synergists`,
        :func:`~psoas_edu.synergy.antagonists` or :func:`~psoas_edu.synergy.movers`.
    caption
        Plain text shown above the table (escaped for HTML).
    uuid
        Id for the table's HTML (see :func:`table_id`); fixed so output is stable.
    columns
        Which of :data:`RELATION_VIEW_COLUMNS` to show.

    Returns
    -------
    pandas.io.formats.style.Styler
        Columns Role and Muscle first (prime movers first), one heading row;
        the Status column says what is disputed (action, origin, insertion,
        nerve roots), whichever columns are shown.
    """
    unknown = [c for c in columns if c not in RELATION_VIEW_COLUMNS]
    if unknown:
        raise ValueError(f"unknown column(s) {', '.join(map(repr, unknown))}; "
                         f"choose from {', '.join(RELATION_VIEW_COLUMNS)}")
    values = {
        "origin": frame["origin"],
        "insertion": frame["insertion"],
        "nerve": frame["nerve"],
        "sources": ["; ".join(ids) for ids in frame["source_ids"]],
        "status": [_status(row) for row in frame.to_dict("records")],
    }
    # Role and muscle are plain columns (not an index), so the heading is one row.
    view = pd.DataFrame(
        {"Role": list(frame["role"]), "Muscle": list(frame["muscle"]),
         **{RELATION_VIEW_COLUMNS[c]: list(values[c]) for c in columns}},
        columns=["Role", "Muscle", *(RELATION_VIEW_COLUMNS[c] for c in columns)],
        dtype=object,
    )
    styler = (
        view.style.set_uuid(uuid)
        .set_caption(html.escape(caption))
        .set_table_styles(_BASE_STYLES)
        .format(escape="html")
        .hide(axis="index")
    )
    styler = styler.map(_role_style, subset=["Role"])
    for heading in ("Origin", "Insertion"):
        if heading in view.columns:
            styler = styler.set_properties(subset=[heading], **{"min-width": "14em",
                                                                "max-width": "24em"})
    if "Status" in view.columns:
        styler = styler.map(lambda v: _DISPUTED if v else "", subset=["Status"])
    return styler


def _status(row: dict) -> str:
    """What is disputed about a muscle in the table: its action, attachments, nerve."""
    parts = ["action"] if row["disputed"] else []
    parts += [name for name, text in (("origin", row["origin"]),
                                      ("insertion", row["insertion"]),
                                      ("nerve roots", row["nerve"]))
              if "disputed" in text]
    return f"disputed: {', '.join(parts)}" if parts else ""


def _role_style(role: str) -> str:
    return _PRIME if role == "prime mover" else _ASSISTS


def _dispute_note(atlas: Atlas, frame: pd.DataFrame) -> str:
    ids = dict.fromkeys(d for ids in frame["dispute_ids"] for d in ids)
    summaries = atlas.disputes.set_index("dispute_id")["summary"]
    return "".join(f" Disputed: {summaries[d]}" for d in ids)


def _relation_caption(kind: str, atlas: Atlas, muscle: str, movement: Movement) -> str:
    subject = resolve_subject(atlas, muscle)
    if len(subject.muscle_ids) > 1:
        names = atlas.muscles.set_index("muscle_id")["name"]
        acting = ", ".join(names[m] for m in acting_members(atlas, subject, movement))
        return f"{kind} of {subject.name} ({acting}) in {movement.name}"
    return f"{kind} of {subject.name} in {movement.name}"


def synergist_table(atlas: Atlas, muscle: str, movement: str | Movement, *,
                    joint: str | None = None,
                    columns: Sequence[str] = tuple(RELATION_VIEW_COLUMNS)) -> Styler:
    """Styled synergists of a muscle (or group) in a movement, for notebooks.

    Parameters and errors are those of :func:`~psoas_edu.synergy.synergists`;
    ``columns`` is as for :func:`style_relations`.
    """
    found = resolve_movement(atlas, movement, joint=joint)
    frame = synergists(atlas, muscle, found)
    subject = resolve_subject(atlas, muscle)
    caption = _relation_caption("Synergists", atlas, muscle, found) + ": other muscles " \
        f"recorded with {found.name}, prime movers first." + _dispute_note(atlas, frame)
    if frame.empty:
        caption += " No other muscle is recorded with it."
    uuid = table_id("synergists", subject.id, *found.key)
    return style_relations(frame, caption=caption, uuid=uuid, columns=columns)


def antagonist_table(atlas: Atlas, muscle: str, movement: str | Movement, *,
                     joint: str | None = None,
                     columns: Sequence[str] = tuple(RELATION_VIEW_COLUMNS)) -> Styler:
    """Styled antagonists of a muscle (or group) in a movement, for notebooks.

    Parameters and errors are those of :func:`~psoas_edu.synergy.antagonists`;
    ``columns`` is as for :func:`style_relations`.
    """
    found = resolve_movement(atlas, movement, joint=joint)
    frame = antagonists(atlas, muscle, found)
    subject = resolve_subject(atlas, muscle)
    opposite = opposite_of(atlas, found)
    caption = _relation_caption("Antagonists", atlas, muscle, found)
    if opposite is None:
        caption += ": movements.csv names no movement that opposes it."
    else:
        caption += f": muscles recorded with {opposite.name}, prime movers first."
        caption += _dispute_note(atlas, frame)
        if frame.empty:
            caption += " No muscle is recorded with it yet."
    uuid = table_id("antagonists", subject.id, *found.key)
    return style_relations(frame, caption=caption, uuid=uuid, columns=columns)


def _matrix_symbol(cell: str) -> str:
    if not cell:
        return ""
    role = cell.removesuffix(DISPUTED_MARK)
    symbol = ROLE_SYMBOLS.get(role, role)
    return symbol + (DISPUTED_SYMBOL if role != cell else "")


def _matrix_cell_style(cell: str) -> str:
    if cell.endswith(DISPUTED_SYMBOL):
        return _DISPUTED
    if cell == ROLE_SYMBOLS["prime mover"]:
        return _PRIME
    return _ASSISTS if cell else ""


def style_matrix(matrix: pd.DataFrame, *, caption: str, uuid: str) -> Styler:
    """Style a movement matrix with text symbols and a legend in the caption.

    Parameters
    ----------
    matrix
        A table from :func:`~psoas_edu.synergy.movement_matrix`.
    caption
        Plain text title; the legend is added after it.
    uuid
        Id for the table's HTML (see :func:`table_id`).

    Returns
    -------
    pandas.io.formats.style.Styler
    """
    legend = " \u00b7 ".join(f"{symbol} {role}" for role, symbol in ROLE_SYMBOLS.items())
    legend += f" \u00b7 {DISPUTED_SYMBOL} disputed (sources disagree) \u00b7 blank: not recorded"
    symbols = matrix.map(_matrix_symbol).rename_axis(index=None, columns=None)
    return (
        symbols.style.set_uuid(uuid)
        .set_caption(html.escape(f"{caption}. Key: {legend}"))
        .set_table_styles(_BASE_STYLES + [
            {"selector": "th, td", "props": "padding: 0.15em 0.5em; vertical-align: middle;"},
            {"selector": "td", "props": "text-align: center; font-size: 1.2em; min-width: 3em;"},
            {"selector": "thead th", "props": "white-space: normal; max-width: 8em; "
                                              "vertical-align: bottom;"},
        ])
        .format(escape="html")
        .format_index(escape="html", axis=0)
        .format_index(escape="html", axis=1)
        .map(_matrix_cell_style)
    )


def matrix_table(atlas: Atlas, joint: str | Sequence[str]) -> Styler:
    """Styled movement matrix for one joint (or several) as a one-slide overview.

    Parameters and errors are those of :func:`~psoas_edu.synergy.movement_matrix`.
    """
    joints = [joint] if isinstance(joint, str) else list(joint)
    joint_ids = [resolve_joint(atlas, j) for j in joints]
    names = [j.replace("_", " ") for j in joint_ids]
    where = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return style_matrix(movement_matrix(atlas, joint_ids), caption=f"Muscles acting at the {where}",
                        uuid=table_id("matrix", *joint_ids))
