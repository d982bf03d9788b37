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
from dataclasses import dataclass, field
from typing import Any

from rasd.lexicon import LexiconError, load_yaml, trie_pattern
from rasd.text import fold

L = "\u0621-\u064a"
PROCLITIC = "(?:[وفبل]|وب|ول|فب|بال|وال|فال|لل|ال)?"

RULE_FILES = ("convoy", "airlift", "attack", "airstrike", "training", "joint_operation")
RULE_KEYS = {
    "type", "initiator", "initiator_default", "target", "partner_default", "context", "blockers",
    "quantities", "event_phrases", "partners", "breakdown_links", "target_kinds", "attackers",
    "short_window", "locators", "origins", "requires", "joint_words", "results", "examples", "counter_examples",
}
QUANTITY_KEYS = {"figure", "units", "duals", "singulars", "sum_joined"}


class Words:
    """A list of words or phrases matched as whole words on the copy, with proclitics allowed."""

    def __init__(self, words: list[str] | None, *, prefix: bool = False) -> None:
        forms = sorted({fold(w) for w in (words or []) if str(w).strip()}, key=len, reverse=True)
        self.forms = forms
        tail = "" if prefix else f"(?![{L}])"
        self.re = re.compile(rf"(?<![{L}]){PROCLITIC}({trie_pattern(forms)}){tail}")

    def search(self, text: str, lo: int = 0, hi: int | None = None) -> re.Match[str] | None:
        return self.re.search(text, lo, len(text) if hi is None else hi)

    def finditer(self, text: str, lo: int = 0, hi: int | None = None) -> list[re.Match[str]]:
        return list(self.re.finditer(text, lo, len(text) if hi is None else hi))

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
    units = Words(spec["units"])
    after = re.compile(rf" ?(?:من )?(?:ال)?({trie_pattern(units.forms)})(?![{L}])")
    return Quantity(name, spec["figure"], units, after, Words(spec.get("duals")),
                    Words(spec.get("singulars")), bool(spec.get("sum_joined")))


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
