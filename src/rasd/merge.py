"""The same event reported by several documents becomes one (a cluster), and conflicting quantities
become findings rather than a silent pick.

Windows (documented and tested): two day-dated events of the same type from different documents are
the same event when their dates are at most `DAYS` apart and their places are the same or at most
`KM` kilometres apart (or neither names a place). Monthly summaries' period events are never merged
with daily ones.
"""

from __future__ import annotations

import math
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


def clusters(events: list[dict[str, Any]]) -> dict[str, str]:
    """event id -> cluster id (the id of the cluster's earliest event). Linear in the number of events:
    only day-dated events of one type within `DAYS` of each other are ever compared."""
    from datetime import timedelta

    ordered = sorted(events, key=lambda e: (str(e.get("date")), e["document_id"], e["id"]))
    assignment: dict[str, str] = {}
    heads: dict[tuple[str, Any], list[dict[str, Any]]] = {}
    for ev in ordered:
        if ev.get("date_precision") != "day" or not ev.get("date"):
            assignment[ev["id"]] = ev["id"]
            continue
        head = None
        for k in range(-DAYS, DAYS + 1):
            for h in heads.get((ev["type"], ev["date"] + timedelta(days=k)), []):
                if same_event(h, ev):
                    head = h
                    break
            if head is not None:
                break
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


def recluster(store: Any) -> list[dict[str, Any]]:
    """Recompute clusters over the whole store and replace the merge findings."""
    from rasd.aggregate import month_findings

    events = [e for e in store.events(evidence=False) if not e.get("rejected")]
    assignment = clusters(events)
    current = {e["id"]: e.get("cluster_id") for e in events}
    store.set_clusters({k: v for k, v in assignment.items() if current.get(k) != v})
    found = conflicts(events, assignment)
    found += month_findings(store)
    store.add_corpus_findings(found)
    return found
