"""Synergists, antagonists and the movement matrix, derived from ``actions.csv``.

Nothing here lists muscles: a synergist is another muscle recorded with the
same movement, an antagonist one recorded with the movement that
``movements.csv`` names as its ``opposite``. Add a row to the data and every
table follows. Styled views for notebooks are in :mod:`psoas_edu.tables.style`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from difflib import get_close_matches

import pandas as pd

from ..facts.atlas import Atlas
from ..facts.lookup import UnknownNameError, normalise_name, resolve_muscle
from ..facts.roots import format_roots
from ..facts.schema import schema_for

__all__ = [
    "ActionNotRecordedError",
    "DISPUTED_MARK",
    "Movement",
    "RELATION_COLUMNS",
    "ROLE_ORDER",
    "Subject",
    "UnknownMovementError",
    "acting_members",
    "antagonists",
    "joint_movements",
    "movement_matrix",
    "movers",
    "opposite_of",
    "resolve_joint",
    "resolve_movement",
    "resolve_subject",
    "synergists",
]

#: Roles from strongest to weakest, in the order ``actions.csv`` declares them.
ROLE_ORDER: tuple[str, ...] = schema_for("actions.csv").column("role").choices

#: Columns of every synergist / antagonist / mover table, in order.
RELATION_COLUMNS: tuple[str, ...] = (
    "muscle_id", "muscle", "role", "disputed", "dispute_ids",
    "origin", "insertion", "nerve", "roots", "source_ids",
)

#: Added to a matrix cell whose action is one side of a dispute.
DISPUTED_MARK = " (disputed)"


class UnknownMovementError(UnknownNameError):
    """A movement or joint name that matches nothing (or more than one thing)."""


class ActionNotRecordedError(LookupError):
    """The muscle asked about is not recorded with the movement asked about."""

    def __str__(self) -> str:  # LookupError would wrap the message in quotes
        return str(self.args[0])


@dataclass(frozen=True)
class Movement:
    """One row of ``movements.csv``: a movement at a joint and its opposite.

    ``opposite`` is the opposing movement id at the same joint, or ``""``.
    """

    joint: str
    movement: str
    name: str
    opposite: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.joint, self.movement)


def _movement_rows(atlas: Atlas) -> list[Movement]:
    return [Movement(r.joint, r.movement, r.name, r.opposite)
            for r in atlas.movements.itertuples(index=False)]


def _suggest(wanted: str, names: dict[str, str]) -> str:
    """'; did you mean ...?' from aliases (normalised) to display names."""
    close = get_close_matches(wanted, list(names), n=6, cutoff=0.6)
    shown = list(dict.fromkeys(names[c] for c in close))[:3]
    return f"; did you mean {' or '.join(repr(s) for s in shown)}?" if shown else ""


def resolve_joint(atlas: Atlas, name: str) -> str:
    """Return the joint id for ``'hip'``, ``'lumbar spine'`` or ``'lumbar_spine'``.

    Raises
    ------
    UnknownMovementError
        If no joint in ``movements.csv`` has that name; close names are suggested.
    """
    joints = {normalise_name(j): j for j in dict.fromkeys(atlas.movements["joint"])}
    wanted = normalise_name(name)
    if wanted in joints:
        return joints[wanted]
    shown = {alias: alias for alias in joints}
    raise UnknownMovementError(f"no joint called {name!r} in movements.csv"
                               f"{_suggest(wanted, shown)}")


def _name_variants(name: str) -> set[str]:
    """'medial (internal) rotation' -> itself, 'medial rotation', 'internal rotation'."""
    variants = {name, re.sub(r"\s*\([^)]*\)", "", name)}
    variants.add(re.sub(r"\S+\s*\(([^)]*)\)", r"\1", name))
    return {normalise_name(v) for v in variants if v.strip()}


def _movement_aliases(movement: Movement, *, bare: bool) -> set[str]:
    """Names a person may type for ``movement``; ``bare`` adds names without the joint."""
    joint = normalise_name(movement.joint)
    aliases = _name_variants(movement.name) | {f"{joint} {normalise_name(movement.movement)}"}
    if bare:
        aliases.add(normalise_name(movement.movement))
        for prefix in {joint, joint.split()[0]}:
            for alias in list(aliases):
                if alias.startswith(prefix + " "):
                    aliases |= _name_variants(alias.removeprefix(prefix + " "))
    return aliases


def resolve_movement(atlas: Atlas, name: str | Movement, *,
                     joint: str | None = None) -> Movement:
    """Find a movement from what a person typed.

    Parameters
    ----------
    atlas
        The loaded facts.
    name
        ``"hip flexion"``, ``"hip internal rotation"``, ``"lumbar flexion"``; with
        ``joint`` given also the bare movement, e.g. ``"flexion"``. A
        :class:`Movement` is checked and returned.
    joint
        Joint id or name (``"hip"``, ``"lumbar spine"``) to search within.

    Returns
    -------
    Movement

    Raises
    ------
    UnknownMovementError
        If nothing matches or the name fits movements at several joints; the
        message suggests close names or lists the candidates.
    """
    movements = _movement_rows(atlas)
    if isinstance(name, Movement):
        if name in movements:
            return name
        name = name.name
    if joint is not None:
        joint_id = resolve_joint(atlas, joint)
        movements = [m for m in movements if m.joint == joint_id]
    wanted = normalise_name(name)
    # A full name ("hip flexion") wins over a bare one ("flexion") that fits several joints.
    for bare in (False, True):
        aliases: dict[str, list[Movement]] = {}
        for movement in movements:
            for alias in _movement_aliases(movement, bare=bare):
                aliases.setdefault(alias, []).append(movement)
        found = list(dict.fromkeys(aliases.get(wanted, [])))
        if len(found) == 1:
            return found[0]
    where = f" at the {joint}" if joint is not None else ""
    if found:
        options = " or ".join(repr(m.name) for m in found)
        raise UnknownMovementError(f"{name!r} could be {options}; write the full name or "
                                   "give the joint, e.g. joint='hip'")
    names = {alias: ms[0].name for alias, ms in aliases.items() if len(ms) == 1}
    raise UnknownMovementError(f"no movement called {name!r}{where} in movements.csv"
                               f"{_suggest(wanted, names)}")


def joint_movements(atlas: Atlas, joint: str) -> list[Movement]:
    """Movements at ``joint`` in the order ``movements.csv`` lists them."""
    joint_id = resolve_joint(atlas, joint)
    return [m for m in _movement_rows(atlas) if m.joint == joint_id]


@dataclass(frozen=True)
class Subject:
    """The muscle, or muscle group, a synergist table is about.

    ``id`` is the muscle id or the group id, ``name`` how to say it in class,
    ``muscle_ids`` the muscles it stands for.
    """

    id: str
    name: str
    muscle_ids: tuple[str, ...]


def resolve_subject(atlas: Atlas, name: str | Subject) -> Subject:
    """A muscle (id, English, Latin, synonym) or a muscle group, from what was typed.

    A name that is not a muscle but is a ``group`` in ``muscles.csv``, such as
    ``"iliopsoas"`` or ``"hamstrings"``, stands for every muscle of the group.

    Raises
    ------
    UnknownNameError
        If it is neither; close muscle and group names are suggested.
    """
    if isinstance(name, Subject):
        return name
    muscles = atlas.muscles
    try:
        muscle_id = resolve_muscle(atlas, name)
    except UnknownNameError:
        pass
    else:
        label = muscles.loc[muscles["muscle_id"] == muscle_id, "name"].iloc[0]
        return Subject(muscle_id, label, (muscle_id,))
    wanted = normalise_name(name)
    groups = {normalise_name(g): g for g in muscles["group"]}
    if wanted in groups:
        group = groups[wanted]
        members = tuple(muscles.loc[muscles["group"] == group, "muscle_id"])
        return Subject(group, f"the {normalise_name(group)}", members)
    names = {alias: alias for alias in groups}
    for row in muscles.itertuples(index=False):
        for alias in (row.muscle_id, row.name, row.latin_name, *row.synonyms):
            names.setdefault(normalise_name(alias), row.name)
    raise UnknownNameError(f"no muscle or muscle group called {name!r} in the atlas"
                           f"{_suggest(wanted, names)}")


def movers(atlas: Atlas, movement: str | Movement, *, joint: str | None = None,
           exclude: Iterable[str] = ()) -> pd.DataFrame:
    """Every muscle recorded with a movement, prime movers first.

    Parameters
    ----------
    atlas
        The loaded facts.
    movement, joint
        As for :func:`resolve_movement`.
    exclude
        Muscle ids to leave out.

    Returns
    -------
    pandas.DataFrame
        One row per muscle with the columns in :data:`RELATION_COLUMNS`:
        ``role`` is the strongest role recorded (sides of a dispute may
        differ), ``disputed`` is true when any recorded row is one side of a
        dispute; ``origin``, ``insertion`` and ``nerve`` are text by part, the
        nerve with its roots, sides of a dispute joined by "or" and marked
        ``(disputed)``; ``roots`` gives each range as its source states it, in
        the same way (never a union of ranges that no source gives);
        ``source_ids`` is a tuple.
        Ordered by role, then settled before disputed, then name.
    """
    found = resolve_movement(atlas, movement, joint=joint)
    actions = atlas.actions
    rows = actions[(actions["joint"] == found.joint) & (actions["movement"] == found.movement)
                   & ~actions["muscle_id"].isin(list(exclude))]
    return _relation_frame(atlas, rows)


def acting_members(atlas: Atlas, subject: Subject, movement: Movement) -> tuple[str, ...]:
    """The subject's muscles recorded with ``movement`` (for a group, some may not be).

    Raises
    ------
    ActionNotRecordedError
        If none is; the message lists what the subject is recorded with.
    """
    actions = atlas.actions
    recorded = actions[(actions["joint"] == movement.joint)
                       & (actions["movement"] == movement.movement)]
    acting = tuple(m for m in subject.muscle_ids if m in set(recorded["muscle_id"]))
    if acting:
        return acting
    own = actions[actions["muscle_id"].isin(subject.muscle_ids)]
    names = {m.key: m.name for m in _movement_rows(atlas)}
    recorded_names = list(dict.fromkeys(names[(r.joint, r.movement)]
                                        for r in own.itertuples(index=False)))
    listed = ", ".join(recorded_names) if recorded_names else "nothing"
    raise ActionNotRecordedError(
        f"{subject.name} is not recorded with {movement.name!r} in actions.csv, so it has no "
        f"synergists or antagonists there; it is recorded with: {listed}"
    )


def synergists(atlas: Atlas, muscle: str | Subject, movement: str | Movement, *,
               joint: str | None = None) -> pd.DataFrame:
    """The other muscles recorded with the same movement, prime movers first.

    Parameters
    ----------
    atlas
        The loaded facts.
    muscle
        Muscle id, English or Latin name, synonym, or a muscle group such as
        ``"iliopsoas"`` (its own members are then left out).
    movement, joint
        ``"hip flexion"``, or ``"flexion"`` with ``joint="hip"``.

    Returns
    -------
    pandas.DataFrame
        As :func:`movers`.

    Raises
    ------
    UnknownNameError, UnknownMovementError
        For a name that matches nothing; the message suggests close names.
    ActionNotRecordedError
        If the muscle is not recorded with that movement.
    """
    found = resolve_movement(atlas, movement, joint=joint)
    subject = resolve_subject(atlas, muscle)
    acting_members(atlas, subject, found)
    return movers(atlas, found, exclude=subject.muscle_ids)


def antagonists(atlas: Atlas, muscle: str | Subject, movement: str | Movement, *,
                joint: str | None = None) -> pd.DataFrame:
    """Muscles recorded with the movement that opposes this one, prime movers first.

    The opposing movement is the ``opposite`` in ``movements.csv``; a movement
    with no opposite (such as lateral flexion, undone by the other side) has
    no antagonists and gives an empty table. Parameters, return value and
    errors are as for :func:`synergists`.
    """
    found = resolve_movement(atlas, movement, joint=joint)
    subject = resolve_subject(atlas, muscle)
    acting_members(atlas, subject, found)
    opposite = opposite_of(atlas, found)
    if opposite is None:
        return _relation_frame(atlas, atlas.actions.iloc[0:0])
    return movers(atlas, opposite, exclude=subject.muscle_ids)


def opposite_of(atlas: Atlas, movement: Movement) -> Movement | None:
    """The movement ``movements.csv`` names as opposing ``movement``, if any."""
    for candidate in _movement_rows(atlas):
        if movement.opposite and candidate.key == (movement.joint, movement.opposite):
            return candidate
    return None


def movement_matrix(atlas: Atlas, joint: str | Sequence[str]) -> pd.DataFrame:
    """Which muscle does what at a joint (or several): one slide's overview.

    Parameters
    ----------
    atlas
        The loaded facts.
    joint
        A joint id or name, e.g. ``"hip"`` or ``"lumbar spine"``, or a list of them.

    Returns
    -------
    pandas.DataFrame
        Index: names of the muscles recorded with any movement at the joint(s);
        columns: the movement names in ``movements.csv`` order. A cell is
        ``''`` (nothing recorded), a role from :data:`ROLE_ORDER`, or a role
        followed by ``' (disputed)'``. Muscles that are prime movers come
        first, ordered by the first movement they lead, then the rest.
    """
    joints = [joint] if isinstance(joint, str) else list(joint)
    movements = [m for j in joints for m in joint_movements(atlas, j)]
    columns = {m.key: m.name for m in movements}
    names = atlas.muscles.set_index("muscle_id")["name"]
    cells: dict[str, dict[str, tuple[int, bool]]] = {}
    for row in atlas.actions.itertuples(index=False):
        column = columns.get((row.joint, row.movement))
        if column is None:
            continue
        cell = cells.setdefault(row.muscle_id, {})
        rank, disputed = cell.get(column, (len(ROLE_ORDER), False))
        cell[column] = (min(rank, ROLE_ORDER.index(row.role)), disputed or row.disputed)
    order = list(columns.values())

    def sort_key(muscle_id: str) -> tuple[int, int, str]:
        cell = cells[muscle_id]
        best = min(rank for rank, _ in cell.values())
        first = min(order.index(c) for c, (rank, _) in cell.items() if rank == best)
        return (best, first, names[muscle_id])

    rows = sorted(cells, key=sort_key)
    return pd.DataFrame(
        [[_cell_text(*cells[m][c]) if c in cells[m] else "" for c in order] for m in rows],
        index=pd.Index([names[m] for m in rows], name="muscle", dtype=object),
        columns=pd.Index(order, name="movement", dtype=object),
        dtype=object,
    )


def _cell_text(rank: int, disputed: bool) -> str:
    return ROLE_ORDER[rank] + (DISPUTED_MARK if disputed else "")


def _relation_frame(atlas: Atlas, actions: pd.DataFrame) -> pd.DataFrame:
    """Collapse action rows to one row per muscle with its anatomy, in rank order."""
    muscles = atlas.muscles.set_index("muscle_id")
    wanted = actions["muscle_id"].unique()
    # Group the anatomy tables once for the muscles asked about, not once per muscle.
    attachments = _rows_by_muscle(atlas.attachments, wanted)
    innervation = _rows_by_muscle(atlas.innervation, wanted)
    empty_attachments = atlas.attachments.iloc[0:0]
    empty_innervation = atlas.innervation.iloc[0:0]
    records = []
    for muscle_id, rows in actions.groupby("muscle_id", sort=False):
        rank = min(ROLE_ORDER.index(role) for role in rows["role"])
        own = attachments.get(muscle_id, empty_attachments)
        records.append({
            "muscle_id": muscle_id,
            "muscle": muscles.at[muscle_id, "name"],
            "role": ROLE_ORDER[rank],
            "disputed": bool(rows["disputed"].any()),
            "dispute_ids": tuple(sorted({d for d in rows["dispute_id"] if d})),
            "origin": _facts_text(own[own["end"] == "origin"], _say_attachment),
            "insertion": _facts_text(own[own["end"] == "insertion"], _say_attachment),
            **_nerve_text(innervation.get(muscle_id, empty_innervation)),
            "source_ids": tuple(dict.fromkeys(s for ids in rows["source_ids"] for s in ids)),
            "_rank": rank,
        })
    frame = pd.DataFrame(records, columns=[*RELATION_COLUMNS, "_rank"])
    frame["disputed"] = frame["disputed"].astype(bool)
    frame = frame.sort_values(["_rank", "disputed", "muscle"], kind="stable")
    return frame.drop(columns="_rank").reset_index(drop=True)


def _rows_by_muscle(table: pd.DataFrame, muscle_ids) -> dict[str, pd.DataFrame]:
    chosen = table[table["muscle_id"].isin(muscle_ids)]
    return {muscle_id: rows for muscle_id, rows in chosen.groupby("muscle_id", sort=False)}


def _facts_text(rows: pd.DataFrame, say: Callable[[pd.DataFrame], str]) -> str:
    """One phrase per settled row, one per dispute ("A or B (disputed)"), by part.

    ``say(rows)`` words one settled row or the sides of one dispute.
    """
    groups: dict[tuple[str, str], list[int]] = {}
    for position, (part, dispute) in enumerate(zip(rows["part"], rows["dispute_id"],
                                                   strict=True)):
        groups.setdefault((part, dispute or f"row {position}"), []).append(position)
    texts = []
    for (part, _), positions in groups.items():
        prefix = "" if part == "whole" else f"{part.replace('_', ' ')}: "
        texts.append(prefix + say(rows.iloc[positions]))
    return "; ".join(texts)


def _say_attachment(rows: pd.DataFrame) -> str:
    sides = list(dict.fromkeys(rows["description"]))
    return " or ".join(sides) + (DISPUTED_MARK if rows["disputed"].any() else "")


def _say_nerve(rows: pd.DataFrame) -> str:
    claims = {nerve: [] for nerve in rows["nerve"]}
    for nerve, levels in zip(rows["nerve"], rows["root_levels"], strict=True):
        claims[nerve].append(format_roots(levels))
    disputed = bool(rows["disputed"].any())
    if len(claims) == 1:  # one nerve; the sides may differ in roots
        (nerve, roots), = claims.items()
        mark = "; disputed" if disputed else ""
        return f"{nerve} ({' or '.join(dict.fromkeys(roots))}{mark})"
    text = " or ".join(f"{n} ({' or '.join(dict.fromkeys(r))})" for n, r in claims.items())
    return text + (DISPUTED_MARK if disputed else "")


def _say_roots(rows: pd.DataFrame) -> str:
    # Each range as a source states it; sides of a dispute joined by "or", never merged.
    ranges = dict.fromkeys(format_roots(levels) for levels in rows["root_levels"])
    return " or ".join(ranges) + (DISPUTED_MARK if rows["disputed"].any() else "")


def _nerve_text(rows: pd.DataFrame) -> dict[str, str]:
    return {"nerve": _facts_text(rows, _say_nerve), "roots": _facts_text(rows, _say_roots)}
