"""The brief's chart (month-over-month series) and map (the month's places, sized by attacks), drawn
offline with matplotlib as SVG. matplotlib ≥ 3.11 shapes Arabic itself, so labels are passed as they
are (reshaping them again would reverse them); glyphs are written as paths, so the SVG looks the same
in a browser and in WeasyPrint's PDF."""

from __future__ import annotations

import io
import json
from functools import cache
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from rasd.brief.month import SERIES, Month  # noqa: E402
from rasd.lexicon import data_text  # noqa: E402

FONTS = ["Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans"]
COLOURS = {"convoy_vehicles": "#8c564b", "cargo_aircraft": "#1f77b4", "attacks_total": "#d62728",
           "trainings": "#2ca02c", "joint_operations": "#9467bd"}


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]  # drop the XML prolog: the SVG is inlined in HTML


def _style() -> dict[str, Any]:
    return {"font.family": FONTS, "font.size": 10, "svg.hashsalt": "rasd", "axes.spines.top": False,
            "axes.spines.right": False}


def series_svg(m: Month, labels: dict[str, str]) -> str | None:
    """Trucks on one panel, the smaller series on another, for the months around the brief's month."""
    rows = m.series
    if len(rows) < 2:
        return None
    with plt.rc_context(_style()):
        fig, (top, bottom) = plt.subplots(2, 1, figsize=(7.5, 4.6), sharex=True)
        xs = [r["month"] for r in rows]
        top.bar(xs, [r["convoy_vehicles"] or 0 for r in rows], color=COLOURS["convoy_vehicles"],
                label=labels["convoy_vehicles"])
        for k in SERIES[1:]:
            pts = [(r["month"], r[k]) for r in rows if r[k] is not None]
            if pts:
                bottom.plot(*zip(*pts, strict=True), marker="o", color=COLOURS[k], label=labels[k])
        for ax in (top, bottom):
            ax.axvline(m.number, color="#999", linestyle=":", linewidth=1)
            ax.legend(loc="upper left", fontsize=8, frameon=False)
        bottom.set_xticks(xs)
        bottom.set_xlabel(labels["month"])
        fig.suptitle(labels["title"].format(month=m.number), fontsize=11)
        return _svg(fig)


@cache
def _outline() -> list[list[float]]:
    doc = json.loads(data_text("gazetteer/syria.geojson"))
    return doc["features"][0]["geometry"]["coordinates"][0]


def map_points(m: Month, place_name: Any) -> list[dict[str, Any]]:
    """The month's places with coordinates: attacks per base, and every other place of its events."""
    points: dict[str, dict[str, Any]] = {}
    for x in m.figures.get("attacks_by_target") or []:
        if x.get("lat") is not None:
            points[x["name_en"]] = {"name": place_name(x["name_en"]), "lat": x["lat"], "lon": x["lon"],
                                    "attacks": x["count"]}
    for e in m.events:
        if e.get("rejected") or e.get("lat") is None or not e.get("place_name_en"):
            continue
        p = points.setdefault(e["place_name_en"], {"name": place_name(e["place_name_en"], e.get("place_name_ar")),
                                                   "lat": e["lat"], "lon": e["lon"], "attacks": 0})
        if e["type"] == "attack" and not m.figures.get("attacks_by_target"):
            p["attacks"] += (e.get("quantities") or {}).get("attacks") or 1
    return list(points.values())


def map_svg(m: Month, title: str, place_name: Any, *, rtl: bool = True) -> str | None:
    """A schematic map: Syria's outline, the month's places, circles sized by the attacks on each."""
    pts = [p for p in map_points(m, place_name) if 35.4 <= p["lon"] <= 42.8 and 32.0 <= p["lat"] <= 37.6]
    if not pts:
        return None
    with plt.rc_context(_style()):
        fig, (ax, key) = plt.subplots(1, 2, figsize=(7.5, 4.4), gridspec_kw={"width_ratios": [3, 2]})
        xs, ys = zip(*_outline(), strict=True)
        ax.fill(xs, ys, color="#f3efe6", edgecolor="#8a7f6a", linewidth=1)
        pts.sort(key=lambda p: (-p["attacks"], p["name"]))
        lines = []
        for i, p in enumerate(pts, 1):  # numbered marks and a key beside the map: close bases never overlap
            ax.scatter([p["lon"]], [p["lat"]], s=40 + 30 * p["attacks"], alpha=0.55, edgecolors="white", zorder=3,
                       color="#d62728" if p["attacks"] else "#1f77b4")
            ax.annotate(str(i), (p["lon"], p["lat"]), ha="center", va="center", fontsize=7, zorder=4)
            lines.append(f"{i}. {p['name']} ({p['attacks']})" if p["attacks"] else f"{i}. {p['name']}")
        ax.set_aspect("equal")
        ax.set_xlim(35.4, 42.8)
        ax.set_ylim(32.0, 37.6)
        ax.axis("off")
        key.axis("off")
        for j, line in enumerate(lines[:18]):
            key.text(1.0 if rtl else 0.0, 1.0 - j * 0.075, line, ha="right" if rtl else "left", va="top", fontsize=8,
                     transform=key.transAxes)
        fig.suptitle(title.format(month=m.number), fontsize=11)
        return _svg(fig)
