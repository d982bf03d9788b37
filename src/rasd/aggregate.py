"""Coalition months: the figures monthly summaries state, next to the figures summed from the daily
events of the month's period, with a finding wherever the two disagree. Pure over the store's rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rasd.calendar import month_of, period

# which event quantity a report figure is made of (corrections to the quantity change the figure)
FIGURE_OF: dict[str, tuple[str, str]] = {
    "convoy_vehicles": ("reinforcement_convoy", "vehicles"),
    "convoy_batches": ("reinforcement_convoy", "batches"),
    "cargo_aircraft": ("reinforcement_airlift", "aircraft"),
    "attacks_total": ("attack", "attacks"),
    "airstrike_rounds": ("airstrike", "rounds"),
    "airstrike_killed": ("airstrike", "killed"),
    "trainings": ("training_exercise", "trainings"),
    "joint_operations": ("joint_operation", "operations"),
    "joint_operations_detained": ("joint_operation", "detained"),
    "joint_operations_killed": ("joint_operation", "killed"),
}
# figures that a month's daily items can add up to
SUMMABLE = ("convoy_vehicles", "cargo_aircraft", "attacks_total", "airstrike_killed", "trainings",
            "joint_operations", "joint_operations_detained", "joint_operations_killed")


def _stated(output: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any]:
    """A monthly summary's figures, with analysts' corrections and rejections of its events on top."""
    figures = {k: output["figures"].get(k) for k in FIGURE_OF}
    for name, (etype, qty) in FIGURE_OF.items():
        mine = [e for e in events if e["type"] == etype and qty in (e.get("quantities") or {})]
        if etype == "attack":
            totals = [e for e in mine if e.get("place_name_en") is None]
            parts = [e for e in mine if e.get("place_name_en") is not None]
            if totals:
                mine = totals
            elif parts and any(e.get("corrections") for e in parts):
                live = [e for e in parts if not e["rejected"]]
                figures[name] = sum(e["quantities"][qty] or 0 for e in live) if live else None
                continue
        corrected = [e for e in mine if e.get("corrections")]
        for e in corrected:
            figures[name] = None if e["rejected"] else e["quantities"].get(qty)
    return figures


def _summed(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Figures added up from day-dated daily events, one per merged cluster."""
    seen: set[str] = set()
    out: dict[str, Any] = dict.fromkeys(SUMMABLE)
    for e in events:
        if e["rejected"] or e.get("date_precision") != "day" or e.get("doc_kind") != "daily":
            continue
        cid = e.get("cluster_id") or e["id"]
        if cid in seen:
            continue
        seen.add(cid)
        for name in SUMMABLE:
            etype, qty = FIGURE_OF[name]
            v = (e.get("quantities") or {}).get(qty)
            if e["type"] == etype and isinstance(v, int):
                out[name] = (out[name] or 0) + v
    return out


def months(store: Any, first: int | None = None, last: int | None = None) -> list[dict[str, Any]]:
    """One row per coalition month that has any document: stated and summed figures side by side."""
    return list(month_rows(store, first, last))


def month_rows(store: Any, first: int | None = None, last: int | None = None) -> Iterator[dict[str, Any]]:
    """The rows of `months`, one at a time.

    Read one month at a time (its summaries' figures, their events, the daily events of its period),
    so memory holds a month, not the corpus; the few events a correction may move are read apart. A
    summary's own events are read only when a correction may concern one of them: uncorrected events
    leave its stated figures as extracted (see `_stated`)."""
    import sqlalchemy as sa

    from rasd.store import schema as t
    from rasd.store.corrections import Corrector

    fix = Corrector(store.corrections())
    anchor = bool(fix.by_id)
    moved: list[dict[str, Any]] = []  # daily events a correction may concern, corrected
    corrected_docs: set[int] = set()  # the only summaries whose events can change their stated figures
    if anchor:
        concern = sa.or_(t.events.c.id.in_(fix.by_id), t.documents.c.sha256.in_(fix.shas))
        corrected_docs = store.event_document_ids(concern)
        for raw in store.iter_events(concern, t.documents.c.kind == "daily", anchor=True):
            ev = fix.apply(raw)
            ev["raw_date"] = raw["date"]
            moved.append(ev)
    skip = {e["id"] for e in moved}
    daily_months = {month_of(d) for d in store.daily_event_dates()}
    daily_months |= {month_of(e["date"]) for e in moved if e.get("date")}
    daily_months = {n for n in daily_months if n >= 1}
    nulls_first = store.engine.dialect.name == "sqlite"

    def rank(e: dict[str, Any]) -> tuple[bool, Any, str]:  # the database's (date, id) order
        return (e["raw_date"] is None) != nulls_first, e["raw_date"] or "", e["id"]

    summaries = store.iter_month_outputs("figures")
    pending = next(summaries, None)  # the next month of summaries in the stream
    for n in sorted(set(store.summary_months()) | daily_months):
        if (first is not None and n < first) or (last is not None and n > last):
            continue
        start, end = period(n)
        r = {"month": n, "period_start": start.isoformat(), "period_end": end.isoformat(),
             "stated": dict.fromkeys(FIGURE_OF), "summed": dict.fromkeys(SUMMABLE), "sources": [], "findings": []}
        while pending is not None and pending[0] < n:
            pending = next(summaries, None)
        outputs = pending[1] if pending is not None and pending[0] == n else []
        by_doc: dict[int, list[dict[str, Any]]] = {}
        ids = [doc["id"] for doc, _ in outputs if doc["id"] in corrected_docs]
        if ids:
            for raw in store.iter_events(t.events.c.document_id.in_(ids), anchor=anchor):
                by_doc.setdefault(raw["document_id"], []).append(fix.apply(raw))
        for doc, output in outputs:
            stated = _stated(output, by_doc.get(doc["id"], []))
            for k, v in stated.items():
                if r["stated"][k] is None:
                    r["stated"][k] = v
                elif v is not None and v != r["stated"][k]:
                    r["findings"].append({"kind": "summaries_disagree", "figure": k,
                                          "message": f"{k}: monthly summaries state {r['stated'][k]} and {v}"})
            r["sources"].append(doc["source"])
        if n in daily_months:
            evs = []
            for raw in store.iter_events(t.documents.c.kind == "daily", t.events.c.date >= start,
                                         t.events.c.date <= end):
                if raw["id"] not in skip:
                    ev = fix.apply(raw)
                    ev["raw_date"] = raw["date"]
                    evs.append(ev)
            evs += [e for e in moved if e.get("date") and month_of(e["date"]) == n]
            evs.sort(key=rank)
            r["summed"] = _summed(evs)
        for k in SUMMABLE:
            s, d = r["stated"].get(k), r["summed"].get(k)
            if s is not None and d is not None and s != d:
                r["findings"].append({"kind": "stated_vs_summed", "figure": k,
                                      "message": f"{k}: the monthly summary states {s}, daily reports add up to {d}"})
        yield r


def month_findings(store: Any) -> Iterator[dict[str, Any]]:
    """Every month's disagreements as store findings, a month at a time."""
    for r in month_rows(store):
        for f in r["findings"]:
            yield {"kind": f["kind"], "coalition_month": r["month"], "message": f["message"],
                   "detail": {"figure": f["figure"], "stated": r["stated"].get(f["figure"]),
                              "summed": r["summed"].get(f["figure"])}}
