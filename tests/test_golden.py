"""Golden files: every example report against its gold figures (examples/gold.jsonl), and the seed."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

from rasd.contract import extract_report
from rasd.reader import read_path
from tests.conftest import EXAMPLES, SEED, gold_rows

SCALARS = ("convoy_vehicles", "convoy_batches", "cargo_aircraft", "attacks_total", "airstrike_rounds",
           "airstrike_killed", "trainings", "joint_operations", "joint_operations_detained",
           "joint_operations_killed", "attacker")


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def _origin(name: str | None) -> str | None:
    """The family of a convoy origin, as the scorer compares them (Kurdistan, Al-Waleed, Iraq)."""
    t = (name or "").lower()
    for words, key in ((("kurdistan",), "kurdistan"), (("waleed", "walid"), "waleed"), (("iraq",), "iraq")):
        if any(w in t for w in words):
            return key
    return t or None


def check(out: dict, facts: dict, findings: list[str]) -> None:
    fig = out["figures"]
    assert out["report"]["coalition_month"] == facts.get("coalition_month")
    for k in SCALARS:
        if k in facts:
            assert fig[k] == facts[k], k
    assert sorted(fig["convoy_dates"] or []) == sorted(facts.get("convoy_dates") or [])
    if "convoy_origin" in facts:
        assert _origin(fig["convoy_origin"]) == _origin(facts["convoy_origin"])
    got = sorted((t["count"], round(t["lat"], 1), round(t["lon"], 1)) for t in fig["attacks_by_target"] or [])
    want = facts.get("attacks_by_target") or []
    assert len(got) == len(want)
    for w in want:
        assert any(g[0] == w["count"] and _km((g[1], g[2]), (w["lat"], w["lon"])) < 25 for g in got), w
    killed = {(c["party"], c["killed"]) for c in fig["casualties"] or [] if c["killed"] is not None}
    for c in facts.get("casualties") or []:
        if c.get("killed") is not None:
            assert (c["party"], c["killed"]) in killed
    kinds = {f["kind"] for f in out["findings"]}
    for k in findings:
        assert k in kinds
    for k, v in (facts.get("figure_qualifiers") or {}).items():
        if fig.get(k) is not None:
            assert out["figure_qualifiers"].get(k) == v, k
    for ev in out["events"]:
        assert ev["evidence"], ev["type"]


ROWS = gold_rows(EXAMPLES / "gold.jsonl")

# Reports of the last blind sets the rules do not read right yet: each fails for the reason given, and the
# test fails the day it passes (strict), so the list only shrinks.
KNOWN_GAPS = {
    "b19-13": "a daily item's convoy with no count ('القافلة الخامسة هذا الشهر') gives no event, so no day nor origin",
    "b17-03": "a numbered list with sub-bullets: per-base rows and the killed of raids and strikes are mixed up",
    "b17-16": "a weekly round-up is read like a daily item: its dated items are not summed",
    "b17-17": "a fortnightly round-up is read like a daily item: its dated items are not summed",
    "b17-19": "a weekly round-up is read like a daily item: its dated items are not summed",
    "b17-20": "a fortnightly round-up: numbered attacks and dual cargo planes are not summed",
    "b12-14": "two attacks on one base told in two clauses of a headline-window item",
    "b10-04": "attacks written as 'عمليات' of the resistance, no coalition month, 'أرتال' as batches",
}


@pytest.mark.parametrize("row", [pytest.param(r, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[r["id"]]))
                                 if r["id"] in KNOWN_GAPS else r for r in ROWS], ids=[r["id"] for r in ROWS])
def test_example_report(row: dict) -> None:
    path = EXAMPLES / "reports" / f"{row['id']}.txt"
    report = read_path(path)
    published = date.fromisoformat(row["published"]) if row.get("published") else None
    out = extract_report(report, published)
    check(out, row["facts"], row.get("findings_expected") or [])
    text = path.read_text(encoding="utf-8")
    for ev in out["events"]:
        for e in ev["evidence"]:
            assert text[e["start"]:e["end"]] == e["text"]


def test_seed_report(seed_text: str) -> None:
    gold = json.loads(SEED.with_suffix("").with_suffix(".gold.json").read_text())
    out = extract_report(read_path(SEED))
    facts = dict(gold["figures"], coalition_month=gold["report"]["coalition_month"])
    check(out, facts, [f["kind"] for f in gold["findings_expected"]])
    assert out["figures"] == {**gold["figures"]}
    assert out["figure_qualifiers"] == gold["figure_qualifiers"]
    found = {f["kind"]: f for f in out["findings"]}
    assert (found["batch_count_mismatch"]["stated"], found["batch_count_mismatch"]["listed"]) == (12, 11)
    assert (found["breakdown_consistent"]["stated"], found["breakdown_consistent"]["sum"]) == (20, 20)
    types = [e["type"] for e in out["events"]]
    for t, n in gold["events_expected_minimum"].items():
        assert types.count(t) >= n, t
    for ev in out["events"]:
        for e in ev["evidence"]:
            assert seed_text[e["start"]:e["end"]] == e["text"]
