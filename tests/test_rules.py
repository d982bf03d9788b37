"""Every rule file's own examples and counter-examples (the rule corpus, as in duckling)."""

from __future__ import annotations

from datetime import date

import pytest

from rasd.extract import extract
from rasd.lexicon import load_yaml
from rasd.rules import RULE_FILES, rules

PUBLISHED = date(2024, 7, 25)


def _cases(kind: str) -> list:
    out = []
    for name in RULE_FILES:
        doc = load_yaml(f"rules/{name}.yaml")
        for i, case in enumerate(doc.get(kind) or []):
            out.append(pytest.param(doc["type"], case, id=f"{name}-{i}"))
    return out


@pytest.mark.parametrize(("rule_type", "case"), _cases("examples"))
def test_rule_example(rule_type: str, case: dict) -> None:
    figures = extract(case["text"], PUBLISHED).figures
    for figure, value in case["expect"].items():
        assert figures[figure] == value, f"{figure} of {case['text']!r}"


@pytest.mark.parametrize(("rule_type", "case"), _cases("counter_examples"))
def test_rule_counter_example(rule_type: str, case: dict) -> None:
    figures = extract(case["text"], PUBLISHED).figures
    for q in rules()[rule_type].quantities.values():
        assert figures[q.figure] is None, f"{q.figure} of {case['text']!r}"


def test_every_rule_has_ten_examples_and_ten_counter_examples() -> None:
    for name in RULE_FILES:
        doc = load_yaml(f"rules/{name}.yaml")
        assert len(doc.get("examples") or []) >= 10, name
        assert len(doc.get("counter_examples") or []) >= 10, name


OTHER = load_yaml("rules/events_other.yaml")


@pytest.mark.parametrize("kind", sorted(OTHER))
def test_trigger_only_events(kind: str) -> None:
    for text in OTHER[kind]["examples"]:
        assert kind in {e.type for e in extract(text, PUBLISHED).events}, text
    for text in OTHER[kind]["counter_examples"]:
        assert kind not in {e.type for e in extract(text, PUBLISHED).events}, text


def test_two_sources_on_one_convoy_are_a_finding() -> None:
    """The first source's count is the figure; the other source's count is shown, not dropped."""
    from rasd.contract import extract_report
    from rasd.reader import read_report

    text = ("القامشلي – 3 أيار 2022\n"
            "أفاد موقع محلي بدخول 35 شاحنة تابعة للتحالف الدولي، مساء أمس، قادمة من شمال العراق.\n"
            "بينما قالت شبكة عين الفرات إن القافلة ضمت 42 شاحنة وآلية، بينها 6 صهاريج وقود.\n")
    out = extract_report(read_report(text.encode(), "two-sources.txt"))
    assert out["figures"]["convoy_vehicles"] == 35
    found = [f for f in out["findings"] if f["kind"] == "sources_disagree"]
    assert len(found) == 1 and found[0]["values"] == [35, 42]
    assert found[0]["evidence"][0]["text"].startswith("42")


@pytest.mark.parametrize(("text", "figure", "values"), [
    ("دير الزور – 3 شباط 2024\nقتل 29 عنصراً على الأقل في الغارات الأميركية على البوكمال، بحسب المرصد السوري.\n"
     "في المقابل، قالت شبكة محلية إن عدد القتلى بلغ 23 شخصاً.\n", "airstrike_killed", [29, 23]),
    ("دير الزور – 3 شباط 2024\nنفذت قسد بمشاركة التحالف عملية إنزال جوي في الشحيل أسفرت عن اعتقال 5 أشخاص بحسب "
     "مصادر كردية.\nبينما قالت شبكة محلية إن القوة اعتقلت 3 أشخاص فقط.\n", "joint_operations_detained", [5, 3]),
])
def test_two_sources_on_losses_are_a_finding(text: str, figure: str, values: list[int]) -> None:
    """Killed or detained told differently by two sources: the first is the figure, the other a finding."""
    from rasd.contract import extract_report
    from rasd.reader import read_report

    out = extract_report(read_report(text.encode(), "two-sources-losses.txt"))
    assert out["figures"][figure] == values[0]
    found = [f for f in out["findings"] if f["kind"] == "sources_disagree" and f["figure"] == figure]
    assert len(found) == 1 and found[0]["values"] == values


@pytest.mark.parametrize("title", ["حصاد أيار/مايو 2024", "حصيلة شهر أيار 2024", "ملخص أيار 2024"])
def test_a_calendar_month_summary_counts_its_month(title: str) -> None:
    """No coalition month, but the title names the month it sums up: its days are its news."""
    text = (f"{title}: نشاط التحالف الدولي\n\nوصلت إلى قواعد التحالف قرابة 90 شاحنة قادمة من إقليم كردستان العراق "
            "على ثلاث دفعات في 7 و18 و27 أيار، واعتقلت قوات التحالف وقسد 12 شخصاً في عمليتين مشتركتين.\n")
    result = extract(text, date(2024, 6, 1))
    assert result.an.period == (date(2024, 5, 1), date(2024, 5, 31))
    assert (result.figures["convoy_vehicles"], result.figures["convoy_batches"]) == (90, 3)
    assert result.figures["convoy_dates"] == ["2024-05-07", "2024-05-18", "2024-05-27"]


def test_a_daily_item_is_not_a_calendar_month_summary() -> None:
    result = extract("دخلت صباح اليوم قافلة من 40 شاحنة للتحالف الدولي قادمة من إقليم كردستان العراق.",
                     date(2024, 6, 1))
    assert result.an.period is None and result.figures["convoy_dates"] == ["2024-06-01"]
