"""From an Analysis to the contract's figures, events and findings, one event type at a time."""

from __future__ import annotations

import re
from collections.abc import Callable

from rasd.analysis import Analysis, in_syria
from rasd.extract import (
    Count,
    Event,
    Result,
    _attribution,
    _event_date,
    _first_place,
    about_sentences,
    convoy_origin,
    counts,
    first_count,
    singular,
)
from rasd.gazetteer import Mention, Place, base_of
from rasd.numbers import find_ordinals
from rasd.people import losses
from rasd.rules import Quantity, Rule, common_words, other_events, rules

L = "\u0621-\u064a"
FIGURES = ("convoy_vehicles", "convoy_batches", "convoy_dates", "convoy_origin", "cargo_aircraft",
           "attacks_total", "attacker", "attacks_by_target", "airstrike_rounds", "airstrike_killed",
           "trainings", "joint_operations", "joint_operations_detained", "joint_operations_killed",
           "casualties")


class Builder:
    """Collects figures, qualifiers, events and findings while the rules run."""

    def __init__(self, an: Analysis) -> None:
        self.an = an
        self.figures: dict[str, object] = dict.fromkeys(FIGURES)
        self.qualifiers: dict[str, str] = {}
        self.events: list[Event] = []
        self.findings: list[dict[str, object]] = []

    def set(self, name: str, c: Count | None) -> Count | None:
        if c is None:
            return None
        self.figures[name] = c.value
        if c.hedge:
            self.qualifiers[name] = c.hedge
        return c

    def finding(self, kind: str, message: str, spans: list[tuple[int, int]], **extra: object) -> None:
        self.findings.append({"kind": kind, "message": message, "spans": spans, **extra})

    def event(self, rule: Rule, lo: int, hi: int, **kw: object) -> Event:
        an = self.an
        d, precision, _ = _event_date(an, lo, hi)
        place = kw.pop("place", None) or _first_place(an, lo, hi)
        ev = Event(rule.type if isinstance(rule, Rule) else str(rule), lo, hi, d, precision,
                   place.item if place is not None else None,
                   (place.start, place.end) if place is not None else None,
                   initiator=rule.get("initiator") if isinstance(rule, Rule) else None,
                   attribution=_attribution(an, lo, hi), spans=[(lo, hi)])
        for k, v in kw.items():
            setattr(ev, k, v)
        self.events.append(ev)
        return ev


def _sentences_with(an: Analysis, rule: Rule) -> list[tuple[int, int]]:
    return list(about_sentences(an, rule))


def report_figure(an: Analysis, rule: Rule, q: Quantity, cs: list[Count]) -> Count | None:
    """The report's figure from its counts. A monthly brief states a total first. A daily item's title
    repeats its body, and a later count adds to the first only when the text says it is another one
    ("تلتها 15 شاحنة أخرى", "فيما هبطت طائرة رابعة")."""
    live = [c for c in cs if not c.recalled]
    if not live:
        return None
    if not an.daily:
        return live[0]
    body = [c for c in live if not an.in_headline(c.start)] or live
    # a lone singular noun is one more of them ("هبطت طائرة شحن ... تلتها طائرتان اخريان")
    for lo, hi in _sentences_with(an, rule):
        if an.in_headline(lo):
            continue
        for m in an.within(q.units, lo, hi):
            word, whole = m.group(1), m.group()
            if word.endswith("ات") or "ال" in whole[: len(whole) - len(word)] or word.startswith("ال"):
                continue
            if any(c.start <= m.start() < c.end for c in cs) or an.recalled(*an.clause_at(m.start())):
                continue
            body.append(Count(1, None, m.start(1), m.end()))
    body.sort(key=lambda c: c.start)
    total = body[0]
    more = common_words("additional", True)
    for c in body[1:]:
        clo, chi = an.clause_at(c.start)
        tail = an.first(more, c.start, min(chi, c.end + 14))
        if c.value is not None and total.value is not None and tail is not None:
            total = Count(total.value + c.value, total.hedge or c.hedge, total.start, c.end)
    if total.value == 1 and not [c for c in live if not an.in_headline(c.start)]:
        return None if not live else live[0]
    return total


def _quantity_figure(b: Builder, rule: Rule, qname: str, *, allow_single: bool = True,
                     keep: Callable[[Count], bool] | None = None) -> Count | None:
    q = rule.quantities[qname]
    cs = [c for c in counts(b.an, rule, q) if keep is None or keep(c)]
    c = report_figure(b.an, rule, q, cs)
    if c is None and allow_single and q.singulars:
        c = singular(b.an, rule, q)
    return b.set(q.figure, c)


def _between_bases(an: Analysis, lo: int, hi: int) -> bool:
    """Trucks that come "من قاعدة الشدادي" move between bases; they do not enter Syria."""
    outside = internal = False
    for p in an.places_in(lo, hi):
        if _FROM_WORD.search(an.text, max(lo, p.start - 12), p.start):
            if in_syria(p.item) and p.item.kind in ("base", "airport"):
                internal = True
            elif not in_syria(p.item) or p.item.kind in ("crossing", "region"):
                outside = True
    return internal and not outside


_FROM_WORD = re.compile(r"(?:قادمه |قادمين |اتيه )?من (?:قاعده |مطار |حقل )?$")


def convoys(b: Builder) -> None:
    an, rule = b.an, rules()["reinforcement_convoy"]

    def entering(c: Count) -> bool:
        return not _between_bases(an, *an.sentence_at(c.start))

    vehicles = _quantity_figure(b, rule, "vehicles", allow_single=False, keep=entering)
    batches = _quantity_figure(b, rule, "batches", allow_single=False, keep=entering)
    anchors = [c for c in (vehicles, batches) if c is not None]
    if not anchors:
        return
    # every sentence that counts this period's convoys, and a next one that lists their days
    counted = [c for q in rule.quantities.values() for c in counts(an, rule, q) if not c.recalled and entering(c)]
    spans = sorted({an.sentence_at(c.start) for c in counted} | {an.sentence_at(c.start) for c in anchors})
    for i, s in enumerate(an.sentences[:-1]):
        nxt = an.sentences[i + 1]
        if s in spans and nxt not in spans and an.first(rule.context, *nxt) and any(
                r.ref.day is not None for r in an.dates_in(*nxt)) and not an.recalled(*nxt) \
                and not an.has(rule.blockers, *nxt):
            spans.append(nxt)
    spans.sort()
    dates: list = []
    listed = 0
    for lo, hi in spans:
        if an.in_headline(lo):
            continue
        refs = [r for r in an.dates_in(lo, hi) if r.ref.day is not None and r.ref.range_part is None
                and not an.recalled(*an.clause_at(r.ref.start))]
        listed += len(refs)
        dates += [r.date for r in refs if r.date is not None]
    if not dates and an.daily:
        for lo, hi in spans:
            _, _, ds = _event_date(an, lo, hi)
            dates += [d for d in ds if not an.in_headline(lo)]
        if not dates:
            dates = _event_date(an, *spans[0])[2]
    b.figures["convoy_dates"] = sorted({d.isoformat() for d in dates}) or None
    origin_spans = spans + [s for s in _sentences_with(an, rule) if s not in spans and not an.recalled(*s)
                            and not an.has(rule.blockers, *s)]
    b.figures["convoy_origin"] = convoy_origin(an, spans) or convoy_origin(an, origin_spans, loose=True)
    lo, hi = an.sentence_at(anchors[0].start)
    dest = None
    for p in an.places_in(lo, hi):
        if in_syria(p.item) and p.item.kind not in ("crossing", "region"):
            dest = p
            break
    ev = b.event(rule, lo, hi, place=dest)
    if vehicles is not None:
        ev.quantities["vehicles"] = vehicles.value
        if vehicles.hedge:
            ev.qualifiers["vehicles"] = vehicles.hedge
        ev.spans.append((vehicles.start, vehicles.end))
    if batches is not None:
        ev.quantities["batches"] = batches.value
        ev.spans.append((batches.start, batches.end))
    if batches is not None and batches.value is not None and listed and listed != batches.value:
        b.finding("batch_count_mismatch", f"{batches.value} batches stated but {listed} dates listed",
                  [(batches.start, batches.end), *spans], stated=batches.value, listed=listed)


def airlifts(b: Builder) -> None:
    rule = rules()["reinforcement_airlift"]
    c = _quantity_figure(b, rule, "aircraft")
    if c is not None:
        lo, hi = b.an.sentence_at(c.start)
        ev = b.event(rule, lo, hi, quantities={"aircraft": c.value})
        if c.hedge:
            ev.qualifiers["aircraft"] = c.hedge
        ev.spans.append((c.start, c.end))


def _target_places(an: Analysis, rule: Rule, lo: int, hi: int, *, towns: bool = True) -> list[Mention]:
    """Bases named in [lo, hi), locators left out; with `towns`, a town that hosts a base stands for it."""
    kinds = tuple(rule.get("target_kinds") or ("base",))
    locators = rule.words("locators")
    out: list[tuple[Mention, bool]] = []
    for p in an.places_in(lo, hi):
        place = base_of(p.item) if towns else p.item
        if place.kind not in kinds:
            continue
        before = an.text[max(lo, p.start - 16):p.start]
        loc = locators.search(before)
        out.append((Mention(p.start, p.end, place, p.alias), bool(loc and loc.end() >= len(before) - 1)))
    # "قاعدة القرية الخضراء القريبة من حقل العمر": a base named only to locate another is no target,
    # but "سقطت صواريخ في محيط قاعدة حقل العمر" is an attack on it
    alone = sum(1 for _, located in out if not located) == 0
    return [m for m, located in out if not located or alone]


_LIKEWISE = re.compile(rf"(?<![{L}])و?(?:مثلها|مثله|بالمثل)(?: (?:قاعده|حقل))? ?$")
_ONE_OF = re.compile(rf"(?<![{L}])(?:احدهما|احداهما|الاخر|الاخري|الاول|الثاني)(?![{L}])")


def _attack_count_before(an: Analysis, rule: Rule, lo: int, pos: int) -> Count | None:
    """The attack count written right before a base: "12 على", "هجومين على", "هجوم على", "الاول على"."""
    text = an.text
    q = rule.quantities["attacks"]
    links = rule.words("breakdown_links")
    gap = text[max(lo, pos - 40):pos]
    # peel the link and the optional generic noun off the end of the gap
    tail = gap.rstrip()
    for word in ("قاعدتي", "قاعده", "القاعده", "حقل", "مطار"):
        if tail.endswith(" " + word):
            tail = tail[: -len(word)].rstrip()
            break
    base = max(lo, pos - 40)
    m = re.search(rf"(?<![{L}])(?:{'|'.join(map(re.escape, links.forms))})$", tail)
    if m is None:
        # a list item with no preposition: "وسبعه كونيكو، واثنان الشدادي"
        n = next((n for n in an.numbers_in(max(lo, pos - 20), pos) if n.end == base + len(tail)), None)
        if (n is not None and n.value is not None and n.kind != "ordinal" and n.value <= 500
                and text[max(lo, n.start - 2):n.start].strip() in ("و", ",", "(", "-", "")):
            return Count(n.value, n.hedge, n.span_start, pos)
        return None
    head = re.sub(r" (?:منها|منهم)$", "", tail[: m.start()].rstrip())  # "14 منها استهدفت حقل العمر"
    hend = base + len(head)
    for n in an.numbers_in(max(lo, hend - 12), hend):
        if n.value is not None and n.kind != "ordinal" and n.end == hend and not _glued_article(text, n.start):
            return Count(n.value, n.hedge, n.span_start, pos)
    for n in find_ordinals(text[max(lo, hend - 14):hend]):
        if max(lo, hend - 14) + n.end == hend and n.value is not None:
            return Count(1, None, max(lo, hend - 14) + n.start, pos)
    d = q.duals.re.search(text, max(lo, hend - 16), hend)
    if d and d.end() == hend:
        return Count(2, None, d.start(1), pos)
    u = q.units.re.search(text, max(lo, hend - 16), hend)
    if u and u.end() == hend:
        # "هجوم على" is one; "12 هجوما على" was caught above
        before = [n for n in an.numbers_in(max(lo, u.start() - 8), u.start()) if n.end >= u.start() - 1]
        if before and before[-1].value is not None:
            return Count(before[-1].value, before[-1].hedge, before[-1].span_start, pos)
        if not u.group(1).split()[0].endswith("ات"):
            return Count(1, None, u.start(1), pos)
    return None


_AFTER_PLACE = re.compile(r"(?: \([^)]{0,30}\))? ?[(:\-] ?")


def _attack_count_after(an: Analysis, rule: Rule, pos: int, hi: int) -> Count | None:
    """"حقل العمر: 11", "قاعدة التنف (3)", "قاعدة حقل كونيكو: هجوم واحد" - a base, then its count."""
    m = _AFTER_PLACE.match(an.text, pos)
    if m is None:
        # "استهدفت قاعدة التنف مرتين": an attack count right after the base, with no separator
        for c in counts(an, rule, rule.quantities["attacks"], sentences=[(pos, min(hi, pos + 20))], whole=False):
            if c.start <= pos + 1 and c.value is not None:
                return Count(c.value, c.hedge, pos, c.end)
        return None
    start = m.end()
    n = next((n for n in an.numbers_in(start, min(hi, start + 3)) if n.kind != "ordinal"), None)
    if n is not None and n.value is not None and n.value <= 500:
        return Count(n.value, n.hedge, pos, n.end)
    for c in counts(an, rule, rule.quantities["attacks"], sentences=[(start, min(hi, start + 25))], whole=False):
        if c.start <= start + 1 and c.value is not None:
            return Count(c.value, c.hedge, pos, c.end)
    return None


def _glued_article(text: str, start: int) -> bool:
    return text[max(0, start - 3):start].rstrip().endswith("ال")


def breakdown(an: Analysis, rule: Rule, lo: int, hi: int) -> list[tuple[Place, Count]]:
    """Per-base counts: "(12 على قاعدة حقل العمر - 6 على قاعدة كونيكو)", "الاول على قاعدة كونيكو",
    "قاعدة التنف (3)"."""
    text = an.text
    out: list[tuple[Place, Count]] = []
    for p in _target_places(an, rule, lo, hi):
        if not in_syria(p.item):
            continue
        c = _attack_count_before(an, rule, lo, p.start)
        if c is None:
            c = _attack_count_after(an, rule, p.end, hi)
        if c is None and out and _LIKEWISE.search(text, max(lo, p.start - 16), p.start):
            c = Count(out[-1][1].value, None, p.start, p.end)  # "استهدفت التنف مرتين، ومثلها حقل العمر"
        if c is not None:
            out.append((p.item, c))
    return out


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
    sentences = _sentences_with(an, rule)
    total = None
    for lo, hi in sentences:
        total = _short_window_total(an, rule, lo, hi)
        if total is not None:
            break
    if total is None:
        total = first_count(counts(an, rule, q))
    by_target: dict[str, tuple[Place, int, Count]] = {}
    explicit = False
    for lo, hi in sentences:
        for place, c in breakdown(an, rule, lo, hi):
            clo, chi = an.clause_at(c.start)
            if an.recalled(clo, chi) or an.has(rule.blockers, clo, chi) or an.negated(clo, chi):
                continue
            explicit = True
            prev = by_target.get(place.id)
            by_target[place.id] = (place, (prev[1] if prev else 0) + (c.value or 0), c)
    # a base named as attacked in a new, undenied clause: "تعرضت قاعدة التنف لهجوم" is one attack
    phrases = rule.words("event_phrases", prefix=True)
    for lo, hi in sentences:
        if an.negated(lo, hi) or not an.first(phrases, lo, hi):
            continue
        for p in _target_places(an, rule, lo, hi, towns=False):
            clo, chi = an.clause_at(p.start)
            if (p.item.id in by_target or an.recalled(clo, chi) or an.has(rule.blockers, clo, chi)
                    or not in_syria(p.item) or not an.first(phrases, lo, hi)):
                continue
            here = [c for c in counts(an, rule, q, sentences=[(clo, chi)], whole=False) if not c.recalled]
            if not here and len({t.item.id for t in _target_places(an, rule, lo, hi)}) == 1:
                # "تعرضت قاعدة حقل العمر لقصف ... ثم لهجوم ...، ونسب الهجومان": the one base named
                here = [c for c in counts(an, rule, q, sentences=[(lo, hi)], whole=False) if not c.recalled]
            n = here[0].value if here and here[0].value else 1
            if _ONE_OF.search(an.text, max(lo, p.start - 30), p.start):
                n = 1  # "هجومين ... استهدف احدهما قاعدة كونيكو والاخر عين الاسد"
            by_target[p.item.id] = (p.item, n, Count(n, None, p.start, p.end))
    if total is not None and by_target and an.daily:
        # "هجومين ... احدهما على كونيكو والاخر على عين الاسد": the count covers a base outside Syria
        tlo, thi = an.sentence_at(total.start)
        kinds = tuple(rule.get("target_kinds") or ("base",))
        if any(p.item.kind in kinds and not in_syria(p.item) for p in an.places_in(tlo, thi)):
            total = None
    if total is None and by_target:
        total = Count(sum(v for _, v, _ in by_target.values()), None, *_span_of(by_target))
    b.set("attacks_total", total)
    if by_target:
        b.figures["attacks_by_target"] = [
            {"name_en": p.name_en, "lat": p.lat, "lon": p.lon, "count": v} for p, v, _ in by_target.values()
        ]
    for p, v, c in by_target.values():
        lo, hi = an.sentence_at(c.start)
        ev = b.event(rule, lo, hi, quantities={"attacks": v}, target="coalition")
        ev.place, ev.place_span = p, (c.start, c.end)
        ev.spans.append((c.start, c.end))
    if total is not None and explicit and total.value is not None:
        s = sum(v for _, v, _ in by_target.values())
        spans = [(total.start, total.end)] + [(c.start, c.end) for _, _, c in by_target.values()]
        kind = "breakdown_consistent" if s == total.value else "breakdown_mismatch"
        b.finding(kind, f"attacks: stated {total.value}, per-base breakdown sums to {s}", spans,
                  figure="attacks_total", stated=total.value, sum=s)
    if total is not None and not by_target:
        lo, hi = an.sentence_at(total.start)
        b.event(rule, lo, hi, quantities={"attacks": total.value}, target="coalition")
    if total is not None or by_target:
        attackers = set(rule.get("attackers") or [])
        for lo, hi in sentences:
            who = next((a.item.id for a in an.actors_in(lo, hi) if a.item.id in attackers), None)
            if who:
                b.figures["attacker"] = who
                break
    # losses in any attack (an SDF checkpoint too), not only on coalition bases
    _casualties(b, rule, [(lo, hi) for lo, hi in an.sentences if an.first(rule.context, lo, hi)])


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
            row = parties.setdefault(x.party, {"party": x.party, "killed": None, "wounded": None,
                                               "killed_approx": None, "wounded_approx": None})
            if row[x.kind] is None and row[f"{x.kind}_approx"] is None:
                row[x.kind] = x.value
                row[f"{x.kind}_approx"] = x.hedge
    if parties:
        b.figures["casualties"] = list(parties.values())


def airstrikes(b: Builder) -> None:
    an, rule = b.an, rules()["airstrike"]
    rounds = _quantity_figure(b, rule, "rounds", allow_single=False)
    killed_total: int | None = None
    hedge = None
    spans: list[tuple[int, int]] = []
    for lo, hi in _sentences_with(an, rule):
        if an.has(rule.blockers, lo, hi):
            continue
        for x in losses(an, lo, hi):
            if x.kind != "killed" or x.value is None:
                continue
            clo, chi = an.clause_at(x.start)
            if an.recalled(clo, chi) or not an.first(rule.context, *an.segment_at(x.start)):
                continue
            killed_total = (killed_total or 0) + x.value
            hedge = hedge or x.hedge
            spans.append((x.start, x.end))
    if killed_total is not None:
        b.set("airstrike_killed", Count(killed_total, hedge, spans[0][0], spans[-1][1]))
    if rounds is not None or killed_total is not None:
        anchor = rounds.start if rounds is not None else spans[0][0]
        lo, hi = an.sentence_at(anchor)
        ev = b.event(rule, lo, hi, quantities={"rounds": rounds.value if rounds else None, "killed": killed_total})
        ev.spans += spans


def trainings(b: Builder) -> None:
    rule = rules()["training_exercise"]
    c = _quantity_figure(b, rule, "trainings")
    if c is not None:
        lo, hi = b.an.sentence_at(c.start)
        b.event(rule, lo, hi, quantities={"trainings": c.value}, partner=rule.get("partner_default"))


def _joint(an: Analysis, rule: Rule, lo: int, hi: int) -> bool:
    """A security operation of the coalition with a partner: in a monthly coalition brief every listed
    operation is; in a daily item both sides must be named (or the text says "مشتركة")."""
    if an.has(rule.blockers, lo, hi):
        return False
    if not an.daily:
        return True
    ids = {a.item.id for a in an.actors_in(lo, hi)}
    both = bool(ids & {"coalition", "us_forces"}) and "sdf" in ids
    return both or an.first(rule.words("joint_words", prefix=True), lo, hi) is not None


def _results_follow(an: Analysis, rule: Rule, lo: int, hi: int) -> bool:
    """Whether a sentence continues the one before with its results ("وأسفرت العمليات عن اعتقال 3")."""
    head = an.first(rule.words("results", prefix=True), lo, min(hi, lo + 30))
    attack = an.first(rules()["attack"].context, lo, hi)
    return head is not None and (attack is None or head.start() < attack.start())


def joint_operations(b: Builder) -> None:
    an, rule = b.an, rules()["joint_operation"]
    spans = [(lo, hi) for lo, hi in _sentences_with(an, rule) if _joint(an, rule, lo, hi)]
    q = rule.quantities["operations"]
    c = first_count(counts(an, rule, q, sentences=spans))
    if c is None and spans:
        c = singular(an, rule, q)
        if c is not None and not any(lo <= c.start < hi for lo, hi in spans):
            c = None
    b.set("joint_operations", c)
    # arrest campaigns are security raids too: their detained count belongs here
    campaign = other_events()["arrest_campaign"]
    raid_spans = set(spans)
    for lo, hi in an.sentences:
        if an.first(campaign, lo, hi) and not an.negated(lo, hi):
            raid_spans.add((lo, hi))
            b.event("arrest_campaign", lo, hi, initiator="coalition")  # type: ignore[arg-type]
    for i, (lo, hi) in enumerate(an.sentences[:-1]):
        nxt = an.sentences[i + 1]
        if (lo, hi) in raid_spans and _results_follow(an, rule, *nxt):
            raid_spans.add(nxt)
    totals: dict[str, list[object]] = {"detained": [None, None, None], "killed": [None, None, None]}
    ordered = sorted(raid_spans)
    if c is not None and not an.daily:
        # a monthly brief's total comes with its operations count; read that sentence first
        home = an.sentence_at(c.start)
        ordered.sort(key=lambda sp: (sp != home and not (sp[0] >= home[1] and sp in raid_spans
                                                           and _results_follow(an, rule, *sp)), sp))
    for lo, hi in ordered:
        if an.in_headline(lo):
            continue  # a title repeats the body's figures
        for x in losses(an, lo, hi):
            if x.kind not in totals:
                continue
            clo, chi = an.clause_at(x.start)
            if an.recalled(clo, chi):
                continue
            row = totals[x.kind]
            if x.value is None:
                row[2] = row[2] or x.hedge  # "عدد من", "العشرات": only when no count is stated
                continue
            if not an.daily and row[0] is not None:
                continue  # a monthly brief states its total once; later mentions repeat or detail it
            row[0] = (row[0] or 0) + x.value  # type: ignore[operator]
            row[1] = row[1] or x.hedge
    for kind, (value, hedge, vague) in totals.items():
        name = f"joint_operations_{kind}"
        if value is not None:
            b.figures[name] = value
        qualifier = hedge if value is not None else vague
        if qualifier:
            b.qualifiers[name] = str(qualifier)
    if c is not None:
        lo, hi = an.sentence_at(c.start)
        b.event(rule, lo, hi, quantities={"operations": c.value, "detained": b.figures["joint_operations_detained"],
                                          "killed": b.figures["joint_operations_killed"]},
                partner=rule.get("partner_default"))


def other(b: Builder) -> None:
    an = b.an
    for kind in ("patrol", "base_construction", "withdrawal"):
        words = other_events()[kind]
        for lo, hi in an.sentences:
            if an.first(words, lo, hi) and not an.negated(lo, hi):
                b.event(kind, lo, hi, initiator="coalition")  # type: ignore[arg-type]
                break


def date_findings(b: Builder) -> None:
    an = b.an
    for r in an.dates:
        if r.problem == "invalid_date":
            b.finding("invalid_date", f"day {r.ref.day} does not exist in month {r.ref.month}",
                      [(r.ref.start, max(r.ref.end, r.ref.month_end))])
        elif an.period is not None and r.date is not None and r.ref.day is not None:
            start, end = an.period
            clo, chi = an.clause_at(r.ref.start)
            if not (start <= r.date <= end) and not an.recalled(clo, chi):
                b.finding("date_outside_period",
                          f"{r.date.isoformat()} is outside coalition month {an.month} ({start}..{end})",
                          [(r.ref.start, max(r.ref.end, r.ref.month_end))], date=r.date.isoformat())


STAGES = (convoys, airlifts, attacks, airstrikes, trainings, joint_operations, other, date_findings)


def build(an: Analysis) -> Result:
    """Run every stage over the analysis."""
    b = Builder(an)
    for stage in STAGES:
        stage(b)
    return Result(an, b.figures, b.qualifiers, b.events, b.findings)
