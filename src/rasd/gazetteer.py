"""Places and actors found in the copy by one Aho-Corasick pass each; longest match wins.

Aliases come from `data/gazetteer/places.tsv` and `data/actors/actors.yaml`. Each alias is folded the
way the text is, and expanded with the proclitics reports glue on (و ب ل ف, and ل + ال -> لل).
"""

from __future__ import annotations

import functools
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


def _build(entries: list[tuple[str, Place | Actor]]) -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for alias, item in entries:
        for form in _variants(alias):
            if form and form not in auto:
                auto.add_word(form, (len(form), form, item))
    auto.make_automaton()
    return auto


@functools.cache
def _place_automaton() -> ahocorasick.Automaton:
    entries: list[tuple[str, Place | Actor]] = []
    table = places()
    for row in load_tsv("gazetteer/places.tsv"):
        place = table[row["id"]]
        for alias in [row["name_ar"], *(row.get("aliases") or "").split("|")]:
            if alias.strip():
                entries.append((alias.strip(), place))
    return _build(entries)


@functools.cache
def _actor_automaton() -> ahocorasick.Automaton:
    doc = load_yaml("actors/actors.yaml")
    table = actors()
    return _build([(f, table[k]) for k, v in doc.items() for f in v["forms"]])


def _scan(auto: ahocorasick.Automaton, text: str) -> list[Mention]:
    found = []
    n = len(text)
    for end_idx, (length, form, item) in auto.iter(text):
        start, end = end_idx - length + 1, end_idx + 1
        if start > 0 and text[start - 1] in _LETTERS:
            continue
        if end < n and text[end] in _LETTERS:
            continue
        found.append(Mention(start, end, item, form))
    found.sort(key=lambda m: (-(m.end - m.start), m.start))
    used = bytearray(n + 1)
    taken: list[Mention] = []
    for m in found:
        if not any(used[m.start:m.end]):
            used[m.start:m.end] = b"\x01" * (m.end - m.start)
            taken.append(m)
    taken.sort(key=lambda m: m.start)
    return taken


def find_places(text: str) -> list[Mention]:
    """Place names in the copy, longest match first, no overlaps, in text order."""
    return _scan(_place_automaton(), text)


@functools.cache
def _context() -> dict:  # type: ignore[type-arg]
    return load_yaml("gazetteer/context.yaml")


@functools.cache
def _switch_words(key: str) -> tuple[str, ...]:
    for rule in _context()["switch"]:
        if rule["from"] == key:
            return tuple(fold(w) for w in rule["when"])
    return ()


def in_context(m: Mention, sentence: str) -> Mention:
    """The place a name means in its sentence ("معبر الوليد" near التنف is the Al-Tanf crossing)."""
    if not isinstance(m.item, Place):
        return m
    for rule in _context()["switch"]:
        if rule["from"] == m.item.id and any(w in sentence for w in _switch_words(m.item.id)):
            return Mention(m.start, m.end, places()[rule["to"]], m.alias)
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
    return _scan(_actor_automaton(), text)
