"""Clinical tables for the notebooks: red flags, differential diagnosis, clinical anatomy,
guidelines and what each technique's evidence was tested on.

Every table shows each row's evidence level and sources, like
:func:`~psoas_edu.tables.fact_views.evidence_table`, and has a plain-text form that says
the same thing. Urgency is written out in words, most urgent first: never by colour alone.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence

from ..course.display import (
    HtmlBlock,
    evidence_badge,
    html_table,
    source_links,
    with_evidence_key,
)
from ..facts.atlas import Atlas
from ..facts.schema import REFERRALS

__all__ = [
    "REFERRAL_WORDS",
    "anecdote_table",
    "clinical_anatomy_table",
    "differential_table",
    "guideline_table",
    "red_flag_screen",
    "red_flag_table",
    "tested_on_table",
]

#: How each referral speed is said in class, most urgent first.
REFERRAL_WORDS = {
    "emergency": "EMERGENCY: emergency care now",
    "same_day": "SAME DAY: a doctor today",
    "before_treatment": "BEFORE TREATMENT: a doctor first, no release work until then",
    "routine": "ROUTINE: a doctor or physiotherapist in the usual way; exercise can go on",
}

_STANCE_WORDS = {
    "recommended": "recommended",
    "consider": "consider",
    "option": "an option",
    "not_recommended": "do NOT offer",
}

_GUIDELINE_NAMES = {"nice_ng59": "NICE NG59 (UK, 2016)", "acp_2017": "ACP (USA, 2017)"}


def _by_urgency(rows: Iterable[dict]) -> list[dict]:
    """Rows sorted most urgent first, file order kept within each speed."""
    return sorted(rows, key=lambda row: REFERRALS.index(row["referral"]))


def _cited_table(atlas: Atlas, headings: Sequence[str], records: Sequence[dict],
                 cells: Callable[[dict], Sequence[str]]) -> HtmlBlock:
    """A table of plain-text ``cells`` per record, then its evidence badge and sources."""
    rows, lines = [], []
    for record in records:
        shown = [str(c) for c in cells(record)]
        badge = evidence_badge(atlas, record["evidence_level"])
        cited = source_links(atlas, record["source_ids"])  # short citations, linked
        rows.append([*map(html.escape, shown), badge.html, cited.html])
        lines.append(" | ".join(shown) + f" {badge.text} ({cited.text})")
    table = html_table([*headings, "evidence", "sources"], rows,
                       text="\n".join(lines) or "(no rows)")
    return with_evidence_key(atlas, table, [r["evidence_level"] for r in records])


def red_flag_table(atlas: Atlas) -> HtmlBlock:
    """Every red flag, most urgent first: the sign, what it may signal, how fast, what to do.

    Parameters
    ----------
    atlas
        The loaded facts.

    Returns
    -------
    HtmlBlock
    """
    records = _by_urgency(atlas.red_flags.to_dict("records"))
    return _cited_table(
        atlas, ["sign", "may signal", "how fast", "what to do"], records,
        lambda r: (r["sign"], r["may_signal"], REFERRAL_WORDS[r["referral"]], r["what_to_do"]))


def red_flag_screen(atlas: Atlas) -> HtmlBlock:
    """The questions to ask before any release work, one per red flag, most urgent first.

    A short checklist for the start of a session; :func:`red_flag_table` has the reasons.

    Returns
    -------
    HtmlBlock
        A numbered list; every answer 'yes' means stop and refer at the speed given.
    """
    records = _by_urgency(atlas.red_flags.to_dict("records"))
    items = [f"{r['sign']} \u2192 {REFERRAL_WORDS[r['referral']]}" for r in records]
    body = "".join(f"<li>{html.escape(item)}</li>" for item in items)
    intro = "Before any release work, ask about each sign. Any 'yes': stop and refer."
    return HtmlBlock(f"<p><strong>{html.escape(intro)}</strong></p><ol>{body}</ol>",
                     "\n".join([intro, *(f"{n}. {t}" for n, t in enumerate(items, 1))]))


def differential_table(atlas: Atlas, *, pain_area: str | None = None) -> HtmlBlock:
    """Conditions that mimic iliopsoas trigger-point pain and what tells each apart.

    Parameters
    ----------
    atlas
        The loaded facts.
    pain_area
        Keep conditions that hurt here (``"groin"``, ``"low back"``, ...); all if ``None``.

    Returns
    -------
    HtmlBlock
        Most urgent first.

    Raises
    ------
    ValueError
        For a pain area no condition names; the message lists the areas.
    """
    records = atlas.differentials.to_dict("records")
    if pain_area is not None:
        known = sorted({a for r in records for a in r["pain_areas"]})
        if pain_area not in known:
            raise ValueError(f"no condition hurts in {pain_area!r}; areas: {', '.join(known)}")
        records = [r for r in records if pain_area in r["pain_areas"]]
    return _cited_table(
        atlas, ["condition", "where it hurts", "what tells it apart", "red flags", "how fast"],
        _by_urgency(records),
        lambda r: (r["condition"], ", ".join(r["pain_areas"]), r["distinguishing_features"],
                   "; ".join(f.replace("_", " ") for f in r["red_flag_ids"]) or "none",
                   REFERRAL_WORDS[r["referral"]]))


def clinical_anatomy_table(atlas: Atlas) -> HtmlBlock:
    """Clinical conditions of the iliopsoas: the anatomy, the picture, why it matters.

    Returns
    -------
    HtmlBlock
        In file order.
    """
    return _cited_table(
        atlas, ["condition or sign", "the anatomy", "what is found", "why it matters"],
        atlas.clinical_anatomy.to_dict("records"),
        lambda r: (r["name"], r["anatomy"], r["clinical_picture"], r["why_it_matters"]))


def guideline_table(atlas: Atlas) -> HtmlBlock:
    """What each low back pain guideline says, guideline by guideline; disputed rows say so.

    Returns
    -------
    HtmlBlock
    """
    def cells(r: dict) -> tuple[str, ...]:
        stance = _STANCE_WORDS[r["stance"]] + (" (guidelines disagree)" if r["dispute_id"]
                                               else "")
        return (_GUIDELINE_NAMES.get(r["guideline_id"], r["guideline_id"]),
                r["applies_to"], stance, r["statement"])

    return _cited_table(atlas, ["guideline", "low back pain", "stance", "what it says"],
                        atlas.guidelines.to_dict("records"), cells)


def tested_on_table(atlas: Atlas) -> HtmlBlock:
    """For each technique: what its evidence was tested on, and whether that was the psoas.

    Returns
    -------
    HtmlBlock
    """
    names = atlas.techniques.set_index("technique_id")["name"].to_dict()
    return _cited_table(
        atlas, ["technique", "tested on", "the psoas itself?", "what you tell students"],
        atlas.evidence_base.to_dict("records"),
        lambda r: (names[r["technique_id"]], r["tested_on"], r["psoas_specific"],
                   r["what_students_hear"]))


def anecdote_table(atlas: Atlas) -> HtmlBlock:
    """Testimonials from the source articles next to what trials show.

    Returns
    -------
    HtmlBlock
        The ``evidence`` column rates the testimonial's claim; the sources are the trials.
    """
    citations = atlas.sources.set_index("source_id")["citation"].to_dict()
    return _cited_table(
        atlas, ["the testimonial", "told by", "what one story cannot show", "what trials show"],
        atlas.anecdotes.to_dict("records"),
        lambda r: (r["report"], "; ".join(citations[s] for s in r["claim_source_ids"]),
                   r["why_not_evidence"], r["what_trials_show"]))
