"""The two writes of the web app: an analyst's review of an event (stored through the store's corrections,
so it survives `rasd reextract`) and a report uploaded for ingest."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path, PurePath
from typing import Any

import sqlalchemy as sa

from rasd.store import schema as t
from rasd.store.users import User
from rasd.web.data import ACTORS, QUANTITY_KEYS, Data

ACTIONS = ("confirm", "correct", "reject", "restore")
FIELDS = ("date", "initiator", "target", "partner", "attribution", *(f"quantities.{q}" for q in QUANTITY_KEYS))
UPLOAD_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".ndjson")


class ReviewError(ValueError):
    """A review the store must not take (unknown field, bad value, missing reason)."""


def clean_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Checked, typed field values; ReviewError names the first bad one."""
    out: dict[str, Any] = {}
    for field, value in changes.items():
        if field not in FIELDS:
            raise ReviewError(f"{field}: not a field that can be corrected")
        if value == "" or value is None:
            value = None
        elif field.startswith("quantities."):
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise ReviewError(f"{field}: expected a whole number") from None
            if isinstance(changes[field], bool) or not 0 <= value <= 1_000_000:
                raise ReviewError(f"{field}: expected a whole number from 0 to 1000000")
        elif field == "date":
            try:
                value = date.fromisoformat(str(value)).isoformat()
            except ValueError:
                raise ReviewError("date: expected YYYY-MM-DD") from None
        elif field in ("initiator", "target", "partner"):
            if value not in ACTORS:
                raise ReviewError(f"{field}: unknown actor {str(value)[:40]!r}")
        else:
            value = str(value)[:500]
        out[field] = value
    return out


def review(data: Data, event_id: str, action: str, changes: dict[str, Any], reason: str | None,
           user: User) -> int:
    """Store one review; returns the correction id. KeyError for an unknown event."""
    from rasd.merge import recluster

    if action not in ACTIONS:
        raise ReviewError(f"action must be one of {', '.join(ACTIONS)}")
    clean = clean_changes(changes) if action == "correct" else {}
    if action == "correct" and not clean:
        raise ReviewError("a correction changes at least one field")
    reason = (reason or "").strip()
    if action in ("correct", "reject") and not reason:
        raise ReviewError("a correction or rejection needs a reason")
    if data.event(event_id) is None:
        raise KeyError(event_id)
    cid = data.store.add_correction(event_id=event_id, action=action, changes=clean, by=user.name,
                                    why=reason[:2000] or None)
    recluster(data.store)
    data.invalidate()
    return int(cid)


def ingest_upload(data: Data, filename: str, body: bytes) -> dict[str, Any]:
    """Store one uploaded file like `rasd ingest` would; the answer lists stored and rejected reports."""
    from rasd.ingest import ingest

    name = PurePath(filename or "upload.txt").name or "upload.txt"
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        name += ".txt"
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name)[-100:]
    with tempfile.TemporaryDirectory(prefix="rasd-upload-") as tmp:
        path = Path(tmp) / safe
        path.write_bytes(body)
        before = {d["id"] for d in data.documents()}
        summary = ingest(data.store, [str(path)])
    data.invalidate()
    new = [d for d in data.documents() if d["id"] not in before]
    if new:  # the temporary folder is gone: name the documents by what the analyst uploaded
        with data.store.engine.begin() as c:
            c.execute(sa.update(t.documents).where(t.documents.c.id.in_([d["id"] for d in new]))
                      .values(source=f"upload:{safe}"))
        data.invalidate()
    return {"new": summary.new, "versions": summary.version, "unchanged": summary.unchanged,
            "duplicates": summary.duplicate, "document_ids": [d["id"] for d in new],
            "rejected": [{"source": f"upload:{safe}", "reason": r.reason} for r in summary.rejected]}
