"""build_quiz's selection: include, exclude, bank_only, focus, stability and review."""

from __future__ import annotations

import shutil

import pytest

from psoas_edu import load_atlas
from psoas_edu.cli.main import main
from psoas_edu.quiz.bank import default_bank_dir, load_bank
from psoas_edu.quiz.generate import build_quiz


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def test_include_pins_and_exclude_leaves_out(atlas):
    quiz = build_quiz(n=8, seed=3, atlas=atlas)
    dropped = quiz.questions[0].id
    pinned = "gen_roots_sartorius"
    again = build_quiz(n=8, seed=3, atlas=atlas, exclude=[dropped], include=[pinned])
    ids = [q.id for q in again]
    assert len(again) == 8 and dropped not in ids and ids[0] == pinned
    with pytest.raises(ValueError, match="cannot include question 'gen_nope'"):
        build_quiz(n=3, atlas=atlas, include=["gen_nope"])


def test_the_exclusion_file_is_read(atlas, tmp_path):
    folder = tmp_path / "bank"
    shutil.copytree(default_bank_dir(), folder)
    first = build_quiz(n=6, seed=2, atlas=atlas, bank=folder)
    (folder / "exclude.txt").write_text(f"# reviewed\n{first.questions[0].id}  # wrong\n")
    assert first.questions[0].id not in {q.id for q in build_quiz(n=6, seed=2, atlas=atlas,
                                                                   bank=folder)}


def test_adding_a_bank_file_on_another_topic_changes_no_quiz(atlas, tmp_path):
    folder = tmp_path / "bank"
    shutil.copytree(default_bank_dir(), folder)
    before = [q.id for q in build_quiz(topic="innervation", n=8, seed=5, atlas=atlas,
                                       bank=folder)]
    (folder / "week3.csv").write_text(
        "id,topic,type,question,options,answer,explanation,source\n"
        "w3_1,week3,true_false,Psoas major flexes the hip.,,true,It does.,gray1918\n")
    assert len(load_bank(folder, atlas=atlas)) > 0
    after = [q.id for q in build_quiz(topic="innervation", n=8, seed=5, atlas=atlas,
                                      bank=folder)]
    assert before == after


def test_bank_only_and_a_clear_error_when_too_few(atlas):
    bank = build_quiz(n=2, seed=0, atlas=atlas, bank_only=True)
    assert all(q.template == "bank" for q in bank)
    with pytest.raises(ValueError, match=r"only \d+ distinct questions exist .* in the bank"):
        build_quiz(n=500, atlas=atlas, bank_only=True)


def test_focus_weights_the_iliopsoas(atlas):
    iliopsoas = {"psoas_major", "psoas_minor", "iliacus"}

    def share(focus):
        hits = total = 0
        for seed in range(15):
            for q in build_quiz(n=10, seed=seed, atlas=atlas, focus=focus):
                total += 1
                hits += bool(iliopsoas & set(q.muscle_ids))
        return hits / total

    assert share(("iliopsoas",)) > share(()) + 0.1


def test_review_lists_every_question_with_its_key(tmp_path, capsys):
    out = tmp_path / "review.md"
    assert main(["quiz", "review", "--topic", "relations", "--out", str(out)]) == 0
    page = out.read_text()
    assert "`gen_blood_supply_psoas_major`" in page and "**Feedback:**" in page
    assert "- [x] **" in page and "**Source:**" in page
    assert main(["quiz", "review", "--topic", "nope"]) == 1
    assert "unknown topic 'nope'" in capsys.readouterr().err
