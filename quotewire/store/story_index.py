"""The story index kept in the database: MinHash LSH whose memory is flat in the corpus size.

Three tables (``schema.py``): a signature per distinct text (its digest, its cluster), a row per
LSH band of each signature (an indexed integer), and each cluster's public name. Placing a batch is
one transaction under the store's write lock (``sql.lock_for_writing``) -- in an ingest, the one
that saves the batch's articles (``Store.write_batch``) --, with a fixed number of
statements however large the batch: the batch's texts and band keys are looked up with ``IN``
lists, candidates are verified in ``dedup`` on arrays, and what the batch adds is written with
``executemany`` (PostgreSQL: ``unnest`` arrays). Any number of writers can share the index; a later
run continues it.

A cluster's name is the smallest article id ever placed in it, so it does not depend on which
writer saw which copy first. When a smaller id joins, the cluster is renamed: the stored articles,
their ``clusters`` row and the cluster-scoped quotations move with it (``writer.rename_clusters``),
in the same transaction. A placed article never moves to another cluster, and two clusters never
merge: an article that bridges two clusters joins the more similar one (ties: the smaller signature
id), which is the one decision that can depend on arrival order (docs/dedup-and-ingest.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import sqlalchemy as sa

from quotewire.dedup import NUM_PERM, Additions, Lookup, Prints
from quotewire.store.schema import (articles, story_bands, story_bands_recent, story_clusters, story_index_state,
                                    story_signatures)
from quotewire.store.sql import bulk_insert_ignore, bulk_select, bulk_update, lock_for_writing, upsert
from quotewire.store.writer import rename_clusters

SQLITE_CACHE_KIB = 256 * 1024
"""SQLite's page cache while placing (per connection; the default is 2 MB): a batch's band lookups
and inserts touch pages all over the band table, which then stay in memory for the next batch.
Counted in the process's memory, so bounded well under the 1 GB a dedup run may use."""


MERGE_ROWS = 2_000_000
"""Band rows kept in ``story_bands_recent`` before they are merged into ``story_bands`` (about
62,000 articles' bands, ~60 MB: a table whose pages stay in the cache). A batch's band rows land
on pages all over a band table, so each commit rewrote most of the big table's pages (at 300,000
articles, 60 % of dedup's time); written to the small table, they are merged into the big one in
one pass in key order, every ``MERGE_ROWS`` rows. Lookups read both."""

_RECENT = "recent_bands"


def _digests(rows: list[tuple[int, bytes | None]]) -> tuple[np.ndarray, np.ndarray]:
    rows = [(sid, data) for sid, data in rows if data is not None]
    ids = np.array([sid for sid, _ in rows], dtype=np.int64)
    digests = np.frombuffer(b"".join(data for _, data in rows), dtype="<u4").astype(np.uint32)
    return ids, digests.reshape(len(rows), NUM_PERM)


class StoreIndex:
    """The ``StoryIndex`` of one store's engine."""

    renames = True

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    @contextmanager
    def batch(self, prints: Prints, within: sa.Connection | None = None) -> Iterator[_Batch]:
        """The batch's placement in its own transaction, or in ``within`` (the ingest's: the
        batch's articles are saved in it too, so a placement is never kept without its batch)."""
        if within is not None:
            yield self._batch(within, prints)
            return
        with self.engine.begin() as conn:
            lock_for_writing(conn)
            yield self._batch(conn, prints)

    @staticmethod
    def _batch(conn: sa.Connection, prints: Prints) -> _Batch:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        return _Batch(conn, prints)

    def stored(self, ids: Sequence[str]) -> dict[str, str]:
        with self.engine.connect() as conn:
            return dict(bulk_select(conn, articles, ("id", "content_hash"), "id", ids))


class _Batch:
    """One batch's transaction: what the index holds about the batch, and writing what it adds."""

    def __init__(self, conn: sa.Connection, p: Prints) -> None:
        self.conn = conn
        wanted = p.bands[p.worded].ravel()
        band_rows = np.array([row for table in (story_bands, story_bands_recent)
                              for row in bulk_select(conn, table, ("band", "signature_id"), "band", wanted)],
                             dtype=np.int64).reshape(-1, 2)
        hits = set(band_rows[:, 1].tolist())
        signatures = bulk_select(conn, story_signatures, ("id", "cluster_key"), "id", hits | set(p.ids.tolist()))
        clusters = dict(signatures)
        digest_ids, digests = _digests(bulk_select(conn, story_signatures, ("id", "digest"), "id", hits))
        self.lookup = Lookup(
            stored=dict(bulk_select(conn, articles, ("id", "content_hash"), "id", (a.id for a in p.articles))),
            clusters=clusters,
            names=dict(bulk_select(conn, story_clusters, ("key", "name"), "key", set(clusters.values()))),
            band_keys=band_rows[:, 0].copy(), band_ids=band_rows[:, 1].copy(),
            digest_ids=digest_ids, digests=digests)

    def write(self, p: Prints, additions: Additions) -> None:
        conn, rows = self.conn, additions.rows
        bulk_insert_ignore(conn, story_clusters, ("key", "name"), sorted(additions.new_names.items()))
        bulk_update(conn, story_clusters, "key", "name", sorted(additions.renamed.items()))
        digests = [p.digests[r].astype("<u4").tobytes() if p.worded[r] else None for r in rows.tolist()]
        bulk_insert_ignore(conn, story_signatures, ("id", "cluster_key", "digest"),
                           list(zip(p.ids[rows].tolist(), additions.clusters.tolist(), digests, strict=True)))
        keys, ids = p.band_rows(additions.banded)
        order = np.lexsort((ids, keys))  # in key order: B-tree inserts close to each other
        bulk_insert_ignore(conn, story_bands_recent, ("band", "signature_id"),
                           list(zip(keys[order].tolist(), ids[order].tolist(), strict=True)))
        if len(keys):
            self._count_recent(len(keys))
        rename_clusters(conn, additions.renames)

    def _count_recent(self, added: int) -> None:
        """Count the rows written to the small band table; merge it into the big one when full."""
        conn, state = self.conn, story_index_state.c
        recent = conn.execute(sa.select(state.value).where(state.name == _RECENT)).scalar() or 0
        recent += added
        if recent >= MERGE_ROWS:
            conn.exec_driver_sql("INSERT INTO story_bands (band, signature_id) SELECT band, signature_id "
                                 "FROM story_bands_recent WHERE true ON CONFLICT DO NOTHING")
            conn.execute(sa.delete(story_bands_recent))
            recent = 0
        upsert(conn, story_index_state, [{"name": _RECENT, "value": recent}], ["name"])
