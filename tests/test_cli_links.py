"""``psoas-edu links``: Binder and nbgitpuller links built from the teacher's own copy."""

from __future__ import annotations

import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest

from psoas_edu.cli.links import course_links, github_repo
from psoas_edu.cli.main import main


@pytest.mark.parametrize("address", [
    "https://github.com/ana-lopez/psoas-edu", "https://github.com/ana-lopez/psoas-edu.git",
    "git@github.com:ana-lopez/psoas-edu.git", "ana-lopez/psoas-edu",
    "ssh://git@github.com/ana-lopez/psoas-edu"])
def test_github_addresses_in_every_spelling(address):
    assert github_repo(address) == ("ana-lopez", "psoas-edu")


@pytest.mark.parametrize("address", ["https://gitlab.com/a/b", "psoas-edu", "/home/a/psoas"])
def test_other_addresses_are_not_github(address):
    assert github_repo(address) is None


def test_links_open_the_contents_page_and_the_app_on_the_branch():
    links = course_links("ana-lopez", "anatomy-2027", branch="students",
                         hub="https://hub.uni.example/")
    binder, app, hub = links.values()
    assert binder == ("https://mybinder.org/v2/gh/ana-lopez/anatomy-2027/students"
                      "?urlpath=lab/tree/notebooks/00_start_here.ipynb")
    assert app.endswith("/students?urlpath=voila/render/notebooks/app/quiz_app.ipynb")
    parts = urlsplit(hub)
    assert (parts.netloc, parts.path) == ("hub.uni.example", "/hub/user-redirect/git-pull")
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    # nbgitpuller clones into a folder named like the repository.
    assert query == {"repo": "https://github.com/ana-lopez/anatomy-2027",
                     "branch": "students",
                     "urlpath": "lab/tree/anatomy-2027/notebooks/00_start_here.ipynb"}


def test_the_command_reads_the_origin_remote(tmp_path, monkeypatch, capsys):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin",
                    "git@github.com:ana-lopez/psoas-edu.git"], check=True)
    monkeypatch.chdir(tmp_path)
    assert main(["links"]) == 0
    out = capsys.readouterr().out
    assert "https://mybinder.org/v2/gh/ana-lopez/psoas-edu/main?urlpath=lab/tree/" in out
    assert "OWNER" not in out and "git-pull" not in out  # no hub named, no hub link


def test_without_a_remote_or_with_another_host_it_says_what_to_pass(tmp_path, monkeypatch,
                                                                     capsys):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    monkeypatch.chdir(tmp_path)
    assert main(["links"]) == 1
    assert "--repo https://github.com/OWNER/NAME" in capsys.readouterr().err
    assert main(["links", "--repo", "https://gitlab.com/a/b"]) == 1
    err = capsys.readouterr().err
    assert "'https://gitlab.com/a/b' is not a GitHub repository" in err


def test_a_hub_without_a_scheme_gets_https_with_a_note(capsys):
    assert main(["links", "--repo", "ana-lopez/psoas-edu", "--hub", "hub.example.edu"]) == 0
    captured = capsys.readouterr()
    (pull,) = [line.strip() for line in captured.out.splitlines() if "git-pull" in line]
    parts = urlsplit(pull)
    assert (parts.scheme, parts.netloc) == ("https", "hub.example.edu")
    assert "has no scheme; using https://hub.example.edu" in captured.err


@pytest.mark.parametrize("hub", ["ftp://hub.example.edu", "hub example edu", "https://",
                                 "https://hub.example.edu/?x=1"])
def test_an_address_that_is_no_hub_is_refused(hub, capsys):
    assert main(["links", "--repo", "ana-lopez/psoas-edu", "--hub", hub]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"--hub: got {hub!r}; expected the hub's web address" in captured.err
