"""Diagrams drawn from the facts: house style, skeleton, labels, attachments, lines of pull,
body maps and the gallery.

May import :mod:`psoas_edu.facts`, :mod:`psoas_edu.course` (display) and
:mod:`psoas_edu.tables` (the gallery's teams); never quizzes or exports.
"""
