"""Overview tables of the atlas: how many facts each muscle has, and the disputes."""

from __future__ import annotations

import pandas as pd

from .atlas import Atlas

__all__ = ["fact_counts", "dispute_overview", "table_sizes"]

#: (table, label) pairs counted per muscle, in the order a teacher reads them.
_PER_MUSCLE = (
    ("attachments", "attachments"),
    ("actions", "actions"),
    ("innervation", "nerves"),
    ("blood_supply", "arteries"),
)


def fact_counts(atlas: Atlas) -> pd.DataFrame:
    """One row per muscle: facts recorded in each table, and how many are disputed."""
    counts = atlas.muscles.set_index("muscle_id")[["name", "group"]].copy()
    disputed = pd.Series(0, index=counts.index)
    for table, label in _PER_MUSCLE:
        frame = atlas.tables[table]
        counts[label] = frame.groupby("muscle_id").size().reindex(counts.index, fill_value=0)
        disputed += frame[frame["disputed"]].groupby("muscle_id").size().reindex(
            counts.index, fill_value=0)
    counts["disputed rows"] = disputed
    return counts.reset_index(drop=True).rename(columns={"name": "muscle"})


def dispute_overview(atlas: Atlas) -> pd.DataFrame:
    """Each dispute with the table it is in, its sides and the sources of each side."""
    rows = []
    for name, frame in atlas.tables.items():
        if "disputed" not in frame:
            continue
        for dispute_id, sides in frame[frame["disputed"]].groupby("dispute_id", sort=True):
            rows.append({
                "dispute_id": dispute_id,
                "table": name,
                "sides": len(sides),
                "sources": "; ".join(sorted({s for ids in sides["source_ids"] for s in ids})),
            })
    overview = pd.DataFrame(rows, columns=["dispute_id", "table", "sides", "sources"])
    summaries = atlas.disputes.set_index("dispute_id")["summary"]
    overview.insert(1, "summary", overview["dispute_id"].map(summaries))
    return overview.sort_values(["table", "dispute_id"], ignore_index=True)


def table_sizes(atlas: Atlas) -> pd.DataFrame:
    """Rows per data file, for a quick look at what the course contains."""
    return pd.DataFrame(
        [(f"{name}.csv", len(frame)) for name, frame in atlas.tables.items()],
        columns=["file", "rows"],
    )
