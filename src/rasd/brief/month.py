"""One coalition month gathered from the store for its brief: the figures (stated by the month's
monthly summaries, with analysts' corrections on top; summed from daily items where no summary states
them), each with its provenance and the sentences that state it, the month's events, places, findings
and the series of the months around it. Pure over the store's reading methods."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rasd.aggregate import FIGURE_OF, SUMMABLE, months
from rasd.builder import FIGURES
from rasd.calendar import period

# figures that come from the convoy or attack events of a summary, for their evidence
EVIDENCE_TYPE = {"convoy_dates": "reinforcement_convoy", "convoy_origin": "reinforcement_convoy",
                 "attacker": "attack", "attacks_by_target": "attack"}
SERIES = ("convoy_vehicles", "cargo_aircraft", "attacks_total", "trainings", "joint_operations")
_SENTENCE_END = re.compile(r"[.\n؟!]")
_SENTENCE_SPLIT = re.compile(r"(?<=[.\n؟!])")


@dataclass
class Evidence:
    """A sentence of a source report that states a figure, as the report writes it."""

    text: str
    source: str
    published: str | None
    document_id: int


@dataclass
class Month:
    number: int
    period_start: date
    period_end: date
    figures: dict[str, Any]
    qualifiers: dict[str, str]
    provenance: dict[str, str]  # figure -> stated | corrected | summed
    evidence: dict[str, list[Evidence]]
    events: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    series: list[dict[str, Any]] = field(default_factory=list)

    def has(self, name: str) -> bool:
        v = self.figures.get(name)
        return v is not None and v != []

    def of_type(self, *types: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["type"] in types and not e.get("rejected")]


def sentence_at(text: str, start: int, end: int) -> str:
    """The whole sentence around a span: evidence reads better as a sentence than as a fragment."""
    lo = start
    while lo > 0 and not _SENTENCE_END.match(text[lo - 1]):
        lo -= 1
    m = _SENTENCE_END.search(text, end)
    hi = m.end() if m else len(text)
    return text[lo:hi].strip()


def _event_evidence(e: dict[str, Any], docs: dict[int, dict[str, Any]]) -> list[Evidence]:
    doc = docs.get(e["document_id"])
    if not doc:
        return []
    out: list[Evidence] = []
    for sp in e.get("evidence") or []:
        s = sentence_at(doc["text"], sp["start"], sp["end"])
        if s and all(x.text != s for x in out):
            out.append(Evidence(s, doc["source"], _iso(doc.get("published")), doc["id"]))
    return out[:2]


def _iso(d: Any) -> str | None:
    return d.isoformat() if hasattr(d, "isoformat") else d


def _figure_events(name: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if name in FIGURE_OF:
        etype, qty = FIGURE_OF[name]
        return [e for e in events if e["type"] == etype and qty in (e.get("quantities") or {})]
    if name in EVIDENCE_TYPE:
        return [e for e in events if e["type"] == EVIDENCE_TYPE[name]]
    return []


def _casualty_evidence(doc: dict[str, Any], casualties: list[dict[str, Any]]) -> list[Evidence]:
    """No event carries a party's losses, so their evidence is the summary's sentences that name a loss
    word and the party ("3 قتلى على الأقل من القوات الأميركية") — words from the rules' own lists."""
    from rasd.lexicon import load_yaml
    from rasd.rules import common

    loss = [w for k in ("killed_nouns", "killed_verbs", "wounded_nouns", "wounded_verbs") for w in common()[k]]
    actors = load_yaml("actors/actors.yaml")
    out: list[Evidence] = []
    for c in casualties:
        forms = actors.get(c.get("party"), {}).get("forms", [])
        if any(f in x.text for x in out for f in forms):
            continue  # one sentence often names the losses of several parties
        for sent in _SENTENCE_SPLIT.split(doc["text"]):
            sent = sent.strip()
            if (sent and any(w in sent for w in loss) and any(f in sent for f in forms)
                    and all(x.text != sent for x in out)):
                out.append(Evidence(sent, doc["source"], _iso(doc.get("published")), doc["id"]))
                break
    return out


def gather(store: Any, n: int, *, around: int = 5) -> Month:
    """Everything the brief of coalition month `n` says, with where each figure comes from."""
    start, end = period(n)
    rows = {r["month"]: r for r in months(store)}
    row = rows.get(n) or {"stated": dict.fromkeys(FIGURE_OF), "summed": dict.fromkeys(SUMMABLE), "findings": []}
    summaries = [(d, o) for d, o in store.outputs(monthly_only=True) if d.get("coalition_month") == n]
    docs = {d["id"]: d for d, _ in summaries}
    events = {e["id"]: e for e in store.events(coalition_month=n)}
    events.update({e["id"]: e for e in store.events(date_from=start, date_to=end)})
    month_events = sorted(events.values(), key=lambda e: (e.get("date") is None, e.get("date") or start, e["id"]))
    for e in month_events:
        if e["document_id"] not in docs:
            d = store.document(e["document_id"])
            if d:
                docs[d["id"]] = d

    figures: dict[str, Any] = dict.fromkeys(FIGURES)
    qualifiers: dict[str, str] = {}
    provenance: dict[str, str] = {}
    evidence: dict[str, list[Evidence]] = {}
    for doc, out in summaries:
        doc_events = [e for e in month_events if e["document_id"] == doc["id"]]
        for k in FIGURES:
            v = out["figures"].get(k)
            if figures[k] is None and v not in (None, []):
                figures[k] = v
                provenance[k] = "stated"
                if k in out.get("figure_qualifiers", {}):
                    qualifiers[k] = out["figure_qualifiers"][k]
                evidence[k] = [x for e in _figure_events(k, doc_events) for x in _event_evidence(e, docs)][:3]
                if k == "casualties":
                    evidence[k] = _casualty_evidence(docs[doc["id"]], v)
    for k in FIGURE_OF:  # an analyst's correction of a summary's event changes the stated figure
        stated = row["stated"].get(k)
        if provenance.get(k) == "stated" and stated != figures[k]:
            figures[k] = stated
            provenance[k] = "corrected"
            qualifiers.pop(k, None)
    daily = [e for e in month_events if e.get("doc_kind") == "daily" and not e.get("rejected")]
    for k in SUMMABLE:
        if figures[k] is None and row["summed"].get(k) is not None:
            figures[k] = row["summed"][k]
            provenance[k] = "summed"
            evidence[k] = [x for e in _figure_events(k, daily) for x in _event_evidence(e, docs)][:6]

    findings = [f for d, o in summaries for f in o.get("findings", [])] + list(row.get("findings", []))
    findings += [f for f in store.findings(n) if f.get("document_id") is None
                 and all(f["message"] != g["message"] for g in findings)]
    sources = [{"source": d["source"], "published": _iso(d.get("published")), "kind": d.get("kind"),
                "url": d.get("url")} for d in sorted(docs.values(), key=lambda d: d["id"])]
    series = [{"month": m, **{k: _series_value(rows[m], k) for k in SERIES}}
              for m in range(n - around, n + around + 1) if m in rows]
    return Month(n, start, end, figures, qualifiers, provenance, evidence, month_events, findings, sources, series)


def _series_value(row: dict[str, Any], k: str) -> int | None:
    v = row["stated"].get(k)
    return v if v is not None else row["summed"].get(k)
