"""Numbers as reports write them: digits with separators, number words, hedges and vague quantities.

Everything works on the matching copy (`NormText.text`); spans are copy offsets, mapped back to the
original by `NormText.evidence`. Words live in `data/lexicon/numbers.ar.yaml` and `hedges.ar.yaml`.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple

from rasd.lexicon import load_yaml, trie_pattern
from rasd.scan import IndexedPattern, digit_runs
from rasd.text import fold

L = "\u0621-\u064a"


class Number(NamedTuple):
    """A quantity found in the copy: `value` is None for vague ones (عشرات، عدة). A named tuple, not a
    frozen dataclass: a report has dozens and building them was a tenth of the text layer's time."""

    value: int | None
    start: int  # copy offset of the number itself
    end: int
    hedge: str | None = None  # about, at_least, more_than, less_than, dozens, several, hundreds
    hedge_start: int | None = None  # where the hedge starts, when it precedes the number
    hedge_end: int | None = None  # where the hedge ends, when it follows the number
    kind: str = "digits"  # digits, words, vague

    @property
    def span_start(self) -> int:
        return self.start if self.hedge_start is None else min(self.start, self.hedge_start)

    @property
    def span_end(self) -> int:
        return self.end if self.hedge_end is None else max(self.end, self.hedge_end)


@dataclass(frozen=True, slots=True)
class _Word:
    value: int
    role: str  # unit, teen, tens, hundreds, thousands, hundred_word, thousand_word


@functools.cache
def _words() -> dict[str, tuple[_Word, ...]]:
    doc = load_yaml("lexicon/numbers.ar.yaml")
    out: dict[str, list[_Word]] = {}

    def add(forms: list[str], w: _Word) -> None:
        for f in forms:
            out.setdefault(fold(f), []).append(w)

    for role in ("units", "tens", "hundreds", "thousands"):
        for value, forms in doc[role].items():
            add(forms, _Word(int(value), role.rstrip("s") if role != "tens" else "tens"))
    add(doc["teen"], _Word(10, "teen"))
    add(doc["hundred_word"], _Word(100, "hundred_word"))
    add(doc["thousand_word"], _Word(1000, "thousand_word"))
    return {k: tuple(v) for k, v in out.items()}


@functools.cache
def _word_re() -> IndexedPattern:
    doc = load_yaml("lexicon/numbers.ar.yaml")
    procl = "".join(doc["proclitics"])
    return IndexedPattern(re.compile(rf"(?<![{L}])([{procl}]?)({trie_pattern(_words())})(?![{L}])"))


_THOUSAND_AFTER = re.compile(rf" (?:الاف|الف|الفا)(?![{L}])")


def _digit_runs(text: str) -> list[tuple[int, int, int]]:
    """(start, end, value) of every integer written in digits: 1,200 / 1.200 / 20; decimals skipped."""
    return digit_runs(text)


def _digit_value(s: str) -> int | None:
    runs = _digit_runs(s)
    return runs[0][2] if len(runs) == 1 and runs[0][1] - runs[0][0] == len(s) else None


def _magnitude(v: int) -> int:
    return 3 if v >= 1000 else 2 if v >= 100 else 1 if v >= 20 else 0


def _parse_words(hits: list[tuple[int, int, str, str]], text: str) -> list[tuple[int, int, int]]:
    """Compose adjacent number-word hits into numbers: (value, start, end)."""
    out: list[tuple[int, int, int]] = []
    words = _words()
    i = 0
    while i < len(hits):
        start, end, procl, form = hits[i]
        cands = words[form]
        unit = next((w for w in cands if w.role in ("unit", "ten", "hundred", "thousand", "tens")), None)
        if unit is None:  # a lone multiplier word: "الف" alone is 1000
            if cands[0].role == "thousand_word" and form in ("الف",):
                out.append((1000, start, end))
            i += 1
            continue
        value = unit.value
        role = unit.role
        j = i + 1
        # a unit followed by عشر (teen), مئه (x100) or الاف (x1000)
        while j < len(hits) and text[end:hits[j][0]] == " " and not hits[j][2]:
            nxt = {w.role: w for w in words[hits[j][3]]}
            if "teen" in nxt and role == "unit" and value < 10:
                value, role = 10 + value, "unit"
            elif "hundred_word" in nxt and role == "unit" and value < 10:
                value, role = value * 100, "hundred"
            elif "thousand_word" in nxt and value < 1000:
                value, role = value * 1000, "thousand"
            else:
                break
            end = hits[j][1]
            j += 1
        total, last_mag = value, _magnitude(value)
        prev_unit = value if value < 20 else None
        # "... و<part>": parts joined by و, largest first, except units before tens ("خمسه وعشرون")
        while j < len(hits) and hits[j][2] == "و" and text[end:hits[j][0]] == " ":
            part = next((w for w in words[hits[j][3]] if w.role in ("unit", "tens", "hundred", "thousand")), None)
            if part is None:
                break
            pend, pval = hits[j][1], part.value
            k = j + 1
            while k < len(hits) and text[pend:hits[k][0]] == " " and not hits[k][2]:
                roles = {w.role for w in words[hits[k][3]]}
                if "teen" in roles and pval < 10:
                    pval = 10 + pval
                elif "hundred_word" in roles and pval < 10:
                    pval *= 100
                else:
                    break
                pend = hits[k][1]
                k += 1
            mag = _magnitude(pval)
            if mag < last_mag or (prev_unit is not None and prev_unit < 10 and mag == 1 and last_mag == 0):
                total += pval
                last_mag = mag
                prev_unit = pval if pval < 20 else None
                end = pend
                j = k
            else:
                break
        # "خمسه وعشرون الفا": a thousands word after the whole composed number
        if (j < len(hits) and text[end:hits[j][0]] == " " and not hits[j][2] and total < 1000
                and any(w.role == "thousand_word" for w in words[hits[j][3]])):
            total *= 1000
            end = hits[j][1]
            j += 1
        out.append((total, start + len(procl), end))
        i = j
    return out


@functools.cache
def _hedge_res() -> tuple[IndexedPattern, re.Pattern[str], IndexedPattern, dict[str, str], IndexedPattern]:
    doc = load_yaml("lexicon/hedges.ar.yaml")
    kind_of: dict[str, str] = {}
    for section in ("before", "after", "vague"):
        for kind, forms in doc[section].items():
            for f in forms:
                kind_of.setdefault(f"{section}:{fold(f)}", kind)

    def alt(section: str) -> str:
        return trie_pattern({fold(f) for fs in doc[section].values() for f in fs})

    before = IndexedPattern(re.compile(
        rf"(?<![{L}])[وب]?(?:ال)?({alt('before')}) ?(?:من |عن |على |علي )?(?:ال ?(?=\d))?(?=\d|[{L}])"
    ))
    after = re.compile(rf"(?: [{L}]+){{0,3}} ({alt('after')})(?![{L}])")  # matched at a number's end
    after_words = IndexedPattern(re.compile(rf"(?<![{L}])({alt('after')})(?![{L}])"))  # where one may be
    not_before = trie_pattern({fold(f) for f in doc["vague_not_before"]})
    vague = IndexedPattern(re.compile(rf"(?<![{L}])[وب]?({alt('vague')})(?![{L}])(?! (?:{not_before})(?![{L}]))"))
    return before, after, vague, kind_of, after_words


def _after_possible(text: str, e: int, after_at: list[int]) -> bool:
    """Whether a hedge word may follow the number ending at `e` within 40 characters: one starts there,
    or a word runs across the 40th character (cut there, its beginning might read as a hedge)."""
    i = bisect_right(after_at, e)
    if i < len(after_at) and after_at[i] < e + 40:
        return True
    return e + 40 < len(text) and _is_letter(text[e + 39]) and _is_letter(text[e + 40])


def _is_letter(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a"


def find_numbers(text: str) -> list[Number]:
    """Every number in the copy, in order, with its hedge when one is written next to it."""
    raw: list[tuple[int, int, int | None, str]] = []
    for s, e, v in _digit_runs(text):
        k = _THOUSAND_AFTER.match(text, e) if text.startswith(" ال", e) else None
        if k and v < 1000:
            v, e = v * 1000, k.end()
        raw.append((s, e, v, "digits"))
    hits = [(m.start(), m.end(), m.group(1), m.group(2)) for m in _word_re().finditer(text)]
    for v, s, e in _parse_words(hits, text):
        if v == 1 and s > 0 and text[s] != "و" and text[s - 1] == "و" and (s < 2 or not _is_letter(text[s - 2])):
            s -= 1  # "واحد" is one word, not و + "احد"
        raw.append((s, e, v, "words"))
    before, after, vague, kind_of, after_words = _hedge_res()
    after_at = after_words.starts(text) if raw else []
    # one pass for every hedge that precedes something; a number starting where one ends takes it
    ends = {m.end(): m for m in before.finditer(text)} if raw else {}
    out: list[Number] = []
    for s, e, v, kind in sorted(raw):
        hedge = hs = he = None
        m = ends.get(s)
        if m:
            hedge, hs = kind_of.get(f"before:{m.group(1)}"), m.start(1)
        else:
            m2 = after.match(text, e, e + 40) if _after_possible(text, e, after_at) else None
            if m2:
                hedge, he = kind_of.get(f"after:{m2.group(1)}"), m2.end(1)
        out.append(Number(v, s, e, hedge, hs, he, kind))
    for m in vague.finditer(text):
        out.append(Number(None, m.start(1), m.end(1), kind_of.get(f"vague:{m.group(1)}"), None, None, "vague"))
    out.sort(key=lambda n: n.start)
    return out


def parse_number(phrase: str) -> Number | None:
    """The first number of a short phrase (for tests and the debug views)."""
    from rasd.text import normalize

    found = find_numbers(normalize(phrase).text)
    return found[0] if found else None


@functools.cache
def _ordinal_tables() -> tuple[re.Pattern[str], dict[str, int], dict[str, int]]:
    doc = load_yaml("lexicon/numbers.ar.yaml")
    units = {fold(f): int(v) for v, fs in doc["ordinal_units"].items() for f in fs}
    tens = {fold(f): int(v) for v, fs in doc["ordinal_tens"].items() for f in fs}
    teen = "|".join(map(re.escape, (fold(f) for f in doc["ordinal_teen"])))
    ualt = "|".join(map(re.escape, sorted(units, key=len, reverse=True)))
    talt = "|".join(map(re.escape, sorted(tens, key=len, reverse=True)))
    hundred = "|".join(map(re.escape, (fold(f) for f in doc["ordinal_after_hundred"])))
    h100 = "|".join(map(re.escape, (fold(f) for f in doc["ordinal_hundred"])))
    pat = re.compile(
        rf"(?:(?<![{L}])|(?<=(?<![{L}])[وف]))(?:(?:(?P<u>{ualt})(?: (?P<teen>{teen})| و(?P<t1>{talt}))?|(?P<t>{talt}))"
        rf"(?P<h> (?:{hundred}))?|(?P<c>{h100}))(?![{L}])"
    )
    return pat, units, tens


def find_ordinals(text: str) -> list[Number]:
    """Ordinal words ("الثالثه", "التاسع عشر بعد المائه" = 119) as Numbers of kind `ordinal`."""
    pat, units, tens = _ordinal_tables()
    out = []
    for m in pat.finditer(text):
        v = 0
        if m.group("c"):
            out.append(Number(100, m.start(), m.end(), kind="ordinal"))
            continue
        if m.group("u"):
            v = units[m.group("u")]
            if m.group("teen"):
                v += 10
            if m.group("t1"):
                v += tens[m.group("t1")]
        else:
            v = tens[m.group("t")]
        if m.group("h"):
            v += 100
        out.append(Number(v, m.start(), m.end(), kind="ordinal"))
    return out
