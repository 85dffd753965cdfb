"""What an instructor relies on: nothing students see rebuilds the key; matched versions
and per-student groups; ``--all`` is the whole pool; ``--from-ids`` freezes a quiz.

These run the real ``build_quiz`` on the course's facts and bank.
"""

import json
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from psoas_edu.cli import main
from psoas_edu.quiz.model import TRUE_FALSE_OPTIONS, Question

ROOT = Path(__file__).resolve().parent.parent


def read_manifest(path: Path):
    from psoas_edu.cli.manifest import read_manifest

    return read_manifest(path)


def quiz_of(manifest: Path) -> list[str]:
    return list(read_manifest(manifest).ids)


def canvas_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                         if n.endswith(".xml"))


# -- 1. nothing a student sees carries the seed, the topic or a question id -------------

def test_the_paper_and_canvas_never_show_the_seed_or_a_question_id(tmp_path):
    paper = tmp_path / "paper.html"
    canvas = tmp_path / "week3.zip"
    options = ["--topic", "anatomy", "--n", "10", "--seed", "3"]
    assert main(["paper", "--out", str(paper), *options]) == 0
    assert main(["export", "canvas", "--out", str(canvas), *options]) == 0
    for text in (paper.read_text(encoding="utf-8"), canvas_xml(canvas)):
        assert not re.search(r"(?i)\bseed\b", text)
        assert "topic anatomy" not in text
    # HTML ids are opaque: a question id such as gen_identify_muscle_iliacus names its answer.
    page = paper.read_text(encoding="utf-8")
    assert [i for i in quiz_of(tmp_path / "paper.ids.txt") if i in page] == []
    # The title is shown once, as the heading.
    assert paper.read_text(encoding="utf-8").count("Quiz: anatomy</h2>") == 1


def test_the_markdown_paper_shows_no_seed(tmp_path):
    paper = tmp_path / "paper.md"
    assert main(["paper", "--out", str(paper), "--n", "5", "--seed", "3"]) == 0
    assert not re.search(r"(?i)\bseed\b", paper.read_text(encoding="utf-8"))


def test_the_instructors_key_shows_every_question_id(tmp_path):
    for suffix in (".md", ".html"):
        key = tmp_path / f"key{suffix}"
        assert main(["export", "answer-key", "--out", str(key), "--n", "4", "--seed", "2"]) == 0
        text = key.read_text(encoding="utf-8")
        for qid in quiz_of(tmp_path / "key.ids.txt"):
            assert f"Question id: <code>{qid}</code>" in text or f"Question id: `{qid}`" in text


# -- 2. per-student groups: n questions and equal points for everyone ------------------

@pytest.mark.parametrize("fmt, out", [("canvas", "week3.zip"), ("moodle-xml", "week3.xml")])
def test_every_student_gets_n_questions_of_equal_points(tmp_path, fmt, out, capsys):
    # The README's example.
    assert main(["export", fmt, "--out", str(tmp_path / out), "--n", "5", "--per-student", "4",
                 "--topic", "anatomy"]) == 0
    manifest = read_manifest(tmp_path / "week3.ids.txt")
    assert len(manifest.groups) == 5 and all(len(g) == 4 for g in manifest.groups)
    assert len(manifest.ids) == 20  # nothing asked of everyone besides the groups
    from psoas_edu.quiz.generate import build_quiz

    quiz = build_quiz(include=manifest.ids, n=20, seed=manifest.seed)
    for group in manifest.groups:
        kinds = {(quiz[i].type, quiz[i].points) for i in group}
        assert len(kinds) == 1, kinds
        assert next(iter(kinds))[0] not in ("matching", "label_diagram")
    assert "each student gets 5 questions" in capsys.readouterr().out
    if fmt == "canvas":
        xml = canvas_xml(tmp_path / out)
        picks = re.findall(r"<selection_number>(\d+)</selection_number>", xml)
        assert picks == ["1"] * 5
        # Every item is in a group: none is asked of everyone on top of the five.
        assert xml.count("<item ") == 20


# -- 3. --all: every question that matches, none held back -----------------------------

def test_all_exports_every_question_quiz_review_lists(tmp_path, capsys):
    assert main(["quiz", "review", "--out", str(tmp_path / "review.md")]) == 0
    listed = re.findall(r"^## \d+\. `([^`]+)`", (tmp_path / "review.md").read_text("utf-8"),
                        flags=re.MULTILINE)
    excluded = set(re.findall(r"^## \d+\. `([^`]+)` \(excluded\)",
                              (tmp_path / "review.md").read_text("utf-8"), flags=re.MULTILINE))
    assert main(["export", "gift", "--out", str(tmp_path / "all.gift"), "--all"]) == 0
    exported = quiz_of(tmp_path / "all.ids.txt")
    assert sorted(exported) == sorted(set(listed) - excluded)
    assert "none is held back" in capsys.readouterr().out


def test_all_keeps_two_questions_that_share_an_answer(tmp_path):
    from psoas_edu.quiz.selection import conflict_keys

    assert main(["export", "gift", "--out", str(tmp_path / "all.gift"), "--all",
                 "--topic", "innervation"]) == 0
    from psoas_edu.quiz.generate import build_quiz

    ids = quiz_of(tmp_path / "all.ids.txt")
    quiz = build_quiz(include=ids, n=len(ids), seed=0)
    keys = Counter(k for q in quiz for k in conflict_keys(q))
    assert max(keys.values()) > 1  # a sampled quiz would have dropped one of them


# -- 4. a frozen quiz: --from-ids rebuilds it whatever the bank gains --------------------

def _outranking_question(seed: int, topic: str) -> Question:
    from psoas_edu.quiz.selection import rank

    qid = max((f"bank_new_{i}" for i in range(2000)), key=lambda i: rank(seed, i))
    return Question(qid, "true_false", "Is the new question new?", options=TRUE_FALSE_OPTIONS,
                    answers=("true",), topic=topic, explanation="It is.",
                    citation="Gray 1918", template="bank")


def test_from_ids_rebuilds_the_quiz_after_a_new_bank_question(tmp_path, monkeypatch):
    options = ["--topic", "attachments", "--n", "6", "--seed", "3"]
    assert main(["export", "gift", "--out", str(tmp_path / "week3.gift"), *options]) == 0
    before = (tmp_path / "week3.gift").read_text(encoding="utf-8")

    from psoas_edu.quiz import bank

    real = bank.load_bank
    monkeypatch.setattr(bank, "load_bank", lambda *a, **k: (
        *real(*a, **k), _outranking_question(3, "attachments")))
    # Sampled again, the quiz changes: the new question outranks one of its own.
    assert main(["export", "gift", "--out", str(tmp_path / "later.gift"), *options]) == 0
    assert any(i.startswith("bank_new_") for i in quiz_of(tmp_path / "later.ids.txt"))
    # Frozen, it does not.
    assert main(["export", "gift", "--out", str(tmp_path / "again.gift"),
                 "--from-ids", str(tmp_path / "week3.ids.txt")]) == 0
    assert quiz_of(tmp_path / "again.ids.txt") == quiz_of(tmp_path / "week3.ids.txt")

    def body(text: str) -> str:
        return "\n".join(line for line in text.splitlines() if not line.startswith("//"))

    assert body((tmp_path / "again.gift").read_text(encoding="utf-8")) == body(before)


def test_a_second_format_of_one_quiz_shares_its_manifest(tmp_path):
    options = ["--n", "4", "--seed", "9"]
    assert main(["export", "gift", "--out", str(tmp_path / "w.gift"), *options]) == 0
    assert main(["export", "anki", "--out", str(tmp_path / "w.apkg"), *options]) == 0
    # Another quiz under the same name must not silently replace the list.
    assert main(["export", "jupyterquiz", "--out", str(tmp_path / "w.json"), "--n", "4",
                 "--seed", "10"]) == 1
    assert not (tmp_path / "w.json").exists()


@pytest.mark.parametrize("extra, message", [
    (["--topic", "anatomy"], "cannot be combined with --topic"),
    (["--n", "3"], "cannot be combined with --n"),
])
def test_from_ids_refuses_selection_options(tmp_path, extra, message, capsys):
    assert main(["export", "gift", "--out", str(tmp_path / "w.gift"), "--n", "2"]) == 0
    assert main(["export", "gift", "--out", str(tmp_path / "x.gift"), "--from-ids",
                 str(tmp_path / "w.ids.txt"), *extra]) == 1
    assert message in capsys.readouterr().err


def test_a_bad_manifest_line_is_named(tmp_path, capsys):
    manifest = tmp_path / "w.ids.txt"
    manifest.write_text("seed 3\ngen_nerve_iliacus\nnot an id!\n", encoding="utf-8")
    assert main(["export", "gift", "--out", str(tmp_path / "w.gift"),
                 "--from-ids", str(manifest)]) == 1
    err = capsys.readouterr().err
    assert "line 3" in err and "'not an id!'" in err and "Traceback" not in err


# -- 6. paper versions: same count, same points, same mix ------------------------------

def test_paper_versions_have_equal_questions_points_and_mix(tmp_path):
    from psoas_edu.quiz.generate import build_quiz

    assert main(["paper", "--out", str(tmp_path / "exam.html"), "--topic", "anatomy",
                 "--n", "10", "--seed", "3", "--versions", "3"]) == 0
    shapes = []
    seen: set[str] = set()
    for number in (1, 2, 3):
        manifest = read_manifest(tmp_path / f"exam-v{number}.ids.txt")
        quiz = build_quiz(include=manifest.ids, n=len(manifest.ids), seed=manifest.seed)
        shapes.append((len(quiz), quiz.points, sorted(Counter(q.type for q in quiz).items())))
        assert not seen & set(manifest.ids)  # different questions on every version
        seen |= set(manifest.ids)
        page = (tmp_path / f"exam-v{number}.html").read_text(encoding="utf-8")
        assert f"10 questions, {quiz.points:g} points" in page
    assert shapes[0] == shapes[1] == shapes[2]


def test_included_questions_are_on_every_version(tmp_path):
    assert main(["paper", "--out", str(tmp_path / "exam.md"), "--n", "4", "--versions", "2",
                 "--include", "gen_nerve_iliacus"]) == 0
    for number in (1, 2):
        assert "gen_nerve_iliacus" in quiz_of(tmp_path / f"exam-v{number}.ids.txt")


# -- 5. control characters: check fails, exports clean, both say so ---------------------

def test_control_characters_are_cleaned_by_exports_and_failed_by_check(tmp_path, capsys):
    from psoas_edu.export.registry import export_quiz
    from psoas_edu.quiz.model import Quiz

    question = Question("bank_soft", "true_false", "Psoas\x0bmajor is a muscle.",
                        options=TRUE_FALSE_OPTIONS, answers=("true",), explanation="Yes.",
                        citation="Gray 1918", template="bank")
    result = export_quiz(Quiz((question,)), "gift", tmp_path / "q.gift")
    assert "\x0b" not in (tmp_path / "q.gift").read_text(encoding="utf-8")
    assert any("control" in note or "U+000B" in note for note in result.notes)

    source = (ROOT / "data" / "quizzes" / "iliopsoas_basics.csv").read_text(encoding="utf-8")
    lines = source.splitlines(keepends=True)
    lines[1] = lines[1].replace(" end on the femur", " \x0bend on the femur")
    (tmp_path / "week3.csv").write_text("".join(lines), encoding="utf-8")
    assert main(["quiz", "check", str(tmp_path / "week3.csv")]) == 1
    err = capsys.readouterr().err
    assert "an export removes it and says so" in err and "no export can carry" not in err


def test_every_document_says_what_happens_to_a_control_character():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    bank_readme = (ROOT / "data" / "quizzes" / "README.md").read_text(encoding="utf-8")
    guide = "".join("".join(c["source"]) for c in json.loads(
        (ROOT / "notebooks" / "07_instructor_guide.ipynb").read_text("utf-8"))["cells"])
    for text in (readme, bank_readme, guide):
        flat = " ".join(text.split())
        assert "control character" in flat
        assert "removes it and says so" in flat
        assert "quiz check` fails" in flat or "check fails" in flat


# -- 7, 8. handout text and help examples -------------------------------------------------

def test_the_handout_promises_no_makefile_and_no_question_bank():
    from psoas_edu.course.student_version import default_notebooks_dir, student_notebook

    folder = default_notebooks_dir()
    left_out = ["07_instructor_guide.ipynb"]
    for name in ("00_start_here.ipynb", "06_self_study_quiz.ipynb"):
        notebook = json.loads((folder / name).read_text(encoding="utf-8"))
        handed, _ = student_notebook(notebook, left_out=left_out)
        text = "".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                       for c in handed["cells"] if c["cell_type"] == "markdown")
        assert "`make " not in text
        assert "question bank" not in text
        assert "as an instructor" not in text
    # What students keep of a sentence that also spoke to instructors.
    notebook = json.loads((folder / "00_start_here.ipynb").read_text(encoding="utf-8"))
    handed, _ = student_notebook(notebook, left_out=left_out)
    assert "- use the course as a student (study alone, quizzes with instant feedback);" \
        in "".join(handed["cells"][0]["source"])


@pytest.mark.parametrize("command", ["export", "paper"])
def test_help_examples_name_questions_that_exist(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    ids = re.findall(r"--include ([a-z0-9]+_[a-z0-9_,]+)", capsys.readouterr().out)
    assert ids
    from psoas_edu.quiz.generate import build_quiz

    for listed in ids:
        names = tuple(listed.split(","))
        assert {q.id for q in build_quiz(include=names, n=len(names))} == set(names)
