"""Question templates, one module per topic; ``base`` holds what they share.

Templates read :class:`psoas_edu.quiz.facts.QuizFacts` only, never the CSV files.
"""
