"""Benchmark the text layer (normalise + numbers + dates) on one core over generated reports.

usage: python bench/text.py [N]   (default 10,000 reports)
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import report  # noqa: E402

from rasd.dates import find_dates  # noqa: E402
from rasd.numbers import find_numbers  # noqa: E402
from rasd.text import normalize  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    docs = [report(i) for i in range(n)]
    size = sum(len(d.encode()) for d in docs)
    normalize(docs[0])  # load the lexicons once, as a worker would
    t0 = time.perf_counter()
    found = 0
    for d in docs:
        text = normalize(d).text
        found += len(find_numbers(text)) + len(find_dates(text))
    dt = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"text layer: {n} reports, {size / 1e6:.1f} MB, avg {size / n / 1024:.1f} KB/report")
    print(f"  {n / dt:,.0f} reports/s on one core, {size / 1e6 / dt:.2f} MB/s, {found} spans found")
    print(f"  peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
