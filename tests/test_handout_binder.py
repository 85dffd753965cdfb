"""The handout as Binder, a JupyterHub image and a plain ``pip install .`` see it.

repo2docker reads the handout's ``environment.yml`` (``--no-build`` prints the
Dockerfile without a Docker engine); a non-editable install puts the package
in site-packages, away from the handout's ``data/``, and must still find it.
"""

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from psoas_edu.course.student_version import build_student_version

CHECKOUT = Path(__file__).resolve().parents[1]


def _repo2docker() -> str | None:
    local = Path(sys.executable).parent / "repo2docker"
    return str(local) if local.exists() else shutil.which("repo2docker")


@pytest.fixture(scope="module")
def handout(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("class") / "handout"
    build_student_version(folder)
    return folder


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement.strip(), maxsplit=1)[0].lower()


def test_handout_environment_pins_python_and_lists_what_students_need(handout):
    environment = yaml.safe_load((handout / "environment.yml").read_text(encoding="utf-8"))
    course = yaml.safe_load((CHECKOUT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in environment["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    python = [d for d in course["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert python and python[0].split("#")[0].strip() in conda
    assert "-e ." in pip
    project = tomllib.loads((CHECKOUT / "pyproject.toml").read_text(encoding="utf-8"))
    needed = {_name(d) for d in project["project"]["dependencies"]}
    listed = {_name(d) for d in conda + pip if not d.startswith("-e")} - {"python", "pip"}
    assert listed == needed
    assert environment["channels"] == course["channels"]


@pytest.mark.skipif(_repo2docker() is None, reason="jupyter-repo2docker is not installed "
                                                   "(it is in the test extra)")
def test_repo2docker_builds_the_handout_with_the_course_python(handout):
    run = subprocess.run([_repo2docker(), "--no-build", "--debug", str(handout)],
                         capture_output=True, text=True, timeout=120)
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-2000:]
    assert "Building conda environment for python=3.11" in out
    assert "Python version unspecified" not in out
    assert '--file "environment.yml"' in out


def _plain_install(handout: Path, target: Path) -> dict[str, str]:
    """``pip install .`` of a copy of the handout into ``target`` (no dependencies)."""
    source = target.parent / "source"
    shutil.copytree(handout, source)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-compile", "--target", str(target),
                    str(source)], check=True, capture_output=True, timeout=300)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHONPATH", "PSOAS"))}
    env["PYTHONPATH"] = str(target)
    return env


def test_a_plain_install_finds_the_handout_data_from_the_handout(handout, tmp_path):
    env = _plain_install(handout, tmp_path / "site-packages")
    script = ("import psoas_edu as pe, pathlib; print(pe.__file__); "
              "print(pe.default_data_dir()); print(len(pe.load_atlas().muscles))")
    for cwd in (handout, handout / "notebooks"):
        run = subprocess.run([sys.executable, "-P", "-c", script], cwd=cwd, env=env,
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr[-2000:]
        package, data, muscles = run.stdout.splitlines()
        assert Path(package).is_relative_to(tmp_path / "site-packages")
        assert Path(data) == handout / "data"
        assert int(muscles) > 0
    installed = tmp_path / "site-packages" / "psoas_edu" / "quiz"
    assert (installed / "widget.js").is_file() and (installed / "widget.css").is_file()


def test_no_data_folder_names_psoas_edu_data_and_the_places_looked_in(handout, tmp_path):
    env = _plain_install(handout, tmp_path / "site-packages")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = subprocess.run([sys.executable, "-m", "psoas_edu", "check"], cwd=elsewhere, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "PSOAS_EDU_DATA" in run.stderr
    assert str(tmp_path / "site-packages" / "data") in run.stderr
    assert str(elsewhere) in run.stderr
    env["PSOAS_EDU_DATA"] = str(handout / "data")
    run = subprocess.run([sys.executable, "-m", "psoas_edu", "check"], cwd=elsewhere, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
