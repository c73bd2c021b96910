"""Build the map outlines shipped in src/pledgewatch/data/geo from ../shared/data/geo.

Each ring is simplified (Douglas-Peucker, ``TOLERANCE`` degrees, well under a pixel on the
dashboard's map) and its coordinates rounded to ``DECIMALS`` places; properties kept: code, nom.

    python scripts/build_geo.py [SOURCE_DIR] [OUT_DIR]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TOLERANCE = 0.004
DECIMALS = 3
FILES = {"regions-version-simplifiee.geojson": "regions.geojson",
         "departements-version-simplifiee.geojson": "departements.geojson"}
ROOT = Path(__file__).resolve().parents[1]

Point = list[float]


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance from ``p`` to the segment [a, b]."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == dy == 0:
        return ((p[0] - a[0]) ** 2 + (p[1] - a[1]) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return ((p[0] - a[0] - t * dx) ** 2 + (p[1] - a[1] - t * dy) ** 2) ** 0.5


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker simplification of a polyline (iterative, keeps both ends)."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, 0
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def ring(points: list[Point]) -> list[Point] | None:
    """A simplified, rounded ring, or None when too little of it is left."""
    out: list[Point] = []
    for x, y in simplify(points, TOLERANCE):
        p = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or p != out[-1]:
            out.append(p)
    return out if len(out) >= 4 else None


def polygons(geometry: dict) -> list[list[list[Point]]]:
    """The geometry as a list of polygons (each a list of rings), small rings dropped."""
    raw = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    out = []
    for polygon in raw:
        rings = [r for r in (ring(points) for points in polygon) if r]
        if rings:
            out.append(rings)
    return out


def build(source: Path, out: Path) -> None:
    """Write the simplified outlines and the source note."""
    out.mkdir(parents=True, exist_ok=True)
    for name, target in FILES.items():
        data = json.loads((source / name).read_text(encoding="utf-8"))
        features = [{"type": "Feature", "properties": {"code": f["properties"]["code"], "nom": f["properties"]["nom"]},
                     "geometry": {"type": "MultiPolygon", "coordinates": polygons(f["geometry"])}}
                    for f in data["features"]]
        text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                          separators=(",", ":"))
        (out / target).write_text(text + "\n", encoding="utf-8")
        print(f"{target}: {len(features)} features, {len(text)} bytes")
    note = (source / "README.md").read_text(encoding="utf-8")
    note += (f"\nShipped here simplified further by scripts/build_geo.py (Douglas-Peucker, {TOLERANCE}°, "
             f"coordinates rounded to {DECIMALS} decimals), all geometries as MultiPolygon.\n")
    (out / "README.md").write_text(note, encoding="utf-8")


if __name__ == "__main__":
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "geo"
    dst = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "src" / "pledgewatch" / "data" / "geo"
    build(src, dst)
