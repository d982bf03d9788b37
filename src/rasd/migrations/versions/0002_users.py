"""Users of the dashboard (argon2 password hashes) and their API tokens (stored as SHA-256 digests).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 0001 built the schema module as it stood at the time; on a fresh database it already made these tables
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "users" not in existing:
        op.create_table(
            "users",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("name", sa.String(64), nullable=False, unique=True),
            sa.Column("password_hash", sa.Text, nullable=False),
            sa.Column("role", sa.String(16), nullable=False, server_default="analyst"),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        )
    if "api_tokens" not in existing:
        op.create_table(
            "api_tokens",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
            sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
            sa.Column("label", sa.Text),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("revoked_at", sa.DateTime(timezone=True)),
        )


def downgrade() -> None:
    op.drop_table("api_tokens")
    op.drop_table("users")
