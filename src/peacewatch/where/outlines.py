"""Country outlines from the package's Natural Earth TopoJSON (data/geo/world_110m.json), as rings
of (lon, lat) points — what the HTML brief draws its map with (the dashboard gives the same file to
plotly).

    for ring, (x0, y0, x1, y1) in country_rings(): ...
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def country_rings() -> tuple[tuple[tuple[tuple[float, float], ...], tuple[float, float, float, float]], ...]:
    """Every ring of every country polygon, with its bounding box (lon0, lat0, lon1, lat1)."""
    topo = json.loads(resources.files("peacewatch").joinpath("data", "geo", "world_110m.json").read_text("utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in indices:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    rings = []
    for g in topo["objects"]["countries"]["geometries"]:
        polys = g.get("arcs") or []
        if g.get("type") == "Polygon":
            polys = [polys]
        elif g.get("type") != "MultiPolygon":
            continue
        for poly in polys:
            for r in poly:
                pts = ring(r)
                if len(pts) >= 3:
                    xs = [p[0] for p in pts]
                    ys = [p[1] for p in pts]
                    rings.append((tuple(pts), (min(xs), min(ys), max(xs), max(ys))))
    return tuple(rings)
