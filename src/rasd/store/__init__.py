"""The database: documents kept with their raw hash and text, each extraction run's events, evidence,
places, actors and findings, analysts' corrections, and ingest errors. SQLite by default (WAL),
PostgreSQL with `postgresql://…`; one schema, migrated by Alembic on open.

Every document is stored in one transaction, so a killed ingest leaves no half-stored document.
"""

from __future__ import annotations

import hashlib
import itertools
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from rasd.store import bulk
from rasd.store import schema as t

DEFAULT_URL = "sqlite:///rasd.db"
DocOutput = tuple[dict[str, Any], dict[str, Any]]  # (document row, contract output)
Signed = tuple[int, int | None, bytes | None, str | None]  # see Store.iter_signatures


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
        self._bulk = bulk.Bulk(self.engine.dialect)
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
        return self.add_documents([dict(sha=sha, source=source, text=text, encoding=encoding, url=url,
                                        outlet=outlet, published=published, output=output, group_id=group_id)])[0]

    def known_shas(self, shas: list[str]) -> dict[str, int]:
        """Which of these raw hashes are stored already (hash -> document id), in one query."""
        if not shas:
            return {}
        with self.engine.connect() as c:
            return dict(c.execute(sa.select(t.documents.c.sha256, t.documents.c.id)
                                  .where(t.documents.c.sha256.in_(set(shas)))).all())

    def iter_signatures(self, scheme: str, chunk: int = 500) -> Iterator[Signed]:
        """(id, group id, near-duplicate signature, text) of every document in id order, `chunk` rows at a
        time: the signature when one of `scheme` is stored, else the text to compute it from."""
        sig = t.signatures.c
        usable = sa.and_(sig.minhash.is_not(None), sig.scheme == scheme)
        q = (sa.select(t.documents.c.id, t.documents.c.group_id, sa.case((usable, sig.minhash)).label("minhash"),
                       sa.case((usable, None), else_=t.documents.c.text).label("text"))
             .join(t.signatures, sig.document_id == t.documents.c.id, isouter=True)
             .order_by(t.documents.c.id).limit(chunk))
        last = 0
        while True:
            with self.engine.connect() as c:
                rows = c.execute(q.where(t.documents.c.id > last)).all()
            yield from ((r[0], r[1], None if r[2] is None else bytes(r[2]), r[3]) for r in rows)
            if len(rows) < chunk:
                return
            last = rows[-1][0]

    def add_signatures(self, rows: list[tuple[int, str, bytes]]) -> None:
        """(document id, scheme, signature) for documents stored without one (or with an older scheme)."""
        if rows:
            with self.engine.begin() as c:
                self._bulk.upsert_signatures(c, rows)

    def add_documents(self, docs: list[dict[str, Any]], *,
                      group: Callable[[dict[str, Any]], int | None] | None = None,
                      stored: Callable[[dict[str, Any], Stored], None] | None = None) -> list[Stored]:
        """Store a batch of documents and their extractions in one transaction (all or none of them):
        one query for the known hashes, one for the sources' latest versions, one for the new ids, then
        one executemany (COPY on PostgreSQL) per table. Each doc is `add_document`'s keywords; `group(doc)`
        is asked just before a document is stored and `stored(doc, result)` told just after, so
        near-duplicates inside the batch are seen."""
        run = self.run_id()
        out: list[Stored] = []
        with self.engine.begin() as c:
            if self.engine.dialect.name == "sqlite":
                c.exec_driver_sql("BEGIN IMMEDIATE")  # read the hashes and the largest id under the write lock
            shas = {d["sha"] for d in docs}
            known = dict(c.execute(sa.select(t.documents.c.sha256, t.documents.c.id)
                                   .where(t.documents.c.sha256.in_(shas))).all()) if shas else {}
            latest: dict[str, tuple[int, int]] = {}
            sources = {d["source"] for d in docs}
            for src, did, ver in c.execute(sa.select(t.documents.c.source, t.documents.c.id, t.documents.c.version)
                                           .where(t.documents.c.source.in_(sources))):
                if src not in latest or ver > latest[src][1]:
                    latest[src] = (did, ver)
            new_ids = iter(self._bulk.next_document_ids(c, len(shas - known.keys())))
            rows: dict[str, list[bulk.Row]] = {"documents": []}
            for d in docs:
                if d["sha"] in known:
                    result = Stored("unchanged", known[d["sha"]])
                else:
                    doc_id = next(new_ids)
                    gid = group(d) if group is not None else d.get("group_id")
                    prev = latest.get(d["source"])
                    version = (prev[1] + 1) if prev else 1
                    rows["documents"].append(bulk.document_row(
                        doc_id, d, version=version, previous_id=prev[0] if prev else None,
                        group_id=doc_id if gid is None else gid, at=now()))
                    if d.get("signature"):
                        rows.setdefault("signatures", []).append((doc_id, *d["signature"]))
                    known[d["sha"]] = doc_id
                    latest[d["source"]] = (doc_id, version)
                    for name, table_rows in bulk.extraction_rows(doc_id, run, d["output"]).items():
                        rows.setdefault(name, []).extend(table_rows)
                    status = "version" if prev else ("duplicate" if gid is not None else "new")
                    result = Stored(status, doc_id, gid or doc_id)
                out.append(result)
                if stored is not None:
                    stored(d, result)
            self._bulk.insert_all(c, rows)
        return out

    def _write_extraction(self, c: sa.Connection, doc_id: int, output: dict[str, Any], *, fresh: bool = False) -> None:
        if not fresh:  # a re-extraction replaces what the document had
            c.execute(sa.delete(t.events).where(t.events.c.document_id == doc_id))
            c.execute(sa.delete(t.findings).where(t.findings.c.document_id == doc_id))
            c.execute(sa.delete(t.places).where(t.places.c.document_id == doc_id))
            c.execute(sa.delete(t.extractions).where(t.extractions.c.document_id == doc_id))
        self._bulk.insert_all(c, bulk.extraction_rows(doc_id, self.run_id(), output))

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

    def _newest(self) -> Any:
        return (sa.select(t.documents.c.source, sa.func.max(t.documents.c.version).label("v"))
                .group_by(t.documents.c.source).subquery())

    def _outputs_query(self, *, monthly_only: bool, text: bool, month: int | None, part: str | None) -> Any:
        newest = self._newest()
        cols = [col for col in t.documents.c if text or col.name != "text"]
        out_col = t.extractions.c.output[part].label("output") if part else t.extractions.c.output
        q = (sa.select(*cols, out_col)
             .join(t.extractions, t.extractions.c.document_id == t.documents.c.id)
             .join(newest, sa.and_(newest.c.source == t.documents.c.source, newest.c.v == t.documents.c.version)))
        if monthly_only:
            q = q.where(t.documents.c.coalition_month.is_not(None))
        if month is not None:
            q = q.where(t.documents.c.coalition_month == month)
        return q

    def outputs(self, *, monthly_only: bool = False, text: bool = True, month: int | None = None,
                part: str | None = None) -> list[DocOutput]:
        """(document, contract output) for the newest version of every source; `month` keeps one coalition
        month's summaries, `part` reads one key of the output ("figures") instead of all of it."""
        q = self._outputs_query(monthly_only=monthly_only, text=text, month=month, part=part)
        with self.engine.connect() as c:
            rows = [(dict(r), r["output"]) for r in c.execute(q.order_by(t.documents.c.id)).mappings().all()]
        if part:
            return [(d, {part: out}) for d, out in rows]
        return rows

    def iter_month_outputs(self, part: str, chunk: int = 500) -> Iterator[tuple[int, list[DocOutput]]]:
        """(coalition month, `outputs(monthly_only=True, text=False, month=…, part=part)`) for every month
        in order, from one streamed query: one pass over the store instead of one per month."""
        q = self._outputs_query(monthly_only=True, text=False, month=None, part=part)
        q = q.order_by(t.documents.c.coalition_month, t.documents.c.id)
        with self.engine.connect() as c:
            rows = c.execution_options(yield_per=chunk).execute(q).mappings()
            for month, group in itertools.groupby(rows, key=lambda r: r["coalition_month"]):
                yield month, [(dict(r), {part: r["output"]}) for r in group]

    def summary_months(self) -> list[int]:
        """The coalition months the newest monthly summaries are about."""
        newest = self._newest()
        q = (sa.select(t.documents.c.coalition_month).distinct()
             .join(newest, sa.and_(newest.c.source == t.documents.c.source, newest.c.v == t.documents.c.version))
             .where(t.documents.c.coalition_month.is_not(None)))
        with self.engine.connect() as c:
            return [r[0] for r in c.execute(q) if r[0]]

    def daily_event_dates(self) -> list[date]:
        """The distinct dates of daily items' events (as extracted), newest document versions only."""
        q = (sa.select(t.events.c.date).distinct().join(t.documents, t.documents.c.id == t.events.c.document_id)
             .where(t.documents.c.kind == "daily", t.events.c.date.is_not(None),
                    t.documents.c.id.not_in(sa.select(t.documents.c.previous_id)
                                            .where(t.documents.c.previous_id.is_not(None)))))
        with self.engine.connect() as c:
            return [r[0] for r in c.execute(q)]

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

    def corrections(self) -> list[dict[str, Any]]:
        """Every analyst's correction, oldest first (a small table: read whole)."""
        with self.engine.connect() as c:
            return [dict(x) for x in c.execute(sa.select(t.corrections).order_by(t.corrections.c.id)).mappings()]

    def iter_events(self, *where: Any, order: tuple[str, ...] = ("date", "id"), anchor: bool = False,
                    binary: bool = False, chunk: int = 2000) -> Iterator[dict[str, Any]]:
        """Events of the newest document versions as `events(evidence=False)` gives them but before
        corrections, streamed `chunk` rows at a time so memory stays flat however large the store.
        `where` are extra conditions on `events`/`documents`; `anchor` adds each event's first
        evidence offset (what a correction recorded against an older extraction is matched by);
        `binary` sorts text columns by code point on every engine (as Python does)."""
        cols = [t.events, t.documents.c.sha256, t.documents.c.source, t.documents.c.published,
                t.documents.c.kind.label("doc_kind")]
        if anchor:
            cols.append(sa.select(sa.func.min(t.evidence.c.start)).where(t.evidence.c.event_id == t.events.c.id)
                        .scalar_subquery().label("anchor"))
        q = sa.select(*cols).join(t.documents, t.documents.c.id == t.events.c.document_id)
        q = q.where(t.documents.c.id.not_in(sa.select(t.documents.c.previous_id)
                                            .where(t.documents.c.previous_id.is_not(None))))
        for cond in where:
            q = q.where(cond)
        keys = [t.events.c[name] for name in order]
        if binary and self.engine.dialect.name == "postgresql":
            keys = [k.collate("C") if isinstance(k.type, sa.String) else k for k in keys]
        q = q.order_by(*keys)
        with self.engine.connect() as c:
            for r in c.execution_options(yield_per=chunk).execute(q).mappings():
                row = dict(r)
                first = row.pop("anchor", None)
                row["evidence"] = [{"start": first, "end": None, "text": None, "document_id": None}] \
                    if first is not None else []
                yield row

    def event_document_ids(self, *where: Any) -> set[int]:
        """The ids of the documents that have an event matching `where` (conditions on events/documents)."""
        q = (sa.select(t.events.c.document_id).distinct()
             .join(t.documents, t.documents.c.id == t.events.c.document_id).where(*where))
        with self.engine.connect() as c:
            return set(c.execute(q).scalars())

    def set_clusters(self, assignments: dict[str, str]) -> None:
        if not assignments:
            return
        stmt = sa.update(t.events).where(t.events.c.id == sa.bindparam("eid")).values(cluster_id=sa.bindparam("cid"))
        with self.engine.begin() as c:
            c.execute(stmt, [{"eid": eid, "cid": cid} for eid, cid in assignments.items()])

    def add_corpus_findings(self, items: Iterable[dict[str, Any]], chunk: int = 1000) -> int:
        """Findings about several documents (merge conflicts, month disagreements): replaced as a set,
        in one transaction, written `chunk` at a time as `items` yields them. Returns how many."""
        n = 0
        with self.engine.begin() as c:
            c.execute(sa.delete(t.findings).where(t.findings.c.document_id.is_(None)))
            rows = ((None, f.get("coalition_month"), f["kind"], f["message"], f.get("detail") or {}) for f in items)
            while batch := list(itertools.islice(rows, chunk)):
                self._bulk.insert(c, "findings", batch)
                n += len(batch)
        return n

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
