"""The browser tests' screenshots leave docs/screenshots/ alone unless asked to update it."""

from __future__ import annotations

import browser_support
import pytest
from PIL import Image


class _Locator:
    def evaluate(self, script):
        return None

    def bounding_box(self):
        return {"x": 0, "y": 0, "width": 1200, "height": 300}


class _Page:
    viewport_size = {"width": 1280, "height": 900}

    def screenshot(self, *, path, clip):
        Image.new("RGB", (int(clip["width"]), int(clip["height"])), "white").save(path)


@pytest.fixture
def folders(tmp_path, monkeypatch):
    build, docs = tmp_path / "build", tmp_path / "docs"
    monkeypatch.setattr(browser_support, "SCREENSHOTS", build)
    monkeypatch.setattr(browser_support, "README_SCREENSHOTS", docs)
    return build, docs


def test_a_test_run_writes_screenshots_to_build_only(folders, monkeypatch):
    build, docs = folders
    monkeypatch.delenv(browser_support.UPDATE_SCREENSHOTS, raising=False)
    small = browser_support.small_screenshot(_Page(), _Locator(), "x.png")
    assert small.parent == build and (build / "x.png").exists()
    with Image.open(small) as image:
        assert image.width == 900
    assert not docs.exists()


def test_the_readme_screenshots_are_replaced_when_asked(folders, monkeypatch):
    build, docs = folders
    monkeypatch.setenv(browser_support.UPDATE_SCREENSHOTS, "1")
    small = browser_support.small_screenshot(_Page(), _Locator(), "x.png")
    assert small == docs / "x.png" and small.exists()
