"""Story indexes: what placement asks of an index (``Lookup``, ``Additions``, ``StoryIndex``), the
candidates of a batch found and verified on arrays (``candidates``), and ``MemoryIndex``, the index
kept in this process. The store's index is ``quotewire.store.story_index``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ContextManager, Protocol

import numpy as np

from quotewire.dedup.fingerprints import NUM_BANDS, NUM_PERM, Prints

@dataclass
class Lookup:
    """What an index holds about one batch: everything placement needs, fetched at once."""

    stored: dict[str, str]  # article id -> content hash, for the batch's ids already placed
    clusters: dict[int, int]  # signature id -> cluster key: the batch's texts and the candidates
    names: dict[int, str]  # cluster key -> public name, for those clusters
    band_keys: np.ndarray  # int64 (m,): indexed rows that share a band key with the batch...
    band_ids: np.ndarray  # int64 (m,): ...and their signature ids
    digest_ids: np.ndarray  # int64 (k,): the candidates' signature ids...
    digests: np.ndarray  # uint32 (k, NUM_PERM): ...and their digests


@dataclass
class Additions:
    """What placing a batch adds to the index."""

    rows: np.ndarray  # rows of the batch whose texts are new to the index
    clusters: np.ndarray  # int64: the cluster key of each of those rows
    banded: np.ndarray  # those of ``rows`` whose band rows are indexed (not copies at least ``dedup.REDUNDANT`` similar to their match)
    new_names: dict[int, str] = field(default_factory=dict)  # clusters the batch opened
    renamed: dict[int, str] = field(default_factory=dict)  # stored clusters given a smaller name
    renames: list[tuple[str, str]] = field(default_factory=list)  # (old name, new name), in order


class IndexBatch(Protocol):
    lookup: Lookup

    def write(self, prints: Prints, additions: Additions) -> None:
        """Keep what the batch adds (in the batch's transaction, for the store)."""


class StoryIndex(Protocol):
    renames: bool
    """Whether a smaller article id renames a cluster (the store) or the first name stays (memory)."""

    def batch(self, prints: Prints, within: Any = None) -> ContextManager[IndexBatch]:
        """The lookup for ``prints``; what ``write`` is given is kept when the context exits cleanly.
        ``within``: the store's open transaction (holding its write lock) to place the batch in, so
        that the placement commits with whatever else that transaction writes; None for its own."""

    def stored(self, ids: Sequence[str]) -> dict[str, str]:
        """Article id -> content hash, for those of ``ids`` placed and kept earlier (a read, no lock)."""


def _ranges(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each i, every j in ``lo[i]:hi[i]``, as two aligned arrays (i, j)."""
    counts = hi - lo
    owner = np.repeat(np.arange(len(lo)), counts)
    return owner, np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts) + np.repeat(lo, counts)


def candidates(p: Prints, lookup: Lookup, threshold: float) -> dict[int, list[tuple[int, float]]]:
    """For each row of the batch, the signature ids at or above ``threshold`` that share a band
    with it, most similar first (ties: the smaller id, so the choice does not depend on the order
    in which an index returns its rows): the indexed ones and the batch's own other rows. Which of
    the batch's rows are already in the index when a row is placed is for the caller to check."""
    q_keys, q_ids = p.band_rows()
    q_rows = np.repeat(np.flatnonzero(p.worded), NUM_BANDS)
    e_keys = np.concatenate([lookup.band_keys, q_keys])
    e_ids = np.concatenate([lookup.band_ids, q_ids])
    e_rows = np.concatenate([np.full(len(lookup.band_keys), -1), q_rows])  # -1: an indexed row
    order = np.argsort(e_keys, kind="stable")
    e_keys, e_ids, e_rows = e_keys[order], e_ids[order], e_rows[order]
    # every entry with the same band key as a query entry: the key's run in the sorted entries
    new_run = np.concatenate(([True], e_keys[1:] != e_keys[:-1]))
    run_start = np.flatnonzero(new_run)
    run_end = np.append(run_start[1:], len(e_keys))
    run_of = np.cumsum(new_run) - 1
    queries = np.flatnonzero(e_rows >= 0)
    query, entry = _ranges(run_start[run_of[queries]], run_end[run_of[queries]])
    rows, ids = e_rows[queries[query]], e_ids[entry]
    other = ids != p.ids[rows]
    rows, ids = rows[other], ids[other]
    order = np.lexsort((ids, rows))
    rows, ids = rows[order], ids[order]
    first = np.ones(len(rows), dtype=bool)  # each (row, id) once, however many bands they share
    first[1:] = (rows[1:] != rows[:-1]) | (ids[1:] != ids[:-1])
    pairs = np.stack([rows[first], ids[first]], axis=1)
    if not len(pairs):
        return {}
    d_ids = np.concatenate([lookup.digest_ids, p.ids[p.worded]])
    d_all = np.concatenate([lookup.digests.reshape(-1, NUM_PERM), p.digests[p.worded]])
    by_id = np.argsort(d_ids, kind="stable")
    found = by_id[np.minimum(np.searchsorted(d_ids[by_id], pairs[:, 1]), len(by_id) - 1)]
    indexed = d_ids[found] == pairs[:, 1]  # false only for a band row whose signature has no digest
    pairs, found = pairs[indexed], found[indexed]
    sims = (d_all[found] == p.digests[pairs[:, 0]]).sum(axis=1) / NUM_PERM
    keep = sims >= threshold
    pairs, sims = pairs[keep], sims[keep]
    if not len(pairs):
        return {}
    order = np.lexsort((pairs[:, 1], -sims, pairs[:, 0]))
    pairs, sims = pairs[order], sims[order]
    rows, cuts = np.unique(pairs[:, 0], return_index=True)
    ids = np.split(pairs[:, 1], cuts[1:])
    sims_by_row = np.split(sims, cuts[1:])
    return {r: list(zip(i.tolist(), s.tolist(), strict=True))
            for r, i, s in zip(rows.tolist(), ids, sims_by_row, strict=True)}


class MemoryIndex:
    """Signatures in this process (about 1.5 KB per distinct text): for runs without a store.

    Band rows are kept in sorted runs, merged as they grow (a log-structured merge: appending a
    batch costs its own size, a lookup one binary search per run), so a long stream of small
    batches stays fast.
    """

    renames = False

    def __init__(self) -> None:
        self._clusters: dict[int, int] = {}  # signature id -> cluster key
        self._names: dict[int, str] = {}  # cluster key -> name (its first article's id)
        self._known: dict[str, str] = {}  # article id -> content hash, to recognise re-ingests
        self._digest_row: dict[int, int] = {}  # signature id -> row of ``_digests``
        self._digests = np.zeros((0, NUM_PERM), dtype=np.uint32)
        self._size = 0
        self._runs: list[tuple[np.ndarray, np.ndarray]] = []  # (band keys sorted, signature ids)

    @contextmanager
    def batch(self, prints: Prints, within: Any = None) -> Iterator[MemoryIndex]:
        self.lookup = self._lookup(prints)
        yield self

    def stored(self, ids: Sequence[str]) -> dict[str, str]:
        return {i: h for i in ids if (h := self._known.get(i)) is not None}

    def _lookup(self, p: Prints) -> Lookup:
        keys, ids = [], []
        wanted = p.bands[p.worded].ravel()
        for run_keys, run_ids in self._runs:
            _, entry = _ranges(np.searchsorted(run_keys, wanted, "left"), np.searchsorted(run_keys, wanted, "right"))
            keys.append(run_keys[entry])
            ids.append(run_ids[entry])
        band_keys = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
        band_ids = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
        hits = np.unique(band_ids).tolist()
        sids = set(p.ids.tolist()) | set(hits)
        clusters = {s: c for s in sids if (c := self._clusters.get(s)) is not None}
        return Lookup(
            stored={a.id: h for a in p.articles if (h := self._known.get(a.id)) is not None},
            clusters=clusters, names={c: self._names[c] for c in set(clusters.values())},
            band_keys=band_keys, band_ids=band_ids, digest_ids=np.array(hits, dtype=np.int64),
            digests=self._digests[[self._digest_row[s] for s in hits]])

    def write(self, p: Prints, additions: Additions) -> None:
        for a, h in zip(p.articles, p.hashes, strict=True):
            self._known[a.id] = h
        self._names.update(additions.new_names)
        rows = additions.rows
        self._clusters.update(zip(p.ids[rows].tolist(), additions.clusters.tolist(), strict=True))
        worded = additions.banded[p.worded[additions.banded]]  # a digest is read only for a band's hit
        if not len(worded):
            return
        if self._size + len(worded) > len(self._digests):
            grown = np.zeros((max(2 * len(self._digests), self._size + len(worded), 1024), NUM_PERM), dtype=np.uint32)
            grown[:self._size] = self._digests[:self._size]
            self._digests = grown
        self._digests[self._size:self._size + len(worded)] = p.digests[worded]
        self._digest_row.update(zip(p.ids[worded].tolist(), range(self._size, self._size + len(worded)), strict=True))
        self._size += len(worded)
        keys, ids = p.band_rows(worded)
        order = np.argsort(keys, kind="stable")
        self._runs.append((keys[order], ids[order]))
        while len(self._runs) > 1 and len(self._runs[-2][0]) <= 2 * len(self._runs[-1][0]):
            (k2, i2), (k1, i1) = self._runs.pop(), self._runs.pop()
            keys, ids = np.concatenate([k1, k2]), np.concatenate([i1, i2])
            order = np.argsort(keys, kind="stable")
            self._runs.append((keys[order], ids[order]))
