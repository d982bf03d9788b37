"""Generate seed-sized synthetic monthly reports (deterministic) for the benchmarks."""

from __future__ import annotations

import random

MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
          "تشرين الثاني", "كانون الأول"]
BASES = ["حقل العمر النفطي", "الشدادي", "حقل كونيكو للغاز", "التنف", "خراب الجير", "قسرك", "تل بيدر"]
WORDS = ["ست", "ثلاث", "خمس", "سبع", "تسع", "أربع"]


def report(i: int) -> str:
    """One synthetic monthly report of about the seed's size (3 KB)."""
    r = random.Random(i)
    month = 100 + r.randrange(30)
    m1, m2 = r.randrange(12), r.randrange(12)
    days1 = " و".join(str(d) for d in sorted(r.sample(range(23, 32), 3)))
    days2 = " و".join(str(d) for d in sorted(r.sample(range(1, 23), 5)))
    parts = [r.randrange(1, 12) for _ in range(3)]
    breakdown = " – ".join(f"{n} على قاعدة {b}" for n, b in zip(parts, r.sample(BASES, 3), strict=True))
    return (
        f"يواصل التحالف الدولي الذي يدعي مواجهة تنظيم “د ا ع ش” عملياته في سورية للشهر {month} على التوالي، "
        "حيث تتواصل عمليات إرسال التعزيزات العسكرية إلى مناطق سيطرة قوات سوريا الديمقراطية (قسد).\n"
        f"فقد شهد الشهر دخول نحو {r.randrange(50, 900)} شاحنة وآلية تابعة للتحالف، تحمل معدات لوجستية وعسكرية، "
        f"دخلت من إقليم كردستان العراق على {r.randrange(3, 15)} دفعات بتواريخ {days1} {MONTHS[m1]}، "
        f"و{days2} من {MONTHS[m2]} وتوجهت إلى قواعد التحالف الدولي في الحسكة ودير الزور.\n"
        f"كما هبطت نحو {r.randrange(2, 40)} طائرة شحن تابعة للتحالف ضمن قواعدها في الحسكة ودير الزور.\n"
        f"في حين تواصل الم قاو م ة الاسلامية هجماتها على قواعد التحالف، حيث سجل {sum(parts)} هجوماً، "
        f"وخلفت الاستهدافات {r.randrange(1, 9)} قتلى على الأقل من القوات الأميركية وعشرات الجرحى منهم.\n"
        f"وتوزعت الاستهدافات على النحو الآتي: ({breakdown})\n"
        f"بينما ردت القوات الأميركية ب{r.choice(WORDS)} جولات من القصف الجوي على مواقع بدير الزور، "
        f"مخلفة نحو {r.randrange(5, 60)} قتيلاً من العسكريين.\n"
        f"ورصد نشطاء خلال الشهر {r.randrange(2, 20)} تدريبات عسكرية لقوات التحالف مع قسد.\n"
        f"كذلك شارك التحالف الدولي في {r.randrange(1, 9)} عمليات مع قوات سوريا الديمقراطية، "
        f"وأسفرت العمليات بحسب مصادر كردية عن اعتقال {r.randrange(1, 20)} أشخاص ومقتل {r.randrange(1, 5)} منهم.\n"
        "على صعيد متصل، نفذت قوة عسكرية تابعة للتحالف الدولي حملة اعتقال وتفتيش ضمن منطقة الـ 55 كيلومتر "
        "قرب قاعدة التنف عند مثلث الحدود السورية – الأردنية – العراقية.\n"
    ) * 2


def measure(name: str, work, n: int) -> None:  # type: ignore[no-untyped-def]
    """Time `work(i, text)` over n generated reports on one core; print reports/s, MB/s and peak RSS."""
    import resource
    import time

    docs = [report(i) for i in range(n)]
    size = sum(len(d.encode()) for d in docs)
    work(-1, docs[0])  # load lexicons and rules once, as a worker would
    t0 = time.perf_counter()
    found = sum(work(i, d) for i, d in enumerate(docs))
    dt = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{name}: {n} reports, {size / 1e6:.1f} MB, avg {size / n / 1024:.1f} KB/report")
    print(f"  {n / dt:,.0f} reports/s on one core, {size / 1e6 / dt:.2f} MB/s, {found} items found")
    print(f"  peak RSS {rss:.0f} MB")
