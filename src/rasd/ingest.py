"""Files, folders, globs, JSONL dumps and RSS/Atom feeds become documents in the store.

Reading is at the edge (here); extraction is the pure `extract_report`; every document is stored in its
own transaction. A bad input never stops the run: it is listed with its reason and kept in
`ingest_errors`.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rasd.reader import MAX_BYTES, RawReport, ReadError, decode, html_text, read_report

TEXT = (".txt",)
HTML = (".html", ".htm")
JSONL = (".jsonl", ".ndjson")
FEEDS = (".rss", ".atom", ".xml")


@dataclass(frozen=True, slots=True)
class Incoming:
    """A decoded report ready for extraction."""

    report: RawReport
    url: str | None = None
    outlet: str | None = None
    published: date | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that is not a report, with the one-line reason."""

    source: str
    reason: str


@dataclass
class Summary:
    """Counts for the progress bar and the closing summary."""

    new: int = 0
    unchanged: int = 0
    duplicate: int = 0
    version: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    def add(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)


def expand(paths: list[str]) -> Iterator[Path]:
    """Files named, found under folders (recursively) or matched by globs, in a stable order."""
    for p in paths:
        matches = sorted(glob.glob(p, recursive=True)) if any(ch in p for ch in "*?[") else [p]
        for m in matches:
            path = Path(m)
            if path.is_dir():
                yield from sorted(x for x in path.rglob("*") if x.is_file() and not x.name.startswith("."))
            else:
                yield path


def _parse_date(value: Any) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    s = str(value).strip()
    for cut in (10,):
        try:
            return date.fromisoformat(s[:cut])
        except ValueError:
            pass
    try:
        return datetime.strptime(s[:25], "%a, %d %b %Y %H:%M:%S").date()
    except ValueError:
        return None


def read_file(path: Path) -> Iterator[Incoming | Rejected]:
    """Every report a file holds: one for text and HTML, one per line or entry for JSONL and feeds."""
    source = str(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > MAX_BYTES and suffix not in JSONL + FEEDS:
            yield Rejected(source, f"over the size limit ({size} bytes > {MAX_BYTES})")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Rejected(source, exc.strerror or str(exc))
        return
    try:
        if suffix in JSONL:
            yield from _jsonl(data, source)
        elif suffix in FEEDS or data.lstrip()[:200].lower().startswith((b"<?xml", b"<rss", b"<feed")):
            yield from _feed(data, source)
        elif suffix in HTML:
            yield _html(data, source)
        else:
            yield Incoming(read_report(data, source, html=False))
    except ReadError as exc:
        yield Rejected(exc.source, exc.reason)


def _html(data: bytes, source: str) -> Incoming:
    """Main text and publication date of a web page (trafilatura), else the page's plain text."""
    markup, _ = decode(data, source)
    if "</html" not in markup.lower() and "</body" not in markup.lower():
        raise ReadError(source, "truncated HTML (no closing </body> or </html>)")
    text, published = None, None
    try:
        import trafilatura

        text = trafilatura.extract(markup, include_comments=False, include_tables=True, favor_recall=True)
        meta = trafilatura.extract_metadata(markup)
        published = _parse_date(getattr(meta, "date", None)) if meta else None
    except Exception:  # noqa: BLE001 - a page trafilatura cannot parse still has its plain text
        text = None
    if not text or not text.strip():
        text = html_text(markup)
    if not text.strip():
        raise ReadError(source, "HTML page with no text")
    sha = hashlib.sha256(data).hexdigest()
    return Incoming(RawReport(sha, source, text, "html"), published=published)


def _jsonl(data: bytes, source: str) -> Iterator[Incoming | Rejected]:
    text, _ = decode(data, source, limit=None)  # a dump holds many reports; each line is checked below
    for n, line in enumerate(text.splitlines(), 1):
        where = f"{source}:{n}"
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejected(where, f"not JSON ({exc.msg})")
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
            yield Rejected(where, "no \"text\" field")
            continue
        body = row["text"]
        sha = hashlib.sha256(body.encode("utf-8")).hexdigest()
        src = row.get("url") or where  # "source" names the outlet, not the document
        yield Incoming(RawReport(sha, str(src), body, "utf-8"), url=row.get("url"), outlet=row.get("source"),
                       published=_parse_date(row.get("published")))


def _feed(data: bytes, source: str) -> Iterator[Incoming | Rejected]:
    import feedparser

    feed = feedparser.parse(data)
    if feed.bozo and not feed.entries:
        raise ReadError(source, f"not a readable feed ({type(feed.bozo_exception).__name__})")
    outlet = feed.feed.get("title")
    for i, e in enumerate(feed.entries, 1):
        where = f"{source}#{i}"
        content = ""
        if e.get("content"):
            content = e["content"][0].get("value", "")
        content = content or e.get("summary", "")
        body = html_text(content) if "<" in content else content
        title = e.get("title", "")
        body = f"{title}\n{body}".strip() if title and title not in body else body
        if not body.strip():
            yield Rejected(where, "feed entry with no text")
            continue
        parsed = e.get("published_parsed") or e.get("updated_parsed")
        published = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
        sha = hashlib.sha256(body.encode("utf-8")).hexdigest()
        yield Incoming(RawReport(sha, e.get("link") or where, body, "utf-8"), url=e.get("link"), outlet=outlet,
                       published=published)


# Documents stored per transaction: a killed ingest loses at most one batch, never half of one. Event and
# evidence ids are hashes, so every row lands on its own page of the indexes once the store is large: a
# larger batch shares those pages between more rows (10,000 stored: 32 -> 128 saves ~0.3 ms per document).
BATCH = 128


def _extract(item: Incoming) -> tuple[dict[str, Any], Any]:
    """The contract output and the near-duplicate signature, both from one normalisation of the text
    (run in a worker process with --jobs)."""
    from rasd.contract import to_contract
    from rasd.dedup import signature_of_copy
    from rasd.extract import extract

    result = extract(item.report.text, item.published)
    return to_contract(item.report, result, item.published), signature_of_copy(result.an.nt.text)


def _batches(items: Iterator[Incoming], size: int) -> Iterator[list[Incoming]]:
    batch: list[Incoming] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(store: Any, paths: list[str], *, jobs: int = 1,
           progress: Callable[[str, Summary], None] | None = None) -> Summary:
    """Read, extract and store every report under `paths`; returns what happened to each."""
    from rasd.dedup import SCHEME, NearDuplicates, to_bytes
    from rasd.merge import recluster

    summary = Summary()
    near = NearDuplicates.from_store(store)

    def readable() -> Iterator[Incoming]:
        """Readable reports, one at a time (memory stays flat however large the corpus)."""
        for path in expand(paths):
            for got in read_file(path):
                if isinstance(got, Rejected):
                    summary.rejected.append(got)
                    store.add_error(got.source, got.reason)
                    if progress:
                        progress("rejected", summary)
                else:
                    yield got

    def count(status: str) -> None:
        summary.add(status)
        if progress:
            progress(status, summary)

    def store_batch(batch: list[Incoming], outputs: list[tuple[dict[str, Any], Any]]) -> None:
        sigs = {id(it): sig for it, (_, sig) in zip(batch, outputs, strict=True)}
        docs = [dict(sha=it.report.id, source=it.report.source, text=it.report.text, encoding=it.report.encoding,
                     url=it.url, outlet=it.outlet, item=it, output=out, signature=(SCHEME, to_bytes(sig)),
                     published=it.published or _parse_date(out["document"]["published"]))
                for it, (out, sig) in zip(batch, outputs, strict=True)]

        def group(d: dict[str, Any]) -> int | None:
            return near.group_of(d["text"], sigs[id(d["item"])])

        def stored(d: dict[str, Any], result: Any) -> None:
            if result.status in ("new", "version", "duplicate") and result.document_id is not None:
                near.add(result.group_id or result.document_id, d["text"], sigs[id(d["item"])])

        for result in store.add_documents(docs, group=group, stored=stored):
            count(result.status)

    def fresh(batch: list[Incoming]) -> list[Incoming]:
        """The batch without the reports stored already (one query for the whole batch)."""
        known = store.known_shas([it.report.id for it in batch])
        for it in batch:
            if it.report.id in known:
                count("unchanged")
        return [it for it in batch if it.report.id not in known]

    if jobs > 1:
        # the workers extract the next batch while this process stores the current one
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            pending: tuple[list[Incoming], list[Future[tuple[dict[str, Any], Any]]]] | None = None
            for batch in _batches(readable(), max(BATCH, 8 * jobs)):
                todo = fresh(batch)
                if not todo:
                    continue
                submitted = (todo, [pool.submit(_extract, it) for it in todo])
                if pending is not None:
                    store_batch(pending[0], [f.result() for f in pending[1]])
                pending = submitted
            if pending is not None:
                store_batch(pending[0], [f.result() for f in pending[1]])
    else:
        for batch in _batches(readable(), BATCH):
            todo = fresh(batch)
            if todo:
                store_batch(todo, [_extract(it) for it in todo])
    recluster(store)
    return summary


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
