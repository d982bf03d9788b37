"""The database schema, one for SQLite and PostgreSQL (SQLAlchemy Core). Migrations live in
`rasd/migrations`; this module is what they build."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("encoding", sa.String(32)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("previous_id", sa.Integer, sa.ForeignKey("documents.id")),
    sa.Column("group_id", sa.Integer),  # near-duplicate group: the id of its first document
    sa.Column("coalition_month", sa.Integer),
    sa.Column("kind", sa.String(16)),  # monthly or daily
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_documents_source", "source"),
    sa.Index("ix_documents_month", "coalition_month"),
)

signatures = sa.Table(
    "signatures", metadata,  # near-duplicate MinHash of each document, so an ingest need not recompute them
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("scheme", sa.String(32), nullable=False),  # how it was computed (rasd.dedup.SCHEME)
    sa.Column("minhash", sa.LargeBinary, nullable=False),  # the hash values, uint32 little-endian
)

runs = sa.Table(
    "extraction_runs", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("rules_version", sa.String(64), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text),
)

extractions = sa.Table(
    "extractions", metadata,
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("extraction_runs.id"), nullable=False),
    sa.Column("output", sa.JSON, nullable=False),  # the contract's JSON, as `rasd extract` prints it
)

events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("extraction_runs.id"), nullable=False),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("date", sa.Date),
    sa.Column("date_precision", sa.String(8)),
    sa.Column("coalition_month", sa.Integer),
    sa.Column("place_name_en", sa.Text),
    sa.Column("place_name_ar", sa.Text),
    sa.Column("admin1", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("initiator", sa.String(32)),
    sa.Column("target", sa.String(32)),
    sa.Column("partner", sa.String(32)),
    sa.Column("quantities", sa.JSON, nullable=False),
    sa.Column("qualifiers", sa.JSON, nullable=False),
    sa.Column("attribution", sa.Text),
    sa.Column("cluster_id", sa.String(32)),  # the same event seen in several documents
    sa.Index("ix_events_doc", "document_id"),
    sa.Index("ix_events_type_date", "type", "date"),
    sa.Index("ix_events_cluster", "cluster_id"),
)

evidence = sa.Table(
    "evidence", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(32), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Index("ix_evidence_event", "event_id"),
)

places = sa.Table(
    "places", metadata,
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("name_en", sa.Text, primary_key=True),
    sa.Column("name_ar", sa.Text),
    sa.Column("kind", sa.String(16)),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
)

actors = sa.Table(
    "event_actors", metadata,
    sa.Column("event_id", sa.String(32), sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("role", sa.String(16), primary_key=True),
    sa.Column("actor", sa.String(32), nullable=False),
)

findings = sa.Table(
    "findings", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE")),
    sa.Column("coalition_month", sa.Integer),
    sa.Column("kind", sa.String(48), nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("detail", sa.JSON, nullable=False),
    sa.Index("ix_findings_doc", "document_id"),
)

corrections = sa.Table(
    "corrections", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(32), nullable=False),  # no FK: it must outlive re-extraction
    sa.Column("document_sha256", sa.String(64)),
    sa.Column("event_type", sa.String(32)),
    sa.Column("anchor", sa.Integer),  # first evidence offset: finds the event again if its id changes
    sa.Column("action", sa.String(16), nullable=False),  # correct, reject, confirm
    sa.Column("changes", sa.JSON, nullable=False),
    sa.Column("by", sa.Text, nullable=False),
    sa.Column("why", sa.Text),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_corrections_event", "event_id"),
)

ingest_errors = sa.Table(
    "ingest_errors", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),  # argon2 (pwdlib), never the password
    sa.Column("role", sa.String(16), nullable=False, server_default="analyst"),  # analyst (writes) or reader
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

api_tokens = sa.Table(
    "api_tokens", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),  # the token itself is shown once
    sa.Column("label", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
)
