"""Progress between quiz sessions: missed questions come back until answered right."""

import json

import pytest

from psoas_edu import build_quiz
from psoas_edu.quiz.grade import grade
from psoas_edu.quiz.progress import (
    Progress,
    ProgressError,
    default_progress_path,
    load_progress,
    record_answer,
    record_quiz,
    save_progress,
)


@pytest.fixture(scope="module")
def question():
    return next(q for q in build_quiz(topic="attachments", n=5, seed=0)
                if q.type == "single_choice")


def wrong(q):
    return next(o.key for o in q.options if o.key not in q.answers)


def test_a_missed_question_stays_until_answered_right(question):
    progress = record_quiz(Progress(), "attachments")
    progress = record_answer(progress, question, grade(question, wrong(question)),
                             topic="attachments", n=5, seed=0)
    assert list(progress.due("attachments")) == [question.id]
    assert list(progress.due("all")) == [question.id] and progress.due("innervation") == {}
    again = record_answer(progress, question, grade(question, wrong(question)),
                          topic="attachments", n=10, seed=7)
    assert again.missed[question.id].times == 2
    assert (again.missed[question.id].n, again.missed[question.id].seed) == (5, 0)  # origin kept
    learned = record_answer(again, question, grade(question, question.answers[0]),
                            topic="attachments", n=5, seed=0)
    assert learned.due("attachments") == {}
    score = learned.score("attachments")
    # Each call above had no earlier result in its quiz: three questions-in-a-quiz.
    assert (score.quizzes, score.questions, score.first_right, score.right) == (1, 3, 1, 1)
    assert record_answer(learned, question, grade(question, None), topic="attachments",
                         n=5, seed=0) == learned  # no answer: nothing recorded


def test_progress_is_saved_and_read_back_without_answers(tmp_path, question):
    progress = record_answer(Progress(), question, grade(question, wrong(question)),
                             topic="attachments", n=5, seed=0)
    path = save_progress(progress, tmp_path / "deep" / "progress.json")
    assert load_progress(path) == progress
    text = path.read_text(encoding="utf-8")
    assert question.option_text(question.answers[0]) not in text
    assert json.loads(text)["version"] == 2
    assert load_progress(tmp_path / "absent.json") == Progress()


def test_a_broken_progress_file_is_named_and_left_alone(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text('{"version": 1, "topics": {', encoding="utf-8")
    with pytest.raises(ProgressError, match=r"progress\.json:1 column \d+"):
        load_progress(path)
    path.write_text('{"version": 9, "topics": {}, "missed": {}}', encoding="utf-8")
    with pytest.raises(ProgressError, match="version 9"):
        load_progress(path)
    assert path.read_text(encoding="utf-8").startswith('{"version": 9')


def test_the_progress_file_can_be_chosen(monkeypatch, tmp_path):
    monkeypatch.setenv("PSOAS_EDU_PROGRESS", str(tmp_path / "p.json"))
    assert default_progress_path() == tmp_path / "p.json"
    monkeypatch.delenv("PSOAS_EDU_PROGRESS")
    assert default_progress_path().parts[-2:] == (".psoas-edu", "progress.json")


def test_the_app_brings_a_missed_question_back_first(tmp_path):
    from psoas_edu.quiz.app import QuizApp

    path = tmp_path / "p.json"
    app = QuizApp(progress_path=path)
    assert app.mode == "setup" and "No quizzes yet" in app.progress_html
    quiz = app.start("attachments", 5)
    assert app.mode == "quiz" and len(app.questions) == 5
    missed = next(q for q in quiz if q.type == "single_choice")
    app._on_message(app, {"kind": "check", "id": missed.id, "response": wrong(missed)}, [])
    app._on_message(app, {"kind": "new"}, [])
    assert app.mode == "setup" and "To practise again" in app.progress_html
    again = QuizApp(progress_path=path).start("attachments", 5)  # a later session
    assert again[missed.id] == missed and next(iter(again)).id == missed.id
    assert "1 to practise again" in again.title
    with pytest.raises(ValueError, match="expected one of"):
        app.start("attachments", 7)


def test_the_app_never_writes_over_a_progress_file_it_cannot_read(tmp_path):
    from psoas_edu.quiz.app import QuizApp

    path = tmp_path / "p.json"
    path.write_text("not json", encoding="utf-8")
    app = QuizApp(progress_path=path)
    assert "Progress not saved" in app.progress_html and "p.json:1 column 1" in app.progress_html
    quiz = app.start("attachments", 5)
    app.answer(quiz.questions[0].id, None)
    assert path.read_text(encoding="utf-8") == "not json"


def test_a_question_counts_once_per_quiz_first_attempt_and_final(question):
    """Checking again or retrying never inflates the counts."""
    miss, hit = grade(question, wrong(question)), grade(question, question.answers[0])
    where = {"topic": "attachments", "n": 5, "seed": 0}
    progress = record_answer(Progress(), question, miss, **where)
    progress = record_answer(progress, question, miss, before=miss, **where)  # checked again
    progress = record_answer(progress, question, hit, before=miss, **where)  # the retry
    progress = record_answer(progress, question, hit, before=hit, **where)  # checked again
    score = progress.score("attachments")
    assert (score.questions, score.first_right, score.right) == (1, 0, 1)
    progress = record_answer(progress, question, miss, before=hit, **where)  # changed back
    assert progress.score("attachments").right == 0
    assert progress.total() == progress.score("attachments")


def test_a_version_1_file_keeps_quizzes_and_missed_questions(tmp_path, question):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"version": 1, "topics": {"attachments": {
        "quizzes": 2, "checked": 9, "right": 7}}, "missed": {question.id: {
            "topic": "attachments", "n": 5, "seed": 0, "times": 1}}}), encoding="utf-8")
    progress = load_progress(path)
    assert progress.score("attachments").quizzes == 2
    assert progress.score("attachments").questions == 0 and list(progress.missed) == [question.id]


def test_the_app_counts_questions_and_labels_the_total(tmp_path):
    from psoas_edu.quiz.app import QuizApp

    app = QuizApp(progress_path=tmp_path / "p.json")
    quiz = app.start("attachments", 5)
    missed = next(q for q in quiz if q.type == "single_choice")
    for _ in range(3):  # Check pressed three times on the same wrong answer
        app._on_message(app, {"kind": "check", "id": missed.id, "response": wrong(missed)}, [])
    app._on_message(app, {"kind": "retry"}, [])
    app._on_message(app, {"kind": "check", "id": missed.id,
                          "response": missed.answers[0]}, [])
    assert "First attempts: 0 of 1 point on 1 question." in app.score_text
    assert "Score now: 1 of 1 point on 1 of 5" in app.score_text
    score = app.progress.score("attachments")
    assert (score.questions, score.first_right, score.right) == (1, 0, 1)
    app.start("all", 5)
    app._on_message(app, {"kind": "new"}, [])
    page = app.progress_html
    assert "Right first time" in page and "Right in the end" in page
    assert "<tfoot><tr><th scope=\"row\">Total, all quizzes</th><td>2</td><td>1</td>" in page
    assert "<td>Mixed</td><td>1</td><td>0</td>" in page
