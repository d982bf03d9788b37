"""What the API and the pages read: events with filters and pages, one month's figures with the sentences
that state them, documents with their spans, places with counts. One `Data` per app wraps the store and
keeps the last full read while the database has not changed (a cheap stamp query decides), so 50 readers
do not each rebuild every month."""

from __future__ import annotations

import functools
import json
import threading
import time
from datetime import date
from typing import Any

import sqlalchemy as sa

from rasd.aggregate import FIGURE_OF, SUMMABLE
from rasd.aggregate import months as compute_months
from rasd.calendar import month_of, period
from rasd.store import Store
from rasd.store import schema as t

QUANTITY_KEYS = ("vehicles", "batches", "aircraft", "attacks", "rounds", "killed", "detained", "operations",
                 "trainings")
ACTORS = ("coalition", "us_forces", "sdf", "isis", "islamic_resistance_iraq", "iran_backed_militias",
          "syrian_free_army", "syrian_government", "russia", "turkey", "sna", "civilians", "unknown")
MAX_AGE = 30.0  # seconds a cached read may live even when the stamp did not move


@functools.cache
def arabic_names() -> dict[str, str]:
    """Gazetteer names by English name: an event's stored Arabic name is the text as found, which can be a
    clause of a breakdown ("سبعة") rather than the place's name."""
    from rasd.gazetteer import places

    return {p.name_en: p.name_ar for p in places().values()}


def place_ar(e: dict[str, Any]) -> str | None:
    name = e.get("place_name_en")
    return arabic_names().get(name) or e.get("place_name_ar") if name else None


def event_month(e: dict[str, Any]) -> int | None:
    """The coalition month an event belongs to: its report's, else the one that holds its date."""
    if e.get("coalition_month"):
        return int(e["coalition_month"])
    if e.get("date"):
        n = month_of(e["date"])
        return n if n >= 1 else None
    return None


def status(e: dict[str, Any]) -> str | None:
    if e.get("rejected"):
        return "rejected"
    if any(c.get("action") == "correct" or c.get("changes") for c in e.get("corrections") or []):
        return "corrected"
    return "confirmed" if e.get("confirmed") else None


def outer_evidence(e: dict[str, Any]) -> list[dict[str, Any]]:
    """The event's evidence spans that are not inside a longer one, each with the inner spans it holds."""
    ev = sorted(e.get("evidence") or [], key=lambda x: (x["start"], -(x["end"] or 0)))
    out: list[dict[str, Any]] = []
    for x in ev:
        host = next((o for o in out if o["start"] <= x["start"] and x["end"] <= o["end"]), None)
        if host is None:
            out.append({**x, "inner": []})
        elif (x["start"], x["end"]) != (host["start"], host["end"]):
            host["inner"].append(x)
    return out


def public_event(e: dict[str, Any], *, evidence: bool = True) -> dict[str, Any]:
    """An event as the API shows it (JSON-ready)."""
    out = {
        "id": e["id"], "type": e["type"], "date": e["date"].isoformat() if e.get("date") else None,
        "date_precision": e.get("date_precision"), "coalition_month": event_month(e),
        "document_id": e["document_id"], "source": e.get("source"), "document_kind": e.get("doc_kind"),
        "place": {"name_en": e.get("place_name_en"), "name_ar": place_ar(e), "admin1": e.get("admin1"),
                  "lat": e.get("lat"), "lon": e.get("lon")} if e.get("place_name_en") else None,
        "actors": {k: e.get(k) for k in ("initiator", "target", "partner")},
        "quantities": e.get("quantities") or {}, "qualifiers": e.get("qualifiers") or {},
        "attribution": e.get("attribution"), "cluster_id": e.get("cluster_id"), "status": status(e),
        "rejected": bool(e.get("rejected")), "confirmed": bool(e.get("confirmed")),
        "corrections": [public_correction(c) for c in e.get("corrections") or []],
    }
    if evidence:
        out["evidence"] = [{"start": x["start"], "end": x["end"], "text": x["text"]} for x in e.get("evidence") or []]
    return out


def public_correction(c: dict[str, Any]) -> dict[str, Any]:
    at = c.get("at")
    return {"id": c.get("id"), "action": c["action"], "changes": c.get("changes") or {}, "by": c.get("by"),
            "why": c.get("why"), "at": at.isoformat() if hasattr(at, "isoformat") else at}


class Data:
    """Cached reads over one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[Any, float, Any]] = {}

    # ------------------------------------------------------------------ cache
    def stamp(self) -> tuple[Any, ...]:
        """Changes whenever documents, extractions, clusters' inputs or corrections change."""
        q = sa.select(
            sa.select(sa.func.count()).select_from(t.documents).scalar_subquery(),
            sa.select(sa.func.max(t.documents.c.id)).scalar_subquery(),
            sa.select(sa.func.max(t.runs.c.id)).scalar_subquery(),
            sa.select(sa.func.count()).select_from(t.events).scalar_subquery(),
            sa.select(sa.func.max(t.corrections.c.id)).scalar_subquery(),
            sa.select(sa.func.max(t.findings.c.id)).scalar_subquery(),
        )
        with self.store.engine.connect() as c:
            return tuple(c.execute(q).one())

    def _cached(self, key: str, build: Any) -> Any:
        stamp = self.stamp()
        with self._lock:
            hit = self._cache.get(key)
            if hit and hit[0] == stamp and time.monotonic() - hit[1] < MAX_AGE:
                return hit[2]
        value = build()
        with self._lock:
            self._cache[key] = (stamp, time.monotonic(), value)
        return value

    def cached_json(self, key: str, build: Any) -> bytes:
        """A response body kept while the database does not change (the hot reads: a month, event pages)."""
        with self._lock:
            if len(self._cache) > 512:  # many distinct queries: start again rather than grow without bound
                self._cache = {k: v for k, v in self._cache.items() if not k.startswith("json:")}
        return self._cached("json:" + key, lambda: json.dumps(build(), ensure_ascii=False, default=str).encode())

    def invalidate(self) -> None:
        with self._lock:
            self._cache.clear()

    # ------------------------------------------------------------------ reads
    def events(self) -> list[dict[str, Any]]:
        return self._cached("events", lambda: self.store.events())

    def months(self, first: int | None = None, last: int | None = None) -> list[dict[str, Any]]:
        rows = self._cached("months", lambda: compute_months(self.store))
        return [r for r in rows if (first is None or r["month"] >= first) and (last is None or r["month"] <= last)]

    def month(self, n: int) -> dict[str, Any] | None:
        rows = self.months(n, n)
        return rows[0] if rows else None

    def findings(self, month: int | None = None, kind: str | None = None) -> list[dict[str, Any]]:
        rows = self._cached("findings", lambda: self.store.findings())
        return [f for f in rows
                if (month is None or f["coalition_month"] == month) and (kind is None or f["kind"] == kind)]

    def _flagged(self) -> tuple[set[int], set[str]]:
        """Documents with findings, and clusters named by corpus findings."""
        docs, clusters = set(), set()
        for f in self.findings():
            if f["document_id"] is not None:
                docs.add(f["document_id"])
            cl = (f.get("detail") or {}).get("cluster")
            if cl:
                clusters.add(cl)
        return docs, clusters

    def filter_events(self, *, type: str | None = None, month: int | None = None, date_from: date | None = None,
                      date_to: date | None = None, place: str | None = None, actor: str | None = None,
                      document: int | None = None, has_findings: bool | None = None,
                      status_is: str | None = None) -> list[dict[str, Any]]:
        """Events that pass every given filter, by date then id."""
        rows = self.events()
        flagged = self._flagged() if has_findings is not None else (set(), set())
        needle = place.casefold() if place else None
        out = []
        for e in rows:
            if type and e["type"] != type:
                continue
            if month is not None:
                if e.get("coalition_month"):
                    if e["coalition_month"] != month:
                        continue
                else:
                    start, end = period(month) if month >= 1 else (date.max, date.min)
                    if not (e.get("date") and start <= e["date"] <= end):
                        continue
            if date_from and not (e.get("date") and e["date"] >= date_from):
                continue
            if date_to and not (e.get("date") and e["date"] <= date_to):
                continue
            if needle and not any(needle in str(e.get(k) or "").casefold()
                                  for k in ("place_name_en", "place_name_ar", "admin1")):
                continue
            if actor and actor not in (e.get("initiator"), e.get("target"), e.get("partner")):
                continue
            if document is not None and e["document_id"] != document:
                continue
            if has_findings is not None:
                has = e["document_id"] in flagged[0] or (e.get("cluster_id") or e["id"]) in flagged[1]
                if has != has_findings:
                    continue
            if status_is and status(e) != status_is:
                continue
            out.append(e)
        return out

    def event(self, event_id: str) -> dict[str, Any] | None:
        return next((e for e in self.events() if e["id"] == event_id), None)

    def cluster(self, e: dict[str, Any]) -> list[dict[str, Any]]:
        cid = e.get("cluster_id") or e["id"]
        return [x for x in self.events() if (x.get("cluster_id") or x["id"]) == cid]

    def figure_evidence(self, n: int) -> dict[str, dict[str, list[dict[str, Any]]]]:
        """For each figure of month `n`: the events (and their sentences) behind the stated value and
        those behind the summed value."""
        start, end = period(n)
        evs = self.filter_events(month=n)
        out: dict[str, dict[str, list[dict[str, Any]]]] = {k: {"stated": [], "summed": []} for k in FIGURE_OF}
        seen: set[str] = set()
        for e in evs:
            for name, (etype, qty) in FIGURE_OF.items():
                if e["type"] != etype or qty not in (e.get("quantities") or {}):
                    continue
                if e.get("doc_kind") == "monthly" and e.get("coalition_month") == n:
                    out[name]["stated"].append(e)
                elif (name in SUMMABLE and e.get("doc_kind") == "daily" and e.get("date_precision") == "day"
                      and e.get("date") and start <= e["date"] <= end and not e.get("rejected")):
                    cid = f"{name}:{e.get('cluster_id') or e['id']}"
                    if cid not in seen:
                        seen.add(cid)
                        out[name]["summed"].append(e)
        for name, (etype, _) in FIGURE_OF.items():
            if etype == "attack":  # a stated total wins over its per-base parts
                totals = [e for e in out[name]["stated"] if e.get("place_name_en") is None]
                if totals:
                    out[name]["stated"] = totals
        return out

    def documents(self, *, month: int | None = None, kind: str | None = None) -> list[dict[str, Any]]:
        cols = [c for c in t.documents.c if c.name != "text"]
        q = sa.select(*cols).order_by(t.documents.c.id)
        if month is not None:
            q = q.where(t.documents.c.coalition_month == month)
        if kind:
            q = q.where(t.documents.c.kind == kind)
        with self.store.engine.connect() as c:
            return [dict(r) for r in c.execute(q).mappings()]

    def document(self, doc_id: int) -> dict[str, Any] | None:
        return self.store.document(doc_id)

    def places(self, *, month: int | None = None, first: int | None = None,
               last: int | None = None) -> dict[str, Any]:
        """GeoJSON points: one per named place, with the number of (non-rejected) events there."""
        by: dict[str, dict[str, Any]] = {}
        for e in self.events():
            if e.get("rejected") or e.get("lat") is None or e.get("lon") is None:
                continue
            m = event_month(e)
            if month is not None and m != month:
                continue
            if first is not None and (m is None or m < first):
                continue
            if last is not None and (m is None or m > last):
                continue
            p = by.setdefault(e["place_name_en"], {
                "type": "Feature", "geometry": {"type": "Point", "coordinates": [e["lon"], e["lat"]]},
                "properties": {"name_en": e["place_name_en"], "name_ar": place_ar(e),
                               "admin1": e.get("admin1"), "count": 0, "types": {}}})
            p["properties"]["count"] += 1
            types = p["properties"]["types"]
            types[e["type"]] = types.get(e["type"], 0) + 1
        feats = sorted(by.values(), key=lambda f: (-f["properties"]["count"], f["properties"]["name_en"]))
        return {"type": "FeatureCollection", "features": feats}
