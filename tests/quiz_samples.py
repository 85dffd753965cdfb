"""A small hand-made quiz with one question of every type, for the export tests.

Facts follow data/attachments.csv and data/innervation.csv (Gray 1918),
marker positions data/landmark_positions.csv; prompts carry GIFT's special
characters on purpose.
"""

from __future__ import annotations

from dataclasses import replace

from psoas_edu.quiz.model import (
    TRUE_FALSE_OPTIONS,
    FigureSpec,
    Marker,
    Option,
    Pair,
    Question,
    Quiz,
)

GRAY = "Gray's Anatomy (1918), iliac region"

SINGLE = Question(
    "s_insertion_psoas", "single_choice",
    "Where does psoas major insert? {pick one: the bony point}",
    options=(Option("a", "Lesser trochanter"), Option("b", "Greater trochanter"),
             Option("c", "Anterior inferior iliac spine")),
    answers=("a",), explanation="Its tendon ends on the lesser trochanter of the femur.",
    citation=GRAY, source_ids=("gray1918",), topic="anatomy", difficulty="easy",
    muscle_ids=("psoas_major",), template="bank", origin="tests",
)
MULTIPLE = Question(
    "m_iliopsoas_parts", "multiple_answer",
    ("Which muscles insert on the lesser trochanter? "
     "(Hint: iliopsoas = psoas major + iliacus; #right answers ~ 2)"),
    options=(Option("a", "Psoas major"), Option("b", "Iliacus"),
             Option("c", "Rectus femoris {straight head}"), Option("d", "Sartorius")),
    answers=("a", "b"), explanation="Iliacus joins the psoas tendon on the lesser trochanter.",
    citation=GRAY, source_ids=("gray1918",), topic="anatomy", points=2.0,
    muscle_ids=("psoas_major", "iliacus"), template="bank", origin="tests",
)
TRUE_FALSE = Question(
    "tf_iliacus_nerve", "true_false", "Iliacus is supplied by the femoral nerve.",
    options=TRUE_FALSE_OPTIONS, answers=("true",),
    explanation="Its branches come from the femoral nerve in the iliac fossa.",
    citation="AnatomyExpert: iliacus", source_ids=("anatomyexpert_iliacus",),
    topic="nerves", muscle_ids=("iliacus",), template="bank", origin="tests",
)
MATCHING = Question(
    "mt_insertions", "matching", "Match each muscle to where it inserts.",
    options=(Option("lt", "Lesser trochanter"), Option("pl", "Pectineal line"),
             Option("pb", "Base of the patella"), Option("gt", "Greater trochanter")),
    pairs=(Pair("p1", "Psoas major", "lt"), Pair("p2", "Psoas minor", "pl"),
           Pair("p3", "Rectus femoris", "pb")),
    explanation="Psoas minor's insertion is disputed; the pectineal line is Gray's.",
    citation=GRAY, source_ids=("gray1918",), topic="anatomy", points=3.0,
    muscle_ids=("psoas_major", "psoas_minor", "rectus_femoris"), template="bank",
    origin="tests",
)
SHORT = Question(
    "sa_name", "short_answer", "Name the muscle whose origin is the iliac fossa.",
    accepted=("iliacus", "iliac muscle"), explanation="Iliacus fills the iliac fossa.",
    citation=GRAY, source_ids=("gray1918",), topic="anatomy", template="bank", origin="tests",
)
LABEL = Question(
    "ld_attachments", "label_diagram", "Name the landmark at each numbered marker.",
    options=(Option("lt", "Lesser trochanter"), Option("if", "Iliac fossa"),
             Option("gt", "Greater trochanter")),
    pairs=(Pair("m1", "Marker 1", "lt"), Pair("m2", "Marker 2", "if")),
    explanation="Iliacus arises from the iliac fossa and ends on the lesser trochanter.",
    citation=GRAY, source_ids=("gray1918",), topic="anatomy", points=2.0,
    muscle_ids=("iliacus",),
    figure=FigureSpec("attachments", "anterior", ("iliacus",),
                      (Marker(1, "lesser_trochanter", -10.0, 57.3),
                       Marker(2, "iliac_fossa", -10.0, 78.6)),
                      "Front view of the pelvis and femur with two numbered markers."),
    template="bank", origin="tests",
)

QUESTIONS = (SINGLE, MULTIPLE, TRUE_FALSE, MATCHING, SHORT, LABEL)


def sample_quiz(*questions: Question) -> Quiz:
    """The sample quiz (all six types unless ``questions`` are given)."""
    return Quiz(questions or QUESTIONS, title="Sample: iliopsoas", seed=7, topic="anatomy")


def edited(question: Question, **changes) -> Question:
    return replace(question, **changes)
