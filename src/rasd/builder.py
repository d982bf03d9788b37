"""What every stage shares: the Builder that collects figures, events and findings, and the rule for
turning a list of counts into the report's figure."""

from __future__ import annotations

import re

from rasd.analysis import Analysis
from rasd.extract import Count, Event, _attribution, _event_date, _first_place, about_sentences, stated_total
from rasd.lexicon import grammar
from rasd.rules import Quantity, Rule, common_words

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


def sentences_with(an: Analysis, rule: Rule) -> list[tuple[int, int]]:
    return list(about_sentences(an, rule))


_ALSO_BEFORE = re.compile(rf"(?<![\u0621-\u064a])(?:{grammar('also')}) ?(?:ل|الي |الى |إلى |عن )?$")
_AND_ORDINAL = re.compile(r"(?<![\u0621-\u064a])و(?:ثانيه|ثالثه|رابعه|خامسه|سادسه)(?![\u0621-\u064a])")


def report_figure(an: Analysis, rule: Rule, q: Quantity, cs: list[Count]) -> Count | None:
    """The report's figure from its counts. A monthly brief states a total first. A daily item's title
    repeats its body, and a later count adds to the first only when the text says it is another one
    ("تلتها 15 شاحنة أخرى", "فيما هبطت طائرة رابعة")."""
    live = [c for c in cs if not c.recalled]
    if not live:
        return None
    if not an.daily:
        total = stated_total(an, live)
        if total is None or total.value is None:
            return total
        _, shi = an.sentence_at(total.start)
        for c in live:  # "هبطت 6 طائرات ..., إضافة إلى طائرتين من طراز C-17": one more group
            if total.start < c.start < shi and c.value is not None and _ALSO_BEFORE.search(
                    an.text, max(total.end, c.start - 16), c.start):
                total = Count(total.value + c.value, total.hedge or c.hedge, total.start, c.end)
        return total
    body = [c for c in live if not an.in_headline(c.start)] or live
    # a lone singular noun is one more of them ("هبطت طائرة شحن ... تلتها طائرتان اخريان")
    lone: list[Count] = []
    for lo, hi in sentences_with(an, rule) if q.lone_nouns else []:
        if an.in_headline(lo):
            continue
        for m in an.within(q.units, lo, hi):
            word, whole = m.group(1), m.group()
            if word.endswith("ات") or "ال" in whole[: len(whole) - len(word)] or word.startswith("ال"):
                continue
            if any(c.start <= m.start() < c.end for c in cs) or an.recalled(*an.clause_at(m.start())):
                continue
            if any(m.start() - 2 <= n.end <= m.start() for n in an.numbers_in(max(lo, m.start() - 12), m.start())):
                continue  # "تضم 70 شاحنة" counted (or denied) already: not one more truck
            if an.first(common_words("part_of", True), max(lo, m.start() - 10), m.start()):
                continue  # "ضمت 22 شاحنة بينها صهاريج وقود": some of those, not more
            lone.append(Count(1, None, m.start(1), m.end()))
    numbers = [c for c in body if c.value is not None]
    body = sorted(body + lone, key=lambda c: c.start)
    total = body[0]
    more = common_words("additional", True)
    for c in body[1:]:
        clo, chi = an.clause_at(c.start)
        # "تلتها 15 شاحنة أخرى" after the count, "قافلة أخرى ضمت 22 شاحنة" just before it
        tail = an.first(more, c.start, min(chi, c.end + 14)) or an.first(more, max(clo, c.start - 40), c.start)
        if c.value is not None and total.value is not None and tail is not None:
            total = Count(total.value + c.value, total.hedge or c.hedge, total.start, c.end)
    if total in lone and numbers:
        # a lone noun no count added to is weaker than a number: "ضم ناقلات جند مدرعة ... المؤلف من 60 شاحنة"
        total = numbers[0]
    # "هبطت طائرتا نقل ... وثالثة من طراز C-130": one more, named by its ordinal
    slo, shi = an.sentence_at(total.start)
    if total.value is not None and _AND_ORDINAL.search(an.text, total.end, min(shi, total.end + 60)):
        total = Count(total.value + 1, total.hedge, total.start, total.end)
    if total.value == 1 and not [c for c in live if not an.in_headline(c.start)]:
        return None if not live else live[0]
    return total


