"""Shared fixtures: paths to the example reports, the (optional) shared seed, and the databases of the
store tests (`db_url`: SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_f9e462c09bfcd4f6.txt"
REFERENCE_DATE = date(2024, 7, 25)


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("../shared/seed is not part of this clone")
    return SEED.read_text(encoding="utf-8")


def gold_rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# ---------------------------------------------------------------------------- databases for store tests

PG_ENV = "RASD_TEST_PG_URL"  # postgresql://user@host:port/db of a server the tests may create databases on
REQUIRE_PG_ENV = "RASD_REQUIRE_PG"  # "1" (CI): a missing server fails the PostgreSQL tests instead of skipping


def pg_server_url() -> str | None:
    """The PostgreSQL server of the tests, or None (skip; fail when RASD_REQUIRE_PG=1)."""
    url = os.environ.get(PG_ENV, "").strip()
    if url:
        return url
    if os.environ.get(REQUIRE_PG_ENV) == "1":
        pytest.fail(f"{REQUIRE_PG_ENV}=1 but {PG_ENV} is not set: the PostgreSQL store tests cannot run")
    pytest.skip(f"{PG_ENV} is not set (a postgresql://… server the tests may create databases on)")
    return None  # pragma: no cover - skip raises


def _with_database(url: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _pg_admin(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(url, autocommit=True, connect_timeout=10)


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on RASD_TEST_PG_URL's server (dropped afterwards): its URL."""
    from psycopg import sql

    server = pg_server_url()
    assert server is not None
    name = f"rasd_test_{uuid.uuid4().hex[:12]}"
    with _pg_admin(server) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _with_database(server, name)
    finally:
        with _pg_admin(server) as conn:
            try:  # FORCE (PostgreSQL 13+) also ends connections a test's engines still hold
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            except Exception:  # noqa: BLE001 - older servers: terminate the connections, then drop
                conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Every store test runs twice: on a SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/rasd.db"
    return request.getfixturevalue("pg_database")


@pytest.fixture
def backend(db_url: str) -> str:
    """"sqlite" or "postgresql": which database `db_url` is."""
    return "postgresql" if db_url.startswith("postgresql") else "sqlite"
