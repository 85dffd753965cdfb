"""Draw the diagram of a label-the-diagram question: bones and numbered markers.

The drawing shows the schematic skeleton of the question's view with a
numbered circle on each landmark to be named. No text on it gives an answer
away: labels that name an answer are removed, and when an answer is on a
vertebra the vertebral levels are left out too (a marker on the vertebra
labelled "L5" would otherwise name "body of the 5th lumbar vertebra").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .model import Question

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..facts.atlas import Atlas

__all__ = ["draw_question_figure", "figure_images"]

_TITLE = {"anterior": "Anterior view", "posterior": "Posterior view",
          "lateral": "Lateral view (from the right)"}


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _answers_on_vertebrae(atlas: Atlas, question: Question) -> bool:
    """Whether a marked landmark or an option is on a vertebra, so that the vertebral
    levels written on the drawing would name it."""
    landmarks = atlas.landmarks
    bone_of_name = {_norm(n): b for n, b in zip(landmarks["name"], landmarks["bone"],
                                                strict=True)}
    bone_of_id = dict(zip(landmarks["landmark_id"], landmarks["bone"], strict=True))
    bones = [bone_of_name.get(_norm(o.text), "") for o in question.options]
    bones += [bone_of_id.get(m.landmark_id, "") for m in question.figure.markers]
    return any(str(b).endswith(("_vertebra", "_vertebrae")) for b in bones)


def draw_question_figure(question: Question, *, ax: Axes | None = None,
                         atlas: Atlas | None = None) -> Axes:
    """Draw the figure of a label-the-diagram question into ``ax``.

    The muscle is drawn with its origins and insertions marked but not named,
    vertebral levels are written in the vertebrae, and a numbered circle sits
    on each landmark to be named. If the muscle cannot be drawn in the view,
    the bones alone are drawn (with bone names that are not answers).

    Parameters
    ----------
    question
        A question with a :class:`~psoas_edu.quiz.model.FigureSpec`.
    ax
        Axes to draw into; a new figure if None.
    atlas
        Facts for the bone shapes; loaded from ``data/`` if not given.

    Returns
    -------
    matplotlib.axes.Axes
        With the figure's alt text attached (see :func:`psoas_edu.figures.style.alt_text`).

    Raises
    ------
    ValueError
        If the question has no figure.
    """
    from ..facts.atlas import load_atlas
    from ..figures.attachments import ViewError, draw_attachments
    from ..figures.skeleton import (
        bone_label_requests,
        bone_outlines,
        draw_skeleton,
        skeleton_region,
    )
    from ..figures.style import BONE, house_style, set_alt_text

    figure = question.figure
    if figure is None:
        raise ValueError(f"question {question.id!r} has no figure to draw")
    atlas = atlas if atlas is not None else load_atlas()
    title = f"{_TITLE.get(figure.view, figure.view)}: name each numbered landmark"
    answers = {_norm(option.text) for option in question.options}
    try:
        ax = draw_attachments(atlas, list(figure.muscle_ids), view=figure.view, ax=ax, step=2,
                              labels=False, missing="skip", title=title)
    except ViewError:
        region = skeleton_region(figure.view, [(m.x, m.y) for m in figure.markers], margin=8.0)
        ax = draw_skeleton(atlas, view=figure.view, ax=ax, region=region, title=title)
    vertebral_answer = _answers_on_vertebrae(atlas, question)
    if not vertebral_answer:
        x0, x1 = sorted(ax.get_xlim())
        y0, y1 = sorted(ax.get_ylim())
        _, levels = bone_label_requests(bone_outlines(atlas, figure.view), figure.view,
                                        (x0, x1, y0, y1))
        present = {t.get_text() for t in ax.texts if t.get_gid() == "label-level"}
        for text, (x, y) in levels:
            if text not in present:
                ax.text(x, y, text, ha="center", va="center", fontsize=7.5,
                        color=BONE["label"], zorder=2, gid="label-level")
    for text in list(ax.texts):
        if _norm(text.get_text()) in answers or (
                vertebral_answer and text.get_gid() == "label-level"):
            text.remove()  # it would name an answer
    with house_style():
        for marker in figure.markers:
            ax.text(marker.x, marker.y, str(marker.number), ha="center", va="center",
                    fontsize=11, fontweight="bold", color="black", zorder=40,
                    gid=f"marker-{marker.number}",
                    bbox={"boxstyle": "circle,pad=0.25", "fc": "white", "ec": "black",
                          "lw": 1.5})
    _legend_the_markers(ax)
    set_alt_text(ax, figure.alt_text)
    return ax


def _legend_the_markers(ax: Axes) -> None:
    """Add the numbered markers to the drawing's legend, which otherwise explains only
    the origin circles and insertion triangles (and the markers are circles too)."""
    from matplotlib.lines import Line2D

    legend = ax.get_legend()
    if legend is None:
        return
    handles = list(legend.legend_handles)
    labels = [text.get_text() for text in legend.get_texts()]
    handles.append(Line2D([], [], linestyle="none", marker="$\u2460$", ms=13, mec="black",
                          mfc="black"))
    labels.append("numbered landmark to name (white circle)")
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0),
              ncol=min(len(handles), 4), frameon=False, handletextpad=0.4,
              columnspacing=1.4, fontsize=9.5)


def figure_images(questions: Iterable[Question], *, atlas: Atlas | None = None,
                  dpi: int = 80) -> dict[str, str]:
    """The diagrams of label-the-diagram questions as ``<img alt=...>`` HTML.

    Parameters
    ----------
    questions
        Any questions; those without a figure are skipped.
    atlas
        Facts for the drawings; loaded once if needed and not given.
    dpi
        Resolution of the PNGs.

    Returns
    -------
    dict
        Question id -> HTML.
    """
    from ..course.display import show_figure
    from ..facts.atlas import load_atlas

    images = {}
    questions = list(questions)
    if atlas is None and any(q.figure is not None for q in questions):
        atlas = load_atlas()
    for question in questions:
        if question.figure is not None:
            ax = draw_question_figure(question, atlas=atlas)
            images[question.id] = show_figure(ax, question.figure.alt_text, dpi=dpi).html
    return images
