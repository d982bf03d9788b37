"""The command line: contract output, debug views, and bad input refused with one line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd import __version__
from rasd.cli import app
from rasd.reader import MAX_BYTES
from tests.conftest import EXAMPLES

runner = CliRunner()
DAILY = "دخلت اليوم قافلة عسكرية للتحالف الدولي مؤلفة من ٣٥ شاحنة عبر معبر الوليد قادمة من إقليم كردستان العراق.\n"


def test_version_and_help() -> None:
    assert runner.invoke(app, ["--version"]).output.strip() == f"rasd {__version__}"
    out = runner.invoke(app, ["--help"]).output
    for cmd in ("extract", "normalize", "dates"):
        assert cmd in out


def test_extract_stdin_json_contract() -> None:
    r = runner.invoke(app, ["extract", "-", "--published", "2024-03-14"], input=DAILY.encode())
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["contract"] == 1
    assert set(out) == {"contract", "document", "report", "figures", "figure_qualifiers", "events", "places",
                        "findings"}
    assert out["figures"]["convoy_vehicles"] == 35
    assert out["figures"]["convoy_dates"] == ["2024-03-14"]
    assert out["figures"]["convoy_origin"] == "Iraqi Kurdistan Region"
    assert out["figures"]["cargo_aircraft"] is None
    assert out["document"]["published"] == "2024-03-14"
    ev = out["events"][0]
    assert ev["type"] == "reinforcement_convoy"
    for e in ev["evidence"]:
        assert DAILY[e["start"]:e["end"]] == e["text"]


def test_event_ids_are_stable() -> None:
    a = runner.invoke(app, ["extract", "-"], input=DAILY.encode()).stdout
    b = runner.invoke(app, ["extract", "-"], input=DAILY.encode()).stdout
    assert [e["id"] for e in json.loads(a)["events"]] == [e["id"] for e in json.loads(b)["events"]]


def test_windows_1256_is_decoded(tmp_path: Path) -> None:
    p = tmp_path / "cp.txt"
    p.write_bytes(DAILY.replace("٣٥", "35").encode("cp1256"))
    r = runner.invoke(app, ["extract", str(p)])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["figures"]["convoy_vehicles"] == 35


def test_utf8_bom_and_html(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + DAILY.encode())
    assert json.loads(runner.invoke(app, ["extract", str(p)]).stdout)["figures"]["convoy_vehicles"] == 35
    h = tmp_path / "page.html"
    h.write_text(f"<html><head><title>x</title><script>var a=1;</script></head><body><p>{DAILY}</p></body></html>",
                 encoding="utf-8")
    r = runner.invoke(app, ["extract", str(h)])
    assert json.loads(r.stdout)["figures"]["convoy_vehicles"] == 35


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (bytes(range(0x80, 0x100)) * 4, "unknown encoding"),
        (b"a" * (MAX_BYTES + 1), "over the size limit"),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path: Path, content: bytes, reason: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    r = runner.invoke(app, ["extract", str(p)])
    assert r.exit_code == 2
    assert r.stdout == ""
    line = r.stderr.strip()
    assert "\n" not in line and str(p) in line and reason in line


def test_missing_file_and_bad_date(tmp_path: Path) -> None:
    r = runner.invoke(app, ["extract", str(tmp_path / "nope.txt")])
    assert r.exit_code == 2 and "nope.txt" in r.stderr and r.stdout == ""
    r = runner.invoke(app, ["extract", "-", "--published", "2024-13-01"], input=DAILY.encode())
    assert r.exit_code == 2 and r.stdout == ""


def test_table_and_debug_views(tmp_path: Path) -> None:
    p = tmp_path / "r.txt"
    p.write_text("دخلت 26 و27 كانون الثاني، و5 من شباط قافلة من 40 شاحنة للشهر 113.\n", encoding="utf-8")
    r = runner.invoke(app, ["extract", str(p), "--format", "table"])
    assert r.exit_code == 0 and "convoy_vehicles" in r.stdout and "40" in r.stdout
    r = runner.invoke(app, ["dates", str(p)])
    assert r.exit_code == 0 and "2024-01-26" in r.stdout and "2024-02-05" in r.stdout
    r = runner.invoke(app, ["normalize", str(p)])
    assert r.exit_code == 0 and "شاحنه" in r.stdout


def test_demo_runs_over_examples() -> None:
    r = runner.invoke(app, ["demo", str(EXAMPLES / "reports")])
    assert r.exit_code == 0 and "m107" in r.stdout
