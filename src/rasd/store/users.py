"""Dashboard users and API tokens. Passwords are kept only as argon2 hashes (pwdlib); tokens only as
SHA-256 digests, so a copy of the database gives away neither."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from pwdlib import PasswordHash

from rasd.store import now
from rasd.store import schema as t

ROLES = ("analyst", "reader")  # analysts write (corrections, uploads); readers only read
_HASHER = PasswordHash.recommended()
# verifying an unknown name still costs one argon2 run, so timing does not tell which names exist
_DUMMY = _HASHER.hash("rasd-dummy-password")


@dataclass(frozen=True, slots=True)
class User:
    """Who is asking: the name is what corrections record as `by`."""

    id: int
    name: str
    role: str

    @property
    def can_write(self) -> bool:
        return self.role == "analyst"


def _user(row: Any) -> User:
    return User(row.id, row.name, row.role)


def add_user(store: Any, name: str, password: str, role: str = "analyst") -> User:
    """Create a user; ValueError for an empty or taken name, a short password or an unknown role."""
    name = name.strip()
    if not name or len(name) > 64:
        raise ValueError("a user name has 1 to 64 characters")
    if len(password) < 8:
        raise ValueError("a password has at least 8 characters")
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    with store.engine.begin() as c:
        if c.execute(sa.select(t.users.c.id).where(t.users.c.name == name)).first():
            raise ValueError(f"user {name!r} exists")
        uid = c.execute(sa.insert(t.users).values(name=name, password_hash=_HASHER.hash(password), role=role,
                                                  created_at=now())).inserted_primary_key[0]
    return User(uid, name, role)


def set_password(store: Any, name: str, password: str) -> None:
    if len(password) < 8:
        raise ValueError("a password has at least 8 characters")
    with store.engine.begin() as c:
        n = c.execute(sa.update(t.users).where(t.users.c.name == name)
                      .values(password_hash=_HASHER.hash(password))).rowcount
    if not n:
        raise KeyError(name)


def authenticate(store: Any, name: str, password: str) -> User | None:
    """The user when the password matches, else None."""
    with store.engine.connect() as c:
        row = c.execute(sa.select(t.users).where(t.users.c.name == name)).first()
    if row is None:
        _HASHER.verify(password, _DUMMY)
        return None
    return _user(row) if _HASHER.verify(password, row.password_hash) else None


def get_user(store: Any, user_id: int) -> User | None:
    with store.engine.connect() as c:
        row = c.execute(sa.select(t.users).where(t.users.c.id == user_id)).first()
    return _user(row) if row else None


def list_users(store: Any) -> list[User]:
    with store.engine.connect() as c:
        return [_user(r) for r in c.execute(sa.select(t.users).order_by(t.users.c.name))]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token(store: Any, name: str, label: str | None = None) -> str:
    """A fresh API token for user `name` (shown once; only its digest is stored)."""
    token = "rasd_" + secrets.token_urlsafe(32)
    with store.engine.begin() as c:
        uid = c.execute(sa.select(t.users.c.id).where(t.users.c.name == name)).scalar()
        if uid is None:
            raise KeyError(name)
        c.execute(sa.insert(t.api_tokens).values(user_id=uid, token_sha256=_digest(token), label=label,
                                                 created_at=now()))
    return token


def revoke_tokens(store: Any, name: str) -> int:
    with store.engine.begin() as c:
        uid = c.execute(sa.select(t.users.c.id).where(t.users.c.name == name)).scalar()
        if uid is None:
            raise KeyError(name)
        return c.execute(sa.update(t.api_tokens).where(t.api_tokens.c.user_id == uid,
                                                       t.api_tokens.c.revoked_at.is_(None))
                         .values(revoked_at=now())).rowcount


def user_for_token(store: Any, token: str) -> User | None:
    """The owner of a live token, else None."""
    with store.engine.connect() as c:
        row = c.execute(
            sa.select(t.users).join(t.api_tokens, t.api_tokens.c.user_id == t.users.c.id)
            .where(t.api_tokens.c.token_sha256 == _digest(token), t.api_tokens.c.revoked_at.is_(None))
        ).first()
    return _user(row) if row else None
