"""People killed, wounded and detained, with their party: "3 قتلى على الأقل من القوات الأميركية",
"مقتل سائق صهريج" (one), "عشرات الجرحى منهم" (dozens, same party), "اعتقال 3 أشخاص"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rasd.analysis import Analysis
from rasd.numbers import Number
from rasd.rules import common_words

L = "\u0621-\u064a"
_THEM = re.compile(rf"(?<![{L}])منهم(?![{L}])")


@dataclass(frozen=True, slots=True)
class Loss:
    """One stated count of people: kind is killed, wounded or detained."""

    kind: str
    value: int | None
    hedge: str | None
    start: int
    end: int
    party: str | None


def _number_after(an: Analysis, pos: int, hi: int, slack: int = 3) -> Number | None:
    for n in an.numbers:
        if pos <= n.span_start <= pos + slack and n.start < hi and n.kind != "ordinal":
            return n
    return None


def _party(an: Analysis, end: int, hi: int, previous: str | None) -> str | None:
    window = an.text[end:min(hi, end + 60)]
    m = _THEM.search(window)
    acts = [a for a in an.actors_in(end, min(hi, end + 60))]
    if m and (not acts or end + m.start() < acts[0].start):
        return previous
    return acts[0].item.id if acts else None


def losses(an: Analysis, lo: int, hi: int) -> list[Loss]:
    """Every killed/wounded/detained count stated in [lo, hi), in text order."""
    text = an.text
    found: list[Loss] = []
    nouns = {"killed": common_words("killed_nouns"), "wounded": common_words("wounded_nouns"),
             "detained": common_words("detained_nouns")}
    verbs = {"killed": common_words("killed_verbs", True), "wounded": common_words("wounded_verbs", True),
             "detained": common_words("detained_verbs", True)}
    singles = common_words("person_singulars")
    plurals = common_words("person_plurals")
    taken: set[int] = set()
    for n in an.numbers_in(lo, hi):
        if n.kind == "ordinal":
            continue
        for kind, words in nouns.items():
            m = words.re.match(text, n.end + 1) if text[n.end : n.end + 1] == " " else None
            if m is None and text[n.end : n.end + 1] == " ":
                # "3 جنود قتلى" / "7 من ... قتلى" are rare; "3 عناصر" after a verb is handled below
                continue
            if m:
                found.append(Loss(kind, n.value, n.hedge, n.span_start, m.end(), None))
                taken.add(n.start)
    for kind, words in verbs.items():
        for m in words.finditer(text, lo, hi):
            vend = m.end()
            n = _number_after(an, vend + 1, hi, slack=2)
            if n is not None and n.start not in taken:
                # the number must count people, not a date or a distance
                after = text[n.end:n.end + 30]
                if re.match(rf" ?(?:من |ال)?(?:[{L}]+ ){{0,1}}", after) is not None:
                    found.append(Loss(kind, n.value, n.hedge, m.start(), n.end, None))
                    taken.add(n.start)
                continue
            if n is None:
                s = singles.re.match(text, vend + 1)
                if s:
                    found.append(Loss(kind, 1, None, m.start(), s.end(), None))
                    continue
                p = plurals.re.match(text, vend + 1)
                v = _number_after(an, vend + 1, hi, slack=1)
                if p is None and v is None:
                    continue
    found.sort(key=lambda x: x.start)
    out: list[Loss] = []
    previous: str | None = None
    for x in found:
        party = _party(an, x.end, hi, previous)
        if party is None:
            # a party named before the count ("جنود أمريكيين ... 3 قتلى") is not attached
            party = None
        out.append(Loss(x.kind, x.value, x.hedge, x.start, x.end, party))
        previous = party or previous
    return out
