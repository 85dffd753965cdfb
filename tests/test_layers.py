"""The package's layers are enforced by import-linter, and the contract can fail."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def run_lint_imports(project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120)


def copy_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "psoas_edu", project / "psoas_edu",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", project)
    return project


def test_the_real_package_keeps_its_layers(tmp_path):
    result = run_lint_imports(copy_project(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_a_facts_module_importing_from_quiz_breaks_the_contract(tmp_path):
    project = copy_project(tmp_path)
    lookup = project / "psoas_edu" / "facts" / "lookup.py"
    lookup.write_text(lookup.read_text() + "\nfrom ..quiz.model import Question  # noqa\n")
    result = run_lint_imports(project)
    assert result.returncode != 0
    assert "psoas_edu.facts.lookup -> psoas_edu.quiz.model" in result.stdout
