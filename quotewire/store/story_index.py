"""The story index kept in the database: MinHash LSH whose memory is flat in the corpus size.

Three tables (``schema.py``): a signature per distinct text (its digest, its cluster), a row per
LSH band of each signature (an indexed integer), and each cluster's public name. Placing a batch is
one transaction under the store's write lock (``sql.lock_for_writing``), with a fixed number of
statements however large the batch: the batch's texts and band keys are looked up with ``IN``,
candidates are verified in Python, and what the batch adds is written with ``executemany``. Any
number of writers can share the index; a later run continues it.

A cluster's name is the smallest article id ever placed in it, so it does not depend on which
writer saw which copy first. When a smaller id joins, the cluster is renamed: the stored articles,
their ``clusters`` row and the cluster-scoped quotations move with it (``writer.rename_clusters``),
in the same transaction. A placed article never moves to another cluster, and two clusters never
merge: an article that bridges two clusters joins the more similar one (ties: the smaller signature
id), which is the one decision that can depend on arrival order (docs/dedup-and-ingest.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import sqlalchemy as sa

from quotewire.dedup import Print, band_keys, nearest, signature_from_bytes, signature_id
from quotewire.models import stable_hash
from quotewire.store.schema import articles, story_bands, story_clusters, story_signatures
from quotewire.store.sql import bulk_insert_ignore, bulk_select, bulk_update, in_chunks, lock_for_writing


def _digest(data: bytes | None) -> np.ndarray | None:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32) if data is not None else None


def _digest_bytes(digest: np.ndarray | None) -> bytes | None:
    return digest.astype("<u4").tobytes() if digest is not None else None


class StoreIndex:
    """The ``StoryIndex`` of one store's engine."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    @contextmanager
    def batch(self, prints: Sequence[Print]) -> Iterator[_BatchView]:
        from quotewire.store.writer import rename_clusters

        with self.engine.begin() as conn:
            lock_for_writing(conn)
            view = _BatchView(conn, prints)
            yield view
            view.write()
            rename_clusters(conn, view.renames)


class _BatchView:
    """What the index holds about one batch's texts and candidates, and what the batch adds."""

    def __init__(self, conn: sa.Connection, prints: Sequence[Print]) -> None:
        self.conn = conn
        self.renames: list[tuple[str, str]] = []
        self._stored = dict(bulk_select(conn, articles, ("id", "content_hash"), "id", (p.article.id for p in prints)))
        self._bands: dict[int, list[int]] = defaultdict(list)
        wanted = {p.id for p in prints}
        for band, sid in bulk_select(conn, story_bands, ("band", "signature_id"), "band",
                                     (b for p in prints if p.bands is not None for b in p.bands)):
            self._bands[band].append(sid)
            wanted.add(sid)
        self._signatures: dict[int, tuple[int, np.ndarray | None]] = {
            sid: (key, _digest(data))
            for sid, key, data in bulk_select(conn, story_signatures, ("id", "cluster_key", "digest"), "id", wanted)}
        self._names: dict[int, str] = dict(bulk_select(conn, story_clusters, ("key", "name"), "key",
                                                        {key for key, _ in self._signatures.values()}))
        self._new: list[tuple[Print, int]] = []
        self._new_clusters: set[int] = set()
        self._renamed: set[int] = set()

    def known(self, article_id: str, chash: str) -> bool:
        return self._stored.get(article_id) == chash

    def exact(self, chash: str) -> int | None:
        found = self._signatures.get(signature_id(chash))
        return found[0] if found else None

    def nearest(self, p: Print, threshold: float) -> tuple[int | None, float]:
        if p.bands is None:
            return None, 0.0
        bands = self._bands
        ids = {sid for b in p.bands if b in bands for sid in bands[b]}
        candidates = [(sid, digest) for sid in ids if (digest := self._signatures[sid][1]) is not None]
        best, similarity = nearest(p, candidates, threshold)
        return (self._signatures[best][0] if best is not None else None), similarity

    def add(self, p: Print, cluster: int | None, article_id: str) -> int:
        if cluster is None:
            cluster = p.id
            self._names[cluster] = article_id
            self._new_clusters.add(cluster)
        self._signatures[p.id] = (cluster, p.digest)
        self._new.append((p, cluster))
        if p.bands is not None:
            for b in p.bands:
                self._bands[b].append(p.id)
        return cluster

    def join(self, cluster: int, article_id: str) -> None:
        old = self._names[cluster]
        if article_id < old:
            self._names[cluster] = article_id
            self.renames.append((old, article_id))
            self._renamed.add(cluster)

    def name(self, cluster: int) -> str:
        return self._names[cluster]

    def write(self) -> None:
        conn = self.conn
        bulk_insert_ignore(conn, story_clusters, ("key", "name"),
                           [(k, self._names[k]) for k in sorted(self._new_clusters)])
        bulk_update(conn, story_clusters, "key", "name",
                    [(k, self._names[k]) for k in sorted(self._renamed - self._new_clusters)])
        bulk_insert_ignore(conn, story_signatures, ("id", "cluster_key", "digest"),
                           [(p.id, cluster, _digest_bytes(p.digest)) for p, cluster in self._new])
        worded = [p for p, _ in self._new if p.bands is not None]
        if worded:
            bands = np.array([p.bands for p in worded], dtype=np.int64)
            ids = np.repeat(np.array([p.id for p in worded], dtype=np.int64), bands.shape[1])
            bands = bands.ravel()
            order = np.lexsort((ids, bands))  # in key order: B-tree inserts close to each other
            bulk_insert_ignore(conn, story_bands, ("band", "signature_id"),
                               list(zip(bands[order].tolist(), ids[order].tolist(), strict=True)))


def cluster_names(conn: sa.Connection, chashes: Iterable[str]) -> dict[str, str]:
    """The current cluster name of each indexed content hash (what the writer stores articles under)."""
    by_id = {signature_id(h): h for h in chashes}
    s, c = story_signatures.c, story_clusters.c
    stmt = sa.select(s.id, c.name).join(story_clusters, c.key == s.cluster_key)
    return {by_id[r.id]: r.name for r in in_chunks(conn, stmt, s.id, by_id)}


def index_rows(stored: Iterable[Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Index rows for ``(cluster_id, content_hash, minhash)`` of stored articles (the migration's
    backfill): the clusters keep their ids as names; an unreadable signature matches exactly only."""
    clusters: dict[int, dict[str, Any]] = {}
    signatures: dict[int, dict[str, Any]] = {}
    for cluster_id, chash, data in stored:
        key = signature_id(stable_hash("cluster", cluster_id))
        clusters.setdefault(key, {"key": key, "name": cluster_id})
        m = signature_from_bytes(data) if data else None
        digest = np.asarray(m.digest(), dtype=np.uint32) if m is not None else None
        signatures.setdefault(signature_id(chash), {"id": signature_id(chash), "cluster_key": key,
                                                    "digest": _digest_bytes(digest), "_d": digest})
    worded = [s for s in signatures.values() if s["_d"] is not None]
    keys = band_keys(np.stack([s["_d"] for s in worded])).tolist() if worded else []
    bands = [{"band": b, "signature_id": s["id"]} for s, row in zip(worded, keys, strict=True) for b in row]
    for s in signatures.values():
        del s["_d"]
    return list(clusters.values()), list(signatures.values()), bands
