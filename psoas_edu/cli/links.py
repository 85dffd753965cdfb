"""``psoas-edu links``: the links a teacher hands out for their copy of the course.

Binder opens a public GitHub repository by owner and name, and nbgitpuller copies a
repository into each student's home on a JupyterHub; both links need the address of
the teacher's own copy, so they are built from it (by default, the ``origin`` remote
of the checkout the command runs in) rather than written by hand.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

__all__ = ["course_links", "github_repo", "hub_address", "register"]

CONTENTS = "notebooks/00_start_here.ipynb"
QUIZ_APP = "notebooks/app/quiz_app.ipynb"

#: https://github.com/owner/name(.git), git@github.com:owner/name(.git), owner/name.
_GITHUB = re.compile(r"^(?:(?:https?://|ssh://git@)github\.com/|git@github\.com:)?"
                     r"(?P<owner>[A-Za-z0-9][A-Za-z0-9-]*)/(?P<name>[A-Za-z0-9._-]+?)"
                     r"(?:\.git)?/?$")


def github_repo(address: str) -> tuple[str, str] | None:
    """``(owner, name)`` of a GitHub repository address, or ``None`` if it is not one."""
    match = _GITHUB.match(address.strip())
    return (match["owner"], match["name"]) if match else None


def hub_address(text: str) -> tuple[str, str]:
    """A JupyterHub's address with its scheme, and a note when ``https://`` was added.

    ``hub.example.edu`` becomes ``https://hub.example.edu`` (hubs serve HTTPS);
    ``http://`` is kept as written.

    Raises
    ------
    ValueError
        Not a web address (another scheme, spaces, no host, a query).
    """
    address = text.strip()
    note = ""
    if "://" not in address:
        address = "https://" + address
        note = f"--hub {text.strip()!r} has no scheme; using {address}"
    parts = urlsplit(address)
    if (parts.scheme not in ("https", "http") or not parts.hostname or parts.query
            or parts.fragment or re.search(r"\s", address)):
        raise ValueError(f"--hub: got {text!r}; expected the hub's web address, e.g. "
                         "https://hub.example.edu")
    return address, note


def course_links(owner: str, name: str, *, branch: str = "main",
                 hub: str | None = None) -> dict[str, str]:
    """The Binder links (course and quiz app) and, given a hub's address, the
    nbgitpuller link, by what each opens."""
    binder = f"https://mybinder.org/v2/gh/{quote(owner)}/{quote(name)}/{quote(branch)}"
    links = {
        "Binder, the course in JupyterLab": f"{binder}?urlpath=lab/tree/{CONTENTS}",
        "Binder, the quiz app alone": f"{binder}?urlpath=voila/render/{QUIZ_APP}",
    }
    if hub:
        query = urlencode({"repo": f"https://github.com/{owner}/{name}", "branch": branch,
                           "urlpath": f"lab/tree/{name}/{CONTENTS}"})
        links["JupyterHub (nbgitpuller), the course copied into each student's home"] = (
            f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}")
    return links


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "links", help="print the Binder and JupyterHub links for your copy of the course",
        description="Print the links to hand out: Binder (the course, the quiz app) and, "
                    "with --hub, an nbgitpuller link for a JupyterHub. The repository is "
                    "the checkout's 'origin' remote unless --repo names it.")
    parser.add_argument("--repo", help="your GitHub copy: https://github.com/OWNER/NAME "
                                       "or OWNER/NAME (default: the 'origin' remote)")
    parser.add_argument("--branch", default="main", help="branch to open (default main; "
                                                         "the student version's branch "
                                                         "if you publish one)")
    parser.add_argument("--hub", help="your JupyterHub's address, e.g. "
                                      "https://hub.example.edu")
    parser.set_defaults(run=_links)


def _links(args: argparse.Namespace) -> int:
    address = args.repo or _origin()
    if not address:
        print("psoas-edu links: this folder has no git remote 'origin'; name your copy "
              "with --repo https://github.com/OWNER/NAME", file=sys.stderr)
        return 1
    repo = github_repo(address)
    if repo is None:
        print(f"psoas-edu links: {address!r} is not a GitHub repository; expected "
              "https://github.com/OWNER/NAME or OWNER/NAME (Binder's links here are for "
              "GitHub)", file=sys.stderr)
        return 1
    hub = None
    if args.hub is not None:
        try:
            hub, note = hub_address(args.hub)
        except ValueError as error:
            print(f"psoas-edu links: {error}", file=sys.stderr)
            return 1
        if note:
            print(f"psoas-edu links: note: {note}", file=sys.stderr)
    for label, url in course_links(*repo, branch=args.branch, hub=hub).items():
        print(f"{label}:\n  {url}")
    return 0


def _origin() -> str | None:
    try:
        done = subprocess.run(["git", "remote", "get-url", "origin"], capture_output=True,
                              text=True, cwd=Path.cwd(), check=False)
    except OSError:  # no git on this machine
        return None
    return done.stdout.strip() or None
