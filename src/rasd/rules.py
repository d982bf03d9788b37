"""Rules as data: each `data/rules/<type>.yaml` says which words make a sentence about an event and
which words make a number a count of it. This module loads them and turns word lists into matchers.

Rule keys (a small closed set; unknown keys are an error):
  type, initiator, initiator_default, target, partner_default  - what the event is and who takes part
  context      - the sentence must name one of these
  requires     - ... and one of these (e.g. an attack's target being the coalition)
  blockers     - a count whose clause names one of these is not this event (word prefixes)
  quantities   - name -> {figure, units, duals, singulars, sum_joined}: a number right before a unit
  event_phrases, partners, breakdown_links, target_kinds, attackers, short_window - named checks
  examples, counter_examples - run by the test suite
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from rasd.lexicon import LexiconError, load_yaml, trie_pattern
from rasd.text import fold

L = "\u0621-\u064a"
PROCLITIC = "(?:[وفبل]|وب|ول|فب|بال|وال|فال|لل|ال)?"

RULE_FILES = ("convoy", "airlift", "attack", "airstrike", "training", "joint_operation")
RULE_KEYS = {
    "type", "initiator", "initiator_default", "target", "partner_default", "context", "blockers",
    "quantities", "event_phrases", "partners", "breakdown_links", "target_kinds", "attackers",
    "short_window", "locators", "inner_locators", "unknown_attacker", "claim_words", "same_attacker", "retold",
    "other_targets", "distribution", "origins", "requires", "joint_words", "results", "examples", "counter_examples",
    "adjectives", "retold_duals", "claimed_after",
}
QUANTITY_KEYS = {"figure", "units", "duals", "singulars", "sum_joined", "lone_nouns"}


_PROCLITICS = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "بال", "وال", "فال", "لل", "ال")
_LETTERS = frozenset(chr(c) for c in range(0x0621, 0x064B))


_REGISTRY: list[Words] = []
_SHARED: list[object] = [0, None]  # how many lists the automaton has, the automaton
_KEYS: dict[str, list[tuple[int, int, bool]]] = {}  # key -> (list id, proclitic length, prefix) of each list

# one automaton key's payload: its length, then (list id, proclitic length) for every list that has
# it, and for the lists that take it as a prefix only (those need no word boundary after it)
Payload = tuple[int, tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]


def _shared_automaton() -> ahocorasick.Automaton | None:
    """The automaton of every registered word list. Lists made since it was last built add their keys
    to it (the payloads of the keys they share with older lists are replaced), so a list made by the
    rules after the first report costs one pass over its own keys, not a rebuild of all."""
    done = int(_SHARED[0])  # type: ignore[call-overload]
    if done != len(_REGISTRY):
        auto = _SHARED[1] if _SHARED[1] is not None else ahocorasick.Automaton()
        changed: set[str] = set()
        for w in _REGISTRY[done:]:
            for key, plen in w.keys().items():
                _KEYS.setdefault(key, []).append((w.id, plen, w.prefix))
                changed.add(key)
        for key in changed:
            entries = _KEYS[key]
            every = tuple((wid, plen) for wid, plen, _ in entries)
            auto.add_word(key, (len(key), every, tuple((wid, plen) for wid, plen, pre in entries if pre)))
        if _KEYS:
            auto.make_automaton()
        _SHARED[0], _SHARED[1] = len(_REGISTRY), auto if _KEYS else None
    return _SHARED[1]  # type: ignore[return-value]


def scan_all(text: str) -> tuple[int, dict[int, list[tuple[int, int, int]]]]:
    """One Aho-Corasick pass for every word list at once: list id -> (start, proclitic, end) hits that
    are whole words (a prefix list's hits need no boundary after them), in the order of their ends.
    Returns how many lists the pass covers (lists made later are scanned on their own)."""
    auto = _shared_automaton()
    out: dict[int, list[tuple[int, int, int]]] = {}
    if auto is not None:
        n = len(text)
        letters = _LETTERS
        payload: Payload
        for end_idx, payload in auto.iter(text):  # type: ignore[attr-defined]
            e = end_idx + 1
            s = e - payload[0]
            if s and text[s - 1] in letters:
                continue
            for wid, plen in payload[1] if e == n or text[e] not in letters else payload[2]:
                hits = out.get(wid)
                if hits is None:
                    out[wid] = [(s, plen, e)]
                else:
                    hits.append((s, plen, e))
    return int(_SHARED[0]), out  # type: ignore[call-overload]


Picked = tuple[list[int], list[int], list["Hit"]]


def pick(text: str, raw: Iterable[tuple[int, int, int]]) -> Picked:
    """The longest whole-word hit at each start, then no overlaps, in text order: (starts, ends, hits).
    `raw` comes in the order of the hits' ends, so at one start a later hit is a longer one."""
    found: dict[int, tuple[int, int]] = {}
    for s, plen, e in raw:
        found[s] = (s + plen, e)
    starts: list[int] = []
    ends: list[int] = []
    hits: list[Hit] = []
    last = -1
    for s in sorted(found):
        if s >= last:
            ws, last = found[s]
            starts.append(s)
            ends.append(last)
            hits.append(Hit(text, s, ws, last))
    return starts, ends, hits


class Hit:
    """One match of a word list: the same small interface as `re.Match` (group 1 is the bare word)."""

    __slots__ = ("_s", "_e", "_ws", "_text")

    def __init__(self, text: str, s: int, ws: int, e: int) -> None:
        self._text, self._s, self._ws, self._e = text, s, ws, e

    def start(self, g: int = 0) -> int:
        return self._ws if g else self._s

    def end(self, g: int = 0) -> int:
        return self._e

    def group(self, g: int = 0) -> str:
        return self._text[self._ws if g else self._s:self._e]


class Words:
    """A list of words or phrases matched as whole words on the copy, with proclitics allowed.

    Whole-text scans run on an Aho-Corasick automaton (one C pass per report); `re` stays for the
    anchored checks at a known position, where it is cheaper."""

    def __init__(self, words: list[str] | None, *, prefix: bool = False, proclitics: bool = True) -> None:
        forms = sorted({fold(w) for w in (words or []) if str(w).strip()}, key=len, reverse=True)
        self.forms = forms
        self.prefix = prefix
        self.proclitics = proclitics  # False: grammar words ("بينما", "في حين") that take none
        tail = "" if prefix else f"(?![{L}])"
        self.re = re.compile(rf"(?<![{L}]){PROCLITIC if proclitics else ''}({trie_pattern(forms)}){tail}")
        self._auto: ahocorasick.Automaton | None = None
        self.id = len(_REGISTRY)
        _REGISTRY.append(self)

    def search(self, text: str, lo: int = 0, hi: int | None = None) -> re.Match[str] | None:
        return self.re.search(text, lo, len(text) if hi is None else hi)

    def keys(self) -> dict[str, int]:
        """Every surface form with its proclitic's length ("للتحالف" is ل + التحالف)."""
        keys: dict[str, int] = {}
        if not self.proclitics:
            return dict.fromkeys(self.forms, 0)
        for f in self.forms:
            variants = [(p + f, len(p)) for p in _PROCLITICS]
            if f.startswith("ال"):
                variants.append(("لل" + f[2:], 2))
            for key, plen in variants:
                if key not in keys or plen < keys[key]:
                    keys[key] = plen
        return keys

    def _automaton(self) -> ahocorasick.Automaton:
        if self._auto is None:
            keys = self.keys()
            auto = ahocorasick.Automaton()
            for key, plen in keys.items():
                auto.add_word(key, (len(key), plen))
            auto.make_automaton()
            self._auto = auto
        return self._auto

    def finditer(self, text: str, lo: int = 0, hi: int | None = None) -> list[Hit]:
        """Non-overlapping matches in text order, the longest at each start, with word boundaries."""
        if not self.forms:
            return []
        hi = len(text) if hi is None else hi
        hits = self._automaton().iter(text, lo, hi)
        raw = [(end_idx + 1 - klen, plen, end_idx + 1) for end_idx, (klen, plen) in hits]
        return self.select(text, [r for r in raw if r[0] >= lo])

    def select(self, text: str, raw: list[tuple[int, int, int]]) -> list[Hit]:
        """Keep the raw (start, proclitic length, end) hits, in the order of their ends, that are whole
        words, longest first, no overlaps."""
        n = len(text)
        return pick(text, [(s, plen, e) for s, plen, e in raw
                           if not (s > 0 and text[s - 1] in _LETTERS)
                           and (self.prefix or e == n or text[e] not in _LETTERS)])[2]

    def __bool__(self) -> bool:
        return bool(self.forms)


@dataclass(frozen=True)
class Quantity:
    """How one figure is counted: a number before a unit, a dual, or a lone singular meaning one."""

    name: str
    figure: str
    units: Words
    unit_after: re.Pattern[str]
    duals: Words
    singulars: Words
    sum_joined: bool
    lone_nouns: bool = True  # in a daily item, a unit noun without a number is one more ("وهبطت طائرة")


@dataclass(frozen=True)
class Rule:
    """One event type's rule file, loaded."""

    type: str
    raw: dict[str, Any]
    context: Words
    blockers: Words
    quantities: dict[str, Quantity] = field(default_factory=dict)

    def words(self, key: str, *, prefix: bool = False) -> Words:
        return _words_of(self.type, key, prefix)

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key, default)


def _quantity(name: str, spec: dict[str, Any], where: str) -> Quantity:
    unknown = set(spec) - QUANTITY_KEYS
    if unknown or "figure" not in spec or "units" not in spec:
        raise LexiconError(f"{where}: quantity {name!r} needs figure and units; unknown keys {sorted(unknown)}")
    # the accusative with tanween ("هجوماً", "صهريجاً") is the form plus alef once folded
    units = Words(list(spec["units"]) + [fold(u) + "ا" for u in spec["units"] if not fold(u).endswith(("ا", "ات"))])
    after = re.compile(rf" ?(?:من )?(?:ال)?({trie_pattern(units.forms)})(?![{L}])")
    return Quantity(name, spec["figure"], units, after, Words(spec.get("duals")),
                    Words(spec.get("singulars")), bool(spec.get("sum_joined")), bool(spec.get("lone_nouns", True)))


@functools.cache
def rules() -> dict[str, Rule]:
    """Every counting rule by event type, validated."""
    out: dict[str, Rule] = {}
    for name in RULE_FILES:
        where = f"rules/{name}.yaml"
        doc = load_yaml(where)
        unknown = set(doc) - RULE_KEYS
        if unknown:
            raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")
        qs = {k: _quantity(k, v, where) for k, v in (doc.get("quantities") or {}).items()}
        context = list(doc.get("context") or [])
        for spec in (doc.get("quantities") or {}).values():
            context += list(spec.get("units") or []) + list(spec.get("duals") or [])
        out[doc["type"]] = Rule(doc["type"], doc, Words(context, prefix=True),
                                Words(doc.get("blockers"), prefix=True), qs)
    return out


@functools.cache
def _words_of(rule_type: str, key: str, prefix: bool) -> Words:
    return Words(rules()[rule_type].raw.get(key) or [], prefix=prefix)


@functools.cache
def common() -> dict[str, Any]:
    """The shared word lists of `rules/common.yaml`."""
    return load_yaml("rules/common.yaml")


@functools.cache
def common_words(key: str, prefix: bool = False) -> Words:
    """One shared word list as a matcher."""
    return Words(common()[key], prefix=prefix)


@functools.cache
def other_events() -> dict[str, Words]:
    """Event types recognised by trigger phrases alone."""
    doc = load_yaml("rules/events_other.yaml")
    return {k: Words(v["triggers"], prefix=True) for k, v in doc.items()}


@functools.cache
def grammar_words(name: str) -> Words:
    """One list of `lexicon/grammar.ar.yaml` as whole words without proclitics, found by the shared scan
    (the same matches as `(?<![ء-ي])(?:{grammar(name)})(?![ء-ي])`)."""
    doc = load_yaml("lexicon/grammar.ar.yaml")
    if name not in doc:
        raise LexiconError(f"lexicon/grammar.ar.yaml: no list {name!r}")
    return Words(doc[name], proclitics=False)


@functools.cache
def count_units() -> Words:
    """Every unit noun of every rule ("شاحنة", "طائرة", "هجوماً"): what a number followed by one counts."""
    forms: list[str] = []
    for r in rules().values():
        for q in r.quantities.values():
            forms += q.units.forms + q.duals.forms
    return Words(forms)
