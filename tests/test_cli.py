import subprocess
import sys

from conftest import edit_cell

from psoas_edu.cli import main


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "psoas_edu", *args],
                          capture_output=True, text=True, check=False)


def test_check_passes_on_course_data(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: ")
    assert " muscles" in out and " actions" in out


def test_check_reports_problems_without_traceback(data_copy):
    line = edit_cell(data_copy / "innervation.csv", {"muscle_id": "iliacus"}, "roots", "L2-L9")
    result = run_module("check", str(data_copy))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "1 problem found:"
    assert lines[1].startswith(f"  {data_copy}/innervation.csv:{line} column 'roots': got 'L2-L9'")


def test_check_on_a_missing_folder(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope")]) == 1
    assert "got no such folder; expected a folder of CSV files" in capsys.readouterr().err


def test_help_lists_commands():
    result = run_module("--help")
    assert result.returncode == 0
    assert "check" in result.stdout
