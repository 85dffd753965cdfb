"""Display helpers for the course notebooks: figures with alt text, callouts, badges, tables.

Each helper returns an object that Jupyter shows as HTML, with a plain-text form that
says the same thing (screen readers, text exports and the notebook tests read it).
The HTML is deterministic, so stored outputs stay byte-stable between runs, and its
styles are inline, so JupyterLab, exported HTML and slide decks all show it the same.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from PIL import Image

from ..facts.atlas import Atlas

__all__ = [
    "FIGURE_DPI",
    "AltFigure",
    "HtmlBlock",
    "dispute_callout",
    "evidence_badge",
    "evidence_legend",
    "html_table",
    "show_figure",
    "show_table",
    "short_citation",
    "source_links",
]

#: Resolution of figure PNGs: a 10-inch figure is 1000 pixels wide, enough for a projector.
FIGURE_DPI = 100

# Okabe-Ito orange and blue borders; the words carry the meaning, never the colour alone.
_DISPUTE_BOX = ("border:2px solid #E69F00;border-left-width:8px;border-radius:4px;"
                "padding:0.5em 0.8em;margin:0.6em 0;background:#fff8e6;color:#1a1a1a")
_BADGE = ("display:inline-block;border:1.5px solid #0072B2;border-radius:3px;"
          "padding:0 0.4em;background:#eef6fb;color:#1a1a1a;white-space:nowrap")
_CELL = "text-align:left;vertical-align:top;padding:0.3em 0.6em;border-bottom:1px solid #bbb"
_HEAD = _CELL.replace("1px solid #bbb", "2px solid #333")


@dataclass(frozen=True)
class HtmlBlock:
    """A piece of HTML with its plain-text equivalent, shown by Jupyter as HTML."""

    html: str
    text: str

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/html": self.html, "text/plain": self.text}

    def __str__(self) -> str:
        return self.text


def html_table(headings: Sequence[str], rows: Sequence[Sequence[str]], *,
               text: str) -> HtmlBlock:
    """A left-aligned table for long teaching text (pandas would right-align and truncate).

    Parameters
    ----------
    headings
        Column headings (plain text; escaped here).
    rows
        Cells as HTML that is already safe (escape plain text with ``html.escape``).
    text
        The plain-text form of the whole table.

    Returns
    -------
    HtmlBlock
    """
    head = "".join(f'<th style="{_HEAD}">{html.escape(h)}</th>' for h in headings)
    body = "".join("<tr>" + "".join(f'<td style="{_CELL}">{c}</td>' for c in row) + "</tr>"
                   for row in rows)
    return HtmlBlock(f'<table style="border-collapse:collapse;margin:0.4em 0">'
                     f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>", text)


def show_table(frame: pd.DataFrame, *, index: bool = False) -> HtmlBlock:
    """Any DataFrame as a left-aligned table with the full text of every cell.

    Parameters
    ----------
    frame
        The table.
    index
        Show the index as a first, bold column (its name as the heading).

    Returns
    -------
    HtmlBlock
    """
    # A true/false column reads "yes" or blank ("disputed: yes"), never Python's False.
    frame = frame.apply(lambda col: col.map(_yes_or_blank) if _is_flag(col) else col)
    headings = ([str(frame.index.name or "")] if index else []) + [str(c) for c in frame.columns]
    rows = []
    for label, values in zip(frame.index, frame.itertuples(index=False), strict=True):
        cells = [html.escape(str(v)) for v in values]
        rows.append(([f"<strong>{html.escape(str(label))}</strong>"] if index else []) + cells)
    text = (frame.to_string(index=index, max_colwidth=None, max_rows=None, max_cols=None)
            if len(frame) else "(no rows)")
    return html_table(headings, rows, text=text)


def _is_flag(column: pd.Series) -> bool:
    return len(column) > 0 and all(isinstance(v, bool | np.bool_) for v in column)


def _yes_or_blank(value: bool) -> str:
    return "yes" if value else ""


@dataclass(frozen=True)
class AltFigure:
    """A rendered figure (PNG bytes) and the alt text that says what it shows.

    Jupyter shows it as ``<img alt="...">``: JupyterLab and the slide decks
    ignore alt text kept only in output metadata, so the image goes in HTML.
    """

    png: bytes
    alt: str
    width: int

    @property
    def html(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt)}" '
                f'width="{self.width}" style="max-width:100%;height:auto">')

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/html": self.html, "text/plain": f"[figure] {self.alt}"}


def show_figure(figure: Figure | Axes, alt: str, *, dpi: int = FIGURE_DPI) -> AltFigure:
    """Render a matplotlib figure to a PNG image that carries alt text.

    The figure is closed afterwards, so the inline backend does not show it a
    second time without alt text.

    Parameters
    ----------
    figure
        The figure, or any Axes on it (as drawing functions return).
    alt
        What the figure shows, in a sentence or two; required.
    dpi
        Resolution of the PNG.

    Returns
    -------
    AltFigure

    Raises
    ------
    ValueError
        If ``alt`` is empty.
    """
    if not alt or not alt.strip():
        raise ValueError("a figure needs alt text that says what it shows; got an empty alt")
    fig = figure.figure if isinstance(figure, Axes) else figure
    png = _palette_png(fig, dpi)
    width = round(fig.get_figwidth() * dpi)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return AltFigure(png, " ".join(alt.split()), width)


def _palette_png(fig: Figure, dpi: int) -> bytes:
    """The figure as a PNG with a palette of 128 colours: a third of the size of a
    full-colour PNG, so notebooks stay small in git; flat-coloured diagrams look the same.

    The palette is taken straight from the rendered pixels (no PNG encoded and decoded
    on the way), and saved at zlib's default level: ``optimize`` would cost a third of
    the time for 3 % of the size.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(),
                             "raw", "RGBA", 0, 1).convert("RGB")
    # Fast octree: a quarter of median cut's time, a smaller file, and no colour off by
    # more than 43 of 255 on the course's diagrams (flat fills look the same).
    quantized = image.quantize(colors=128, method=Image.Quantize.FASTOCTREE,
                               dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    quantized.save(buffer, format="PNG")
    return buffer.getvalue()


def dispute_callout(atlas: Atlas, dispute_id: str) -> HtmlBlock:
    """A boxed note showing a dispute: what is disputed, each side and who says it.

    Parameters
    ----------
    atlas
        The loaded facts.
    dispute_id
        An id from ``disputes.csv``.

    Returns
    -------
    HtmlBlock

    Raises
    ------
    KeyError
        If ``dispute_id`` is not in ``disputes.csv``; the message lists the ids.
    """
    disputes = atlas.disputes.set_index("dispute_id")
    if dispute_id not in disputes.index:
        known = ", ".join(sorted(disputes.index))
        raise KeyError(f"no dispute {dispute_id!r} in disputes.csv; known: {known}")
    summary = disputes.at[dispute_id, "summary"]
    sides = _dispute_sides(atlas, dispute_id)
    cited = [(claim, source_links(atlas, ids)) for claim, ids in sides]
    items = "".join(f"<li>{html.escape(claim)} <em>({links.html})</em></li>"
                    for claim, links in cited)
    body = (f'<div style="{_DISPUTE_BOX}" role="note"><strong>Disputed:</strong> '
            f"{html.escape(summary)}<ul style=\"margin:0.3em 0\">{items}</ul>"
            "Both sides are kept; a quiz never marks either one wrong.</div>")
    lines = [f"Disputed: {summary}"] + [f"- {c} ({links.text})" for c, links in cited]
    return HtmlBlock(body, "\n".join(lines))


def _dispute_sides(atlas: Atlas, dispute_id: str) -> list[tuple[str, tuple[str, ...]]]:
    """(claim, source ids) for every fact row that is a side of the dispute."""
    sides = []
    for name, frame in atlas.tables.items():
        if "disputed" not in frame:  # only fact tables can hold a side of a dispute
            continue
        for row in frame[frame["dispute_id"] == dispute_id].to_dict("records"):
            sides.append((_claim(atlas, name, row), tuple(row["source_ids"])))
    return sides


def _claim(atlas: Atlas, table: str, row: dict) -> str:
    """One side of a dispute in words."""
    names = dict(zip(atlas.muscles["muscle_id"], atlas.muscles["name"], strict=True))
    muscle = names.get(row.get("muscle_id", ""), row.get("muscle_id", ""))
    if table == "attachments":
        part = "" if row["part"] == "whole" else f" ({row['part'].replace('_', ' ')} part)"
        return f"{muscle} {row['end']}{part}: {row['description']}"
    if table == "actions":
        movements = atlas.movements.set_index(["joint", "movement"])["name"]
        movement = movements[(row["joint"], row["movement"])]
        verb = "assists" if row["role"] == "assists" else f"is a {row['role']} in"
        return f"{muscle} {verb} {movement}"
    if table == "innervation":
        return f"{muscle}: {row['nerve']} ({row['roots']})"
    if table == "blood_supply":
        return f"{muscle}: {row['artery']}"
    for column in ("statement", "description"):
        if column in row:
            level = row.get("evidence_level")
            suffix = f" [{_level_row(atlas, level)['name']}]" if level else ""
            return f"{muscle}: " * bool(muscle) + row[column] + suffix
    skip = {"muscle_id", "dispute_id", "source_ids", "note", "disputed", "root_levels"}
    values = [str(v) for k, v in row.items() if k not in skip and str(v)]
    return f"{muscle}: " * bool(muscle) + "; ".join(values)


def _level_row(atlas: Atlas, level: str) -> pd.Series:
    levels = atlas.evidence_levels.set_index("evidence_level")
    if level not in levels.index:
        raise KeyError(f"no evidence level {level!r} in evidence_levels.csv; "
                       f"known: {', '.join(levels.index)}")
    return levels.loc[level]


def evidence_badge(atlas: Atlas, level: str) -> HtmlBlock:
    """An inline badge naming an evidence level, e.g. ``practitioner claim``.

    The words carry the meaning; the level's definition is the badge's tooltip.

    Parameters
    ----------
    atlas
        The loaded facts (for ``evidence_levels.csv``).
    level
        An ``evidence_level`` id, e.g. ``"limited_evidence"``.

    Returns
    -------
    HtmlBlock

    Raises
    ------
    KeyError
        If the level is not in ``evidence_levels.csv``; the message lists the levels.
    """
    row = _level_row(atlas, level)
    return HtmlBlock(f'<span style="{_BADGE}" title="{html.escape(row["meaning"])}">'
                     f"{html.escape(row['name'])}</span>", f"[{row['name']}]")


def with_evidence_key(atlas: Atlas, table: HtmlBlock, levels: Sequence[str]) -> HtmlBlock:
    """``table`` followed by what each evidence level in it means, as visible HTML text.

    A badge's tooltip reaches only mouse users; the key under the table is read by
    everyone (keyboard, screen reader, print, slides).

    Parameters
    ----------
    atlas
        The loaded facts (for ``evidence_levels.csv``).
    table
        The table whose rows carry the ``levels``.
    levels
        The evidence level of each row (repeats and order do not matter).

    Returns
    -------
    HtmlBlock
    """
    rows = sorted({level: _level_row(atlas, level) for level in levels}.values(),
                  key=lambda row: row["rank"])
    if not rows:
        return table
    html_parts = [f"<strong>{html.escape(r['name'])}</strong>: {html.escape(r['meaning'])}"
                  for r in rows]
    key_html = ('<p class="psoas-evidence-key" style="margin:0.3em 0 1em">'
                "Evidence levels in this table: " + "; ".join(html_parts) + "</p>")
    # The plain-text form keeps one line per row; each badge there names its level.
    return HtmlBlock(table.html + key_html, table.text)


def evidence_legend(atlas: Atlas) -> HtmlBlock:
    """Every evidence level, strongest first, with what it means and how to teach it.

    Returns
    -------
    HtmlBlock
    """
    levels = atlas.evidence_levels.sort_values("rank", kind="stable")
    rows = [(evidence_badge(atlas, r.evidence_level).html, html.escape(r.meaning),
             html.escape(r.teacher_says)) for r in levels.itertuples(index=False)]
    text = "\n".join(f"{r.name}: {r.meaning}" for r in levels.itertuples(index=False))
    return html_table(["level", "what it means", "how to teach it"], rows, text=text)


_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


def short_citation(citation: str) -> str:
    """A short form of a full citation: its first name or title and its year.

    >>> short_citation("Gray H. Anatomy of the Human Body. 20th ed. 1918. p. 467.")
    'Gray 1918'
    >>> short_citation("A.D.A.M. Medical Encyclopedia. Abdominal aortic aneurysm.")
    'A.D.A.M. Medical Encyclopedia'
    """
    text = " ".join(citation.split())
    # An initialism ("A.D.A.M.") is a name, not a sentence ending after its first letter.
    initials = re.match(r"(?:[A-Z]\.){2,}", text)
    start = initials.end() if initials else 0
    lead = (text[:start] + re.split(r"[.,:(]", text[start:], maxsplit=1)[0]).strip()
    words = lead.split()
    # "Gray H" -> "Gray 1918": a person's name takes the year; a web page or an
    # organisation is named alone (a year in its text is often another work's).
    person = len(words) > 1 and re.fullmatch(r"[A-Z]{1,3}", words[-1]) is not None
    if person:
        words = words[:-1]
    # A person is named by surname; a title is kept whole unless very long.
    limit = 4 if person else 10
    lead = " ".join(words[:limit]) + ("\u2026" if len(words) > limit else "")
    year = _YEAR.search(text) if person or lead.endswith("et al") else None
    return f"{lead} {year.group(1)}" if year else lead


_DOI = re.compile(r"\bdoi:\s*(10\.\d{4,9}/\S+[^\s.,;])", re.IGNORECASE)


def _doi_url(citation: str) -> str:
    """The doi.org link of a citation that gives a DOI but no URL, else ``""``."""
    found = _DOI.search(citation)
    return f"https://doi.org/{found.group(1)}" if found else ""


def source_links(atlas: Atlas, source_ids: Sequence[str]) -> HtmlBlock:
    """Short citations, each a link to its source with the full citation as tooltip.

    Parameters
    ----------
    atlas
        The loaded facts (for ``sources.csv``).
    source_ids
        Ids from ``sources.csv``.

    Returns
    -------
    HtmlBlock
        HTML links separated by ``;`` and the short citations as text.

    Raises
    ------
    KeyError
        If an id is not in ``sources.csv``.
    """
    sources = atlas.sources.set_index("source_id")
    missing = [s for s in source_ids if s not in sources.index]
    if missing:
        raise KeyError(f"not in sources.csv: {', '.join(missing)}")
    parts, texts = [], []
    for source_id in source_ids:
        citation, url = sources.at[source_id, "citation"], sources.at[source_id, "url"]
        url = url or _doi_url(citation)
        short = short_citation(citation)
        tip = html.escape(citation)
        parts.append(f'<a href="{html.escape(url)}" title="{tip}">{html.escape(short)}</a>'
                     if url else f'<span title="{tip}">{html.escape(short)}</span>')
        texts.append(short)
    return HtmlBlock("; ".join(parts), "; ".join(texts))
