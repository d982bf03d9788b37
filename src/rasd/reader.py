"""Bytes in, text out: the one place where files are decoded, and where bad input is refused."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

MAX_BYTES = 5 * 1024 * 1024


class ReadError(ValueError):
    """A file that cannot be read as a report; `str()` is the one-line reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass(frozen=True, slots=True)
class RawReport:
    """A decoded report: `text` is what every evidence offset points into."""

    id: str
    source: str
    text: str
    encoding: str


_ARABIC = re.compile("[\u0600-\u06ff]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")


def decode(data: bytes, source: str, *, limit: int | None = MAX_BYTES) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM) or Windows-1256; refuse empty, binary and oversize input."""
    if not data.strip():
        raise ReadError(source, "empty file")
    if limit is not None and len(data) > limit:
        raise ReadError(source, f"over the size limit ({len(data)} bytes > {limit})")
    if b"\x00" in data[:8192]:
        raise ReadError(source, "binary file (NUL bytes)")
    try:
        text, enc = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        try:
            text, enc = data.decode("cp1256"), "windows-1256"
        except UnicodeDecodeError as exc:  # pragma: no cover - cp1256 maps almost every byte
            raise ReadError(source, f"unknown encoding ({exc.reason} at byte {exc.start})") from exc
        letters = len(_ARABIC.findall(text))
        high = sum(1 for b in data if b >= 0x80)
        if high and letters < high * 0.5:
            raise ReadError(source, "unknown encoding (neither UTF-8 nor Windows-1256 Arabic)") from None
    if len(_CONTROL.findall(text[:8192])) > 8:
        raise ReadError(source, "binary file (control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n"), enc


class _TextOf(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "title"}
    SKIP = {"script", "style", "noscript", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in self.SKIP:
            self.skip += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The readable text of an HTML page, one block a line."""
    p = _TextOf()
    p.feed(markup)
    p.close()
    text = "".join(p.parts)
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def read_report(data: bytes, source: str, *, html: bool | None = None) -> RawReport:
    """A report from raw bytes; `html` None means: decide by the source's suffix or the content."""
    text, enc = decode(data, source)
    if html is None:
        head = text.lstrip().lower()
        html = source.lower().endswith((".html", ".htm")) or head.startswith(("<!doctype html", "<html"))
    if html:
        text = html_text(text)
        if not text.strip():
            raise ReadError(source, "HTML page with no text")
    return RawReport(hashlib.sha256(data).hexdigest(), source, text, enc)


def read_path(path: str | Path) -> RawReport:
    """A report from a file on disk, with errors that name the file."""
    p = Path(path)
    try:
        if p.is_dir():
            raise ReadError(str(p), "is a folder, not a report")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(str(p), f"over the size limit ({size} bytes > {MAX_BYTES})")
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(str(p), exc.strerror or str(exc)) from exc
    return read_report(data, str(p))
