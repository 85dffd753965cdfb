"""Teaching helpers for the psoas-edu course: facts, diagrams, tables and quizzes.

Everything a notebook needs is importable from here (``import psoas_edu as pe``).
The subpackages are layered, each importing only from those below it::

    cli      the psoas-edu command
    export   one module per quiz format
    quiz     questions, templates, grading, rendering, the widget
    figures  diagrams drawn from the facts
    tables   synergists, antagonists, fact views
    course   notebook display and the student handout
    facts    schema, reading, validation, the atlas

``lint-imports`` (configured in ``pyproject.toml``) enforces the order. Modules
that pull in heavy libraries (widgets, exporters) are imported only when used.
"""

from .course.display import (
    dispute_callout,
    evidence_badge,
    evidence_legend,
    show_figure,
    show_table,
)
from .course.student_version import build_student_version, student_version_summary
from .export import FORMATS as EXPORT_FORMATS
from .export import export_all, export_formats_table, export_preview, export_quiz
from .facts.atlas import Atlas, default_data_dir, load_atlas
from .facts.lookup import resolve_muscle
from .facts.problems import DataError, Problem
from .facts.roots import format_roots, parse_roots
from .facts.summary import dispute_overview, fact_counts, table_sizes
from .figures.attachments import ViewError, attachment_steps, draw_attachments
from .figures.body_map import draw_referral_map
from .figures.clinical import draw_palpation_landmarks, draw_psoas_sheath_abscess
from .figures.cross_section import draw_cross_section
from .figures.gallery import diagram_gallery
from .figures.line_of_pull import draw_line_of_pull, lines_of_action
from .figures.skeleton import draw_skeleton
from .figures.style import alt_text, figure_svg, show_diagram
from .figures.team import draw_team
from .quiz.bank import BankWarning, load_bank
from .quiz.generate import TOPICS as QUIZ_TOPICS
from .quiz.generate import build_quiz, generate_questions
from .quiz.grade import grade, grade_quiz
from .quiz.model import Question, Quiz, QuizResult, Result
from .quiz.render import quiz_html, quiz_markdown, show_answer_key, show_quiz
from .tables.clinical import (
    anecdote_table,
    clinical_anatomy_table,
    differential_table,
    guideline_table,
    red_flag_screen,
    red_flag_table,
    tested_on_table,
)
from .tables.fact_views import evidence_table, facts_view, identifier_table, source_list
from .tables.style import antagonist_table, matrix_table, synergist_table
from .tables.synergy import (
    ActionNotRecordedError,
    UnknownMovementError,
    antagonists,
    movement_matrix,
    movers,
    resolve_movement,
    synergists,
)

__all__ = [
    # facts
    "Atlas", "DataError", "Problem", "default_data_dir", "load_atlas", "resolve_muscle",
    "format_roots", "parse_roots", "dispute_overview", "fact_counts", "table_sizes",
    # course: notebook display and the handout
    "dispute_callout", "evidence_badge", "evidence_legend", "show_figure", "show_table",
    "build_student_version", "student_version_summary",
    # tables
    "ActionNotRecordedError", "UnknownMovementError", "antagonists", "movement_matrix",
    "movers", "resolve_movement", "synergists", "antagonist_table", "matrix_table",
    "synergist_table", "evidence_table", "facts_view", "identifier_table", "source_list",
    "anecdote_table", "clinical_anatomy_table", "differential_table", "guideline_table",
    "red_flag_screen", "red_flag_table", "tested_on_table",
    # figures
    "ViewError", "alt_text", "attachment_steps", "diagram_gallery", "draw_attachments",
    "draw_cross_section", "draw_team", "draw_line_of_pull", "draw_palpation_landmarks",
    "draw_psoas_sheath_abscess", "draw_referral_map", "draw_skeleton", "figure_svg",
    "lines_of_action", "show_diagram",
    # quiz
    "BankWarning", "QUIZ_TOPICS", "Question", "Quiz", "QuizResult", "Result", "build_quiz",
    "generate_questions", "grade", "grade_quiz", "load_bank", "quiz_html", "quiz_markdown",
    "show_answer_key", "show_quiz", "take_quiz", "quiz_app",
    # export
    "EXPORT_FORMATS", "export_all", "export_formats_table", "export_preview", "export_quiz",
]

#: Names imported on first use, so ``import psoas_edu`` never loads ipywidgets.
_LAZY = {"take_quiz": "quiz.widget", "QuizWidget": "quiz.widget", "quiz_app": "quiz.app"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__version__ = "0.1.0"
