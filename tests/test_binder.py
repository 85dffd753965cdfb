"""The course as Binder and a JupyterHub build it: repo2docker reads environment.yml.

``repo2docker --no-build --debug`` prints the Dockerfile it would build without a
Docker engine, so it shows which environment file and which Python it picked.
The README's Binder and nbgitpuller links must open notebooks that exist.
"""

import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _repo2docker() -> str | None:
    local = Path(sys.executable).parent / "repo2docker"
    return str(local) if local.exists() else shutil.which("repo2docker")


@pytest.mark.skipif(_repo2docker() is None, reason="jupyter-repo2docker is not installed "
                                                   "(it is in the test extra)")
def test_repo2docker_builds_the_conda_environment_with_the_declared_python(tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "build", "*.pyc", ".*_cache"))
    run = subprocess.run([_repo2docker(), "--no-build", "--debug", str(copy)],
                         capture_output=True, text=True, timeout=120)
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-2000:]
    assert "Building conda environment for python=3.11" in out
    assert "Python version unspecified" not in out
    assert '--file "environment.yml"' in out  # the top-level file, not a binder/ folder


def test_the_readme_links_for_binder_and_jupyterhub_open_existing_notebooks():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Teaching a class with this course", 1)[1].split("\n## ", 1)[0]
    for heading in ("own laptops", "JupyterHub", "Binder"):
        assert heading.lower() in section.lower()
    binder = re.findall(r"https://mybinder\.org/v2/gh/[^\s)\]`]+", readme)
    pulls = re.findall(r"https://[^\s)\]]+/hub/user-redirect/git-pull\?[^\s)\]`]+", readme)
    assert binder and pulls
    for link in binder + pulls:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
        path = query["urlpath"][0]
        notebook = re.sub(r"^(lab/tree|voila/render)/(psoas-edu/)?", "", path)
        assert (ROOT / notebook).is_file(), link
