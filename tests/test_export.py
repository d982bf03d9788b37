"""Export: flat tables (CSV, JSON Lines, Parquet), GeoJSON and ACLED's layout, from a store built from
example reports (and the shared seed when it is there)."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from rasd.calendar import month_of
from rasd.contract import extract_report
from rasd.export import COLUMNS, QUANTITIES, export
from rasd.merge import recluster
from rasd.reader import read_path
from rasd.store import Store, open_store
from tests.conftest import EXAMPLES, SEED, gold_rows

# every one of our event types, a two-document cluster (d005 + h_d12), drone and rocket attacks
REPORTS = ("m095", "h_m108", "d005", "h_d12", "g_d06", "d006", "d010", "d016", "h_d16", "h_d04", "d003", "d002",
           "h_d14")
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]


def _add(store: Store, path: Path, published: date | None) -> None:
    r = read_path(path)
    out = extract_report(r, published)
    store.add_document(sha=r.id, source=r.source, text=r.text, encoding=r.encoding, url=None, outlet=None,
                       published=published, output=out)


def _build(tmp: Path, names: tuple[str, ...], seed: bool) -> Store:
    gold = {row["id"]: row for row in gold_rows(EXAMPLES / "gold.jsonl")}
    store = open_store(f"sqlite:///{tmp}/t.db")
    for name in names:
        pub = gold.get(name, {}).get("published")
        _add(store, EXAMPLES / "reports" / f"{name}.txt", date.fromisoformat(pub) if pub else None)
    if seed and SEED.exists():
        _add(store, SEED, None)
    recluster(store)
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return _build(tmp_path_factory.mktemp("export"), REPORTS, seed=True)


@pytest.fixture()
def small(tmp_path: Path) -> Store:
    """A store of its own, for tests that add corrections."""
    return _build(tmp_path, ("h_m108", "d005", "h_d12"), seed=False)


def _one(rows: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    found = [r for r in rows if all(str(r.get(k)) == str(v) for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


def _source(row: dict[str, Any], name: str) -> bool:
    srcs = row["sources"] if isinstance(row["sources"], list) else row["sources"].split("; ")
    return any(Path(s).stem == name for s in srcs)


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _acled(store: Store, tmp_path: Path, **kw: Any) -> tuple[list[str], list[dict[str, str]]]:
    out = tmp_path / "acled.csv"
    n = export(store, "acled", out, **kw)
    with out.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    rows = _csv(out)
    assert n == len(rows)
    return header, rows


def test_one_row_per_cluster(store: Store, tmp_path: Path) -> None:
    events = store.events()
    clusters = {e["cluster_id"] for e in events}
    assert len(clusters) == len(events) - 1  # d005 and h_d12 report the same drone attack on Conoco
    n = export(store, "jsonl", tmp_path / "e.jsonl")
    rows = _jsonl(tmp_path / "e.jsonl")
    assert n == len(rows) == len(clusters)
    merged = [r for r in rows if len(r["sources"]) > 1]
    assert len(merged) == 1
    m = merged[0]
    assert m["type"] == "attack" and m["place"] == "Conoco gas field base" and m["date"] == "2024-01-31"
    assert _source(m, "d005") and _source(m, "h_d12") and len(m["event_ids"]) == 2
    assert m["attacks"] == 1 and m["coalition_month"] == month_of(date(2024, 1, 31)) == 113
    assert "بطائرتين مسيّرتين" in m["evidence_text"] and "بمسيّرة" in m["evidence_text"]


def test_flat_formats_round_trip(store: Store, tmp_path: Path) -> None:
    n_csv = export(store, "csv", tmp_path / "e.csv")
    n_jsonl = export(store, "jsonl", tmp_path / "e.jsonl")
    n_pq = export(store, "parquet", tmp_path / "e.parquet")
    n_geo = export(store, "geojson", tmp_path / "e.geojson")
    rows_csv = _csv(tmp_path / "e.csv")
    rows_jsonl = _jsonl(tmp_path / "e.jsonl")
    table = pq.read_table(tmp_path / "e.parquet")
    rows_pq = table.to_pylist()
    geo = json.loads((tmp_path / "e.geojson").read_text(encoding="utf-8"))
    assert n_csv == n_jsonl == n_pq == len(rows_csv) == len(rows_jsonl) == len(rows_pq)
    assert table.column_names == list(COLUMNS) and list(rows_csv[0]) == list(COLUMNS)
    ids = [r["id"] for r in rows_jsonl]
    assert [r["id"] for r in rows_csv] == ids == [r["id"] for r in rows_pq]
    for c, j, p in zip(rows_csv, rows_jsonl, rows_pq, strict=True):
        for q in QUANTITIES:
            assert j[q] == p[q] == (int(c[q]) if c[q] else None), (j["id"], q)
            assert j[f"{q}_qualifier"] == p[f"{q}_qualifier"] == (c[f"{q}_qualifier"] or None)
        assert j["sources"] == p["sources"] == c["sources"].split("; ")
    located = [r for r in rows_jsonl if r["lat"] is not None]
    assert 0 < n_geo == len(located) < len(rows_jsonl)  # some events name no place
    assert geo["type"] == "FeatureCollection"
    assert [f["id"] for f in geo["features"]] == [r["id"] for r in located]
    for f, r in zip(geo["features"], located, strict=True):
        assert f["geometry"] == {"type": "Point", "coordinates": [r["lon"], r["lat"]]}
        assert {q: f["properties"][q] for q in QUANTITIES} == {q: r[q] for q in QUANTITIES}


def test_flat_values(store: Store, tmp_path: Path) -> None:
    export(store, "jsonl", tmp_path / "e.jsonl")
    rows = _jsonl(tmp_path / "e.jsonl")
    convoy = [r for r in rows if r["type"] == "reinforcement_convoy" and _source(r, "m095")][0]
    assert (convoy["vehicles"], convoy["vehicles_qualifier"], convoy["batches"]) == (180, "about", 5)
    assert convoy["coalition_month"] == 95 and convoy["date"] is None and convoy["date_precision"] == "period"
    assert convoy["attribution"] == "activists" and convoy["corrected"] is False and convoy["rejected"] is False
    strike = [r for r in rows if r["type"] == "airstrike" and _source(r, "h_m108")][0]
    assert (strike["rounds"], strike["killed"], strike["place"], strike["initiator"]) == (3, 8, "Raqqa", "us_forces")
    dozens = [r for r in rows if _source(r, "h_d14")][0]
    assert dozens["vehicles"] is None and dozens["vehicles_qualifier"] == "dozens"


def test_acled_layout_and_types(store: Store, tmp_path: Path) -> None:
    header, rows = _acled(store, tmp_path)
    assert header == ACLED_COLUMNS
    assert all(list(r) == ACLED_COLUMNS for r in rows)
    export(store, "jsonl", tmp_path / "e.jsonl")
    flat = {r["id"]: r for r in _jsonl(tmp_path / "e.jsonl")}
    by_id = {r["event_id_cnty"].split("-", 1)[1]: r for r in rows}
    assert set(by_id) == set(flat)
    expected = {
        "airstrike": ("Explosions/Remote violence", "Air/drone strike"),
        "arrest_campaign": ("Strategic developments", "Arrests"),
        "reinforcement_convoy": ("Strategic developments", "Other"),
        "reinforcement_airlift": ("Strategic developments", "Other"),
        "base_construction": ("Strategic developments", "Headquarters or base established"),
        "withdrawal": ("Strategic developments", "Non-violent transfer of territory"),
        "training_exercise": ("Strategic developments", "Other"),
        "patrol": ("Strategic developments", "Other"),
    }
    assert {r["type"] for r in flat.values()} == set(expected) | {"attack", "joint_operation"}
    for eid, r in by_id.items():
        t = flat[eid]["type"]
        if t in expected:
            assert (r["event_type"], r["sub_event_type"]) == expected[t], (t, eid)
        want = "Strategic developments" if r["event_type"] == "Strategic developments" else "Political violence"
        assert r["disorder_type"] == want
        assert (r["iso"], r["country"], r["region"]) == ("760", "Syria", "Middle East")
    # attacks: drones are air/drone strikes, rockets are shelling
    drone = _one(rows, location="Al-Shaddadi base", event_date="2024-01-07")
    rocket = _one(rows, location="Al-Omar oil field base", event_date="2024-01-04")
    assert (drone["event_type"], drone["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert rocket["sub_event_type"] == "Shelling/artillery/missile attack"
    assert (drone["actor1"], drone["inter1"]) == ("Unidentified Armed Group (Syria)", "3")
    assert (drone["actor2"], drone["inter2"], drone["interaction"]) == ("Global Coalition Against Daesh", "8", "38")
    # joint operations: a clash when people were killed, else arrests
    joint = {flat[eid]["killed"]: r for eid, r in by_id.items() if flat[eid]["type"] == "joint_operation"}
    assert (joint[2]["event_type"], joint[2]["sub_event_type"]) == ("Battles", "Armed clash")
    assert (joint[None]["event_type"], joint[None]["sub_event_type"]) == ("Strategic developments", "Arrests")
    assert joint[None]["assoc_actor_1"] == "SDF: Syrian Democratic Forces" and joint[None]["interaction"] == "80"
    strike = _one(rows, sub_event_type="Air/drone strike", location="Raqqa")
    assert strike["actor1"] == "Military Forces of the United States (2021-2025)" and strike["inter1"] == "8"
    assert "US forces carried out air strikes (3 rounds of strikes, 8 people killed)" in strike["notes"]


def test_acled_fatalities_and_precision(store: Store, tmp_path: Path) -> None:
    _, rows = _acled(store, tmp_path)
    strike = _one(rows, sub_event_type="Air/drone strike", location="Raqqa")
    assert strike["fatalities"] == "8"
    convoy = _one(rows, event_date="2022-08-07", location="Hasakah")  # m095's convoys, placed mid-month
    assert (convoy["fatalities"], convoy["time_precision"], convoy["geo_precision"]) == ("0", "3", "3")
    assert convoy["year"] == "2022" and convoy["admin1"] == "Al Hasakeh"
    assert "about 180 vehicles, 5 batches" in convoy["notes"]
    day = _one(rows, location="Al-Tanf base", event_date="2022-08-15")  # m095's dated attack on Al-Tanf
    assert (day["time_precision"], day["geo_precision"], day["admin1"]) == ("1", "1", "Homs")
    assert (day["latitude"], day["longitude"]) == ("33.5", "38.62")
    zone = _one(rows, location="55 km zone", event_date="2023-09-18")  # d010: a region, part of a region
    assert (zone["geo_precision"], zone["sub_event_type"]) == ("2", "Headquarters or base established")
    if SEED.exists():
        seed = _one(rows, sub_event_type="Air/drone strike", tags="rasd_type=airstrike; coalition_month=113")
        assert seed["fatalities"] == "40" and "40 people killed" in seed["notes"]


def test_acled_vague_fatalities(small: Store, tmp_path: Path) -> None:
    strike = next(e for e in small.events() if e["type"] == "airstrike")
    joint = next(e for e in small.events() if e["type"] == "joint_operation")
    small.add_correction(event_id=strike["id"], action="correct", by="t", why=None,
                         changes={"quantities.killed": 40, "qualifiers": {"killed": "about"}})
    small.add_correction(event_id=joint["id"], action="correct", by="t", why=None,
                         changes={"quantities.killed": None, "qualifiers": {"killed": "dozens"}})
    _, rows = _acled(small, tmp_path)
    by_id = {r["event_id_cnty"].split("-", 1)[1]: r for r in rows}
    assert by_id[strike["id"]]["fatalities"] == "40"
    assert "about 40 people killed" in by_id[strike["id"]]["notes"]
    assert by_id[joint["id"]]["fatalities"] == "12"
    assert by_id[joint["id"]]["event_type"] == "Strategic developments"  # no stated number killed
    small.add_correction(event_id=joint["id"], action="correct", by="t", why=None,
                         changes={"qualifiers": {"killed": "several"}})
    _, rows = _acled(small, tmp_path)
    assert {r["event_id_cnty"].split("-", 1)[1]: r for r in rows}[joint["id"]]["fatalities"] == "3"
    export(small, "jsonl", tmp_path / "e.jsonl")
    flat = {r["id"]: r for r in _jsonl(tmp_path / "e.jsonl")}
    assert flat[strike["id"]]["corrected"] is True and flat[strike["id"]]["killed_qualifier"] == "about"
    assert flat[joint["id"]]["killed"] is None and flat[joint["id"]]["killed_qualifier"] == "several"


def test_rejected_left_out_unless_asked(small: Store, tmp_path: Path) -> None:
    strike = next(e for e in small.events() if e["type"] == "airstrike")
    before = export(small, "csv", tmp_path / "a.csv")
    small.add_correction(event_id=strike["id"], action="reject", changes={}, by="t", why="duplicate")
    assert export(small, "csv", tmp_path / "b.csv") == before - 1
    assert strike["id"] not in {r["id"] for r in _csv(tmp_path / "b.csv")}
    assert export(small, "csv", tmp_path / "c.csv", include_rejected=True) == before
    row = _one(_csv(tmp_path / "c.csv"), id=strike["id"])
    assert row["rejected"] == "true"


def test_filters(store: Store, tmp_path: Path) -> None:
    export(store, "jsonl", tmp_path / "all.jsonl")
    everything = _jsonl(tmp_path / "all.jsonl")

    def ids(**kw: Any) -> set[str]:
        n = export(store, "jsonl", tmp_path / "f.jsonl", **kw)
        rows = _jsonl(tmp_path / "f.jsonl")
        assert n == len(rows)
        return {r["id"] for r in rows}

    attacks = ids(types=["attack"])
    assert attacks == {r["id"] for r in everything if r["type"] == "attack"} and len(attacks) >= 3
    m95 = ids(months=[95])
    assert m95 == {r["id"] for r in everything if _source(r, "m095")} and len(m95) >= 5
    jan = ids(months=[113])  # the Conoco drone attack of 31 January 2024 (daily reports, no month stated)
    conoco = _one(everything, place="Conoco gas field base", date="2024-01-31")["id"]
    assert conoco in jan
    assert all(r["coalition_month"] == 113 for r in everything if r["id"] in jan)
    assert ids(types=["attack"], months=[95]) == attacks & m95
    hasakah = ids(places=["hasakah"])
    assert hasakah == {r["id"] for r in everything if "Hasakah" in ((r["place"] or "") + (r["admin1"] or ""))}
    assert ids(places=["AL-TANF"]) == {r["id"] for r in everything if r["place"] == "Al-Tanf base"}
    sdf = ids(actors=["sdf"])
    assert sdf and sdf == {r["id"] for r in everything if "sdf" in (r["initiator"], r["target"], r["partner"])}
    assert ids(types=["no_such_type"]) == set()
    _, rows = _acled(store, tmp_path, types=["airstrike"])
    assert rows and {r["sub_event_type"] for r in rows} == {"Air/drone strike"}


def test_unknown_format(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export(store, "xlsx", tmp_path / "x")


def test_docs_table_matches_the_mapping() -> None:
    from rasd.lexicon import load_yaml

    doc = (EXAMPLES.parent / "docs" / "acled.md").read_text(encoding="utf-8")
    lines = {ln.split("|")[1].strip(" `"): ln for ln in doc.splitlines() if ln.startswith("| `")}
    for rasd_type, spec in load_yaml("acled.yaml")["event_types"].items():
        cells = [c.strip() for c in lines[rasd_type].split("|")]
        assert cells[2:4] == [spec["event_type"], spec["sub_event_type"]], rasd_type
