"""Dates as Arabic reports write them, and the coalition's month calendar.

`find_dates` reads the matching copy; `resolve` gives each written date its full date from
an explicit year, the coalition month's window or the publication date. Every context here is fixed
(no `date.today()`), so the expectations never drift.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd.calendar import month_of, period
from rasd.dates import DateContext, DateRef, Resolved, find_dates, resolve
from rasd.text import normalize

PUBLISHED = date(2024, 7, 15)  # the fixed reference date of most cases (= 9 Muharram 1446)
AT_PUB = DateContext(published=PUBLISHED)
NO_ANCHOR = DateContext()


def refs(text: str) -> list[DateRef]:
    return find_dates(normalize(text).text)


def resolved(text: str, ctx: DateContext) -> list[Resolved]:
    """Resolve a text's dates as a list (days of one list may share a year)."""
    return [resolve(r, ctx) for r in refs(text)]


def resolved_each(text: str, ctx: DateContext) -> list[Resolved]:
    """Resolve each written date on its own."""
    return [resolve(r, ctx) for r in refs(text)]


def dates(text: str, ctx: DateContext) -> list[date | None]:
    return [r.date for r in resolved(text, ctx)]


def ids(prefix: str, rows: list) -> list:
    """ASCII ids (prefix-index): failures are easy to name; assertion messages show the Arabic."""
    return [pytest.param(*row, id=f"{prefix}-{i:02d}") for i, row in enumerate(rows)]


# --- month names of every system, with day and explicit year -----------------------------------------
LEVANTINE = [
    ("كانون الثاني", 1),
    ("كانون ثاني", 1),
    ("شباط", 2),
    ("آذار", 3),
    ("اذار", 3),
    ("نيسان", 4),
    ("أيار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("آب", 8),
    ("أيلول", 9),
    ("تشرين الأول", 10),
    ("تشرين اول", 10),
    ("تشرين الثاني", 11),
    ("كانون الأول", 12),
]
EGYPTIAN_GULF = [
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("أبريل", 4),
    ("إبريل", 4),
    ("ابريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("أغسطس", 8),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("أكتوبر", 10),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
]
MAGHREBI = [
    ("جانفي", 1),  # Algeria, Tunisia
    ("فيفري", 2),
    ("أفريل", 4),
    ("ماي", 5),
    ("جوان", 6),
    ("جويلية", 7),
    ("أوت", 8),
    ("يوليوز", 7),  # Morocco
    ("غشت", 8),
    ("شتنبر", 9),
    ("نونبر", 11),
    ("دجنبر", 12),
]
MONTH_NAMES = ids("lev", LEVANTINE) + ids("egy", EGYPTIAN_GULF) + ids("mag", MAGHREBI)


@pytest.mark.parametrize(("name", "month"), MONTH_NAMES)
def test_month_name(name: str, month: int) -> None:
    text = f"في 3 {name} 2024"
    found = [(r.day, r.month, r.year) for r in refs(text)]
    assert found == [(3, month, 2024)], f"{text!r}: got {found}"
    assert dates(text, NO_ANCHOR) == [date(2024, month, 3)]


# --- single dates with an explicit year (context must not override it) -----------------------------------
SINGLE = [
    ("26 كانون الثاني 2024", date(2024, 1, 26)),
    ("في 3 آب 2023", date(2023, 8, 3)),
    ("بتاريخ 15 أيار 2024", date(2024, 5, 15)),
    ("في 5 تشرين الثاني من عام 2023", date(2023, 11, 5)),
    ("في 5 حزيران، 2024", date(2024, 6, 5)),
    ("في 12 آذار 2024م", date(2024, 3, 12)),
    ("في ٣ آب ٢٠٢٣", date(2023, 8, 3)),
    ("يوم 25 ديسمبر 2023", date(2023, 12, 25)),
    ("في 1 أكتوبر 2022", date(2022, 10, 1)),
]


@pytest.mark.parametrize(("text", "expected"), ids("single", SINGLE))
def test_single_date_with_year(text: str, expected: date) -> None:
    for ctx in (NO_ANCHOR, AT_PUB, DateContext(published=PUBLISHED, period=period(113))):
        got = resolved_each(text, ctx)
        assert [(r.date, r.problem) for r in got] == [(expected, None)], f"{text!r} with {ctx}: got {got}"


# --- Hijri ------------------------------------------------------------------------------------------
HIJRI = [
    ("9 شوال 1445 هـ", NO_ANCHOR, [date(2024, 4, 18)]),
    ("9 شوال 1445هـ", NO_ANCHOR, [date(2024, 4, 18)]),
    ("1 رمضان 1445 هـ", NO_ANCHOR, [date(2024, 3, 11)]),
    ("10 ذي الحجة 1444 هـ", NO_ANCHOR, [date(2023, 6, 28)]),
    ("10 ذو الحجة 1444 هـ", NO_ANCHOR, [date(2023, 6, 28)]),
    ("1 محرم 1446 هـ", NO_ANCHOR, [date(2024, 7, 7)]),
    ("12 ربيع الأول 1446 هـ", NO_ANCHOR, [date(2024, 9, 15)]),
    ("15 شعبان 1445 للهجرة", NO_ANCHOR, [date(2024, 2, 25)]),
    ("27 رجب 1445 هجرية", NO_ANCHOR, [date(2024, 2, 8)]),
    ("9 شوال 1445 هـ الموافق 18 نيسان 2024", NO_ANCHOR, [date(2024, 4, 18), date(2024, 4, 18)]),
    # no year: the Hijri year around the anchor, the most recent one before publication
    ("في 9 شوال", DateContext(period=period(115)), [date(2024, 4, 18)]),
    ("في 9 شوال", AT_PUB, [date(2024, 4, 18)]),
    # month 118 (2024-06-23..2024-07-22) starts in Dhu al-Hijja 1445 and ends in Muharram 1446
    ("في 5 محرم", DateContext(period=period(118)), [date(2024, 7, 11)]),
]


@pytest.mark.parametrize(("text", "ctx", "expected"), ids("hijri", HIJRI))
def test_hijri(text: str, ctx: DateContext, expected: list[date]) -> None:
    got = dates(text, ctx)
    assert got == expected, f"{text!r}: got {got}"


def test_hijri_system() -> None:
    (ref,) = refs("9 شوال 1445 هـ")
    assert (ref.day, ref.month, ref.year, ref.system) == (9, 10, 1445, "hijri")


# --- two names of one month ---------------------------------------------------------------------------
PAIRED = [
    ("كانون الأول/ديسمبر 2023", [(None, 12, 2023)]),
    ("تشرين الأول/أكتوبر 2023", [(None, 10, 2023)]),
    ("أكتوبر/ تشرين الأول", [(None, 10, None)]),
    ("تموز (يوليو) 2024", [(None, 7, 2024)]),
    ("حزيران (يونيو)", [(None, 6, None)]),
    ("5 كانون الأول/ديسمبر 2023", [(5, 12, 2023)]),
    ("في 26 كانون الثاني/يناير 2024", [(26, 1, 2024)]),
    ("10 آب/أغسطس 2023", [(10, 8, 2023)]),
    ("3 شباط - فبراير 2024", [(3, 2, 2024)]),
    ("14 و17 شباط/فبراير 2024", [(14, 2, 2024), (17, 2, 2024)]),
]


@pytest.mark.parametrize(("text", "expected"), ids("pair", PAIRED))
def test_paired_month_names(text: str, expected: list[tuple[int | None, int, int | None]]) -> None:
    got = [(r.day, r.month, r.year) for r in refs(text)]
    assert got == expected, f"{text!r}: got {got}"


# --- numeric dates (day first, or ISO) ---------------------------------------------------------------------
NUMERIC = [
    ("26/1/2024", date(2024, 1, 26)),
    ("2024-01-26", date(2024, 1, 26)),
    ("26-01-2024", date(2024, 1, 26)),
    ("26.1.2024", date(2024, 1, 26)),
    ("2024/1/26", date(2024, 1, 26)),
    ("٢٦/١/٢٠٢٤", date(2024, 1, 26)),
    ("بتاريخ 5/8/2023", date(2023, 8, 5)),
    ("29/2/2024", date(2024, 2, 29)),
]


@pytest.mark.parametrize(("text", "expected"), ids("numeric", NUMERIC))
def test_numeric_date(text: str, expected: date) -> None:
    assert dates(text, AT_PUB) == [expected]


# --- lists of days across months ----------------------------------------------------------------------
SEED = "26 و27 و30 و31 كانون الثاني، و5 و6، و7، و14 و17 و18 و21 من شباط"
LISTS = [
    (
        SEED,
        DateContext(period=period(113)),
        [date(2024, 1, d) for d in (26, 27, 30, 31)] + [date(2024, 2, d) for d in (5, 6, 7, 14, 17, 18, 21)],
    ),
    (
        "دخلت من إقليم كردستان العراق على 12 دفعات بتواريخ " + SEED + " وتوجهت إلى قواعد التحالف",
        DateContext(period=period(113)),
        [date(2024, 1, d) for d in (26, 27, 30, 31)] + [date(2024, 2, d) for d in (5, 6, 7, 14, 17, 18, 21)],
    ),
    (
        "(23 و27) تموز، و(1) من آب",
        DateContext(period=period(107)),
        [date(2023, 7, 23), date(2023, 7, 27), date(2023, 8, 1)],
    ),
    ("يومي 5 و6 آب 2023", NO_ANCHOR, [date(2023, 8, 5), date(2023, 8, 6)]),
    ("5، 6، 7 آب 2023", NO_ANCHOR, [date(2023, 8, 5), date(2023, 8, 6), date(2023, 8, 7)]),
    ("في 3 و7 آب 2023", NO_ANCHOR, [date(2023, 8, 3), date(2023, 8, 7)]),
    # month 112 spans December 2023 and January 2024
    (
        "28 و30 كانون الأول، و2 و5 كانون الثاني",
        DateContext(period=period(112)),
        [date(2023, 12, 28), date(2023, 12, 30), date(2024, 1, 2), date(2024, 1, 5)],
    ),
    # one year written at the end of a list covers the earlier month too
    ("في 26 تموز و3 آب 2023", NO_ANCHOR, [date(2023, 7, 26), date(2023, 8, 3)]),
]


@pytest.mark.parametrize(("text", "ctx", "expected"), ids("list", LISTS))
def test_day_lists(text: str, ctx: DateContext, expected: list[date]) -> None:
    got = resolved(text, ctx)
    assert [r.date for r in got] == expected, f"{text!r}: got {got}"
    assert all(r.problem is None for r in got)


def test_seed_list_days_and_months() -> None:
    got = [(r.day, r.month) for r in refs(SEED)]
    assert got == [(26, 1), (27, 1), (30, 1), (31, 1), (5, 2), (6, 2), (7, 2), (14, 2), (17, 2), (18, 2), (21, 2)]


# --- ranges -------------------------------------------------------------------------------------------
RANGES = [
    ("بين 3 و7 آب 2023", [(3, 8, "start"), (7, 8, "end")], [date(2023, 8, 3), date(2023, 8, 7)]),
    ("من 3 إلى 7 آب 2023", [(3, 8, "start"), (7, 8, "end")], [date(2023, 8, 3), date(2023, 8, 7)]),
    ("من 3 حتى 7 آب 2023", [(3, 8, "start"), (7, 8, "end")], [date(2023, 8, 3), date(2023, 8, 7)]),
    ("من 3 ولغاية 7 آب 2023", [(3, 8, "start"), (7, 8, "end")], [date(2023, 8, 3), date(2023, 8, 7)]),
    ("3-7 آب 2023", [(3, 8, "start"), (7, 8, "end")], [date(2023, 8, 3), date(2023, 8, 7)]),
    (
        "في الفترة بين 10 و15 تموز 2024",
        [(10, 7, "start"), (15, 7, "end")],
        [date(2024, 7, 10), date(2024, 7, 15)],
    ),
    # a list of two days is not a range
    ("في 3 و7 آب 2023", [(3, 8, None), (7, 8, None)], [date(2023, 8, 3), date(2023, 8, 7)]),
    # a range across two months
    (
        "من 28 تموز إلى 3 آب 2023",
        [(28, 7, "start"), (3, 8, "end")],
        [date(2023, 7, 28), date(2023, 8, 3)],
    ),
]


@pytest.mark.parametrize(("text", "parts", "expected"), ids("range", RANGES))
def test_ranges(text: str, parts: list[tuple[int, int, str | None]], expected: list[date]) -> None:
    got = [(r.day, r.month, r.range_part) for r in refs(text)]
    assert got == parts, f"{text!r}: got {got}"
    assert dates(text, NO_ANCHOR) == expected


# --- relative references against a fixed publication date ----------------------------------------------
RELATIVE = [
    ("في 23 الشهر الفائت", date(2024, 2, 10), [date(2024, 1, 23)]),
    ("في 23 الشهر الماضي", date(2024, 1, 10), [date(2023, 12, 23)]),
    ("في 5 من الشهر الجاري", PUBLISHED, [date(2024, 7, 5)]),
    ("5 تموز الجاري", PUBLISHED, [date(2024, 7, 5)]),
    ("في 5 كانون الثاني الجاري", date(2024, 1, 20), [date(2024, 1, 5)]),
    ("26 كانون الثاني الماضي", date(2024, 2, 10), [date(2024, 1, 26)]),
    ("20 كانون الأول الماضي", date(2024, 2, 10), [date(2023, 12, 20)]),
    ("في 15 تموز المقبل", date(2024, 5, 1), [date(2024, 7, 15)]),
    ("أمس", PUBLISHED, [date(2024, 7, 14)]),
    ("يوم أمس", PUBLISHED, [date(2024, 7, 14)]),
    ("مساء أمس", PUBLISHED, [date(2024, 7, 14)]),
    ("البارحة", PUBLISHED, [date(2024, 7, 14)]),
    ("الليلة الماضية", PUBLISHED, [date(2024, 7, 14)]),
    ("أول أمس", PUBLISHED, [date(2024, 7, 13)]),
    ("اليوم", PUBLISHED, [date(2024, 7, 15)]),
    ("صباح اليوم", PUBLISHED, [date(2024, 7, 15)]),
    ("أمس", date(2024, 3, 1), [date(2024, 2, 29)]),
    ("قصفت الطائرات أمس مواقع قرب القاعدة", PUBLISHED, [date(2024, 7, 14)]),
]


@pytest.mark.parametrize(("text", "published", "expected"), ids("rel", RELATIVE))
def test_relative(text: str, published: date, expected: list[date]) -> None:
    got = dates(text, DateContext(published=published))
    assert got == expected, f"{text!r} published {published}: got {got}"


@pytest.mark.parametrize(
    ("text", "published", "year_month"),
    ids(
        "relmonth",
        [
            ("تموز الجاري", PUBLISHED, (2024, 7)),
            ("الشهر الماضي", PUBLISHED, (2024, 6)),
            ("الشهر الماضي", date(2024, 1, 10), (2023, 12)),
        ],
    ),
)
def test_relative_month_only(text: str, published: date, year_month: tuple[int, int]) -> None:
    (r,) = resolved(text, DateContext(published=published))
    assert r.date is not None and (r.date.year, r.date.month) == year_month


# --- the year comes from the coalition window, then from the publication date ------------------------------
YEAR_INFERENCE = [
    # month 112 = 2023-12-23 .. 2024-01-22
    ("في 25 كانون الأول", DateContext(period=period(112)), date(2023, 12, 25)),
    ("في 5 كانون الثاني", DateContext(period=period(112)), date(2024, 1, 5)),
    ("في 20 كانون الأول", DateContext(period=period(112)), date(2023, 12, 20)),
    ("في 30 ديسمبر", DateContext(period=period(100)), date(2022, 12, 30)),
    ("في 10 يناير", DateContext(period=period(100)), date(2023, 1, 10)),
    # the window wins over the publication date
    ("في 25 كانون الأول", DateContext(published=date(2024, 3, 1), period=period(112)), date(2023, 12, 25)),
    ("في 20 تموز", DateContext(period=period(119)), date(2024, 7, 20)),
    ("في 3 آب", DateContext(period=period(107)), date(2023, 8, 3)),
    # no window: a date after publication belongs to the year before
    ("في 20 تشرين الثاني", DateContext(published=date(2024, 3, 10)), date(2023, 11, 20)),
    ("في 25 آذار", DateContext(published=date(2024, 3, 10)), date(2023, 3, 25)),
    ("في 5 آذار", DateContext(published=date(2024, 3, 10)), date(2024, 3, 5)),
    ("في 1 كانون الثاني", DateContext(published=date(2024, 3, 10)), date(2024, 1, 1)),
    ("في 3 آب", AT_PUB, date(2023, 8, 3)),
    ("في 3 أغسطس", AT_PUB, date(2023, 8, 3)),
    ("في 29 شباط", DateContext(period=period(113)), date(2024, 2, 29)),
]


@pytest.mark.parametrize(("text", "ctx", "expected"), ids("year", YEAR_INFERENCE))
def test_year_inference(text: str, ctx: DateContext, expected: date) -> None:
    got = resolved_each(text, ctx)
    assert [(r.date, r.problem) for r in got] == [(expected, None)], f"{text!r} with {ctx}: got {got}"


# --- impossible dates: a problem, never a date ------------------------------------------------------------
INVALID = [
    ("31 شباط", NO_ANCHOR),
    ("31 شباط", DateContext(period=period(113))),
    ("30 شباط", AT_PUB),
    ("31 نيسان", AT_PUB),
    ("31 حزيران", DateContext(period=period(118))),
    ("31 أيلول", AT_PUB),
    ("31 تشرين الثاني", AT_PUB),
    ("31 جوان 2024", NO_ANCHOR),
    ("29 شباط 2023", NO_ANCHOR),
    ("29 شباط 2023", AT_PUB),
    ("29 شباط", DateContext(published=date(2025, 3, 10))),
    ("29 شباط", DateContext(period=period(101))),  # 2023-01-23 .. 2023-02-22: no 29 February
    ("31/4/2024", NO_ANCHOR),
    ("29/2/2023", NO_ANCHOR),
]


@pytest.mark.parametrize(("text", "ctx"), ids("invalid", INVALID))
def test_invalid_dates(text: str, ctx: DateContext) -> None:
    got = resolved_each(text, ctx)
    assert [(r.date, r.problem) for r in got] == [(None, "invalid_date")], f"{text!r} with {ctx}: got {got}"


# --- nothing to take a year from ------------------------------------------------------------------------
NO_YEAR = [
    "26 كانون الثاني",
    "في 5 آب",
    "في 3 أكتوبر",
    "أمس",
    "اليوم",
    "في 23 الشهر الفائت",
    "تموز الجاري",
    "في 9 شوال",
]


@pytest.mark.parametrize("text", [pytest.param(t, id=f"noyear-{i:02d}") for i, t in enumerate(NO_YEAR)])
def test_no_year(text: str) -> None:
    got = resolved_each(text, NO_ANCHOR)
    assert [(r.date, r.problem) for r in got] == [(None, "no_year")], f"{text!r}: got {got}"


# --- ordinary words that look like month names ----------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        pytest.param(t, id=f"nodate-{i:02d}")
        for i, t in enumerate(["مارس الجيش ضغوطا على السكان", "أب لثلاثة أطفال", "قال الأب إن ابنه اعتقل"])
    ],
)
def test_no_date(text: str) -> None:
    assert refs(text) == []


# --- days written as ordinal words ("في الخامس من آب") -----------------------------------------------
WORD_DAYS = [
    ("في الخامس من آب 2023", date(2023, 8, 5)),
    ("في الحادي والعشرين من كانون الثاني 2024", date(2024, 1, 21)),
]


@pytest.mark.parametrize(("text", "expected"), ids("wordday", WORD_DAYS))
def test_word_days(text: str, expected: date) -> None:
    got = dates(text, NO_ANCHOR)
    assert got == [expected], f"{text!r}: got {got}"


# --- the coalition calendar ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("n", "first", "last"),
    ids(
        "period",
        [
            (1, date(2014, 9, 23), date(2014, 10, 22)),
            (4, date(2014, 12, 23), date(2015, 1, 22)),
            (100, date(2022, 12, 23), date(2023, 1, 22)),
            (107, date(2023, 7, 23), date(2023, 8, 22)),
            (112, date(2023, 12, 23), date(2024, 1, 22)),
            (113, date(2024, 1, 23), date(2024, 2, 22)),
            (119, date(2024, 7, 23), date(2024, 8, 22)),
        ],
    ),
)
def test_period(n: int, first: date, last: date) -> None:
    assert period(n) == (first, last)


def test_period_rejects_month_zero() -> None:
    with pytest.raises(ValueError):
        period(0)


@pytest.mark.parametrize(
    ("d", "n"),
    ids(
        "monthof",
        [
            (date(2014, 9, 22), 0),
            (date(2014, 9, 23), 1),
            (date(2014, 10, 22), 1),
            (date(2014, 10, 23), 2),
            (date(2023, 7, 23), 107),
            (date(2023, 8, 22), 107),
            (date(2023, 12, 31), 112),
            (date(2024, 1, 22), 112),
            (date(2024, 1, 23), 113),
            (date(2024, 2, 22), 113),
            (date(2024, 2, 23), 114),
            (date(2024, 4, 18), 115),
        ],
    ),
)
def test_month_of(d: date, n: int) -> None:
    assert month_of(d) == n


@given(st.integers(min_value=1, max_value=600))
def test_month_of_inverts_period(n: int) -> None:
    first, last = period(n)
    assert month_of(first) == n == month_of(last)
    assert (last - first).days in range(27, 31)


@pytest.mark.parametrize(("phrase", "published", "expected"), [
    ("دخلت القافلة مساء الاثنين", date(2025, 3, 18), date(2025, 3, 17)),   # a Tuesday: the day before
    ("وصلت الشاحنات صباح الثلاثاء", date(2025, 3, 18), date(2025, 3, 18)),  # the same day
    ("هبطت الطائرة فجر الجمعة", date(2025, 3, 18), date(2025, 3, 14)),
    ("سقطت قذائف ليل الأحد", date(2024, 1, 9), date(2024, 1, 7)),
])
def test_weekday_after_a_time_of_day(phrase: str, published: date, expected: date) -> None:
    refs = [resolve(r, DateContext(published)) for r in find_dates(normalize(phrase).text)]
    assert [r.date for r in refs] == [expected]


@pytest.mark.parametrize(("phrase", "published", "expected"), [
    ("دخلت القافلة الثلاثاء الماضي", date(2022, 3, 17), date(2022, 3, 15)),      # a Thursday
    ("هبطت الطائرة يوم الأربعاء الماضي", date(2024, 7, 1), date(2024, 6, 26)),
    ("وصلت القافلة الخميس الماضي", date(2022, 3, 17), date(2022, 3, 10)),        # written on a Thursday: a week ago
    ("تعرضت القاعدة لهجوم الجمعة الفائتة", date(2024, 8, 14), date(2024, 8, 9)),
    ("صباح السبت الماضي", date(2024, 8, 14), date(2024, 8, 10)),
])
def test_weekday_last_week(phrase: str, published: date, expected: date) -> None:
    refs = [resolve(r, DateContext(published)) for r in find_dates(normalize(phrase).text)]
    assert [r.date for r in refs] == [expected]


@pytest.mark.parametrize(("phrase", "expected"), [
    ("في الخامس من آب 2024", [date(2024, 8, 5)]),
    ("في الرابع والعشرين من تشرين الأول 2024", [date(2024, 10, 24)]),
    ("في الثاني والسادس والخامس عشر من تشرين الثاني 2024", [date(2024, 11, 2), date(2024, 11, 6), date(2024, 11, 15)]),
    ("أولاها في الرابع والعشرين من تشرين الأول 2024، والثانية في السابع والعشرين منه",
     [date(2024, 10, 24), date(2024, 10, 27)]),
    ("في العاشر والتاسع عشر من أيار 2023", [date(2023, 5, 10), date(2023, 5, 19)]),
])
def test_days_written_as_ordinals(phrase: str, expected: list[date]) -> None:
    assert sorted(d for d in dates(phrase, NO_ANCHOR) if d is not None) == expected


def test_a_day_list_carries_its_month_name_and_no_weekday() -> None:
    copy = normalize("دخلت القوافل في 3 و5 آب 2024").text
    found = find_dates(copy)
    assert [(r.day, r.weekday, copy[r.month_start:r.month_end]) for r in found] == [(3, None, "اب"), (5, None, "اب")]
