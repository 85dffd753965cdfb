"""Printable answer keys: a whole HTML page (with diagrams) or Markdown."""

from html.parser import HTMLParser

from quiz_samples import LABEL, MATCHING, MULTIPLE, SHORT, edited, sample_quiz

from psoas_edu.export import answer_key as key


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict[str, str]] = []
        self.sections = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))
        if tag == "article":  # one per question
            self.sections += 1

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


def test_page_marks_right_answers_in_words_and_embeds_diagrams(tmp_path):
    result = key.export_answer_key(sample_quiz(), tmp_path / "key.html")
    page = result.path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    parsed = parse(page)
    assert parsed.sections == len(sample_quiz())
    text = " ".join("".join(parsed.text).split())
    for option in (MULTIPLE.option_text(k) for k in MULTIPLE.answers):
        assert f"{option} (right answer)" in text
    assert "Sartorius (right answer)" not in text
    assert SHORT.answer_text in text and MATCHING.explanation in text
    (image,) = parsed.images
    assert image["alt"] == LABEL.figure.alt_text
    assert image["src"].startswith("data:image/png;base64,")
    assert "@media print" in page and "break-inside: avoid" in page


def test_page_escapes_text():
    page = key.answer_key_page(sample_quiz(edited(MATCHING, prompt="Match <these> & those")))
    assert "Match &lt;these&gt; &amp; those" in page
    assert "<these>" not in page


def test_markdown_key(tmp_path):
    result = key.export_answer_key(sample_quiz(), tmp_path / "key.md")
    text = result.path.read_text(encoding="utf-8")
    pictures = {q.id: f"key-question-{n}.png" for n, q in enumerate(sample_quiz(), start=1)
                if q.figure is not None}
    assert text == key.answer_key_text(sample_quiz(), pictures=pictures)
    assert text.count("**Source:**") == len(sample_quiz())
    assert text.count("**Why:**") == len(sample_quiz())
    assert "(right answer)" in text
    assert "data:image" not in text
