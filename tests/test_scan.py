"""Indexed scans: the compiled loops equal their plain-Python versions, and an indexed pattern finds
exactly what `finditer` finds (Note [Indexed scans] in rasd/scan.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd import dates, numbers, scan, text
from rasd.text import normalize

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "reports"

# lexicon words and near misses, so that random texts hit the patterns and their edges
WORDS = ["المقا", "المقاو", "داع", "التحا", "قاو",
    "نحو", "ونحو", "بنحو", "حوالي", "قرابه", "ما يقارب", "على الاقل", "علي الاقل", "اكثر من", "عشرات", "وعشرات",
    "عده", "عدد من", "ثلاث", "ثلاثه", "بثلاث", "وثلاث", "ست", "سته", "خمسه وعشرون", "الف", "الاف", "مئه", "مائتي",
    "شباط", "وشباط", "بشباط", "كانون الثاني", "تشرين الاول", "اب", "ابريل", "يوليو", "رمضان", "شهر اب", "امس",
    "اليوم", "مساء الاثنين", "صباح", "الجاري", "الماضي", "منه", "نفسه", "المقا", "ومة", "د", "ا", "ع", "ش", "ق", "س",
    "و", "في", "من", "الى", "قسد", "شاحنه", "الشهر", "ذاته", "بين", "حتى", "نحوال", "عشراتها", "ستين", "ثلاثين",
]
SEPARATORS = [" ", " ", " ", "  ", "\n", ",", ".", " و", "-", "/", "(", ")", '"', "\u0640", "\u064e", "\t", "\u00a0"]
TOKENS = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(SEPARATORS),
    st.integers(min_value=0, max_value=3000).map(str),
    st.text(alphabet=st.characters(min_codepoint=0x0621, max_codepoint=0x064A), min_size=1, max_size=4),
    st.sampled_from(["٢٠", "۱۲", "1,200", "1.200", "26,27", "3.5", "2024-01-05", "12/3/2024", "\u09e7", "1,200,300",
                     "12.345.678", "1,2345", ",5", "5,", "1.200,5", "12024-01-05", "1 / 2 / 2024", "٣,٠٠٠"]),
)
TEXTS = st.lists(TOKENS, max_size=60).map("".join)
RAW = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.sampled_from(" \n\r\t\u00a0\u2003.,()\"-/0123456789\u0640\u064b\u200f\u202e\ufeff\u09e7ab"),
    ),
    max_size=120,
)


def _patterns() -> list[scan.IndexedPattern]:
    """Every indexed pattern of the text layer (building them registers them)."""
    before, _, vague, _, after_words = numbers._hedge_res()
    return [numbers._word_re(), before, vague, after_words, dates._months()[0], dates._relatives()[2],
            dates._weekdays()[0]]


def test_the_text_layer_patterns_are_indexed() -> None:
    """Each lexicon pattern is one the index can serve; a refused one would silently fall back to a scan."""
    assert all(p._bit is not None for p in _patterns())


def test_the_loops_are_compiled_where_ci_asks() -> None:
    if os.environ.get("RASD_REQUIRE_KERNELS") and not scan.COMPILED:
        pytest.fail("rasd._kernels is not compiled (setup.py); CI expects the compiled text loops")


@given(TEXTS)
@settings(max_examples=400, deadline=None)
def test_indexed_patterns_find_what_finditer_finds(sample: str) -> None:
    for copy in (sample, normalize(sample).text):
        for p in _patterns():
            assert [m.span() for m in p.finditer(copy)] == [m.span() for m in p.pattern.finditer(copy)]


def test_indexed_patterns_on_every_example_report() -> None:
    reports = sorted(EXAMPLES.glob("*.txt"))
    if not reports:
        pytest.skip("no example reports")
    for path in reports:
        copy = normalize(path.read_text(encoding="utf-8")).text
        for p in _patterns():
            assert [m.span() for m in p.finditer(copy)] == [m.span() for m in p.pattern.finditer(copy)], path.name
        digits = scan.digit_index(copy)
        for pat in (scan._DIGITS_RE, dates._orphan_list(), dates._same_month()):
            assert [m.span() for m in scan.finditer_at(pat, copy, digits)] == [m.span() for m in pat.finditer(copy)]


@given(st.one_of(TEXTS, RAW))
@settings(max_examples=400, deadline=None)
def test_compiled_loops_equal_the_plain_python_ones(sample: str) -> None:
    if not scan.COMPILED:
        pytest.skip("rasd._kernels is not compiled on this machine")
    table = text._delete_table()
    assert scan.edit_runs(sample, table) == scan.py_edit_runs(sample, table)
    assert scan.short_groups(sample) == scan.py_short_groups(sample)
    assert scan.digit_starts(sample) == scan.py_digit_starts(sample)
    assert scan.digit_runs(sample) == scan.py_digit_runs(sample)
    heads = text._split_heads()
    assert scan.split_heads(sample, *heads) == scan.py_split_heads(sample, *heads)
    masks = {"نحو ": (0,), "ثلاث ": (1, 2), "شباط,": (3,)}
    seen = {"نحو ", "ثلاث ", "شباط,", "في "}
    assert scan.word_starts(sample, masks, seen) == scan.py_word_starts(sample, masks, seen)


@given(st.lists(st.one_of(TOKENS, st.sampled_from(["تقريبا", "علي الاقل", "على الأقل", "شاحنه", "قتيلا"])), max_size=40)
       .map("".join))
@settings(max_examples=400, deadline=None)
def test_a_hedge_after_a_number_is_never_skipped(sample: str) -> None:
    """Where the hedge-after pattern matches the 40 characters after a number, the cheap check says maybe."""
    copy = normalize(sample).text
    _, after, _, _, after_words = numbers._hedge_res()
    starts = after_words.starts(copy)
    for _, e, _ in scan.digit_runs(copy):
        if after.match(copy[e : e + 40]):
            assert numbers._after_possible(copy, e, starts)
