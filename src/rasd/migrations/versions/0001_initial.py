"""The first schema: documents, runs, extractions, events, evidence, places, actors, findings,
corrections, ingest errors.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from alembic import op

from rasd.store.schema import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The initial revision is the schema module as it stood; later revisions are explicit ops.
    metadata.create_all(bind=op.get_bind())


def downgrade() -> None:
    metadata.drop_all(bind=op.get_bind())
