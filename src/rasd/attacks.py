"""Attacks on coalition bases: the total, the per-base breakdown (in parentheses, as prose, as a list),
single attacks in daily items, the attacker, and the losses of the parties named."""

from __future__ import annotations

import functools
import re
from typing import Any

from rasd.analysis import Analysis, in_syria
from rasd.builder import Builder, sentences_with
from rasd.extract import Count, _ordinal_digits, counts, stated_total
from rasd.gazetteer import Mention, Place, base_of
from rasd.lexicon import grammar
from rasd.numbers import find_ordinals
from rasd.people import losses
from rasd.rules import Rule, Words, common_words, rules

L = "\u0621-\u064a"


def _target_places(an: Analysis, rule: Rule, lo: int, hi: int, *, towns: bool = True) -> list[Mention]:
    """Bases named in [lo, hi), locators left out; with `towns`, a town that hosts a base stands for it."""
    kinds = tuple(rule.get("target_kinds") or ("base",))
    locators = rule.words("locators")
    inner = rule.words("inner_locators")
    out: list[tuple[Mention, bool]] = []
    previous_end = -100
    for p in an.places_in(lo, hi):
        place = base_of(p.item) if towns else p.item
        before = an.text[max(lo, p.start - 16):p.start]
        loc = locators.search(before)
        located = bool(loc and loc.end() >= len(before) - 1)
        at = max(lo, p.start - 16) + loc.start() if loc is not None else 0
        if located and _ON_BEFORE.search(an.text, max(lo, at - 6), at):
            located = False  # "بقذيفتين على محيط قاعدة تل بيدر": the base's surroundings were hit
        i = inner.search(before)
        if i and i.end() >= len(before) - 1:  # "قاعدة القرية الخضراء داخل حقل العمر"
            located = located or len(before[:i.start()].rstrip(' "«»')) + max(lo, p.start - 16) <= previous_end + 1
        previous_end = p.end
        if place.kind not in kinds:
            continue
        out.append((Mention(p.start, p.end, place, p.alias), located))
    # "قاعدة القرية الخضراء القريبة من حقل العمر": a base named only to locate another is no target,
    # but "سقطت صواريخ في محيط قاعدة حقل العمر" is an attack on it
    alone = sum(1 for _, located in out if not located) == 0
    if alone and out and an.first(rule.words("other_targets", prefix=True), lo, out[0][0].start):
        return []  # "استهدفت قذائف نقطة عسكرية لقسد قرب قاعدة حقل العمر": an SDF post, not the base

    def alone_in_segment(m: Mention) -> bool:  # "..., فيما سقطت قذائف في محيط قاعدة الشدادي"
        seg = an.segment_at(m.start)
        return not any(not located and seg[0] <= x.start < seg[1] for x, located in out)

    return [m for m, located in out if not located or alone or alone_in_segment(m)]


_ON_BEFORE = re.compile(r"(?:علي|على) $")
_BASE_NOUN = re.compile(rf"(?<![{L}])(?:{grammar('base_nouns')})(?![{L}])")


def _hosted_bases(an: Analysis, rule: Rule, lo: int, hi: int) -> list[Mention]:
    """"استهدفت مسيرة قاعدة التحالف في مدينة الشدادي": a town named as where a base stands is its base."""
    kinds = tuple(rule.get("target_kinds") or ("base",))
    out = []
    for p in an.places_in(lo, hi):
        base = base_of(p.item)
        if base is p.item or base.kind not in kinds:
            continue
        clo = an.clause_at(p.start)[0]
        if _BASE_NOUN.search(an.text, max(lo, clo, p.start - 40), p.start):
            out.append(Mention(p.start, p.end, base, p.alias))
    return out


_LIKEWISE = re.compile(rf"(?<![{L}])و?(?:{grammar('likewise')})(?: (?:{grammar('base_nouns')}))? ?$")
_ONE_OF = re.compile(rf"(?<![{L}])(?:{grammar('one_of_two')})(?![{L}])")
_BASE_NOUN_TAIL = re.compile(rf" (?:{grammar('base_nouns')})$")
_OF_THEM_TAIL = re.compile(rf" (?:{grammar('of_them')})$")


def _attack_count_before(an: Analysis, rule: Rule, lo: int, pos: int, *, in_list: bool = False) -> Count | None:
    """The attack count written right before a base: "12 على", "هجومين على", "هجوم على", "الاول على"."""
    text = an.text
    links = rule.words("breakdown_links")
    gap = text[max(lo, pos - 40):pos]
    # peel the link and the optional generic noun off the end of the gap
    tail = gap.rstrip()
    noun = _BASE_NOUN_TAIL.search(tail)
    if noun:
        tail = tail[: noun.start()].rstrip()
    base = max(lo, pos - 40)
    m = _link_at_end(links).search(tail)
    if m is None:
        # "استهدف اثنان منها قاعدة حقل العمر": the link, the count of them, then the base
        of_them = _OF_THEM_TAIL.sub("", tail)
        if of_them != tail:
            n = next((n for n in an.numbers_in(max(lo, pos - 40), pos) if n.end == base + len(of_them.rstrip())), None)
            verb = re.search(rf"(?<![{L}])(?:{'|'.join(map(re.escape, links.forms))}) $",
                             text[max(lo, n.start - 12):n.start]) if n is not None else None
            if verb is not None and n is not None and n.value is not None and n.kind != "ordinal":
                return Count(n.value, n.hedge, n.span_start, pos)
        # a list item with no preposition: "وسبعه كونيكو، واثنان الشدادي"
        n = next((n for n in an.numbers_in(max(lo, pos - 20), pos) if n.end == base + len(tail)), None)
        if (n is not None and n.value is not None and n.kind != "ordinal" and n.value <= 500
                and text[max(lo, n.start - 2):n.start].strip() in ("و", ",", "(", "-", "")):
            return Count(n.value, n.hedge, n.span_start, pos)
        return None
    head = _OF_THEM_TAIL.sub("", tail[: m.start()].rstrip())  # "14 منها استهدفت حقل العمر"
    c = _count_ending(an, rule, lo, pos, base, head)
    if c is None:  # "اثنان منها بطائرات مسيرة على"، "وهجوم صاروخي على": a weapon between the count and the base
        bare = _OF_THEM_TAIL.sub("", _WEAPON_TAIL.sub("", head)).rstrip(" (")  # "1 (مسيرة على قاعدة"
        c = _count_ending(an, rule, lo, pos, base, bare, unit=in_list) if bare != head else None
    return c


@functools.cache
def _link_at_end(links: Words) -> re.Pattern[str]:
    """A breakdown link word ending a stretch of text ("12 على")."""
    return re.compile(rf"(?<![{L}])(?:{'|'.join(map(re.escape, links.forms))})$")


_MOST = re.compile(rf" ?(?:{grammar('most_of_them')})(?![{L}])")
_WEAPON_TAIL = re.compile(rf"(?: \(?(?:ب[{L}]+|[{L}]+(?:ي|يه|ه)))+$")


def _count_ending(an: Analysis, rule: Rule, lo: int, pos: int, base: int, head: str, *,
                  unit: bool = True) -> Count | None:
    """The attack count written at the end of `head` (the text before the link to a base); with `unit`,
    a bare "هجوم" is one (after a weapon only inside a list: "وأسفر هجوم بطائرة على حقل العمر عن" retells)."""
    text = an.text
    q = rule.quantities["attacks"]
    hend = base + len(head)
    for n in an.numbers_in(max(lo, hend - 12), hend):
        if n.value is not None and n.kind != "ordinal" and n.end == hend and not _glued_article(text, n.start):
            return Count(n.value, n.hedge, n.span_start, pos)
    for n in find_ordinals(text[max(lo, hend - 14):hend]):
        if max(lo, hend - 14) + n.end == hend and n.value is not None:
            return Count(1, None, max(lo, hend - 14) + n.start, pos)
    clo = max(lo, an.clause_at(pos)[0])
    if hend - clo <= 45:  # "الأول بطائرة مسيرة على قاعدة العمر، والثاني بقذائف على قاعدة الشدادي"
        for o in find_ordinals(text[clo:hend]):
            if (o.value is not None and not text[clo:clo + o.start].strip(" ,:;-(و")
                    and text[clo + o.end:hend].startswith(" ب")):  # the ordinal, then its weapon
                return Count(1, None, clo + o.start, pos)
    d = q.duals.re.search(text, max(lo, hend - 16), hend)
    if d and d.end() == hend:
        return Count(2, None, d.start(1), pos)
    u = q.units.re.search(text, max(lo, hend - 16), hend)
    if u and u.end() == hend:
        # "هجوم على" is one; "12 هجوما على" was caught above
        before = [n for n in an.numbers_in(max(lo, u.start() - 8), u.start()) if n.end >= u.start() - 1]
        if before and before[-1].value is not None:
            return Count(before[-1].value, before[-1].hedge, before[-1].span_start, pos)
        if unit and not u.group(1).split()[0].endswith("ات"):
            return Count(1, None, u.start(1), pos)
    return None


_AFTER_PLACE = re.compile(r"(?: \([^)]{0,30}\))? ?[(:\-←→] ?")


_ROW_NUMBER = re.compile(r" (\d{1,3}) *(?:\n|$)")


def _attack_count_after(an: Analysis, rule: Rule, pos: int, hi: int) -> Count | None:
    """"حقل العمر: 11", "قاعدة التنف (3)", "قاعدة حقل كونيكو: هجوم واحد" - a base, then its count."""
    m = _AFTER_PLACE.match(an.text, pos)
    if m is None:
        row = _ROW_NUMBER.match(an.text, pos)  # "🎯 كونيكو ٢" on its own line
        if row is not None:
            n = next((n for n in an.numbers_in(row.start(1), row.end(1)) if n.kind == "digits"), None)
            if n is not None and n.value is not None and n.value <= 500:
                return Count(n.value, n.hedge, pos, n.end)
        # "استهدفت قاعدة التنف مرتين": an attack count right after the base, with no separator
        for c in counts(an, rule, rule.quantities["attacks"], sentences=[(pos, min(hi, pos + 20))], whole=False):
            if c.start <= pos + 1 and c.value is not None:
                return Count(c.value, c.hedge, pos, c.end)
        return None
    start = m.end()
    n = next((n for n in an.numbers_in(start, min(hi, start + 3)) if n.kind != "ordinal"), None)
    if n is not None and any(r.ref.start == n.start for r in an.dates_in(n.start, n.end)):
        return None  # "في هجوم كونيكو (11 تشرين الأول)": a day, not a count
    if n is not None and n.value is not None and n.value <= 500:
        return Count(n.value, n.hedge, pos, n.end)
    for c in counts(an, rule, rule.quantities["attacks"], sentences=[(start, min(hi, start + 25))], whole=False):
        if c.start <= start + 1 and c.value is not None:
            return Count(c.value, c.hedge, pos, c.end)
    return None


def _glued_article(text: str, start: int) -> bool:
    return _ordinal_digits(text, start)


_DUAL_BASES = re.compile(rf"(?<![{L}])(?:{grammar('dual_bases')})(?![{L}])")


def breakdown(an: Analysis, rule: Rule, lo: int, hi: int) -> list[tuple[Mention, Count]]:
    """Per-base counts: "(12 على قاعدة حقل العمر - 6 على قاعدة كونيكو)", "الاول على قاعدة كونيكو",
    "قاعدة التنف (3)"."""
    text = an.text
    out: list[tuple[Mention, Count]] = []
    for p in _target_places(an, rule, lo, hi):
        if not in_syria(p.item):
            continue
        c = _attack_count_before(an, rule, lo, p.start, in_list=bool(out))
        if c is not None and _DUAL_BASES.search(text, c.start, p.end):
            continue  # "هجومان على قاعدتي كونوكو والعمر": the count is shared by the two bases
        definite = text.startswith("ال", c.start) or text.endswith("ال", 0, c.start) if c is not None else False
        if c is not None and ((definite and (c.value or 0) > 1) or _ONE_OF.search(text, max(lo, c.start - 8), c.start)):
            continue  # "وأدى أحد الهجومين على كونوكو إلى ...": the attacks told again, not counted again
        if c is None:
            c = _attack_count_after(an, rule, p.end, hi)
        if c is None and out and _LIKEWISE.search(text, max(lo, p.start - 16), p.start):
            c = Count(out[-1][1].value, None, p.start, p.end)  # "استهدفت التنف مرتين، ومثلها حقل العمر"
        if c is not None:
            out.append((p, c))
    return out


def _reports_attack(an: Analysis, rule: Rule, phrases: Any, lo: int, hi: int) -> bool:
    """An attack word that is not part of a blocker, nor an adjective ("مروحيتان هجوميتان" are attack
    helicopters)."""
    adjectives = rule.words("adjectives")
    return any(not an.first(rule.blockers, h.start(), min(hi, h.end() + 8))
               and not an.first(adjectives, h.start(), min(hi, h.end() + 4)) for h in an.within(phrases, lo, hi))


def _distributed(an: Analysis, rule: Rule, total: Count) -> list[Count]:
    """The parts of a total split by attacker or weapon: "(4 بطائرات مسيرة – 2 بصواريخ غراد – 1 بقذائف)",
    "24 هجوماً تبنتها المقاومة، و5 هجمات نفذتها مجموعات محلية، وهجومان لم تتبنهما أي جهة"."""
    lo, hi = an.sentence_at(total.start)
    d = an.first(rule.words("distribution", prefix=True), total.end, hi)
    if d is None:
        return []
    q = rule.quantities["attacks"]
    parts = [c for c in counts(an, rule, q, sentences=[(d.end(), hi)], whole=False) if c.value is not None]
    taken = {c.start for c in parts}
    for n in an.numbers_in(d.end(), hi):
        if (n.value is not None and n.kind != "ordinal" and n.span_start not in taken
                and an.text.startswith(" ب", n.end) and not any(c.start <= n.start < c.end for c in parts)):
            parts.append(Count(n.value, n.hedge, n.span_start, n.end))
    return sorted(parts, key=lambda c: c.start)


def _short_window_total(an: Analysis, rule: Rule, lo: int, hi: int) -> Count | None:
    """"هجوم رابع في أقل من 24 ساعة": an ordinal that totals a short window is the figure."""
    window = an.first(rule.words("short_window", prefix=True), lo, hi)
    if window is None:
        return None
    ords = [o for o in find_ordinals(an.text[lo:window.start()]) if o.value]
    if not ords:
        return None
    o = ords[-1]
    return Count(o.value, None, lo + o.start, window.end())


def attacks(b: Builder) -> None:
    an, rule = b.an, rules()["attack"]
    q = rule.quantities["attacks"]
    sentences = sentences_with(an, rule)
    total = None
    # "الرابع في أقل من 24 ساعة.. هجوم بمسيّرة": a title's short window, even where it has no attack word
    for lo, hi in sentences + ([an.headline] if an.headline and an.daily else []):
        total = _short_window_total(an, rule, lo, hi)
        if total is not None:
            break
    windowed = total is not None  # "الرابع خلال 24 ساعة" totals the attacks of a short window
    if total is None:
        total = stated_total(an, counts(an, rule, q))
    by_target: dict[str, tuple[Place, int, Count]] = {}
    named: dict[str, tuple[int, int]] = {}  # where each base is written (its Arabic name as the text has it)
    explicit = False
    tq = rules()["training_exercise"].quantities["trainings"]
    for lo, hi in sentences:
        if ((an.first(tq.units, lo, hi) or an.first(tq.duals, lo, hi))
                and not (an.first(q.units, lo, hi) or an.first(q.duals, lo, hi))):
            continue  # "تدريبين، الأول في قاعدة حقل العمر والثاني في قاعدة الشدادي": trainings, not attacks
        for m, c in breakdown(an, rule, lo, hi):
            place = m.item
            clo, chi = an.clause_at(c.start)
            if an.recalled(clo, chi) or an.has(rule.blockers, clo, chi) or an.negated(clo, chi):
                continue
            if an.daily and an.in_headline(m.start) and any(
                    p.item.id == place.id and not an.in_headline(p.start) for p in an.places):
                continue  # "... تتبنى استهداف حقل العمر": a title retells the body's attack
            prev = by_target.get(place.id)
            if prev is not None and an.text.endswith("ال", 0, c.start):
                continue  # "وذكرت مصادر أن الهجوم على حقل العمر نُفذ بثلاث مسيرات": the same attack told again
            explicit = True
            by_target[place.id] = (place, (prev[1] if prev else 0) + (c.value or 0), c)
            named.setdefault(place.id, (m.start, m.end))
    # a base named as attacked in a new, undenied clause: "تعرضت قاعدة التنف لهجوم" is one attack
    phrases = rule.words("event_phrases", prefix=True)
    retold = rule.words("retold", prefix=True)
    for lo, hi in sentences:
        if an.negated(lo, hi) or not _reports_attack(an, rule, phrases, lo, hi):
            continue
        for p in _target_places(an, rule, lo, hi, towns=False) + _hosted_bases(an, rule, lo, hi):
            if p.item.id in by_target:
                continue
            clo, chi = an.clause_at(p.start)
            if not an.daily and an.first(retold, clo, chi) and not counts(an, rule, q, sentences=[(clo, chi)],
                                                                           whole=False):
                continue  # "وطالت الهجمات قواعد حقل العمر وكونيكو": the month's attacks, already counted
            if an.recalled(clo, chi) or an.has(rule.blockers, clo, chi) or not in_syria(p.item):
                continue
            here = [c for c in counts(an, rule, q, sentences=[(clo, chi)], whole=False) if not c.recalled]
            if not here and len({t.item.id for t in _target_places(an, rule, lo, hi)}) == 1:
                # "تعرضت قاعدة حقل العمر لقصف ... ثم لهجوم ...، ونسب الهجومان": the one base named
                here = [c for c in counts(an, rule, q, sentences=[(lo, hi)], whole=False) if not c.recalled]
            n = here[0].value if here and here[0].value else 1
            if _ONE_OF.search(an.text, max(lo, p.start - 30), p.start):
                n = 1  # "هجومين ... استهدف احدهما قاعدة كونيكو والاخر عين الاسد"
            elif here and n > 1:
                shared = {t.item.id for t in _target_places(an, rule, clo, chi, towns=False)}
                if len(shared) > 1 and n != len(shared):
                    continue  # "6 هجمات على حقلي كونيكو والعمر وقاعدة الشدادي": no count per base
                if len(shared) > 1:
                    n = 1  # "هجومان على قاعدتي الشدادي وتل بيدر": one each
            by_target[p.item.id] = (p.item, n, Count(n, None, p.start, p.end))
            named.setdefault(p.item.id, (p.start, p.end))
    # "نفى مسؤول أميركي تعرض قاعدة الشدادي لأي هجوم": a denied base is no target, and the total shrinks
    denial = common_words("denial")
    denied = {p.item.id for lo, hi in an.sentences_naming(denial)
              for p in _target_places(an, rule, lo, hi, towns=False) if p.item.id in by_target
              and an.first(denial, lo, p.start)}
    if denied and len(denied) < len(by_target):
        for pid in denied:
            del by_target[pid]
        total = Count(sum(v for _, v, _ in by_target.values()), None, *_span_of(by_target))
    if total is not None and by_target and an.daily:
        # "هجومين ... احدهما على كونيكو والاخر على عين الاسد": the count covers a base outside Syria
        tlo, thi = an.sentence_at(total.start)
        kinds = tuple(rule.get("target_kinds") or ("base",))
        if any(p.item.kind in kinds and not in_syria(p.item) for p in an.places_in(tlo, thi)):
            total = None
    if windowed and total is not None and total.value and len(by_target) == 1:
        (pid, (place, _v, c)), = by_target.items()  # "ثالث هجوم على حقل العمر خلال 24 ساعة": all on it
        by_target[pid] = (place, total.value, c)
    if total is None and by_target:
        total = Count(sum(v for _, v, _ in by_target.values()), None, *_span_of(by_target))
    if an.daily and total is not None and total.value == 1 and len(by_target) == 1:
        # "وتبنت المقاومة الهجومين": the item told a second attack on the same base without counting it
        both = next((m for m in an.within(rule.words("retold_duals"), 0, len(an.text))
                     if not an.recalled(*an.clause_at(m.start())) and not an.in_headline(m.start())), None)
        if both is not None:
            (pid, (place, _v, c)), = by_target.items()
            by_target[pid] = (place, 2, c)
            total = Count(2, None, total.start, total.end)
    b.set("attacks_total", total)
    if by_target:
        b.figures["attacks_by_target"] = [
            {"name_en": p.name_en, "lat": p.lat, "lon": p.lon, "count": v} for p, v, _ in by_target.values()
        ]
    for p, v, c in by_target.values():
        lo, hi = an.sentence_at(c.start)
        ev = b.event(rule, lo, hi, quantities={"attacks": v}, target="coalition")
        ev.place, ev.place_span = p, named.get(p.id, (c.start, c.end))
        ev.spans.append((c.start, c.end))
    if total is not None and explicit and total.value is not None:
        s = sum(v for _, v, _ in by_target.values())
        spans = [(total.start, total.end)] + [(c.start, c.end) for _, _, c in by_target.values()]
        kind = "breakdown_consistent" if s == total.value else "breakdown_mismatch"
        b.finding(kind, f"attacks: stated {total.value}, per-base breakdown sums to {s}", spans,
                  figure="attacks_total", stated=total.value, sum=s)
    if total is not None and not explicit and total.value is not None:
        parts = _distributed(an, rule, total)
        if len(parts) >= 2:
            s = sum(c.value or 0 for c in parts)
            kind = "breakdown_consistent" if s == total.value else "breakdown_mismatch"
            b.finding(kind, f"attacks: stated {total.value}, its parts add up to {s}",
                      [(total.start, total.end)] + [(c.start, c.end) for c in parts],
                      figure="attacks_total", stated=total.value, sum=s)
    if total is not None and not by_target:
        lo, hi = an.sentence_at(total.start)
        b.event(rule, lo, hi, quantities={"attacks": total.value}, target="coalition")
    if total is not None or by_target:
        attackers = set(rule.get("attackers") or [])
        fought = common_words("fought_by_coalition", True)
        first = [an.sentence_at(total.start)] if total is not None else []
        claims, unclaimed = rule.words("claim_words", prefix=True), rule.words("unknown_attacker", prefix=True)
        claimed_after = rule.words("claimed_after")  # "أعلنت المقاومة الإسلامية في العراق مسؤوليتها"
        claimed = [s for s, says, unknown, after in zip(an.sentences, an.naming(claims), an.naming(unclaimed),
                                                        an.naming(claimed_after), strict=True)
                   if (says or unknown or after) and not an.recalled(*s)]
        for lo, hi in list(dict.fromkeys(first + sentences + claimed)):
            named = [a for a in an.actors_in(lo, hi) if a.item.id in attackers
                     and not an.first(fought, max(lo, a.start - 14), a.start)]
            claimed = [a for a in named if an.first(claims, max(lo, a.start - 14), a.start)
                       or an.first(claimed_after, a.end, min(an.clause_at(a.start)[1], a.end + 40))]
            who = (claimed or named or [None])[0]
            who = who.item.id if who is not None else None
            no_claim = an.first(unclaimed, lo, hi)
            if no_claim is not None and (not claimed or _MOST.match(an.text, no_claim.end())) \
                    and not _claimed_more(an, named, no_claim.end(), hi):
                who = "unknown"  # "ولم تتبنهما أي جهة"; "ولم تتبن أي جهة معظمها، في حين تبنت المقاومة هجومين"
            same = None if who else an.first(rule.words("same_attacker", prefix=True), lo, hi)
            if same is not None:
                named = [a.item.id for a in an.actors if a.start < same.start() and a.item.id in attackers]
                who = named[-1] if named else None
            if who:
                b.figures["attacker"] = who
                break
    # losses in any attack (an SDF checkpoint too), not only on coalition bases, and in the sentence right
    # after one when it is about nothing else ("وأفادت مصادر محلية بمقتل عنصر من قسد")
    about_attacks = an.sentences_naming(rule.context)
    named = an.naming(rule.context)
    others = [an.naming(rules()[t].context) for t in ("airstrike", "joint_operation")]
    after = [an.sentences[i + 1] for i in range(len(an.sentences) - 1) if named[i] and not named[i + 1]
             and not any(o[i + 1] for o in others)]
    _casualties(b, rule, sorted(set(about_attacks + after)))


def _claimed_more(an: Analysis, named: list[Any], unclaimed_end: int, hi: int) -> bool:
    """"المقاومة الإسلامية في العراق (8)، دون تبنٍّ (3)": the named attacker has the larger share."""
    def share(pos: int) -> int | None:
        n = next(iter(an.numbers_in(pos, min(hi, pos + 6))), None)
        return n.value if n is not None and n.kind == "digits" else None
    mine = share(named[0].end) if named else None
    rest = share(unclaimed_end)
    return mine is not None and rest is not None and mine > rest


def _span_of(by_target: dict[str, tuple[Place, int, Count]]) -> tuple[int, int]:
    cs = [c for _, _, c in by_target.values()]
    return min(c.start for c in cs), max(c.end for c in cs)


def _casualties(b: Builder, rule: Rule, sentences: list[tuple[int, int]]) -> None:
    an = b.an
    parties: dict[str, dict[str, object]] = {}
    for lo, hi in sentences:
        for x in losses(an, lo, hi):
            if x.kind == "detained" or x.party is None:
                continue
            clo, chi = an.clause_at(x.start)
            if an.recalled(clo, chi) or an.has(rule.blockers, clo, chi):
                continue
            if an.recalled(an.sentence_at(x.start)[0], clo):
                continue  # "الهجوم الذي استهدف دورية في 13 كانون الأول الفائت، وأدى إلى مقتل جنديين"
            row = parties.setdefault(x.party, {"party": x.party, "killed": None, "wounded": None,
                                               "killed_approx": None, "wounded_approx": None})
            if row[x.kind] is None and row[f"{x.kind}_approx"] is None:
                row[x.kind] = x.value
                row[f"{x.kind}_approx"] = x.hedge
    if parties:
        b.figures["casualties"] = list(parties.values())


