"""The REST API through the ASGI client: every endpoint with its filters and pages, auth (401/403, token
writes), CSRF on cookie writes, upload limits, and hostile report text."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from rasd.lexicon import load_yaml
from tests.web.conftest import PASSWORD, WebDB, client_for
from tests.web.exampledb import HOSTILE_URL, MONTH, REPORTS

CONVOY = "reinforcement_convoy"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def convoy_of(client: Any, name: str) -> dict[str, Any]:
    items = client.get("/api/events", params={"type": CONVOY, "limit": 500}).json()["items"]
    [e] = [e for e in items if (e["source"] or "").endswith(name)]
    return e


# ---------------------------------------------------------------------------- reads


def test_months_and_one_month(client: Any) -> None:
    rows = client.get("/api/months").json()
    assert [r["month"] for r in rows] == [113, 114]
    assert [r["month"] for r in client.get("/api/months", params={"from": 114}).json()] == [114]
    assert client.get("/api/months", params={"to": 112}).json() == []
    m = client.get(f"/api/months/{MONTH}").json()
    assert (m["period_start"], m["period_end"]) == ("2024-01-23", "2024-02-22")
    vehicles = m["figures"]["convoy_vehicles"]
    assert (vehicles["stated"], vehicles["summed"]) == (330, 52)  # h_d01's 40 + the hostile item's 12
    stated = " ".join(s["text"] for e in vehicles["evidence"]["stated"] for s in e["spans"])
    assert "330" in stated
    summed = [s["text"] for e in vehicles["evidence"]["summed"] for s in e["spans"]]
    assert any("40 شاحنة" in s for s in summed) and any("12 شاحنة" in s for s in summed)
    assert m["event_count"] == len(m["event_ids"]) > 5
    assert any(f["kind"] == "stated_vs_summed" for f in m["findings"])
    assert client.get("/api/months/112").status_code == 404
    assert client.get("/api/months/0").status_code == 422


@pytest.mark.parametrize(("params", "check"), [
    ({"type": CONVOY}, lambda e: e["type"] == CONVOY),
    ({"month": MONTH}, lambda e: e["coalition_month"] == MONTH),
    ({"date_from": "2024-02-10", "date_to": "2024-02-14"}, lambda e: "2024-02-10" <= e["date"] <= "2024-02-14"),
    ({"place": "hasakah"}, lambda e: "hasakah" in json.dumps(e["place"]).lower()),
    ({"actor": "coalition"}, lambda e: "coalition" in e["actors"].values()),
    ({"has_findings": True}, lambda e: True),
])
def test_event_filters(client: Any, params: dict[str, Any], check: Any) -> None:
    everything = client.get("/api/events", params={"limit": 500}).json()
    got = client.get("/api/events", params={**params, "limit": 500}).json()
    assert 0 < got["total"] < everything["total"], (params, got["total"])
    assert all(check(e) for e in got["items"])


def test_event_filter_by_document_and_status(client: Any) -> None:
    e = convoy_of(client, "h_d01.txt")
    got = client.get("/api/events", params={"document": e["document_id"]}).json()
    assert [x["id"] for x in got["items"]] == [e["id"]]
    assert client.get("/api/events", params={"status": "rejected"}).json()["total"] == 0
    assert client.get("/api/events", params={"status": "nonsense"}).status_code == 422
    no = client.get("/api/events", params={"has_findings": False, "limit": 500}).json()
    yes = client.get("/api/events", params={"has_findings": True, "limit": 500}).json()
    assert no["total"] + yes["total"] == client.get("/api/events").json()["total"]


def test_event_pagination(client: Any) -> None:
    total = client.get("/api/events").json()["total"]
    seen = []
    for offset in range(0, total, 4):
        page = client.get("/api/events", params={"limit": 4, "offset": offset}).json()
        assert page["total"] == total and page["limit"] == 4 and page["offset"] == offset
        seen += [e["id"] for e in page["items"]]
    assert len(seen) == len(set(seen)) == total
    assert client.get("/api/events", params={"offset": total}).json()["items"] == []
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}, {"month": "x"}, {"date_from": "2024-13-01"}):
        assert client.get("/api/events", params=bad).status_code == 422, bad


def test_one_event(client: Any) -> None:
    e = convoy_of(client, "h_d01.txt")
    got = client.get(f"/api/events/{e['id']}").json()
    assert got["quantities"] == {"vehicles": 40} and got["date"] == "2024-02-12"
    assert any("40 شاحنة" in x["text"] for x in got["evidence"])
    assert [m["id"] for m in got["cluster"]] == [e["id"]]
    assert got["corrections"] == [] and got["status"] is None
    assert client.get("/api/events/nope").status_code == 404


def test_documents(client: Any) -> None:
    page = client.get("/api/documents", params={"limit": 5}).json()
    assert page["total"] == len(REPORTS) + 1 and len(page["items"]) == 5
    assert "text" not in page["items"][0]
    assert {d["kind"] for d in client.get("/api/documents", params={"kind": "monthly"}).json()["items"]} == {"monthly"}
    assert [d["coalition_month"] for d in client.get("/api/documents", params={"month": 114}).json()["items"]] == [114]
    doc = client.get(f"/api/documents/{convoy_of(client, 'h_d01.txt')['document_id']}").json()
    assert doc["published"] == "2024-02-12" and doc["spans"]
    for s in doc["spans"]:  # every span is an exact slice of the original text
        assert doc["text"][s["start"]:s["end"]] == s["text"]
    assert client.get("/api/documents/99999").status_code == 404


def test_places_and_findings(client: Any) -> None:
    geo = client.get("/api/places").json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    f = geo["features"][0]
    lon, lat = f["geometry"]["coordinates"]
    assert 35 < lon < 45 and 32 < lat < 38 and f["properties"]["count"] >= 1
    month = client.get("/api/places", params={"month": 114}).json()
    assert sum(x["properties"]["count"] for x in month["features"]) < sum(x["properties"]["count"]
                                                                         for x in geo["features"])
    assert client.get("/api/places", params={"from": 200}).json()["features"] == []
    allf = client.get("/api/findings").json()
    assert allf["total"] >= 2
    m = client.get("/api/findings", params={"month": MONTH}).json()
    assert m["total"] >= 1 and all(x["coalition_month"] == MONTH for x in m["items"])
    k = client.get("/api/findings", params={"kind": "stated_vs_summed", "limit": 1}).json()
    assert len(k["items"]) == 1 and k["items"][0]["kind"] == "stated_vs_summed"


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "geojson", "parquet", "acled"])
def test_export(client: Any, fmt: str) -> None:
    r = client.get("/api/export", params={"format": fmt, "month": MONTH})
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"]
    body = r.content
    if fmt == "csv":
        assert body.decode().startswith("id,type,date")
    elif fmt == "acled":
        assert body.decode().startswith("event_id_cnty,event_date")
    elif fmt == "jsonl":
        rows = [json.loads(x) for x in body.decode().splitlines()]
        assert rows and all(x["coalition_month"] == MONTH for x in rows)
    elif fmt == "geojson":
        assert json.loads(body)["type"] == "FeatureCollection"
    else:
        assert body[:4] == b"PAR1"
    assert client.get("/api/export", params={"format": "xls"}).status_code == 422


def test_openapi_lists_every_endpoint(client: Any) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for p in ("/api/months", "/api/months/{n}", "/api/events", "/api/events/{event_id}",
              "/api/events/{event_id}/review", "/api/documents", "/api/documents/{doc_id}", "/api/places",
              "/api/findings", "/api/export", "/api/me"):
        assert p in paths, p
    assert not any(not p.startswith("/api") for p in paths)  # pages stay out of the API document


# ---------------------------------------------------------------------------- auth


def test_writes_need_credentials(client: Any, web_db: WebDB) -> None:
    e = convoy_of(client, "h_d01.txt")
    body = {"action": "correct", "changes": {"quantities.vehicles": 41}, "reason": "x"}
    r = client.post(f"/api/events/{e['id']}/review", json=body)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert client.post(f"/api/events/{e['id']}/review", json=body, headers=bearer("rasd_wrong")).status_code == 401
    assert client.post(f"/api/events/{e['id']}/review", json=body,
                       headers=bearer(web_db.reader_token)).status_code == 403
    files = {"file": ("a.txt", b"x", "text/plain")}
    assert client.post("/api/documents", files=files).status_code == 401
    assert client.post("/api/documents", files=files, headers=bearer(web_db.reader_token)).status_code == 403
    assert client.get("/api/me", headers=bearer(web_db.reader_token)).json() == {
        "user": {"name": "omar", "role": "reader"}}
    assert client.get("/api/me").json() == {"user": None}


def test_token_review_changes_the_month(fresh_url: str, web_db: WebDB) -> None:
    with client_for(fresh_url) as c:
        e = convoy_of(c, "h_d01.txt")
        auth = bearer(web_db.analyst_token)
        url = f"/api/events/{e['id']}/review"
        for bad in ({"action": "correct", "changes": {"quantities.vehicles": 41}},  # no reason
                    {"action": "correct", "changes": {"type": "attack"}, "reason": "r"},
                    {"action": "correct", "changes": {"quantities.vehicles": -3}, "reason": "r"},
                    {"action": "correct", "changes": {"date": "2024-02-31"}, "reason": "r"},
                    {"action": "correct", "changes": {"initiator": "martians"}, "reason": "r"},
                    {"action": "explode"}):
            assert c.post(url, json=bad, headers=auth).status_code == 422, bad
        assert c.post("/api/events/nope/review", json={"action": "confirm"}, headers=auth).status_code == 404
        r = c.post(url, json={"action": "correct", "changes": {"quantities.vehicles": 100}, "reason": "photo"},
                   headers=auth)
        assert r.status_code == 201, r.text
        assert r.json()["event"]["quantities"]["vehicles"] == 100
        assert r.json()["event"]["corrections"][0]["by"] == "layla"
        assert c.get(f"/api/months/{MONTH}").json()["figures"]["convoy_vehicles"]["summed"] == 112
        assert c.get("/api/events", params={"status": "corrected"}).json()["total"] == 1
        r = c.post(url, json={"action": "reject", "reason": "a duplicate report"}, headers=auth)
        assert r.status_code == 201 and r.json()["event"]["rejected"]
        assert c.get(f"/api/months/{MONTH}").json()["figures"]["convoy_vehicles"]["summed"] == 12


def test_login_required_for_reading(web_db: WebDB) -> None:
    with client_for(web_db.url, read_requires_login=True) as c:
        for path in ("/api/months", "/api/events", f"/api/months/{MONTH}", "/api/places", "/api/openapi.json"):
            r = c.get(path)
            assert r.status_code == (200 if path.endswith("openapi.json") else 401), path
        assert c.get("/api/months", headers=bearer(web_db.reader_token)).status_code == 200
        r = c.get("/", headers={"accept": "text/html"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        assert c.get("/login").status_code == 200


def _csrf(html: str) -> str:
    marker = 'name="csrf_token" value="'
    return html.split(marker, 1)[1].split('"', 1)[0]


def test_browser_forms_need_csrf(fresh_url: str) -> None:
    with client_for(fresh_url) as c:
        e = convoy_of(c, "h_d01.txt")
        token = _csrf(c.get("/login").text)
        assert c.post("/login", data={"name": "layla", "password": PASSWORD}).status_code == 403
        bad = c.post("/login", data={"name": "layla", "password": "wrong", "csrf_token": token})
        assert bad.status_code == 401
        ok = c.post("/login", data={"name": "layla", "password": PASSWORD, "csrf_token": token, "next": "/events"},
                    follow_redirects=False)
        assert ok.status_code == 303 and ok.headers["location"] == "/events"
        page = c.get(f"/events/{e['id']}").text
        token2 = _csrf(page)
        assert token2 != token  # a fresh session after login
        form = {"action": "correct", "f.quantities.vehicles": "55", "reason": "recount"}
        assert c.post(f"/events/{e['id']}/review", data=form).status_code == 403
        assert c.post(f"/events/{e['id']}/review", data={**form, "csrf_token": token}).status_code == 403
        r = c.post(f"/events/{e['id']}/review", data={**form, "csrf_token": token2}, follow_redirects=False)
        assert r.status_code == 303
        shown = c.get(r.headers["location"]).text
        assert "55" in shown and "recount" in shown
        # the API with the session cookie needs the token in a header
        body = {"action": "confirm"}
        assert c.post(f"/api/events/{e['id']}/review", json=body).status_code == 403
        assert c.post(f"/api/events/{e['id']}/review", json=body, headers={"X-CSRF-Token": token2}).status_code == 201
        got = c.get(f"/api/events/{e['id']}").json()
        assert [(x["action"], x["by"]) for x in got["corrections"]] == [("correct", "layla"), ("confirm", "layla")]
        assert c.post("/logout", data={"csrf_token": token2}, follow_redirects=False).status_code == 303
        assert c.get("/api/me").json() == {"user": None}


# ---------------------------------------------------------------------------- uploads


DAILY = ("الحسكة – 20 شباط/فبراير 2024\nدخلت اليوم قافلة عسكرية تابعة للتحالف الدولي مؤلفة من 25 شاحنة عبر "
         "معبر الوليد قادمة من إقليم كردستان العراق.\n")


def test_upload(fresh_url: str, web_db: WebDB) -> None:
    with client_for(fresh_url, max_upload_bytes=4096) as c:
        auth = bearer(web_db.analyst_token)
        r = c.post("/api/documents", files={"file": ("convoy.txt", DAILY.encode(), "text/plain")}, headers=auth)
        assert r.status_code == 201, r.text
        [doc_id] = r.json()["document_ids"]
        doc = c.get(f"/api/documents/{doc_id}").json()
        assert doc["source"] == "upload:convoy.txt" and doc["text"] == DAILY
        again = c.post("/api/documents", files={"file": ("convoy.txt", DAILY.encode(), "text/plain")}, headers=auth)
        assert again.status_code == 201 and again.json()["unchanged"] == 1
        big = b"a" * 5000
        assert c.post("/api/documents", files={"file": ("big.txt", big)}, headers=auth).status_code == 413
        huge = io.BytesIO(b"a" * 200_000)  # over the body limit itself: refused before parsing
        assert c.post("/api/documents", files={"file": ("huge.txt", huge)}, headers=auth).status_code == 413
        assert c.post("/api/documents", files={"file": ("e.txt", b"")}, headers=auth).status_code == 422
        binary = c.post("/api/documents", files={"file": ("b.txt", b"\x00\x01\x02" * 10)}, headers=auth)
        assert binary.status_code == 422


# ---------------------------------------------------------------------------- hostile text


def test_hostile_text_is_inert(client: Any) -> None:
    docs = client.get("/api/documents", params={"limit": 500}).json()["items"]
    [doc] = [d for d in docs if d["source"] == HOSTILE_URL]
    pages = [f"/documents/{doc['id']}", f"/months/{MONTH}", "/events?month=113"]
    [ev] = client.get("/api/events", params={"document": doc["id"]}).json()["items"]
    pages.append(f"/events/{ev['id']}")
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        html = r.text
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>عريض" not in html, path
        assert "\u202e" not in html and "\u202c" not in html, path
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
    html = client.get(f"/documents/{doc['id']}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[U+202E]" in html and "[U+202C]" in html
    api = client.get(f"/api/documents/{doc['id']}")
    assert api.headers["content-type"] == "application/json" and "<script>alert(1)</script>" in api.json()["text"]


# ---------------------------------------------------------------------------- pages and words


def test_pages_render_in_both_languages(client: Any) -> None:
    e = convoy_of(client, "h_d01.txt")
    for path in ("/", f"/months/{MONTH}", "/events", f"/events/{e['id']}", "/documents",
                 f"/documents/{e['document_id']}", "/map", "/map?month=113", "/login"):
        ar = client.get(path, params={"lang": "ar"})
        assert ar.status_code == 200 and '<html lang="ar" dir="rtl">' in ar.text, path
        assert "{&#39;" not in ar.text and "[&#39;" not in ar.text, path  # no Python reprs leak into a page
        en = client.get(path, params={"lang": "en"})
        assert '<html lang="en" dir="ltr">' in en.text, path
    assert client.get("/months/999", headers={"accept": "text/html"}).status_code == 404
    assert "<svg" in client.get("/map").text


def test_ui_words_exist_in_both_languages() -> None:
    doc = load_yaml("ui.yaml")

    def keys(d: dict[str, Any], prefix: str = "") -> set[str]:
        out = set()
        for k, v in d.items():
            out |= keys(v, f"{prefix}{k}.") if isinstance(v, dict) else {prefix + k}
        return out

    assert keys(doc["ar"]) == keys(doc["en"])
    maps = {k for k, v in doc["ar"].items() if isinstance(v, dict)}
    assert maps == {"fig", "etype", "qty", "qual", "actors"}  # a label never shadowed by a word list
