import html
import re

import pytest

from psoas_edu import build_quiz, load_atlas
from psoas_edu.quiz.bank import load_bank
from psoas_edu.quiz.grade import grade
from psoas_edu.quiz.model import Pair, Question, Quiz, QuizResult, Result, options_from
from psoas_edu.quiz.render import (
    ANSWER_KEY_METADATA,
    answer_key_html,
    answer_key_markdown,
    feedback_html,
    feedback_text,
    quiz_html,
    quiz_markdown,
    render_quiz,
    score_html,
    show_answer_key,
)

EVIL = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


@pytest.fixture(scope="module")
def quiz(atlas):
    return build_quiz(n=12, seed=3, atlas=atlas)


def hostile_quiz() -> Quiz:
    options = options_from([EVIL, "lesser <b>trochanter</b>", "a & b"])
    return Quiz((
        Question("evil1", "single_choice", f"Where? {EVIL}", options=options, answers=("b",),
                 explanation=f"Because {EVIL}", citation=f"Book {EVIL}"),
        Question("evil2", "matching", "Match <i>these</i>", options=options,
                 pairs=(Pair("1", f"psoas {EVIL}", "a"), Pair("2", "x", "b"))),
        Question("evil3", "short_answer", "Name *it* [here](http://x)", accepted=(EVIL,),
                 explanation="e", citation="c"),
    ), title=f"Quiz {EVIL}")


def test_instructor_text_is_escaped_in_html():
    page = quiz_html(hostile_quiz(), answers=True) + answer_key_html(hostile_quiz())
    assert "<script" not in page and "<b>trochanter" not in page and "<i>these" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "a &amp; b" in page


def test_instructor_text_is_escaped_in_markdown():
    text = quiz_markdown(hostile_quiz(), answers=True)
    assert "<script" not in text and "<b>" not in text
    assert "&lt;script>" in text  # "<" escaped where it would open a tag
    assert "Name \\*it\\* \\[here\\](http://x)" in text  # no emphasis, no link


def test_a_bank_question_with_a_script_tag_shows_as_text(tmp_path, atlas):
    bank = tmp_path / "evil.csv"
    bank.write_text(
        "id,topic,type,question,options,answer,explanation,source\n"
        f'evil,attachments,single_choice,"Where {EVIL}?",A | B,A,"Why {EVIL}",gray1918\n',
        encoding="utf-8")
    (question,) = load_bank(bank, atlas=atlas)
    page = quiz_html(Quiz((question,)), answers=True)
    feedback = feedback_html(question, grade(question, "b"))
    for rendered in (page, feedback):
        assert "<script>" not in rendered and "&lt;script&gt;alert(" in rendered


def test_the_student_copy_hides_answers_and_the_key_shows_them(quiz):
    student, key = quiz_html(quiz), quiz_html(quiz, answers=True)
    assert "right answer" not in student and "Why:" not in student and "Source:" not in student
    for question in quiz:
        assert f'id="{question.html_id()}"' in student
        assert html.escape(question.explanation) not in student
        assert html.escape(question.explanation) in key
    assert key.count("Why:") == len(quiz) and key.count("Source:") == len(quiz)
    assert "(right answer)" in key


def test_html_ids_come_from_question_ids_and_rendering_is_repeatable(quiz):
    page = quiz_html(quiz)
    assert page == quiz_html(quiz)
    ids = re.findall(r'id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    question_ids = {q.html_id() for q in quiz}
    for html_id in ids:
        assert html_id.startswith("quiz-") or any(html_id.startswith(q) for q in question_ids)


def test_answer_keys_list_every_answer(quiz):
    key, text = answer_key_html(quiz), answer_key_markdown(quiz)
    for number, question in enumerate(quiz, start=1):
        assert html.escape(question.answer_text) in key
        assert f"### Question {number} " in text
    assert text.count("**Why:**") == text.count("**Source:**") == len(quiz)


def test_feedback_says_right_or_wrong_in_words_and_cites(quiz):
    question = next(q for q in quiz if q.type == "single_choice")
    wrong_key = next(o.key for o in question.options if o.key not in question.answers)
    wrong = feedback_html(question, grade(question, wrong_key))
    assert "Not quite" in wrong and "Right answer:" in wrong and "Source:" in wrong
    assert f'id="{question.html_id("feedback")}"' in wrong and 'role="status"' in wrong
    right = feedback_html(question, grade(question, question.answers[0]))
    assert "Correct." in right and "Right answer:" not in right
    assert feedback_text(question, grade(question, None)).startswith("No answer yet")


def test_feedback_without_reveal_gives_the_verdict_only(quiz):
    question = next(q for q in quiz if q.type == "single_choice")
    wrong_key = next(o.key for o in question.options if o.key not in question.answers)
    wrong = feedback_html(question, grade(question, wrong_key), reveal=False)
    assert "Not quite" in wrong and "Try again" in wrong
    assert "Right answer" not in wrong and "Source:" not in wrong and "Why:" not in wrong
    right = feedback_html(question, grade(question, question.answers[0]), reveal=False)
    assert "Correct." in right and "Why:" in right and "Try again" not in right


def test_render_quiz_offers_html_markdown_and_text(quiz):
    bundle, metadata = render_quiz(quiz)._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/markdown", "text/plain"}
    assert bundle["text/plain"] == quiz.title
    assert metadata == {}


def test_every_answer_key_output_is_marked_as_instructor_material(quiz):
    for document in (show_answer_key(quiz), render_quiz(quiz, answers=True)):
        _bundle, metadata = document._repr_mimebundle_()
        assert metadata == ANSWER_KEY_METADATA == {"psoas_edu": {"answer_key": True}}


def test_answer_key_is_left_aligned_with_the_id_last_and_small(quiz):
    key = answer_key_html(quiz)
    headings = re.findall(r"<th [^>]*>([^<]*)</th>", key)
    assert headings == ["#", "Answer", "Why", "Source", "Question id"]
    cells = re.findall(r"<t[dh] style=\"([^\"]*)\"", key)
    assert cells and all("text-align:left" in style for style in cells)
    assert all("font-size:0.8em" in cell for cell in re.findall(
        r"<td style=\"([^\"]*)\"><code>", key))


def test_printed_options_are_lettered_never_keyed_by_their_text():
    from psoas_edu.quiz.model import Option

    question = Question("tf", "true_false", "True or false: x.",
                        options=(Option("true", "True"), Option("false", "False")),
                        answers=("false",), explanation="e", citation="c")
    quiz = Quiz((question,), title="TF")
    for text in (quiz_html(quiz), quiz_markdown(quiz)):
        assert "true) True" not in text and "a) True" in text and "b) False" in text


def test_score_line(quiz):
    assert "nothing checked yet (0 of 12 questions)" in score_html(QuizResult(()), quiz=quiz)
    results = QuizResult((Result("a", "correct", 1, 1, "Correct.", "x"),
                          Result("b", "incorrect", 0, 2, "Not quite.", "y")))
    line = score_html(results, quiz=quiz)
    assert "Score: 1 of 3 points on 2 of 12 questions checked. 1 question to retry." in line


def test_a_bank_picture_shows_as_the_image_with_its_alt_text(atlas):
    import base64

    from psoas_edu.quiz.bank import default_bank_dir

    question = {q.id: q for q in load_bank(default_bank_dir(), atlas=atlas)}[
        "unlabelled_muscle_front"]
    page = quiz_html(Quiz((question,)))
    (src, alt), = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]*)"', page)
    assert base64.b64decode(src) == question.image.path.read_bytes()
    assert html.unescape(alt) == question.image.alt_text
    assert "[Picture" not in page


def test_a_picture_whose_file_went_missing_shows_its_alt_text_and_name(tmp_path):
    from psoas_edu.quiz.model import QuestionImage

    image = QuestionImage(tmp_path / "gone.png", "A band from spine to femur.")
    options = options_from(["Psoas major", "Piriformis"])
    question = Question("pic", "single_choice", "Which muscle?", options=options,
                        answers=("a",), image=image)
    page = quiz_html(Quiz((question,)))
    assert "<img" not in page
    assert "[Picture gone.png not found: A band from spine to femur.]" in page
