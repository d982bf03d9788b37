"""Ingest reads every format the issue names: text, HTML pages, JSONL dumps and RSS/Atom feeds."""

from __future__ import annotations

import json
from pathlib import Path

from rasd.ingest import Incoming, Rejected, read_file

CONVOY = "دخلت اليوم قافلة عسكرية للتحالف الدولي مؤلفة من 35 شاحنة عبر معبر الوليد قادمة من إقليم كردستان العراق."


def _one(path: Path) -> list[Incoming | Rejected]:
    return list(read_file(path))


def test_html_page_main_text_and_date(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>خبر</title>"
        "<meta property='article:published_time' content='2024-03-14T08:00:00Z'></head>"
        f"<body><nav>الرئيسية | أخبار</nav><article><h1>قافلة جديدة</h1><p>{CONVOY}</p></article>"
        "<footer>جميع الحقوق محفوظة</footer></body></html>", encoding="utf-8")
    (item,) = _one(p)
    assert isinstance(item, Incoming)
    assert "35 شاحنة" in item.report.text
    assert item.published is not None and item.published.isoformat() == "2024-03-14"


def test_truncated_html_is_rejected(tmp_path: Path) -> None:
    p = tmp_path / "cut.html"
    p.write_text(f"<html><body><p>{CONVOY}", encoding="utf-8")
    (item,) = _one(p)
    assert isinstance(item, Rejected) and "truncated HTML" in item.reason


def test_jsonl_lines_and_a_bad_line(tmp_path: Path) -> None:
    p = tmp_path / "dump.jsonl"
    good = {"text": CONVOY, "url": "https://example.org/a", "published": "2024-03-14", "source": "outlet"}
    p.write_text(json.dumps(good, ensure_ascii=False) + "\n{not json\n" + json.dumps({"url": "x"}) + "\n",
                 encoding="utf-8")
    items = _one(p)
    assert isinstance(items[0], Incoming) and items[0].url == "https://example.org/a"
    assert items[0].published.isoformat() == "2024-03-14" and items[0].outlet == "outlet"
    assert isinstance(items[1], Rejected) and items[1].source.endswith(":2") and "not JSON" in items[1].reason
    assert isinstance(items[2], Rejected) and "text" in items[2].reason


def test_rss_and_atom_feeds(tmp_path: Path) -> None:
    rss = tmp_path / "feed.xml"
    rss.write_text(
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>رصد</title>"
        f"<item><title>قافلة</title><link>https://example.org/1</link><description>{CONVOY}</description>"
        "<pubDate>Thu, 14 Mar 2024 08:00:00 GMT</pubDate></item>"
        "<item><title>خبر آخر</title><link>https://example.org/2</link>"
        "<description>&lt;p&gt;أجرت قوات التحالف تدريباً عسكرياً مع قسد.&lt;/p&gt;</description></item>"
        "</channel></rss>", encoding="utf-8")
    items = _one(rss)
    assert [type(i) for i in items] == [Incoming, Incoming]
    assert items[0].url == "https://example.org/1" and items[0].published.isoformat() == "2024-03-14"
    assert "35 شاحنة" in items[0].report.text and "<p>" not in items[1].report.text
    atom = tmp_path / "feed.atom"
    atom.write_text(
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>رصد</title>"
        f"<entry><title>قافلة</title><link href='https://example.org/3'/><updated>2024-03-15T08:00:00Z</updated>"
        f"<content type='html'>{CONVOY}</content></entry></feed>", encoding="utf-8")
    (item,) = _one(atom)
    assert isinstance(item, Incoming) and item.published.isoformat() == "2024-03-15"
