"""Benchmark the whole extraction (text layer + rules + contract JSON) on one core.

usage: python bench/extract.py [N]   (default 10,000 reports)
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import measure  # noqa: E402

from rasd.contract import extract_report  # noqa: E402
from rasd.reader import RawReport  # noqa: E402


def work(i: int, doc: str) -> int:
    out = extract_report(RawReport(hashlib.sha256(doc.encode()).hexdigest(), f"gen/{i}.txt", doc, "utf-8"))
    json.dumps(out, ensure_ascii=False)
    return len(out["events"])


if __name__ == "__main__":
    measure("extract", work, int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
