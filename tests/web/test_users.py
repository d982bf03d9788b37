"""Users, tokens and a review that survives re-extraction, on SQLite and PostgreSQL (`db_url`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.cli import app as cli
from rasd.store import open_store
from rasd.store.users import add_user, authenticate, new_token, revoke_tokens, user_for_token
from tests.test_store import DAILY_A, MONTHLY_113, write
from tests.web.conftest import client_for


def test_users_and_tokens(db_url: str) -> None:
    store = open_store(db_url)
    u = add_user(store, "layla", "long enough")
    assert authenticate(store, "layla", "long enough") == u
    assert authenticate(store, "layla", "wrong password") is None
    assert authenticate(store, "nobody", "long enough") is None
    with pytest.raises(ValueError, match="exists"):
        add_user(store, "layla", "long enough")
    with pytest.raises(ValueError, match="8 characters"):
        add_user(store, "omar", "short")
    with pytest.raises(ValueError, match="role"):
        add_user(store, "omar", "long enough", role="admin")
    token = new_token(store, "layla")
    assert user_for_token(store, token) == u and user_for_token(store, token + "x") is None
    from rasd.store import schema as t

    with store.engine.connect() as c:  # neither the password nor the token is stored as given
        row = c.execute(t.users.select()).one()
        assert "long enough" not in row.password_hash and row.password_hash.startswith("$argon2")
        assert token not in str(c.execute(t.api_tokens.select()).one())
    assert revoke_tokens(store, "layla") == 1 and user_for_token(store, token) is None


def test_cli_users_and_a_review_that_survives_reextract(db_url: str, tmp_path: Path) -> None:
    folder = write(tmp_path / "in", a=DAILY_A, m=MONTHLY_113)
    run = CliRunner()
    assert run.invoke(cli, ["ingest", str(folder), "--db", db_url]).exit_code == 0
    r = run.invoke(cli, ["users", "add", "layla", "--password-stdin", "--db", db_url], input="s3cret-words\n")
    assert r.exit_code == 0, r.output
    assert run.invoke(cli, ["users", "add", "layla", "--password-stdin", "--db", db_url],
                      input="s3cret-words\n").exit_code == 2
    r = run.invoke(cli, ["users", "token", "layla", "--db", db_url])
    assert r.exit_code == 0
    token = r.stdout.strip()
    assert token.startswith("rasd_")
    assert run.invoke(cli, ["users", "token", "nobody", "--db", db_url]).exit_code == 2
    assert "layla\tanalyst" in run.invoke(cli, ["users", "list", "--db", db_url]).stdout

    with client_for(db_url) as c:
        items = c.get("/api/events", params={"type": "reinforcement_convoy"}).json()["items"]
        [e] = [x for x in items if x["document_kind"] == "daily"]
        r = c.post(f"/api/events/{e['id']}/review", headers={"Authorization": f"Bearer {token}"},
                   json={"action": "correct", "changes": {"quantities.vehicles": 380}, "reason": "photo"})
        assert r.status_code == 201, r.text
    assert run.invoke(cli, ["reextract", "--db", db_url]).exit_code == 0
    with client_for(db_url) as c:
        got = c.get(f"/api/events/{e['id']}").json()
        assert got["quantities"]["vehicles"] == 380 and got["status"] == "corrected"
        assert got["corrections"][0]["by"] == "layla"
        assert c.get("/api/months/113").json()["figures"]["convoy_vehicles"]["summed"] == 380
