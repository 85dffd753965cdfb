"""Per-student versions: groups in Canvas (text2qti GROUP blocks) and Moodle categories."""

import xml.etree.ElementTree as ET

import pytest

from psoas_edu.cli import main
from psoas_edu.export.canvas import quiz_to_text2qti, text2qti_zip
from psoas_edu.export.groups import group_questions, moodle_categories, text2qti_groups
from psoas_edu.export.moodle_xml import quiz_to_moodle_xml
from psoas_edu.quiz.model import TRUE_FALSE_OPTIONS, Pair, Question, Quiz, options_from


def tf(qid: str, topic: str, points: float = 1.0) -> Question:
    return Question(qid, "true_false", f"Is {qid} so?", options=TRUE_FALSE_OPTIONS,
                    answers=("true",), topic=topic, points=points, explanation="Yes.",
                    citation="Gray 1918")


def matching(qid: str, topic: str) -> Question:
    return Question(qid, "matching", f"Match {qid}.", options=options_from(["L1", "L2"]),
                    pairs=(Pair("1", "psoas", "a"), Pair("2", "iliacus", "b")), topic=topic,
                    explanation="So.", citation="Gray 1918")


QUIZ = Quiz((tf("a1", "anatomy"), tf("n1", "nerves"), tf("a2", "anatomy"),
             matching("m1", "anatomy"), tf("n2", "nerves"), tf("a3", "anatomy", points=2),
             tf("n3", "nerves")), title="Week 3")


def test_groups_share_a_topic_and_keep_quiz_order():
    groups = group_questions(QUIZ, size=2)
    assert [(g.name, g.question_ids) for g in groups] == [
        ("group_01", ("a1", "a2")), ("group_02", ("n1", "n2")), ("group_03", ("m1", "a3"))]


def test_canvas_groups_follow_text2qti_rules():
    groups = group_questions(QUIZ, size=2, canvas=True)
    assert [g.question_ids for g in groups] == [("a1", "a2"), ("n1", "n2")]


def test_group_size_must_be_two_or_more():
    with pytest.raises(ValueError, match="expected 2 or more"):
        group_questions(QUIZ, size=1)


def test_text2qti_group_block_wraps_the_members_where_the_first_was():
    blocks = [("x", ["X"]), ("a", ["A"]), ("y", ["Y"]), ("b", ["B"])]
    from psoas_edu.export.groups import QuestionGroup

    lines = text2qti_groups(blocks, (QuestionGroup("group_01", ("a", "b")),))
    assert lines == ["X", "", "GROUP", "pick: 1", "", "A", "", "B", "", "END_GROUP", "",
                     "Y", ""]


def test_canvas_zip_has_one_section_per_group():
    groups = group_questions(QUIZ, size=3, canvas=True)
    text, _ = quiz_to_text2qti(QUIZ, groups=groups)
    assert text.count("\nGROUP\n") == len(groups) == 2
    data = text2qti_zip(text)
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = next(archive.read(n) for n in archive.namelist()
                   if n.endswith(".xml") and "meta" not in n and "manifest" not in n)
    root = ET.fromstring(xml)
    picks = [e.text for e in root.iter() if e.tag.endswith("selection_number")]
    assert picks == ["1", "1"]


def test_moodle_puts_each_group_in_its_own_category():
    groups = group_questions(QUIZ, size=2)
    root = ET.fromstring(quiz_to_moodle_xml(QUIZ, categories=moodle_categories(QUIZ, groups)))
    where: dict[str, list[str]] = {}
    category = ""
    for question in root.iter("question"):
        if question.get("type") == "category":
            category = question.findtext("category/text")
        else:
            where.setdefault(category, []).append(question.findtext("idnumber"))
    assert where == {
        "$course$/top/psoas-edu/week_3/group_01": ["a1", "a2"],
        "$course$/top/psoas-edu/week_3/group_02": ["n1", "n2"],
        "$course$/top/psoas-edu/week_3/group_03": ["m1", "a3"],
        "$course$/top/psoas-edu/nerves": ["n3"],
    }


def test_per_student_needs_a_format_with_groups(tmp_path, capsys):
    assert main(["export", "gift", "--out", str(tmp_path / "q.gift"), "--per-student", "3"]) == 1
    assert "expected canvas or moodle-xml" in capsys.readouterr().err


def test_per_student_builds_n_times_k_questions(tmp_path, capsys):
    out = tmp_path / "q.xml"
    assert main(["export", "moodle-xml", "--out", str(out), "--n", "3", "--per-student", "2",
                 "--topic", "attachments"]) == 0
    root = ET.parse(out).getroot()
    asked = [q for q in root.iter("question") if q.get("type") != "category"]
    assert len(asked) == 6
    assert "add 'a random question' from each category" in capsys.readouterr().out
