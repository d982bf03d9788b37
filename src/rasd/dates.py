"""Dates as reports write them: day lists across months, mixed month systems, relative references.

`find_dates` reads the copy and returns what is *written* (day, month, maybe year); `resolve` turns each
into a full date using, in order, an explicit year, the coalition month's window and the publication
date. A year is never guessed: with no anchor the date stays unresolved. Impossible dates (31 شباط) come
back with `problem="invalid_date"` and no date.
"""

from __future__ import annotations

import calendar as _cal
import functools
import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from hijridate import Gregorian, Hijri

from rasd.lexicon import load_yaml, trie_pattern
from rasd.scan import IndexedPattern, digit_index, finditer_at
from rasd.text import fold

L = "\u0621-\u064a"


class DateRef(NamedTuple):
    """One written date: a day (or a whole month when `day` is None) with its copy span. A named tuple
    (immutable, cheap to build): a report has dozens."""

    day: int | None
    month: int
    year: int | None
    start: int
    end: int
    group: int = 0  # days written as one list share a group
    system: str = "gregorian"  # gregorian or hijri
    relative_month: int | None = None  # 0 this month, -1 last month, 1 next month
    relative_day: int | None = None  # 0 today, -1 yesterday
    range_part: str | None = None  # "start" / "end" of a range ("بين 3 و7 اب")
    weekday: int | None = None  # "مساء الاثنين": Monday (0) on or before the publication date
    month_start: int = -1
    month_end: int = -1


@dataclass(frozen=True, slots=True)
class Resolved:
    """A DateRef with its full date, or the reason it has none."""

    ref: DateRef
    date: date | None
    problem: str | None = None  # invalid_date, no_year


@dataclass(frozen=True, slots=True)
class DateContext:
    """What years are inferred from: the publication date and the coalition month's window."""

    published: date | None = None
    period: tuple[date, date] | None = None


@functools.cache
def _months() -> tuple[IndexedPattern, dict[str, tuple[str, int]], frozenset[str]]:
    doc = load_yaml("lexicon/months.ar.yaml")
    table: dict[str, tuple[str, int]] = {}
    for system in ("gregorian", "hijri"):
        for num, forms in doc[system].items():
            for f in forms:
                table[fold(f)] = (system, int(num))
    pat = IndexedPattern(re.compile(rf"(?<![{L}])[وبل]?(?:شهر )?({trie_pattern(table)})(?![{L}])"))
    ambiguous = frozenset(fold(f) for f in doc["ambiguous"])
    return pat, table, ambiguous


@functools.cache
def _relatives() -> tuple[re.Pattern[str], dict[str, int], IndexedPattern, dict[str, int]]:
    doc = load_yaml("lexicon/months.ar.yaml")
    rel_m = {fold(f): int(k) for k, fs in doc["relative_month"].items() for f in fs}
    rel_d = {fold(f): int(k) for k, fs in doc["relative_day"].items() for f in fs}
    malt = trie_pattern(rel_m)
    dalt = trie_pattern(rel_d)
    return (
        re.compile(rf" ?(?:من )?(?:الشهر )?({malt})(?![{L}])"),
        rel_m,
        IndexedPattern(re.compile(rf"(?<![{L}])[وب]?({dalt})(?![{L}])(?! (?:نفسه|ذاته))")),  # not "في اليوم نفسه"
        rel_d,
    )


@functools.cache
def _year_after() -> re.Pattern[str]:
    """A year after a month name, Gregorian or marked Hijri ("9 شوال 1445 هـ")."""
    doc = load_yaml("lexicon/months.ar.yaml")
    marks = "|".join(map(re.escape, sorted({fold(w) for w in doc["hijri_year_mark"]} | {"هـ"}, key=len, reverse=True)))
    return re.compile(rf" ?,? ?(?:من )?(?:(?:{_alt('year_words')}) )?(\d{{4}})(?!\d)( ?(?:{marks})(?![{L}]))?")
_PAIR = re.compile(r" ?[/(\-] ?")
_TOKEN = re.compile(rf"\d+|[{L}]+|[(),\-/]")
_PUNCT_GLUE = {",", "(", ")", "-"}


@functools.cache
def _list_words() -> dict[str, frozenset[str]]:
    """The day-list words of `months.ar.yaml`, folded."""
    doc = load_yaml("lexicon/months.ar.yaml")
    keys = ("list_glue", "list_openers", "range_end", "range_start", "year_words", "same_month", "list_then",
            "same_month_phrase")
    return {k: frozenset(fold(w) for w in doc[k]) for k in keys}


def _alt(key: str) -> str:
    return "|".join(map(re.escape, sorted(_list_words()[key], key=len, reverse=True)))
# "2024-03-14", "14/3/2024", "١٢ / ١ / ٢٠٢٥" (spaces around the slashes)
_NUMERIC = re.compile(
    r"\d(?:\d{3}[-/.]\d{1,2}[-/.]\d{1,2}|\d?[-/.]\d{1,2}[-/.]\d{4}|\d? / \d{1,2} / \d{4})(?![\d/.\-])")
_NUMERIC_PARTS = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(\d{1,2}) ?[-/.] ?(\d{1,2}) ?[-/.] ?(\d{4})")
_REL_MONTH_ALONE = re.compile(r"الشهر ")


def _days_before(text: str, lo: int, hi: int) -> list[tuple[int, int, int, str | None]]:
    """Days written before a month name: (day, start, end, range_part), in text order. The last 40
    characters are read first; the whole window only when the list may go on further back."""
    near = max(lo, hi - 40)
    if near > lo:
        got = _walk_days(text, near, hi, whole=False)
        if got is not None:
            return got
    return _walk_days(text, lo, hi, whole=True) or []


def _walk_days(text: str, lo: int, hi: int, *, whole: bool) -> list[tuple[int, int, int, str | None]] | None:
    """The walk back over [lo, hi); None when it reached the window's first token (which may be cut) and
    the window is not the whole one."""
    words = _list_words()
    glue, range_end, openers = words["list_glue"], words["range_end"], words["list_openers"]
    days: list[tuple[int, int, int, str | None]] = []
    saw_range_end = saw_between = False
    tokens = list(_TOKEN.finditer(text, lo, hi))
    stopped = -1
    for i in range(len(tokens) - 1, -1, -1):
        m = tokens[i]
        tok = m.group()
        if tok.isdigit():
            if len(tok) > 2 or int(tok) == 0:
                stopped = i
                break
            days.append((int(tok), m.start(), m.end(), None))
        elif tok in glue or tok in _PUNCT_GLUE:
            if not days and tok in ("بين",):
                stopped = i
                break
            if (tok in range_end or tok == "-") and days:
                saw_range_end = True
            if tok == "بين":
                saw_between = True
                stopped = i
                break
            if tok in openers and days:
                stopped = i
                break  # "دفعات (9) في 24 و27 ايلول": the list starts after "في"
        else:
            stopped = i
            break
    if not whole and stopped <= 0:
        return None
    days.reverse()
    if len(days) == 2 and (saw_range_end or saw_between):
        days = [(days[0][0], days[0][1], days[0][2], "start"), (days[1][0], days[1][1], days[1][2], "end")]
    return days


@functools.cache
def _glue_only() -> re.Pattern[str]:
    return re.compile(rf"[ ,()\-]*(?:(?:و|{_alt('range_end')}|-) ?)?[ ,()]*")


def _join_lists(out: list[DateRef], prev: list[int], glue: str, days: list, month: int, year: int | None) -> None:
    """Days of two months written as one list or range: a year at the end covers both months
    ("26 تموز و3 اب 2023"), and "من 28 تموز الى 3 اب" is a range across them."""
    for i in prev:
        r = out[i]
        if r.year is None and year is not None:
            out[i] = r._replace(year=year - 1 if r.month > month else year)
    if (any(w in glue for w in _list_words()["range_end"]) or "-" in glue) and len(prev) == 1 and len(days) == 1:
        out[prev[0]] = out[prev[0]]._replace(range_part="start")


def _opens_range(text: str, ref: DateRef) -> bool:
    """"بين 23 نيسان و22 ايار", "من 28 تموز الى ...": the first day of a range."""
    return bool(re.search(rf"(?:{_alt('range_start')}) ?$", text[max(0, ref.start - 6):ref.start]))


def _ordinal_day(text: str, lo: int, hi: int) -> list[tuple[int, int, int, str | None]]:
    """"الخامس من اب", "الحادي والعشرين من كانون الثاني": a day written as an ordinal word; a list of them
    joined by و ("في الثاني والسادس والخامس عشر من تشرين الثاني") gives every day, in order."""
    from rasd.numbers import find_ordinals

    region = text[lo:hi]
    tail = re.search(r" ?(?:من )?(?:شهر )?$", region)
    cut = tail.start() if tail else len(region)
    found = find_ordinals(region[:cut])
    for k in range(len(found) - 1, -1, -1):
        o = found[k]
        if o.end == cut and o.value is not None and 1 <= o.value <= 31:
            days = [(o.value, lo + o.start, lo + o.end, None)]
            while k > 0 and region[found[k - 1].end:found[k].start] == " و" and found[k - 1].value is not None \
                    and 1 <= found[k - 1].value <= 31:  # type: ignore[operator]
                k -= 1
                days.insert(0, (found[k].value, lo + found[k].start, lo + found[k].end, None))
            return days  # type: ignore[return-value]
    return []


def _ordinal_same_month(text: str, out: list[DateRef]) -> None:
    """"والثانية في السابع والعشرين منه": an ordinal day of the month named just before."""
    from rasd.numbers import find_ordinals

    same = _list_words()["same_month"]
    for word in same:
        pos = text.find(" " + word, 0)
        while pos != -1:
            after = pos + 1 + len(word)
            if after >= len(text) or not ("\u0621" <= text[after] <= "\u064a"):
                lo = max(0, pos - 40)
                hit = [o for o in find_ordinals(text[lo:pos]) if o.end == pos - lo]
                before = [r for r in out if r.end <= lo + (hit[0].start if hit else 0) and r.month]
                if hit and hit[0].value is not None and 1 <= hit[0].value <= 31 and before \
                        and not any(r.start == lo + hit[0].start for r in out):
                    last = max(before, key=lambda r: r.end)
                    out.append(last._replace(day=hit[0].value, start=lo + hit[0].start, end=lo + hit[0].end,
                                             range_part=None))
            pos = text.find(" " + word, pos + 1)


@functools.cache
def _orphan_list() -> re.Pattern[str]:
    then = _alt("list_then")
    glue = rf" ?,? ?(?:(?:{then}) |و ?(?:{then}) )?و? ?"
    return re.compile(rf"(?<![\d.,/-])\d{{1,2}}(?!\d)(?:{glue}\d{{1,2}}(?!\d)(?![.,/-]\d))+")


@functools.cache
def _same_month_after() -> re.Pattern[str]:
    return re.compile(rf" ?,? ?(?:من |في )?(?:{_alt('same_month_phrase')})(?![{L}])")


@functools.cache
def _same_month() -> re.Pattern[str]:
    return re.compile(rf"(?<![\d])(\d{{1,2}}) (?:{_alt('same_month')})(?![{L}])")


_DAY_NUM = re.compile(r"\d{1,2}")
_DIGIT = re.compile(r"\d")


def _orphans(text: str, out: list[DateRef], pat: IndexedPattern, table: dict[str, tuple[str, int]]) -> None:
    """Days written before their month is named ("في 2 و5 و8، وكلها خلال ديسمبر") and "و30 منه"."""
    taken = {r.start for r in out}
    starts = sorted(taken)
    group = max((r.group for r in out), default=0) + 100
    n = len(text)
    digits = digit_index(text)
    for m in finditer_at(_orphan_list(), text, digits):
        ms, me = m.span()
        i = bisect_left(starts, ms)
        if i < len(starts) and starts[i] < me:
            continue  # a day of this list is already a date
        days = [(int(d.group()), d.start(), d.end()) for d in _DAY_NUM.finditer(text, ms, me)]
        if not all(1 <= d <= 31 for d, _, _ in days):
            continue
        # the months named after the list, before any other number: one month, or one per run of days
        # ("25 و28 و31، ثم 4 و8 ... الثلاث الاولى في كانون الثاني، والخمس الباقية في شباط")
        limit = min(n, me + 200)
        cut = _DIGIT.search(text, me, limit)
        months = [x for x in pat.pattern.finditer(text, me, cut.start() if cut else limit)
                  if table[x.group(1)][0] == "gregorian"]
        if not months:
            same = _same_month_after().match(text, me)  # "في 11 و14 و20 من الشهر ذاته"
            before = [r for r in out if r.end <= ms and r.month and r.system == "gregorian"]
            if same and before:
                last = max(before, key=lambda r: r.end)
                group += 1
                for d, a, b in days:
                    out.append(last._replace(day=d, start=a, end=b, group=group, range_part=None))
            continue
        runs = [0] + [i for i in range(1, len(days)) if days[i][0] < days[i - 1][0]]
        distinct = []
        for x in months:
            if not distinct or table[x.group(1)][1] != table[distinct[-1].group(1)][1]:
                distinct.append(x)
        if len(runs) > len(distinct):
            continue
        group += 1
        bounds = runs + [len(days)]
        for k in range(len(runs)):
            x = distinct[k]
            for d, a, b in days[bounds[k]:bounds[k + 1]]:
                out.append(DateRef(d, table[x.group(1)][1], None, a, b, group, month_start=x.start(1),
                                   month_end=x.end(1)))
    for m in finditer_at(_same_month(), text, digits):
        before = [r for r in out if r.end <= m.start() and r.month]
        if not before or m.start(1) in taken:
            continue
        last = max(before, key=lambda r: r.end)
        out.append(last._replace(day=int(m.group(1)), start=m.start(1), end=m.end(1), range_part=None))
    _ordinal_same_month(text, out)


def find_dates(text: str) -> list[DateRef]:
    """Every written date in the copy, in text order."""
    pat, table, ambiguous = _months()
    rel_month_re, rel_m, rel_day_re, rel_d = _relatives()
    out: list[DateRef] = []
    prev_end = 0
    group = 0
    matches = list(pat.finditer(text))
    skip_until = -1
    prev_refs: list[int] = []
    for m in matches:
        if m.start() < skip_until:
            continue
        form = m.group(1)
        system, month = table[form]
        ms, me = m.start(1), m.end(1)
        # a second name of the same month: "كانون الاول/ديسمبر", "تموز (يوليو)"
        pm = _PAIR.match(text, me)
        if pm:
            m2 = pat.match(text, pm.end())
            if m2 and table[m2.group(1)][1] == month:
                me = m2.end(1)
                if text[me : me + 1] == ")":
                    me += 1
                skip_until = me
        year = None
        hijri_mark = False
        ym = _year_after().match(text, me)
        if ym:
            year = int(ym.group(1))
            hijri_mark = bool(ym.group(2))
        if system == "hijri" and not hijri_mark and year is not None and year > 1600:
            system = "gregorian_year_hijri_month"
        rel = None
        rm = rel_month_re.match(text, me)
        if rm:
            rel = rel_m[rm.group(1)]
        days = _days_before(text, max(prev_end, m.start() - 160), m.start())
        if not days:
            days = _ordinal_day(text, max(prev_end, m.start() - 60), m.start())
        group += 1
        kind = "gregorian" if system == "gregorian" else "hijri"
        if days:
            chained = prev_refs and _glue_only().fullmatch(text[prev_end:days[0][1]])
            if chained:
                group -= 1  # one list across two months
                glue = text[prev_end:days[0][1]]
                _join_lists(out, prev_refs, glue, days, month, year)
                if len(prev_refs) == 1 and len(days) == 1 and _opens_range(text, out[prev_refs[0]]):
                    out[prev_refs[0]] = out[prev_refs[0]]._replace(range_part="start")
                days = [(d, s2, e2, "end" if out[prev_refs[0]].range_part == "start" else part)
                        for d, s2, e2, part in days]
            prev_refs = list(range(len(out), len(out) + len(days)))
            for d, s2, e2, part in days:
                out.append(DateRef(d, month, year, s2, e2, group, kind, rel, None, part, month_start=ms, month_end=me))
        else:
            prev_refs = []
            if (form not in ambiguous or year is not None) and (system == "gregorian" or year is not None):
                out.append(DateRef(None, month, year, ms, me, group, kind, rel, None, None,
                                   month_start=ms, month_end=me))
        prev_end = me + (ym.end() - me if ym else 0)
    _orphans(text, out, pat, table)
    # days followed by "الشهر الماضي/الجاري" with no month name ("في 23 الشهر الفائت")
    for m in _REL_MONTH_ALONE.finditer(text):
        if m.start() and "\u0621" <= text[m.start() - 1] <= "\u064a":
            continue
        rm = rel_month_re.match(text, m.end() - 1)
        if not rm:
            continue
        rel = rel_m[rm.group(1)]
        days = _days_before(text, max(0, m.start() - 40), m.start())
        group += 1
        for d, s, e, part in days:
            out.append(DateRef(d, 0, None, s, e, group, "gregorian", rel, None, part, month_start=m.start(),
                               month_end=rm.end()))
        if not days:
            out.append(DateRef(None, 0, None, m.start(), rm.end(), group, "gregorian", rel))
    for whole in _NUMERIC.finditer(text):
        if whole.start() and text[whole.start() - 1] in "0123456789/.-":
            continue
        m = _NUMERIC_PARTS.fullmatch(whole.group())
        if m is None:
            continue
        m = _NUMERIC_PARTS.match(text, whole.start())
        group += 1
        if m.group(1):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            d, mo, y = int(m.group(4)), int(m.group(5)), int(m.group(6))
        if 1 <= mo <= 12:
            out.append(DateRef(d, mo, y, m.start(), m.end(), group))
    for m in rel_day_re.finditer(text):
        group += 1
        out.append(DateRef(None, 0, None, m.start(1), m.end(1), group, relative_day=rel_d[m.group(1)]))
    wd_re, wd = _weekdays()
    for m in wd_re.finditer(text):
        group += 1
        past = m.group(2) or m.group(4)
        out.append(DateRef(None, 0, None, m.start(), m.end(), group, relative_day=-1 if past else 0,
                           weekday=wd[m.group(1) or m.group(3)]))
    out.sort(key=lambda r: (r.start, r.end))
    return out


@functools.cache
def _weekdays() -> tuple[IndexedPattern, dict[str, int]]:
    """"مساء الاثنين" (the last Monday on or before publication) and "الثلاثاء الماضي" (the last one before)."""
    doc = load_yaml("lexicon/months.ar.yaml")
    days = {fold(f): int(k) for k, fs in doc["weekdays"].items() for f in fs}
    times = trie_pattern(sorted({fold(w) for w in doc["weekday_times"]}))
    past = trie_pattern(sorted({fold(w) for w in doc["weekday_past"]}))
    day = trie_pattern(sorted(days))
    return IndexedPattern(re.compile(
        rf"(?<![{L}])(?:[وب]?(?:{times}) ({day})(?: ({past}))?|({day}) ({past}))(?![{L}])")), days


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= _cal.monthrange(y, m)[1]


def _shift_month(d: date, k: int) -> tuple[int, int]:
    idx = d.year * 12 + d.month - 1 + k
    return idx // 12, idx % 12 + 1


def resolve(ref: DateRef, ctx: DateContext) -> Resolved:
    """The full date of a written date, using the explicit year, the coalition window, the publication date."""
    if ref.relative_day is not None:
        if ctx.published is None:
            return Resolved(ref, None, "no_year")
        if ref.weekday is not None:  # "الثلاثاء الماضي" written on a Tuesday is a week ago
            back = (ctx.published.weekday() - ref.weekday) % 7
            return Resolved(ref, ctx.published - timedelta(days=back or (7 if ref.relative_day == -1 else 0)))
        return Resolved(ref, ctx.published + timedelta(days=ref.relative_day))
    if ref.system == "hijri":
        return _resolve_hijri(ref, ctx)
    month, year = ref.month, ref.year
    if ref.relative_month is not None and ctx.published is not None:
        anchor_y, anchor_m = _shift_month(ctx.published, ref.relative_month)
        pub = ctx.published
        if month == 0:
            month, year = anchor_m, anchor_y
        elif year is None and ref.relative_month > 0:  # "تموز المقبل"
            year = pub.year if month >= pub.month else pub.year + 1
        elif year is None and ref.relative_month < 0:  # "حزيران الماضي"
            year = pub.year if month <= pub.month else pub.year - 1
        elif year is None:  # "تموز الجاري"
            year = pub.year
    if month == 0:
        return Resolved(ref, None, "no_year")
    day = ref.day or 1
    # impossible in every year (31 شباط, 31 نيسان) or in the stated year (29 شباط 2023)
    if not _valid(year or 2024, month, day):
        return Resolved(ref, None, "invalid_date")
    if year is None:
        year = _infer_year(month, day, ctx)
        if year == -1:
            return Resolved(ref, None, "invalid_date")
        if year is None:
            return Resolved(ref, None, "no_year")
        if not _valid(year, month, day):
            return Resolved(ref, None, "invalid_date")
    return Resolved(ref, date(year, month, day))


def _infer_year(month: int, day: int, ctx: DateContext) -> int | None:
    if ctx.period is not None:
        start, end = ctx.period
        if not any(_valid(y, month, day) for y in {start.year, end.year}):
            return -1  # "29 شباط" in a window of a non-leap February
        best: tuple[int, int] | None = None
        for y in {start.year - 1, start.year, end.year, end.year + 1}:
            if not _valid(y, month, day):
                continue
            d = date(y, month, day)
            dist = 0 if start <= d <= end else min(abs((d - start).days), abs((d - end).days))
            if best is None or dist < best[0]:
                best = (dist, y)
        if best is not None and best[0] <= 120:
            return best[1]
    if ctx.published is not None:
        y = ctx.published.year
        if _valid(y, month, day) and date(y, month, day) > ctx.published + timedelta(days=3):
            return y - 1
        return y
    return None


def _resolve_hijri(ref: DateRef, ctx: DateContext) -> Resolved:
    day = ref.day or 1
    if ref.year is not None:
        try:
            g = Hijri(ref.year, ref.month, day).to_gregorian()
        except (ValueError, OverflowError):
            return Resolved(ref, None, "invalid_date")
        return Resolved(ref, date(g.year, g.month, g.day))
    anchor = ctx.period[0] if ctx.period else ctx.published
    if anchor is None:
        return Resolved(ref, None, "no_year")
    hy = Gregorian(anchor.year, anchor.month, anchor.day).to_hijri().year
    best: tuple[int, date] | None = None
    for y in (hy - 1, hy, hy + 1):
        try:
            g = Hijri(y, ref.month, day).to_gregorian()
        except (ValueError, OverflowError):
            continue
        d = date(g.year, g.month, g.day)
        if ctx.period is not None:
            start, end = ctx.period
            dist = 0 if start <= d <= end else min(abs((d - start).days), abs((d - end).days))
        else:
            dist = (anchor - d).days if d <= anchor + timedelta(days=3) else 10**6
        if best is None or dist < best[0]:
            best = (dist, d)
    if best is None:
        return Resolved(ref, None, "invalid_date")
    return Resolved(ref, best[1])
