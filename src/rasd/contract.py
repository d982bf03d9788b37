"""The extraction contract, version 1 (`CONTRACT.md`): a Result becomes exactly that JSON shape."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from typing import Any

from rasd.analysis import Analysis
from rasd.extract import Event, Result, extract
from rasd.gazetteer import is_vague
from rasd.reader import RawReport

CONTRACT_VERSION = 1
_LATIN = re.compile(r"[A-Za-z]")
_ARABIC_LETTERS = tuple(chr(c) for c in range(0x0621, 0x064B))


def _language(text: str) -> str:
    lat = len(_LATIN.findall(text))
    if lat == 0:
        return "ar"  # no Latin letter: Arabic whatever the count of Arabic letters
    ara = sum(map(text.count, _ARABIC_LETTERS))  # one C scan a letter beats a regex match a letter
    if ara == 0:
        return "en"
    if lat > 0.5 * ara:
        return "en" if lat > 3 * ara else "mixed"
    return "mixed" if lat > 0.1 * ara else "ar"


def _evidence(an: Analysis, spans: list[tuple[int, int]]) -> list[dict[str, Any]]:
    out, seen = [], set()
    for s, e in spans:
        ev = an.nt.evidence(s, e)
        key = (ev["start"], ev["end"])
        if key not in seen and ev["end"] > ev["start"]:
            seen.add(key)
            out.append(ev)
    return out


def _event(doc_id: str, an: Analysis, ev: Event) -> dict[str, Any]:
    evidence = _evidence(an, ev.spans)
    key = f"{doc_id}|{ev.type}|" + ",".join(f"{x['start']}-{x['end']}" for x in evidence)
    loc = None
    if ev.place is not None:
        name_ar = an.nt.evidence(*ev.place_span)["text"] if ev.place_span else ev.place.name_ar
        loc = {"name_ar": name_ar, "name_en": ev.place.name_en, "lat": ev.place.lat, "lon": ev.place.lon,
               "admin1": ev.place.admin1}
    return {
        "id": hashlib.sha256(key.encode()).hexdigest()[:16],
        "type": ev.type,
        "date": ev.date.isoformat() if ev.date else None,
        "date_precision": ev.precision,
        "location": loc,
        "actors": {"initiator": ev.initiator, "target": ev.target, "partner": ev.partner},
        "quantities": ev.quantities,
        "qualifiers": ev.qualifiers,
        "attribution": ev.attribution,
        "recalled": ev.recalled,
        "evidence": evidence,
    }


def to_contract(report: RawReport, result: Result, published: date | None) -> dict[str, Any]:
    """The contract's JSON object for one document."""
    an = result.an
    places, seen = [], set()
    for p in an.places:
        if p.item.id in seen or is_vague(p.item):
            continue
        seen.add(p.item.id)
        places.append({"name_en": p.item.name_en, "name_ar": an.nt.evidence(p.start, p.end)["text"],
                       "lat": p.item.lat, "lon": p.item.lon, "kind": p.item.kind})
    period = an.period
    return {
        "contract": CONTRACT_VERSION,
        "document": {"id": report.id, "source": report.source,
                     "published": (published or an.published).isoformat() if (published or an.published) else None,
                     "language": _language(report.text)},
        "report": {"coalition_month": an.month,
                   "period_start": period[0].isoformat() if period else None,
                   "period_end": period[1].isoformat() if period else None},
        "figures": result.figures,
        "figure_qualifiers": result.qualifiers,
        "events": [_event(report.id, an, ev) for ev in result.events],
        "places": places,
        "findings": [
            {**{k: v for k, v in f.items() if k != "spans"}, "evidence": _evidence(an, f["spans"])}  # type: ignore[arg-type]
            for f in result.findings
        ],
    }


def extract_report(report: RawReport, published: date | None = None) -> dict[str, Any]:
    """Extract one decoded report into the contract's JSON object."""
    return to_contract(report, extract(report.text, published), published)
