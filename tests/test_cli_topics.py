"""The bank README lists exactly the topics and topic groups the code knows."""

import re
from pathlib import Path

from psoas_edu.quiz.generate import TOPIC_GROUPS, TOPICS

README = Path(__file__).resolve().parents[1] / "data" / "quizzes" / "README.md"


def _table(section: str, first_column: str) -> dict[str, str]:
    """Rows of the Markdown table whose header starts with ``first_column``."""
    lines = section.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_column} |"))
    rows = {}
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        name, rest = re.match(r"\| `([^`]+)` \| (.*) \|$", line).groups()
        rows[name] = rest
    return rows


def test_the_readme_lists_every_topic_and_group_of_the_code():
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Topics\n", 1)[1].split("\n## ", 1)[0]
    assert list(_table(section, "topic")) == list(TOPICS)
    groups = {name: tuple(re.findall(r"`([^`]+)`", members))
              for name, members in _table(section, "group").items()}
    assert groups == TOPIC_GROUPS
