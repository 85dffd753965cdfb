"""Teaching helpers for the psoas-edu course: facts, diagrams, tables and quizzes.

Everything a notebook needs is importable from here. Modules that pull in
heavy libraries (widgets, exporters) are imported only when used.
"""

from .atlas import Atlas, default_data_dir, load_atlas
from .lookup import resolve_muscle
from .problems import DataError, Problem
from .roots import format_roots, parse_roots
from .summary import dispute_overview, fact_counts, table_sizes

__all__ = [
    "Atlas",
    "DataError",
    "Problem",
    "default_data_dir",
    "dispute_overview",
    "fact_counts",
    "format_roots",
    "load_atlas",
    "parse_roots",
    "resolve_muscle",
    "table_sizes",
]

__version__ = "0.1.0"
