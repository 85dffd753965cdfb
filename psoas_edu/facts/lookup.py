"""Find a muscle (or other named row) from what a person typed."""

from __future__ import annotations

from difflib import get_close_matches

from .atlas import Atlas

__all__ = ["UnknownNameError", "resolve_muscle", "normalise_name"]


class UnknownNameError(KeyError):
    """A name that matches nothing; the message lists close matches."""

    def __str__(self) -> str:  # KeyError would wrap the message in quotes
        return str(self.args[0])


def normalise_name(text: str) -> str:
    """Lower-case, trim, and treat spaces, hyphens and underscores alike."""
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


def resolve_muscle(atlas: Atlas, name: str) -> str:
    """Return the ``muscle_id`` for an id, English name, Latin name or synonym.

    Raises
    ------
    UnknownNameError
        If nothing matches; the message suggests the closest names.
    """
    names: dict[str, str] = {}
    for row in atlas.muscles.itertuples(index=False):
        for alias in (row.muscle_id, row.name, row.latin_name, *row.synonyms):
            names.setdefault(normalise_name(alias), row.muscle_id)
    wanted = normalise_name(name)
    if wanted in names:
        return names[wanted]
    close = get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise UnknownNameError(f"no muscle called {name!r} in the atlas{hint}")
