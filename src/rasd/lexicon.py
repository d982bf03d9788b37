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
