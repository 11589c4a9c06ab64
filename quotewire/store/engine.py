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
from urllib.parse import quote

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from quotewire import __version__
from quotewire.errors import DatabaseMissing, DatabaseOutdated, DatabaseTooNew, InputError, UnsupportedDatabase
from quotewire.store.sql import SQLITE_BUSY_WAIT_MS, sqlite_busy

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
        scheme = db.partition("://")[0].lower()
        if scheme.partition("+")[0] not in _SCHEMES:
            shown = db if "@" not in db else f"{scheme}://…@{db.rpartition('@')[2]}"
            raise UnsupportedDatabase(f"{shown}: unsupported database ({scheme}): give a SQLite file path "
                                      "or a postgresql:// URL")
        return db
    return f"sqlite:///{Path(db).expanduser()}"


_SCHEMES = ("sqlite", "postgresql")


WAL_SWITCH_WAIT_S = 30.0
"""How long a connection keeps trying to put a new database file into WAL mode."""


def _on_sqlite_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """WAL lets searches run while an ingest writes; busy_timeout makes writers queue, not fail."""
    cursor = dbapi_connection.cursor()
    for pragma in (f"busy_timeout={SQLITE_BUSY_WAIT_MS}", "synchronous=NORMAL", "foreign_keys=ON"):
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


def create_engine(url: str, read_only: bool = False) -> sa.Engine:
    """An engine for ``url``; a SQLite file that cannot be created is a clear ``InputError``.

    ``read_only``: a SQLite file is opened read-only and must exist (``read_only_sqlite``)."""
    if url.startswith("sqlite"):
        path = sa.make_url(url).database
        if path and path != ":memory:" and read_only:
            return read_only_sqlite(url, Path(path))
        if path and path != ":memory:":
            parent = Path(path).parent
            if not parent.is_dir():
                raise InputError(path, "database", f"cannot create database: no directory {parent}")
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                                  pool_size=20, max_overflow=40)
        sa.event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    return sa.create_engine(url, pool_size=10, max_overflow=40, pool_pre_ping=True)


def read_only_sqlite(url: str, path: Path) -> sa.Engine:
    """An engine that reads the SQLite file at ``path`` and can neither create nor change it.

    SQLite's ``mode=ro`` still needs the WAL side files (-shm); where they cannot be made (a
    read-only filesystem or directory) the file is opened ``immutable=1``, which reads it without
    them: nothing can be writing it there. A missing or empty file is ``DatabaseMissing``.
    """
    if not path.is_file() or path.stat().st_size == 0:
        state = "an empty file" if path.is_file() else "no such file"
        raise DatabaseMissing(f"{path}: no quotewire database here ({state}); create one with "
                              f"`quotewire ingest --db {path} INPUT…`")
    shm = Path(f"{path}-shm")
    immutable = not shm.exists() and not os.access(path.parent, os.W_OK)
    uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("&immutable=1" if immutable else "")

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=30)
        conn.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_WAIT_MS}")
        return conn

    return sa.create_engine(url, creator=connect, pool_size=20, max_overflow=40)


def check_schema(engine: sa.Engine, where: str) -> None:
    """For a reader, which never migrates: the database's schema must be the one this quotewire
    writes. No quotewire tables is ``DatabaseMissing``, an older schema ``DatabaseOutdated``, one
    this version does not know ``DatabaseTooNew``."""
    script = ScriptDirectory.from_config(_alembic_config())
    head = script.get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return
    if current is None:
        raise DatabaseMissing(f"{where}: holds no quotewire database (no quotewire tables); create one with "
                              f"`quotewire ingest --db {where} INPUT…`")
    _refuse_unknown(script, current, head, where)
    raise DatabaseOutdated(f"{where}: written by an older quotewire (schema {current}; this one reads {head}); "
                           "`quotewire ingest` upgrades it in place (read commands never change a database)")


def _refuse_unknown(script: ScriptDirectory, current: str, head: str | None, where: str) -> None:
    if current not in {rev.revision for rev in script.walk_revisions()}:
        raise DatabaseTooNew(f"{where}: written by a newer quotewire (schema {current}); quotewire {__version__} "
                             f"knows schemas up to {head}: upgrade quotewire (pip install -U quotewire) to use it")


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
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    with engine.connect() as conn:  # the usual case, without a write lock: readers never wait on an ingest
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head:
            return
    if current is not None:
        _refuse_unknown(script, current, head, engine.url.render_as_string(hide_password=True))
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
