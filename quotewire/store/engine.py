"""Where the database is and how to connect: SQLite by default, PostgreSQL by URL.

Users give a path, a URL or nothing; this module turns that into a SQLAlchemy engine with the
settings each backend needs for our workload (many readers while one ingest writes) and brings
the schema to the newest migration before anything else touches it.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from quotewire.errors import InputError
from quotewire.store.sql import sqlite_busy

DEFAULT_DB = "quotewire.db"
_MIGRATION_LOCK = 7_313_177  # any fixed number: PostgreSQL advisory lock taken while migrating
_MIGRATING = threading.Lock()


def database_url(db: str | None = None) -> str:
    """The SQLAlchemy URL for a user's ``--db`` value, ``$QUOTEWIRE_DB`` or ./quotewire.db.

    Users type ``postgresql://...`` as libpq does; SQLAlchemy needs the driver named, so we add
    psycopg (3) — the one installed. Anything that is not a URL is a SQLite file path.
    """
    db = db or os.environ.get("QUOTEWIRE_DB") or DEFAULT_DB
    for prefix in ("postgresql://", "postgres://"):
        if db.startswith(prefix):
            return "postgresql+psycopg://" + db[len(prefix):]
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


WAL_SWITCH_WAIT_S = 30.0
"""How long a connection keeps trying to put a new database file into WAL mode."""


def _on_sqlite_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """WAL lets searches run while an ingest writes; busy_timeout makes writers queue, not fail."""
    cursor = dbapi_connection.cursor()
    for pragma in ("busy_timeout=30000", "synchronous=NORMAL", "foreign_keys=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    _switch_to_wal(cursor)
    cursor.close()


def _switch_to_wal(cursor) -> None:  # type: ignore[no-untyped-def]
    """``PRAGMA journal_mode=WAL``, tried again while another connection holds the file. Switching
    a new file needs it alone, and two connections switching at once can be refused at once,
    without waiting (SQLite's rule against two readers deadlocking as both ask to write): one
    process in about 25 of six opening a new database at the same moment failed that way."""
    deadline = time.monotonic() + WAL_SWITCH_WAIT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if not sqlite_busy(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def create_engine(url: str) -> sa.Engine:
    """An engine for ``url``; a SQLite file that cannot be created is a clear ``InputError``."""
    if url.startswith("sqlite"):
        path = sa.make_url(url).database
        if path and path != ":memory:":
            parent = Path(path).parent
            if not parent.is_dir():
                raise InputError(path, "database", f"cannot create database: no directory {parent}")
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                                  pool_size=20, max_overflow=40)
        sa.event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    return sa.create_engine(url, pool_size=10, max_overflow=40, pool_pre_ping=True)


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "quotewire:migrations")
    return config


def migrate(engine: sa.Engine) -> None:
    """Bring the schema to the newest revision, once, even when several processes open at once.

    When the schema is behind, each backend's writer lock is taken before the revision is read
    again, so of several processes opening a new database one migrates and the others find it
    done: PostgreSQL by an advisory lock, SQLite by ``BEGIN IMMEDIATE``. Alembic's command context
    is process-global, so threads of one process take turns too.
    """
    config = _alembic_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as conn:  # the usual case, without a write lock: readers never wait on an ingest
        if MigrationContext.configure(conn).get_current_revision() == head:
            return
    with _MIGRATING, engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
        elif engine.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        before = MigrationContext.configure(conn).get_current_revision()
        if before == head:
            return
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        from quotewire.store.data_upgrades import upgrade_data

        upgrade_data(conn, before)
