"""Benchmark the whole extraction (text layer + rules + contract JSON) on one core.

usage: python bench/extract.py [N]   (default 10,000 reports)
"""

from __future__ import annotations

import hashlib
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import report  # noqa: E402

from rasd.contract import extract_report  # noqa: E402
from rasd.reader import RawReport  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    docs = [report(i) for i in range(n)]
    size = sum(len(d.encode()) for d in docs)
    extract_report(RawReport("warm", "warm", docs[0], "utf-8"))
    t0 = time.perf_counter()
    events = 0
    for i, d in enumerate(docs):
        out = extract_report(RawReport(hashlib.sha256(d.encode()).hexdigest(), f"gen/{i}.txt", d, "utf-8"))
        events += len(json.dumps(out, ensure_ascii=False)) and len(out["events"])
    dt = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"extract: {n} reports, {size / 1e6:.1f} MB, avg {size / n / 1024:.1f} KB/report")
    print(f"  {n / dt:,.0f} reports/s on one core, {size / 1e6 / dt:.2f} MB/s, {events} events")
    print(f"  peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
