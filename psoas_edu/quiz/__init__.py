"""Quizzes: the question model, the facts templates see, one template module per topic,
generation, the instructor's bank, grading, rendering, the widget and quiz figures.

May import every layer below it (facts, course, tables, figures); never exports or
commands.
"""
