"""The built front-end: bounded map geometry without antimeridian streaks, local vendor files."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def test_country_shapes_are_bounded_in_size(built_assets: Path) -> None:
    countries = built_assets / "geo" / "countries.geojson"
    borders = built_assets / "geo" / "borders.geojson"
    assert countries.stat().st_size < 1_000_000
    assert borders.stat().st_size < 500_000


def test_no_country_ring_jumps_across_the_antimeridian(built_assets: Path) -> None:
    data = json.loads((built_assets / "geo" / "countries.geojson").read_text())
    for feature in data["features"]:
        for ring in _rings(feature["geometry"]):
            for a, b in pairwise(ring):
                along_the_edge = abs(a[0]) == 180 and abs(b[0]) == 180
                assert abs(b[0] - a[0]) <= 180 or along_the_edge, feature["properties"]


def test_russia_is_split_at_the_antimeridian_and_keyed_by_iso3(built_assets: Path) -> None:
    data = json.loads((built_assets / "geo" / "countries.geojson").read_text())
    russia = next(f for f in data["features"] if f["properties"]["iso3"] == "RUS")
    lons = [p[0] for ring in _rings(russia["geometry"]) for p in ring]
    assert max(lons) == 180 and min(lons) == -180
    assert russia["geometry"]["type"] == "MultiPolygon"


def test_land_borders_name_both_sides(built_assets: Path) -> None:
    data = json.loads((built_assets / "geo" / "borders.geojson").read_text())
    pairs = {frozenset((f["properties"]["a"], f["properties"]["b"])) for f in data["features"]}
    assert frozenset(("KAZ", "RUS")) in pairs
    assert frozenset(("ARM", "GEO")) in pairs


def test_swagger_ui_is_vendored(built_assets: Path) -> None:
    assert (built_assets / "swagger" / "swagger-ui-bundle.js").stat().st_size > 100_000
    assert (built_assets / "swagger" / "swagger-ui.css").stat().st_size > 10_000
