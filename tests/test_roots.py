import pytest

from psoas_edu.facts.roots import format_roots, parse_roots


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("L1", ("L1",)),
        ("L1-L3", ("L1", "L2", "L3")),
        ("T12-L2", ("T12", "L1", "L2")),
        ("L4 - S2", ("L4", "L5", "S1", "S2")),
        ("L2; L1", ("L1", "L2")),
        ("L5, S1", ("L5", "S1")),
        ("C7\u2013T1", ("C7", "C8", "T1")),
    ],
)
def test_parse_roots(text, levels):
    assert parse_roots(text) == levels


@pytest.mark.parametrize("text", ["", "L6", "L3-L1", "L1-L9", "T13", "lumbar", "L1;", "S1-L5"])
def test_bad_roots_are_rejected(text):
    with pytest.raises(ValueError):
        parse_roots(text)


def test_format_joins_runs():
    assert format_roots(("L1", "L2", "L3", "S1")) == "L1-L3, S1"
    assert format_roots(parse_roots("T12-L2; L4")) == "T12-L2, L4"
