"""The brief as Markdown, HTML (figures linked to their evidence, charts and map inline) and PDF
(WeasyPrint over the same HTML). The Markdown carries no quoted evidence, so reading it back with
`rasd extract` gives the month's figures and nothing else (the round-trip test)."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from rasd.brief.charts import map_svg, series_svg
from rasd.brief.compose import Brief, Fig, Writer, words
from rasd.brief.month import Evidence


def plain(parts: list[Any]) -> str:
    return "".join(p.text if isinstance(p, Fig) else p for p in parts)


def to_markdown(b: Brief) -> str:
    lines = [f"# {b.title}", "", b.subtitle, ""]
    for s in b.sections:
        lines += [f"## {s.title}", ""]
        for p in s.paragraphs:
            lines += [plain(p), ""]
    w = words(b.lang)
    lines += [f"## {w['sections']['sources']}", ""]
    for src in b.month.sources:
        kind = w["sources"].get(src.get("kind") or "", "")
        lines.append(f"- {src['source']} ({kind}{', ' + src['published'] if src.get('published') else ''})")
    return "\n".join(lines).rstrip() + "\n"


@cache
def _env() -> Environment:
    env = Environment(loader=PackageLoader("rasd", "templates"), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["is_fig"] = lambda p: isinstance(p, Fig)
    return env


def to_html(b: Brief, *, standalone: bool = True, charts: bool = True, pdf: bool = False) -> str:
    """The brief as HTML; `standalone=False` gives the `<article>` alone, for the dashboard."""
    w = words(b.lang)
    writer = Writer(b.lang)
    evidence: dict[str, list[Evidence]] = {k: v for k, v in b.month.evidence.items() if b.month.has(k)}
    series = map_ = None
    if charts:
        series = series_svg(b.month, w["series"])
        map_ = map_svg(b.month, w["series"]["map_title"], writer.place, rtl=b.dir == "rtl")
    used = [p.name for s in b.sections for para in s.paragraphs for p in para if isinstance(p, Fig)]
    figures = list(dict.fromkeys(used))
    return _env().get_template("brief/brief.html.j2").render(
        b=b, w=w, evidence=evidence, figures=figures, series_svg=series, map_svg=map_,
        standalone=standalone, pdf=pdf, generated=w["generated"].format(
            documents=writer.count(len(b.month.sources), "report")))


def to_pdf(b: Brief) -> bytes:
    from weasyprint import HTML  # imported here: WeasyPrint loads pango, which only the PDF needs

    return HTML(string=to_html(b, pdf=True)).write_pdf()
