"""Story clusters: syndicated copies, reposts and lightly edited versions of one story share one id.

Two tiers, because they fail differently. Copies that differ only in whitespace, quote style or case
have the same ``content_hash`` (a hash of ``normalize_text``) and are caught exactly. Everything else
that is "the same story" (a site's header and footer around it, a changed headline, a trimmed last
paragraph, an edited sentence) is caught by MinHash over word shingles, looked up in an LSH index
and confirmed by the estimated Jaccard similarity. The measurements behind the parameters are in
``docs/dedup-and-ingest.md`` and ``bench/dedup.py``.

A ``Deduplicator`` places articles a batch at a time through a ``StoryIndex``: ``MemoryIndex``
(signatures in this process, for a run without a database) or the store's index
(``quotewire.store.story_index``: band hashes in an indexed table, memory flat in the corpus size,
shared by every writer and continued by every later run). An index only looks up what it holds
about a batch (``Lookup``) and stores what the batch adds (``Additions``); the placement below --
and therefore the clusters -- is one piece of code for both. Fingerprinting and candidate
verification work on whole batches as arrays, because at corpus scale (docs/scale.md) the cost
per article is what decides how many machines a year of news needs.

Cluster names: in memory a cluster is named after its first article (a stream's names never change);
in the store after the *smallest* article id placed in it, so that the name does not depend on
which writer saw which copy first (``docs/dedup-and-ingest.md``, "Cluster identity").
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from quotewire.dedup.fingerprints import (DIGEST_BYTES, NUM_BANDS, NUM_PERM, SHINGLE_WORDS, Prints, band_keys,
                                          content_hash, fingerprint, prints, shingles, signature_bytes,
                                          signature_from_bytes, signature_id)
from quotewire.dedup.index import Additions, IndexBatch, Lookup, MemoryIndex, StoryIndex, candidates
from quotewire.models import Article

THRESHOLD = 0.4
"""Estimated Jaccard at or above which a candidate is the same story (chosen in bench/dedup.py)."""

REDUNDANT = 0.8
"""A near copy at least this similar to the indexed text it joined adds no band rows, only its
signature (exact copies of it are still found). A later text similar to it is, as a rule, similar
enough to its match, whose bands the index holds (not always: this is what the recall below pays
for; only 0.8^4 = 41 % of such a copy's bands equal its match's); the band rows
of such copies -- three quarters of the near copies of syndicated news in bench/dedup.py -- were
most of what the store's index wrote and looked through. Copies that drift further (an updated
version of a developing story) keep their bands, so a later text that meets only them still joins.
What it costs was measured (bench/dedup.py, the first 100,000 articles): recall 0.9951 -> 0.9947
with precision 1.0000 both (0.7 would cost 0.9936 for ~1 % more speed, so not lower)."""

Kind = Literal["new", "exact", "near", "known"]


@dataclass(frozen=True)
class Assignment:
    """Where one article went: ``kind`` says whether it opened a cluster or joined one, and how."""

    article: Article
    kind: Kind
    similarity: float  # 1.0 for new and exact; the estimated Jaccard to the matched copy for near


@dataclass
class DedupStats:
    articles: int = 0
    exact: int = 0
    near: int = 0
    known: int = 0
    clusters: int = 0


class Deduplicator:
    """Assigns story clusters a batch at a time through an index; remembers signatures, not texts."""

    def __init__(self, threshold: float = THRESHOLD, index: StoryIndex | None = None) -> None:
        self.threshold = threshold
        self.stats = DedupStats()
        self.index: StoryIndex = index if index is not None else MemoryIndex()

    def assign(self, article: Article) -> Article:
        """The article with ``cluster_id``, ``content_hash`` and ``minhash`` set."""
        return self.place(article).article

    def place(self, article: Article) -> Assignment:
        """Assign one article and say how; counts go to ``stats``."""
        return self.place_many([article])[0]

    def place_many(self, articles: Sequence[Article] | Prints, within: Any = None) -> list[Assignment]:
        """Assign a batch, in order (a later article may join an earlier one's cluster): the same
        clusters as placing the articles one at a time, with one lookup and one write. ``articles``
        may come as their ``prints``, made beforehand (outside the store's write lock); ``within``:
        the store's open transaction to place them in (``StoryIndex.batch``)."""
        p = articles if isinstance(articles, Prints) else prints(articles) if articles else None
        if p is None or not p.articles:
            return []
        with self.index.batch(p, within) as batch:
            placed, additions = self._place(p, batch.lookup)
            batch.write(p, additions)
        names = batch.lookup.names
        return [Assignment(self._with(p, row, names[cluster]), kind, similarity)
                for row, (cluster, kind, similarity) in enumerate(placed)]

    def known(self, articles: Sequence[Article]) -> list[bool]:
        """Whether each article (same id, same text) was placed and kept before: a read of the
        index, no lock, so a run can skip them before it analyses a batch."""
        stored = self.index.stored([a.id for a in articles])
        return [a.id in stored and stored[a.id] == content_hash(a.text) for a in articles]

    def _place(self, p: Prints, lookup: Lookup) -> tuple[list[tuple[int, Kind, float]], Additions]:
        """Each row in order: a text the index holds joins its cluster (``exact``, or ``known`` for
        the same article again); otherwise the most similar candidate already indexed (which may
        be an earlier row) decides (``near``); otherwise the row opens a cluster (``new``)."""
        stats, stored, clusters, names = self.stats, lookup.stored, lookup.clusters, lookup.names
        near = candidates(p, lookup, self.threshold)
        additions = Additions(rows=np.zeros(0, dtype=np.int64), clusters=np.zeros(0, dtype=np.int64),
                              banded=np.zeros(0, dtype=np.int64))
        added: list[int] = []
        banded: list[int] = []
        unbanded: set[int] = set()  # signature ids of the batch's rows added without band rows
        added_clusters: list[int] = []
        placed: list[tuple[int, Kind, float]] = []
        for row, (article, sid) in enumerate(zip(p.articles, p.ids.tolist(), strict=True)):
            stats.articles += 1
            known = stored.get(article.id) == p.hashes[row]
            stored[article.id] = p.hashes[row]
            cluster = clusters.get(sid)
            if cluster is not None:
                kind: Kind = "known" if known else "exact"
                setattr(stats, kind, getattr(stats, kind) + 1)
                self._join(additions, names, cluster, article.id)
                placed.append((cluster, kind, 1.0))
                continue
            # an earlier row of the batch is a candidate as it would be in the index: if banded
            best = next(((c, sim) for c, sim in near.get(row, ()) if c in clusters and c not in unbanded), None)
            if best is None:
                stats.clusters += 1
                cluster, kind, similarity = sid, "new", 1.0
                names[cluster] = additions.new_names[cluster] = article.id
            else:
                stats.near += 1
                cluster, kind, similarity = clusters[best[0]], "near", best[1]
                self._join(additions, names, cluster, article.id)
            clusters[sid] = cluster
            added.append(row)
            added_clusters.append(cluster)
            if similarity < REDUNDANT or kind == "new":
                banded.append(row)
            else:
                unbanded.add(sid)
            placed.append((cluster, kind, similarity))
        additions.rows = np.array(added, dtype=np.int64)
        additions.clusters = np.array(added_clusters, dtype=np.int64)
        additions.banded = np.array(banded, dtype=np.int64)
        return placed, additions

    def _join(self, additions: Additions, names: dict[int, str], cluster: int, article_id: str) -> None:
        """In an index that renames, a smaller article id gives the cluster its name."""
        if self.index.renames and article_id < names[cluster]:
            additions.renames.append((names[cluster], article_id))
            names[cluster] = article_id
            if cluster not in additions.new_names:
                additions.renamed[cluster] = article_id
            else:
                additions.new_names[cluster] = article_id

    @staticmethod
    def _with(p: Prints, row: int, cluster: str) -> Article:
        article = copy(p.articles[row])  # the caller's article stays as it was; 10x cheaper than replace()
        article.cluster_id, article.content_hash = cluster, p.hashes[row]
        article.minhash = signature_bytes(p.digests[row]) if p.worded[row] else None
        return article


__all__ = ["DIGEST_BYTES", "NUM_BANDS", "NUM_PERM", "REDUNDANT", "SHINGLE_WORDS", "THRESHOLD", "Additions",
           "Assignment", "DedupStats", "Deduplicator", "IndexBatch", "Kind", "Lookup", "MemoryIndex", "Prints",
           "StoryIndex", "band_keys", "candidates", "content_hash", "fingerprint", "prints", "shingles",
           "signature_bytes", "signature_from_bytes", "signature_id"]
