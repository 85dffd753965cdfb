"""The facts: the CSV schema, spreadsheet-tolerant reading, validation and the loaded atlas.

Reads ``data/`` and hands out frozen tables. The bottom layer: imports nothing else
from ``psoas_edu``, so it knows nothing of drawing, tables, quizzes or exports.
"""
