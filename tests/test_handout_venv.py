"""The handout stands alone: installed into a fresh venv, its notebooks run and leak nothing.

The venv is made from the base interpreter without system site-packages, the
commands run with a scrubbed environment (no PYTHONPATH, no Jupyter or data
folders of the instructor's), from inside the handout, and pip installs from
the machine's package index. The test then checks that the package and the
facts the kernel uses are the handout's own.
"""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from psoas_edu.course.student_version import build_student_version, default_notebooks_dir

pytestmark = pytest.mark.handout

CHECKOUT = Path(__file__).resolve().parents[1]


def clean_env(tmp: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "JUPYTER", "VIRTUAL_ENV", "PSOAS", "MPL", "IPYTHON"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if str(CHECKOUT) not in p and ".venv" not in p)
    for name in ("CONFIG", "DATA", "RUNTIME"):
        (tmp / f"jupyter-{name.lower()}").mkdir()
        env[f"JUPYTER_{name}_DIR"] = str(tmp / f"jupyter-{name.lower()}")
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["HOME"] = str(tmp)
    env["IPYTHONDIR"] = str(tmp / "ipython")
    return env


def run(command: list[str], *, cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stderr[-3000:]}"
    return result.stdout


def test_handout_installs_and_runs_in_a_fresh_venv(tmp_path):
    handout = tmp_path / "handout"
    version = build_student_version(handout)
    env = clean_env(tmp_path)
    venv = tmp_path / "venv"
    run([sys._base_executable, "-m", "venv", str(venv)], cwd=tmp_path, env=env)
    # --no-compile: imports write bytecode for the modules they use, not for all of them.
    run([str(venv / "bin" / "pip"), "install", "--quiet", "--no-compile", "-r", "requirements.txt"],
        cwd=handout, env=env)

    where = run([str(venv / "bin" / "python"), "-c",
                 "import sys, psoas_edu as pe; print(pe.__file__); print(pe.default_data_dir());"
                 "print(len(pe.load_bank())); print('\\n'.join(sys.path))"],
                cwd=tmp_path, env=env).splitlines()
    package, data, bank_size, *path = where
    assert Path(package).is_relative_to(handout)
    assert Path(data) == handout / "data"
    assert bank_size == "0"
    assert not [entry for entry in path
                if Path(entry).is_absolute() and Path(entry).resolve().is_relative_to(CHECKOUT)]

    notebooks = sorted(p.relative_to(handout / "notebooks").as_posix()
                       for p in (handout / "notebooks").rglob("*.ipynb"))
    assert notebooks == sorted(n.name for n in version.notebooks if not n.left_out)
    run([str(venv / "bin" / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
         "--output-dir", str(tmp_path / "ran"), *notebooks],
        cwd=handout / "notebooks", env=env)
    for name in notebooks:
        ran = json.loads((tmp_path / "ran" / Path(name).name).read_text(encoding="utf-8"))
        errors = [o for c in ran["cells"] for o in c.get("outputs", [])
                  if o["output_type"] == "error"]
        assert errors == [], f"{name}: {errors[:1]}"
        assert any(c.get("outputs") for c in ran["cells"]), f"{name} shows nothing"


def test_handout_holds_no_bank_answers_and_no_solutions(tmp_path):
    handout = tmp_path / "handout"
    build_student_version(handout)
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in handout.rglob("*") if p.is_file())
    bank = CHECKOUT / "data" / "quizzes"
    rows = [row for file in bank.glob("*.csv")
            for row in csv.DictReader(file.read_text(encoding="utf-8").splitlines())]
    assert rows, "the course has a sample bank to check against"
    for row in rows:
        assert row["question"] not in text
        assert row["explanation"] not in text
    assert sorted(p.name for p in (handout / "data" / "quizzes").iterdir()) == ["README.md"]
    # A solution may quote a fact from data/ word for word, and tables show those facts; facts
    # are not answers, so leaked solutions are searched for in what the handout's authors
    # wrote (cell sources and texts), not in its data or the tables drawn from it.
    written = [p.read_text(encoding="utf-8") for p in handout.rglob("*.md")]
    for notebook in handout.rglob("*.ipynb"):
        written += ["".join(c["source"]) for c in
                    json.loads(notebook.read_text(encoding="utf-8"))["cells"]]
    notebook_text = "\n".join(written)
    for source in default_notebooks_dir().rglob("*.ipynb"):
        for cell in json.loads(source.read_text(encoding="utf-8"))["cells"]:
            if {"solution", "answer-key"} & set(cell.get("metadata", {}).get("tags", [])):
                body = "".join(cell["source"]).strip().splitlines()
                assert max(body, key=len) not in notebook_text, f"{source.name}: solution leaked"
