"""The same event reported by several documents becomes one (a cluster), and conflicting quantities
become findings rather than a silent pick.

Windows (documented and tested): two day-dated events of the same type from different documents are
the same event when their dates are at most `DAYS` apart and their places are the same or at most
`KM` kilometres apart (or neither names a place). Monthly summaries' period events are never merged
with daily ones.
"""

from __future__ import annotations

import itertools
import math
from datetime import timedelta
from typing import Any

DAYS = 2
KM = 15.0


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def same_event(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two extracted events describe one real event (see the module's windows)."""
    if a["type"] != b["type"] or a["document_id"] == b["document_id"]:
        return False
    if a.get("date_precision") != "day" or b.get("date_precision") != "day" or not a["date"] or not b["date"]:
        return False
    if abs((a["date"] - b["date"]).days) > DAYS:
        return False
    if a.get("lat") is None and b.get("lat") is None:
        return True
    if a.get("lat") is None or b.get("lat") is None:
        return False
    return km((a["lat"], a["lon"]), (b["lat"], b["lon"])) <= KM


def _head_for(heads: dict[tuple[str, Any], list[dict[str, Any]]], ev: dict[str, Any]) -> dict[str, Any] | None:
    """The first cluster head of the same type within `DAYS` of `ev` that is the same event, if any."""
    for k in range(-DAYS, DAYS + 1):
        for h in heads.get((ev["type"], ev["date"] + timedelta(days=k)), []):
            if same_event(h, ev):
                return h
    return None


def clusters(events: list[dict[str, Any]]) -> dict[str, str]:
    """event id -> cluster id (the id of the cluster's earliest event). Linear in the number of events:
    only day-dated events of one type within `DAYS` of each other are ever compared."""

    ordered = sorted(events, key=lambda e: (str(e.get("date")), e["document_id"], e["id"]))
    assignment: dict[str, str] = {}
    heads: dict[tuple[str, Any], list[dict[str, Any]]] = {}
    for ev in ordered:
        if ev.get("date_precision") != "day" or not ev.get("date"):
            assignment[ev["id"]] = ev["id"]
            continue
        head = _head_for(heads, ev)
        if head is None:
            heads.setdefault((ev["type"], ev["date"]), []).append(ev)
            assignment[ev["id"]] = ev["id"]
        else:
            assignment[ev["id"]] = head["id"]
    return assignment


def conflicts(events: list[dict[str, Any]], assignment: dict[str, str]) -> list[dict[str, Any]]:
    """A finding for every cluster whose documents state different quantities."""
    by_cluster: dict[str, list[dict[str, Any]]] = {}
    for ev in events:
        by_cluster.setdefault(assignment.get(ev["id"], ev["id"]), []).append(ev)
    out = []
    for cid, members in by_cluster.items():
        if len(members) < 2:
            continue
        keys = {k for m in members for k in (m.get("quantities") or {})}
        for k in sorted(keys):
            values = {m["document_id"]: (m.get("quantities") or {}).get(k) for m in members}
            stated = {v for v in values.values() if v is not None}
            if len(stated) > 1:
                from rasd.calendar import month_of

                first = members[0]
                out.append({
                    "kind": "conflicting_quantities",
                    "coalition_month": month_of(first["date"]) if first.get("date") else None,
                    "message": f"{first['type']} on {first['date']}: sources disagree on {k}: "
                               + ", ".join(f"document {d} says {v}" for d, v in values.items() if v is not None),
                    "detail": {"cluster": cid, "quantity": k, "values": {str(d): v for d, v in values.items()}},
                })
    return out


def _is_day(ev: dict[str, Any]) -> bool:
    return ev.get("date_precision") == "day" and bool(ev.get("date"))


def _order_key(ev: dict[str, Any]) -> tuple[str, Any, str]:
    return str(ev.get("date")), ev["document_id"], ev["id"]


def recluster(store: Any) -> int:
    """Recompute clusters over the whole store and replace the merge findings; returns how many.

    Same result as `clusters` and `conflicts` over every event, but streamed: only day-dated events
    (and events clustered before) are read, in date order, and a cluster is closed as soon as the
    stream is more than `DAYS` past its head, so memory holds a few days of events, not the corpus."""
    import heapq

    import sqlalchemy as sa

    from rasd.aggregate import month_findings
    from rasd.store import schema as t
    from rasd.store.corrections import Corrector

    fix = Corrector(store.corrections())
    order = ("date", "document_id", "id")
    corrected: list[dict[str, Any]] = []
    if fix.by_id:  # the few events a correction may concern, corrected, in memory
        concern = sa.or_(t.events.c.id.in_(fix.by_id), t.documents.c.sha256.in_(fix.shas))
        for raw in store.iter_events(concern, order=order, anchor=True):
            ev = fix.apply(raw)
            ev["raw_date"] = raw["date"]
            corrected.append(ev)
    skip = {e["id"] for e in corrected}
    day = sa.and_(t.events.c.date_precision == "day", t.events.c.date.is_not(None))
    updates: dict[str, str] = {}
    members: dict[str, list[dict[str, Any]]] = {}  # open clusters by head id
    closed: list[list[dict[str, Any]]] = []  # clusters of two or more, for the conflicts

    def settle(ev: dict[str, Any], cid: str) -> None:
        if ev.get("cluster_id") != cid:
            updates[ev["id"]] = cid

    def plain(rows: Any) -> Any:
        for raw in rows:
            if raw["id"] in skip:
                continue
            ev = fix.apply(raw)
            ev["raw_date"] = raw["date"]
            if _is_day(ev):
                yield ev
            elif not ev["rejected"]:
                settle(ev, ev["id"])  # clustered before, no longer day-dated: its own cluster again

    side = []
    for ev in corrected:
        if ev["rejected"]:
            continue
        if _is_day(ev):
            side.append(ev)
        else:
            settle(ev, ev["id"])
    side.sort(key=_order_key)
    stream = store.iter_events(sa.or_(day, t.events.c.cluster_id != t.events.c.id), order=order, binary=True)
    heads: dict[tuple[str, Any], list[dict[str, Any]]] = {}
    by_date: list[tuple[Any, tuple[str, Any]]] = []  # (head date, heads key) in arrival order
    first = 0
    for ev in heapq.merge(plain(stream), side, key=_order_key):
        if ev["rejected"]:
            continue
        while first < len(by_date) and by_date[first][0] < ev["date"] - timedelta(days=DAYS):
            for h in heads.pop(by_date[first][1], []):
                group = members.pop(h["id"])
                if len(group) > 1:
                    closed.append(group)
            first += 1
        head = _head_for(heads, ev)
        if head is None:
            key = (ev["type"], ev["date"])
            if key not in heads:
                by_date.append((ev["date"], key))
            heads.setdefault(key, []).append(ev)
            members[ev["id"]] = [ev]
            settle(ev, ev["id"])
        else:
            members[head["id"]].append(ev)
            settle(ev, head["id"])
    closed += [group for group in members.values() if len(group) > 1]
    store.set_clusters(updates)
    # the conflicts in the order the whole-store pass lists them: events by (date, id) as the database sorts
    nulls_first = store.engine.dialect.name == "sqlite"
    rank = {e["id"]: ((e["raw_date"] is None) != nulls_first, e["raw_date"] or "", e["id"])
            for group in closed for e in group}
    ordered = sorted((e for group in closed for e in group), key=lambda e: rank[e["id"]])
    found = conflicts(ordered, {e["id"]: group[0]["id"] for group in closed for e in group})
    return store.add_corpus_findings(itertools.chain(found, month_findings(store)))
