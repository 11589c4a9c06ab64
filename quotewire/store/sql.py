"""The few statements whose SQL differs between SQLite and PostgreSQL, behind one function each,
and the write lock every writing transaction takes."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from quotewire.errors import StoreBusy


@lru_cache(maxsize=256)
def _insert_ignore_statement(dialect: str, table: sa.Table, keys: tuple[str, ...], returning: bool = False) -> Any:
    stmt = dialect_insert(dialect, table).on_conflict_do_nothing(index_elements=list(keys))
    return stmt.returning(*(table.c[k] for k in keys)) if returning else stmt


@lru_cache(maxsize=256)
def _upsert_statement(dialect: str, table: sa.Table, keys: tuple[str, ...], columns: tuple[str, ...]) -> Any:
    stmt = dialect_insert(dialect, table)
    return stmt.on_conflict_do_update(index_elements=list(keys), set_={c: stmt.excluded[c] for c in columns})


def dialect_insert(dialect: str, table: sa.Table) -> Any:
    """An insert into ``table`` that knows ``ON CONFLICT`` in the dialect named (``conn.dialect.name``)."""
    return (postgresql if dialect == "postgresql" else sqlite).insert(table)


def insert_ignore(conn: sa.Connection, table: sa.Table, rows: Sequence[dict[str, Any]], keys: list[str]) -> None:
    """Insert rows whose key is new; existing rows stay as they are (idempotent writes).

    The statements are built once per table and shape (``lru_cache``): building an ``ON CONFLICT``
    insert costs more than running it, and an ingest runs a few per article."""
    if rows:
        conn.execute(_insert_ignore_statement(conn.dialect.name, table, tuple(keys)), list(rows))


def insert_new(conn: sa.Connection, table: sa.Table, row: dict[str, Any], keys: list[str]) -> bool:
    """Insert one row unless its key exists (``insert_ignore``); whether it was inserted."""
    stmt = _insert_ignore_statement(conn.dialect.name, table, tuple(keys), returning=True)
    return conn.execute(stmt, row).first() is not None


def upsert(conn: sa.Connection, table: sa.Table, rows: Sequence[dict[str, Any]], keys: list[str]) -> None:
    """Insert rows, or overwrite the non-key columns of rows that exist."""
    if not rows:
        return
    columns = tuple(c for c in rows[0] if c not in keys)
    conn.execute(_upsert_statement(conn.dialect.name, table, tuple(keys), columns), list(rows))


IN_CHUNK = 8192
"""Values per ``IN`` list: under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters."""


def _padded(values: list[Any]) -> list[Any]:
    """``values`` repeated up to a power of two: a handful of distinct statements, where one per list
    length would fill the driver's statement cache with prepared statements of thousands of
    parameters each (hundreds of MB over a long run)."""
    size = 16
    while size < len(values):
        size *= 2
    return values + [values[-1]] * (size - len(values))


def in_chunks(conn: sa.Connection, stmt: sa.Select, column: sa.ColumnElement, values: Iterable[Any]) -> Iterator[sa.Row]:
    """The rows of ``stmt`` whose ``column`` is one of ``values``: one query per ``IN_CHUNK`` values."""
    ordered = sorted(set(values))
    for i in range(0, len(ordered), IN_CHUNK):
        yield from conn.execute(stmt.where(column.in_(ordered[i:i + IN_CHUNK])))


WRITE_LOCK = 7_313_178
"""The PostgreSQL advisory lock every writing transaction takes first (see ``lock_for_writing``)."""
SQLITE_BUSY_WAIT_MS = 30_000
"""How long a SQLite statement waits for a lock another connection holds (each connection's
``busy_timeout``): writers queue, not fail."""
SQLITE_QUIET_WAIT_MS = 2_000
SQLITE_MAX_WAIT_S = 600


def lock_for_writing(conn: sa.Connection) -> None:
    """Take the store's one write lock; the first statement of every writing transaction.

    Writes that decide across articles (a story cluster's name, which stored speaker a name is)
    read, decide and write: two writers deciding at once could both create, or deadlock on each
    other's rows. One lock per transaction, always the same, makes those decisions serial and a
    deadlock impossible; the transactions it covers are short beside the analysis between them,
    so writers still run side by side (docs/scale.md has the measurements). PostgreSQL: a
    transaction-scoped advisory lock. SQLite: ``BEGIN IMMEDIATE``; a writer that has to wait says
    so once on the ``quotewire.store`` logger and goes on waiting.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK})
    elif conn.dialect.name == "sqlite":
        _begin_immediate(conn)


@contextmanager
def waiting_at_most(conn: sa.Connection, seconds: float | None) -> Iterator[None]:
    """On SQLite, the statements of the block wait at most ``seconds`` for a lock another connection
    holds (None: the usual ``SQLITE_BUSY_WAIT_MS``), then fail "database is locked"."""
    if seconds is None or conn.dialect.name != "sqlite":
        yield
        return
    conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {SQLITE_BUSY_WAIT_MS}")


def sqlite_busy(error: BaseException) -> bool:
    """Whether SQLite refused because another connection holds the file ("database is locked",
    "database is busy"): worth waiting for, unlike any other error."""
    message = str(getattr(error, "orig", None) or error)
    return "locked" in message or "busy" in message


def _begin_immediate(conn: sa.Connection) -> None:
    conn.exec_driver_sql(f"PRAGMA busy_timeout = {SQLITE_QUIET_WAIT_MS}")
    try:
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except sa.exc.OperationalError as e:
            if not sqlite_busy(e):
                raise
        path = conn.engine.url.database
        logging.getLogger("quotewire.store").warning(
            "%s: another process is writing to this database; waiting for it to finish", path)
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {SQLITE_BUSY_WAIT_MS}")
        deadline = time.monotonic() + SQLITE_MAX_WAIT_S
        while True:
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except sa.exc.OperationalError:
                if time.monotonic() > deadline:
                    raise StoreBusy(f"{path}: another process has been writing for over "
                                    f"{SQLITE_MAX_WAIT_S // 60} minutes; try again later") from None
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {SQLITE_BUSY_WAIT_MS}")


# -- bulk statements for the story index: tens of thousands of rows per batch, where building one
# parameter dict per row through SQLAlchemy costs more than the database's own work. PostgreSQL
# gets each column as one array (``unnest``), SQLite the driver's executemany.

_PG_ARRAY = {"big_integer": "bigint[]", "integer": "bigint[]", "large_binary": "bytea[]", "string": "text[]",
             "text": "text[]"}


def _pg_array(column: sa.ColumnElement) -> str:
    return _PG_ARRAY[type(column.type).__visit_name__]


SQLITE_ROWS_PER_INSERT = 256
"""Rows per SQLite bulk insert statement (at most 3 columns here: well under 32,766 parameters)."""


def bulk_insert_ignore(conn: sa.Connection, table: sa.Table, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """``insert_ignore`` for many rows given as tuples in ``columns`` order, in one statement."""
    if not rows:
        return
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        arrays = ", ".join(f"%s::{_pg_array(table.c[c])}" for c in columns)
        conn.exec_driver_sql(f"INSERT INTO {table.name} ({names}) SELECT * FROM unnest({arrays}) "
                             "ON CONFLICT DO NOTHING", tuple(list(col) for col in zip(*rows, strict=True)))
    else:
        # Many rows per statement: half the time of one row per executemany step. The last
        # statement is padded with copies of the last row (ignored as conflicts), so there is
        # one statement shape per table, not one per remainder.
        per = SQLITE_ROWS_PER_INSERT
        row = "(" + ", ".join("?" * len(columns)) + ")"
        stmt = f"INSERT INTO {table.name} ({names}) VALUES {', '.join([row] * per)} ON CONFLICT DO NOTHING"
        rows = list(rows)
        rows += [rows[-1]] * (-len(rows) % per)
        flat = [v for r in rows for v in r]
        width = per * len(columns)
        conn.exec_driver_sql(stmt, [tuple(flat[i:i + width]) for i in range(0, len(flat), width)])


def bulk_update(conn: sa.Connection, table: sa.Table, key: str, column: str, pairs: Sequence[tuple]) -> None:
    """Set ``column`` of the row whose ``key`` is each pair's first value to its second value."""
    if not pairs:
        return
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            f"UPDATE {table.name} t SET {column} = v.value FROM unnest(%s::{_pg_array(table.c[key])}, "
            f"%s::{_pg_array(table.c[column])}) AS v(key, value) WHERE t.{key} = v.key",
            tuple(list(col) for col in zip(*pairs, strict=True)))
    else:
        conn.exec_driver_sql(f"UPDATE {table.name} SET {column} = ? WHERE {key} = ?", [(v, k) for k, v in pairs])


def _distinct_sorted(values: Iterable[Any]) -> list[Any]:
    if isinstance(values, np.ndarray):  # band keys: hundreds of thousands per batch
        v = np.sort(values, kind="stable")
        return v[np.concatenate(([True], v[1:] != v[:-1]))].tolist() if len(v) else []
    return sorted(set(values))


def bulk_select(conn: sa.Connection, table: sa.Table, columns: Sequence[str], key: str,
                values: Iterable[Any]) -> list[tuple]:
    """``columns`` of the rows whose ``key`` is one of ``values`` (any iterable, or a numpy
    array), as tuples: one array parameter on PostgreSQL, one ``IN`` list per ``IN_CHUNK`` values
    on SQLite, read straight from the driver's cursor."""
    ordered = _distinct_sorted(values)
    if not ordered:
        return []
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        return [tuple(r) for r in conn.exec_driver_sql(
            f"SELECT {names} FROM {table.name} WHERE {key} = ANY(%s::{_pg_array(table.c[key])})", (ordered,))]
    rows: list[tuple] = []
    cursor = conn.connection.cursor()
    try:
        for i in range(0, len(ordered), IN_CHUNK):
            chunk = _padded(ordered[i:i + IN_CHUNK])
            marks = ", ".join("?" * len(chunk))
            rows.extend(cursor.execute(f"SELECT {names} FROM {table.name} WHERE {key} IN ({marks})", chunk).fetchall())
    finally:
        cursor.close()
    return rows
