"""Report text is hostile until shown otherwise: every piece of it is HTML-escaped, and invisible direction
controls (U+202E and friends), which could make a sentence read backwards or hide text, are shown as visible,
inert marks. Pages also carry a strict Content-Security-Policy (no inline script; inline style is allowed for
the brief's SVG charts), so even a missed escape could not run. CSRF tokens are per session and compared in
constant time."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable

from markupsafe import Markup, escape
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# explicit embeddings, overrides and isolates, the implicit marks, and the Arabic letter mark
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def inert(text: object) -> Markup:
    """Escaped text with every bidi control replaced by a visible code point label."""
    s = "" if text is None else str(text)
    if not any(ch in BIDI_CONTROLS for ch in s):
        return escape(s)
    out = []
    for ch in s:
        if ch in BIDI_CONTROLS:
            out.append(Markup('<span class="bidi" title="U+{0:04X}">[U+{0:04X}]</span>').format(ord(ch)))
        else:
            out.append(escape(ch))
    return Markup("").join(out)


def highlight(text: str, spans: Iterable[tuple[int, int, str | None]], *, offset: int = 0) -> Markup:
    """`text` with each (start, end, label) span wrapped in <mark>; spans may nest or overlap. Offsets are
    into the original document; `offset` is where `text` starts in it. Labels open their span."""
    spans = [(max(s - offset, 0), min(e - offset, len(text)), lab) for s, e, lab in spans
             if e - offset > 0 and s - offset < len(text) and e > s]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[Markup] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        labels = [lab for s, _, lab in spans if s == a and lab]
        for lab in dict.fromkeys(labels):
            out.append(Markup('<span class="lbl">{}</span>').format(lab))
        depth = sum(1 for s, e, _ in spans if s <= a and b <= e)
        seg = inert(text[a:b])
        out.append(Markup('<mark class="d{}">{}</mark>').format(min(depth, 3), seg) if depth else seg)
    return Markup("").join(out)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(expected: str | None, given: str | None) -> bool:
    return bool(expected and given) and hmac.compare_digest(str(expected), str(given))


class SecurityHeaders:
    """Adds CSP, nosniff, no-referrer and frame denial to every response (pure ASGI, no buffering)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                headers += [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses request bodies over `limit` bytes with 413 before the app buffers them (Content-Length
    checked first, then the streamed bytes counted)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        for k, v in scope.get("headers") or []:
            if k == b"content-length" and v.isdigit() and int(v) > self.limit:
                await _too_large(send)
                return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body") or b"")
                if seen > self.limit:
                    raise _TooLarge()
            return msg

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _too_large(send)


class _TooLarge(HTTPException):
    """Raised inside the app's body reads; FastAPI passes HTTP exceptions through to a 413 response."""

    def __init__(self) -> None:
        super().__init__(413, "request body over the size limit")


async def _too_large(send: Send) -> None:
    body = b'{"detail":"request body over the size limit"}'
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
