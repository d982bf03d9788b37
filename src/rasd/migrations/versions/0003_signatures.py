"""Near-duplicate signatures kept with their documents: an ingest reads them instead of normalising and
hashing every stored text again (documents stored before this revision are signed on their next ingest).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 0001 built the schema module as it stood at the time; on a fresh database it already made this table
    if "signatures" not in set(sa.inspect(op.get_bind()).get_table_names()):
        op.create_table(
            "signatures",
            sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"),
                      primary_key=True),
            sa.Column("scheme", sa.String(32), nullable=False),
            sa.Column("minhash", sa.LargeBinary, nullable=False),
        )


def downgrade() -> None:
    op.drop_table("signatures")
