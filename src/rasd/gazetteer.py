"""Places and actors found in the copy by one Aho-Corasick pass each; longest match wins.

Aliases come from `data/gazetteer/places.tsv` and `data/actors/actors.yaml`. Each alias is folded the
way the text is, and expanded with the proclitics reports glue on (و ب ل ف, and ل + ال -> لل).
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from dataclasses import dataclass

import ahocorasick

from rasd.lexicon import LexiconError, load_tsv, load_yaml
from rasd.text import fold

_PROCLITICS = ("و", "ب", "ل", "ف", "وب", "ول", "فب", "وال")
_LETTERS = frozenset(chr(c) for c in range(0x0621, 0x064B))


@dataclass(frozen=True, slots=True)
class Place:
    """A named place of the gazetteer."""

    id: str
    kind: str
    name_en: str
    admin1: str
    lat: float
    lon: float
    name_ar: str


@dataclass(frozen=True, slots=True)
class Actor:
    """A party of the contract's actor ids."""

    id: str
    name_en: str


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a place or actor is named in the copy (copy offsets; `alias` as matched, folded)."""

    start: int
    end: int
    item: Place | Actor
    alias: str


def _variants(alias: str) -> set[str]:
    base = fold(alias)
    out = {base}
    for p in _PROCLITICS:
        if p.endswith("ل") and base.startswith("ال"):
            out.add(p + base[1:])  # ل + الحسكه -> للحسكه
        out.add(p + base)
    return out


@functools.cache
def places() -> dict[str, Place]:
    """Every place of the gazetteer by id."""
    out: dict[str, Place] = {}
    for row in load_tsv("gazetteer/places.tsv"):
        try:
            p = Place(row["id"], row["kind"], row["name_en"], row["admin1"], float(row["lat"]),
                      float(row["lon"]), row["name_ar"])
        except (KeyError, TypeError, ValueError) as exc:
            raise LexiconError(f"gazetteer/places.tsv: bad row {row!r}: {exc}") from exc
        out[p.id] = p
    return out


@functools.cache
def actors() -> dict[str, Actor]:
    """Every actor by contract id."""
    doc = load_yaml("actors/actors.yaml")
    return {k: Actor(k, v["name_en"]) for k, v in doc.items()}


def _forms(entries: list[tuple[str, Place | Actor]]) -> dict[str, Place | Actor]:
    """Every surface form of the aliases; the first alias to give a form keeps it."""
    out: dict[str, Place | Actor] = {}
    for alias, item in entries:
        for form in _variants(alias):
            if form:
                out.setdefault(form, item)
    return out


@functools.cache
def _automaton() -> ahocorasick.Automaton:
    """One automaton for place names and actor names: form -> (length, form, place, actor)."""
    entries: list[tuple[str, Place | Actor]] = []
    table = places()
    for row in load_tsv("gazetteer/places.tsv"):
        place = table[row["id"]]
        for alias in [row["name_ar"], *(row.get("aliases") or "").split("|")]:
            if alias.strip():
                entries.append((alias.strip(), place))
    place_forms = _forms(entries)
    doc = load_yaml("actors/actors.yaml")
    people = actors()
    actor_forms = _forms([(f, people[k]) for k, v in doc.items() for f in v["forms"]])
    auto = ahocorasick.Automaton()
    for form in place_forms.keys() | actor_forms.keys():
        auto.add_word(form, (len(form), form, place_forms.get(form), actor_forms.get(form)))
    auto.make_automaton()
    return auto


# (start - end, start, end, item, form): sorted as they are, the longest comes first, then text order
# (two candidates of one kind never share both start and end: one form, one item)
Candidate = tuple[int, int, int, "Place | Actor", str]


def find_mentions(text: str) -> tuple[list[Mention], list[Mention]]:
    """Place names and actor names in the copy, found in one pass (see `find_places`, `find_actors`)."""
    n = len(text)
    letters = _LETTERS
    found_places: list[Candidate] = []
    found_actors: list[Candidate] = []
    for end_idx, (length, form, place, actor) in _automaton().iter(text):
        end = end_idx + 1
        start = end - length
        if (start > 0 and text[start - 1] in letters) or (end < n and text[end] in letters):
            continue
        if place is not None:
            found_places.append((start - end, start, end, place, form))
        if actor is not None:
            found_actors.append((start - end, start, end, actor, form))
    return _longest(found_places), _longest(found_actors)


def _longest(found: list[Candidate]) -> list[Mention]:
    """Longest match first, no overlaps, in text order. The matches taken so far stay sorted by start
    and never overlap, so a new one can only overlap its two neighbours."""
    found.sort()
    starts: list[int] = []
    ends: list[int] = []
    taken: list[Mention] = []
    for _, start, end, item, form in found:
        i = bisect_left(starts, start)
        if (i and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        taken.insert(i, Mention(start, end, item, form))
    return taken


def find_places(text: str) -> list[Mention]:
    """Place names in the copy, longest match first, no overlaps, in text order."""
    return find_mentions(text)[0]


@functools.cache
def _context() -> dict:  # type: ignore[type-arg]
    return load_yaml("gazetteer/context.yaml")


@functools.cache
def _switch_words(key: str) -> tuple[str, ...]:
    for rule in _context()["switch"]:
        if rule["from"] == key:
            return tuple(fold(w) for w in rule["when"])
    return ()


@functools.cache
def _switches() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Place id -> (the place it may mean instead, the words that say so), in the data file's order."""
    out: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for rule in _context()["switch"]:
        out.setdefault(rule["from"], []).append((rule["to"], _switch_words(rule["from"])))
    return out


def in_context(m: Mention, text: str, lo: int, hi: int) -> Mention:
    """The place a name means in its sentence text[lo:hi] ("معبر الوليد" near التنف is the Al-Tanf crossing)."""
    if not isinstance(m.item, Place):
        return m
    for to, words in _switches().get(m.item.id, ()):
        if any(text.find(w, lo, hi) >= 0 for w in words):
            return Mention(m.start, m.end, places()[to], m.alias)
    return m


def base_of(place: Place) -> Place:
    """The coalition base a town stands for in an attack ("1 على الشدادي")."""
    target = _context()["base_of_town"].get(place.id)
    return places()[target] if target else place


def is_vague(place: Place) -> bool:
    """Loosely named areas are kept for origins but not listed among a report's places."""
    return place.id in _context()["vague"]


def find_actors(text: str) -> list[Mention]:
    """Actor names in the copy, longest match first, no overlaps, in text order."""
    return find_mentions(text)[1]
