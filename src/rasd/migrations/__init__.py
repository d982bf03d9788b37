"""Alembic migrations, run programmatically by `rasd.store.open_store` (no alembic.ini needed)."""
