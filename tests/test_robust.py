"""Extraction never fails on odd text: any input gives a contract object whose evidence is exact."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.contract import extract_report
from rasd.reader import RawReport

PIECES = st.sampled_from([
    "دخلت ", "قافلة ", "من ", "40 ", "٢٠ ", "شاحنة ", "و", "هجوم ", "على ", "قاعدة ", "حقل العمر ", "كونيكو ",
    "التنف ", "(12 على ", " – ", "-1 ", ") ", "نحو ", "عشرات ", "الجرحى ", "مقتل ", "اعتقال ", "3 ", "أشخاص ",
    "كانون الثاني ", "شباط ", "31 ", "26 و27 ", "، ", ". ", "\n", "للشهر 113 ", "د ا ع ش ", "ق س د ",
    "بست جولات ", "طائرتا شحن ", "تدريباً ", "عملية إنزال ", "بحسب مصادر كردية ", "نفت ", "أمس ", "ـ ", "\u064e",
    "منذ منتصف أكتوبر ", "الشهر الفائت ", "الأول ", "الثاني ", "منه ", "بين ", "إلى ", ": ", "• ",
])


@given(st.lists(PIECES, max_size=60), st.booleans())
@settings(max_examples=250, deadline=None)
def test_extract_never_fails_and_evidence_is_exact(pieces: list[str], with_date: bool) -> None:
    text = "".join(pieces)
    out = extract_report(RawReport("x", "x", text, "utf-8"), date(2024, 2, 10) if with_date else None)
    assert out["contract"] == 1
    for ev in out["events"]:
        for e in ev["evidence"]:
            assert text[e["start"]:e["end"]] == e["text"]
    for f in out["findings"]:
        for e in f["evidence"]:
            assert text[e["start"]:e["end"]] == e["text"]
    for k, v in out["figures"].items():
        assert v is None or v != 0 or k == "casualties", k
