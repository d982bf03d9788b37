"""The store, on SQLite and on PostgreSQL (`db_url`): idempotent ingest, versions, corrections that
survive re-extraction, near-duplicate groups, merged events with conflicting quantities, and coalition
months (figures stated by a monthly summary next to those summed from daily items)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from rasd.aggregate import months
from rasd.ingest import Summary, ingest
from rasd.store import Store, open_store
from tests.conftest import EXAMPLES, ROOT, gold_rows

# A daily item: a 40-truck convoy into Hasakah on 2024-02-05 (coalition month 113: 2024-01-23 .. 2024-02-22).
DAILY_A = (
    "الحسكة – 5 شباط/فبراير 2024\n"
    "دخلت، صباح اليوم الاثنين، قافلة عسكرية تابعة للتحالف الدولي مؤلفة من 40 شاحنة محملة بمعدات لوجستية "
    "وعسكرية، عبر معبر الوليد، قادمة من إقليم كردستان العراق.\n"
    "وبحسب مصادر محلية، رافقت القافلة عربات مدرعة أمريكية، وتوجهت إلى قاعدة الشدادي في ريف الحسكة الجنوبي، "
    "وسط تحليق لطيران التحالف في أجواء المنطقة طوال فترة مرور الشاحنات.\n"
    "وأشارت المصادر إلى أن القافلة ضمت أيضاً صهاريج وقود وبرادات مغلقة، وأنها الثانية من نوعها خلال أسبوع واحد.\n"
)
# The same story republished by another site with one sentence changed: a near-duplicate of DAILY_A.
DAILY_A_REPUBLISHED = DAILY_A.replace("وأنها الثانية من نوعها خلال أسبوع واحد",
                                      "وأنها الثالثة من نوعها خلال أسبوع واحد")
# A second outlet's report of the same convoy, the next day, with a different truck count.
DAILY_B = (
    "الحسكة – 6 شباط/فبراير 2024\n"
    "أفادت مصادر محلية بأن قافلة جديدة للتحالف الدولي تضم 45 شاحنة وآلية دخلت اليوم الثلاثاء عبر معبر الوليد "
    "قادمة من إقليم كردستان العراق، واتجهت نحو قاعدة الشدادي.\n"
)
# Another convoy ten days later (a different event).
DAILY_C = (
    "ريف الحسكة – 15 شباط/فبراير 2024\n"
    "رصد ناشطون اليوم الخميس دخول رتل كبير للقوات الأمريكية يضم 80 شاحنة محملة بأسلحة وذخائر ومواد لوجستية، "
    "قادماً من إقليم كردستان العراق عبر معبر الوليد الحدودي، قبل أن يتوجه إلى قاعدة خراب الجير في ريف الحسكة.\n"
)
# The monthly summary of month 113: 120 trucks in three batches, 5 cargo aircraft, 4 trainings.
MONTHLY_113 = (
    "للشهر الثالث عشر بعد المئة.. حصيلة التحالف الدولي في سوريا\n"
    "الفترة: من 23 كانون الثاني/يناير إلى 22 شباط/فبراير 2024\n\n"
    "التعزيزات: دخلت 120 شاحنة تابعة للتحالف على ثلاث دفعات خلال الشهر، قادمة من إقليم كردستان العراق. "
    "وهبطت 5 طائرات شحن في قاعدة الشدادي.\n"
    "التدريبات: أجرت قوات التحالف 4 تدريبات عسكرية مع \"قسد\".\n"
)
CONVOY = "reinforcement_convoy"


def write(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def run(store: Store, *paths: Path) -> Summary:
    return ingest(store, [str(p) for p in paths])


def rasd(*args: str, db: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """The real command line in a child process (`python -m rasd … --db URL`)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    r = subprocess.run([sys.executable, "-m", "rasd", *args, "--db", db], capture_output=True, text=True,
                       env=env, timeout=120, cwd=ROOT)
    if check:
        assert r.returncode == 0, f"rasd {' '.join(args)} exited {r.returncode}:\n{r.stdout}\n{r.stderr}"
    return r


def doc_by_name(store: Store, name: str) -> dict[str, Any]:
    found = [d for d in store.documents() if Path(d["source"]).name == f"{name}.txt"]
    assert len(found) == 1, [d["source"] for d in store.documents()]
    return found[0]


def convoys_of(store: Store, doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in store.events(type=CONVOY, document_id=doc["id"])]


def month_row(store: Store, n: int) -> dict[str, Any]:
    rows = months(store, n, n)
    assert len(rows) == 1, rows
    return rows[0]


# ---------------------------------------------------------------------------- ingest


def test_reingest_adds_nothing(db_url: str, tmp_path: Path) -> None:
    folder = write(tmp_path / "in", a=DAILY_A, b=DAILY_B, c=DAILY_C, m=MONTHLY_113)
    store = open_store(db_url)
    first = run(store, folder)
    assert (first.new, first.unchanged, first.version, first.rejected) == (4, 0, 0, [])
    before = store.counts()
    assert before["documents"] == 4 and before["events"] >= 6 and before["evidence"] >= before["events"]

    again = run(store, folder)
    assert (again.new, again.duplicate, again.version, again.unchanged) == (0, 0, 0, 4)
    assert store.counts() == before
    # the same bytes under another name are the same document too
    copy = write(tmp_path / "copy", renamed=DAILY_A)
    assert run(store, copy).unchanged == 1
    # and through the command line (a new process, a new connection)
    r = rasd("ingest", str(folder), str(copy), db=db_url)
    assert "new 0" in r.stderr and "unchanged 5" in r.stderr
    assert open_store(db_url).counts() == before


def test_changed_file_becomes_version_2(db_url: str, tmp_path: Path) -> None:
    folder = write(tmp_path / "in", item=DAILY_A)
    store = open_store(db_url)
    assert run(store, folder).new == 1
    write(folder, item=DAILY_A.replace("مؤلفة من 40 شاحنة", "مؤلفة من 50 شاحنة"))
    s = run(store, folder)
    assert (s.new, s.version, s.unchanged) == (0, 1, 0)
    docs = [d for d in store.documents() if d["source"] == str(folder / "item.txt")]
    assert [d["version"] for d in docs] == [1, 2]
    v1, v2 = docs
    assert v2["previous_id"] == v1["id"] and v1["previous_id"] is None
    assert v1["sha256"] != v2["sha256"]
    assert [e["quantities"]["vehicles"] for e in convoys_of(store, v2)] == [50]
    # the newest version is the one that counts: in outputs, in events, and not as a second source
    assert [doc["id"] for doc, _ in store.outputs()] == [v2["id"]]
    assert [(e["document_id"], e["quantities"]) for e in store.events()] == [(v2["id"], {"vehicles": 50})]
    assert [f for f in store.findings() if f["kind"] == "conflicting_quantities"] == []
    run(store, write(tmp_path / "m", m=MONTHLY_113))
    assert month_row(store, 113)["summed"]["convoy_vehicles"] == 50
    # the first version is unchanged, and ingesting it again adds nothing
    assert run(store, folder).unchanged == 1
    assert store.counts()["documents"] == 3


# ---------------------------------------------------------------------------- corrections


def test_correction_survives_reextract(db_url: str, tmp_path: Path) -> None:
    folder = write(tmp_path / "in", a=DAILY_A, m=MONTHLY_113)
    rasd("ingest", str(folder), db=db_url)
    store = open_store(db_url)
    [event] = convoys_of(store, doc_by_name(store, "a"))
    assert event["quantities"]["vehicles"] == 40
    assert month_row(store, 113)["summed"]["convoy_vehicles"] == 40

    r = rasd("correct", event["id"], "quantities.vehicles=380", "--by", "Layla", "--why", "the photo shows 380",
             db=db_url)
    assert event["id"] in r.stdout
    r = rasd("reextract", db=db_url)
    assert "re-extracted 2 documents" in r.stdout

    store = open_store(db_url)
    [after] = convoys_of(store, doc_by_name(store, "a"))
    assert after["id"] == event["id"]
    assert after["quantities"]["vehicles"] == 380
    assert [(c["by"], c["why"], c["changes"]) for c in after["corrections"]] == [
        ("Layla", "the photo shows 380", {"quantities.vehicles": 380})]
    assert store.counts()["corrections"] == 1
    # the extraction itself still says 40: the correction lives on top of it
    [(_, output)] = [(d, o) for d, o in store.outputs() if Path(d["source"]).name == "a.txt"]
    assert output["figures"]["convoy_vehicles"] == 40
    row = month_row(store, 113)
    assert row["summed"]["convoy_vehicles"] == 380
    assert row["stated"]["convoy_vehicles"] == 120
    assert any(f["kind"] == "stated_vs_summed" and "380" in f["message"] for f in row["findings"])
    # the command line shows the same figures
    shown = json.loads(rasd("months", "--format", "json", db=db_url).stdout)
    assert [(m["month"], m["summed"]["convoy_vehicles"]) for m in shown] == [(113, 380)]


def test_correcting_the_monthly_figure_clears_the_disagreement(db_url: str, tmp_path: Path) -> None:
    store = open_store(db_url)
    run(store, write(tmp_path / "in", a=DAILY_A, m=MONTHLY_113))
    assert [f["kind"] for f in store.findings(113)] == ["stated_vs_summed"]
    [stated] = convoys_of(store, doc_by_name(store, "m"))
    store.add_correction(event_id=stated["id"], action="correct", changes={"quantities.vehicles": 40},
                         by="Omar", why="the summary counted another month's batch")
    rasd("reextract", db=db_url)
    store = open_store(db_url)
    row = month_row(store, 113)
    assert row["stated"]["convoy_vehicles"] == row["summed"]["convoy_vehicles"] == 40
    assert not [f for f in row["findings"] if f["figure"] == "convoy_vehicles"]
    assert [f for f in store.findings(113) if f["kind"] == "stated_vs_summed"] == []


# ---------------------------------------------------------------------------- near-duplicates and merges


def test_republished_report_joins_the_first_ones_group(db_url: str, tmp_path: Path) -> None:
    store = open_store(db_url)
    first = run(store, write(tmp_path / "site1", a=DAILY_A))
    assert first.new == 1
    again = run(store, write(tmp_path / "site2", a_copy=DAILY_A_REPUBLISHED, b=DAILY_B))
    assert (again.new, again.duplicate, again.version) == (1, 1, 0)
    a, copy, b = doc_by_name(store, "a"), doc_by_name(store, "a_copy"), doc_by_name(store, "b")
    assert a["group_id"] == a["id"]
    assert copy["group_id"] == a["id"] and copy["id"] != a["id"]
    assert b["group_id"] == b["id"]  # a different story is its own group
    # the status is "duplicate" when the store is asked directly
    from rasd.contract import extract_report
    from rasd.reader import RawReport

    text = DAILY_A_REPUBLISHED.replace("عربات مدرعة", "عربات مدرعة ومصفحة")
    out = extract_report(RawReport("x" * 64, "site3/a.txt", text, "utf-8"))
    stored = store.add_document(sha="x" * 64, source="site3/a.txt", text=text, encoding="utf-8", url=None,
                                outlet="site3", published=None, output=out, group_id=a["id"])
    assert (stored.status, stored.group_id) == ("duplicate", a["id"])


def test_signatures_are_stored_and_unsigned_documents_signed_once(db_url: str, tmp_path: Path) -> None:
    """An ingest reads the stored near-duplicate signatures instead of normalising every stored text; a
    document stored without one (before they were kept) is signed from its text on the next ingest."""
    import sqlalchemy as sa

    from rasd.dedup import SCHEME, NearDuplicates, from_bytes, signature
    from rasd.store import schema as t

    store = open_store(db_url)
    run(store, write(tmp_path / "site1", a=DAILY_A, b=DAILY_B))
    with store.engine.begin() as c:
        stored = dict(c.execute(sa.select(t.signatures.c.document_id, t.signatures.c.minhash)).all())
        assert set(stored) == {d["id"] for d in store.documents()}
        for doc in store.documents():  # the copy extraction made is the one `signature` makes
            assert list(from_bytes(bytes(stored[doc["id"]])).hashvalues) == list(signature(doc["text"]).hashvalues)
        c.execute(sa.delete(t.signatures).where(t.signatures.c.document_id == doc_by_name(store, "a")["id"]))
    assert [text is not None for _, _, _, text in store.iter_signatures(SCHEME)] == [True, False]
    NearDuplicates.from_store(store)
    assert [text is None for _, _, _, text in store.iter_signatures(SCHEME)] == [True, True]
    assert [text is not None for _, _, _, text in store.iter_signatures("another scheme")] == [True, True]
    again = run(store, write(tmp_path / "site2", a_copy=DAILY_A_REPUBLISHED))
    assert again.duplicate == 1 and doc_by_name(store, "a_copy")["group_id"] == doc_by_name(store, "a")["id"]


def test_one_convoy_from_two_outlets_is_one_event_with_a_conflict(db_url: str, tmp_path: Path) -> None:
    store = open_store(db_url)
    s = run(store, write(tmp_path / "in", a=DAILY_A, b=DAILY_B, c=DAILY_C))
    assert s.new == 3
    a, b, c = (convoys_of(store, doc_by_name(store, n))[0] for n in "abc")
    assert (a["date"].isoformat(), b["date"].isoformat()) == ("2024-02-05", "2024-02-06")
    assert a["cluster_id"] == b["cluster_id"] == a["id"]  # the earliest report names the cluster
    assert c["cluster_id"] == c["id"]  # ten days later: another convoy
    conflicts = [f for f in store.findings() if f["kind"] == "conflicting_quantities"]
    assert len(conflicts) == 1, conflicts
    detail = conflicts[0]["detail"]
    assert detail["cluster"] == a["id"] and detail["quantity"] == "vehicles"
    assert sorted(detail["values"].values()) == [40, 45]
    assert set(detail["values"]) == {str(a["document_id"]), str(b["document_id"])}
    assert conflicts[0]["coalition_month"] == 113


# ---------------------------------------------------------------------------- coalition months


def test_month_shows_stated_and_summed_figures(db_url: str, tmp_path: Path) -> None:
    store = open_store(db_url)
    run(store, write(tmp_path / "one", m=MONTHLY_113, a=DAILY_A))
    row = month_row(store, 113)
    assert (row["period_start"], row["period_end"]) == ("2024-01-23", "2024-02-22")
    assert {k: row["stated"][k] for k in ("convoy_vehicles", "cargo_aircraft", "trainings")} == {
        "convoy_vehicles": 120, "cargo_aircraft": 5, "trainings": 4}
    assert row["summed"]["convoy_vehicles"] == 40
    assert row["summed"]["cargo_aircraft"] is None  # no daily item reports aircraft: nothing summed, not 0
    assert [(f["kind"], f["figure"]) for f in row["findings"]] == [("stated_vs_summed", "convoy_vehicles")]
    [found] = store.findings(113)
    assert found["kind"] == "stated_vs_summed" and found["detail"] == {
        "figure": "convoy_vehicles", "stated": 120, "summed": 40}

    # another convoy later in the month: the daily items now add up to what the summary states
    run(store, write(tmp_path / "two", c=DAILY_C))
    row = month_row(store, 113)
    assert row["summed"]["convoy_vehicles"] == 120 and row["findings"] == []
    assert store.findings(113) == []
    # a second outlet's report of the first convoy is the same event: it is not counted twice
    run(store, write(tmp_path / "three", b=DAILY_B))
    row = month_row(store, 113)
    assert row["summed"]["convoy_vehicles"] == 120
    assert [f["kind"] for f in row["findings"]] == []
    assert [f["kind"] for f in store.findings(113)] == ["conflicting_quantities"]
    # the command line agrees
    [shown] = json.loads(rasd("months", "--format", "json", "--from", "113", "--to", "113", db=db_url).stdout)
    assert shown["stated"]["convoy_vehicles"] == 120 and shown["summed"]["convoy_vehicles"] == 120


def test_example_reports_from_jsonl(db_url: str, tmp_path: Path) -> None:
    """Bundled examples as a JSONL dump (url, outlet, published, text): stored as extraction gives them."""
    from rasd.contract import extract_report
    from rasd.reader import RawReport

    gold = {row["id"]: row for row in gold_rows(EXAMPLES / "gold.jsonl")}
    names = ["d001", "g_m113b", "m114", "h_d01", "g_d05"]
    rows = [{"url": f"https://example.org/{n}", "source": "examples", "published": gold[n].get("published"),
             "text": (EXAMPLES / "reports" / f"{n}.txt").read_text(encoding="utf-8")} for n in names]
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    store = open_store(db_url)
    assert ingest(store, [str(dump)]).new == len(names)
    outputs = {d["url"]: (d, o) for d, o in store.outputs()}
    assert len(outputs) == len(names)
    for row in rows:
        doc, output = outputs[row["url"]]
        published = date.fromisoformat(row["published"]) if row["published"] else None
        assert (doc["outlet"], doc["source"], doc["published"]) == ("examples", row["url"], published)
        assert doc["text"] == row["text"]
        expected = extract_report(RawReport(doc["sha256"], row["url"], row["text"], "utf-8"), published)
        assert output == json.loads(json.dumps(expected))
        assert doc["coalition_month"] == expected["report"]["coalition_month"]
        assert doc["kind"] == ("monthly" if expected["report"]["coalition_month"] else "daily")
        events = store.events(document_id=doc["id"])
        assert sorted(e["id"] for e in events) == sorted(e["id"] for e in expected["events"])
        for e in events:
            assert e["evidence"], e
            for span in e["evidence"]:
                assert doc["text"][span["start"]:span["end"]] == span["text"]
