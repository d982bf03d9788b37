"""From an Analysis to the contract's figures, events and findings, one event type at a time."""

from __future__ import annotations

import re
from collections.abc import Callable

from rasd.analysis import Analysis, in_syria
from rasd.attacks import attacks
from rasd.builder import Builder, report_figure, sentences_with
from rasd.extract import Count, Result, _event_date, convoy_origin, counts, first_count, singular
from rasd.lexicon import grammar
from rasd.people import losses
from rasd.rules import Rule, common_words, other_events, rules

L = "\u0621-\u064a"


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


_TO_WORD = re.compile(rf"(?:{grammar('to_words')}) (?:(?:{grammar('base_nouns')}) )?$")
_FROM_WORD = re.compile(rf"(?:{grammar('from_words')}) (?:(?:{grammar('base_nouns')}) )?$")


_BATCH_DAY = re.compile(rf"(?: [{L}]+)? (?:في|يوم|بتاريخ) ")


def _batch_sizes(an: Analysis, total: Count) -> list:  # type: ignore[type-arg]
    """The trucks of each batch after the total, each with its day: "30 شاحنة في 25 حزيران، و40 في 29 منه"."""
    lo, hi = an.sentence_at(total.start)
    parts = []
    for n in an.numbers_in(total.end, hi):
        if n.value is None or n.kind == "ordinal":
            continue
        m = _BATCH_DAY.match(an.text, n.end)
        if m and any(r.ref.start == m.end() and r.ref.day is not None for r in an.dates_in(m.end(), m.end() + 1)):
            parts.append(n)
    return parts


def _kind_sizes(an: Analysis, rule: Rule, total: Count) -> tuple[list, bool]:  # type: ignore[type-arg]
    """The vehicles of each kind or base after the total: "45 آلية، بينها 30 ناقلة جند و15 صهريجاً" (some of
    them: only a sum equal to the total tells), "توزعت على قاعدتي الشدادي (30 شاحنة) وقسرك (20 شاحنة)"
    (all of them: any sum tells). Returns the parts and whether they cover the whole."""
    _, hi = an.segment_at(total.start)
    among = an.first(common_words("part_of", True), total.end, min(hi, total.end + 14))
    spread = None if among else an.first(common_words("distributed", True), total.end, min(hi, total.end + 90))
    start = among or spread
    if start is None:
        return [], False
    unit = rule.quantities["vehicles"].unit_after
    parts = [n for n in an.numbers_in(start.end(), min(hi, start.end() + 80))
             if n.value is not None and n.kind != "ordinal" and unit.match(an.text, n.end)]
    return parts, spread is not None


def convoys(b: Builder) -> None:
    an, rule = b.an, rules()["reinforcement_convoy"]

    def entering(c: Count) -> bool:  # "..., في حين نقلت 25 شاحنة من قاعدة الشدادي": only that part moves
        return not _between_bases(an, *an.segment_at(c.start))

    vehicles = _quantity_figure(b, rule, "vehicles", allow_single=False, keep=entering)
    # a title's "قافلتان" names the convoys the body tells one by one: no stated batch count
    batches = _quantity_figure(b, rule, "batches", allow_single=False,
                               keep=lambda c: entering(c) and not an.in_headline(c.start))
    anchors = [c for c in (vehicles, batches) if c is not None]
    if not anchors:
        return
    # every sentence that counts this period's convoys, and a next one that lists their days
    counted = [c for q in rule.quantities.values() for c in counts(an, rule, q) if not c.recalled and entering(c)]
    spans = sorted({an.sentence_at(c.start) for c in counted} | {an.sentence_at(c.start) for c in anchors})
    for i, s in enumerate(an.sentences[:-1]):
        nxt = an.sentences[i + 1]
        if s not in spans or nxt in spans:
            continue
        opens_with_days = any(r.ref.day is not None and r.ref.start <= nxt[0] + 3 for r in an.dates_in(*nxt)) \
            or (an.heading_of(nxt[0]) is not None and an.heading_of(nxt[0]) == an.heading_of(s[0]))
        if (an.first(rule.context, *nxt) or opens_with_days) and any(
                r.ref.day is not None or r.ref.relative_day is not None for r in an.dates_in(*nxt)) \
                and not an.recalled(*nxt) \
                and not an.has(rule.blockers, *nxt):
            spans.append(nxt)
    spans.sort()
    dates: list = []
    listed = 0
    told: list = []  # "فيما دخلت الثانية صباح اليوم وتألفت من 25 شاحنة": a counted batch's own relative day
    for lo, hi in spans:
        if an.in_headline(lo):
            continue
        refs = [r for r in an.dates_in(lo, hi) if r.ref.day is not None and r.ref.range_part is None
                and not an.recalled(*an.clause_at(r.ref.start))]
        listed += len(refs)
        dates += [r.date for r in refs if r.date is not None]
        told += [r.date for r in an.dates_in(lo, hi) if r.ref.relative_day is not None and r.date is not None
                 and any(an.segment_at(c.start) == an.segment_at(r.ref.start) for c in counted)]
    if dates and an.daily:
        dates += told
    if not dates and an.daily:
        # days the sentences give themselves ("مساء أمس"); the dateline or the publication day only when
        # none does (a second source's sentence on the same convoy adds no day of its own)
        for lo, hi in spans:
            if not an.in_headline(lo) and any(r.date is not None and (r.ref.day or r.ref.relative_day is not None)
                                              for r in an.dates_in(lo, hi)):  # not "خلال كانون الثاني الجاري"
                dates += _event_date(an, lo, hi)[2]
        if not dates:  # "عبر رتل ... مساء أمس السبت" before the sentence that counts it
            for lo, hi in sentences_with(an, rule):
                if (not an.in_headline(lo) and not an.recalled(lo, hi) and not an.has(rule.blockers, lo, hi)
                        and any(r.date is not None for r in an.dates_in(lo, hi))):
                    dates = _event_date(an, lo, hi)[2]
                    break
        if not dates:
            dates = _event_date(an, *spans[0])[2]
    b.figures["convoy_dates"] = sorted({d.isoformat() for d in dates}) or None
    origin_spans = spans + [s for s in sentences_with(an, rule) if s not in spans and not an.recalled(*s)
                            and not an.has(rule.blockers, *s)]
    origin = convoy_origin(an, spans) or convoy_origin(an, origin_spans, loose=True)
    if origin and "crossing" in origin:
        # "قادماً من إقليم كردستان ... وعبر من منفذ الوليد": where it came from, before the way it came
        region = [o for o in (convoy_origin(an, [s]) for s in origin_spans)
                  if o and not any(w in o for w in ("crossing", "territory", "border"))]
        origin = region[0] if region else origin
    b.figures["convoy_origin"] = origin
    lo, hi = an.sentence_at(anchors[0].start)
    dest = None
    # where the convoy went: in its sentence, else in the next one ("...، وتوجهت إلى قاعدة الشدادي")
    following = [s for s in an.sentences if s[0] >= hi][:1]
    for slo, shi in [(lo, hi), *following]:
        inside = [p for p in an.places_in(slo, shi) if in_syria(p.item) and p.item.kind not in ("crossing", "region")]
        # a place the convoy went to ("واتجهت إلى قاعدة قسرك") beats a dateline's town ("الحسكة – دخلت")
        towards = [p for p in inside if _TO_WORD.search(an.text, max(slo, p.start - 8), p.start)]
        dest = (towards or inside or [None])[0]
        if dest is not None or an.recalled(slo, shi):
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
    if vehicles is not None and vehicles.value is not None:
        parts = _batch_sizes(an, vehicles)
        if len(parts) >= 2:  # "150 شاحنة على 5 دفعات: 30 شاحنة في 25 حزيران، و40 في 29 منه، ..."
            s = sum(n.value or 0 for n in parts)
            b.finding("breakdown_consistent" if s == vehicles.value else "breakdown_mismatch",
                      f"convoy vehicles: stated {vehicles.value}, the batches add up to {s}",
                      [(vehicles.start, vehicles.end)] + [(n.span_start, n.end) for n in parts],
                      figure="convoy_vehicles", stated=vehicles.value, sum=s)
        kinds, whole = _kind_sizes(an, rule, vehicles)
        s = sum(n.value or 0 for n in kinds)
        if len(parts) < 2 and len(kinds) >= 2 and (s == vehicles.value or whole):
            b.finding("breakdown_consistent" if s == vehicles.value else "breakdown_mismatch",
                      f"convoy vehicles: stated {vehicles.value}, the parts add up to {s}",
                      [(vehicles.start, vehicles.end)] + [(n.span_start, n.end) for n in kinds],
                      figure="convoy_vehicles", stated=vehicles.value, sum=s)
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


def _others_strikes(an: Analysis, rule: Rule, lo: int, hi: int) -> bool:
    """Strikes someone else carried out: a blocker next to the strike words ("شنت الطائرات الروسية غارات",
    "غارات تركية"), not anywhere in the sentence ("ضربات ... في مناطق كانت تحت سيطرة القوات الروسية")."""
    hits = an.within(rule.context, lo, hi)
    first = hits[0].start() if hits else hi
    return any(b.start() < first or any(0 <= b.start() - h.start() <= 30 for h in hits)
               for b in an.within(rule.blockers, lo, hi))


def airstrikes(b: Builder) -> None:
    an, rule = b.an, rules()["airstrike"]
    rounds = _quantity_figure(b, rule, "rounds", allow_single=True,  # "ردت بموجة من الغارات" is one round
                              keep=lambda c: not _abroad(an, *an.clause_at(c.start)))
    killed_total: int | None = None
    hedge = None
    spans: list[tuple[int, int]] = []
    headline: list = []
    others = -2  # the sentence that named someone else's strikes ("المقاتلات التركية"), by its index
    coalition = {"coalition", "us_forces"}
    index = {s: i for i, s in enumerate(an.sentences)}
    total_words, stated_killed = common_words("total_words"), False
    about = sentences_with(an, rule)
    toll = rule.words("results", prefix=True)  # "الحصيلة في الجانب السوري: مقتل 18" on the line after the strikes
    told = [an.sentences[index[s] + 1] for s in about if index[s] + 1 < len(an.sentences)
            and an.sentences[index[s] + 1] not in about
            and an.first(toll, an.sentences[index[s] + 1][0], an.sentences[index[s] + 1][0] + 12)]
    for lo, hi in sorted(set(about) | set(told)):
        if _others_strikes(an, rule, lo, hi):
            others = index.get((lo, hi), -2)
            continue
        if index.get((lo, hi)) == others + 1 and not any(a.item.id in coalition for a in an.actors_in(lo, hi)):
            continue  # "وقالت الإدارة الذاتية إن الغارات أدت إلى مقتل 12 مدنياً": those strikes, said next
        others = -2
        for x in losses(an, lo, hi):
            if x.kind != "killed" or x.value is None:
                continue
            clo, chi = an.clause_at(x.start)
            head = an.heading_of(x.start)  # "4. الضربات الجوية" above "- القتلى: 37"
            seg = an.segment_at(x.start)
            if an.recalled(clo, chi) or _abroad(an, *seg) or not (an.first(rule.context, *seg) or (lo, hi) in told
                                             or (head is not None and an.first(rule.context, *head))):
                continue
            if an.in_headline(x.start):
                headline.append(x)
                continue
            if an.first(total_words, max(lo, x.start - 12), x.start):
                stated_killed = True  # "بمجموع 14 قتيلاً": the parts above were already this total
                killed_total, hedge, spans = x.value, x.hedge, [(x.start, x.end)]
                continue
            if stated_killed:
                continue
            killed_total = (killed_total or 0) + x.value
            hedge = hedge or x.hedge
            spans.append((x.start, x.end))
    if killed_total is None and headline:  # a title repeats its body; alone, it is the report
        killed_total, hedge = sum(x.value or 0 for x in headline), headline[0].hedge
        spans = [(x.start, x.end) for x in headline]
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
    """Whether a sentence continues the one before with its results ("وأسفرت العمليات عن اعتقال 3",
    "وقالت قسد في بيان إن العملية أسفرت عن اعتقال 3")."""
    head = an.first(rule.words("results", prefix=True), lo, min(hi, lo + 70))  # after "وبحسب المركز الإعلامي لقسد،"
    attack = an.first(rules()["attack"].context, lo, hi)
    return head is not None and (attack is None or head.start() < attack.start())


_ROW = re.compile(r"[^\n:|]{1,30}[:|] ?[^\n:|]{1,25}")


def _loss_row(an: Analysis, lo: int, hi: int) -> bool:
    """A table row under the operations' row: "المعتقلون: 47", "القتلى: 5"."""
    if not _ROW.fullmatch(an.text, lo, hi):
        return False
    return any(an.first(common_words(f"{k}_nouns"), lo, min(hi, lo + 14)) for k in ("detained", "killed"))


def _abroad(an: Analysis, lo: int, hi: int) -> bool:
    """A sentence about somewhere else: it names places and none of them is in Syria ("غارات أميركية على
    مواقع في منطقة القائم غربي الأنبار", "عملية في صحراء الأنبار"). Regions and crossings are where
    convoys come from, not where things happen."""
    found = [p for p in an.places_in(lo, hi) if p.item.kind not in ("region", "crossing")]
    return bool(found) and not any(in_syria(p.item) for p in found)


def joint_operations(b: Builder) -> None:
    an, rule = b.an, rules()["joint_operation"]
    spans = [(lo, hi) for lo, hi in sentences_with(an, rule) if _joint(an, rule, lo, hi) and not _abroad(an, lo, hi)]
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
    for lo, hi in an.sentences_naming(campaign):
        if not an.negated(lo, hi):
            raid_spans.add((lo, hi))
            b.event("arrest_campaign", lo, hi, initiator="coalition")  # type: ignore[arg-type]
    for i, (lo, hi) in enumerate(an.sentences[:-1]):
        nxt = an.sentences[i + 1]
        if (lo, hi) in raid_spans and (_results_follow(an, rule, *nxt) or _loss_row(an, *nxt)):
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
            if not an.daily and row[0] is not None and not x.joined:
                continue  # a monthly brief states its total once; later mentions repeat or detail it
            if row[0] is not None and not x.joined and _other_source(an, lo):
                continue  # "بينما قالت شبكة محلية إن القوة اعتقلت 3 فقط": another source's number (a finding)
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
        for lo, hi in an.sentences_naming(words):
            if not an.negated(lo, hi):
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


def approximate(b: Builder) -> None:
    """"أعداد الشاحنات والطائرات الواردة أعلاه تقريبية": the figures of the nouns named are `about`."""
    an = b.an
    words = common_words("approximate", True)
    for lo, hi in an.sentences_naming(words):
        sentence = an.text[lo:hi]
        for rule in rules().values():
            for q in rule.quantities.values():
                named = any(re.search(rf"(?<![{L}])(?:ال)?{re.escape(u)}(?![{L}])", sentence) for u in q.units.forms)
                if named and b.figures.get(q.figure) is not None and q.figure not in b.qualifiers:
                    b.qualifiers[q.figure] = "about"


def _other_source(an: Analysis, lo: int) -> bool:
    """A sentence that opens by setting another source against the one before ("بينما قالت", "في المقابل،
    أفادت")."""
    opening = an.first(common_words("other_source", True), lo, lo + 16)
    return opening is not None and an.first(common_words("source_says", True), lo, lo + 40) is not None


def _sourced(an: Analysis, says: object, pos: int) -> bool:
    """Whether the sentence at `pos` says who reports it before the count ("قالت شبكة ... إن")."""
    return an.first(says, an.sentence_at(pos)[0], pos) is not None  # type: ignore[arg-type]


def sources_disagree(b: Builder) -> None:
    """"أفاد موقع الخابور بدخول 35 شاحنة ... بينما قالت شبكة عين الفرات إن القافلة ضمت 42": a daily item
    that reports another source's different count for its figure. The first count stays the figure."""
    an = b.an
    if not an.daily:
        return
    says, more = common_words("source_says", True), common_words("additional", True)
    part = common_words("part_of", True)
    for rule in rules().values():
        for q in rule.quantities.values():
            value = b.figures.get(q.figure)
            if not isinstance(value, int):
                continue
            cs = [c for c in counts(an, rule, q) if not c.recalled and not an.in_headline(c.start)]
            first = next((c for c in cs if c.value == value), None)
            if first is None or not _sourced(an, says, first.start):
                continue
            for c in cs:
                clo, chi = an.clause_at(c.start)
                slo, shi = an.sentence_at(c.start)
                if (c.value in (None, value) or (slo, shi) == an.sentence_at(first.start)
                        or not _sourced(an, says, c.start) or an.first(more, clo, chi)
                        or an.first(part, clo, c.start)
                        or any(not in_syria(p.item) for p in an.places_in(slo, shi))):
                    continue
                b.finding("sources_disagree", f"{q.figure}: {value} in one source, {c.value} in another",
                          [(c.start, c.end)], figure=q.figure, values=[value, c.value])
                break
    _losses_disagree(b, says)


# the figures read from losses, by the rule whose sentences tell them
_LOSS_FIGURES = (("airstrike_killed", "airstrike", "killed"),
                 ("joint_operations_detained", "joint_operation", "detained"),
                 ("joint_operations_killed", "joint_operation", "killed"))
_DEFENDING = frozenset({"us_forces", "coalition", "sdf"})  # their losses are an attack's, not a strike's or raid's


def _losses_disagree(b: Builder, says: object) -> None:
    """"قُتل 29 بحسب المرصد ... في المقابل، قالت شبكة محلية إن عدد القتلى بلغ 23": the first stays the figure,
    the other source's number is shown as a finding."""
    an = b.an
    if not an.daily:
        return
    for figure, _rule, kind in _LOSS_FIGURES:
        value = b.figures.get(figure)
        if not isinstance(value, int):
            continue
        found = [(x, s) for s in an.sentences for x in losses(an, *s) if x.kind == kind and x.value is not None
                 and x.party not in _DEFENDING and not x.joined and not an.recalled(*an.clause_at(x.start))
                 and not an.in_headline(x.start)]
        first = next(((x, s) for x, s in found if x.value == value), None)
        if first is None or not an.first(says, *first[1]):  # type: ignore[arg-type]
            continue  # "... إلى 29 قتيلاً، بحسب المرصد": a source of its own, before or after
        for x, s in found:
            if x.value != value and s != first[1] and _sourced(an, says, x.start) \
                    and not any(not in_syria(p.item) for p in an.places_in(*s)):
                b.finding("sources_disagree", f"{figure}: {value} in one source, {x.value} in another",
                          [(x.start, x.end)], figure=figure, values=[value, x.value])
                break


STAGES = (convoys, airlifts, attacks, airstrikes, trainings, joint_operations, other, date_findings, approximate,
          sources_disagree)


def build(an: Analysis) -> Result:
    """Run every stage over the analysis."""
    b = Builder(an)
    for stage in STAGES:
        stage(b)
    return Result(an, b.figures, b.qualifiers, b.events, b.findings)
