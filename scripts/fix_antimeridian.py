"""Split the country shapes that cross the 180th meridian, for a flat (Leaflet) map.

world-atlas geometry is spherical: a ring of Russia or Fiji jumps from +180 to -180 and, drawn
on a plane, streaks across the whole map. The PyPI `antimeridian` package cuts such shapes at
the meridian; it is applied only to the features whose longitudes span more than 180 degrees
(applied to every feature it rejects some degenerate rings). Coordinates are rounded to 3
decimals (about 100 m, far below the 1:110m source's precision) to keep the file small.

Usage: python scripts/fix_antimeridian.py IN.geojson OUT.geojson
"""

from __future__ import annotations

import json
import sys
from itertools import pairwise
from pathlib import Path
from typing import Any

import antimeridian

DECIMALS = 3


def _longitudes(node: Any) -> list[float]:
    if isinstance(node, list) and node and isinstance(node[0], int | float):
        return [float(node[0])]
    if isinstance(node, list):
        return [lon for child in node for lon in _longitudes(child)]
    return []


def _span(feature: dict[str, Any]) -> float:
    lons = _longitudes(feature["geometry"]["coordinates"])
    return max(lons) - min(lons) if lons else 0.0


def _round(node: Any) -> Any:
    if isinstance(node, float):
        return round(node, DECIMALS)
    if isinstance(node, list):
        return [_round(child) for child in node]
    return node


def _crosses(ring: list[list[float]]) -> bool:
    """Whether a ring has an edge longer than 180 degrees of longitude (a streak).

    An edge from -180 to +180 is allowed: it runs along the map's edge and closes a shape that
    covers a pole (Antarctica).
    """
    return any(
        abs(b[0] - a[0]) > 180 and not (abs(a[0]) == 180 and abs(b[0]) == 180)
        for a, b in pairwise(ring)
    )


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def fix(collection: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The collection with crossing shapes split, and the names of the shapes that were."""
    fixed: list[str] = []
    features = []
    for feature in collection["features"]:
        if feature.get("geometry") is None:
            continue
        if _span(feature) > 180:
            feature = antimeridian.fix_geojson(feature, fix_winding=True)
            fixed.append(feature["properties"].get("name", "?"))
        feature["geometry"]["coordinates"] = _round(feature["geometry"]["coordinates"])
        if any(_crosses(ring) for ring in _rings(feature["geometry"])):
            raise SystemExit(f"fix_antimeridian: {feature['properties']} still crosses 180°")
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}, fixed


def main(argv: list[str]) -> int:
    """Read, fix and write; print what was split."""
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    source, target = Path(argv[1]), Path(argv[2])
    collection, fixed = fix(json.loads(source.read_text(encoding="utf-8")))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    size = target.stat().st_size
    print(f"fix_antimeridian: split {', '.join(fixed) or 'nothing'}; {size:,} bytes -> {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
