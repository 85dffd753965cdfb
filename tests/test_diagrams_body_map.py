"""Referral body maps and the check that every referral zone has a shape."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import append_row, write_rows

from psoas_edu.facts.atlas import load_atlas
from psoas_edu.facts.csvfiles import read_table
from psoas_edu.facts.problems import DataError
from psoas_edu.figures.body_map import (
    BODY_OFFSET,
    draw_referral_map,
    referral_zones_for,
    region_shapes,
)
from psoas_edu.figures.style import alt_text


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def test_every_referral_zone_has_a_shape(atlas):
    shapes = region_shapes(atlas.body_regions)
    for row in atlas.referral_zones.itertuples(index=False):
        assert (row.zone_id, row.view) in shapes


def test_map_shades_each_zone_on_the_right_side(atlas):
    name, zones = referral_zones_for(atlas, "psoas major")
    assert zones
    ax = draw_referral_map(atlas, "psoas major")
    for zone in zones:
        fills = [p for p in ax.patches if p.get_gid() == f"zone-{zone.zone_id}"]
        assert fills, zone.zone_id
        x = np.mean(fills[0].get_path().vertices[:, 0])
        if zone.view == "front":  # the right side is on the viewer's left
            assert x < -BODY_OFFSET
        else:
            assert x > BODY_OFFSET
    texts = [t.get_text().replace("\n", " ") for t in ax.texts]
    for zone in zones:
        assert any(zone.name in t for t in texts)
    assert "same (right) side" in " ".join(texts)


def test_main_and_secondary_zones_differ_without_colour(atlas):
    _, zones = referral_zones_for(atlas, "iliopsoas")
    ax = draw_referral_map(atlas, "iliopsoas")
    hatch = {}
    for zone in zones:
        edge = next(p for p in ax.patches if p.get_gid() == f"zone-edge-{zone.zone_id}")
        hatch.setdefault(zone.prominence, set()).add(edge.get_hatch())
    if {"main", "secondary"} <= set(hatch):
        assert hatch["main"].isdisjoint(hatch["secondary"])
    text = alt_text(ax)
    assert "Main zones" in text and "Evidence" in text


def test_unknown_muscle_is_explained(atlas):
    with pytest.raises(KeyError, match="no referral pattern"):
        draw_referral_map(atlas, "sartorius")


def test_a_zone_without_a_shape_is_a_data_problem(data_copy):
    path = data_copy / "body_regions.csv"
    table, _ = read_table(path)
    rows = [dict(r) for _, r in table.rows if r["region_id"] != "groin"]
    write_rows(path, table.header, rows)
    with pytest.raises(DataError, match=r"referral_zones\.csv:\d+ column 'zone_id': got 'groin'"):
        load_atlas(data_copy)


def test_a_new_zone_needs_a_shape(data_copy):
    append_row(data_copy / "referral_zones.csv",
               {"zone_id": "lateral_thigh", "name": "side of the thigh", "view": "front",
                "description": "The outer side of the thigh."})
    with pytest.raises(DataError, match="lateral_thigh.*body_regions.csv"):
        load_atlas(data_copy)


def test_zone_leaders_cross_no_other_zone(atlas):
    ax = draw_referral_map(atlas, "iliopsoas")
    (leaders,) = [c for c in ax.collections if c.get_gid() == "leaders"]
    zones = {p.get_gid()[len("zone-"):]: p.get_path() for p in ax.patches
             if (p.get_gid() or "").startswith("zone-") and "edge" not in p.get_gid()}
    assert len(zones) >= 4
    for start, end in leaders.get_segments():
        (owner,) = [z for z, path in zones.items() if path.contains_point(end)]
        for t in np.linspace(0.0, 1.0, 200):
            point = start + t * (end - start)
            crossed = [z for z, path in zones.items() if z != owner
                       and path.contains_point(point)]
            assert not crossed, f"the leader to {owner} crosses {crossed}"


def test_map_says_which_side_is_which_and_the_note_clears_the_bodies(atlas):
    ax = draw_referral_map(atlas, "iliopsoas")
    sides = {(t.get_gid(), t.get_text()): t.get_position()[0] for t in ax.texts
             if (t.get_gid() or "").startswith("label-side-")}
    # Facing the viewer the person's right is on the viewer's left; from behind, the right.
    assert sides[("label-side-front", "right")] < -BODY_OFFSET < sides[("label-side-front",
                                                                         "left")]
    assert sides[("label-side-back", "left")] < BODY_OFFSET < sides[("label-side-back",
                                                                      "right")]
    renderer = ax.figure.canvas.get_renderer()
    (note,) = [t for t in ax.texts if t.get_gid() == "note-side"]
    (bodies,) = [c for c in ax.collections if c.get_gid() == "bodies"]
    lowest = min(path.vertices[:, 1].min() for path in bodies.get_paths())
    assert ax.transData.inverted().transform(
        (0, note.get_window_extent(renderer).y1))[1] < lowest
