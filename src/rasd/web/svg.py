"""Pictures drawn on the server as SVG, so the dashboard needs no map or chart library and no network:
the map projects places over the outlines in `data/map/outlines.geojson`; the charts are bars of
stated and summed figures per month. Every label goes through `inert` (escaped) like any other text."""

from __future__ import annotations

import functools
import json
import math
from importlib import resources
from typing import Any

from markupsafe import Markup

from rasd.web.security import inert

LON0, LON1, LAT0, LAT1 = 35.0, 44.6, 32.0, 37.6
WIDTH = 900
_K = WIDTH / ((LON1 - LON0) * math.cos(math.radians((LAT0 + LAT1) / 2)))
HEIGHT = round((LAT1 - LAT0) * _K)


@functools.cache
def outlines() -> dict[str, Any]:
    return json.loads((resources.files("rasd") / "data" / "map" / "outlines.geojson").read_text(encoding="utf-8"))


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular at the map's middle latitude: good enough over 5 degrees of latitude."""
    x = (lon - LON0) * _K * math.cos(math.radians((LAT0 + LAT1) / 2))
    return round(x, 1), round((LAT1 - lat) * _K, 1)


def _path(ring: list[list[float]]) -> str:
    pts = [project(x, y) for x, y in ring]
    return "M" + " L".join(f"{x},{y}" for x, y in pts) + " Z"


def map_svg(places: dict[str, Any], lang: str, title: str) -> Markup:
    """Outlines, then one circle per place (area grows with the count), labelled with name and count."""
    parts = [f'<svg class="map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{inert(title)}</title>", f'<rect class="sea" width="{WIDTH}" height="{HEIGHT}"/>']
    labels = []
    for f in outlines()["features"]:
        p = f["properties"]
        name = p["name_ar"] if lang == "ar" else p["name_en"]
        parts.append(f'<path class="{p["kind"]}" d="{_path(f["geometry"]["coordinates"][0])}"><title>'
                     f"{inert(name)}</title></path>")
        if p.get("label"):
            x, y = project(*p["label"])
            labels.append(f'<text class="lbl-{p["kind"]}" x="{x}" y="{y}" text-anchor="middle">{inert(name)}</text>')
    parts += labels
    feats = places.get("features") or []
    top = max((f["properties"]["count"] for f in feats), default=1)
    taken: list[tuple[float, float, float, float]] = []
    for f in sorted(feats, key=lambda f: -f["properties"]["count"]):  # small circles drawn last, on top
        lon, lat = f["geometry"]["coordinates"]
        if not (LON0 <= lon <= LON1 and LAT0 <= lat <= LAT1):
            continue
        p = f["properties"]
        x, y = project(lon, lat)
        r = round(4 + 14 * math.sqrt(p["count"] / top), 1)
        name = (p.get("name_ar") if lang == "ar" else None) or p["name_en"]
        label = f"{name} ({p['count']})"
        spot = _free_spot(x, y, r, 6.5 * len(label) + 4, taken)
        text = "" if spot is None else (f'<text x="{spot[0]}" y="{spot[1]}" text-anchor="middle">'
                                        f"{inert(label)}</text>")
        parts.append(f'<g class="place"><circle cx="{x}" cy="{y}" r="{r}"/><title>{inert(name)}: '
                     f'{p["count"]}</title>{text}</g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _free_spot(x: float, y: float, r: float, w: float,
               taken: list[tuple[float, float, float, float]]) -> tuple[float, float] | None:
    """Where a label fits without covering another: above, below, right or left of its circle; None when
    nowhere (the place keeps its tooltip and its row in the table)."""
    h = 14.0
    for cx, cy in ((x, y - r - 4), (x, y + r + h), (x + r + w / 2 + 2, y + 5), (x - r - w / 2 - 2, y + 5)):
        box = (cx - w / 2, cy - h + 2, cx + w / 2, cy + 3)
        if box[0] < 0 or box[2] > WIDTH or box[1] < 0 or box[3] > HEIGHT:
            continue
        if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
            taken.append(box)
            return round(cx, 1), round(cy, 1)
    return None


def bars_svg(rows: list[dict[str, Any]], figure: str, title: str, legend: tuple[str, str]) -> Markup:
    """Stated (dark) and summed (light) bars of one figure for each month, oldest on the left."""
    w, h, pad_l, pad_b, pad_t = 480, 240, 40, 34, 28
    vals = [(r["month"], r["stated"].get(figure), r["summed"].get(figure)) for r in rows]
    top = max([v for _, a, b in vals for v in (a, b) if isinstance(v, int)] or [1]) or 1
    step = (w - pad_l - 10) / max(len(vals), 1)
    bw = max(min(step / 2 - 2, 18), 2)
    out = [f'<svg class="chart" viewBox="0 0 {w} {h}" role="img" xmlns="http://www.w3.org/2000/svg" '
           f'direction="ltr"><title>{inert(title)}</title>',
           f'<text class="ttl" x="{w / 2}" y="16" text-anchor="middle">{inert(title)}</text>',
           f'<line class="axis" x1="{pad_l}" y1="{h - pad_b}" x2="{w - 10}" y2="{h - pad_b}"/>']
    for frac in (0.5, 1.0):
        y = h - pad_b - frac * (h - pad_b - pad_t)
        out.append(f'<line class="grid" x1="{pad_l}" y1="{y:.1f}" x2="{w - 10}" y2="{y:.1f}"/>'
                   f'<text class="tick" x="{pad_l - 4}" y="{y + 4:.1f}" text-anchor="end">{round(top * frac)}</text>')
    for i, (m, a, b) in enumerate(vals):
        x = pad_l + i * step + step / 2
        for j, (v, cls) in enumerate(((a, "stated"), (b, "summed"))):
            if isinstance(v, int):
                bh = (h - pad_b - pad_t) * v / top
                out.append(f'<rect class="{cls}" x="{x - bw + j * bw:.1f}" y="{h - pad_b - bh:.1f}" width="{bw:.1f}" '
                           f'height="{bh:.1f}"><title>{m}: {v}</title></rect>')
        if len(vals) <= 40 or i % max(len(vals) // 20, 1) == 0:
            out.append(f'<text class="tick" x="{x:.1f}" y="{h - pad_b + 14}" text-anchor="middle">{m}</text>')
    lx = pad_l + 8
    out.append(f'<rect class="stated" x="{lx}" y="{h - 12}" width="10" height="10"/>'
               f'<text class="tick" x="{lx + 14}" y="{h - 3}">{inert(legend[0])}</text>'
               f'<rect class="summed" x="{lx + 190}" y="{h - 12}" width="10" height="10"/>'
               f'<text class="tick" x="{lx + 204}" y="{h - 3}">{inert(legend[1])}</text>')
    out.append("</svg>")
    return Markup("".join(out))
