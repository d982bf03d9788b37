"""The dashboard's pages: Jinja templates rendered on the server (Arabic, right to left, by default;
`?lang=en` switches and is remembered). Forms post back here with the session's CSRF token."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from rasd.aggregate import FIGURE_OF, SUMMABLE
from rasd.calendar import period
from rasd.store.users import authenticate
from rasd.web.auth import CSRF_FIELD, check_csrf, csrf_token, current_user, login_session
from rasd.web.data import ACTORS, Data, event_month, outer_evidence, place_ar, status
from rasd.web.i18n import lang_of, ui
from rasd.web.security import highlight
from rasd.web.svg import bars_svg, map_svg
from rasd.web.writes import ReviewError, ingest_upload, review

router = APIRouter(include_in_schema=False)
PAGE = 50
CHART_FIGURES = ("convoy_vehicles", "attacks_total", "cargo_aircraft")
EVENT_TYPES = ("reinforcement_convoy", "reinforcement_airlift", "attack", "airstrike", "training_exercise",
               "joint_operation")


def _data(request: Request) -> Data:
    return request.app.state.data


def render(request: Request, name: str, status_code: int = 200, **ctx: Any) -> Response:
    """A template with the page's language, words, user and CSRF token; remembers ?lang=."""
    lang = lang_of(request)
    words = ui(lang)
    user = current_user(request)
    ctx.update(request=request, lang=lang, ui=words, user=user, csrf=csrf_token(request), csrf_field=CSRF_FIELD,
               other_lang_url=_with(request, lang=words["other_lang_code"]),
               fig_label=lambda k: words["fig"].get(k, k), etype_label=lambda k: words["etype"].get(k, k),
               actor_label=lambda k: words["actors"].get(k, k) if k else "", status=status,
               place_label=lambda e: (place_ar(e) if lang == "ar" else None) or e.get("place_name_en") or "",
               month_of_event=event_month, qual_label=lambda k: words["qual"].get(k, k) if k else "",
               finding_text=lambda f: _finding_text(f, words))
    resp = request.app.state.templates.TemplateResponse(request, name, ctx, status_code=status_code)
    if request.query_params.get("lang") in ("ar", "en"):
        resp.set_cookie("lang", request.query_params["lang"], max_age=365 * 86400, samesite="lax")
    return resp


def _finding_text(f: dict[str, Any], words: dict[str, Any]) -> str:
    """A month finding in the page's language when its numbers are known; else the stored message."""
    d = f.get("detail") or {}
    fig = f.get("figure") or d.get("figure")
    if f.get("kind") == "stated_vs_summed" and fig and "stated" in d:
        return words["finding_stated_vs_summed"].format(figure=words["fig"].get(fig, fig), stated=d["stated"],
                                                        summed=d["summed"])
    return str(f.get("message") or "")


def _with(request: Request, **params: Any) -> str:
    q = dict(request.query_params)
    q.update({k: v for k, v in params.items() if v is not None})
    return str(request.url.path) + "?" + urlencode(q)


def gate(request: Request) -> Response | None:
    """Reading pages with the login setting on: off to the login page."""
    if request.app.state.settings.read_requires_login and current_user(request) is None:
        return RedirectResponse("/login?next=" + quote(request.url.path), status_code=303)
    return None


@router.get("/", response_class=HTMLResponse)
def months_page(request: Request) -> Response:
    if (r := gate(request)) is not None:
        return r
    rows = _data(request).months()
    words = ui(lang_of(request))
    charts = [bars_svg(rows, f, words["chart_title"].format(figure=words["fig"][f]),
                       (words["chart_legend_stated"], words["chart_legend_summed"])) for f in CHART_FIGURES]
    return render(request, "months.html", rows=rows, figures=SUMMABLE, charts=charts)


@router.get("/months/{n}", response_class=HTMLResponse)
def month_page(request: Request, n: int) -> Response:
    if (r := gate(request)) is not None:
        return r
    d = _data(request)
    row = d.month(n) if 1 <= n <= 10_000 else None
    if row is None:
        raise HTTPException(404, "no such month")
    lang = lang_of(request)
    brief = None
    try:
        from rasd.brief import render as render_brief
    except ImportError:
        render_brief = None
    if render_brief is not None:
        try:
            from markupsafe import Markup

            brief = Markup(render_brief(d.store, n, lang=lang, fmt="html", standalone=False))
        except Exception:  # noqa: BLE001 - a brief that fails must not take the month's figures down with it
            brief = None
    ev = d.figure_evidence(n)
    evidence = {k: {side: [(e, _sentences(e)) for e in ev[k][side]] for side in ("stated", "summed")}
                for k in FIGURE_OF}
    return render(request, "month.html", n=n, row=row, brief=brief, figures=list(FIGURE_OF), summable=SUMMABLE,
                  evidence=evidence, events=d.filter_events(month=n), findings=d.findings(month=n),
                  highlight=highlight)


def _sentences(e: dict[str, Any]) -> list[dict[str, Any]]:
    """An event's evidence sentences, each with the figures inside it to mark."""
    return [{**o, "marks": [(x["start"], x["end"], None) for x in o["inner"]]} for o in outer_evidence(e)]


def _int(v: str | None) -> int | None:
    return int(v) if v and v.strip().isdigit() and len(v.strip()) < 10 else None


def _date(v: str | None) -> date | None:
    try:
        return date.fromisoformat(v) if v else None
    except ValueError:
        return None


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request) -> Response:
    if (r := gate(request)) is not None:
        return r
    q = request.query_params
    hf = {"yes": True, "no": False}.get(q.get("has_findings", ""))
    rows = _data(request).filter_events(
        type=q.get("type") or None, month=_int(q.get("month")), date_from=_date(q.get("date_from")),
        date_to=_date(q.get("date_to")), place=(q.get("place") or None), actor=q.get("actor") or None,
        document=_int(q.get("document")), has_findings=hf, status_is=q.get("status") or None)
    pg = max(_int(q.get("page")) or 1, 1)
    items = rows[(pg - 1) * PAGE: pg * PAGE]
    return render(request, "events.html", rows=items, total=len(rows), page=pg,
                  prev_url=_with(request, page=pg - 1) if pg > 1 else None,
                  next_url=_with(request, page=pg + 1) if pg * PAGE < len(rows) else None,
                  q=q, types=EVENT_TYPES, actors=ACTORS)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str, error: str | None = None) -> Response:
    if (r := gate(request)) is not None:
        return r
    d = _data(request)
    e = d.event(event_id)
    if e is None:
        raise HTTPException(404, "no such event")
    doc = d.document(e["document_id"]) or {"text": "", "source": ""}
    spans = [(x["start"], x["end"], None) for x in e.get("evidence") or []]
    return render(request, "event.html", status_code=422 if error else 200, e=e, doc=doc,
                  text=highlight(doc["text"], spans), cluster=d.cluster(e), error=error,
                  saved=request.query_params.get("saved") == "1",
                  qty_keys=list(dict.fromkeys([*(e.get("quantities") or {})])), actors=ACTORS)


@router.post("/events/{event_id}/review", response_class=HTMLResponse)
async def review_form(request: Request, event_id: str) -> Response:
    form = await request.form(max_files=0, max_fields=40)
    check_csrf(request, str(form.get(CSRF_FIELD) or ""))
    user = current_user(request)
    if user is None:
        return RedirectResponse("/login?next=" + quote(f"/events/{event_id}"), status_code=303)
    if not user.can_write:
        raise HTTPException(403, "this account can only read")
    d = _data(request)
    e = d.event(event_id)
    if e is None:
        raise HTTPException(404, "no such event")
    action = str(form.get("action") or "")
    changes: dict[str, Any] = {}
    for key, value in form.multi_items():
        if key.startswith("f.") and isinstance(value, str):
            field = key[2:]
            current = (e.get("quantities") or {}).get(field.split(".", 1)[1]) if field.startswith("quantities.") \
                else e.get(field)
            now = value.strip()
            if now != ("" if current is None else str(current)):
                changes[field] = now
    from starlette.concurrency import run_in_threadpool

    try:
        await run_in_threadpool(review, d, event_id, action, changes, str(form.get("reason") or ""), user)
    except ReviewError as exc:
        return event_page(request, event_id, error=str(exc))
    return RedirectResponse(f"/events/{quote(event_id)}?saved=1", status_code=303)


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request) -> Response:
    if (r := gate(request)) is not None:
        return r
    return render(request, "documents.html", docs=_data(request).documents())


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: int) -> Response:
    if (r := gate(request)) is not None:
        return r
    d = _data(request)
    doc = d.document(doc_id) if 1 <= doc_id < 2**31 else None
    if doc is None:
        raise HTTPException(404, "no such document")
    events = d.filter_events(document=doc_id)
    words = ui(lang_of(request))
    spans: list[tuple[int, int, str | None]] = []
    for e in events:  # each event's label opens its first sentence; the figures inside are marked deeper
        for i, o in enumerate(outer_evidence(e)):
            spans.append((o["start"], o["end"], words["etype"].get(e["type"], e["type"]) if i == 0 else None))
            spans += [(x["start"], x["end"], None) for x in o["inner"]]
    return render(request, "document.html", doc=doc, text=highlight(doc["text"], spans), events=events,
                  findings=[f for f in d.findings() if f["document_id"] == doc_id])


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> Response:
    if (r := gate(request)) is not None:
        return r
    d = _data(request)
    month = _int(request.query_params.get("month"))
    places = d.places(month=month)
    lang = lang_of(request)
    title = ui(lang)["map_title"] + (f" · {month}" if month else "")
    months = [r["month"] for r in d.months()]
    return render(request, "map.html", svg=map_svg(places, lang, title), places=places["features"], month=month,
                  months=months, period=period(month) if month else None)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    return render(request, "login.html", error=None, next=_safe_next(request.query_params.get("next")))


def _safe_next(v: str | None) -> str:
    return v if v and v.startswith("/") and not v.startswith("//") and "\\" not in v else "/"


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    check_csrf(request, str(form.get(CSRF_FIELD) or ""))
    from starlette.concurrency import run_in_threadpool

    name, password = str(form.get("name") or "")[:64], str(form.get("password") or "")[:1024]
    user = await run_in_threadpool(authenticate, _data(request).store, name, password)
    nxt = _safe_next(str(form.get("next") or "/"))
    if user is None:
        return render(request, "login.html", status_code=401, error=ui(lang_of(request))["bad_login"], next=nxt)
    login_session(request, user)
    return RedirectResponse(nxt, status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=5)
    check_csrf(request, str(form.get(CSRF_FIELD) or ""))
    request.session.clear()
    return RedirectResponse("/", status_code=303)


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request) -> Response:
    if current_user(request) is None:
        return RedirectResponse("/login?next=/upload", status_code=303)
    return render(request, "upload.html", result=None, mb=request.app.state.settings.max_upload_bytes / 1e6)


@router.post("/upload", response_class=HTMLResponse)
async def upload_form(request: Request) -> Response:
    limit = request.app.state.settings.max_upload_bytes
    form = await request.form(max_files=1, max_fields=5)
    check_csrf(request, str(form.get(CSRF_FIELD) or ""))
    user = current_user(request)
    if user is None:
        return RedirectResponse("/login?next=/upload", status_code=303)
    if not user.can_write:
        raise HTTPException(403, "this account can only read")
    f = form.get("file")
    if f is None or isinstance(f, str):
        raise HTTPException(422, "no file")
    body = await f.read(limit + 1)
    if len(body) > limit:
        raise HTTPException(413, "file over the upload limit")
    from starlette.concurrency import run_in_threadpool

    result = await run_in_threadpool(ingest_upload, _data(request), f.filename or "upload.txt", body)
    return render(request, "upload.html", status_code=201 if result["document_ids"] else 200, result=result,
                  mb=limit / 1e6)
