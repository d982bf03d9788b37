"""Fixtures of the web tests: one example database built once per session (SQLite), its users and
tokens, an ASGI client over it, and fresh copies of it for tests that write."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.web.exampledb import build

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class WebDB:
    """The built example database and the credentials made on it."""

    path: Path
    analyst_token: str
    reader_token: str

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def copy(self, folder: Path) -> str:
        """A private copy (same users and tokens) for a test that writes."""
        dest = folder / "copy.db"
        shutil.copyfile(self.path, dest)
        return f"sqlite:///{dest}"


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> WebDB:
    from rasd.store import open_store
    from rasd.store.users import add_user, new_token

    folder = tmp_path_factory.mktemp("web")
    path = folder / "rasd.db"
    url = f"sqlite:///{path}"
    build(url, folder)
    store = open_store(url)
    add_user(store, "layla", PASSWORD, "analyst")
    add_user(store, "omar", PASSWORD, "reader")
    tokens = new_token(store, "layla", "tests"), new_token(store, "omar", "tests")
    store.engine.dispose()
    with open_store(url).engine.connect() as c:  # fold the WAL into the file so copies are complete
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return WebDB(path, *tokens)


def client_for(url: str, **kw: object):  # type: ignore[no-untyped-def]
    """A TestClient (ASGI, no network) over a new app on `url`."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette suggests httpx2; httpx is what we have
        from fastapi.testclient import TestClient
    from rasd.web import create_app

    return TestClient(create_app(url, secret_key="test-secret", **kw))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def client(web_db: WebDB) -> Iterator[object]:
    """A read-only client over the shared example database."""
    with client_for(web_db.url) as c:
        yield c


@pytest.fixture
def fresh_url(web_db: WebDB, tmp_path: Path) -> str:
    return web_db.copy(tmp_path)
