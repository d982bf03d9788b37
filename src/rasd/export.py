"""Events out of the store as files: flat tables (CSV, JSON Lines, Parquet), GeoJSON points, and ACLED's
public column layout.

One row per real event: events that share a `cluster_id` (the same event reported by several documents)
become one row that lists every document's source and joins their evidence. The row's values come from
the cluster's head (its non-rejected, earliest-found event); quantities, place and actors the head does not
state are taken from the other members. Rejected events are left out unless `include_rejected`.

The ACLED mapping (event types, actor names, inter codes, precision codes, fatality rules) is data:
`rasd/data/acled.yaml`, documented in `docs/acled.md`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rasd.calendar import month_of, period
from rasd.lexicon import LexiconError, load_yaml, require_keys

__all__ = ["export"]

FORMATS = ("csv", "jsonl", "geojson", "parquet", "acled")
QUANTITIES = ("vehicles", "aircraft", "attacks", "rounds", "killed", "operations", "detained", "trainings",
              "batches")
COLUMNS = (
    "id", "type", "date", "date_precision", "coalition_month", "place", "admin1", "lat", "lon",
    "initiator", "target", "partner", *QUANTITIES, *(f"{q}_qualifier" for q in QUANTITIES),
    "attribution", "sources", "event_ids", "evidence_text", "corrected", "confirmed", "rejected",
)
_LISTS = ("sources", "event_ids")
_EVIDENCE_SEP = " … "
_ACLED_FILE = "acled.yaml"
_ACLED_KEYS = {"columns", "event_types", "disorder_types", "actors", "unattributed_initiator", "time_precision",
               "geo_precision", "fatalities", "admin1", "places", "countries", "default_country", "source_scale",
               "notes"}


def export(store: Any, fmt: str, out: str | Path, *, months: list[int] | None = None,
           types: list[str] | None = None, places: list[str] | None = None, actors: list[str] | None = None,
           include_rejected: bool = False) -> int:
    """Write the store's events to `out` as `fmt` (csv, jsonl, geojson, parquet, acled); the number of rows.

    Filters (each optional, all must hold): `months` — the event's coalition month (its report's, else the
    month that contains its date, else its document's publication date); `types` — event types; `places` —
    case-insensitive part of the place's English or Arabic name or of its admin1; `actors` — actor ids as
    initiator, target or partner.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    events = [e for e in store.events() if include_rejected or not e.get("rejected")]
    merged = [_merge(members) for members in _clusters(events)]
    rows = [r for r in merged if _wanted(r, months, types, places, actors)]
    rows.sort(key=lambda r: (_anchor_date(r) or date.max, r["id"]))
    path = Path(out)
    if fmt == "acled":
        return _write_acled(store, rows, path)
    flat = [_flat(r) for r in rows]
    if fmt == "csv":
        return _write_csv(path, COLUMNS, (_csv_row(f) for f in flat), len(flat))
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as fh:
            for f in flat:
                fh.write(json.dumps(f, ensure_ascii=False, default=_json_default) + "\n")
        return len(flat)
    if fmt == "geojson":
        return _write_geojson(path, flat)
    return _write_parquet(path, flat)


# ---------------------------------------------------------------------------------------------- merging
def _clusters(events: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for e in events:
        groups.setdefault(e.get("cluster_id") or e["id"], []).append(e)
    return list(groups.values())


def _merge(members: list[dict[str, Any]]) -> dict[str, Any]:
    """One event from a cluster's members: the head's values, gaps filled from the others."""
    cid = members[0].get("cluster_id") or members[0]["id"]
    ordered = sorted(members, key=lambda e: (bool(e.get("rejected")), e["id"] != cid, e["id"]))
    head = dict(ordered[0])
    head["id"] = cid
    quantities = dict(head.get("quantities") or {})
    qualifiers = dict(head.get("qualifiers") or {})
    for other in ordered[1:]:
        oq, oh = other.get("quantities") or {}, other.get("qualifiers") or {}
        for k, v in oq.items():  # a figure the head leaves unstated (no number, no hedge)
            if quantities.get(k) is None and k not in qualifiers and (v is not None or k in oh):
                quantities[k] = v
                if k in oh:
                    qualifiers[k] = oh[k]
        if head.get("place_name_en") is None and other.get("place_name_en") is not None:
            for k in ("place_name_en", "place_name_ar", "admin1", "lat", "lon"):
                head[k] = other.get(k)
        for k in ("initiator", "target", "partner", "attribution"):
            if head.get(k) is None and other.get(k) is not None:
                head[k] = other[k]
        if head.get("date") is None and other.get("date") is not None:
            head["date"], head["date_precision"] = other["date"], other.get("date_precision")
    head["quantities"], head["qualifiers"] = quantities, qualifiers
    head["members"] = ordered
    head["month"] = _month(head, ordered)
    head["sources"] = _unique(m.get("source") for m in ordered)
    head["event_ids"] = [m["id"] for m in ordered]
    texts: list[str] = []
    for m in ordered:
        for ev in sorted(m.get("evidence") or [], key=lambda x: x["start"]):
            texts.append(" ".join(ev["text"].split()))
    head["evidence_text"] = _EVIDENCE_SEP.join(_outermost(_unique(texts)))
    head["corrected"] = any(_is_change(c) for m in ordered for c in m.get("corrections") or [])
    head["confirmed"] = any(m.get("confirmed") for m in ordered)
    head["rejected"] = all(m.get("rejected") for m in ordered)
    return head


def _is_change(correction: dict[str, Any]) -> bool:
    return correction.get("action") == "correct" or bool(correction.get("changes"))


def _month(head: dict[str, Any], members: list[dict[str, Any]]) -> int | None:
    """The coalition month of an event: its report's, else the one holding its date, else its publication's."""
    for m in [head, *members]:
        if m.get("coalition_month"):
            return int(m["coalition_month"])
    if head.get("date"):
        return month_of(head["date"])
    published = next((m["published"] for m in members if m.get("published")), None)
    return month_of(published) if published else None


def _unique(items: Iterable[Any]) -> list[Any]:
    seen: set[Any] = set()
    out = []
    for x in items:
        if x is not None and x != "" and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def _outermost(texts: list[str]) -> list[str]:
    """The texts that are not part of a longer one (a figure's span inside its sentence's), in order."""
    return [t for t in texts if not any(t != o and t in o for o in texts)]


def _wanted(row: dict[str, Any], months: list[int] | None, types: list[str] | None, places: list[str] | None,
            actors: list[str] | None) -> bool:
    if months is not None and row["month"] not in set(months):
        return False
    if types is not None and row["type"] not in set(types):
        return False
    if places is not None:
        names = [str(row.get(k) or "").casefold() for k in ("place_name_en", "place_name_ar", "admin1")]
        if not any(p.casefold() in n for p in places if p for n in names if n):
            return False
    if actors is not None:
        mine = {row.get("initiator"), row.get("target"), row.get("partner")}
        if not mine & set(actors):
            return False
    return True


def _anchor_date(row: dict[str, Any]) -> date | None:
    """The day an event is placed on: its date, else its coalition month's mid-point, else its publication."""
    if row.get("date"):
        return row["date"]
    if row.get("month") and row["month"] >= 1:
        start, end = period(row["month"])
        return start + (end - start) / 2
    return next((m["published"] for m in row["members"] if m.get("published")), None)


# ---------------------------------------------------------------------------------------------- flat rows
def _flat(r: dict[str, Any]) -> dict[str, Any]:
    q, h = r["quantities"], r["qualifiers"]
    out: dict[str, Any] = {
        "id": r["id"], "type": r["type"], "date": r["date"], "date_precision": r.get("date_precision"),
        "coalition_month": r["month"], "place": r.get("place_name_en"), "admin1": r.get("admin1"),
        "lat": r.get("lat"), "lon": r.get("lon"), "initiator": r.get("initiator"), "target": r.get("target"),
        "partner": r.get("partner"),
    }
    for k in QUANTITIES:
        out[k] = q.get(k)
    for k in QUANTITIES:
        out[f"{k}_qualifier"] = h.get(k)
    out.update({"attribution": r.get("attribution"), "sources": r["sources"], "event_ids": r["event_ids"],
                "evidence_text": r["evidence_text"], "corrected": r["corrected"], "confirmed": r["confirmed"],
                "rejected": r["rejected"]})
    return out


def _csv_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "; ".join(str(x) for x in v)
    if isinstance(v, date):
        return v.isoformat()
    return v


def _csv_row(f: dict[str, Any]) -> dict[str, Any]:
    return {k: _csv_value(v) for k, v in f.items()}


def _write_csv(path: Path, columns: Iterable[str], rows: Iterable[dict[str, Any]], n: int) -> int:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(columns))
        w.writeheader()
        for row in rows:
            w.writerow(row)
    return n


def _json_default(v: Any) -> Any:
    if isinstance(v, date | datetime):
        return v.isoformat()
    raise TypeError(f"not JSON serialisable: {type(v).__name__}")


def _write_geojson(path: Path, flat: list[dict[str, Any]]) -> int:
    features = [{"type": "Feature", "id": f["id"],
                 "geometry": {"type": "Point", "coordinates": [f["lon"], f["lat"]]},
                 "properties": f}
                for f in flat if f["lat"] is not None and f["lon"] is not None]
    doc = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(doc, ensure_ascii=False, default=_json_default), encoding="utf-8")
    return len(features)


def _write_parquet(path: Path, flat: list[dict[str, Any]]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    fields = []
    for name in COLUMNS:
        if name in QUANTITIES or name == "coalition_month":
            typ = pa.int64()
        elif name in ("lat", "lon"):
            typ = pa.float64()
        elif name == "date":
            typ = pa.date32()
        elif name in ("corrected", "confirmed", "rejected"):
            typ = pa.bool_()
        elif name in _LISTS:
            typ = pa.list_(pa.string())
        else:
            typ = pa.string()
        fields.append(pa.field(name, typ))
    schema = pa.schema(fields)
    table = pa.Table.from_pylist(flat, schema=schema)
    pq.write_table(table, path)
    return table.num_rows


# ---------------------------------------------------------------------------------------------- ACLED
def _acled_config() -> dict[str, Any]:
    doc = load_yaml(_ACLED_FILE)
    if not isinstance(doc, dict):
        raise LexiconError(f"{_ACLED_FILE}: expected a mapping")
    require_keys(_ACLED_FILE, doc, _ACLED_KEYS)
    return doc


def _fold(text: str) -> str:
    from rasd.text import normalize

    return normalize(text, rejoin=False).text.casefold()


def _has_any(text: str, words: list[str]) -> bool:
    from rasd.text import fold

    return any(fold(w).casefold() in text for w in words if w.strip())


def _acled_types(cfg: dict[str, Any], r: dict[str, Any]) -> tuple[str, str]:
    spec = cfg["event_types"].get(r["type"])
    if spec is None:
        raise LexiconError(f"{_ACLED_FILE}: no ACLED event type for {r['type']!r}")
    etype, sub = spec["event_type"], spec["sub_event_type"]
    killed = r["quantities"].get("killed")
    if spec.get("if_killed") and isinstance(killed, int) and killed > 0:
        etype = spec["if_killed"].get("event_type", etype)
        sub = spec["if_killed"].get("sub_event_type", sub)
    if spec.get("keywords"):
        text = _fold(" ".join(ev["text"] for m in r["members"] for ev in m.get("evidence") or []))
        for rule in spec["keywords"]:
            if _has_any(text, rule.get("any") or []) and not _has_any(text, rule.get("unless") or []):
                etype = rule.get("event_type", etype)
                sub = rule.get("sub_event_type", sub)
                break
    return etype, sub


def _actor(cfg: dict[str, Any], actor_id: str | None, day: date | None, country: str) -> tuple[str, int | None]:
    if not actor_id:
        return "", None
    spec = cfg["actors"].get(actor_id)
    if spec is None:
        return actor_id, None
    name = spec.get("name")
    for entry in spec.get("names") or []:
        until = entry.get("until")
        if until is None or day is None or day <= until:
            name = entry["name"]
            break
    return str(name).replace("{country}", country), spec.get("inter")


def _fatalities(cfg: dict[str, Any], r: dict[str, Any]) -> int:
    """ACLED's fatality figure: a stated (even hedged) number, a vague word's fixed value, else 0."""
    key = cfg["fatalities"]["quantity"]
    value = r["quantities"].get(key)
    if isinstance(value, int):
        return value
    hedge = r["qualifiers"].get(key)
    return int(cfg["fatalities"]["vague"].get(hedge, 0)) if hedge else 0


def _geo(cfg: dict[str, Any], r: dict[str, Any], kinds: dict[str, str]) -> tuple[str, str, str, int]:
    """(country, ACLED admin1, location, geo_precision) of an event."""
    place, admin1 = r.get("place_name_en"), r.get("admin1")
    area = dict(cfg["admin1"].get(admin1) or {}) if admin1 else {}
    area.update(cfg["places"].get(place) or {})
    country = area.get("country") or cfg["default_country"]
    acled_admin1 = area.get("admin1", admin1 or "")
    gp = cfg["geo_precision"]
    if place:
        kind = kinds.get(place)
        precision = gp["kinds"].get(kind, gp["unknown_kind"]) if kind else gp["unknown_kind"]
        if admin1 and place == admin1:
            precision = gp["admin1_only"]
        return country, acled_admin1, place, int(precision)
    if admin1:
        return country, acled_admin1, acled_admin1 or country, int(gp["admin1_only"])
    return country, "", country, int(gp["no_place"])


def _place_kinds() -> dict[str, str]:
    from rasd.gazetteer import places

    return {p.name_en: p.kind for p in places().values()}


def _actor_labels(cfg: dict[str, Any]) -> dict[str, str]:
    """How notes name each actor: `note` in the ACLED file, else the actor's English name."""
    from rasd.gazetteer import actors

    labels = {k: a.name_en for k, a in actors().items()}
    labels.update({k: v["note"] for k, v in cfg["actors"].items() if v.get("note")})
    return labels


def _quantity_phrase(cfg: dict[str, Any], r: dict[str, Any]) -> str:
    units, hedges = cfg["notes"]["units"], cfg["notes"]["hedges"]
    parts = []
    for k in _unique([*units, *QUANTITIES]):
        if k not in r["quantities"] and k not in r["qualifiers"]:
            continue
        v, h = r["quantities"].get(k), r["qualifiers"].get(k)
        one, many = units.get(k, [k, k])
        if isinstance(v, int):
            word = one if v == 1 else many
            parts.append(f"{hedges[h]} {v} {word}" if h in hedges else f"{v} {word}")
        elif h in hedges:
            parts.append(f"{hedges[h]} {many}")
    return f" ({', '.join(parts)})" if parts else ""


def _when(r: dict[str, Any]) -> str:
    d = r.get("date")
    if d and r.get("date_precision") == "day":
        return f"On {d.day} {d:%B %Y}"
    if d:
        return f"In {d:%B %Y}"
    n = r.get("month")
    if n and n >= 1:
        start, end = period(n)
        return (f"During coalition month {n} ({start.day} {start:%B %Y} to {end.day} {end:%B %Y})")
    return "On an unstated date"


def _place_phrase(r: dict[str, Any], kinds: dict[str, str]) -> str:
    place, admin1 = r.get("place_name_en"), r.get("admin1")
    if not place:
        return f" in {admin1}" if admin1 else ""
    kind = kinds.get(place)
    if kind == "governorate":
        return f" in {place} governorate"
    if kind == "region":  # "the 55 km zone", "the Iraqi Kurdistan Region", but "Northern Iraq"
        last = place.split()[-1].strip("()")
        return f" in the {place}" if last.islower() or last == "Region" else f" in {place}"
    return f" at {place}, {admin1}" if admin1 and admin1 not in place else f" at {place}"


def _note(cfg: dict[str, Any], r: dict[str, Any], labels: dict[str, str], kinds: dict[str, str]) -> str:
    notes = cfg["notes"]
    missing = notes["missing"]

    def who(role: str) -> str:
        a = r.get(role)
        return labels.get(a, a) if a else missing[role]

    place = _place_phrase(r, kinds)
    template = notes["templates"].get(r["type"], notes["fallback"])
    text = template.format(when=_when(r), initiator=who("initiator"), target=who("target"), partner=who("partner"),
                           quantities=_quantity_phrase(cfg, r), place=place, type=r["type"].replace("_", " "))
    if r.get("attribution"):
        text += f" Reported by {r['attribution']}."
    return text[0].upper() + text[1:]


def _timestamp(r: dict[str, Any], docs: dict[int, dict[str, Any]]) -> int | str:
    times = [docs[m["document_id"]].get("ingested_at") for m in r["members"] if m["document_id"] in docs]
    times += [c.get("at") for m in r["members"] for c in m.get("corrections") or []]
    stamps = [t.timestamp() for t in times if isinstance(t, datetime)]
    return int(max(stamps)) if stamps else ""


def _documents(store: Any, ids: set[int]) -> dict[int, dict[str, Any]]:
    out = {}
    for i in ids:
        doc = store.document(i)
        if doc:
            out[i] = {k: doc.get(k) for k in ("source", "outlet", "url", "ingested_at")}
    return out


def _source_name(doc: dict[str, Any]) -> str:
    if doc.get("outlet"):
        return str(doc["outlet"])
    src = str(doc.get("url") or doc.get("source") or "")
    return src if "://" in src else Path(src).name


def _acled_row(cfg: dict[str, Any], r: dict[str, Any], kinds: dict[str, str], labels: dict[str, str],
               docs: dict[int, dict[str, Any]]) -> dict[str, Any]:
    etype, sub = _acled_types(cfg, r)
    country, admin1, location, geo_precision = _geo(cfg, r, kinds)
    day = _anchor_date(r)
    initiator = r.get("initiator")
    if not initiator and etype in cfg["unattributed_initiator"]:
        initiator = "unknown"
    actor1, inter1 = _actor(cfg, initiator, day, country)
    actor2, inter2 = _actor(cfg, r.get("target"), day, country)
    assoc1, _ = _actor(cfg, r.get("partner"), day, country)
    if not actor1 and actor2:  # ACLED's actor1 is never empty when an actor is known
        actor1, inter1, actor2, inter2 = actor2, inter2, "", None
    codes = sorted(c for c in (inter1, inter2) if c)
    interaction = codes[0] * 10 + (codes[1] if len(codes) > 1 else 0) if codes else ""
    tp = cfg["time_precision"]
    precision = r.get("date_precision") or "none"
    if not r.get("date") and precision == "day":
        precision = "none"
    time_precision = tp.get(precision, tp["none"])
    c = cfg["countries"][country]
    civilian = "Civilian targeting" if r.get("target") == "civilians" and cfg["disorder_types"].get(
        etype) == "Political violence" else ""
    sources = _unique(_source_name(docs[m["document_id"]]) if m["document_id"] in docs else None
                      for m in r["members"])
    tags = [f"rasd_type={r['type']}"]
    if r.get("month"):
        tags.append(f"coalition_month={r['month']}")
    return {
        "event_id_cnty": f"{c['code']}-{r['id']}",
        "event_date": day.isoformat() if day else "",
        "year": day.year if day else "",
        "time_precision": time_precision,
        "disorder_type": cfg["disorder_types"].get(etype, ""),
        "event_type": etype,
        "sub_event_type": sub,
        "actor1": actor1,
        "assoc_actor_1": assoc1,
        "inter1": inter1 if inter1 is not None else "",
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": inter2 if inter2 is not None else "",
        "interaction": interaction,
        "civilian_targeting": civilian,
        "iso": c["iso"],
        "region": c["region"],
        "country": country,
        "admin1": admin1,
        "admin2": "",
        "admin3": "",
        "location": location,
        "latitude": r.get("lat") if r.get("lat") is not None else "",
        "longitude": r.get("lon") if r.get("lon") is not None else "",
        "geo_precision": geo_precision,
        "source": "; ".join(sources),
        "source_scale": cfg["source_scale"],
        "notes": _note(cfg, r, labels, kinds),
        "fatalities": _fatalities(cfg, r),
        "tags": "; ".join(tags),
        "timestamp": _timestamp(r, docs),
    }


def _write_acled(store: Any, rows: list[dict[str, Any]], path: Path) -> int:
    cfg = _acled_config()
    kinds, labels = _place_kinds(), _actor_labels(cfg)
    docs = _documents(store, {m["document_id"] for r in rows for m in r["members"]})
    out = [_acled_row(cfg, r, kinds, labels, docs) for r in rows]
    return _write_csv(path, cfg["columns"], out, len(out))
