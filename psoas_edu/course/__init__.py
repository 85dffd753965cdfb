"""What a notebook shows and what a student is handed.

``display`` turns HTML blocks, tables and figures into notebook output;
``student_version`` builds the handout. May import :mod:`psoas_edu.facts` and
:mod:`psoas_edu.atomic_write` only: figures and tables present themselves through it.
"""
