"""The app factory: one FastAPI app serving the JSON API under /api (OpenAPI at /api/openapi.json) and the
dashboard pages, over one store. Settings are data (`Settings`), so tests build apps side by side."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from importlib import resources
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from rasd import __version__
from rasd.reader import MAX_BYTES
from rasd.store import Store
from rasd.web.data import Data
from rasd.web.i18n import lang_of, ui
from rasd.web.security import BodyLimit, SecurityHeaders, inert

SECRET_ENV = "RASD_SECRET_KEY"


@dataclass(frozen=True, slots=True)
class Settings:
    """How one app behaves."""

    db_url: str
    read_requires_login: bool = False  # True: every page and API read needs a login or a token
    secret_key: str = ""  # signs session cookies; empty: $RASD_SECRET_KEY, else random (sessions end on restart)
    max_upload_bytes: int = MAX_BYTES  # the same 5 MB limit as `rasd ingest`
    https_only: bool = False  # mark the session cookie Secure (behind TLS)


def create_app(db_url: str, *, read_requires_login: bool = False, secret_key: str | None = None,
               max_upload_bytes: int = MAX_BYTES, https_only: bool = False, store: Store | None = None) -> FastAPI:
    """The ASGI app over the store at `db_url` (migrated on open)."""
    settings = Settings(db_url, read_requires_login, secret_key or os.environ.get(SECRET_ENV) or
                        secrets.token_urlsafe(32), max_upload_bytes, https_only)
    app = FastAPI(title="Rasd API", version=__version__, openapi_url="/api/openapi.json", docs_url=None,
                  redoc_url=None, description="Coalition months, events with their evidence, documents, places, "
                  "findings and exports from Arabic monitoring reports. Writes need an analyst's token "
                  "(`Authorization: Bearer …`, made by `rasd users token NAME`).")
    app.state.settings = settings
    app.state.data = Data(store or Store(db_url))
    root = resources.files("rasd")
    templates = Jinja2Templates(directory=str(root / "templates"))
    templates.env.filters["inert"] = inert
    templates.env.filters["ltr"] = lambda v: f"\u2066{v}\u2069"  # an isolate: ISO dates keep their order in RTL
    templates.env.globals["version"] = __version__
    app.state.templates = templates

    from rasd.web import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(root / "static")), name="static")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": _plain(exc.errors())}, status_code=422)
        return _error(request, 422, "invalid request", None)

    # outermost first: the body limit sees the bytes before anything buffers them
    app.add_middleware(SessionMiddleware, secret_key=settings.secret_key, session_cookie="rasd_session",
                       same_site="strict", https_only=https_only, max_age=12 * 3600)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=max_upload_bytes + 64 * 1024)
    return app


def _plain(errors: Any) -> Any:
    """Validation errors without the raw input echoed back (it may be large or hostile)."""
    return [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in errors]


def _error(request: Request, code: int, detail: str, headers: dict[str, str] | None) -> Response:
    if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"detail": detail}, status_code=code, headers=headers)
    words = ui(lang_of(request))
    title = {404: words["not_found"], 403: words["forbidden"], 413: words["too_large"]}.get(code, str(code))
    if code == 403 and "CSRF" in detail:
        title = words["csrf_failed"]
    body = (f'<!doctype html><html lang="{lang_of(request)}" dir="{words["dir"]}"><head><meta charset="utf-8">'
            f'<link rel="stylesheet" href="/static/rasd.css"><title>{inert(title)}</title></head><body><main>'
            f'<h1>{code}</h1><p>{inert(title)}</p><p><a href="/">{inert(words["nav_months"])}</a></p>'
            "</main></body></html>")
    return HTMLResponse(body, status_code=code, headers=headers)
