"""The REST API under /api: months, events, documents, places (GeoJSON), findings, exports, and the two
writes (reviewing an event, uploading a report). Every list has `limit`/`offset` and returns `total`."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import Response
from pydantic import BaseModel, Field

from rasd.store.users import User
from rasd.web.auth import require_read, require_writer
from rasd.web.data import Data, outer_evidence, public_event
from rasd.web.writes import ReviewError, ingest_upload, review

router = APIRouter(prefix="/api", dependencies=[Depends(require_read)])

Month = Annotated[int, Query(ge=1, le=10_000, description="Coalition month (month 1 began 2014-09-23)")]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
                "geojson": "application/geo+json", "parquet": "application/vnd.apache.parquet",
                "acled": "text/csv; charset=utf-8"}


def data(request: Request) -> Data:
    return request.app.state.data


def page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset:offset + limit]}


@router.get("/me", summary="Who the credentials belong to (null when anonymous)")
def me(user: Annotated[User | None, Depends(require_read)]) -> dict[str, Any]:
    return {"user": {"name": user.name, "role": user.role} if user else None}


@router.get("/months", summary="Coalition months: figures stated and summed, findings")
def list_months(request: Request, first: Annotated[int | None, Query(alias="from", ge=1, le=10_000)] = None,
                last: Annotated[int | None, Query(alias="to", ge=1, le=10_000)] = None) -> list[dict[str, Any]]:
    return data(request).months(first, last)


def json_body(body: bytes) -> Response:
    return Response(body, media_type="application/json")


@router.get("/months/{n}", summary="One coalition month with the evidence of each figure",
            response_class=Response, responses={200: {"content": {"application/json": {}}}})
async def one_month(request: Request, n: Annotated[int, PathParam(ge=1, le=10_000)]) -> Response:
    # async: a cached answer costs one small stamp query, cheaper in the event loop than a thread hop
    d = data(request)
    if d.month(n) is None:
        raise HTTPException(404, f"no documents for coalition month {n}")
    return json_body(d.cached_json(f"month:{n}", lambda: _month(d, n)))


def _month(d: Data, n: int) -> dict[str, Any]:
    row = d.month(n)
    assert row is not None
    ev = d.figure_evidence(n)
    figures = {}
    for k in row["stated"]:
        figures[k] = {"stated": row["stated"].get(k), "summed": row["summed"].get(k) if k in row["summed"] else None,
                      "summable": k in row["summed"],
                      "evidence": {side: [{"event_id": e["id"], "document_id": e["document_id"],
                                           "spans": [{"start": x["start"], "end": x["end"], "text": x["text"]}
                                                     for x in outer_evidence(e)]} for e in ev[k][side]]
                                   for side in ("stated", "summed")}}
    events = d.filter_events(month=n)
    return {**{k: row[k] for k in ("month", "period_start", "period_end", "sources")}, "figures": figures,
            "findings": [_finding(f) for f in d.findings(month=n)],  # the month's disagreements are stored too
            "event_count": len(events), "event_ids": [e["id"] for e in events]}


def _finding(f: dict[str, Any]) -> dict[str, Any]:
    return {"id": f["id"], "kind": f["kind"], "message": f["message"], "document_id": f["document_id"],
            "coalition_month": f["coalition_month"], "detail": f["detail"]}


@router.get("/events", summary="Events, filtered and paginated (corrections applied)", response_class=Response,
            responses={200: {"content": {"application/json": {}}}})
async def list_events(
    request: Request, type: str | None = None, month: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    date_from: date | None = None, date_to: date | None = None,
    place: Annotated[str | None, Query(max_length=200)] = None,
    actor: Annotated[str | None, Query(max_length=64)] = None,
    document: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None, has_findings: bool | None = None,
    status: Literal["corrected", "rejected", "confirmed"] | None = None, evidence: bool = False,
    limit: Limit = 50, offset: Offset = 0,
) -> Response:
    d = data(request)

    def build() -> dict[str, Any]:
        rows = d.filter_events(type=type, month=month, date_from=date_from, date_to=date_to, place=place,
                               actor=actor, document=document, has_findings=has_findings, status_is=status)
        out = page(rows, limit, offset)
        out["items"] = [public_event(e, evidence=evidence) for e in out["items"]]
        return out

    key = "events:" + json.dumps([type, month, date_from, date_to, place, actor, document, has_findings, status,
                                  evidence, limit, offset], default=str)
    return json_body(d.cached_json(key, build))


@router.get("/events/{event_id}", summary="One event with evidence, corrections and its merge cluster")
def one_event(request: Request, event_id: Annotated[str, PathParam(max_length=64)]) -> dict[str, Any]:
    d = data(request)
    e = d.event(event_id)
    if e is None:
        raise HTTPException(404, "no such event")
    out = public_event(e)
    out["cluster"] = [{"id": m["id"], "document_id": m["document_id"], "source": m.get("source"),
                       "quantities": m.get("quantities") or {}, "rejected": bool(m.get("rejected"))}
                      for m in d.cluster(e)]
    return out


class Review(BaseModel):
    """An analyst's verdict on an event: confirm, correct fields, reject, or restore a rejected one."""

    action: Literal["confirm", "correct", "reject", "restore"]
    changes: dict[str, int | str | None] = Field(default_factory=dict, max_length=20,
                                                 description="e.g. {\"quantities.vehicles\": 55}")
    reason: str | None = Field(default=None, max_length=2000)


@router.post("/events/{event_id}/review", status_code=201, summary="Review an event (analysts only)")
def review_event(request: Request, event_id: Annotated[str, PathParam(max_length=64)], body: Review,
                 user: Annotated[User, Depends(require_writer)]) -> dict[str, Any]:
    d = data(request)
    try:
        cid = review(d, event_id, body.action, body.changes, body.reason, user)
    except KeyError:
        raise HTTPException(404, "no such event") from None
    except ReviewError as exc:
        raise HTTPException(422, str(exc)) from None
    e = d.event(event_id)
    return {"correction_id": cid, "event": public_event(e) if e else None}


@router.get("/documents", summary="Documents (without their text), paginated")
def list_documents(request: Request, month: Annotated[int | None, Query(ge=1, le=10_000)] = None,
                   kind: Literal["monthly", "daily"] | None = None, limit: Limit = 50,
                   offset: Offset = 0) -> dict[str, Any]:
    rows = [_doc(x) for x in data(request).documents(month=month, kind=kind)]
    return page(rows, limit, offset)


def _doc(x: dict[str, Any]) -> dict[str, Any]:
    return {"id": x["id"], "source": x["source"], "url": x.get("url"), "outlet": x.get("outlet"),
            "published": x["published"].isoformat() if x.get("published") else None, "kind": x.get("kind"),
            "coalition_month": x.get("coalition_month"), "version": x.get("version"), "sha256": x["sha256"],
            "group_id": x.get("group_id")}


@router.get("/documents/{doc_id}", summary="One document: original text and every extracted span")
def one_document(request: Request, doc_id: Annotated[int, PathParam(ge=1, le=2**31 - 1)]) -> dict[str, Any]:
    d = data(request)
    doc = d.document(doc_id)
    if doc is None:
        raise HTTPException(404, "no such document")
    events = d.filter_events(document=doc_id)
    spans = sorted(({"start": x["start"], "end": x["end"], "text": x["text"], "event_id": e["id"], "type": e["type"]}
                    for e in events for x in e.get("evidence") or []), key=lambda s: (s["start"], -s["end"]))
    return {**_doc(doc), "text": doc["text"], "spans": spans, "event_ids": [e["id"] for e in events],
            "findings": [_finding(f) for f in d.findings() if f["document_id"] == doc_id]}


@router.post("/documents", status_code=201, summary="Ingest a report by upload (analysts only)")
async def upload(request: Request, file: Annotated[UploadFile, File(description="a .txt, .html or .jsonl report")],
                 user: Annotated[User, Depends(require_writer)]) -> dict[str, Any]:
    limit = request.app.state.settings.max_upload_bytes
    body = await file.read(limit + 1)
    if len(body) > limit:
        raise HTTPException(413, f"file over the upload limit ({limit} bytes)")
    if not body:
        raise HTTPException(422, "empty file")
    from starlette.concurrency import run_in_threadpool

    out = await run_in_threadpool(ingest_upload, data(request), file.filename or "upload.txt", body)
    if out["rejected"] and not out["document_ids"] and not out["unchanged"]:
        raise HTTPException(422, out["rejected"][0]["reason"])
    return out


@router.get("/places", summary="Places as GeoJSON points with event counts")
def places(request: Request, month: Annotated[int | None, Query(ge=1, le=10_000)] = None,
           first: Annotated[int | None, Query(alias="from", ge=1, le=10_000)] = None,
           last: Annotated[int | None, Query(alias="to", ge=1, le=10_000)] = None) -> dict[str, Any]:
    return data(request).places(month=month, first=first, last=last)


@router.get("/findings", summary="Findings, by month and kind, paginated")
def findings(request: Request, month: Annotated[int | None, Query(ge=1, le=10_000)] = None,
             kind: Annotated[str | None, Query(max_length=64)] = None, limit: Limit = 100,
             offset: Offset = 0) -> dict[str, Any]:
    return page([_finding(f) for f in data(request).findings(month=month, kind=kind)], limit, offset)


@router.get("/export", summary="Events as a file, in the formats of `rasd export`",
            response_class=Response, responses={200: {"content": {t: {} for t in EXPORT_TYPES.values()}}})
def export(request: Request, format: Literal["csv", "jsonl", "geojson", "parquet", "acled"] = "csv",
           month: Annotated[list[int] | None, Query(max_length=50)] = None,
           type: Annotated[list[str] | None, Query(max_length=20)] = None,
           place: Annotated[list[str] | None, Query(max_length=20)] = None,
           actor: Annotated[list[str] | None, Query(max_length=20)] = None,
           include_rejected: bool = False) -> Response:
    from rasd.export import export as run

    ext = "csv" if format == "acled" else format
    with tempfile.TemporaryDirectory(prefix="rasd-export-") as tmp:
        path = Path(tmp) / f"events.{ext}"
        run(data(request).store, format, path, months=month or None, types=type or None, places=place or None,
            actors=actor or None, include_rejected=include_rejected)
        body = path.read_bytes()
    name = f"rasd-events{'-acled' if format == 'acled' else ''}.{ext}"
    return Response(body, media_type=EXPORT_TYPES[format],
                    headers={"content-disposition": f'attachment; filename="{name}"'})
