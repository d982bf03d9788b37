"""Arabic normalisation into a matching copy that keeps a map back to the original text.

Note [Offsets after normalisation]
The original text is never changed. `normalize` builds a *copy* for matching: characters are folded
one-to-one by a translation table (alef forms, digits, punctuation), invisible marks and tashkeel are
deleted, whitespace runs become one space (or one newline), tatweel-split words ("شـ ـاحنة") and
spaced-out words ("د ا ع ش") are glued back. All of these are edits on the original; between edits
the copy and the original run in step, so the map is a short list of segments
(copy position where a segment starts, original position it came from). Any span [s, e) of the copy
maps back to `original[orig_start(s):orig_end(e)]`, which is what evidence carries.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass

from rasd.lexicon import load_yaml, trie_pattern
from rasd.scan import edit_runs, head_prefixes, short_groups, split_heads


@dataclass(frozen=True, slots=True)
class NormText:
    """A normalised copy of `original` with its segment map back to the original's offsets."""

    original: str
    text: str
    breaks: tuple[int, ...]
    origins: tuple[int, ...]

    def to_orig(self, pos: int) -> int:
        """Original offset of the copy's character at `pos` (pos may equal len(text))."""
        if pos >= len(self.text):
            return len(self.original) if pos > 0 or not self.text else 0
        i = bisect_right(self.breaks, pos) - 1
        return self.origins[i] + (pos - self.breaks[i])

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the copy's span [start, end), trailing marks included."""
        if end <= start:
            o = self.to_orig(start)
            return o, o
        ostart = self.to_orig(start)
        oend = self.to_orig(end - 1) + 1
        m = _TRAILING_MARKS.match(self.original, oend)
        if m:
            oend = m.end()
        return ostart, oend

    def evidence(self, start: int, end: int) -> dict[str, int | str]:
        """The contract's evidence object for the copy's span [start, end)."""
        s, e = self.orig_span(start, end)
        return {"start": s, "end": e, "text": self.original[s:e]}


@functools.cache
def _fold_map() -> dict[int, str]:
    """The one-to-one folds of `normalize.ar.yaml` (deletions are `_delete_table`)."""
    doc = load_yaml("lexicon/normalize.ar.yaml")
    table: dict[int, str] = {}
    for target, sources in doc["map"].items():
        for src in sources:
            if len(src) != 1 or len(str(target)) != 1:
                raise ValueError(f"normalize.ar.yaml: map entries must be single characters: {src!r}")
            table[ord(src)] = str(target)
    return table


@functools.cache
def _delete_table() -> bytes:
    """One byte per BMP code point: 1 where normalisation deletes the character (tashkeel, marks)."""
    table = bytearray(0x10000)
    for item in load_yaml("lexicon/normalize.ar.yaml")["delete"]:
        i = 0
        while i < len(item):
            if i + 2 < len(item) and item[i + 1] == "-":  # a range "a-b"
                lo, hi, i = ord(item[i]), ord(item[i + 2]), i + 3
            else:
                lo = hi = ord(item[i])
                i += 1
            if hi >= len(table):
                raise ValueError(f"normalize.ar.yaml: delete entries must be in the BMP: {item!r}")
            table[lo : hi + 1] = b"\x01" * (hi - lo + 1)
    return bytes(table)


def _translate(original: str) -> str:
    """The one-to-one folding, as a few C-speed `str.replace` calls (faster than `str.translate`)."""
    out = original
    for src, dst in _pairs():
        if src in out:
            out = out.replace(src, dst)
    return out


@functools.cache
def _pairs() -> tuple[tuple[str, str], ...]:
    return tuple((chr(k), v) for k, v in _fold_map().items())


_TRAILING_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]+")
_LETTER = "\u0621-\u064a"


@functools.cache
def _rejoin() -> tuple[re.Pattern[str], frozenset[str]]:
    doc = load_yaml("lexicon/rejoin.ar.yaml")
    words = sorted({fold(w) for w in doc["words"]}, key=len, reverse=True)
    sep = r"(?: ?\. ?| )?"
    alts = trie_pattern(words, sep)
    procl = "".join(doc["proclitics"])
    pat = re.compile(rf"(?<![{_LETTER}])(?:[{procl}]{sep})?{alts}(?![{_LETTER}])")
    stop = frozenset(fold(w) for w in doc["standalone"])
    return pat, stop


@functools.cache
def _split_heads() -> tuple[frozenset[str], bytes]:
    """The first 3+ letters of a rejoin word: "المقا ومة" is split in two long pieces."""
    doc = load_yaml("lexicon/rejoin.ar.yaml")
    heads = {fold(w)[:k] for w in doc["words"] for k in range(3, len(fold(w)))}
    heads -= {fold(w) for w in doc["standalone"]}
    if any(not all("\u0621" <= ch <= "\u064a" for ch in h) for h in heads):
        raise ValueError("rejoin.ar.yaml: rejoin words must be written in Arabic letters only")
    return frozenset(heads), head_prefixes(frozenset(heads))


def _rejoin_candidates(text: str) -> list[int]:
    """Where a spaced-out word may be: a 1-2 letter group that is not a word, dotted letters, or the
    head of a lexicon word followed by a space."""
    _, stop = _rejoin()
    out = [start for start, group in short_groups(text) if group not in stop]
    if " " in text:
        out += split_heads(text, *_split_heads())
        out.sort()
    return out


def _apply(original: str, translated: str, edits: list[tuple[int, int, str]]) -> NormText:
    pieces: list[str] = []
    breaks: list[int] = []
    origins: list[int] = []
    npos = opos = 0
    for s, e, rep in edits:
        if s > opos:
            pieces.append(translated[opos:s])
            breaks.append(npos)
            origins.append(opos)
            npos += s - opos
        if rep:
            pieces.append(rep)
            breaks.append(npos)
            origins.append(s)
            npos += len(rep)
        opos = max(opos, e)
    if opos < len(translated):
        pieces.append(translated[opos:])
        breaks.append(npos)
        origins.append(opos)
    return NormText(original, "".join(pieces), tuple(breaks), tuple(origins))


def _ws_edit(run: str) -> str:
    if "\n" in run:
        return "\n"
    if run[0] == "\u0640" and run[-1] == "\u0640":
        return ""  # "شـ ـاحنة": a word split around tatweel
    return " " if any(ch.isspace() for ch in run) else ""


def normalize(original: str, *, rejoin: bool = True) -> NormText:
    """The matching copy of `original`, with spaced-out lexicon words glued back when `rejoin`."""
    translated = _translate(original)
    edits = []
    for s, e in edit_runs(translated, _delete_table()):
        run = translated[s:e]
        if run != "\n":  # a lone line break stays as it is: no edit, no extra segment
            edits.append((s, e, _ws_edit(run)))
    first = _apply(original, translated, edits)
    if not rejoin:
        return first
    pat, stop = _rejoin()
    gaps: list[tuple[int, int, str]] = []
    windows: list[list[int]] = []
    for c in _rejoin_candidates(first.text):
        lo, hi = max(0, c - 24), c + 26
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    matches = [m for lo, hi in windows for m in pat.finditer(first.text, lo, min(hi, len(first.text)))]
    for m in matches:
        chunk = m.group()
        parts = [p for p in re.split(r"[ .]+", chunk) if p]
        if len(parts) < 2 or all(len(p) > 1 and p in stop for p in parts):
            continue
        for g in re.finditer(r"[ .]+", chunk):
            a = first.to_orig(m.start() + g.start() - 1) + 1
            b = first.to_orig(m.start() + g.end())
            gaps.append((a, b, ""))
    if not gaps:
        return first
    gaps.sort()
    starts = [a for a, _, _ in gaps]

    def inside(ed: tuple[int, int, str]) -> bool:
        i = bisect_right(starts, ed[0]) - 1
        return i >= 0 and gaps[i][0] <= ed[0] and ed[1] <= gaps[i][1]

    merged = sorted([ed for ed in edits if not inside(ed)] + gaps)
    return _apply(original, translated, merged)


@functools.cache
def fold(word: str) -> str:
    """The matching form of a lexicon word (same folding as the text, without rejoining)."""
    return normalize(word, rejoin=False).text.strip()
