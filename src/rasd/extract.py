"""A report in, the contract's figures, events and findings out. Pure: text and dates in, values out.

The counting rules are data (`data/rules/*.yaml`); this module holds the few named procedures the data
refers to: a count is a number right before a unit word, inside a sentence that names the event, in a
clause that neither blocks it (trucks leaving, a patrol) nor recalls an older event or a running total.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date

from rasd.analysis import Analysis, analyse, in_syria
from rasd.gazetteer import Place
from rasd.lexicon import grammar
from rasd.rules import Quantity, Rule, Words, common, common_words, grammar_words, rules

L = "\u0621-\u064a"


@dataclass
class Count:
    """A counted quantity with where it is written (copy offsets)."""

    value: int | None
    hedge: str | None
    start: int
    end: int
    recalled: bool = False


@dataclass
class Event:
    """An event as the contract lists it, before serialisation."""

    type: str
    start: int
    end: int
    date: date | None = None
    precision: str | None = None
    place: Place | None = None
    place_span: tuple[int, int] | None = None
    initiator: str | None = None
    target: str | None = None
    partner: str | None = None
    quantities: dict[str, int | None] = field(default_factory=dict)
    qualifiers: dict[str, str] = field(default_factory=dict)
    attribution: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    recalled: bool = False


@dataclass
class Result:
    """Everything `rasd extract` reports about one document."""

    an: Analysis
    figures: dict[str, object]
    qualifiers: dict[str, str]
    events: list[Event]
    findings: list[dict[str, object]]


# ---------------------------------------------------------------- counting


_ARTICLE_BEFORE = re.compile(rf"(?<![{L}])ال ?$")


def _ordinal_digits(text: str, start: int) -> bool:
    """"الـ11" / "ال 55": a number glued to the article is an ordinal or a name, not a count ("الاحتلال 7"
    ends with the same letters but is a word)."""
    return _ARTICLE_BEFORE.search(text, max(0, start - 4), start) is not None


def about(an: Analysis, rule: Rule, lo: int, hi: int) -> bool:
    """Whether the sentence [lo, hi) is about `rule`'s event: it names it (and its required target)."""
    key = ("about", rule.type, lo, hi)
    if key not in an.memo:
        an.memo[key] = _about(an, rule, lo, hi, an.first(rule.context, lo, hi) is not None, an.heading_of(lo))
    return an.memo[key]  # type: ignore[return-value]


def about_sentences(an: Analysis, rule: Rule) -> list[tuple[int, int]]:
    """The report's sentences that are about `rule`'s event, computed once per report from one pass
    over the rule's context words (most sentences name none and have no heading)."""
    key = ("about-list", rule.type)
    found = an.memo.get(key)
    if found is None:
        found = an.memo[key] = []
        for (lo, hi), named, head in zip(an.sentences, an.naming(rule.context), an.sentence_heads(), strict=True):
            verdict = an.memo[("about", rule.type, lo, hi)] = (named or head is not None) and \
                _about(an, rule, lo, hi, named, head)
            if verdict:
                found.append((lo, hi))
    return found  # type: ignore[return-value]


def _about(an: Analysis, rule: Rule, lo: int, hi: int, named: bool, head: tuple[int, int] | None) -> bool:
    """`named`: whether [lo, hi) holds a context word; `head`: the heading above it, which may name the
    event for a table row ("2. الإمداد الجوي", "🚛 القوافل")."""
    if not named and (head is None or not an.first(rule.context, *head)):
        return False
    requires = rule.words("requires", prefix=True)
    if not requires or an.has(requires, lo, hi) or (head is not None and an.has(requires, *head)):
        return True
    block = an.block_of(lo)  # "🚛 الشاحنات: ٣١٠" among "📅 أيام الدخول: ..." rows
    return block is not None and an.has(requires, *block)


def counts(an: Analysis, rule: Rule, q: Quantity, *, sentences: list[tuple[int, int]] | None = None,
           whole: bool = True) -> list[Count]:
    """Every count of `q` in the sentences about `rule`'s event, in text order (recalled ones marked).
    With `whole=False` the given spans are parts of sentences already known to be about the event."""
    key = ("counts", rule.type, q.name, tuple(sentences) if sentences is not None else None, whole)
    if key not in an.memo:
        an.memo[key] = _counts(an, rule, q, sentences, whole)
    return list(an.memo[key])  # type: ignore[call-overload]


_AT_LEAST_AFTER = re.compile(rf" (?:{grammar('at_least_after')})(?![\u0621-\u064a])")


def _counts(an: Analysis, rule: Rule, q: Quantity, sentences: list[tuple[int, int]] | None,
            whole: bool) -> list[Count]:
    text = an.text
    out: list[Count] = []
    denial = common_words("denial")  # whole words: "تنفي" must not match "تنفيذ"
    for lo, hi in sentences if sentences is not None else about_sentences(an, rule):
        if whole and sentences is not None and not about(an, rule, lo, hi):
            continue
        denied = an.first(denial, lo, hi) is not None  # then only the segments without the denial count
        found: list[Count] = []
        for n in an.numbers_in(lo, hi):
            m = q.unit_after.match(text, n.end)  # first: most numbers count something else
            if m is None or m.end() > hi:
                continue
            if n.kind == "ordinal" or (n.kind == "digits" and _ordinal_digits(text, n.start)):
                continue
            if n.value == an.month and _MONTH_BEFORE.search(text, max(0, n.start - 12), n.start):
                continue  # "شهد الشهر 128 من عمليات التحالف": the coalition month, not a count
            rng = _RANGE_BEFORE.search(text, max(lo, n.start - 14), n.start)
            if rng:  # "بين 20 و25 شاحنة": at least the lower bound
                found.append(Count(int(rng.group(1)), "at_least", rng.start(), m.end()))
            else:
                found.append(Count(n.value, n.hedge, n.span_start, m.end()))
        for m in an.within(q.duals, lo, hi):
            if not any(c.start <= m.start() < c.end for c in found):
                after = _AT_LEAST_AFTER.match(text, m.end(1))  # "لهجومين على الأقل"
                found.append(Count(2, "at_least" if after else None, m.start(1), after.end() if after else m.end(1)))
        # the number after its noun: "جولة واحدة", "أما التدريبات فبلغت أربعة", "الهجمات: 12"
        for m in an.within(q.units, lo, hi):
            if any(c.start <= m.start() < c.end for c in found):
                continue
            if _PREP_BEFORE.search(text, max(lo, m.start() - 6), m.start()):
                continue  # "المعتقلون في العمليات | 14": the noun after a preposition is not what is counted
            row = _TABLE_ROW.match(text, m.end())  # "التدريبات المشتركة مع قسد: 8" on a line of its own
            if row is not None:
                n = next((n for n in an.numbers_in(row.end(), row.end() + 12) if n.span_start <= row.end() + 1
                          and n.kind != "ordinal" and _ROW_END.match(text, n.end)), None)
                if n is not None and not any(c.start <= n.start < c.end for c in found):
                    found.append(Count(n.value, n.hedge, m.start(1), n.end))
                    continue
            several = _SEVERAL_AFTER.match(text, m.end())
            if several:  # "تدريبات عسكرية عدة": more than one, no number
                found.append(Count(None, "several", m.start(1), several.end()))
                continue
            one = _ONE_AFTER.match(text, m.end())
            if one and not m.group(1).split()[0].endswith("ات"):  # "الهجمات قتيل واحد" counts no attack
                found.append(Count(1, None, m.start(1), one.end()))
                continue
            link = _LINK_AFTER.match(text, m.end())
            if link is not None and not link.group().strip():
                filler = _FILLER.match(text, m.end())  # "طائرات الشحن (9)", "التدريبات المشتركة | 9"
                link = _LINK_AFTER.match(text, filler.end()) if filler else None
                if link is not None and not _SEPARATOR.search(link.group()):
                    link = None
            if link and link.group().strip():
                n = next((n for n in an.numbers_in(link.end(), link.end() + 12)
                          if n.span_start <= link.end() + 1 and n.kind != "ordinal"), None)
                if n is not None and _NOUN_AFTER.match(text, n.end):
                    n = None  # "ضمت القافلة نحو 45 شاحنة": the number counts the noun after it
                if n is not None and any(r.ref.start <= n.start < r.ref.end
                                         for r in an.dates_in(n.start - 40, n.end + 1)):
                    n = None  # "عبرت القوافل في (24 و27 و30) كانون الثاني": the days, not a count
                if n is not None and not any(c.start <= n.start < c.end for c in found):
                    found.append(Count(n.value, n.hedge, m.start(1), n.end))
        total_row = _TOTAL_ROW.match(text, lo)  # "- العدد الإجمالي: 11" under "3. الهجمات على القواعد"
        head = an.heading_of(lo) if total_row else None
        if head is not None and (an.first(q.units, *head) or an.first(q.duals, *head)):
            n = next((n for n in an.numbers_in(total_row.end(), total_row.end() + 12)
                      if n.span_start <= total_row.end() + 1 and n.kind != "ordinal" and _ROW_END.match(text, n.end)),
                     None)
            if n is not None and not any(c.start <= n.start < c.end for c in found):
                found.append(Count(n.value, n.hedge, total_row.start(1), n.end))
        found.sort(key=lambda c: c.start)
        requires = rule.words("requires", prefix=True)
        for c in found:
            clo, chi = an.clause_at(c.start)
            if an.has(rule.blockers, clo, chi):
                continue
            if denied and an.first(denial, *an.segment_at(c.start)):
                continue  # "نفت مصادر دخول 50 شاحنة"; "..., في حين نفت مصادر دخول أي قافلة" denies only its part
            head = an.heading_of(c.start)
            block = an.block_of(c.start) if whole and requires else None
            if whole and requires and not an.has(requires, *an.segment_at(c.start)) \
                    and not (head is not None and an.has(requires, *head)) \
                    and not (block is not None and an.has(requires, *block)):
                continue  # "لم تسجل هجمات على القواعد، الا ان داعش نفذ 11 هجوما على نقاط قسد"
            c.recalled = an.recalled(clo, chi)
            out.append(c)
    if q.sum_joined:
        out = _sum_joined(text, out)
    return out


_RANGE_BEFORE = re.compile(rf"(?<![{L}])(?:{grammar('range_between')}) (\d+) و ?$")
_TABLE_ROW = re.compile(r"[^\n:|←→0-9]{0,40}[:|←→] ?")
# after a row's number: its hedge, a parenthesis ("1 (مسيرة على قاعدة خراب الجير)"), the line's end, or its cell's "|"
_ROW_END = re.compile(rf"(?: (?:{grammar('row_hedges')}))?[ .]*(?:\([^)\n]*\))?[ .]*(?:\n|$| ?\|)")
_TOTAL_ROW = re.compile(rf"\s*(?:[-*•▪]\s*)?((?:{grammar('total_labels')}))\s*[:|←→] ?")
_MONTH_BEFORE = re.compile(rf"(?<![{L}])(?:{grammar('month_word')}) (?:ال ?)?\(?$")
_SEVERAL_AFTER = re.compile(rf" (?:[{L}]+ )?(?:{grammar('several_after')})(?![{L}])")
_ONE_AFTER = re.compile(rf" (?:[{L}]+ )?(?:{grammar('one_after')})(?![{L}])")
_LINK_AFTER = re.compile(
    rf" ?(?:[|:(] ?)*(?:(?:{grammar('count_links')})(?![{L}]) ?)?(?:[|:(] ?)*"
)
_NOUN_AFTER = re.compile(rf" (?!(?:{grammar('after_number_ok')})(?![{L}]))[{L}]")
_SEPARATOR = re.compile(r"[|:(]")
_FILLER = re.compile(rf" (?:ال)?[{L}]+")
_PREP_BEFORE = re.compile(rf"(?<![{L}])(?:{grammar('prepositions')}) $")
_JOIN = re.compile(r" ?(?:و ?|, ?و?)$")


def _sum_joined(text: str, found: list[Count]) -> list[Count]:
    """"20 شاحنه و5 صهاريج" is one count of 25."""
    out: list[Count] = []
    for c in found:
        prev = out[-1] if out else None
        if (prev is not None and not prev.recalled and not c.recalled and c.value is not None
                and prev.value is not None and _JOIN.fullmatch(text[prev.end:c.start])):
            hedge = prev.hedge or c.hedge
            out[-1] = Count(prev.value + c.value, hedge, prev.start, c.end)
        else:
            out.append(c)
    return out


def first_count(cs: list[Count]) -> Count | None:
    """The report's figure: the first count that is not recalled (a total comes before its parts)."""
    return next((c for c in cs if not c.recalled), None)


def stated_total(an: Analysis, cs: list[Count]) -> Count | None:
    """A count the text calls the total ("ليبلغ مجموع الهجمات 7") wins over parts written before it."""
    words = common_words("total_words")  # whole words: "مجموعة" (a group) is no "مجموع"
    for c in cs:
        if not c.recalled and an.first(words, max(an.clause_at(c.start)[0], c.start - 40), c.start):
            return c
    return first_count(cs)


def singular(an: Analysis, rule: Rule, q: Quantity) -> Count | None:
    """A lone singular ("هبطت طائرة شحن", "تدريباً") means one; in a daily item so does a plural noun, and
    a later one the text calls another ("كما شهدت قاعدة الشدادي يوم أمس تدريباً مماثلاً") adds one."""
    first = _first_singular(an, rule, q)
    if first is None or not (an.daily or an.roundup):
        return first
    more = common_words("additional", True)
    extra = 0
    for lo, hi in an.sentences:
        if lo <= first.start or an.in_headline(lo) or not about(an, rule, lo, hi):
            continue
        for m in an.within(q.singulars, lo, hi):
            clo, chi = an.clause_at(m.start())
            word, whole = m.group(1), m.group()
            if word.startswith("ال") or "ال" in whole[: len(whole) - len(word)]:
                continue  # "وهذه العملية الثانية": the same one, counted in a series
            if (an.first(more, m.end(), min(chi, m.end() + 14)) and not an.recalled(clo, chi)
                    and not _AFTER_BEFORE.search(an.text, max(lo, m.start() - 6), m.start())
                    and not an.negated(lo, hi) and not an.has(rule.blockers, clo, chi)):
                extra += 1
                break
    return Count(1 + extra, None, first.start, first.end) if extra else first


_AFTER_BEFORE = re.compile(rf"(?<![{L}])(?:{grammar('earlier_before')}) $")  # "بعد إنزال مماثل": the earlier one


def _first_singular(an: Analysis, rule: Rule, q: Quantity) -> Count | None:
    phrases = rule.words("event_phrases", prefix=True)
    for lo, hi in an.sentences:
        if not about(an, rule, lo, hi):
            continue
        for m in an.within(q.singulars, lo, hi):
            form = m.group(1)
            if not an.daily and form.split()[0].endswith("ات"):
                continue  # a plural noun; "موجة من الغارات" is one wave
            clo, chi = an.clause_at(m.start())
            if an.has(rule.blockers, clo, chi) or an.negated(lo, hi) or an.recalled(clo, chi, wider_area=False):
                continue
            if phrases and not an.first(phrases, lo, hi):
                continue
            return Count(1, None, m.start(1), m.end(1))
    return None


# ---------------------------------------------------------------- pieces of the contract


def _attribution(an: Analysis, lo: int, hi: int) -> str | None:
    for name, w in _named_sources(an):
        if an.first(w, lo, hi):
            return name
    return None


def _named_sources(an: Analysis) -> list[tuple[str, Words]]:
    """The attribution sources the report names somewhere (most name none), found once per report."""
    key = ("attribution-sources",)
    if key not in an.memo:
        an.memo[key] = [(name, w) for name, w in _attribution_sources() if an.occurs(w)]
    return an.memo[key]  # type: ignore[return-value]


@functools.cache
def _attribution_sources() -> tuple[tuple[str, Words], ...]:
    """Each source named in `common.yaml`'s attribution_sources with its matcher, in the file's order."""
    return tuple((str(name), _words(tuple(forms))) for name, forms in common()["attribution_sources"].items())


@functools.cache
def _convoy_origins() -> tuple[tuple[str, Words], ...]:
    """Each origin the convoy rule names with its matcher, in the rule file's order."""
    origins = rules()["reinforcement_convoy"].get("origins") or {}
    return tuple((str(name), _words(tuple(forms))) for name, forms in origins.items())


@functools.cache
def _words(forms: tuple[str, ...]) -> Words:
    """A matcher for a tuple of forms from a data file (cached: one automaton per list)."""
    return Words(list(forms))


def _event_date(an: Analysis, lo: int, hi: int) -> tuple[date | None, str | None, list[date]]:
    days = [r.date for r in an.dates_in(lo, hi) if r.date is not None and r.ref.day is not None]
    rel = [r.date for r in an.dates_in(lo, hi) if r.date is not None and r.ref.relative_day is not None]
    days = days + [d for d in rel if d not in days]
    if len(days) == 1:
        return days[0], "day", days
    if days:
        return None, "period", days
    if an.daily and (an.dateline or an.published) is not None:
        d = an.dateline or an.published
        return d, "day", [d]
    if an.period is not None:
        return None, "period", []
    return None, None, []


def _first_place(an: Analysis, lo: int, hi: int, kinds: tuple[str, ...] | None = None):  # type: ignore[no-untyped-def]
    for p in an.places_in(lo, hi):
        if kinds is None or p.item.kind in kinds:
            return p
    return None


_SAME_CROSSING = re.compile(
    rf"(?<![{L}])(?:(?:{grammar('via_words')}) )?(?:ال)?(?:{grammar('crossing_nouns')}) "
    rf"(?:{grammar('same_words')})(?![{L}])"
)
_CROSSING_NOUN = re.compile(rf"[وبلف]?(?:ال)?(?:{grammar('crossing_nouns')})(?![{L}])")
_FROM = re.compile(rf"(?<![{L}])(?:{grammar('from_words')}) $")
_WITH = re.compile(rf"(?<![{L}])(?:{grammar('border_with')}) $")
_VIA = re.compile(rf"(?<![{L}])(?:{grammar('via_words')}) (?:ال)?(?:(?:{grammar('crossing_nouns')}) )?$")


def convoy_origin(an: Analysis, spans: list[tuple[int, int]], *, loose: bool = False) -> str | None:
    """Where the convoys came from as the text names it: "من اقليم كردستان" beats "عبر معبر الوليد".
    `loose` also takes a region outside Syria named without "من" ("مصدر القوافل | اقليم كردستان")."""
    via = None
    region = None
    beyond = False
    same = _SAME_CROSSING.search(an.text, spans[0][0], spans[-1][1]) \
        if spans and an.occurs(grammar_words("same_words")) else None
    if same:  # "عبر المعبر ذاته": the crossing named before
        before = [p for p in an.places[: bisect_left([x.start for x in an.places], same.start())]
                  if p.item.kind == "crossing"]
        if before:
            via = before[-1].item.name_en
    origins = _convoy_origins()
    for lo, hi in spans:
        for name, words in origins:
            for m in an.within(words, lo, hi):
                if _FROM.search(an.text[max(0, m.start() - 12):m.start()]) and not an.places_in(m.start(), m.end()):
                    return name
        for p in an.places_in(lo, hi):
            place = p.item
            before = an.text[max(0, p.start - 12):p.start]
            outside = not in_syria(place) or place.kind in ("crossing", "region")
            if _FROM.search(before) and outside:
                return place.name_en
            named_crossing = place.kind == "crossing" and (
                _CROSSING_NOUN.match(p.alias) or _CROSSING_NOUN.search(an.text, max(0, p.start - 7), p.start))
            if via is None and (named_crossing or _VIA.search(before)) and outside:
                via = place.name_en  # not "مصادر من ريف اليعربية": a town's name is no crossing taken
            if region is None and place.kind == "region" and not in_syria(place):
                region = place.name_en
                beyond = bool(_WITH.search(before))
    if beyond and via is not None:
        region = None  # "عبر معبر الوليد الحدودي مع إقليم كردستان": the crossing's far side, not where it came from
    return (region or via) if loose else via


def extract(original: str, published: date | None = None) -> Result:
    """Read one report and return its figures, events and findings (see CONTRACT.md)."""
    from rasd.figures import build

    an = analyse(original, published)
    return build(an)
