"""Tables derived from the facts: synergists, antagonists, the movement matrix, fact views.

May import :mod:`psoas_edu.facts` and :mod:`psoas_edu.course` (for display); never
figures, quizzes or exports.
"""
