"""Terminal views (rich) for the debug commands: what was found, where, and why."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from rasd.analysis import analyse
from rasd.reader import RawReport, ReadError, read_path

# Arabic in a terminal: rich does not reorder bidi text, so cells hold one short phrase each and the
# terminal's own bidi (if any) shows it; offsets are always printed next to it.


def print_extraction(out: dict[str, Any], con: Console) -> None:
    """Figures, events and findings of one report, with the evidence that states them."""
    t = Table(title=f"{out['document']['source']} · month {out['report']['coalition_month']}")
    t.add_column("figure")
    t.add_column("value")
    t.add_column("qualifier")
    for k, v in out["figures"].items():
        t.add_row(k, "—" if v is None else str(v), out["figure_qualifiers"].get(k, ""))
    con.print(t)
    e = Table(title="events")
    for col in ("type", "date", "place", "quantities", "evidence"):
        e.add_column(col)
    for ev in out["events"]:
        loc = (ev["location"] or {}).get("name_en", "")
        first = ev["evidence"][0] if ev["evidence"] else {"start": 0, "end": 0, "text": ""}
        e.add_row(ev["type"], ev["date"] or "", loc, str(ev["quantities"]),
                  f"[{first['start']}:{first['end']}] {first['text'][:80]}")
    con.print(e)
    f = Table(title="findings")
    f.add_column("kind")
    f.add_column("message")
    for x in out["findings"]:
        f.add_row(x["kind"], x["message"])
    con.print(f)


def print_normalize(report: RawReport, con: Console) -> None:
    """The matching copy, then each number and place with its original offsets."""
    an = analyse(report.text)
    con.print(an.text, markup=False)
    t = Table(title="numbers")
    for col in ("start", "end", "original", "value", "hedge"):
        t.add_column(col)
    for n in an.numbers:
        ev = an.nt.evidence(n.span_start, n.span_end)
        t.add_row(str(ev["start"]), str(ev["end"]), str(ev["text"]), str(n.value), n.hedge or "")
    con.print(t)
    p = Table(title="places and actors")
    for col in ("start", "end", "original", "id"):
        p.add_column(col)
    for m in [*an.places, *an.actors]:
        ev = an.nt.evidence(m.start, m.end)
        p.add_row(str(ev["start"]), str(ev["end"]), str(ev["text"]), m.item.id)
    con.print(p)


def print_dates(report: RawReport, published: date | None, con: Console) -> None:
    """Every date with its original offsets, the resolved day, and any problem."""
    an = analyse(report.text, published)
    con.print(f"coalition month: {an.month} period: {an.period} published: {an.published}")
    t = Table(title="dates")
    for col in ("start", "end", "original", "day", "month", "group", "date", "problem"):
        t.add_column(col)
    for r in an.dates:
        ev = an.nt.evidence(r.ref.start, r.ref.end)
        t.add_row(str(ev["start"]), str(ev["end"]), str(ev["text"]), str(r.ref.day), str(r.ref.month),
                  str(r.ref.group), r.date.isoformat() if r.date else "", r.problem or "")
    con.print(t)


def print_demo(folder: Path, con: Console) -> None:
    """One line per report: month, main figures, findings; bad files listed with their reason."""
    from rasd.contract import extract_report

    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".txt", ".html", ".htm"))
    t = Table(title=f"{len(files)} reports in {folder}")
    for col in ("report", "month", "trucks", "planes", "attacks", "trainings", "joint ops", "findings"):
        t.add_column(col)
    for p in files:
        try:
            out = extract_report(read_path(p))
        except ReadError as exc:
            con.print(f"[red]rejected[/red] {exc}")
            continue
        f = out["figures"]
        t.add_row(p.name, str(out["report"]["coalition_month"] or ""), str(f["convoy_vehicles"] or ""),
                  str(f["cargo_aircraft"] or ""), str(f["attacks_total"] or ""), str(f["trainings"] or ""),
                  str(f["joint_operations"] or ""), ", ".join(x["kind"] for x in out["findings"]))
    con.print(t)


def print_months(rows: list[dict[str, Any]], con: Console) -> None:
    """Coalition months × figures: stated by monthly summaries / summed from daily items."""
    from rasd.aggregate import SUMMABLE

    t = Table(title="coalition months — stated / summed from daily items", padding=(0, 1))
    t.add_column("month", justify="right", min_width=5)
    short = {"convoy_vehicles": "trucks", "cargo_aircraft": "planes", "attacks_total": "attacks",
             "airstrike_killed": "killed(strikes)", "trainings": "trainings", "joint_operations": "joint ops",
             "joint_operations_detained": "detained", "joint_operations_killed": "killed(ops)"}
    for k in SUMMABLE:
        t.add_column(short[k], justify="right", no_wrap=True, min_width=len(short[k]))
    t.add_column("!", justify="right")

    def cell(a: object, b: object) -> str:
        return f"{'-' if a is None else a}/{'-' if b is None else b}"

    for r in rows:
        t.add_row(str(r["month"]), *[cell(r["stated"].get(k), r["summed"].get(k)) for k in SUMMABLE],
                  str(len(r["findings"])) if r["findings"] else "")
    con.print(t)
    con.print("month N runs from the 23rd to the 22nd; '!' counts disagreements (see `rasd month N`)")


def print_month(n: int, row: dict[str, Any] | None, events: list[dict[str, Any]], con: Console) -> None:
    """One month: figures, then every event with its first evidence sentence, then findings."""
    con.print(f"[bold]coalition month {n}[/bold]")
    if row:
        t = Table(title="figures")
        for col in ("figure", "stated", "summed"):
            t.add_column(col)
        for k, v in row["stated"].items():
            summed = row["summed"].get(k) if k in row["summed"] else ""
            t.add_row(k, "—" if v is None else str(v), "—" if summed is None else str(summed))
        con.print(t)
    e = Table(title=f"{len(events)} events")
    for col in ("id", "type", "date", "place", "quantities", "status", "evidence"):
        e.add_column(col)
    for ev in events:
        status = "rejected" if ev["rejected"] else "corrected" if ev["corrections"] else ""
        first = ev["evidence"][0]["text"][:70] if ev["evidence"] else ""
        e.add_row(ev["id"], ev["type"], str(ev["date"] or ""), ev.get("place_name_en") or "",
                  str(ev["quantities"]), status, first)
    con.print(e)
    if row and row["findings"]:
        for f in row["findings"]:
            con.print(f"finding: {f['message']}")
