"""The coalition's own month count: month 1 began on 2014-09-23; month N runs 23rd -> 22nd."""

from __future__ import annotations

from datetime import date, timedelta

EPOCH_YEAR, EPOCH_MONTH, START_DAY = 2014, 9, 23


def period(n: int) -> tuple[date, date]:
    """First and last day of coalition month `n` (month 113 -> 2024-01-23 .. 2024-02-22)."""
    if n < 1:
        raise ValueError(f"coalition month must be >= 1, got {n}")
    idx = EPOCH_MONTH - 1 + (n - 1)
    start = date(EPOCH_YEAR + idx // 12, idx % 12 + 1, START_DAY)
    nxt = idx + 1
    end = date(EPOCH_YEAR + nxt // 12, nxt % 12 + 1, START_DAY) - timedelta(days=1)
    return start, end


def month_of(d: date) -> int:
    """The coalition month that contains `d` (0 or less before the coalition began)."""
    n = (d.year - EPOCH_YEAR) * 12 + (d.month - EPOCH_MONTH) + 1
    return n if d.day >= START_DAY else n - 1
