"""The dashboard's words come from `data/ui.yaml` (Arabic first, English second); code holds none."""

from __future__ import annotations

import functools
from typing import Any

from starlette.requests import Request

from rasd.lexicon import load_yaml

LANGS = ("ar", "en")


@functools.cache
def ui(lang: str) -> dict[str, Any]:
    doc = load_yaml("ui.yaml")
    return doc[lang if lang in LANGS else "ar"]


def lang_of(request: Request) -> str:
    """?lang= wins (and is remembered in a cookie by the page), then the cookie, then Arabic."""
    q = request.query_params.get("lang")
    if q in LANGS:
        return q
    c = request.cookies.get("lang")
    return c if c in LANGS else "ar"
