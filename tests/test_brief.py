"""The monthly brief: numeral agreement, the round trip (the Arabic brief read back by `rasd extract`
gives the month's figures), evidence links, sections left out when empty, English, and the PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from rasd.brief import build, render, to_html, to_markdown
from rasd.brief.numerals import count, hedged
from rasd.contract import extract_report
from rasd.reader import read_report
from tests.conftest import EXAMPLES

# ------------------------------------------------------------------ numeral agreement, by hand
AGREEMENT = [
    (1, "شاحنة", "شاحنة واحدة"), (1, "هجوم", "هجوم واحد"), (1, "عملية", "عملية واحدة"),
    (2, "هجوم", "هجومان"), (2, "دفعة", "دفعتان"), (2, "قتيل", "قتيلان"),
    (3, "شخص", "ثلاثة أشخاص"), (3, "طائرة", "ثلاث طائرات"), (4, "عنصر", "أربعة عناصر"),
    (5, "آلية", "خمس آليات"), (6, "جولة", "ست جولات"), (6, "تدريب", "ستة تدريبات"),
    (7, "قتيل", "سبعة قتلى"), (8, "دفعة", "ثماني دفعات"), (8, "هجوم", "ثمانية هجمات"),
    (9, "عملية", "تسع عمليات"), (10, "تدريب", "عشرة تدريبات"), (10, "شاحنة", "عشر شاحنات"),
    (11, "شخص", "11 شخصاً"), (12, "دفعة", "12 دفعةً"), (20, "هجوم", "20 هجوماً"), (39, "قتيل", "39 قتيلاً"),
    (99, "عنصر", "99 عنصراً"), (100, "شاحنة", "100 شاحنة"), (102, "آلية", "102 آلية"),
    (103, "شاحنة", "103 شاحنات"), (110, "قتيل", "110 قتلى"), (111, "قتيل", "111 قتيلاً"),
    (150, "شاحنة", "150 شاحنةً"), (200, "هجوم", "200 هجوم"), (400, "شاحنة", "400 شاحنة"),
    (1000, "عنصر", "1000 عنصر"), (1005, "جولة", "1005 جولات"),
]


@pytest.mark.parametrize(("n", "noun", "expected"), AGREEMENT)
def test_agreement_by_hand(n: int, noun: str, expected: str) -> None:
    assert count(n, noun) == expected


def test_dual_in_construct_and_cases() -> None:
    assert count(2, "طائرة", complement="شحن") == "طائرتا شحن"
    assert count(2, "طائرة", complement="شحن", oblique=True) == "طائرتي شحن"
    assert count(2, "طائرة", oblique=True) == "طائرتين"
    assert count(12, "طائرة", complement="شحن") == "12 طائرة شحن"  # a construct takes no tanween
    assert count(1, "طائرة", complement="شحن") == "طائرة شحن واحدة"


def test_hedges() -> None:
    assert hedged(400, "شاحنة", "about") == "نحو 400 شاحنة"
    assert hedged(3, "قتيل", "at_least") == "ثلاثة قتلى على الأقل"
    assert hedged(30, "عنصر", "more_than") == "أكثر من 30 عنصراً"
    assert hedged(None, "جريح", "dozens") == "عشرات الجرحى"
    assert hedged(None, "هجوم", "several") == "عدة هجمات"
    with pytest.raises(ValueError):
        hedged(None, "هجوم", "about")


# the nouns of the genre: gender of the singular, dual, plural, accusative singular (written in the test)
NOUNS = {
    "شاحنة": ("f", "شاحنتان", "شاحنات", "شاحنةً"), "آلية": ("f", "آليتان", "آليات", "آليةً"),
    "طائرة": ("f", "طائرتان", "طائرات", "طائرةً"), "هجوم": ("m", "هجومان", "هجمات", "هجوماً"),
    "جولة": ("f", "جولتان", "جولات", "جولةً"), "دفعة": ("f", "دفعتان", "دفعات", "دفعةً"),
    "تدريب": ("m", "تدريبان", "تدريبات", "تدريباً"), "عملية": ("f", "عمليتان", "عمليات", "عمليةً"),
    "شخص": ("m", "شخصان", "أشخاص", "شخصاً"), "عنصر": ("m", "عنصران", "عناصر", "عنصراً"),
    "قتيل": ("m", "قتيلان", "قتلى", "قتيلاً"),
}
WORDS_FOR_MASC = ["ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة"]
WORDS_FOR_FEM = ["ثلاث", "أربع", "خمس", "ست", "سبع", "ثماني", "تسع", "عشر"]


@pytest.mark.parametrize("noun", sorted(NOUNS))
def test_agreement_one_to_a_thousand(noun: str) -> None:
    gender, dual, plural, acc = NOUNS[noun]
    for n in range(1, 1001):
        got = count(n, noun)
        if n == 1:
            assert got == f"{noun} {'واحد' if gender == 'm' else 'واحدة'}"
        elif n == 2:
            assert got == dual
        elif n <= 10:
            word = (WORDS_FOR_MASC if gender == "m" else WORDS_FOR_FEM)[n - 3]
            assert got == f"{word} {plural}", n
        elif n < 100 or n % 100 >= 11:
            assert got == f"{n} {acc}", n
        elif 3 <= n % 100 <= 10:
            assert got == f"{n} {plural}", n
        else:
            assert got == f"{n} {noun}", n


def _figures(text: str) -> dict:
    return extract_report(read_report(text.encode(), "brief.md"))


@pytest.mark.parametrize("n", [1, 2, 3, 6, 8, 10, 11, 12, 20, 99, 100, 101, 102, 103, 110, 111, 150, 400, 999, 1000])
def test_what_the_brief_writes_is_read_back(n: int) -> None:
    head = "يواصل التحالف الدولي عملياته في سورية للشهر 113 على التوالي.\n"
    text = (head + f"فقد شهد الشهر دخول {count(n, 'شاحنة')} تابعة للتحالف.\n"
            + f"حيث هبطت {count(n, 'طائرة', complement='شحن')} تابعة للتحالف.\n"
            + f"ورصد نشطاء خلال الشهر {count(n, 'تدريب')} عسكرية لقوات التحالف.\n")
    f = _figures(text)["figures"]
    assert (f["convoy_vehicles"], f["cargo_aircraft"], f["trainings"]) == (n, n, n)


# ------------------------------------------------------------------ briefs from the example database
@pytest.fixture(scope="module")
def example_store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from rasd.ingest import ingest
    from rasd.store import open_store

    if not (EXAMPLES / "reports").exists():
        pytest.skip("no example reports")
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('brief') / 'rasd.db'}")
    ingest(store, [str(EXAMPLES / "reports")])
    return store


def _months(store) -> list[int]:  # type: ignore[no-untyped-def]
    from rasd.aggregate import months

    return [r["month"] for r in months(store)]


def test_round_trip_every_month(example_store) -> None:  # type: ignore[no-untyped-def]
    months = _months(example_store)
    assert len(months) >= 40
    for n in months:
        b = build(example_store, n)
        out = _figures(to_markdown(b))
        assert out["report"]["coalition_month"] == n
        assert out["figures"] == b.month.figures, n
        assert out["figure_qualifiers"] == b.month.qualifiers, n


def test_round_trip_of_the_html_text(example_store) -> None:  # type: ignore[no-untyped-def]
    """The HTML's article, without its evidence quotes and sources, reads back the same figures."""
    from rasd.reader import html_text

    b = build(example_store, 113)
    html = to_html(b, standalone=False, charts=False)
    body = re.sub(r'<section class="(evidence|sources)".*?</section>', "", html, flags=re.S)
    out = _figures(html_text(body))
    assert out["figures"] == b.month.figures


def test_the_brief_of_month_113(example_store) -> None:  # type: ignore[no-untyped-def]
    md = render(example_store, 113, fmt="md")
    assert "للشهر 113 على التوالي" in md
    assert "نحو 330 شاحنةً" in md and "ثماني دفعات" in md
    assert "بتواريخ 25 و28 و31 كانون الثاني، و4 و8 و13 و17 و21 من شباط" in md
    assert "(14 على قاعدة حقل العمر – 7 على قاعدة حقل كونيكو – 2 على قاعدة الشدادي – 1 على قاعدة التنف)" in md
    assert "بجولتين من القصف الجوي" in md and "29 قتيلاً على الأقل" in md
    # the seed's order of sections
    order = [md.index(h) for h in ("## القوافل البرية", "## الجسر الجوي", "## الهجمات على القواعد",
                                   "## الخسائر البشرية", "## الضربات الجوية الانتقامية", "## العمليات المشتركة",
                                   "## الاتساق")]
    assert order == sorted(order)
    # no data, no section: month 113 states no trainings
    assert "## التدريبات" not in md


def test_gulf_month_names(example_store) -> None:  # type: ignore[no-untyped-def]
    md = render(example_store, 113, fmt="md", gulf_months=True)
    assert "25 و28 و31 يناير، و4 و8 و13 و17 و21 من فبراير" in md
    assert _figures(md)["figures"]["convoy_dates"][0] == "2024-01-25"


def test_html_links_every_figure_to_its_evidence(example_store) -> None:  # type: ignore[no-untyped-def]
    html = render(example_store, 113, fmt="html")
    assert '<html lang="ar" dir="rtl">' in html and '<meta charset="utf-8">' in html
    links = set(re.findall(r'<a class="fig" href="#ev-(\w+)"', html))
    assert {"convoy_vehicles", "cargo_aircraft", "attacks_total", "attacks_by_target"} <= links
    for name in links:
        assert f'id="ev-{name}"' in html
    # the evidence is the source's own sentence, with its source
    ev = html[html.index('id="ev-cargo_aircraft"'):]
    ev = ev[:ev.index("</div>")]
    assert "14 طائرة شحن" in ev and "g_m113b.txt" in ev
    assert html.count("<svg") >= 2  # the series chart and the map


def test_report_text_is_escaped(tmp_path: Path) -> None:
    from rasd.ingest import ingest
    from rasd.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    report = tmp_path / "hostile.txt"
    report.write_text("يواصل التحالف الدولي عملياته في سورية للشهر 113 على التوالي.\n"
                      "وهبطت 4 طائرات شحن <script>alert(1)</script> في قاعدة الشدادي.\n", encoding="utf-8")
    ingest(store, [str(report)])
    html = render(store, 113, fmt="html")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_english_brief_has_the_same_figures(example_store) -> None:  # type: ignore[no-untyped-def]
    md = render(example_store, 113, fmt="md", lang="en")
    assert "about 330 trucks" in md and "in 8 batches" in md and "14 cargo aircraft" in md
    assert "24 attacks on coalition bases" in md and "14 on Al-Omar oil field base" in md
    assert "2 rounds of airstrikes" in md and "at least 29 killed" in md
    assert "## Trainings" not in md


def test_cli_brief_errors(example_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from rasd.cli import app

    url = str(example_store.engine.url)
    r = CliRunner().invoke(app, ["brief", "--month", "7", "--db", url])
    assert r.exit_code == 2 and "month 7 has no reports" in r.output
    r = CliRunner().invoke(app, ["brief", "--format", "pdf", "--db", url])
    assert r.exit_code == 2
    out = tmp_path / "b.md"
    r = CliRunner().invoke(app, ["brief", "--format", "md", "--out", str(out), "--db", url])
    assert r.exit_code == 0 and "للشهر" in out.read_text(encoding="utf-8")


# ------------------------------------------------------------------ PDF
def _need_pdf_tools() -> None:
    if shutil.which("pdftoppm") is None:
        if os.environ.get("RASD_REQUIRE_PDF"):
            pytest.fail("pdftoppm (poppler-utils) is required in CI")
        pytest.skip("pdftoppm (poppler-utils) is not installed")


def test_pdf_first_page_is_not_blank(example_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _need_pdf_tools()
    import matplotlib.image as mpimg

    pdf = render(example_store, 113, fmt="pdf")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    path = tmp_path / "b.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / "p")],
                   check=True)
    page = mpimg.imread(next(tmp_path.glob("p*.png")))
    ink = (page[:, :, :3].mean(axis=2) < 0.6).mean()
    assert ink > 0.01  # text on the page, not a white sheet
    # text on the right half (right to left) more than on the left margin
    h, w = page.shape[:2]
    right = (page[:, w // 2:, :3].mean(axis=2) < 0.6).sum()
    left = (page[:, : w // 10, :3].mean(axis=2) < 0.6).sum()
    assert right > left



def test_the_same_brief_on_both_engines(db_url: str, tmp_path: Path) -> None:
    """The brief reads the store through its narrow interface: SQLite and PostgreSQL write the same one."""
    from rasd.ingest import ingest
    from rasd.store import open_store

    if not (EXAMPLES / "reports").exists():
        pytest.skip("no example reports")
    reports = [str(p) for p in sorted((EXAMPLES / "reports").glob("*m113*.txt"))]
    reports += [str(p) for p in sorted((EXAMPLES / "reports").glob("n_d0*.txt"))]
    store = open_store(db_url)
    ingest(store, reports)
    md = render(store, 113, fmt="md")
    assert "للشهر 113 على التوالي" in md and "نحو 330 شاحنةً" in md
    reference = open_store(f"sqlite:///{tmp_path}/reference.db")
    ingest(reference, reports)
    assert md == render(reference, 113, fmt="md")
