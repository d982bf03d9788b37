"""Who is asking, and may they. Scripts send `Authorization: Bearer <token>` (made by `rasd users token`);
browsers log in and carry a signed session cookie (itsdangerous, via Starlette's SessionMiddleware).
Reads may be open or need a login (a setting); every write needs an analyst, and a cookie-carried write
also needs the session's CSRF token (form field or `X-CSRF-Token` header), so another site cannot
make an analyst's browser write."""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException, Request

from rasd.store.users import User, get_user, user_for_token
from rasd.web.security import csrf_ok, new_csrf_token

CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"


def settings(request: Request) -> Any:
    return request.app.state.settings


def current_user(request: Request) -> User | None:
    """The token's owner, else the session's user, else None (cached on the request)."""
    if hasattr(request.state, "user"):
        return request.state.user
    user, via_token = None, False
    header = request.headers.get("authorization", "")
    store = request.app.state.data.store
    if header[:7].lower() == "bearer ":
        user = user_for_token(store, header[7:].strip())
        via_token = True
        if user is None:
            raise HTTPException(401, "invalid or revoked token", headers={"WWW-Authenticate": "Bearer"})
    elif "user_id" in request.session:
        user = get_user(store, int(request.session["user_id"]))
        if user is None:
            request.session.clear()
    request.state.user = user
    request.state.via_token = via_token
    return user


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use)."""
    tok = request.session.get("csrf")
    if not tok:
        tok = request.session["csrf"] = new_csrf_token()
    return str(tok)


def check_csrf(request: Request, given: str | None) -> None:
    if not csrf_ok(request.session.get("csrf"), given):
        raise HTTPException(403, "missing or wrong CSRF token")


def require_read(request: Request) -> User | None:
    """Dependency of every read: 401 when the setting asks for a login and there is none."""
    user = current_user(request)
    if user is None and settings(request).read_requires_login:
        raise HTTPException(401, "login or token required", headers={"WWW-Authenticate": "Bearer"})
    return user


def require_writer(request: Request) -> User:
    """Dependency of API writes: 401 without credentials, 403 for readers or a cookie without CSRF."""
    user = current_user(request)
    if user is None:
        raise HTTPException(401, "login or token required", headers={"WWW-Authenticate": "Bearer"})
    if not request.state.via_token:
        check_csrf(request, request.headers.get(CSRF_HEADER))
    if not user.can_write:
        raise HTTPException(403, "this account can only read")
    return user


def login_session(request: Request, user: User) -> None:
    """A fresh session for a fresh login (a session fixed before login is not reused)."""
    lang = request.session.get("lang")
    request.session.clear()
    request.session["user_id"] = user.id
    request.session["csrf"] = new_csrf_token()
    if lang:
        request.session["lang"] = lang
    request.state.user = user
    request.state.via_token = False
