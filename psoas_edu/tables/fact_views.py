"""Readable views of the fact tables for notebooks: names instead of ids, sources, evidence.

Each view keeps file order and shows every row it selects: the course never hides a
fact quietly. Teachers' ``note`` columns are never shown.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ..course.display import (
    HtmlBlock,
    evidence_badge,
    html_table,
    show_table,
    source_links,
    with_evidence_key,
)
from ..facts.atlas import Atlas
from ..facts.schema import ID_PATTERN, schema_for

__all__ = [
    "FactsView",
    "evidence_table",
    "facts_view",
    "identifier_table",
    "source_list",
]

#: Columns a fact view never shows: ids that have a readable twin, and teachers' notes.
_HIDDEN_COLUMNS = ("muscle_id", "dispute_id", "note", "root_levels", "landmark_ids")

#: Where an identifier can be looked up online (UBERON's permanent addresses).
_ID_LINKS = {"uberon_id": "http://purl.obolibrary.org/obo/UBERON_{}"}


@dataclass(frozen=True)
class FactsView:
    """A fact table to read in a notebook; ``frame`` is the same data as a DataFrame.

    Shown as a left-aligned HTML table with the full text of every cell.
    """

    frame: pd.DataFrame
    #: Per row, the ``sources`` cell as HTML links (short citations); empty if none.
    sources_html: tuple[str, ...] = ()

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        table = show_table(self.frame, index=True)
        if not self.sources_html or "sources" not in self.frame:
            return table._repr_mimebundle_()
        column = list(self.frame.columns).index("sources")
        rows = []
        for (label, values), links in zip(self.frame.iterrows(), self.sources_html,
                                          strict=True):
            cells = [html.escape(str(v)) for v in values]
            cells[column] = links
            rows.append([f"<strong>{html.escape(str(label))}</strong>", *cells])
        headings = [str(self.frame.index.name or ""), *map(str, self.frame.columns)]
        return html_table(headings, rows, text=table.text)._repr_mimebundle_()


def _group_members(atlas: Atlas, group: str) -> list[str]:
    muscles = atlas.muscles
    if group not in set(muscles["group"]):
        raise KeyError(f"no muscle group {group!r} in muscles.csv; "
                       f"known: {', '.join(sorted(set(muscles['group'])))}")
    return list(muscles.loc[muscles["group"] == group, "muscle_id"])


def facts_view(atlas: Atlas, table: str, *, group: str | None = None,
               muscles: Sequence[str] = (), columns: Sequence[str] = ()) -> FactsView:
    """A fact table ready to read: muscle names as the index, lists joined, notes dropped.

    Parameters
    ----------
    atlas
        The loaded facts.
    table
        Name of a table with a ``muscle_id`` column, e.g. ``"attachments"``.
    group
        Keep only muscles of this ``group`` in ``muscles.csv``, e.g. ``"iliopsoas"``.
    muscles
        Keep only these muscle ids (in addition to ``group``, if both are given).
    columns
        Columns to show, in order; default all but ids and notes. ``source_ids``
        is shown as ``sources``; a table with disputes also has a ``status``
        column reading ``disputed:`` with what is in dispute, or blank. Where
        rows of one muscle would read alike in ``columns`` (sides of a dispute
        that differ only in their conditions), ``sources`` is added to tell
        them apart.

    Returns
    -------
    FactsView
        Its ``frame`` is indexed by muscle name, rows in the order of ``muscles.csv``.

    Raises
    ------
    KeyError
        For an unknown table, group or column; the message lists what exists.
    """
    if table not in atlas.tables or "muscle_id" not in atlas.tables[table]:
        known = ", ".join(n for n, f in atlas.tables.items() if "muscle_id" in f)
        raise KeyError(f"no fact table {table!r} with a muscle_id column; known: {known}")
    frame = atlas.tables[table]
    order = list(atlas.muscles["muscle_id"])
    wanted = list(muscles) + (_group_members(atlas, group) if group is not None else [])
    if wanted:
        frame = frame[frame["muscle_id"].isin(wanted)]
    frame = frame.assign(_order=frame["muscle_id"].map(order.index)).sort_values(
        "_order", kind="stable")
    view = frame.drop(columns=["_order", *[c for c in _HIDDEN_COLUMNS if c in frame]])
    if "disputed" in view:
        # The question in dispute, so two sides that read alike say what is at stake.
        summaries = dict(zip(atlas.disputes["dispute_id"], atlas.disputes["summary"],
                             strict=True)) if "disputes" in atlas.tables else {}
        ids = frame["dispute_id"] if "dispute_id" in frame else [""] * len(frame)
        view = view.assign(disputed=[
            (f"disputed: {summaries[i]}" if summaries.get(i) else "disputed") if d else ""
            for d, i in zip(view["disputed"], ids, strict=True)])
    view = view.rename(columns={"disputed": "status", "source_ids": "sources"})
    links = ()
    if "sources" in view:
        cited = [source_links(atlas, ids) for ids in view["sources"]]
        links = tuple(c.html for c in cited)
        view = view.assign(sources=[c.text for c in cited])
    view = view.apply(lambda col: col.map(_cell_text))
    if columns:
        unknown = [c for c in columns if c not in view]
        if unknown:
            raise KeyError(f"no column {', '.join(map(repr, unknown))} in the {table} view; "
                           f"known: {', '.join(view.columns)}")
        shown = list(columns)
        # Two sides of a dispute can read alike in the columns asked for (the same
        # action, stated under different conditions): then who states each tells them apart.
        if (len(view) and "sources" in view and "sources" not in shown
                and _with_muscle(view[shown], frame).duplicated(keep=False).any()):
            shown.append("sources")
        view = view[shown]
    names = dict(zip(atlas.muscles["muscle_id"], atlas.muscles["name"], strict=True))
    index = pd.Index([names[m] for m in frame["muscle_id"]], name="muscle")
    return FactsView(view.set_axis(index, axis=0), links if "sources" in view else ())


def _with_muscle(view: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    return view.assign(_muscle=list(frame["muscle_id"]))


def _cell_text(value: object) -> object:
    """Lists joined with ``;``; a bare id such as ``hold_time`` read as ``hold time``."""
    if isinstance(value, tuple):
        return "; ".join(map(str, value))
    if isinstance(value, str) and ID_PATTERN.match(value):
        return value.replace("_", " ")
    return value


def _readable_names(atlas: Atlas, table: str) -> dict[str, Callable[[object], object]]:
    """Per column of ``table`` that holds ids of named rows: a function to their names."""
    converters: dict[str, Callable[[object], object]] = {}
    for column in schema_for(f"{table}.csv").columns:
        if not column.references or column.references[0] == "sources.csv":
            continue
        target, key = column.references
        frame = atlas.tables.get(target.removesuffix(".csv"))
        if frame is None or "name" not in frame or key == "group":
            continue
        names = dict(zip(frame[key], frame["name"], strict=True))
        converters[column.name] = _namer(names)
    return converters


def _namer(names: dict[str, str]) -> Callable[[object], object]:
    def convert(value: object) -> object:
        if isinstance(value, tuple):
            return tuple(names.get(v, v) for v in value)
        return names.get(value, value) if isinstance(value, str) else value
    return convert


def evidence_table(atlas: Atlas, table: str, *, columns: Sequence[str],
                   where: Mapping[str, str | Sequence[str]] | None = None,
                   headings: Mapping[str, str] | None = None) -> HtmlBlock:
    """Rows of a clinical table, each with its evidence level and its sources.

    Parameters
    ----------
    atlas
        The loaded facts.
    table
        A table with an ``evidence_level`` column, e.g. ``"clinical_notes"``.
    columns
        Columns to show before the evidence and sources, in order. Ids of named
        rows (techniques, muscles, referral zones) are shown as names.
    where
        Keep rows whose column equals the value or one of the values, e.g.
        ``{"topic": "symptom"}``; for a list column, rows that contain one.
    headings
        Display headings for some columns; others are shown with ``_`` as spaces.

    Returns
    -------
    HtmlBlock
        A table in file order; rows that are one side of a dispute say so.

    Raises
    ------
    KeyError
        For an unknown table or column; the message lists what exists.
    """
    if table not in atlas.tables or "evidence_level" not in atlas.tables[table]:
        known = ", ".join(n for n, f in atlas.tables.items() if "evidence_level" in f)
        raise KeyError(f"no table {table!r} with evidence levels; known: {known}")
    frame = atlas.tables[table]
    unknown = [c for c in [*columns, *(where or {})] if c not in frame]
    if unknown:
        raise KeyError(f"no column {', '.join(map(repr, unknown))} in {table}; "
                       f"known: {', '.join(frame.columns)}")
    for column, wanted in (where or {}).items():
        values = {wanted} if isinstance(wanted, str) else set(wanted)
        frame = frame[[bool(values & set(v if isinstance(v, tuple) else (v,)))
                       for v in frame[column]]]
    readable = _readable_names(atlas, table)
    rows, lines = [], []
    for row in frame.to_dict("records"):
        shown = [str(_cell_text(readable.get(c, _same)(row[c]))) for c in columns]
        badge = evidence_badge(atlas, row["evidence_level"])
        status = " <strong>disputed</strong>" if row.get("disputed") else ""
        cited = source_links(atlas, row["source_ids"])
        sources = cited.text
        rows.append([*map(html.escape, shown), badge.html + status, cited.html])
        lines.append(" | ".join(shown) + f" {badge.text}"
                     + (" (disputed)" if status else "") + f" ({sources})")
    titles = [(headings or {}).get(c, c.replace("_", " ")) for c in columns]
    shown_table = html_table([*titles, "evidence", "sources"], rows,
                             text="\n".join(lines) or "(no rows)")
    return with_evidence_key(atlas, shown_table, list(frame["evidence_level"]))


def _same(value: object) -> object:
    return value


def identifier_table(atlas: Atlas, *, group: str | None = None) -> HtmlBlock:
    """Muscles with their Latin name and UBERON, FMA and TA98 ids; UBERON ids are links.

    Parameters
    ----------
    atlas
        The loaded facts.
    group
        Only muscles of this group, e.g. ``"iliopsoas"``; all muscles if None.

    Returns
    -------
    HtmlBlock
        An id that is not recorded reads ``not recorded``.
    """
    ids = ("uberon_id", "fma_id", "ta98_id")
    muscles = facts_view(atlas, "muscles", group=group, columns=["latin_name", *ids])
    raw = atlas.muscles.set_index("name")
    rows, lines = [], []
    for name, row in muscles.frame.iterrows():
        cells = [html.escape(str(name)), f"<em>{html.escape(row['latin_name'])}</em>"]
        for column in ids:
            value = raw.at[name, column]
            link = _ID_LINKS.get(column)
            if value and link:
                cells.append(f'<a href="{link.format(value.split(":")[1])}">'
                             f"{html.escape(value)}</a>")
            else:
                cells.append(html.escape(value) or "not recorded")
        rows.append(cells)
        lines.append(f"{name}: {row['latin_name']}; "
                     + "; ".join(raw.at[name, c] or "not recorded" for c in ids))
    return html_table(["muscle", "Latin name", "UBERON", "FMA", "TA98"], rows,
                      text="\n".join(lines))


def source_list(atlas: Atlas, source_ids: Sequence[str] = (), *,
                tables: Sequence[str] = (), group: str | None = None) -> HtmlBlock:
    """Numbered list of full citations, for a notebook's references.

    Parameters
    ----------
    atlas
        The loaded facts.
    source_ids
        Sources to list first, in this order.
    tables
        Also list every source cited by these tables (all their rows, or only
        the rows of ``group``'s muscles when a table has a ``muscle_id``).
    group
        A muscle group from ``muscles.csv``, e.g. ``"iliopsoas"``.

    Returns
    -------
    HtmlBlock

    Raises
    ------
    KeyError
        If an id is not in ``sources.csv`` or a table does not exist.
    """
    sources = atlas.sources.set_index("source_id")
    ids = list(source_ids)
    for table in tables:
        if table not in atlas.tables:
            raise KeyError(f"no table {table!r}; known: {', '.join(atlas.tables)}")
        frame = atlas.tables[table]
        if group is not None and "muscle_id" in frame:
            frame = frame[frame["muscle_id"].isin(_group_members(atlas, group))]
        ids += [s for cited in frame["source_ids"] for s in cited]
    ids = list(dict.fromkeys(ids))
    missing = [s for s in ids if s not in sources.index]
    if missing:
        raise KeyError(f"not in sources.csv: {', '.join(missing)}")
    rows = [(source_links(atlas, [s]), sources.at[s, "citation"], sources.at[s, "kind"])
            for s in ids]
    items = "".join(f"<li>{link.html} ({html.escape(kind)}): {html.escape(citation)}</li>"
                    for link, citation, kind in rows)
    text = "\n".join(f"{n}. {link.text} ({kind}): {citation}"
                     for n, (link, citation, kind) in enumerate(rows, 1))
    return HtmlBlock(f"<ol>{items}</ol>", text)
