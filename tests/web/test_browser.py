"""The dashboard in headless Chromium (Playwright, Debian's /usr/bin/chromium) against `rasd serve` started
on 127.0.0.1: the month page is right to left with the example month's figures, a figure opens its
sentence, an analyst's correction changes the month and survives `rasd reextract`, and a report with a
script in it opens no dialog. Skipped without Chromium unless RASD_REQUIRE_BROWSER=1.
Set RASD_SCREENSHOTS=DIR to keep a screenshot of every page visited."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.web.conftest import PASSWORD, WebDB
from tests.web.exampledb import HOSTILE_URL, MONTH

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("RASD_REQUIRE_BROWSER") == "1":
            pytest.fail(f"RASD_REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(web_db: WebDB, tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[dict[str, str]]:
    """`rasd serve` on a copy of the example database, on a free loopback port."""
    url = web_db.copy(tmp_path_factory.mktemp("browser"))
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "RASD_SECRET_KEY": "browser-tests"}
    proc = subprocess.Popen([sys.executable, "-m", "rasd", "serve", "--db", url, "--port", str(port)],
                            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/api/me", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "server died") from None
                time.sleep(0.1)
        yield {"base": base, "db": url}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def page(browser: Any, server: dict[str, str]) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server["base"])
    pg = ctx.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    ctx.close()


def shot(pg: Any, name: str) -> None:
    folder = os.environ.get("RASD_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def figure(pg: Any, name: str, side: str) -> str:
    return pg.locator(f"tr[data-figure='{name}'] button.figbtn.{side}").inner_text().strip()


def test_month_page_is_right_to_left_with_the_months_figures(page: Any) -> None:
    page.goto(f"/months/{MONTH}")
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # the table's first column (the figure names) is on the right
    names = page.locator("table.figures th").first.bounding_box()
    values = page.locator("table.figures th").nth(2).bounding_box()
    assert names["x"] > values["x"]
    assert figure(page, "convoy_vehicles", "stated") == "330"
    assert figure(page, "convoy_vehicles", "summed") == "52"
    assert figure(page, "attacks_total", "stated") == "24"
    # nothing sticks out of the page (the brief's fixed-size charts shrink to their column)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert "شاحنات القوافل" in page.locator("table.figures").inner_text()
    shot(page, "month")
    page.goto(f"/months/{MONTH}?lang=en")
    assert page.get_attribute("html", "dir") == "ltr" and "convoy trucks" in page.inner_text("table.figures")
    shot(page, "month-en")
    page.goto(f"/months/{MONTH}?lang=ar")


def test_clicking_a_figure_shows_its_sentence(page: Any) -> None:
    page.goto(f"/months/{MONTH}")
    panel = page.locator("#ev-convoy_vehicles-summed")
    assert not panel.is_visible()
    page.click("tr[data-figure='convoy_vehicles'] button.figbtn.summed")
    assert panel.is_visible()
    text = panel.inner_text()
    assert "أكثر 40 شاحنة" in text and "12 شاحنة" in text
    page.click("tr[data-figure='convoy_vehicles'] button.figbtn.stated")
    assert "330" in page.locator("#ev-convoy_vehicles-stated").inner_text()
    shot(page, "month-evidence")


def test_every_page_renders(page: Any) -> None:
    for name, path in (("months", "/"), ("events", "/events?month=113"), ("documents", "/documents"),
                       ("map", "/map?month=113"), ("login", "/login")):
        page.goto(path)
        assert page.get_attribute("html", "dir") == "rtl"
        shot(page, name)
    page.goto("/events?type=reinforcement_convoy&month=113")
    page.click("table.events tbody tr >> nth=0 >> a >> nth=0")
    assert page.locator("mark").count() >= 1
    shot(page, "event")
    page.goto("/documents")
    page.click("text=h_d01.txt")
    assert page.locator(".doctext mark").count() >= 1 and page.locator(".doctext .lbl").count() >= 1
    shot(page, "document")


def test_analyst_correction_changes_the_month_and_survives_reextract(page: Any, server: dict[str, str]) -> None:
    page.goto(f"/months/{MONTH}")
    before = int(figure(page, "convoy_vehicles", "summed"))
    page.goto("/login")
    page.fill("input[name=name]", "layla")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    assert "layla" in page.inner_text("header")
    page.goto("/documents")
    page.click("text=h_d01.txt")
    page.click("table.events tbody tr >> nth=0 >> a >> nth=0")
    page.fill("input[name='f.quantities.vehicles']", "100")
    page.fill("textarea[name=reason]", "the convoy photo shows 100 trucks")
    page.click("form.review button[type=submit]")
    assert page.locator("p.ok").is_visible()
    assert page.locator("td.qty-vehicles").inner_text().startswith("100")
    assert "the convoy photo shows 100 trucks" in page.inner_text(".corrections")
    shot(page, "event-corrected")
    page.goto(f"/months/{MONTH}")
    assert int(figure(page, "convoy_vehicles", "summed")) == before + 60
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    r = subprocess.run([sys.executable, "-m", "rasd", "reextract", "--db", server["db"]], env=env, cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    page.reload()
    assert int(figure(page, "convoy_vehicles", "summed")) == before + 60
    page.click("tr[data-figure='convoy_vehicles'] button.figbtn.summed")
    assert "مصحَّح" in page.inner_text("#ev-convoy_vehicles-summed")  # shown as corrected


def test_a_script_in_a_report_opens_no_dialog(page: Any) -> None:
    page.goto("/documents")
    page.click(f"text={HOSTILE_URL}")
    body = page.inner_text(".doctext")
    assert "<script>alert(1)</script>" in body and "[U+202E]" in body
    shot(page, "document-hostile")
    doc_url = page.url
    for path in (doc_url, f"/months/{MONTH}", "/events?month=113", "/map"):
        page.goto(path)
        page.wait_for_load_state("load")
    page.goto(doc_url)
    page.click("table.events tbody tr >> nth=0 >> a >> nth=0")
    page.wait_for_load_state("load")
    assert page.dialogs == []
    assert page.evaluate("document.querySelectorAll('main script, main img').length") == 0
