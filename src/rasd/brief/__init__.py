"""Monthly briefs from the database, in Arabic and English, as Markdown, HTML or PDF.

`render(store, month, lang="ar", fmt="html")` is the one entry point the CLI and the dashboard use."""

from __future__ import annotations

from typing import Any

from rasd.brief.compose import Brief, compose
from rasd.brief.month import Month, gather
from rasd.brief.render import to_html, to_markdown, to_pdf

__all__ = ["Brief", "Month", "build", "compose", "gather", "render", "to_html", "to_markdown", "to_pdf"]

FORMATS = ("html", "pdf", "md")


def build(store: Any, month: int, *, lang: str = "ar", gulf_months: bool = False) -> Brief:
    """The composed brief of one coalition month."""
    return compose(gather(store, month), lang, gulf_months=gulf_months)


def render(store: Any, month: int, *, lang: str = "ar", fmt: str = "html", standalone: bool = True,
           gulf_months: bool = False, charts: bool = True) -> str | bytes:
    """The brief of `month` as text (md, html) or bytes (pdf)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown brief format {fmt!r} ({', '.join(FORMATS)})")
    b = build(store, month, lang=lang, gulf_months=gulf_months)
    if fmt == "md":
        return to_markdown(b)
    if fmt == "pdf":
        return to_pdf(b)
    return to_html(b, standalone=standalone, charts=charts)
