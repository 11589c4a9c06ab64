"""The ``Store``: the contract the ingest pipeline writes through, and the queries interfaces read.

Each method opens its own connection from the pool, so one Store serves an API's threads. Writes
are one transaction each; a batch either lands whole or not at all.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa

from quotewire.errors import InputError, QuotewireError, StorageError
from quotewire.models import AnalyzedArticle, Failure
from quotewire.store import (article_views, dump, genders, lineage_views, outlets, overrides, people, quote_views, relink,
                             report, search, speaker_views, writer)
from quotewire.store.engine import check_schema, create_engine, database_url, migrate
from quotewire.store.faults import damaged, storage_fault
from quotewire.store.sql import lock_for_writing, waiting_at_most
from quotewire.store.story_index import StoreIndex
from quotewire.store.schema import (
    articles,
    failures,
    occurrences,
    quotation_sites,
    quotations,
    runs,
    speaker_aliases,
    speakers,
)

RETRIES = 3
_CHUNK = 500  # ids per export query: well under both databases' bound-parameter limits
_RETRIED_SQLSTATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected
T = TypeVar("T")
_SEARCHED = (articles, occurrences, quotation_sites, quotations, speaker_aliases, speakers)


class Store:
    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # -- ingest contract ---------------------------------------------------------------------
    def start_run(self, inputs: list[str]) -> int:
        with self.engine.begin() as conn:
            return conn.execute(sa.insert(runs).values(started_at=writer.now(), inputs=list(inputs))
                                .returning(runs.c.id)).scalar_one()

    def save_batch(self, items: Sequence[AnalyzedArticle], run_id: int | None = None, *,
                   within: sa.Connection | None = None) -> None:
        """Save one batch in one transaction (``write_batch``), or in ``within``, one it holds."""
        if within is not None:
            writer.save_batch(within, items, run_id)
            return
        self.write_batch(lambda conn: writer.save_batch(conn, items, run_id))

    def write_batch(self, write: Callable[[sa.Connection], T]) -> T:
        """``write(conn)`` in one transaction under the store's write lock, what it returns returned:
        an ingest places a batch in the story index and saves it in one. A deadlock or serialization
        failure the database reports (another client's transaction, not ours: ours take one lock)
        runs it again."""
        attempt = 0
        while True:
            try:
                with self.engine.begin() as conn:
                    lock_for_writing(conn)
                    return write(conn)
            except sa.exc.OperationalError as e:
                if attempt == RETRIES or getattr(e.orig, "sqlstate", None) not in _RETRIED_SQLSTATES:
                    raise
                time.sleep(0.05 * 2 ** attempt)
                attempt += 1

    def story_index(self) -> StoreIndex:
        """The store's story index, for a ``dedup.Deduplicator`` shared by every writer."""
        return StoreIndex(self.engine)

    def record_failures(self, items: Sequence[Failure], run_id: int | None = None, *,
                        wait_s: float | None = None) -> None:
        """Log failures of a run; ``wait_s``: at most this long for another connection's lock (SQLite)."""
        if not items:
            return
        with self.engine.begin() as conn, waiting_at_most(conn, wait_s):
            conn.execute(sa.insert(failures), [{"run_id": run_id, "input": f.input, "reason": f.reason,
                                                "message": f.message} for f in items])

    def finish_run(self, run_id: int, summary: dict[str, Any], *, wait_s: float | None = None) -> None:
        """Close a run's record with its summary; ``wait_s`` as for ``record_failures``."""
        with self.engine.begin() as conn, waiting_at_most(conn, wait_s):
            conn.execute(sa.update(runs).where(runs.c.id == run_id).values(finished_at=writer.now(), summary=summary))
            if self.dialect == "postgresql":
                # The planner needs current statistics to drive a search from the right index, and
                # autovacuum may be off or behind (it is off on our test server): refresh them after
                # each run. SQLite's plans are written not to depend on statistics.
                conn.execute(sa.text("ANALYZE " + ", ".join(t.name for t in _SEARCHED)))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- queries -----------------------------------------------------------------------------
    def search_quotes(self, query: search.QuoteQuery) -> dict[str, Any]:
        with self.engine.connect() as conn:
            return search.search_quotes(conn, query)

    def quote(self, quote_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            return quote_views.quote_detail(conn, quote_id)

    def speakers(self, query: str | None = None, limit: int = 50, offset: int = 0, *, source: str | None = None,
                 since: str | None = None, until: str | None = None, gender: str | None = None,
                 kind: str | None = None) -> dict[str, Any]:
        """Speakers, most quoted first: see ``speaker_views.SpeakerQuery`` for the filters."""
        filters = speaker_views.SpeakerQuery(query, source, since, until, gender, kind, limit, offset)
        with self.engine.connect() as conn:
            return speaker_views.list_speakers(conn, filters)

    def report(self, query: report.ReportQuery, tables: tuple[str, ...] = report.TABLES) -> dict[str, Any]:
        """Counts and shares by outlet, month and gender (``store/report.py``)."""
        with self.engine.connect() as conn:
            return report.report(conn, query, tables)

    def outlets(self) -> list[dict[str, Any]]:
        """Every outlet of the stored articles, with its names and counts (``store/outlets.py``)."""
        with self.engine.connect() as conn:
            return [x.to_dict() for x in outlets.outlets(conn)]

    def find_speaker(self, name: str) -> str | None:
        with self.engine.connect() as conn:
            return speaker_views.find_speaker(conn, name)

    def speaker(self, speaker_id: str, top: int = 10) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            return speaker_views.speaker_detail(conn, speaker_id, top)

    def article(self, article_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            return article_views.article_detail(conn, article_id)

    def cluster(self, cluster_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            return article_views.cluster_detail(conn, cluster_id)

    def stats(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return article_views.stats(conn)

    def iter_quotations(self, ids: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
        """Export records (``dump.iter_quotations``): all, in id order, or those of ``ids`` in that order."""
        with self.engine.connect() as conn:
            if ids is None:
                yield from dump.iter_quotations(conn)
                return
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start:start + _CHUNK]
                found = {r["id"]: r for r in dump.iter_quotations(conn, chunk)}
                yield from (found[i] for i in chunk if i in found)

    def matching_ids(self, query: search.QuoteQuery) -> list[str]:
        """Every match of ``query`` in result order, up to ``search.COUNT_CAP``: for a download."""
        with self.engine.connect() as conn:
            return search.matching_ids(conn, query)

    def verify(self, text: str, speaker: str | None = None) -> dict[str, Any]:
        """Did ``speaker`` say ``text``: the verdict against the original of each matching lineage."""
        with self.engine.connect() as conn:
            return lineage_views.verify(conn, text, speaker)

    def lineage(self, quotation_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            return lineage_views.lineage(conn, quotation_id)

    def changed_wordings(self, altered: bool = False, misattributed: bool = False, limit: int = 20,
                         offset: int = 0) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return lineage_views.changed_wordings(conn, altered, misattributed, limit, offset)

    # -- corrections by hand -----------------------------------------------------------------
    def merge_speakers(self, keep_id: str, other_id: str) -> str:
        with self.engine.begin() as conn:
            lock_for_writing(conn)
            return overrides.merge_speakers(conn, keep_id, other_id)

    def split_speaker(self, speaker_id: str, names: Sequence[str] = (), article_ids: Sequence[str] = (),
                      new_name: str | None = None) -> str:
        with self.engine.begin() as conn:
            lock_for_writing(conn)
            return overrides.split_speaker(conn, speaker_id, names, article_ids, new_name)

    def relink(self) -> dict[str, Any]:
        """Derive every cross-article identity again with the current linker (``relink.relink``)."""
        with self.engine.begin() as conn:
            lock_for_writing(conn)
            return relink.relink(conn)

    def load_people(self, path: str) -> dict[str, Any]:
        """Store the known people of a people file, and link what is stored to them."""
        found = people.read_people(path)
        with self.engine.begin() as conn:
            lock_for_writing(conn)
            loaded = people.load_people(conn, found)
            stored = conn.execute(sa.select(sa.func.count()).select_from(occurrences)).scalar_one()
            report = relink.relink(conn) if stored else {}
        return {"people": loaded, "relinked": report}

    def set_gender(self, speaker_id: str, gender: str | None) -> dict[str, Any]:
        """Correct a person's gender (``None`` withdraws the correction); their gender fields after."""
        with self.engine.begin() as conn:
            lock_for_writing(conn)
            genders.set_gender(conn, speaker_id, gender, writer.now())
            return speaker_views.gender_of(conn, speaker_id)


def open_store(db: str | None = None, *, write: bool = True) -> Store:
    """The store at ``db`` (a SQLite path or a PostgreSQL URL), migrated to the current schema.

    ``None`` means ``$QUOTEWIRE_DB`` or ./quotewire.db. ``write=False`` is for readers: nothing is
    created or migrated (a SQLite file is opened read-only), and a location without a current
    quotewire database is a ``StorageError`` saying so. An unreachable database or an unusable path
    raises ``InputError`` with one line naming it; a damaged, full, read-only or newer database the
    named ``StorageError`` (``quotewire.store.faults``).
    """
    url = database_url(db)
    where = location(url)
    engine = create_engine(url, read_only=not write)
    try:
        if write:
            migrate(engine)
            check_sound(engine, where)
        else:
            check_schema(engine, where)
    except QuotewireError:
        engine.dispose()
        raise
    except sa.exc.DBAPIError as e:
        engine.dispose()
        fault = storage_fault(e, where) or (_read_only_file(url, e) if write else None)
        if fault is not None:
            raise fault from None
        if not isinstance(e, sa.exc.OperationalError):
            raise
        reason = str(e.orig).strip().splitlines()[0] if e.orig else str(e)
        raise InputError(_redacted(url), "database", f"cannot open database: {reason}") from None
    return Store(engine)


def _read_only_file(url: str, error: sa.exc.DBAPIError) -> StorageError | None:
    """SQLite says only "unable to open database file" when a writer cannot make the WAL's side
    files next to a database on a read-only filesystem or in a read-only directory."""
    path = sa.make_url(url).database
    if not path or path == ":memory:" or not os.path.isfile(path):
        return None
    if os.access(os.path.dirname(os.path.abspath(path)), os.W_OK) and os.access(path, os.W_OK):
        return None
    return storage_fault(sa.exc.OperationalError("", {}, Exception("attempt to write a readonly database")), path)


def check_sound(engine: sa.Engine, where: str) -> None:
    """Before writing into a SQLite file: SQLite's ``quick_check`` must find it sound, or writes
    would land beside pages already damaged and succeed (about 5 ms per MB of database: 76 ms
    for 16 MB, measured warm)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        problems = [row[0] for row in conn.exec_driver_sql("PRAGMA quick_check(3)")]
    if problems != ["ok"]:
        raise damaged(where, f"{problems[0]}" + (f" and {len(problems) - 1} more" if len(problems) > 1 else ""))


def location(url: str) -> str:
    """What a message calls the database at ``url``: its file path, or its URL without a password."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return parsed.database
    return _redacted(url).replace("postgresql+psycopg://", "postgresql://", 1)  # as users type it


def _redacted(url: str) -> str:
    return sa.make_url(url).render_as_string(hide_password=True)
