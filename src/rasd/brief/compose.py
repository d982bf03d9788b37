"""The brief's text: sections in the seed's order, each a list of paragraphs made of plain text and
figures (which the HTML links to their evidence). Words come from `data/brief/{ar,en}.yaml`; counts from
`numerals.py` (Arabic agreement) or the English noun table. Sections with no data are left out."""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from rasd.brief import numerals
from rasd.brief.month import Month
from rasd.gazetteer import places
from rasd.lexicon import load_yaml


@dataclass(frozen=True)
class Fig:
    """A figure as written in the brief, linked to the evidence of `name`."""

    name: str
    text: str


Part = str | Fig
Paragraph = list[Part]


@dataclass
class Section:
    key: str
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Brief:
    lang: str
    dir: str
    title: str
    subtitle: str
    sections: list[Section]
    month: Month


@cache
def words(lang: str) -> dict[str, Any]:
    """The brief's words in one language."""
    if lang not in ("ar", "en"):
        raise ValueError(f"unknown brief language {lang!r} (ar or en)")
    return load_yaml(f"brief/{lang}.yaml")


def fill(template: str, **values: Part | Paragraph | None) -> Paragraph:
    """A template with its placeholders replaced; figures stay figures, so the HTML can link them."""
    out: Paragraph = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal:
            out.append(literal)
        if name:
            v = values[name]
            if isinstance(v, list):
                out.extend(v)
            elif v is not None:
                out.append(v)
    return out


class Writer:
    """Writes counts, dates, places and actors in one language."""

    def __init__(self, lang: str, *, gulf_months: bool = False) -> None:
        self.lang = lang
        self.w = words(lang)
        self.month_names = self.w["months"]["gulf" if gulf_months else "levantine"]

    def count(self, n: int | None, noun: str, hedge: str | None = None, *, prefix: str = "") -> str:
        spec = self.w["nouns"][noun]
        if self.lang == "ar":
            text = numerals.hedged(n, spec["word"], hedge, oblique=bool(spec.get("oblique") or prefix),
                                   complement=spec.get("complement"))
            if prefix:
                text = (prefix + "ـ" if text[0].isdigit() else prefix) + text
            return text
        h = self.w["hedges"].get(hedge or "", {})
        if n is None:
            return f"{h.get('vague', 'some')} {spec['many']}"
        text = f"{n} {spec['one'] if n == 1 else spec['many']}"
        return f"{h['before']} {text}" if h.get("before") else text

    def date(self, d: date, *, year: bool = True) -> str:
        text = f"{d.day} {self.month_names[d.month - 1]}"
        return f"{text} {d.year}" if year else text

    def date_list(self, days: list[date]) -> str:
        """Days grouped by month as the seed writes them: "26 و27 كانون الثاني، و5 و6 من شباط"."""
        groups: list[list[date]] = []
        for d in days:
            if groups and (groups[-1][0].year, groups[-1][0].month) == (d.year, d.month):
                groups[-1].append(d)
            else:
                groups.append([d])
        if self.lang == "en":  # "25, 28 and 31 January and 4, 8 and 13 February"
            return " and ".join(f"{self.join([str(d.day) for d in g])} {self.month_names[g[0].month - 1]}"
                                for g in groups)
        parts = []
        for i, g in enumerate(groups):
            ds = self.w["and"].join(str(d.day) for d in g)
            name = self.month_names[g[0].month - 1]
            if i and i == len(groups) - 1 and self.w["last_month_of"]:
                parts.append(f"{self.w['and'].strip()}{ds} {self.w['last_month_of']} {name}")
            elif i:
                parts.append(f"{self.w['and'].strip()}{ds} {name}")
            else:
                parts.append(f"{ds} {name}")
        return self.w["month_sep"].join(parts)

    def place(self, name_en: str | None, name_ar: str | None = None) -> str | None:
        if not name_en:
            return name_ar
        if self.lang == "en":
            return name_en
        for p in places().values():
            if p.name_en == name_en:
                ar = p.name_ar
                return ar if p.kind != "base" or ar.startswith("قاعدة") else f"قاعدة {ar}"
        return name_ar or name_en

    def actor(self, actor_id: str | None) -> str | None:
        return self.w["actors"].get(actor_id) if actor_id else None

    def join(self, items: list[str]) -> str:
        items = [x for x in items if x]
        if len(items) <= 1:
            return "".join(items)
        return self.w["list_sep"].join(items[:-1]) + self.w["and"] + items[-1]


def _places(m: Month, w: Writer, *types: str, skip: tuple[str, ...] = ()) -> str | None:
    seen: list[str] = []
    for e in m.of_type(*types):
        name = w.place(e.get("place_name_en"), e.get("place_name_ar"))
        if name and name not in seen and e.get("place_name_en") not in skip:
            seen.append(name)
    return w.join(seen[:4]) or None


def _convoys(m: Month, w: Writer) -> list[Paragraph]:
    t, f, q = w.w["convoy"], m.figures, m.qualifiers
    if not any(m.has(k) for k in ("convoy_vehicles", "convoy_batches", "convoy_dates")):
        return []
    p: Paragraph = []
    if m.has("convoy_vehicles"):
        p += fill(t["main"], vehicles=Fig("convoy_vehicles", w.count(f["convoy_vehicles"], "truck",
                                                                        q.get("convoy_vehicles"))))
    else:
        p.append(t["no_vehicles"])
    if m.has("convoy_origin"):
        origin = w.w["origins"].get(f["convoy_origin"]) or w.place(f["convoy_origin"]) or f["convoy_origin"]
        p += fill(t["origin"], origin=Fig("convoy_origin", origin))
    if m.has("convoy_batches"):
        p += fill(t["batches"], batches=Fig("convoy_batches", w.count(f["convoy_batches"], "batch",
                                                                       q.get("convoy_batches"))))
    if m.has("convoy_dates"):
        days = [date.fromisoformat(d) for d in f["convoy_dates"]]
        p += fill(t["dates" if len(days) > 1 else "date"], dates=Fig("convoy_dates", w.date_list(days)))
    dest = _places(m, w, "reinforcement_convoy", skip=("Iraqi Kurdistan Region",))
    if dest:
        p += fill(t["destinations"], places=dest)
    return [p + [t["end"]]]


def _one_count(m: Month, w: Writer, section: str, figure: str, noun: str, slot: str,
               extra: tuple[str, str, str | None]) -> list[Paragraph]:
    """A section that states one count and, when known, one more thing (where, with whom)."""
    if not m.has(figure):
        return []
    t = w.w[section]
    p = fill(t["main"], **{slot: Fig(figure, w.count(m.figures[figure], noun, m.qualifiers.get(figure)))})
    key, name, value = extra
    if value:
        p += fill(t[key], **{name: value})
    return [p + [t["end"]]]


def _airlifts(m: Month, w: Writer) -> list[Paragraph]:
    return _one_count(m, w, "airlift", "cargo_aircraft", "aircraft", "aircraft",
                      ("destinations", "places", _places(m, w, "reinforcement_airlift")))


def _attacks(m: Month, w: Writer) -> list[Paragraph]:
    t, f = w.w["attacks"], m.figures
    out: list[Paragraph] = []
    if m.has("attacks_total"):
        p = fill(t["total"], attacks=Fig("attacks_total", w.count(f["attacks_total"], "attack",
                                                                   m.qualifiers.get("attacks_total"))))
        if m.has("attacker"):
            p += fill(t["attacker"], attacker=Fig("attacker", w.actor(f["attacker"]) or f["attacker"]))
        out.append(p + [t["end"]])
    if m.has("attacks_by_target"):
        parts = t["part_sep"].join(t["part"].format(count=x["count"], base=w.place(x["name_en"]))
                                   for x in f["attacks_by_target"])
        key = "breakdown" if m.has("attacks_total") else "breakdown_only"
        out.append(fill(t[key], parts=Fig("attacks_by_target", parts)))
    return out


def _casualties(m: Month, w: Writer) -> list[Paragraph]:
    if not m.has("casualties"):
        return []
    t = w.w["casualties"]
    p: Paragraph = [t["intro"]]
    for i, c in enumerate(m.figures["casualties"]):
        party = w.actor(c["party"]) or c["party"]
        if i:
            p.append(t["party_sep"])
        killed = c.get("killed") is not None or c.get("killed_approx") in ("dozens", "several")
        wounded = c.get("wounded") is not None or c.get("wounded_approx") in ("dozens", "several")
        if killed:
            p += fill(t["killed"], killed=Fig("casualties", w.count(c.get("killed"), "killed",
                                                                     c.get("killed_approx"))), party=party)
        if wounded:
            if killed:
                p.append(t["and"])
            key = "wounded_same" if killed else "wounded"
            p += fill(t[key], wounded=Fig("casualties", w.count(c.get("wounded"), "wounded",
                                                                 c.get("wounded_approx"))), party=party)
    return [p + [t["end"]]]


def _airstrikes(m: Month, w: Writer) -> list[Paragraph]:
    t, f, q = w.w["airstrikes"], m.figures, m.qualifiers
    place = _places(m, w, "airstrike")
    if m.has("airstrike_rounds"):
        prefix = "ب" if w.lang == "ar" else ""
        p = fill(t["rounds"], rounds=Fig("airstrike_rounds", w.count(f["airstrike_rounds"], "round",
                                                                      q.get("airstrike_rounds"), prefix=prefix)))
        if place:
            p += fill(t["place"], place=place)
        if m.has("airstrike_killed"):
            p += fill(t["killed"], killed=Fig("airstrike_killed", w.count(f["airstrike_killed"], "killed",
                                                                          q.get("airstrike_killed"))))
        return [p + [t["end"]]]
    if m.has("airstrike_killed"):
        return [fill(t["killed_only"], killed=Fig("airstrike_killed", w.count(
            f["airstrike_killed"], "killed", q.get("airstrike_killed")))) + [t["end"]]]
    return []


def _partner(m: Month, w: Writer, etype: str) -> str | None:
    for e in m.of_type(etype):
        if e.get("partner"):
            return w.actor(e["partner"])
    return None


def _trainings(m: Month, w: Writer) -> list[Paragraph]:
    return _one_count(m, w, "trainings", "trainings", "training", "trainings",
                      ("partner", "partner", _partner(m, w, "training_exercise")))


def _joint_operations(m: Month, w: Writer) -> list[Paragraph]:
    t, f, q = w.w["joint_operations"], m.figures, m.qualifiers
    results: Paragraph = []
    if m.has("joint_operations_detained"):
        results += fill(t["detained"], detained=Fig("joint_operations_detained", w.count(
            f["joint_operations_detained"], "person", q.get("joint_operations_detained"))))
    if m.has("joint_operations_killed"):
        if results:
            results.append(t["and"])
        key = "killed_of" if m.has("joint_operations_detained") else "killed"
        results += fill(t[key], killed=Fig("joint_operations_killed", w.count(
            f["joint_operations_killed"], "person", q.get("joint_operations_killed"))))
    attribution = None
    for e in m.of_type("joint_operation"):
        if e.get("attribution"):
            src = w.w["attributions"].get(e["attribution"], e["attribution"] if w.lang == "en" else None)
            attribution = t["attribution"].format(source=src) if src else None
            break
    if m.has("joint_operations"):
        p = fill(t["main"], operations=Fig("joint_operations", w.count(f["joint_operations"], "operation",
                                                                        q.get("joint_operations"))))
        partner = _partner(m, w, "joint_operation")
        if partner:
            p += fill(t["partner"], partner=partner)
        if results:
            p += fill(t["results"], attribution=attribution, results=results)
        return [p + [t["end"]]]
    if results:
        return [fill(t["results_only"], attribution=attribution, results=results) + [t["end"]]]
    return []


def _other(m: Month, w: Writer) -> list[Paragraph]:
    t = w.w["other"]
    out: list[Paragraph] = []
    for e in m.of_type("arrest_campaign", "patrol", "base_construction", "withdrawal"):
        when = t["when"].format(date=w.date(e["date"], year=False)) if e.get("date") else ""
        place = w.place(e.get("place_name_en"), e.get("place_name_ar"))
        where = t["where"].format(place=place) if place else ""
        out.append([t[e["type"]].format(when=when, where=where)])
    return out


def _consistency(m: Month, w: Writer) -> list[Paragraph]:
    """One line per kind of finding, naming the figures it concerns (no numbers: the brief's text must
    read back as the month's figures alone)."""
    t = w.w["consistency"]
    figures: dict[str, list[str]] = {}
    for f in m.findings:
        names = figures.setdefault(f["kind"], [])
        name = w.w["figures"].get(f.get("figure") or "", f.get("figure"))
        if name and name not in names:
            names.append(name)
    out: list[Paragraph] = []
    for kind, names in figures.items():
        text = t.get(kind, t["other"])
        out.append([f"{text} ({t['figure']}: {w.join(names)})" if names else text])
    return out or [[t["none"]]]


SECTIONS = (("convoys", _convoys), ("airlifts", _airlifts), ("attacks", _attacks), ("casualties", _casualties),
            ("airstrikes", _airstrikes), ("trainings", _trainings), ("joint_operations", _joint_operations),
            ("other", _other), ("consistency", _consistency))


def compose(m: Month, lang: str = "ar", *, gulf_months: bool = False) -> Brief:
    """The brief of one month in one language."""
    w = Writer(lang, gulf_months=gulf_months)
    start, end = w.date(m.period_start), w.date(m.period_end)
    head = Section("headline", w.w["sections"]["headline"],
                   [fill(w.w["headline"], month=str(m.number), start=start, end=end)])
    sections = [head]
    for key, make in SECTIONS:
        paragraphs = make(m, w)
        if paragraphs:
            sections.append(Section(key, w.w["sections"][key], paragraphs))
    return Brief(lang, w.w["dir"], w.w["title"].format(month=m.number),
                 w.w["subtitle"].format(start=start, end=end), sections, m)
