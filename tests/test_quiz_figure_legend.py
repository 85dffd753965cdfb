"""A label-the-diagram question's legend explains its numbered markers, not only the
origin circles and insertion triangles (the numbered markers are circles too)."""

import matplotlib

matplotlib.use("Agg")

from psoas_edu import build_quiz  # noqa: E402
from psoas_edu.quiz.figures import draw_question_figure  # noqa: E402


def test_the_legend_names_the_numbered_markers():
    question = next(q for q in build_quiz(topic="attachments", n=5, seed=0)
                    if q.figure is not None)
    ax = draw_question_figure(question)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "numbered landmark to name (white circle)" in labels
    assert labels.count("numbered landmark to name (white circle)") == 1
    import matplotlib.pyplot as plt

    plt.close(ax.figure)
