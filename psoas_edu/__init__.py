"""Teaching helpers for the psoas-edu course: facts, diagrams, tables and quizzes.

Everything a notebook needs is importable from here. Modules that pull in
heavy libraries (widgets, exporters) are imported only when used.
"""

from .atlas import Atlas, default_data_dir, load_atlas
from .body_map import draw_referral_map
from .diagrams import ViewError, attachment_steps, draw_attachments
from .export import FORMATS as EXPORT_FORMATS
from .export import export_all, export_formats_table, export_preview, export_quiz
from .fact_views import evidence_table, facts_view, identifier_table, source_list
from .figure_style import alt_text, figure_svg, show_diagram
from .gallery import diagram_gallery
from .line_of_pull import draw_line_of_pull, lines_of_action
from .lookup import resolve_muscle
from .notebook_display import (
    dispute_callout,
    evidence_badge,
    evidence_legend,
    show_figure,
    show_table,
)
from .problems import DataError, Problem
from .quiz_bank import load_bank
from .quiz_generate import TOPICS as QUIZ_TOPICS
from .quiz_generate import build_quiz, generate_questions
from .quiz_grade import grade, grade_quiz
from .quiz_model import Question, Quiz, QuizResult, Result
from .quiz_render import quiz_html, quiz_markdown, show_answer_key, show_quiz
from .roots import format_roots, parse_roots
from .skeleton import draw_skeleton
from .student_version import build_student_version, student_version_summary
from .summary import dispute_overview, fact_counts, table_sizes
from .synergy import (
    ActionNotRecordedError,
    UnknownMovementError,
    antagonists,
    movement_matrix,
    movers,
    resolve_movement,
    synergists,
)
from .table_style import antagonist_table, matrix_table, synergist_table

__all__ = [
    "ViewError",
    "alt_text",
    "attachment_steps",
    "diagram_gallery",
    "draw_attachments",
    "draw_line_of_pull",
    "draw_referral_map",
    "draw_skeleton",
    "figure_svg",
    "lines_of_action",
    "show_diagram",
    "ActionNotRecordedError",
    "Atlas",
    "DataError",
    "EXPORT_FORMATS",
    "Problem",
    "QUIZ_TOPICS",
    "Question",
    "Quiz",
    "QuizResult",
    "Result",
    "UnknownMovementError",
    "antagonist_table",
    "antagonists",
    "build_quiz",
    "build_student_version",
    "student_version_summary",
    "default_data_dir",
    "dispute_callout",
    "dispute_overview",
    "evidence_badge",
    "evidence_legend",
    "evidence_table",
    "export_all",
    "export_formats_table",
    "export_preview",
    "export_quiz",
    "fact_counts",
    "facts_view",
    "format_roots",
    "generate_questions",
    "grade",
    "grade_quiz",
    "identifier_table",
    "load_atlas",
    "load_bank",
    "matrix_table",
    "movement_matrix",
    "movers",
    "parse_roots",
    "quiz_html",
    "quiz_markdown",
    "resolve_movement",
    "resolve_muscle",
    "show_answer_key",
    "show_figure",
    "show_table",
    "show_quiz",
    "source_list",
    "synergist_table",
    "synergists",
    "table_sizes",
    "take_quiz",
]

#: Names imported on first use, so ``import psoas_edu`` never loads ipywidgets.
_LAZY = {"take_quiz": "quiz_widget", "QuizWidget": "quiz_widget"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__version__ = "0.1.0"
