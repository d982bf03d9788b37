"""The database: documents kept with their raw hash and text, each extraction run's events, evidence,
places, actors and findings, analysts' corrections, and ingest errors. SQLite by default (WAL),
PostgreSQL with `postgresql://…`; one schema, migrated by Alembic on open.

Every document is stored in one transaction, so a killed ingest leaves no half-stored document.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from rasd.store import schema as t

DEFAULT_URL = "sqlite:///rasd.db"


def rules_version() -> str:
    """A hash of every data file of the package: extraction runs record which rules made them."""
    h = hashlib.sha256()
    root = resources.files("rasd") / "data"
    stack = [root]
    files = []
    while stack:
        node = stack.pop()
        for child in node.iterdir():
            if child.is_dir():
                stack.append(child)
            elif child.name.endswith((".yaml", ".tsv")):
                files.append(child)
    for f in sorted(files, key=lambda p: str(p)):
        h.update(str(f.name).encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 60})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:  # pragma: no cover - driver hook
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA busy_timeout=60000")
            for attempt in range(50):  # two processes creating one new file race for the WAL switch
                try:
                    cur.execute("PRAGMA journal_mode=WAL")
                    break
                except sqlite3.OperationalError:
                    if attempt == 49:
                        raise
                    time.sleep(0.1)
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return sa.create_engine(url, pool_pre_ping=True)


def migrate(engine: sa.Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("rasd") / "migrations"))
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA busy_timeout=60000")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if engine.dialect.name == "sqlite" else "SELECT pg_advisory_xact_lock(7262)")  # noqa: E501 - one migrator at a time
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@dataclass(frozen=True, slots=True)
class Stored:
    """What happened to one incoming document."""

    status: str  # new, unchanged, version, duplicate
    document_id: int | None
    group_id: int | None = None


def now() -> datetime:
    return datetime.now(UTC)


class Store:
    """The narrow interface every command and the web app use."""

    def __init__(self, url: str = DEFAULT_URL) -> None:
        self.url = url
        self.engine = _engine(url)
        migrate(self.engine)
        self._run_id: int | None = None

    # ------------------------------------------------------------------ runs
    def run_id(self) -> int:
        """The id of this process's extraction run (one per rules version and process)."""
        if self._run_id is None:
            with self.engine.begin() as c:
                self._run_id = c.execute(
                    sa.insert(t.runs).values(rules_version=rules_version(), started_at=now())
                ).inserted_primary_key[0]
        return self._run_id

    # ------------------------------------------------------------------ documents
    def find_sha(self, sha: str) -> int | None:
        with self.engine.connect() as c:
            return c.execute(sa.select(t.documents.c.id).where(t.documents.c.sha256 == sha)).scalar()

    def latest_for_source(self, source: str) -> tuple[int, int] | None:
        with self.engine.connect() as c:
            row = c.execute(
                sa.select(t.documents.c.id, t.documents.c.version)
                .where(t.documents.c.source == source).order_by(t.documents.c.version.desc()).limit(1)
            ).first()
        return (row[0], row[1]) if row else None

    def add_document(self, *, sha: str, source: str, text: str, encoding: str, url: str | None,
                     outlet: str | None, published: date | None, output: dict[str, Any],
                     group_id: int | None = None) -> Stored:
        """Store a document and its extraction in one transaction; the same bytes twice add nothing."""
        self.run_id()
        with self.engine.begin() as c:
            found = c.execute(sa.select(t.documents.c.id).where(t.documents.c.sha256 == sha)).scalar()
            if found is not None:
                return Stored("unchanged", found)
            prev = c.execute(
                sa.select(t.documents.c.id, t.documents.c.version)
                .where(t.documents.c.source == source).order_by(t.documents.c.version.desc()).limit(1)
            ).first()
            report = output.get("report") or {}
            doc_id = c.execute(sa.insert(t.documents).values(
                sha256=sha, source=source, url=url, outlet=outlet, published=published, encoding=encoding,
                text=text, version=(prev[1] + 1) if prev else 1, previous_id=prev[0] if prev else None,
                group_id=group_id, coalition_month=report.get("coalition_month"),
                kind="monthly" if report.get("coalition_month") else "daily", ingested_at=now(),
            )).inserted_primary_key[0]
            if group_id is None:
                c.execute(sa.update(t.documents).where(t.documents.c.id == doc_id).values(group_id=doc_id))
            self._write_extraction(c, doc_id, output, fresh=True)
        status = "version" if prev else ("duplicate" if group_id is not None else "new")
        return Stored(status, doc_id, group_id or doc_id)

    def _write_extraction(self, c: sa.Connection, doc_id: int, output: dict[str, Any], *, fresh: bool = False) -> None:
        run = self.run_id()
        if not fresh:  # a re-extraction replaces what the document had
            c.execute(sa.delete(t.events).where(t.events.c.document_id == doc_id))
            c.execute(sa.delete(t.findings).where(t.findings.c.document_id == doc_id))
            c.execute(sa.delete(t.places).where(t.places.c.document_id == doc_id))
            c.execute(sa.delete(t.extractions).where(t.extractions.c.document_id == doc_id))
        c.execute(sa.insert(t.extractions).values(document_id=doc_id, run_id=run, output=output))
        month = (output.get("report") or {}).get("coalition_month")
        seen: set[str] = set()
        ev_rows, actor_rows, evidence_rows = [], [], []
        for ev in output.get("events") or []:
            eid = f"{ev['id']}" if ev["id"] not in seen else f"{ev['id']}-{len(seen)}"
            seen.add(eid)
            loc = ev.get("location") or {}
            acts = ev.get("actors") or {}
            ev_rows.append(dict(
                id=eid, document_id=doc_id, run_id=run, type=ev["type"],
                date=date.fromisoformat(ev["date"]) if ev.get("date") else None,
                date_precision=ev.get("date_precision"), coalition_month=month,
                place_name_en=loc.get("name_en"), place_name_ar=loc.get("name_ar"), admin1=loc.get("admin1"),
                lat=loc.get("lat"), lon=loc.get("lon"), initiator=acts.get("initiator"), target=acts.get("target"),
                partner=acts.get("partner"), quantities=ev.get("quantities") or {},
                qualifiers=ev.get("qualifiers") or {}, attribution=ev.get("attribution"), cluster_id=eid,
            ))
            actor_rows += [dict(event_id=eid, role=role, actor=acts[role])
                           for role in ("initiator", "target", "partner") if acts.get(role)]
            evidence_rows += [dict(event_id=eid, document_id=doc_id, start=e["start"], end=e["end"], text=e["text"])
                              for e in ev.get("evidence") or []]
        place_rows, names = [], set()
        for p in output.get("places") or []:
            if p["name_en"] not in names:
                names.add(p["name_en"])
                place_rows.append(dict(document_id=doc_id, name_en=p["name_en"], name_ar=p.get("name_ar"),
                                       kind=p.get("kind"), lat=p.get("lat"), lon=p.get("lon")))
        finding_rows = [dict(document_id=doc_id, coalition_month=month, kind=f["kind"], message=f["message"],
                             detail=json.loads(json.dumps({k: v for k, v in f.items()
                                                           if k not in ("kind", "message")})))
                        for f in output.get("findings") or []]
        # one executemany per table: far fewer round trips than a statement per row
        for table, rows in ((t.events, ev_rows), (t.actors, actor_rows), (t.evidence, evidence_rows),
                            (t.places, place_rows), (t.findings, finding_rows)):
            if rows:
                c.execute(sa.insert(table), rows)

    def replace_extraction(self, doc_id: int, output: dict[str, Any]) -> None:
        """Re-extraction: the document's events, places and findings are rebuilt in one transaction."""
        self.run_id()
        with self.engine.begin() as c:
            self._write_extraction(c, doc_id, output)

    def add_error(self, source: str, reason: str) -> None:
        with self.engine.begin() as c:
            c.execute(sa.insert(t.ingest_errors).values(source=source, reason=reason, at=now()))

    # ------------------------------------------------------------------ reading
    def documents(self) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            rows = c.execute(sa.select(t.documents).order_by(t.documents.c.id)).mappings().all()
        return [dict(r) for r in rows]

    def document(self, doc_id: int) -> dict[str, Any] | None:
        with self.engine.connect() as c:
            row = c.execute(sa.select(t.documents).where(t.documents.c.id == doc_id)).mappings().first()
        return dict(row) if row else None

    def outputs(self, *, monthly_only: bool = False, text: bool = True) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """(document, contract output) for the newest version of every source."""
        with self.engine.connect() as c:
            newest = (sa.select(t.documents.c.source, sa.func.max(t.documents.c.version).label("v"))
                      .group_by(t.documents.c.source).subquery())
            cols = [col for col in t.documents.c if text or col.name != "text"]
            q = (sa.select(*cols, t.extractions.c.output)
                 .join(t.extractions, t.extractions.c.document_id == t.documents.c.id)
                 .join(newest, sa.and_(newest.c.source == t.documents.c.source, newest.c.v == t.documents.c.version))
                 .order_by(t.documents.c.id))
            if monthly_only:
                q = q.where(t.documents.c.coalition_month.is_not(None))
            return [(dict(r), r["output"]) for r in c.execute(q).mappings().all()]

    def events(self, *, evidence: bool = True, **filters: Any) -> list[dict[str, Any]]:
        """Events with their evidence, corrections applied (rejected ones flagged). `evidence=False` leaves
        the texts out (merging and month sums need only the first offset, as `anchor`)."""
        from rasd.store.corrections import apply_corrections

        with self.engine.connect() as c:
            q = sa.select(t.events, t.documents.c.sha256, t.documents.c.source, t.documents.c.published,
                          t.documents.c.kind.label("doc_kind")).join(
                t.documents, t.documents.c.id == t.events.c.document_id)
            q = q.where(t.documents.c.id.not_in(sa.select(t.documents.c.previous_id).where(t.documents.c.previous_id.is_not(None))))  # noqa: E501 - superseded versions do not count
            for key in ("type", "coalition_month", "document_id", "cluster_id"):
                if filters.get(key) is not None:
                    q = q.where(t.events.c[key] == filters[key])
            if filters.get("date_from"):
                q = q.where(t.events.c.date >= filters["date_from"])
            if filters.get("date_to"):
                q = q.where(t.events.c.date <= filters["date_to"])
            rows = [dict(r) for r in c.execute(q.order_by(t.events.c.date, t.events.c.id)).mappings().all()]
            corr = c.execute(sa.select(t.corrections).order_by(t.corrections.c.id)).mappings().all()
            if evidence:
                ev = c.execute(sa.select(t.evidence).order_by(t.evidence.c.id)).mappings().all()
            else:
                ev = c.execute(sa.select(t.evidence.c.event_id, sa.func.min(t.evidence.c.start).label("start"))
                               .group_by(t.evidence.c.event_id)).mappings().all()
        by_event: dict[str, list[dict[str, Any]]] = {}
        for e in ev:
            by_event.setdefault(e["event_id"], []).append(
                {"start": e["start"], "end": e.get("end"), "text": e.get("text"), "document_id": e.get("document_id")})
        for r in rows:
            r["evidence"] = by_event.get(r["id"], [])
        return apply_corrections(rows, [dict(x) for x in corr])

    def set_clusters(self, assignments: dict[str, str]) -> None:
        with self.engine.begin() as c:
            for eid, cid in assignments.items():
                c.execute(sa.update(t.events).where(t.events.c.id == eid).values(cluster_id=cid))

    def add_corpus_findings(self, items: list[dict[str, Any]]) -> None:
        """Findings about several documents (merge conflicts, month disagreements): replaced as a set."""
        with self.engine.begin() as c:
            c.execute(sa.delete(t.findings).where(t.findings.c.document_id.is_(None)))
            for f in items:
                c.execute(sa.insert(t.findings).values(document_id=None, coalition_month=f.get("coalition_month"),
                                                       kind=f["kind"], message=f["message"],
                                                       detail=f.get("detail") or {}))

    def findings(self, month: int | None = None) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            q = sa.select(t.findings)
            if month is not None:
                q = q.where(t.findings.c.coalition_month == month)
            return [dict(r) for r in c.execute(q.order_by(t.findings.c.id)).mappings().all()]

    def errors(self) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            return [dict(r) for r in c.execute(sa.select(t.ingest_errors).order_by(t.ingest_errors.c.id)).mappings()]

    def add_correction(self, *, event_id: str, action: str, changes: dict[str, Any], by: str,
                       why: str | None) -> int:
        """Store an analyst's correction; it survives re-extraction (matched by id, else by anchor)."""
        with self.engine.begin() as c:
            row = c.execute(
                sa.select(t.events.c.type, t.documents.c.sha256, sa.func.min(t.evidence.c.start))
                .join(t.documents, t.documents.c.id == t.events.c.document_id)
                .join(t.evidence, t.evidence.c.event_id == t.events.c.id, isouter=True)
                .where(t.events.c.id == event_id).group_by(t.events.c.type, t.documents.c.sha256)
            ).first()
            if row is None:
                raise KeyError(event_id)
            return c.execute(sa.insert(t.corrections).values(
                event_id=event_id, document_sha256=row[1], event_type=row[0], anchor=row[2], action=action,
                changes=changes, by=by, why=why, at=now(),
            )).inserted_primary_key[0]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as c:
            return {name: c.execute(sa.select(sa.func.count()).select_from(tab)).scalar() or 0
                    for name, tab in (("documents", t.documents), ("events", t.events),
                                      ("evidence", t.evidence), ("findings", t.findings),
                                      ("corrections", t.corrections), ("ingest_errors", t.ingest_errors))}


def open_store(url: str | None = None) -> Store:
    """The store at `url` (default: SQLite `rasd.db` in the working folder)."""
    return Store(url or DEFAULT_URL)
