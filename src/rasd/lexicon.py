"""Load the package's data files once per process; unknown shapes are errors, not silent defaults."""

from __future__ import annotations

import csv
import functools
from importlib import resources
from typing import Any

import yaml

_DATA = resources.files("rasd") / "data"


class LexiconError(ValueError):
    """A data file does not have the shape its loader expects."""


def data_text(relpath: str) -> str:
    """The text of one data file under `rasd/data/`."""
    return (_DATA / relpath).read_text(encoding="utf-8")


@functools.cache
def load_yaml(relpath: str) -> Any:
    """A parsed YAML data file, cached for the life of the process."""
    try:
        return yaml.safe_load(data_text(relpath))
    except yaml.YAMLError as exc:  # pragma: no cover - data files are tested
        raise LexiconError(f"{relpath}: {exc}") from exc


def require_keys(relpath: str, doc: dict[str, Any], keys: set[str]) -> None:
    """Fail loudly when a data file lacks a key or has one no loader reads."""
    missing = keys - set(doc)
    if missing:
        raise LexiconError(f"{relpath}: missing keys {sorted(missing)}")


@functools.cache
def load_tsv(relpath: str) -> tuple[dict[str, str], ...]:
    """Rows of a TSV data file (lines starting with # are comments)."""
    lines = [ln for ln in data_text(relpath).splitlines() if ln.strip() and not ln.startswith("#")]
    rows = tuple(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows


def trie_pattern(words: list[str] | set[str], sep: str = "") -> str:
    """One regex alternation for many words, factored by common prefixes.

    Python's `re` tries the branches of `a|b|c` one by one at every position; a prefix tree lets it
    reject a position after one character instead of after every word, which is what keeps matching
    hundreds of lexicon forms over a report fast. Longer words win over their own prefixes.
    `sep`, when given, is a pattern allowed between any two letters ("د ا ع ش")."""
    import re

    trie: dict = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict, first: bool = True) -> str:
        end = "" in node
        lead = "" if first else sep
        branches = [lead + re.escape(ch) + build(child, False) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            body = "(?:" + body + ")?"
        return body

    pattern = build(trie)
    return pattern or "(?!x)x"


@functools.cache
def grammar(name: str) -> str:
    """One list of `lexicon/grammar.ar.yaml` as a regex alternation of its folded forms (no group)."""
    from rasd.text import fold

    doc = load_yaml("lexicon/grammar.ar.yaml")
    if name not in doc:
        raise LexiconError(f"lexicon/grammar.ar.yaml: no list {name!r}")
    return trie_pattern({fold(w) for w in doc[name]})
