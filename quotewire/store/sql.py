"""The few statements whose SQL differs between SQLite and PostgreSQL, behind one function each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite


def _insert(conn: sa.Connection, table: sa.Table) -> Any:
    module = postgresql if conn.dialect.name == "postgresql" else sqlite
    return module.insert(table)


def insert_ignore(conn: sa.Connection, table: sa.Table, rows: Sequence[dict[str, Any]], keys: list[str]) -> None:
    """Insert rows whose key is new; existing rows stay as they are (idempotent writes)."""
    if rows:
        conn.execute(_insert(conn, table).on_conflict_do_nothing(index_elements=keys), list(rows))


def upsert(conn: sa.Connection, table: sa.Table, rows: Sequence[dict[str, Any]], keys: list[str]) -> None:
    """Insert rows, or overwrite the non-key columns of rows that exist."""
    if not rows:
        return
    stmt = _insert(conn, table)
    columns = [c for c in rows[0] if c not in keys]
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in columns})
    conn.execute(stmt, list(rows))
