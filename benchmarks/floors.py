"""The floors the course is measured against: the same work done with the libraries alone.

A floor is what the libraries we build on (pandas, matplotlib, genanki, text2qti, nbval)
cannot do faster for the same output. A ratio near 1x means our own code adds little.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["bare_copy_png", "read_csvs", "anki_floor", "one_cell_notebooks"]


def read_csvs(paths: Iterable[Path]) -> int:
    """pandas.read_csv of every file, all columns as text (what a loader must do at least)."""
    import pandas as pd

    return sum(len(pd.read_csv(path, dtype=str, keep_default_na=False)) for path in paths)


def _copy_axes(source: Axes, target: Axes) -> None:
    """Re-create ``source``'s patches, lines, collections and texts in ``target`` with
    plain matplotlib calls: the artists a bare script would make for the same picture."""
    from matplotlib.collections import PathCollection
    from matplotlib.patches import PathPatch

    target.set_xlim(source.get_xlim())
    target.set_ylim(source.get_ylim())
    target.set_aspect(source.get_aspect())
    target.set_axis_off()
    for patch in source.patches:
        path = patch.get_path().transformed(patch.get_patch_transform())
        target.add_patch(PathPatch(path, facecolor=patch.get_facecolor(),
                                   edgecolor=patch.get_edgecolor(),
                                   linewidth=patch.get_linewidth(), hatch=patch.get_hatch(),
                                   linestyle=patch.get_linestyle(), zorder=patch.get_zorder()))
    for line in source.lines:
        target.plot(*line.get_data(), color=line.get_color(), linewidth=line.get_linewidth(),
                    linestyle=line.get_linestyle(), marker=line.get_marker(),
                    markersize=line.get_markersize(), zorder=line.get_zorder())
    for collection in source.collections:
        offsets = collection.get_offsets()
        if collection.get_transform().contains_branch(source.transData):
            # Shapes in data coordinates (polygons, patch collections): the same paths.
            target.add_collection(PathCollection(
                collection.get_paths(), facecolors=collection.get_facecolors(),
                edgecolors=collection.get_edgecolors(), linewidths=collection.get_linewidths(),
                zorder=collection.get_zorder(), transform=target.transData))
        elif len(offsets):
            # Markers at data points (scatter): one marker per offset.
            target.scatter(offsets[:, 0], offsets[:, 1], zorder=collection.get_zorder())
    for text in source.texts:
        # Same size, weight and halo: text is most of a labelled diagram's drawing time.
        target.text(*text.get_position(), text.get_text(), fontsize=text.get_fontsize(),
                    fontweight=text.get_fontweight(), fontstyle=text.get_fontstyle(),
                    ha=text.get_ha(), va=text.get_va(), color=text.get_color(),
                    path_effects=text.get_path_effects(), zorder=text.get_zorder())
    if source.get_title():
        target.set_title(source.get_title())


def bare_copy_png(figure: Figure, dpi: int) -> bytes:
    """A bare matplotlib figure of the same size with the same artists, saved as PNG."""
    import matplotlib.pyplot as plt

    copy = plt.figure(figsize=figure.get_size_inches())
    for axes in figure.axes:
        target = copy.add_axes(axes.get_position())
        _copy_axes(axes, target)
    buffer = io.BytesIO()
    copy.savefig(buffer, format="png", dpi=dpi)
    plt.close(copy)
    return buffer.getvalue()


def anki_floor(fronts: Sequence[str], backs: Sequence[str], media: Sequence[Path],
               path: Path) -> None:
    """genanki writing a deck of plain notes with the same text and pictures."""
    import genanki

    model = genanki.Model(1_607_392_319, "floor", fields=[{"name": "Front"}, {"name": "Back"}],
                          templates=[{"name": "Card", "qfmt": "{{Front}}",
                                      "afmt": "{{FrontSide}}<hr>{{Back}}"}])
    deck = genanki.Deck(2_059_400_110, "floor")
    for front, back in zip(fronts, backs, strict=True):
        deck.add_note(genanki.Note(model=model, fields=[front, back]))
    genanki.Package(deck, media_files=[str(m) for m in media]).write_to_file(path)


def one_cell_notebooks(folder: Path, names: Sequence[str]) -> list[Path]:
    """One notebook per name, each a single cell importing pandas and matplotlib inline
    and storing its (empty) output: what the strict nbval suite pays at least per file."""
    import nbformat

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        cell = nbformat.v4.new_code_cell("%matplotlib inline\nimport pandas, matplotlib.pyplot",
                                         execution_count=1)
        notebook = nbformat.v4.new_notebook(cells=[cell])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                           "language": "python"}
        path = folder / f"{name}.ipynb"
        nbformat.write(notebook, path)
        paths.append(path)
    return paths
