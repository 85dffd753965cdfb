"""Quiz exports: shared helpers, one module per format, and the registry of formats.

May import quizzes and everything below them; never commands.
"""

from .registry import (
    FORMATS,
    ExportFormat,
    export_all,
    export_formats_table,
    export_preview,
    export_quiz,
)

__all__ = ["FORMATS", "ExportFormat", "export_all", "export_formats_table", "export_preview",
           "export_quiz"]
