"""Bulk writes: rows as plain tuples, sent with one driver-level `executemany` per table.

Ingest writes tens of rows per document; building a parameter dict per row and letting SQLAlchemy
process it cost more than extracting the document. Here each table's INSERT is prepared once per engine
with the bind processors of its column types (dates, JSON), so the values stored are exactly those a
Core `insert()` would store, on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from rasd.store import schema as t

Row = tuple[Any, ...]

# the columns each bulk insert fills, in the order of the row tuples below
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("id", "sha256", "source", "url", "outlet", "published", "encoding", "text", "version",
                  "previous_id", "group_id", "coalition_month", "kind", "ingested_at"),
    "signatures": ("document_id", "scheme", "minhash"),
    "extractions": ("document_id", "run_id", "output"),
    "events": ("id", "document_id", "run_id", "type", "date", "date_precision", "coalition_month",
               "place_name_en", "place_name_ar", "admin1", "lat", "lon", "initiator", "target", "partner",
               "quantities", "qualifiers", "attribution", "cluster_id"),
    "event_actors": ("event_id", "role", "actor"),
    "evidence": ("event_id", "document_id", "start", "end", "text"),
    "places": ("document_id", "name_en", "name_ar", "kind", "lat", "lon"),
    "findings": ("document_id", "coalition_month", "kind", "message", "detail"),
}
# foreign-key order: a row's parent is always written first
EXTRACTION_TABLES = ("extractions", "events", "event_actors", "evidence", "places", "findings")


@dataclass(frozen=True, slots=True)
class _Insert:
    """One table's driver-level INSERT (or, on PostgreSQL, COPY) and the bind processors of its columns
    (position, function)."""

    sql: str
    copy: str | None
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]

    def params(self, rows: list[Row]) -> list[Row]:
        if not self.processors:
            return rows
        out = []
        for row in rows:
            values = list(row)
            for i, process in self.processors:
                if values[i] is not None:
                    values[i] = process(values[i])
            out.append(tuple(values))
        return out


def _prepare(table: sa.Table, columns: tuple[str, ...], dialect: sa.Dialect) -> _Insert:
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    target = f"{quote(table.name)} ({', '.join(quote(c) for c in columns)})"
    sql = f"INSERT INTO {target} VALUES ({', '.join([mark] * len(columns))})"
    copy = f"COPY {target} FROM STDIN" if dialect.name == "postgresql" else None
    processors = []
    for i, name in enumerate(columns):
        process = table.c[name].type._cached_bind_processor(dialect)  # noqa: SLF001 - what Core itself applies
        if process is not None:
            processors.append((i, process))
    return _Insert(sql, copy, tuple(processors))


class Bulk:
    """The bulk inserts of one engine's dialect."""

    def __init__(self, dialect: sa.Dialect) -> None:
        self.dialect = dialect
        self._inserts = {name: _prepare(t.metadata.tables[name], cols, dialect) for name, cols in COLUMNS.items()}

    def insert(self, c: sa.Connection, name: str, rows: list[Row]) -> None:
        """`rows` (tuples in `COLUMNS[name]` order) into table `name`: one executemany, or on PostgreSQL
        one COPY (psycopg's executemany still costs a round of Python work per row)."""
        if not rows:
            return
        ins = self._inserts[name]
        if ins.copy is None:
            c.exec_driver_sql(ins.sql, ins.params(rows))
            return
        with c.connection.driver_connection.cursor() as cur, cur.copy(ins.copy) as copy:
            for row in ins.params(rows):
                copy.write_row(row)

    def insert_all(self, c: sa.Connection, rows: dict[str, list[Row]]) -> None:
        """Every table's rows, parents first."""
        for name in ("documents", "signatures", *EXTRACTION_TABLES):
            self.insert(c, name, rows.get(name, []))

    def upsert_signatures(self, c: sa.Connection, rows: list[Row]) -> None:
        """`signatures` rows that replace a document's older one (two ingests may sign it at once)."""
        if rows:
            ins = self._inserts["signatures"]
            c.exec_driver_sql(ins.sql + " ON CONFLICT (document_id) DO UPDATE SET scheme = excluded.scheme,"
                              " minhash = excluded.minhash", ins.params(rows))

    def next_document_ids(self, c: sa.Connection, n: int) -> list[int]:
        """Ids for `n` new documents, taken before they are inserted so that one batch's rows can name
        them: SQLite numbers a row after the largest id (read here under the batch's write lock), and
        PostgreSQL hands them out from the column's sequence."""
        if n <= 0:
            return []
        if self.dialect.name == "sqlite":
            first = (c.exec_driver_sql("SELECT max(id) FROM documents").scalar() or 0) + 1
            return list(range(first, first + n))
        return sorted(c.exec_driver_sql(
            "SELECT nextval(pg_get_serial_sequence('documents', 'id')) FROM generate_series(1, %s)", (n,)
        ).scalars())


def document_row(doc_id: int, d: dict[str, Any], *, version: int, previous_id: int | None, group_id: int,
                 at: datetime) -> Row:
    """A `documents` row (see `COLUMNS`) for `Store.add_documents`' keywords `d`."""
    month = (d["output"].get("report") or {}).get("coalition_month")
    return (doc_id, d["sha"], d["source"], d.get("url"), d.get("outlet"), d.get("published"), d["encoding"],
            d["text"], version, previous_id, group_id, month, "monthly" if month else "daily", at)


def extraction_rows(doc_id: int, run: int, output: dict[str, Any]) -> dict[str, list[Row]]:
    """The rows one extraction adds, by table name (tuples in `COLUMNS` order)."""
    month = (output.get("report") or {}).get("coalition_month")
    seen: set[str] = set()
    ev_rows: list[Row] = []
    actor_rows: list[Row] = []
    evidence_rows: list[Row] = []
    for ev in output.get("events") or []:
        eid = f"{ev['id']}" if ev["id"] not in seen else f"{ev['id']}-{len(seen)}"
        seen.add(eid)
        loc = ev.get("location") or {}
        acts = ev.get("actors") or {}
        ev_rows.append((
            eid, doc_id, run, ev["type"], date.fromisoformat(ev["date"]) if ev.get("date") else None,
            ev.get("date_precision"), month, loc.get("name_en"), loc.get("name_ar"), loc.get("admin1"),
            loc.get("lat"), loc.get("lon"), acts.get("initiator"), acts.get("target"), acts.get("partner"),
            ev.get("quantities") or {}, ev.get("qualifiers") or {}, ev.get("attribution"), eid,
        ))
        actor_rows += [(eid, role, acts[role]) for role in ("initiator", "target", "partner") if acts.get(role)]
        evidence_rows += [(eid, doc_id, e["start"], e["end"], e["text"]) for e in ev.get("evidence") or []]
    place_rows: list[Row] = []
    names: set[str] = set()
    for p in output.get("places") or []:
        if p["name_en"] not in names:
            names.add(p["name_en"])
            place_rows.append((doc_id, p["name_en"], p.get("name_ar"), p.get("kind"), p.get("lat"), p.get("lon")))
    return {"extractions": [(doc_id, run, output)], "events": ev_rows, "event_actors": actor_rows,
            "evidence": evidence_rows, "places": place_rows,
            "findings": finding_rows(doc_id, month, output.get("findings") or [])}


def finding_rows(doc_id: int | None, month: int | None, findings: Iterable[dict[str, Any]]) -> list[Row]:
    """`findings` rows: kind and message are columns, every other key goes to `detail` (JSON, serialised
    once, by the column's bind processor)."""
    return [(doc_id, month, f["kind"], f["message"], {k: v for k, v in f.items() if k not in ("kind", "message")})
            for f in findings]
