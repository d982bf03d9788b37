"""The web tests' database: a handful of example reports around coalition month 113 (its monthly summary
and daily items with their publication dates), one report of month 114, and one hostile report, ingested
once with `rasd.ingest` as a JSON Lines dump (so each daily item keeps its publication date)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLES, gold_rows

MONTH = 113
REPORTS = ("g_m113b", "h_d01", "h_d12", "d005", "d002", "d007", "g_d12", "n_d10", "m114", "d001")
# a daily item of month 113 with markup, a script and a right-to-left override in its text
HOSTILE = (
    "الحسكة – 14 شباط/فبراير 2024\n"
    "<script>alert(1)</script><img src=x onerror=\"alert(2)\"> <b>عريض</b>\n"
    "دخلت اليوم قافلة عسكرية تابعة للتحالف الدولي مؤلفة من 12 شاحنة عبر معبر الوليد قادمة من إقليم كردستان "
    "العراق \u202eاتجهت إلى قاعدة الشدادي\u202c في ريف الحسكة الجنوبي.\n"
)
HOSTILE_URL = "https://example.org/hostile-item"


def write_dump(folder: Path) -> Path:
    """The JSON Lines file to ingest."""
    published = {r["id"]: r.get("published") for r in gold_rows(EXAMPLES / "gold.jsonl")}
    lines = []
    for name in REPORTS:
        text = (EXAMPLES / "reports" / f"{name}.txt").read_text(encoding="utf-8")
        lines.append({"text": text, "url": f"examples/reports/{name}.txt", "published": published.get(name),
                      "source": "examples"})
    lines.append({"text": HOSTILE, "url": HOSTILE_URL, "published": "2024-02-14", "source": "hostile.example"})
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "examples.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    return path


def build(url: str, folder: Path) -> None:
    from rasd.ingest import ingest
    from rasd.store import open_store

    summary = ingest(open_store(url), [str(write_dump(folder))])
    assert summary.new == len(REPORTS) + 1 and not summary.rejected, summary
