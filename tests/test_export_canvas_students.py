"""What Canvas shows students after they submit: no key unless asked, one answer per item.

Read back from the QTI zip text2qti writes, with ElementTree.
"""

import xml.etree.ElementTree as ET
import zipfile

from quiz_samples import MATCHING, edited, sample_quiz

from psoas_edu.cli import main
from psoas_edu.export import canvas

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
META = "{http://canvas.instructure.com/xsd/cccv1p0}"


def _meta(path) -> ET.Element:
    with zipfile.ZipFile(path) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith("assessment_meta.xml")]
        return ET.fromstring(archive.read(name))


def _feedback(path) -> dict[str, str]:
    """Item title -> its general feedback text, as Canvas shows it."""
    with zipfile.ZipFile(path) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".xml") and "/" in n
                   and not n.endswith("assessment_meta.xml")]
        root = ET.fromstring(archive.read(name))
    feedback = {}
    for item in root.iter(f"{QTI}item"):
        texts = [m.text or "" for f in item.iter(f"{QTI}itemfeedback")
                 for m in f.iter(f"{QTI}mattext")]
        feedback[item.get("title")] = " ".join(texts)
    return feedback


def test_students_do_not_see_correct_answers_unless_asked(tmp_path):
    result = canvas.export_canvas(sample_quiz(), tmp_path / "q.zip")
    assert _meta(result.path).findtext(f"{META}show_correct_answers") == "false"
    assert any("do not see the correct answers" in note for note in result.notes)
    shown = canvas.export_canvas(sample_quiz(), tmp_path / "s.zip", show_correct_answers=True)
    assert _meta(shown.path).findtext(f"{META}show_correct_answers") == "true"


def test_the_cli_option_shows_correct_answers_for_canvas_only(tmp_path, capsys):
    assert main(["export", "canvas", "--out", str(tmp_path / "a.zip"), "--n", "3"]) == 0
    assert _meta(tmp_path / "a.zip").findtext(f"{META}show_correct_answers") == "false"
    assert main(["export", "canvas", "--out", str(tmp_path / "b.zip"), "--n", "3",
                 "--show-correct-answers"]) == 0
    assert _meta(tmp_path / "b.zip").findtext(f"{META}show_correct_answers") == "true"
    assert main(["export", "gift", "--out", str(tmp_path / "c.gift"), "--n", "3",
                 "--show-correct-answers"]) == 1
    assert "--show-correct-answers: got format 'gift'; expected canvas" in capsys.readouterr().err


def test_each_split_item_names_only_its_own_answer(tmp_path):
    answers = [MATCHING.option_text(p.answer) for p in MATCHING.pairs]
    explained = edited(MATCHING, explanation="Psoas major ends on the " + "; ".join(answers))
    result = canvas.export_canvas(sample_quiz(explained), tmp_path / "m.zip")
    feedback = _feedback(result.path)
    assert len(feedback) == len(MATCHING.pairs)
    for index, pair in enumerate(MATCHING.pairs, start=1):
        text = feedback[f"{MATCHING.id} ({index})"]
        own = MATCHING.option_text(pair.answer)
        assert own in text
        assert not [other for other in answers if other != own and other in text], text
    assert any("explanation (in your answer key) is left out" in n for n in result.notes)
