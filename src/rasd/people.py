"""People killed, wounded and detained, with their party: "3 قتلى على الأقل من القوات الأميركية",
"مقتل سائق صهريج" (one), "عشرات الجرحى منهم" (dozens, same party), "اعتقال 3 أشخاص", "قتل عنصران"."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rasd.analysis import Analysis
from rasd.lexicon import grammar
from rasd.numbers import Number
from rasd.rules import Words, common_words

L = "\u0621-\u064a"
_WORD = re.compile(rf" ?(?:[{L}]+|\"[{L} ]+\") ?")
KINDS = ("killed", "wounded", "detained")


@dataclass(frozen=True, slots=True)
class Loss:
    """One stated count of people: kind is killed, wounded or detained."""

    kind: str
    value: int | None
    hedge: str | None
    start: int
    end: int
    party: str | None
    joined: bool = False  # more people added to the count before it ("4 في الشحيل و3 في ذيبان")


def _number_at(an: Analysis, pos: int, hi: int) -> Number | None:
    """The number whose span (hedge included) starts at `pos`, give or take a space."""
    for n in an.numbers_in(pos, pos + 30):
        if pos <= n.span_start <= pos + 2 and n.start < hi and n.kind != "ordinal" \
                and an.text[pos:n.span_start].strip(" (") == "":
            if any(r.ref.start == n.start and r.ref.day is not None for r in an.dates_in(n.start, n.end)):
                return None  # "الغارة التي قتلت في 19 كانون الاول": a day, not a count
            return n
    return None


def _after_verb(an: Analysis, vend: int, hi: int) -> tuple[int | None, str | None, int] | None:
    """What a kill/wound/arrest verb counts: a number, a dual, a lone singular (one), or a noun then a
    number word ("مقتل مدنيين اثنين"); one filler word is allowed ("اعتقل خلالها 8 اشخاص")."""
    text = an.text
    starts = [vend + 1]
    w = _WORD.match(text, vend)
    if w and w.end() < hi:
        starts.append(w.end())
    for pos in starts:
        n = _number_at(an, pos, hi)
        if n is not None:
            return n.value, n.hedge, n.end
        d = common_words("person_duals").re.match(text, pos)
        if d:
            return 2, None, d.end()
    for pos in starts:  # "مقتل سائق صهريج", "اعتقل خلالها شخص واحد"
        s = common_words("person_singulars").re.match(text, pos)
        if s:
            return 1, None, s.end()
    if len(starts) > 1:
        n = _number_at(an, starts[1], hi)
        if n is not None and n.kind == "words":
            return n.value, n.hedge, n.end
    return None


_LUMPED = re.compile(rf" و ?(?:{grammar('wounded_lumped')})(?![{L}])")
_HEDGE_AFTER = re.compile(rf" (?:{grammar('at_least_after')})(?![{L}])")
_LABEL = re.compile(rf"(?: [{L}]+){{0,3}} ?[|:] ?")
_ALSO = re.compile(rf"(?<![{L}])(?:{grammar('also')}) ?(?:ل|الي |عن )")
_AND = re.compile(rf"(?<![{L}])و ?(?=[{L}\d])")


def _glued(an: Analysis, pos: int, hi: int) -> tuple[int | None, str | None, int] | None:
    """After a glued و: a number ("و3 مدنيين"), a dual ("وعنصرين") or a noun then a number word."""
    n = _number_at(an, pos, hi)
    if n is not None and n.value is not None:
        return n.value, n.hedge, n.end
    d = common_words("person_duals").re.match(an.text, pos)
    if d:
        return 2, None, d.end()
    one = common_words("person_singulars").re.match(an.text, pos - 1) or \
        common_words("person_singulars").re.match(an.text, pos)
    if one:
        return 1, None, one.end()  # "ومرافقه", "إضافة إلى قيادي"
    w = _WORD.match(an.text, pos)
    if w:
        n = _number_at(an, w.end(), hi)
        if n is not None and n.kind == "words" and n.value is not None:
            return n.value, n.hedge, n.end
    return None


@functools.cache
def _kinds() -> tuple[tuple[str, Words, Words, Words, Words], ...]:
    """Each kind with its word lists: nouns ("قتلى"), duals ("قتيلين"), ones ("قتيلا واحدا"), verbs ("مقتل")."""
    return tuple((k, common_words(f"{k}_nouns"), common_words(f"{k}_duals"), common_words(f"{k}_ones"),
                  common_words(f"{k}_verbs", True)) for k in KINDS)


def losses(an: Analysis, lo: int, hi: int) -> list[Loss]:
    """Every killed/wounded/detained count stated in [lo, hi), in text order, with its party."""
    text = an.text
    found: list[tuple[str, int | None, str | None, int, int]] = []
    taken: set[int] = set()
    joined: set[int] = set()
    kinds = _kinds()
    for n in an.numbers_in(lo, hi):
        if n.kind == "ordinal" or text[n.end:n.end + 1] != " ":
            continue
        for kind, nouns, *_ in kinds:
            m = nouns.re.match(text, n.end + 1) if an.may_start(nouns, n.end + 1) else None
            if m and m.end() <= hi:
                found.append((kind, n.value, n.hedge, n.span_start, m.end()))
                taken.add(n.end)
    for n in an.numbers_in(lo, hi):  # "22 مقاتلاً على الأقل قُتلوا": the verb after the people it counts
        if n.kind == "ordinal" or n.end in taken or text[n.end:n.end + 1] != " ":
            continue
        who = common_words("person_plurals").re.match(text, n.end + 1) or \
            common_words("person_singulars").re.match(text, n.end + 1)
        if who is None:
            continue
        least = _HEDGE_AFTER.match(text, who.end())
        pos = least.end() if least else who.end()
        for kind in KINDS:
            verb = common_words(f"{kind}_after").re.match(text, pos + 1) if text[pos:pos + 1] == " " else None
            if verb is not None and verb.end() <= hi:
                taken.add(n.end)
                found.append((kind, n.value, n.hedge or ("at_least" if least else None), n.span_start, verb.end()))
                break
    for kind, _, duals, ones, _ in kinds:  # "خلفت الهجمات قتيلين", "قتيلاً واحداً": the noun is its own count
        for value, words in ((2, duals), (1, ones)):
            for m in an.within(words, lo, hi):
                if m.end() not in taken and not any(x[3] <= m.start() < x[4] for x in found):
                    taken.add(m.end())
                    after = _HEDGE_AFTER.match(text, m.end())  # "قتيلين على الأقل"
                    found.append((kind, value, "at_least" if after else None, m.start(),
                                  after.end() if after else m.end()))
    for kind, nouns, _, _, verbs in kinds:
        # a label then its number: "المعتقلون في العمليات | 14", "القتلى: 3"
        for m in an.within(nouns, lo, hi):
            lab = _LABEL.match(text, m.end())
            n = _number_at(an, lab.end(), hi) if lab else None
            if n is not None and n.end not in taken and n.start not in {x[3] for x in found}:
                taken.add(n.end)
                found.append((kind, n.value, n.hedge, m.start(), n.end))
        for m in an.within(verbs, lo, hi):
            vend = m.end()
            while vend < hi and text[vend] not in " ,":
                vend += 1  # the verb's own suffixes ("مقتلهم", "اعتقالها")
            lumped = _LUMPED.match(text, vend) if kind == "killed" else None
            if lumped and _number_at(an, lumped.end() + 1, hi) is not None:
                continue  # "مقتل وإصابة 5": how many died is not stated
            got = _after_verb(an, vend, hi)
            if got is None and common_words("one_person").re.fullmatch(text, m.start(), vend):
                got = (1, None, vend)  # "ما ادي لمقتله"
            if got is None:
                got = _named_list(an, vend, hi)
            if got is None or got[2] in taken:
                continue
            value, hedge, end = got
            taken.add(end)
            found.append((kind, value, hedge, m.start(), end))
            # "مقتل 4 عناصر من الميليشيات ومدنيين اثنين": more people of the same verb, joined by و
            chi = an.clause_at(end)[1] if end < hi else hi
            for w in _AND.finditer(text, end, min(chi, end + 50)):
                if an.first(common_words("part_of", True), end, w.start()):
                    break  # "اعتقال 4 من عناصر داعش بينهم والي المنطقة": the governor is one of the four
                if any(n.start == w.start() or n.value == 1 or n.kind == "ordinal"
                       for n in an.numbers_in(w.start(), w.start() + 2)):
                    continue  # "شخص واحد": و is part of "واحد"; "والثانية" is an ordinal; "واثنين" adds two
                if any(k[4].re.match(text, w.start()) for k in kinds):
                    break  # "ومقتل ..." / "واعتقال ...": another count, read on its own
                more = _glued(an, w.end(), chi)
                if more is None or more[2] in taken:
                    continue
                taken.add(more[2])
                found.append((kind, more[0], more[1], w.start(), more[2]))
                joined.add(w.start())
                break
    # "اعتقلت قوة مشتركة من التحالف وقسد، فجر اليوم، ثلاثة أشخاص": the verb, its subject, then the people
    for n in an.numbers_in(lo, hi):
        if n.kind == "ordinal" or n.end in taken or n.value is None or text[n.end:n.end + 1] != " " \
                or any(x[3] <= n.start < x[4] for x in found):
            continue
        if common_words("person_plurals").re.match(text, n.end + 1) is None:
            continue
        verbs = [(m, kind) for kind in KINDS
                 for m in an.within(common_words(f"{kind}_verbs", True), max(lo, n.start - 70), n.start)]
        if not verbs:
            continue
        verb, kind = max(verbs, key=lambda v: v[0].start())
        if an.numbers_in(verb.end(), n.start) or any(verb.start() <= x[3] < n.start for x in found):
            continue
        taken.add(n.end)
        found.append((kind, n.value, n.hedge, verb.start(), n.end))
    # "مخلفة نحو 12 قتيلا ... اضافة لمدني واحد": one more of the same kind
    for kind, _v, _h, _s, end in list(found):
        also = _ALSO.search(text, end, min(hi, end + 40))
        if also is None:
            continue
        more = _glued(an, also.end(), hi)
        if more is not None and more[2] not in taken:
            taken.add(more[2])
            found.append((kind, more[0], more[1], also.start(), more[2]))
            joined.add(also.start())
    found.sort(key=lambda x: x[3])
    out: list[Loss] = []
    previous: str | None = None
    for kind, value, hedge, start, end in found:
        party = _party(an, start, end, hi, previous)
        out.append(Loss(kind, value, hedge, start, end, party, start in joined))
        if start not in joined:  # "قتل جنديان ومترجم مدني، وأصيب 3 جنود آخرين": the others are soldiers
            previous = party or previous
    return out


_NAME_LIST = re.compile(rf" (?:{grammar('name_list')}) ?:? ?")


def _named_list(an: Analysis, vend: int, hi: int) -> tuple[int, None, int] | None:
    """"اعتقال كل من: أحمد حمود العلي، ومحمد خلف الحسين، وخالد الجاسم": as many people as names."""
    head = _NAME_LIST.match(an.text, vend)
    if head is None:
        return None
    end = min(hi, an.segment_at(head.end())[1])
    names = [part for part in re.split(r",", an.text[head.end():end]) if part.strip(" و.")]
    return (len(names), None, end) if 2 <= len(names) <= 20 else None


def _party(an: Analysis, start: int, end: int, hi: int, previous: str | None) -> str | None:
    """Who the people were: an actor inside or just after the count, or "منهم/آخرون" for the last one."""
    window_end = min(hi, end + 60, an.clause_at(end)[1] if end < hi else hi)
    acts = an.actors_in(start, window_end)
    same = an.first(common_words("same_party"), end, min(hi, end + 25))
    if same and (not acts or same.start() < acts[0].start):
        return previous
    if acts:
        return acts[0].item.id
    # "ما ادي الي مقتل 4 من عناصرها": the party named as the target earlier in the sentence
    if an.first(common_words("possessive_people"), end, window_end):
        lo = an.sentence_at(start)[0]
        before = an.actors_in(lo, start)
        for a in reversed(before):
            if _TARGET_BEFORE.search(an.text, max(lo, a.start - 8), a.start):
                return a.item.id
        # "طال ميدان تدريب قوات الكوماندوس التابعة لقسد، ما أدى إلى مقتل 6 من عناصرها": the party named last
        for a in reversed(before):
            if a.item.id in _DEFENDERS:
                return a.item.id
    return None


_DEFENDERS = frozenset({"sdf", "us_forces", "coalition", "syrian_free_army", "syrian_government", "civilians"})


_TARGET_BEFORE = re.compile(rf"(?:{grammar('target_before')}) ?[\"']?$")
