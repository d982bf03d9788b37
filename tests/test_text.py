"""The text layer: normalisation with an offset map, rejoined words, and the seed's acceptance."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.calendar import period
from rasd.dates import DateContext, find_dates, resolve
from rasd.numbers import find_numbers
from rasd.text import normalize

ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
TEXTS = st.text(
    alphabet=st.one_of(ARABIC, st.sampled_from(" \n\t.,،؛-–\u0640\u064e\u0650\u200f٠١٢٣٤٥٦٧٨٩0123456789")),
    max_size=200,
)


@pytest.mark.parametrize(
    ("original", "copy"),
    [
        ("تنظيم “د ا ع ش”", 'تنظيم "داعش"'),
        ("الم قاو م ة الاسلامية", "المقاومه الاسلاميه"),
        ("الم قاو مة الاسلامية", "المقاومه الاسلاميه"),
        ("قوات ق س د", "قوات قسد"),
        ("د.ا.عـ ـش", "داعش"),
        ("شـ ـاحنة", "شاحنه"),
        ("طائـ ـرات", "طائرات"),
        ("وق س د", "وقسد"),
        ("أإآٱ", "اااا"),
        ("مستشفى", "مستشفي"),
        ("٢٠ شاحنة", "20 شاحنه"),
        ("۱۲ دفعة", "12 دفعه"),
        ("عشرُ طائراتٍ", "عشر طائرات"),
        ("قـــوات", "قوات"),
        ("a  b\t\tc", "a b c"),
        ("سطر\n\n  سطر", "سطر\nسطر"),
        ("؟،؛", "?,;"),
        ("«قسد»", '"قسد"'),
        ("12 – 6", "12 - 6"),
        ("\u202eمقلوب", "مقلوب"),
    ],
)
def test_normalised_copy(original: str, copy: str) -> None:
    assert normalize(original).text == copy


@pytest.mark.parametrize(
    "phrase",
    ["في ما لا", "من و إلى", "ما لا يقل عن", "هو و هي", "قد لا", "لم يكن", "إن لم", "لا و لن", "أن لا", "ما هو"],
)
def test_ordinary_short_words_are_not_glued(phrase: str) -> None:
    assert normalize(phrase).text.split() == normalize(phrase, rejoin=False).text.split()


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_offset_map_is_monotone_and_inside(original: str) -> None:
    nt = normalize(original)
    prev = -1
    for i in range(len(nt.text)):
        o = nt.to_orig(i)
        assert 0 <= o < len(original)
        assert o > prev
        prev = o
    for i in range(0, len(nt.text), 7):
        for j in range(i + 1, min(len(nt.text), i + 15) + 1):
            s, e = nt.orig_span(i, j)
            assert 0 <= s <= e <= len(original)


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_normalisation_is_idempotent(original: str) -> None:
    once = normalize(original).text
    assert normalize(once).text == once


@given(st.integers(min_value=0, max_value=10**9))
def test_digit_conversion_round_trips(n: int) -> None:
    arabic_indic = str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    persian = str(n).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert normalize(arabic_indic).text == str(n)
    assert normalize(persian).text == str(n)


def test_every_char_of_the_copy_comes_from_the_original() -> None:
    original = "قافلة من ٢٠ شـ ـاحنة لـ“ق س د”"
    nt = normalize(original)
    for i, ch in enumerate(nt.text):
        if ch.isdigit() or ch in "اهي\"":
            continue
        assert original[nt.to_orig(i)] == ch


# -------------------------------------------------------------------- the seed (issue 2's acceptance)


def _number_after(nt, needle: str):  # type: ignore[no-untyped-def]
    pos = nt.text.index(needle)
    return next(n for n in find_numbers(nt.text) if n.span_start >= pos)


def test_seed_convoy_dates(seed_text: str) -> None:
    nt = normalize(seed_text)
    ctx = DateContext(None, period(113))
    days = [resolve(r, ctx).date.isoformat() for r in find_dates(nt.text) if r.day is not None]
    assert days[:11] == [
        "2024-01-26", "2024-01-27", "2024-01-30", "2024-01-31", "2024-02-05", "2024-02-06",
        "2024-02-07", "2024-02-14", "2024-02-17", "2024-02-18", "2024-02-21",
    ]


def test_seed_month_period() -> None:
    assert [d.isoformat() for d in period(113)] == ["2024-01-23", "2024-02-22"]


def test_seed_numbers_and_hedges(seed_text: str) -> None:
    nt = normalize(seed_text)
    six = _number_after(nt, "بست جولات")
    assert (six.value, six.hedge) == (6, None)
    four_hundred = _number_after(nt, "نحو 400")
    assert (four_hundred.value, four_hundred.hedge) == (400, "about")
    three = _number_after(nt, "3 قتلي")
    assert (three.value, three.hedge) == (3, "at_least")
    dozens = _number_after(nt, "وعشرات")
    assert (dozens.value, dozens.hedge) == (None, "dozens")
    for n in (six, four_hundred, three, dozens):
        ev = nt.evidence(n.span_start, n.span_end)
        assert seed_text[ev["start"]:ev["end"]] == ev["text"]
    assert nt.evidence(four_hundred.span_start, four_hundred.span_end)["text"] == "نحو 400"
    assert nt.evidence(three.span_start, three.span_end)["text"] == "3 قتلى على الأقل"


def test_seed_spaced_words_rejoined(seed_text: str) -> None:
    nt = normalize(seed_text)
    assert nt.text.count("داعش") == 2
    assert nt.text.count("المقاومه الاسلاميه") == 2
    spans = [nt.evidence(i, i + len("المقاومه")) for i in range(len(nt.text)) if nt.text.startswith("المقاومه", i)]
    assert [s["text"] for s in spans] == ["الم قاو م ة", "الم قاو مة"]
    i = nt.text.index("داعش")
    assert nt.evidence(i, i + 4)["text"] == "د ا ع ش"
