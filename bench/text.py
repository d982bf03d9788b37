"""Benchmark the text layer (normalise + numbers + dates) on one core over generated reports.

usage: python bench/text.py [N]   (default 10,000 reports)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import measure  # noqa: E402

from rasd.dates import find_dates  # noqa: E402
from rasd.numbers import find_numbers  # noqa: E402
from rasd.text import normalize  # noqa: E402


def work(_i: int, doc: str) -> int:
    text = normalize(doc).text
    return len(find_numbers(text)) + len(find_dates(text))


if __name__ == "__main__":
    measure("text layer", work, int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
