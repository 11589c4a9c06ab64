"""Alembic migrations of the quote database, run programmatically by ``store.engine.migrate``."""
