"""Numbers as Arabic reports write them: digits, number words, hedges, vague quantities, ordinals.

Each case is (phrase, expected value, expected hedge) for `parse_number`, which returns the first number
of a phrase. Phrases are written as reports write them (hamza, ta marbuta, tashkeel, tatweel, glued
prepositions); the normalisation into the matching copy is part of what is tested.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd.numbers import find_numbers, find_ordinals, parse_number
from rasd.text import normalize

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# --- digits ------------------------------------------------------------------------------------------
DIGITS = [
    ("20 شاحنة", 20, None),
    ("1,200 شاحنة", 1200, None),
    ("1.200 شاحنة", 1200, None),
    ("12,500 جندي", 12500, None),
    ("1,234,567", 1234567, None),
    ("١٬٢٠٠ شاحنة", 1200, None),  # Arabic thousands separator
    ("١،٢٠٠ شاحنة", 1200, None),  # Arabic comma used as thousands separator
    ("٢٠ شاحنة", 20, None),
    ("١٢٥٠ جنديا", 1250, None),
    ("٣٥ آلية", 35, None),
    ("۱۵ آلية", 15, None),  # Persian (extended Arabic-Indic) digits
    ("۲۰۰ جندي", 200, None),
    ("وصلت 7 قوافل", 7, None),
]

# --- number words, every gender / case / common misspelling --------------------------------------------
UNITS = [
    ("قتيل واحد", 1, None),
    ("طائرة واحدة", 1, None),
    ("اثنان", 2, None),
    ("اثنين", 2, None),
    ("إثنان", 2, None),
    ("اثنتان", 2, None),
    ("اثنتين", 2, None),
    ("ثلاثة جنود", 3, None),
    ("ثلاث طائرات", 3, None),
    ("ثلاثه جنود", 3, None),
    ("أربعة", 4, None),
    ("اربع غارات", 4, None),
    ("خمس غارات", 5, None),
    ("خمسة قتلى", 5, None),
    ("ست جولات", 6, None),
    ("ستة جنود", 6, None),
    ("سته جنود", 6, None),
    ("سبع شاحنات", 7, None),
    ("سبعة", 7, None),
    ("ثماني طائرات", 8, None),
    ("ثمانية جنود", 8, None),
    ("ثمانيه", 8, None),
    ("تسع غارات", 9, None),
    ("تسعة", 9, None),
    ("عشر طائرات", 10, None),
    ("عشرة جنود", 10, None),
]

TEENS = [
    ("أحد عشر جنديا", 11, None),
    ("إحدى عشرة طائرة", 11, None),
    ("اثنا عشر جنديا", 12, None),
    ("اثني عشر جنديا", 12, None),
    ("اثنتا عشرة غارة", 12, None),
    ("اثنتي عشرة غارة", 12, None),
    ("ثلاث عشرة شاحنة", 13, None),
    ("ثلاثة عشر جنديا", 13, None),
    ("أربعة عشر", 14, None),
    ("خمس عشرة غارة", 15, None),
    ("ستة عشر", 16, None),
    ("ست عشرة", 16, None),
    ("سبعة عشر", 17, None),
    ("ثماني عشرة", 18, None),
    ("ثمانية عشر", 18, None),
    ("تسعة عشر", 19, None),
    ("تسع عشرة", 19, None),
]

TENS = [
    ("عشرون شاحنة", 20, None),
    ("عشرين شاحنة", 20, None),
    ("ثلاثون", 30, None),
    ("أربعين آلية", 40, None),
    ("خمسين", 50, None),
    ("ستون", 60, None),
    ("سبعين", 70, None),
    ("ثمانون", 80, None),
    ("تسعين", 90, None),
    ("خمسة وعشرون", 25, None),
    ("واحد وعشرون", 21, None),
    ("إحدى وعشرين شاحنة", 21, None),
    ("اثنين وعشرين", 22, None),
    ("اثنان وثلاثون", 32, None),
    ("ثلاث وأربعين", 43, None),
    ("سبعة وتسعون", 97, None),
]

HUNDREDS = [
    ("مئة", 100, None),
    ("مائة شاحنة", 100, None),
    ("مية شاحنة", 100, None),  # colloquial spelling
    ("مئتين", 200, None),
    ("مئتان", 200, None),
    ("مائتي شاحنة", 200, None),
    ("مئتا جندي", 200, None),
    ("ثلاثمائة", 300, None),
    ("ثلاثمئة", 300, None),
    ("ثلاث مئة", 300, None),
    ("أربعمائة", 400, None),
    ("خمسمئة", 500, None),
    ("خمس مائة", 500, None),
    ("ستمائة", 600, None),
    ("سبعمئة", 700, None),
    ("ثمانمائة", 800, None),
    ("ثمانمئة", 800, None),
    ("تسعمائة", 900, None),
    ("مائة وخمسون", 150, None),
    ("مئة وعشرون", 120, None),
    ("مائة وخمسة", 105, None),
    ("مائة وإحدى عشرة", 111, None),
    ("مئتان وخمسون", 250, None),
    ("ثلاثمائة وخمسة وستون", 365, None),
    ("ثلاث مئة وخمسين", 350, None),
    ("مائتين وثلاثة وعشرين", 223, None),
]

THOUSANDS = [
    ("ألف", 1000, None),
    ("ألف شاحنة", 1000, None),
    ("ألفين", 2000, None),
    ("ألفان", 2000, None),
    ("الفين", 2000, None),
    ("ثلاثة آلاف", 3000, None),
    ("خمسة آلاف", 5000, None),
    ("عشرة آلاف", 10000, None),
    ("أحد عشر ألفا", 11000, None),
    ("عشرين ألف", 20000, None),
    ("خمسة وعشرون ألفا", 25000, None),
    ("مائة ألف", 100000, None),
    ("ألف ومئتان", 1200, None),
    ("ألف وخمسمائة", 1500, None),
    ("ألف ومئتين وخمسين", 1250, None),
    ("ألفان وثلاثمائة", 2300, None),
    ("ألفين وخمسمئة", 2500, None),
    ("ثلاثة آلاف وخمسمائة", 3500, None),
    ("حوالي ثلاثة آلاف", 3000, "about"),
    ("اثنا عشر ألفاً", 12000, None),
    ("ألف وتسعمائة وخمسة وتسعين", 1995, None),
    ("3 آلاف جندي", 3000, None),  # digits with a thousand word, as news writes it
    ("12 ألف شاحنة", 12000, None),
]

# --- tashkeel, tatweel, glued prepositions ----------------------------------------------------------------
MARKS_AND_CLITICS = [
    ("عشرُ طائرات", 10, None),
    ("مائةٌ وخمسون", 150, None),
    ("ثلاثُ طائراتٍ", 3, None),
    ("خَمْسَةٌ وَعِشْرُونَ", 25, None),
    ("أَلْفَانِ", 2000, None),
    ("سِتُّ جولات", 6, None),
    ("خمســة جنود", 5, None),  # tatweel
    ("بست جولات", 6, None),
    ("بـ3 جولات", 3, None),
    ("بـ180 شاحنة", 180, None),
    ("بـ 25 شاحنة", 25, None),
    ("بـ١٢ شاحنة", 12, None),
    ("لخمسة", 5, None),
    ("بثلاث غارات", 3, None),
    ("وخمسة جرحى", 5, None),
    ("بعشرين شاحنة", 20, None),
    ("بمئة شاحنة", 100, None),
]

# --- hedges before and after the number ----------------------------------------------------------------
HEDGES = [
    ("نحو 50 شاحنة", 50, "about"),
    ("قرابة 200 شاحنة", 200, "about"),
    ("حوالي 30 آلية", 30, "about"),
    ("حوالى 30 آلية", 30, "about"),
    ("ما يقارب 40 شاحنة", 40, "about"),
    ("ما يقرب من 35 شاحنة", 35, "about"),
    ("زهاء 60 جنديا", 60, "about"),
    ("ما يناهز 70 شاحنة", 70, "about"),
    ("بنحو 40 شاحنة", 40, "about"),
    ("نحو خمسين شاحنة", 50, "about"),
    ("قرابة مئتي شاحنة", 200, "about"),
    ("حوالي عشرين جنديا", 20, "about"),
    ("قرابة الـ200 شاحنة", 200, "about"),
    ("نحو الـ 300 شاحنة", 300, "about"),
    ("30 شاحنة تقريباً", 30, "about"),
    ("ما لا يقل عن 12 قتيلا", 12, "at_least"),
    ("لا يقل عن 15 غارة", 15, "at_least"),
    ("على الأقل 12 قتيلا", 12, "at_least"),
    ("50 شاحنة على الأقل", 50, "at_least"),
    ("خمس غارات على الأقل", 5, "at_least"),
    ("40 آلية كحد أدنى", 40, "at_least"),
    ("أكثر من 100 شاحنة", 100, "more_than"),
    ("أكثر من ألف جندي", 1000, "more_than"),
    ("أكثر من عشرين شاحنة", 20, "more_than"),
    ("ما يزيد عن 20 شاحنة", 20, "more_than"),
    ("ما يزيد على 45 شاحنة", 45, "more_than"),
    ("أكثر 19 شاحنة", 19, "more_than"),  # "من" missing, as some reports write it
    ("أقل من 10 جنود", 10, "less_than"),
]

# --- vague quantities: a qualifier, no value -------------------------------------------------------------
VAGUE = [
    ("عشرات الشاحنات", None, "dozens"),
    ("بعشرات الشاحنات", None, "dozens"),
    ("وعشرات الجرحى", None, "dozens"),
    ("عشرات الآلاف", None, "dozens"),
    ("عدة غارات", None, "several"),
    ("عدّة غارات", None, "several"),
    ("عدد من الجنود", None, "several"),
    ("بضع شاحنات", None, "several"),
    ("بضعة جنود", None, "several"),
    ("مئات الشاحنات", None, "hundreds"),
    ("العديد من الغارات", None, "several"),
    ("العشرات من الجرحى", None, "dozens"),
    ("المئات من الشاحنات", None, "hundreds"),
]

# --- the number is not the first word ------------------------------------------------------------------
IN_CONTEXT = [
    ("ارتفع عدد القتلى إلى 5", 5, None),
    ("دخلت قافلة تضم 45 شاحنة", 45, None),
    ("نفذ التحالف ست جولات من الغارات", 6, None),
    ("استهدفت الطائرات قرابة 200 موقع", 200, "about"),
]

GROUPS = {
    "digits": DIGITS,
    "units": UNITS,
    "teens": TEENS,
    "tens": TENS,
    "hundreds": HUNDREDS,
    "thousands": THOUSANDS,
    "marks": MARKS_AND_CLITICS,
    "hedges": HEDGES,
    "vague": VAGUE,
    "context": IN_CONTEXT,
}
# ids are ASCII (group-index) so failures are easy to name; the assertion message shows the phrase.
CASES = [pytest.param(*row, id=f"{name}-{i:02d}") for name, rows in GROUPS.items() for i, row in enumerate(rows)]


@pytest.mark.parametrize(("phrase", "value", "hedge"), CASES)
def test_parse_number(phrase: str, value: int | None, hedge: str | None) -> None:
    n = parse_number(phrase)
    assert n is not None, f"no number found in {phrase!r}"
    assert (n.value, n.hedge) == (value, hedge), f"{phrase!r}: got {n}"


# Phrases that must yield no number at all: words that merely contain number letters, weekdays, decades,
# the article on an ordinal, a decimal (not a count).
NO_NUMBER = [
    "الستار",  # curtain: ست inside
    "مستمر",  # ongoing: ست inside
    "سبعينيات القرن الماضي",  # the seventies: a decade, not a count
    "أسبوع",  # week: سبع inside
    "يوم الأحد",  # Sunday
    "يوم الاثنين",  # Monday
    "يوم الثلاثاء",  # Tuesday
    "يوم الأربعاء",  # Wednesday
    "يوم الخميس",  # Thursday
    "مستشفى",  # hospital
    "تسعيرة",  # price list: تسع inside
    "الدفعة العاشرة",  # an ordinal is not a cardinal
    "عاد بعدَه إلى القاعدة",  # "after him": بعده is not بعدة (with several)
    "2.5 كيلومتر",  # a decimal is not a count
]


@pytest.mark.parametrize("phrase", [pytest.param(p, id=f"none-{i:02d}") for i, p in enumerate(NO_NUMBER)])
def test_no_number(phrase: str) -> None:
    n = parse_number(phrase)
    assert n is None, f"{phrase!r}: got {n}"


# Plural of a number word: a vague quantity at most, never a value.
@pytest.mark.parametrize("phrase", ["آلاف الشاحنات", "عشرات", "مئات"])
def test_plural_number_words_have_no_value(phrase: str) -> None:
    n = parse_number(phrase)
    assert n is None or n.value is None


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("دخلت 3 قوافل تضم 45 شاحنة", [3, 45]),
        ("نفذ التحالف ست جولات شملت عشرين غارة", [6, 20]),
        ("قتل خمسة وجرح سبعة", [5, 7]),
        ("بين 3 و7 جنود", [3, 7]),
        ("خمسة وعشرون جنديا و300 شاحنة", [25, 300]),
    ],
)
def test_find_numbers_in_order(text: str, values: list[int]) -> None:
    assert [n.value for n in find_numbers(normalize(text).text)] == values


def test_hedge_spans() -> None:
    copy = normalize("نحو 50 شاحنة").text
    (n,) = find_numbers(copy)
    assert (n.value, n.hedge, n.span_start, n.span_end) == (50, "about", 0, 6)
    copy = normalize("50 شاحنة على الأقل").text
    (n,) = find_numbers(copy)
    assert (n.value, n.hedge, n.span_start, n.span_end) == (50, "at_least", 0, len(copy))


ORDINALS = [
    ("الدفعة الثالثة", [3]),
    ("الدفعة الرابعة", [4]),
    ("الشهر الأول", [1]),
    ("الجولة الأولى", [1]),
    ("الشهر العاشر", [10]),
    ("الحادية عشرة", [11]),
    ("الثاني عشر", [12]),
    ("الثانية عشرة", [12]),
    ("الخامس عشر", [15]),
    ("العشرين", [20]),
    ("الحادي والعشرين", [21]),
    ("التسعين", [90]),
    ("الشهر المئة", [100]),
    ("الحادي بعد المائة", [101]),
    ("العاشر بعد المائة", [110]),
    ("الحادي عشر بعد المئة", [111]),
    ("الثالث عشر بعد المائة", [113]),
    ("التاسع عشر بعد المائة", [119]),
    ("العشرين بعد المئة", [120]),
    ("الخامس والعشرين بعد المئة", [125]),
    ("خلال الشهر التاسع عشر بعد المائة من عمر التحالف", [119]),
    ("ثلاث شاحنات", []),
]


@pytest.mark.parametrize(
    ("text", "values"), [pytest.param(*row, id=f"ordinal-{i:02d}") for i, row in enumerate(ORDINALS)]
)
def test_find_ordinals(text: str, values: list[int]) -> None:
    found = find_ordinals(normalize(text).text)
    assert [n.value for n in found] == values, f"{text!r}: got {found}"
    assert all(n.kind == "ordinal" for n in found)


@given(st.integers(min_value=0, max_value=99999))
def test_digits_roundtrip(n: int) -> None:
    found = parse_number(str(n))
    assert found is not None and found.value == n


@given(st.integers(min_value=0, max_value=99999))
def test_arabic_indic_digits_roundtrip(n: int) -> None:
    found = parse_number(str(n).translate(ARABIC_INDIC))
    assert found is not None and found.value == n
