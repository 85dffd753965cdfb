"""Hostile text and grading parity, each export read back by software that reads it for real.

GIFT goes to gift-pegjs (npm), Moodle XML to an XML parser, Canvas to
text2qti and its QTI zip, Anki to the anki library, jupyterquiz to its JSON
schemas and its own JavaScript text rewriting. Scores are compared with the
notebook's grader (:mod:`psoas_edu.quiz.grade`).
"""

import html
import io
import itertools
import json
import re
import shutil
import sqlite3
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from quiz_samples import MATCHING, MULTIPLE, SHORT, SINGLE, edited, sample_quiz

from psoas_edu.export import FORMATS, export_quiz
from psoas_edu.export import canvas as canvas_export
from psoas_edu.export import jupyterquiz as jq
from psoas_edu.export.common import accepted_variants
from psoas_edu.export.constraints import export_problems
from psoas_edu.export.gift import quiz_to_gift
from psoas_edu.export.moodle_rules import moodle_weights
from psoas_edu.export.moodle_xml import quiz_to_moodle_xml
from psoas_edu.quiz.grade import grade
from psoas_edu.quiz.model import Option, Pair, Quiz

ROOT = Path(__file__).parent.parent
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
NASTY = 'Psoas "major" \\ L1->L2 {T12} = ~ # : <b>bold</b> & $x$ [link](javascript:alert(1))'
LONG = "lesser trochanter of the femur, " * 20 + "end"

HOSTILE_SINGLE = edited(SINGLE, prompt=NASTY, options=(
    Option("a", "Lesser -> trochanter \\ {x}"), Option("b", LONG),
    Option("c", "it's \"quoted\" ~ = # :")))
HOSTILE_MATCHING = edited(MATCHING, prompt="Match: a -> b?", pairs=(
    Pair("p1", "Psoas -> major \\", "lt"), Pair("p2", "Psoas {minor} = ~", "pl"),
    Pair("p3", "Rectus: femoris #1", "pb")))
HOSTILE_SHORT = edited(SHORT, accepted=("m. iliacus (pars) L2-L4", "iliacus -> psoas", "a*b"),
                       explanation="L1->L2 \\ {x} = y")
HOSTILE = (HOSTILE_SINGLE, MULTIPLE, HOSTILE_MATCHING, HOSTILE_SHORT)


def hostile_quiz() -> Quiz:
    return sample_quiz(*HOSTILE)


# ---------------------------------------------------------------------------
# GIFT, read by gift-pegjs
# ---------------------------------------------------------------------------

def gift_pegjs(text: str) -> list[dict]:
    if shutil.which("node") is None or not (ROOT / "node_modules" / "gift-pegjs").is_dir():
        pytest.fail("gift-pegjs is missing: run `npm ci` (make test does)")
    run = subprocess.run(["node", str(ROOT / "tests" / "js" / "gift_parse.js")], input=text,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    return [q for q in json.loads(run.stdout) if q["type"] != "Category"]


def plain(formatted: dict) -> str:
    text = formatted["text"]
    return html.unescape(text.replace("<br>", "\n")) if formatted["format"] == "html" else text


def test_gift_pegjs_reads_hostile_text_back_exactly():
    parsed = {q["title"]: q for q in gift_pegjs(quiz_to_gift(hostile_quiz()))}
    assert list(parsed) == [q.id for q in HOSTILE]
    single = parsed[SINGLE.id]
    assert single["type"] == "MC"
    assert single["stem"]["text"] == NASTY
    assert [plain(c["text"]) for c in single["choices"]] == [
        o.text for o in HOSTILE_SINGLE.options]
    matching = parsed[MATCHING.id]
    assert matching["type"] == "Matching"
    assert [(plain(p["subquestion"]), p["subanswer"]) for p in matching["matchPairs"]] == [
        (p.prompt, HOSTILE_MATCHING.option_text(p.answer)) for p in HOSTILE_MATCHING.pairs
    ] + [("", "Greater trochanter")]


def test_gift_short_answer_with_arrow_stays_a_short_answer():
    gift = quiz_to_gift(sample_quiz(HOSTILE_SHORT))
    (short,) = gift_pegjs(gift)
    assert short["type"] == "Short"
    answers = [c["text"]["text"] for c in short["choices"]]
    assert "m. iliacus (pars) L2-L4" in answers and "a\\*b" in answers
    assert not any("->" in a for a in answers)
    # Moodle calls a block matching when it holds "=" and "->" outside escapes.
    block = gift.split("{", 1)[1]
    assert "->" not in re.sub(r"\\.", "", block)
    assert "L1->L2" in plain(short["globalFeedback"])


def test_gift_backslash_is_escaped():
    (parsed,) = gift_pegjs(quiz_to_gift(sample_quiz(edited(SINGLE, prompt="a\\b \\n \\{"))))
    assert parsed["stem"]["text"] == "a\\b \\n \\{"


def test_small_matching_becomes_a_choice_moodle_accepts():
    two = edited(MATCHING, options=MATCHING.options[:2], pairs=MATCHING.pairs[:2])
    (parsed,) = gift_pegjs(quiz_to_gift(sample_quiz(two)))
    assert parsed["type"] == "MC"
    right = [c["text"]["text"] for c in parsed["choices"] if c["isCorrect"]]
    assert right == ["Psoas major: Lesser trochanter; Psoas minor: Pectineal line"]
    element = ET.fromstring(quiz_to_moodle_xml(sample_quiz(two))).find("question[@name]")
    types = [q.get("type") for q in ET.fromstring(quiz_to_moodle_xml(sample_quiz(two)))]
    assert element is None and types == ["category", "multichoice"]


# ---------------------------------------------------------------------------
# Multiple answer: Moodle scores as the notebook does
# ---------------------------------------------------------------------------

def moodle_score(weights: dict[str, str], ticked: set[str]) -> float:
    return min(1.0, max(0.0, sum(float(weights[k]) for k in ticked) / 100))


@pytest.mark.parametrize("right", [1, 2, 3, 6, 7, 10])
def test_moodle_multiple_answer_scores_every_response_as_the_notebook(right):
    options = tuple(Option(f"o{i}", f"option {i}") for i in range(right + 2))
    question = edited(MULTIPLE, options=options, answers=tuple(o.key for o in options[:right]))
    weights, note = moodle_weights(question)
    assert note == ""
    for size in range(1, len(options) + 1):
        for ticked in itertools.combinations([o.key for o in options], size):
            expected = grade(question, list(ticked)).score / question.points
            assert moodle_score(weights, set(ticked)) == pytest.approx(expected, abs=1e-4)


def test_eleven_right_options_export_with_a_stated_scheme(tmp_path):
    options = tuple(Option(f"o{i}", f"option {i}") for i in range(13))
    question = edited(MULTIPLE, options=options, answers=tuple(o.key for o in options[:11]),
                      origin="data/quizzes/week3.csv:12")
    weights, note = moodle_weights(question)
    assert sum(float(weights[k]) for k in question.answers) == pytest.approx(100)
    assert "'m_iliopsoas_parts' (data/quizzes/week3.csv:12)" in note
    result = export_quiz(sample_quiz(question), "moodle-xml", tmp_path / "q.xml")
    assert any("100/11" in n for n in result.notes)
    assert export_problems([question]) == []


def test_too_many_right_options_is_named_by_check_and_export(tmp_path):
    options = tuple(Option(f"o{i}", f"option {i}") for i in range(22))
    question = edited(MULTIPLE, options=options, answers=tuple(o.key for o in options[:21]),
                      origin="data/quizzes/week3.csv:12")
    problems = export_problems([question])
    assert {str(p.path) for p in problems} == {"data/quizzes/week3.csv"}
    assert {p.line for p in problems} == {12}
    assert any("21 right options" in p.expected for p in problems)
    with pytest.raises(ValueError, match=r"'m_iliopsoas_parts' \(data/quizzes/week3.csv:12\)"):
        export_quiz(sample_quiz(question), "gift", tmp_path / "q.gift")
    assert not (tmp_path / "q.gift").exists()


# ---------------------------------------------------------------------------
# Short answers: what the notebook accepts, every format accepts
# ---------------------------------------------------------------------------

TYPED = ["Iliacus", "the iliacus", "ILIACUS MUSCLE", "the Iliacus muscle", " iliacus ",
         "Iliac muscle"]


def test_every_format_accepts_what_the_notebook_accepts():
    question = SHORT
    for typed in TYPED:
        assert grade(question, typed).correct, typed
    moodle = [a.findtext("text") for a in ET.fromstring(
        quiz_to_moodle_xml(sample_quiz(question))).iter("answer")]
    (string,) = jq.quiz_to_jupyterquiz(sample_quiz(question))
    jupyter = [a["answer"] for a in string["answers"] if a.get("correct")]
    canvas = [line.split(None, 1)[1] for line in
              canvas_export.quiz_to_text2qti(sample_quiz(question))[0].splitlines()
              if line.startswith("*   ")]
    usecase = ET.fromstring(quiz_to_moodle_xml(sample_quiz(question))).findtext(
        ".//usecase")
    assert usecase == "0"
    for typed in TYPED:
        # Moodle (usecase 0), Canvas and jupyterquiz compare trimmed text, case ignored.
        key = typed.strip().lower()
        for name, answers in (("moodle", moodle), ("canvas", canvas), ("jupyterquiz", jupyter)):
            assert key in [a.lower() for a in answers], (name, typed)


def test_accented_and_punctuated_answers_have_their_plain_forms():
    question = edited(SHORT, accepted=("Psoas-Major (pars profunda)", "Müller"))
    variants = {v.lower() for v in accepted_variants(question)}
    for typed in ("psoas major pars profunda", "psoasmajorparsprofunda", "muller", "Müller",
                  "the muller"):
        assert grade(question, typed).correct
        assert typed.lower() in variants


def test_canvas_short_answers_carry_no_escapes_and_quotes_stay_straight():
    question = edited(SHORT, prompt='Which "muscle" is it\'s?',
                      accepted=("biceps femoris (long head)", "L2-L4", "m. iliacus"))
    text, _ = canvas_export.quiz_to_text2qti(sample_quiz(question))
    files = zipfile.ZipFile(io.BytesIO(canvas_export.text2qti_zip(text)))
    (assessment,) = [n for n in files.namelist()
                     if n.endswith(".xml") and "/" in n and "meta" not in n]
    root = ET.fromstring(files.read(assessment))
    accepted = [v.text for v in root.iter(f"{QTI}varequal")]
    assert {"biceps femoris (long head)", "L2-L4", "m. iliacus"} <= set(accepted)
    assert not any("\\" in a for a in accepted)
    prompt = html.unescape(re.sub(r"<[^>]+>", "", root.find(f".//{QTI}mattext").text))
    assert prompt == 'Which "muscle" is it\'s?'


# ---------------------------------------------------------------------------
# Canvas: exact points, matching without give-away feedback
# ---------------------------------------------------------------------------

def canvas_items(quiz: Quiz) -> list[ET.Element]:
    text, _ = canvas_export.quiz_to_text2qti(quiz)
    files = zipfile.ZipFile(io.BytesIO(canvas_export.text2qti_zip(text)))
    (assessment,) = [n for n in files.namelist()
                     if n.endswith(".xml") and "/" in n and "meta" not in n]
    return ET.fromstring(files.read(assessment)).findall(f".//{QTI}item")


def item_points(item: ET.Element) -> float:
    for field in item.iter(f"{QTI}qtimetadatafield"):
        if field.findtext(f"{QTI}fieldlabel") == "points_possible":
            return float(field.findtext(f"{QTI}fieldentry"))
    raise AssertionError("no points")


@pytest.mark.parametrize("points", [1, 2, 3, 2.5])
def test_canvas_keeps_the_total_points_exactly(points):
    quiz = sample_quiz(*(edited(q, points=points) for q in sample_quiz().questions))
    assert sum(item_points(i) for i in canvas_items(quiz)) == pytest.approx(quiz.points)


def test_canvas_split_items_do_not_give_each_other_away():
    items = canvas_items(sample_quiz(MATCHING))
    assert len(items) == len(MATCHING.pairs)
    for item, pair in zip(items, MATCHING.pairs, strict=True):
        feedback = " ".join(m.text or "" for f in item.iter(f"{QTI}itemfeedback")
                            for m in f.iter(f"{QTI}mattext"))
        assert f"{pair.prompt}: {MATCHING.option_text(pair.answer)}" in feedback
        others = [f"{p.prompt}: {MATCHING.option_text(p.answer)}"
                  for p in MATCHING.pairs if p is not pair]
        assert not any(other in feedback for other in others)


def test_canvas_refuses_points_it_cannot_hold_with_the_question_named():
    question = edited(SINGLE, points=0.75, origin="data/quizzes/w.csv:3")
    (problem,) = export_problems([question])
    assert (str(problem.path), problem.line) == ("data/quizzes/w.csv", 3)
    assert "whole or half points" in problem.expected


# ---------------------------------------------------------------------------
# jupyterquiz: escaped text, no give-away feedback
# ---------------------------------------------------------------------------

def jaxify(strings: list[str]) -> list[str]:
    import jupyterquiz

    helpers = Path(jupyterquiz.__file__).parent / "js" / "helpers.js"
    run = subprocess.run(["node", str(ROOT / "tests" / "js" / "jaxify.js"), str(helpers)],
                         input=json.dumps(strings), capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def all_strings(data) -> list[str]:
    if isinstance(data, dict):
        return [s for v in data.values() for s in all_strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in all_strings(v)]
    return [data] if isinstance(data, str) else []


def test_jupyterquiz_text_makes_no_links_or_maths():
    data = jq.quiz_to_jupyterquiz(hostile_quiz())
    shown_html = jaxify([s for q in data for key in ("question",) for s in [q[key]]]
                        + [a["feedback"] for q in data for a in q["answers"]])
    for text in shown_html:
        assert "<a " not in text and "href" not in text
        assert "\\(" not in text and "\\[" not in text
        assert "<b>bold" not in text
    assert "tex2jax_ignore" in data[0]["question"]


def test_jupyterquiz_wrong_choice_feedback_does_not_reveal_the_answer():
    (single,) = jq.quiz_to_jupyterquiz(sample_quiz(SINGLE))
    right = SINGLE.option_text(SINGLE.answers[0])
    for answer in single["answers"]:
        if not answer["correct"]:
            assert right not in html.unescape(answer["feedback"])
            assert html.unescape(re.sub(r"<[^>]+>", "", answer["answer"])) in html.unescape(
                answer["feedback"])
    (revealing,) = jq.quiz_to_jupyterquiz(sample_quiz(SINGLE), reveal=True)
    assert all(right in html.unescape(a["feedback"]) for a in revealing["answers"])


def test_jupyterquiz_split_matching_feedback_names_only_its_item():
    for item, pair in zip(jq.quiz_to_jupyterquiz(sample_quiz(MATCHING)), MATCHING.pairs,
                          strict=True):
        text = html.unescape(" ".join(a["feedback"] for a in item["answers"]))
        others = [MATCHING.option_text(p.answer) for p in MATCHING.pairs if p is not pair]
        assert not any(f"{p.prompt}:" in text for p in MATCHING.pairs if p is not pair)
        assert not any(f"'{o}' is one" in text for o in others)


# ---------------------------------------------------------------------------
# Control characters: reported by check, never written
# ---------------------------------------------------------------------------

SOFT_BREAK = edited(SINGLE, prompt="Where does psoas\x0bmajor insert?",
                    origin="data/quizzes/week3.csv:7")


def test_check_names_file_line_column_and_character():
    (problem,) = export_problems([SOFT_BREAK])
    assert (str(problem.path), problem.line, problem.column) == (
        "data/quizzes/week3.csv", 7, "question")
    assert "U+000B" in str(problem) and "character 17" in str(problem)


@pytest.mark.parametrize("name", list(FORMATS))
def test_exports_clean_control_characters_and_say_so(tmp_path, name):
    path = tmp_path / f"quiz{FORMATS[name].suffix}"
    result = export_quiz(sample_quiz(SOFT_BREAK, MULTIPLE), name, path)
    assert any("control characters removed" in n and "week3.csv:7" in n for n in result.notes)
    data = path.read_bytes()
    if name == "canvas":
        data = b"".join(zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist())
    if name == "anki":
        database = tmp_path / "collection.anki2"
        database.write_bytes(zipfile.ZipFile(path).read("collection.anki2"))
        with sqlite3.connect(database) as connection:
            fields = [row[0] for row in connection.execute("select flds from notes")]
        connection.close()
        data = "".join(fields).encode()
        assert b"major insert" in data
    assert b"\x0b" not in data
    if name == "moodle-xml":
        ET.fromstring(data)


# ---------------------------------------------------------------------------
# Every format takes the hostile quiz; a clean check means every export works
# ---------------------------------------------------------------------------

def test_a_bank_that_checks_clean_exports_to_every_format(tmp_path):
    quiz = hostile_quiz()
    assert export_problems(quiz.questions) == []
    for name, spec in FORMATS.items():
        export_quiz(quiz, name, tmp_path / f"quiz{spec.suffix}")
    ET.fromstring((tmp_path / "quiz.xml").read_bytes())
    gift_pegjs((tmp_path / "quiz.gift").read_text(encoding="utf-8"))


def test_anki_leaves_nothing_in_the_temp_folder(tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    export_quiz(hostile_quiz(), "anki", tmp_path / "quiz.apkg")
    assert list(scratch.iterdir()) == []
    assert zipfile.ZipFile(tmp_path / "quiz.apkg").read("collection.anki2")[:15] == (
        b"SQLite format 3")


def test_quiz_check_runs_the_export_constraints(tmp_path, capsys):
    from psoas_edu.cli import main

    source = (ROOT / "data" / "quizzes" / "iliopsoas_basics.csv").read_text(encoding="utf-8")
    lines = source.splitlines(keepends=True)
    assert " end on the femur" in lines[1]
    lines[1] = lines[1].replace(" end on the femur", " \x0bend on the femur")
    bank = tmp_path / "week3.csv"
    bank.write_text("".join(lines), encoding="utf-8")
    assert main(["quiz", "check", str(bank)]) == 1
    error = capsys.readouterr().err
    assert "week3.csv:2 column 'question'" in error
    assert "U+000B (a soft line break, as Word and PowerPoint paste it) at character 25" in error
    assert "Traceback" not in error


# ---------------------------------------------------------------------------
# Random hostile text, many at once, through each reader
# ---------------------------------------------------------------------------

ALPHABET = list("ab ~=#{}:\\-><&\"'$[]()*_`|!.+%/\n") + [
    "->", "\\n", "::", "####", "é", "[html]", "[plain]", "//", "&amp;"]


def random_texts(count: int, seed: int) -> list[str]:
    import random

    rng = random.Random(seed)
    texts = []
    while len(texts) < count:
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 40)))
        # Leading/trailing spaces and blank lines are not kept by any LMS text field.
        text = "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
        if re.search(r"[a-z0-9]", text) and text not in texts:
            texts.append(text)
    return texts


def random_quiz(seed: int) -> Quiz:
    texts = random_texts(60, seed)
    questions = []
    for index in range(0, 60, 3):
        prompt, right, wrong = texts[index:index + 3]
        questions.append(edited(SINGLE, id=f"r{index}", prompt=prompt, options=(
            Option("a", right), Option("b", "y " + wrong))))
    return sample_quiz(*questions)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_text_round_trips_through_gift_pegjs(seed):
    quiz = random_quiz(seed)
    parsed = {q["title"]: q for q in gift_pegjs(quiz_to_gift(quiz))}
    for question in quiz:
        got = parsed[question.id]
        assert got["type"] == "MC"
        # The parser folds runs of spaces, as Moodle shows them.
        assert got["stem"]["text"] == question.prompt
        assert [plain(c["text"]) for c in got["choices"]] == [o.text for o in question.options]


@pytest.mark.parametrize("seed", [1, 2])
def test_random_text_round_trips_through_text2qti(seed):
    quiz = random_quiz(seed)
    items = canvas_items(quiz)
    assert len(items) == len(quiz)
    for item, question in zip(items, quiz, strict=True):
        shown = html.unescape(re.sub(r"<[^>]+>", "", item.find(f".//{QTI}mattext").text))
        assert " ".join(shown.split()) == " ".join(question.prompt.split())


@pytest.mark.parametrize("seed", [1, 2])
def test_random_text_stays_text_in_moodle_xml_and_jupyterquiz(seed):
    quiz = random_quiz(seed)
    root = ET.fromstring(quiz_to_moodle_xml(quiz))
    texts = [q.find("questiontext/text").text for q in root.iter("question")
             if q.get("type") != "category"]
    assert [html.unescape(t.removeprefix("<p>").removesuffix("</p>")) for t in texts] == [
        q.prompt for q in quiz]
    data = jq.quiz_to_jupyterquiz(quiz)
    for shown_html, question in zip(jaxify([q["question"] for q in data]), quiz, strict=True):
        assert "<a " not in shown_html and "\\(" not in shown_html
        assert html.unescape(re.sub(r"<[^>]+>", "", shown_html.replace("<br>", "\n"))) == (
            question.prompt)


def test_anki_imports_hostile_text_as_written(tmp_path):
    from anki.collection import Collection, ImportAnkiPackageRequest

    path = export_quiz(hostile_quiz(), "anki", tmp_path / "quiz.apkg").path
    folder = tmp_path / "anki"
    folder.mkdir()
    collection = Collection(str(folder / "collection.anki2"))
    try:
        collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(path)))
        notes = {html.unescape(n["Id"]): n for n in
                 (collection.get_note(i) for i in collection.find_notes(""))}
    finally:
        collection.close()
    assert html.unescape(notes[SINGLE.id]["Prompt"]) == NASTY
    assert LONG in html.unescape(notes[SINGLE.id]["Choices"])


def test_a_literal_star_is_not_a_moodle_wildcard():
    xml_answers = [a.findtext("text") for a in ET.fromstring(
        quiz_to_moodle_xml(sample_quiz(HOSTILE_SHORT))).iter("answer")]
    assert "a\\*b" in xml_answers and "a*b" not in xml_answers
    (short,) = gift_pegjs(quiz_to_gift(sample_quiz(HOSTILE_SHORT)))
    gift_answers = [c["text"]["text"] for c in short["choices"]]
    assert "a\\*b" in gift_answers and "a*b" not in gift_answers


def test_a_built_quiz_keeps_its_points_in_canvas():
    from psoas_edu.quiz.generate import build_quiz

    quiz = build_quiz(n=40, seed=3)
    assert sum(item_points(i) for i in canvas_items(quiz)) == pytest.approx(quiz.points)


def test_canvas_matching_whose_points_cannot_split_becomes_one_pairing_question():
    question = edited(MATCHING, points=1.0)  # 3 items, 2 half points
    (item,) = canvas_items(sample_quiz(question))
    assert item_points(item) == 1.0
    kinds = [f.findtext(f"{QTI}fieldentry") for f in item.iter(f"{QTI}qtimetadatafield")
             if f.findtext(f"{QTI}fieldlabel") == "question_type"]
    assert kinds == ["multiple_answers_question"]
    choices = [html.unescape(re.sub(r"<[^>]+>", "", m.text or ""))
               for label in item.iter(f"{QTI}response_label") for m in label.iter(f"{QTI}mattext")]
    assert len(choices) == len(MATCHING.pairs) * len(MATCHING.options)
    assert "Psoas minor: Pectineal line" in choices


def test_export_all_draws_each_diagram_once_and_loads_the_facts_once(tmp_path, monkeypatch):
    from quiz_samples import LABEL

    from psoas_edu.export import common
    from psoas_edu.export.registry import export_all
    from psoas_edu.facts import atlas as atlas_module

    drawn, loads = [], []
    monkeypatch.setattr(common, "_PNG_CACHE", type(common._PNG_CACHE)())
    real_draw, real_load = common._draw_png, atlas_module.load_atlas
    monkeypatch.setattr(common, "_draw_png",
                        lambda q, **kw: drawn.append(q.id) or real_draw(q, **kw))
    monkeypatch.setattr(atlas_module, "load_atlas",
                        lambda *a, **kw: loads.append(1) or real_load(*a, **kw))
    second = edited(LABEL, id="ld_second")
    export_all(sample_quiz(LABEL, second, SINGLE), tmp_path)
    assert sorted(drawn) == ["ld_attachments", "ld_second"]
    assert len(loads) == 1


def test_a_changed_data_file_draws_the_diagram_again(tmp_path, monkeypatch):
    from quiz_samples import LABEL

    from psoas_edu.export import common

    drawn = []
    monkeypatch.setattr(common, "_PNG_CACHE", type(common._PNG_CACHE)())
    real_draw = common._draw_png
    monkeypatch.setattr(common, "_draw_png",
                        lambda q, **kw: drawn.append(q.id) or real_draw(q, **kw))
    stamps = iter([(("muscles.csv", 1, 1),), (("muscles.csv", 1, 1),), (("muscles.csv", 2, 2),)])
    monkeypatch.setattr(common, "_data_stamp", lambda: next(stamps))
    for _ in range(3):
        common.diagram_pngs(sample_quiz(LABEL))
    assert drawn == [LABEL.id, LABEL.id]


def _bank_row(bank: Path, old: str, new: str) -> None:
    source = (ROOT / "data" / "quizzes" / "iliopsoas_basics.csv").read_text(encoding="utf-8")
    lines = source.splitlines(keepends=True)
    assert old in lines[1]
    lines[1] = lines[1].replace(old, new)
    bank.write_text("".join(lines), encoding="utf-8")


def test_quiz_check_reports_every_problem_of_a_row_at_once(tmp_path, capsys):
    from psoas_edu.cli import main

    bank = tmp_path / "week3.csv"
    _bank_row(bank, " end on the femur", " \x0bend on the femur")
    text = bank.read_text(encoding="utf-8").replace(",single_choice,", ",multi_answer,", 1)
    bank.write_text(text, encoding="utf-8")
    assert main(["quiz", "check", str(bank)]) == 1
    error = capsys.readouterr().err
    assert "week3.csv:2 column 'type': got 'multi_answer'" in error
    assert "week3.csv:2 column 'question': got U+000B" in error


def test_quiz_check_runs_export_rules_on_a_row_with_other_problems(tmp_path, capsys):
    from psoas_edu.cli import main

    options = "|".join(f"option {i}" for i in range(22))
    header = ("id,topic,type,question,options,answer,explanation,source,difficulty\n")
    row = (f"many_right,anatomy,multiple_answer,Which?,{options},"
           f"{options.rsplit('|', 1)[0]},Because.,gray1918,tricky\n")
    bank = tmp_path / "week3.csv"
    bank.write_text(header + row, encoding="utf-8")
    assert main(["quiz", "check", str(bank)]) == 1
    error = capsys.readouterr().err
    assert "week3.csv:2 column 'difficulty': got 'tricky'" in error
    assert "21 right options" in error and "week3.csv:2" in error
