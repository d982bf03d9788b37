"""Lexicon patterns tried only at the words where they can start, so a report is scanned once.

Note [Indexed scans]
Every lexicon pattern of the text layer (number words, hedges, month names, relative days...) starts at
the beginning of a word: it opens with `(?<![L])` and its first character is an Arabic letter. Running
each with `finditer` costs a full scan of the report per pattern, and most of that time is spent at
positions where no lexicon word begins. Instead, the report's words are listed once, keyed by the word and
the character after it ("ثلاث " or "شباط,"), and for each key we ask once, per process, which patterns
could start there: `regex`'s partial matching answers "is this text the beginning of a match?". The
answer is remembered by key (a vocabulary, not the documents), so after a few reports almost every key is
known. A pattern is then `match`ed only at the starts of its keys, in order, skipping starts inside the
previous match: exactly the matches `finditer` returns, because `finditer` also takes, from the end of
the previous match, the first position where the pattern matches, and every such position is among the
candidates. Patterns that could start elsewhere are refused and keep their plain `finditer`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import regex

L = "\u0621-\u064a"
_WORD = re.compile(f"[{L}]+")
# characters a match must not start with for the index to see every match
_NOT_LETTERS = " \n0123456789.,:;()[]«»\"'-/+~%#@*\u0640\u0671\u067e\u0686\u0698\u06a9\u06af\u06cc\u0660aA"


class _Registry:
    """Which registered patterns can start at which word keys; grows with the vocabulary."""

    def __init__(self) -> None:
        self.oracles: list[regex.Pattern[str]] = []
        self.masks: dict[str, tuple[int, ...]] = {}  # key -> the patterns (bits) that can start there
        self.seen: set[str] = set()
        self.version = 0

    def register(self, pattern: re.Pattern[str]) -> int | None:
        """The pattern's bit, or None when it may start where the index does not look."""
        if not pattern.pattern.startswith(f"(?<![{L}])"):
            return None
        oracle = regex.compile(pattern.pattern)
        if any(oracle.match(" " + ch, pos=1, partial=True) for ch in _NOT_LETTERS):
            return None
        self.oracles.append(oracle)
        self.masks.clear()
        self.seen.clear()
        self.version += 1
        return len(self.oracles) - 1

    def learn(self, keys: set[str]) -> None:
        for key in keys:
            probe = " " + key
            bits = tuple(bit for bit, oracle in enumerate(self.oracles) if oracle.match(probe, pos=1, partial=True))
            if bits:
                self.masks[key] = bits
            self.seen.add(key)


_REGISTRY = _Registry()


def py_word_keys(text: str) -> dict[str, list[int]]:
    """Each word of the copy with the character after it, and where that word starts."""
    out: dict[str, list[int]] = {}
    for m in _WORD.finditer(text):
        s, e = m.span()
        key = text[s : e + 1]
        found = out.get(key)
        if found is None:
            out[key] = [s]
        else:
            found.append(s)
    return out


_SHORT_GROUP = re.compile(rf"[ \n\"(]([{L}]{{1,2}})[ \n.,\")]|[{L}]\.[{L}]")


def py_short_groups(text: str) -> list[tuple[int, str | None]]:
    """A 1-2 letter word between spaces or brackets, or dotted letters, in `" " + text`: (start, word)."""
    return [(m.start(), m.group(1)) for m in _SHORT_GROUP.finditer(" " + text)]


_DIGIT_RUN = re.compile(r"(?<!\d)\d")


def py_digit_starts(text: str) -> list[int]:
    """Where each run of decimal digits starts."""
    return [m.start() for m in _DIGIT_RUN.finditer(text)]


# a run of digits and separators (starting on a digit keeps the scan fast); split and judged in Python
_DIGITS_RE = re.compile(r"\d[\d,.]*")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d{3})+")


def py_digit_runs(text: str) -> list[tuple[int, int, int]]:
    """(start, end, value) of every integer written in digits: 1,200 / 1.200 / 20; decimals skipped."""
    out = []
    for m in finditer_at(_DIGITS_RE, text, digit_index(text)):
        run = m.group().rstrip(".,")
        s = m.start()
        if s and text[s - 1] in ".,":
            continue
        if _THOUSANDS.fullmatch(run):
            out.append((s, s + len(run), int(run.replace(",", "").replace(".", ""))))
        elif run.isdigit():
            out.append((s, s + len(run), int(run)))
        elif "," in run and all(p.isdigit() for p in run.split(",")):
            # "26,27" is a list, not a number: each part counts on its own
            pos = s
            for part in run.split(","):
                out.append((pos, pos + len(part), int(part)))
                pos += len(part) + 1
    return out


@functools.lru_cache(maxsize=2)
def _edit_re(deletable: bytes) -> re.Pattern[str]:
    dc = "".join(re.escape(chr(c)) for c in range(len(deletable)) if deletable[c])
    return re.compile(rf"(?:[{dc}]|[^\S ])[\s{dc}]*| (?:[^\S ]|[{dc}]| )[\s{dc}]*")


def py_edit_runs(text: str, deletable: bytes) -> list[tuple[int, int]]:
    """Spans normalisation must edit: runs of marks and whitespace other than one lone space."""
    return [m.span() for m in _edit_re(deletable).finditer(text)]




def finditer_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` when every match starts at one of `starts` (sorted)."""
    match = pattern.match
    last = 0
    for p in starts:
        if p < last:
            continue
        m = match(text, p)
        if m is not None:
            last = m.end()
            yield m


def py_word_starts(
    text: str, masks: dict[str, tuple[int, ...]], seen: set[str]
) -> tuple[dict[int, list[int]], set[str]]:
    """Per pattern bit, the starts of the words whose key is in `masks` (text order); and unseen keys."""
    per_bit: dict[int, list[int]] = {}
    new: set[str] = set()
    for key, starts in py_word_keys(text).items():
        bits = masks.get(key)
        if bits is None:
            if key not in seen:
                new.add(key)
            continue
        for bit in bits:
            per_bit.setdefault(bit, []).extend(starts)
    for starts in per_bit.values():
        starts.sort()
    return per_bit, new


def head_prefixes(heads: frozenset[str]) -> bytes:
    """One byte per three Arabic letters (42³): 1 where a head starts with them (`split_heads`)."""
    table = bytearray(42 * 42 * 42)
    for h in heads:
        a, b, c = (ord(ch) - 0x621 for ch in h[:3])
        table[a * 1764 + b * 42 + c] = 1
    return bytes(table)


@functools.lru_cache(maxsize=2)
def _heads_re(heads: frozenset[str]) -> re.Pattern[str]:
    alts = "|".join(map(re.escape, sorted(heads, key=len, reverse=True)))
    return re.compile(rf"(?<![{L}])(?:{alts}) (?=[{L}])")


def py_split_heads(text: str, heads: frozenset[str], prefixes: bytes) -> list[int]:
    """Where a word of `heads` is followed by a space and a letter: the position after the space."""
    return [m.end() for m in _heads_re(heads).finditer(text)]


try:
    from rasd._kernels import digit_runs, digit_starts, edit_runs, short_groups, split_heads, word_starts
    COMPILED = True
except ImportError:  # not compiled on this machine (setup.py): the same functions in plain Python
    digit_runs, digit_starts, edit_runs = py_digit_runs, py_digit_starts, py_edit_runs
    short_groups, split_heads, word_starts = py_short_groups, py_split_heads, py_word_starts
    COMPILED = False


@functools.lru_cache(maxsize=16)
def _starts(text: str, version: int) -> dict[int, list[int]]:
    """Per pattern bit, the sorted word starts where that pattern may match."""
    per_bit, new = word_starts(text, _REGISTRY.masks, _REGISTRY.seen)
    if new:  # words never met before: ask the patterns once, then look again
        _REGISTRY.learn(new)
        per_bit, _ = word_starts(text, _REGISTRY.masks, _REGISTRY.seen)
    return per_bit


@functools.lru_cache(maxsize=16)
def digit_index(text: str) -> list[int]:
    """Where each run of digits starts: every match of a pattern that opens with `(?<!\\d)\\d`."""
    return digit_starts(text)


class IndexedPattern:
    """A compiled lexicon pattern whose `finditer` looks only where one of its words starts."""

    __slots__ = ("pattern", "_bit")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._bit = _REGISTRY.register(pattern)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The same matches as `self.pattern.finditer(text)` (see Note [Indexed scans])."""
        if self._bit is None:
            return self.pattern.finditer(text)
        return finditer_at(self.pattern, text, _starts(text, _REGISTRY.version).get(self._bit, []))

    def starts(self, text: str) -> list[int]:
        """Where a match may start (every match starts at one of these), or every position if refused."""
        if self._bit is None:
            return list(range(len(text)))
        return _starts(text, _REGISTRY.version).get(self._bit, [])

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.pattern.match(text, pos)
