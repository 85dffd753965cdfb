"""Key figures compared with committed baseline PNGs.

After an intended change to a diagram (or to the data it draws), look at the new
figures (``make figures``) and then regenerate the baselines:

    PSOAS_EDU_UPDATE_BASELINES=1 .venv/bin/pytest tests/test_diagrams_baseline.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from matplotlib.testing.compare import compare_images

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.figures.gallery import diagram_gallery

BASELINES = Path(__file__).resolve().parent / "baseline"
KEY_FIGURES = ("iliopsoas_anterior", "hip_flexion_synergists_lateral", "line_of_pull_hip",
               "referral_iliopsoas", "skeleton_posterior")
#: Small, so the committed files stay small; text is rendered by Agg with the bundled font.
DPI = 50


@pytest.fixture(scope="module")
def gallery():
    return diagram_gallery(load_atlas())


@pytest.mark.parametrize("name", KEY_FIGURES)
def test_key_figure_matches_its_baseline(gallery, name, tmp_path):
    ax = gallery[name]()
    actual = tmp_path / f"{name}.png"
    ax.figure.savefig(actual, dpi=DPI, metadata={"Software": None})
    expected = BASELINES / f"{name}.png"
    if os.environ.get("PSOAS_EDU_UPDATE_BASELINES"):
        BASELINES.mkdir(exist_ok=True)
        shutil.copyfile(actual, expected)
    assert expected.exists(), (f"no baseline for {name}; generate it with "
                               "PSOAS_EDU_UPDATE_BASELINES=1 (see this file's docstring)")
    difference = compare_images(str(expected), str(actual), tol=3)
    assert difference is None, difference
