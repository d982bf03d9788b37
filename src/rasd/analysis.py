"""One report read once: the copy, its sentences, numbers, dates, places and actors, and the report's
own frame (coalition month, period, publication date). Every rule reads this; nothing here decides
what counts as an event."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date

from rasd import calendar
from rasd.dates import DateContext, DateRef, Resolved, find_dates, resolve
from rasd.gazetteer import Mention, Place, find_mentions, in_context
from rasd.lexicon import grammar
from rasd.numbers import Number, find_numbers, find_ordinals
from rasd.rules import Words, common_words, count_units, grammar_words, pick, scan_all
from rasd.text import NormText, normalize

L = "\u0621-\u064a"
_SENTENCE_MARK = re.compile(r"[.!?;\n]")  # a sentence ends there unless between two digits ("2.5")
_CLAUSE_PUNCT = re.compile(r"[,:\n]")  # a list's lines too; and before `clause_breaks` words
_MONTH_DIGITS = re.compile(
    rf"(?<![{L}])(?:{grammar('month_word')}) (?:ال ?)?\(?(\d{{2,3}})\)?(?!\d)|\bmonth (\d{{2,3}})\b", re.I
)
_MONTH_WORD = re.compile(rf"(?<![{L}])(?:{grammar('month_word')}) ")
_ANAPHOR = re.compile(rf"[ ,]*و?[{L}]+ (?:فيه|فيها|خلاله|خلالها|به|بها|جراءه|جراءها|عليه|عليها)(?![{L}])")
# a table row: "- العدد الإجمالي: 11", "قاعدة حقل العمر ← 5", or a bulleted line ("▫️ 6 دفعات")
_BULLETS = "-*•▪▫◾●◽\u2600-\u27bf\U0001f300-\U0001faff"  # marks and emoji that open a row ("🎯 كونيكو ٢")
_ROW = re.compile(rf"\s*(?:[{_BULLETS}️]+\s*)?[^\n:|←→⬅]{{1,60}}(?:[:|←→⬅])|\s*[{_BULLETS}]")
_BULLET_ROW = re.compile(rf"\s*[{_BULLETS}]")
_LETTER = re.compile(rf"[{L}]")
OUTSIDE_SYRIA = ("Iraq", "Jordan", "Turkey", "Kurdistan", "Israel")
_OUTSIDE_SYRIA = re.compile("|".join(map(re.escape, OUTSIDE_SYRIA)))  # one C scan of admin1
_NO_HITS: tuple[list[int], list[int], list[re.Match[str]]] = ([], [], [])  # shared, never changed


@dataclass
class Analysis:
    """The report as the rules see it."""

    nt: NormText
    published: date | None
    numbers: list[Number] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)
    actors: list[Mention] = field(default_factory=list)
    dates: list[Resolved] = field(default_factory=list)
    month: int | None = None
    month_span: tuple[int, int] | None = None
    period: tuple[date, date] | None = None
    calendar_month: bool = False  # a summary of a calendar month ("حصاد أيار 2024"): monthly, not daily
    roundup: bool = False  # a weekly or fortnightly round-up ("حصاد الأسبوع | 3 – 9 آب"): its items add up
    headline: tuple[int, int] | None = None
    dateline: date | None = None  # the day of a dateline ("الحسكة – 14 آذار")
    memo: dict[object, object] = field(default_factory=dict)
    _hits: dict[int, tuple[list[int], list[int], list[re.Match[str]]]] = field(default_factory=dict, repr=False)
    _scan: tuple[int, dict[int, list[tuple[int, int, int]]]] | None = field(default=None, repr=False)
    _raw_starts: dict[int, set[int]] = field(default_factory=dict, repr=False)
    _starts: dict[str, list[int]] = field(default_factory=dict, repr=False)  # sorted starts of each list
    _lines: list[tuple[int, int]] | None = field(default=None, repr=False)
    _heads: dict[int, tuple[int, int] | None] = field(default_factory=dict, repr=False)  # line index -> heading
    _pieces: dict[str, tuple[list[int], list[tuple[int, int]]]] = field(default_factory=dict, repr=False)

    @property
    def text(self) -> str:
        return self.nt.text

    @property
    def daily(self) -> bool:
        return self.month is None and not self.calendar_month and not self.roundup

    def hits(self, words: Words) -> tuple[list[int], list[re.Match[str]]]:
        """Every match of `words` in the copy, found once per report (starts, matches)."""
        found = self._found(words)
        return found[0], found[2]

    def _found(self, words: Words) -> tuple[list[int], list[int], list[re.Match[str]]]:
        """(starts, ends, matches) of `words`, computed on first use: the rules ask hundreds of times."""
        found = self._hits.get(words.id)
        if found is None:
            covered, raw = self._scanned()
            if words.id >= covered:
                ms = words.finditer(self.text)
                found = ([m.start() for m in ms], [m.end() for m in ms], ms)
            else:
                hits = raw.get(words.id)
                found = pick(self.text, hits) if hits else _NO_HITS
            self._hits[words.id] = found
        return found

    def _scanned(self) -> tuple[int, dict[int, list[tuple[int, int, int]]]]:
        """The shared scan of the copy (see `scan_all`), run on first use."""
        if self._scan is None:
            self._scan = scan_all(self.text)
        return self._scan

    def occurs(self, words: Words) -> bool:
        """Whether a form of `words` occurs anywhere in the copy as a whole word: a regex that needs one
        of these forms (a whole word) cannot match otherwise."""
        covered, raw = self._scanned()
        return words.id >= covered or words.id in raw

    def may_start(self, words: Words, pos: int) -> bool:
        """False when no form of `words` (with its proclitic) starts at `pos` as a whole word, so
        `words.re.match(text, pos)` cannot match there: a set look-up before a regex call."""
        starts = self._raw_starts.get(words.id)
        if starts is None:
            covered, raw = self._scanned()
            if words.id >= covered:
                return True
            starts = self._raw_starts[words.id] = {s for s, _, _ in raw.get(words.id, ())}
        return pos in starts

    def within(self, words: Words, lo: int, hi: int) -> list[re.Match[str]]:
        """The matches of `words` that lie inside [lo, hi). Matches do not overlap, so their ends are
        in order too: the ones inside are one slice."""
        starts, ends, ms = self._hits.get(words.id) or self._found(words)
        return ms[bisect_left(starts, lo):bisect_right(ends, hi)]

    def first(self, words: Words, lo: int, hi: int) -> re.Match[str] | None:
        """The first match of `words` inside [lo, hi), or None (the first match from `lo` on, if it
        ends by `hi`: a later one ends later)."""
        starts, ends, ms = self._hits.get(words.id) or self._found(words)
        i = bisect_left(starts, lo)
        return ms[i] if i < len(ms) and ends[i] <= hi else None

    def naming(self, words: Words) -> list[bool]:
        """For each sentence, whether it holds a match of `words`: one pass over the matches instead of
        a search per sentence."""
        key = ("naming", words.id)
        out = self.memo.get(key)
        if out is None:
            starts, ends, _ = self._hits.get(words.id) or self._found(words)
            sentences = self.sentences
            firsts = self._sentence_starts()
            out = self.memo[key] = [False] * len(sentences)
            for s, e in zip(starts, ends, strict=True):
                i = bisect_right(firsts, s) - 1
                if i >= 0 and e <= sentences[i][1]:
                    out[i] = True
        return out  # type: ignore[return-value]

    def sentences_naming(self, words: Words) -> list[tuple[int, int]]:
        """The sentences that hold a match of `words`, in text order."""
        return [s for s, named in zip(self.sentences, self.naming(words), strict=True) if named]

    def sentence_heads(self) -> list[tuple[int, int] | None]:
        """The heading above each sentence (see `heading_of`)."""
        key = ("sentence-heads",)
        if key not in self.memo:
            self.memo[key] = [self.heading_of(lo) for lo, _ in self.sentences]
        return self.memo[key]  # type: ignore[return-value]

    def _sentence_starts(self) -> list[int]:
        starts = self._starts.get("sentences")
        if starts is None:
            starts = self._starts["sentences"] = [lo for lo, _ in self.sentences]
        return starts

    def sentence_at(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._starts.get("sentences") or self._sentence_starts(), pos) - 1
        if i >= 0 and pos < self.sentences[i][1]:
            return self.sentences[i]
        return 0, len(self.text)

    def _cuts(self, name: str) -> list[int]:
        key = ("cuts", name)
        if key not in self.memo:
            text = self.text
            words = self.hits(grammar_words("clause_breaks" if name == "clause" else "contrast"))[0]
            if name == "clause":
                cuts = sorted([m.start() for m in _CLAUSE_PUNCT.finditer(text) if not _in_number(text, m.start())]
                              + words)
            else:
                cuts = list(words)
            self.memo[key] = cuts
        return self.memo[key]  # type: ignore[return-value]

    def _between(self, cuts: list[int], pos: int) -> tuple[int, int]:
        lo, hi = self.sentence_at(pos)
        i = bisect_right(cuts, pos)
        a = cuts[i - 1] if i > 0 and cuts[i - 1] >= lo else lo
        b = cuts[i] if i < len(cuts) and cuts[i] < hi else hi
        return a, b

    def _piece_at(self, name: str, pos: int) -> tuple[int, int]:
        """The piece of its sentence that `pos` is in, the sentence cut at `name`'s cuts; the same as
        `_between`, looked up in pieces laid out once."""
        found = self._pieces.get(name)
        if found is None:
            found = self._pieces[name] = _pieces(self._cuts(name), self.sentences)
        starts, pieces = found
        i = bisect_right(starts, pos) - 1
        if i >= 0 and pos < pieces[i][1]:
            return pieces[i]
        return self._between(self._cuts(name), pos)  # between sentences

    def clause_at(self, pos: int) -> tuple[int, int]:
        return self._piece_at("clause", pos)

    def segment_at(self, pos: int) -> tuple[int, int]:
        """The part of a sentence between contrast words ("فيما", "بينما"): one line of thought."""
        return self._piece_at("contrast", pos)

    def recalled(self, lo: int, hi: int, *, wider_area: bool = True) -> bool:
        """Whether [lo, hi) recalls an older event or a running total rather than reporting a new one.
        With `wider_area=False`, "في سوريا والعراق" alone does not make it so: one wave of strikes over
        both countries is still this period's wave, only a count over both is a wider total."""
        key = ("recalled", lo, hi, wider_area)
        if key not in self.memo:
            self.memo[key] = self._recalled(lo, hi, wider_area)
        return self.memo[key]  # type: ignore[return-value]

    def _since_older(self, lo: int, hi: int) -> bool:
        """"منذ 17 تشرين الاول": a running total since a date before the period (or days before publication)."""
        for m in self.within(common_words("since"), lo, hi):
            for r in self.dates_in(m.end(), min(hi, m.end() + 30)):
                if r.date is None:
                    continue
                if self.period is not None:
                    return r.date < self.period[0]
                if self.published is not None:
                    return (self.published - r.date).days > 3
        return False

    def in_headline(self, pos: int) -> bool:
        return self.headline is not None and self.headline[0] <= pos < self.headline[1]

    def lines(self) -> list[tuple[int, int]]:
        if self._lines is None:
            out, pos = [], 0
            for part in self.text.split("\n"):
                out.append((pos, pos + len(part)))
                pos += len(part) + 1
            self._lines = out
            self._starts["lines"] = [lo for lo, _ in out]
        return self._lines

    def heading_of(self, pos: int) -> tuple[int, int] | None:
        """The heading above a table row ("3. الهجمات على قواعد التحالف" above "- العدد الإجمالي: 11";
        "💥 استهداف القواعد: 9" above "• العمر ← 4"): the first line above the run of rows of its kind
        (bulleted rows stop at any other line), short and without a full stop. Under a separator line
        ("━━━━"), the run's first row heads it."""
        lines = self._lines or self.lines()
        i = bisect_left(self._starts["lines"], pos + 1) - 1
        head = self._heads.get(i, False)
        if head is False:
            head = self._heads[i] = self._heading(lines, i)
        return head  # type: ignore[return-value]

    def block_of(self, pos: int) -> tuple[int, int] | None:
        """The run of rows `pos` is in ("🚛 الشاحنات: ٣١٠" with "📦 الدفعات: ٨" and "📅 أيام الدخول: ..."),
        or None when its line is no row: what one row leaves unsaid, its neighbours say."""
        lines = self.lines()
        starts = self.memo.get(("line-starts",))
        if starts is None:
            starts = self.memo[("line-starts",)] = [lo for lo, _ in lines]
        i = bisect_left(starts, pos + 1) - 1  # type: ignore[arg-type]
        if i < 0 or not _ROW.match(self.text, *lines[i]):
            return None
        j = k = i
        while j > 0 and i - j < 12 and _ROW.match(self.text, *lines[j - 1]):
            j -= 1
        while k + 1 < len(lines) and k - i < 12 and _ROW.match(self.text, *lines[k + 1]):
            k += 1
        return lines[j][0], lines[k][1]

    def _heading(self, lines: list[tuple[int, int]], i: int) -> tuple[int, int] | None:
        if i <= 0 or not _ROW.match(self.text, *lines[i]):
            return None
        bulleted = bool(_BULLET_ROW.match(self.text, *lines[i]))
        same = _BULLET_ROW if bulleted else _ROW
        j = i
        while j > 0 and i - j < 12 and same.match(self.text, *lines[j - 1]):
            j -= 1
        if j == 0:
            return None
        head = lines[j - 1]
        text = self.text[head[0]:head[1]].strip()
        if not _LETTER.search(text) and j < i:
            return lines[j]  # under "━━━━━━": the section's first row names it
        if not text or len(text) > 80 or text.endswith("."):
            return None
        return head

    def _recalled(self, lo: int, hi: int, wider_area: bool = True) -> bool:
        if (self.first(common_words("recall", True), lo, hi)
                or (wider_area and self.first(common_words("recall_area", True), lo, hi))
                or self.first(common_words("came_before", True), *self.sentence_at(lo))):
            return True
        if self.first(common_words("recall_cumulative", True), lo, hi) and (self.daily or (
                not self.first(common_words("period_words", True), lo, hi)
                and self.first(common_words("cumulative_anchor", True), *self.sentence_at(lo)))):
            return True
        if self._since_older(lo, hi):
            return True
        slo, _ = self.segment_at(lo)
        if self.first(common_words("recall_sentence", True), slo, slo + 30):
            return True  # "للمقارنة: ...", "للسياق: ...": the whole sentence is context
        if self.daily and self.first(common_words("recall_daily", True), lo, hi):
            return True
        if slo < lo and self.first(common_words("recall", True), slo, min(lo, slo + 50)):
            return True  # "وكان المرصد وثق خلال الشهر الفائت دخول 300 شاحنة، ... و14 طائرة": the frame
        sent = self.sentence_at(lo)[0]
        if sent < slo and self.first(common_words("recall", True), sent, min(lo, sent + 30)):
            return True  # "شهد الأسبوع الماضي ...، كما أجرت 3 تدريبات": the sentence's opening frames it all
        if lo - 2 > sent and _ANAPHOR.match(self.text, lo) and self.recalled(*self.clause_at(lo - 2)):
            return True  # "الهجوم الذي وقع في 13 كانون الأول الفائت، وقتل فيه جنديان": the same old event
        if lo - 2 > sent and self.first(common_words("continuation", True), lo, min(hi, lo + 14)) \
                and self.recalled(*self.clause_at(lo - 2)):
            return True  # "بلغ عدد الشاحنات منذ بداية العام 2,140 شاحنة، توزعت على 67 قافلة، إضافة إلى 142 طائرة"
        if slo < lo and self.first(common_words("recall_soft", True), slo, min(lo, slo + 12)):
            if not any(r.ref.relative_day is not None for r in self.dates_in(*self.sentence_at(lo))):
                return True
        if self.first(common_words("recall_soft", True), lo, hi):
            # "وكانت قاعدة العمر قد تعرضت ليلة امس": a recent day keeps it in the report's news
            slo, shi = self.sentence_at(lo)
            if not any(r.ref.relative_day is not None for r in self.dates_in(slo, shi)):
                return True
        for r in self.dates_in(lo, hi):
            if r.date is None or (r.ref.day is None and r.ref.weekday is None):
                continue  # a whole month, or "امس" (never older than the news)
            if self.period is not None:
                start, end = self.period
                if (start - r.date).days > 20 or (r.ref.relative_month == -1 and (start - r.date).days > 5):
                    return True  # "في 13 كانون الأول الفائت": a day the text itself puts last month
            elif self.published is not None and (self.published - r.date).days > 3:
                return True
        return False

    def _slice(self, name: str, items: list, lo: int, hi: int) -> list:  # type: ignore[type-arg]
        idx = self._starts.get(name)
        if idx is None:
            idx = self._starts[name] = [x.ref.start if name == "dates" else x.start for x in items]
        return items[bisect_left(idx, lo):bisect_left(idx, hi)]

    def dates_in(self, lo: int, hi: int) -> list[Resolved]:
        return self._slice("dates", self.dates, lo, hi)

    def numbers_in(self, lo: int, hi: int) -> list[Number]:
        return self._slice("numbers", self.numbers, lo, hi)

    def places_in(self, lo: int, hi: int) -> list[Mention]:
        return self._slice("places", self.places, lo, hi)

    def actors_in(self, lo: int, hi: int) -> list[Mention]:
        return self._slice("actors", self.actors, lo, hi)

    def has(self, words: Words, lo: int, hi: int) -> bool:
        """Whether [lo, hi) holds one of `words`; a place phrase inside an actor's name does not count
        ("في العراق" in "المقاومة الإسلامية في العراق")."""
        key = ("has", id(words), lo, hi)
        if key not in self.memo:
            self.memo[key] = self._has(words, lo, hi)
        return self.memo[key]  # type: ignore[return-value]

    def _has(self, words: Words, lo: int, hi: int) -> bool:
        for m in self.within(words, lo, hi):
            locative = m.group().startswith(("في ", "ب"))
            if not (locative and any(a.start < m.start() and m.end() <= a.end for a in self.actors)):
                return True
        return False

    def negated(self, lo: int, hi: int) -> bool:
        return self.first(common_words("negation", True), lo, hi) is not None


def in_syria(place: Place) -> bool:
    """Whether a gazetteer place lies inside Syria (attacks elsewhere are not the period's figures)."""
    return _OUTSIDE_SYRIA.search(place.admin1) is None


def _coalition_month(text: str) -> tuple[int, tuple[int, int]] | None:
    """The coalition month the report is about: the first one it names, in digits ("للشهر 113") or in
    words ("شهره الخامس والعشرين بعد المئة") — a later "الشهر الـ124" recalls the month before."""
    units = count_units()
    digits = None
    for m in _MONTH_DIGITS.finditer(text):
        v = int(m.group(1) or m.group(2))
        unit = units.re.match(text, m.end() + 1) if text[m.end():m.end() + 1] == " " else None
        if unit is not None and unit.start(1) == m.end() + 1:
            continue  # "دخلت خلال الشهر 150 شاحنة": a count, not the month's number ("لعمليات" is fine)
        if 10 <= v <= 400:
            g = 1 if m.group(1) else 2
            digits = v, (m.start(g), m.end(g))
            break
    head = digits[1][0] if digits else len(text)
    ordinals = {o.start: o for o in find_ordinals(text[:head])} if head else {}
    for m in _MONTH_WORD.finditer(text, 0, head):
        o = ordinals.get(m.end())
        if o is not None and o.value is not None and (20 if digits else 10) <= o.value <= 400:
            return o.value, (o.start, o.end)  # before a month in digits, "الشهر العاشر" is no coalition month
    return digits


def _calendar_month(an: Analysis, refs: list[DateRef]) -> tuple[date, date] | None:
    """"حصاد أيار/مايو 2024", "حصاد كانون الأول": a summary of a calendar month (no coalition month) covers
    that month, so its days are the period's news, not recalled ones."""
    head = min(len(an.text), 200)
    for m in an.within(common_words("summary_words", True), 0, head):
        ref = next((r for r in refs if m.end() <= r.start <= m.end() + 12 and r.day is None and r.month
                    and r.relative_day is None and r.system == "gregorian"), None)
        if ref is None:
            continue
        got = resolve(ref, DateContext(an.published)).date
        if got is not None:
            last = monthrange(got.year, got.month)[1]
            return got, got.replace(day=last)
    return None


def _roundup_period(an: Analysis, refs: list[DateRef]) -> tuple[date, date] | None:
    """"حصاد الأسبوع: ... (4 – 10 تشرين الثاني 2023)", "خلال أسبوعين ... من 1 إلى 14 نيسان": a round-up covers
    the range its head states."""
    head = min(len(an.text), 250)
    if an.first(common_words("roundup_words", True), 0, head) is None:
        return None
    start = next((r for r in refs if r.start < head and r.range_part == "start" and r.day), None)
    end = next((r for r in refs if start is not None and r.start > start.start and r.range_part == "end" and r.day),
               None)
    if start is None or end is None:
        return None
    ctx = DateContext(an.published)
    first, last = resolve(start, ctx).date, resolve(end, ctx).date
    if first is None or last is None or not 0 < (last - first).days <= 16:
        return None
    return first, last


def _dateline(refs: list[DateRef], text: str) -> date | None:
    """The day a report is dated: a full date near its top, or alone on a line ("🕐 12 / 1 / 2025")."""
    head = min(len(text), 160)
    for r in refs:
        alone = not _LETTER.search(text[text.rfind("\n", 0, r.start) + 1:r.start]) and \
            not _LETTER.search(text[r.end:(text.find("\n", r.end) + 1 or len(text) + 1) - 1])
        if (r.start < head or alone) and r.year and r.day and r.range_part is None:
            res = resolve(r, DateContext())
            if res.date:
                return res.date
    return None


_DATELINE_DASH = re.compile(r"[-–—] ?$")


def _dateline_day(dates: list[Resolved], text: str) -> date | None:
    """"الحسكة – 14 آذار/مارس": the day a daily item is dated from, before its first sentence."""
    for r in dates:
        if r.ref.start > 160:
            break
        if r.date is not None and r.ref.day is not None and r.ref.range_part is None \
                and _DATELINE_DASH.search(text, max(0, r.ref.start - 3), r.ref.start):
            return r.date
    return None


_NUMBERED = re.compile(r"\s*\d{1,2}[.)] \S")  # "3. الهجمات على قواعد التحالف": a section's heading
_BULLET = re.compile(r"\s*(?:[-*•▪■◾●(]|\d{1,2}[.)-])")


def _pieces(cuts: list[int], sentences: list[tuple[int, int]]) -> tuple[list[int], list[tuple[int, int]]]:
    """Each sentence cut at the cuts inside it: (the pieces' starts, the pieces), in text order."""
    starts: list[int] = []
    pieces: list[tuple[int, int]] = []
    for lo, hi in sentences:
        bounds = [lo, *cuts[bisect_right(cuts, lo):bisect_left(cuts, hi)], hi]  # cuts are distinct, sorted
        starts += bounds[:-1]
        pieces += zip(bounds[:-1], bounds[1:], strict=True)
    return starts, pieces


def _in_number(text: str, pos: int) -> bool:
    """A comma between digits ("2,140") is inside a number, not between clauses."""
    return text[pos] == "," and 0 < pos < len(text) - 1 and text[pos - 1].isdecimal() and text[pos + 1].isdecimal()


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentences of the copy; a line ending with ":" keeps its list ("توزعت كالاتي:" + one base a line)."""
    out: list[tuple[int, int]] = []
    pos = 0
    last = len(text) - 1
    for m in _SENTENCE_MARK.finditer(text):
        end = m.start()
        if 0 < end < last and text[end - 1].isdecimal() and text[end + 1].isdecimal() and text[end] != "\n":
            continue
        if end > pos:
            out.append((pos, end))
        pos = end + 1
    if pos < len(text):
        out.append((pos, len(text)))
    merged: list[tuple[int, int]] = []
    open_list = False
    style: bool | None = None  # whether the list's items carry a bullet: a bullet ends a list without them
    for lo, hi in out:
        line = text[lo:hi]
        bullet = bool(_BULLET.match(line))
        if (open_list and merged and (len(line.strip()) <= 70 or bullet) and not line.strip().endswith(":")
                and not (style is False and bullet) and not _NUMBERED.match(line)):
            merged[-1] = (merged[-1][0], hi)
            style = bullet if style is None else style
            continue
        merged.append((lo, hi))
        open_list = line.rstrip().endswith(":")
        style = None
    return merged


def _headline(text: str) -> tuple[int, int] | None:
    """A first line without a closing full stop, short enough to be a title: it repeats the body."""
    end = text.find("\n")
    if end <= 0:
        return None
    first = text[:end].rstrip()
    if len(first) > 160 or first.endswith("."):
        return None
    return 0, end


def analyse(original: str, published: date | None = None) -> Analysis:
    """Read a report's original text into an Analysis."""
    nt = normalize(original)
    text = nt.text
    an = Analysis(nt, published)
    an.numbers = find_numbers(text)
    an.sentences = _sentences(text)
    an.headline = _headline(text)
    named_places, an.actors = find_mentions(text)
    an.places = [in_context(m, text, *an.sentence_at(m.start)) for m in named_places]
    found = _coalition_month(text)
    if found and an.first(common_words("came_before", True), *an.sentence_at(found[1][0])):
        found = None  # "ويأتي ذلك بعد أن أدخل التحالف خلال شهره الـ113 ...": a daily item recalls a month
    if found:
        an.month, an.month_span = found
        an.period = calendar.period(an.month)
    refs = find_dates(text)
    first = an.first(common_words("first_published", True), 0, min(len(text), 400))
    if first is not None:  # "(أرشيف) ... نُشر أول مرة يوم 12 أيلول 2023": its "today" is that day
        for r in refs:
            if first.end() <= r.start < first.end() + 20 and r.year and r.day:
                an.published = resolve(r, DateContext()).date or an.published
                break
    if an.published is None:
        an.published = _dateline(refs, text)
    if an.period is None:
        an.period = _calendar_month(an, refs)
        an.calendar_month = an.period is not None
    if an.period is None:
        an.period = _roundup_period(an, refs)
        an.roundup = an.period is not None
    ctx = DateContext(an.published, an.period)
    an.dates = [resolve(r, ctx) for r in refs]
    an.dateline = _dateline_day(an.dates, text)
    return an
