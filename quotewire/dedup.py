"""Story clusters: syndicated copies, reposts and lightly edited versions of one story share one id.

Two tiers, because they fail differently. Copies that differ only in whitespace, quote style or case
have the same ``content_hash`` (a hash of ``normalize_text``) and are caught exactly. Everything else
that is "the same story" (a site's header and footer around it, a changed headline, a trimmed last
paragraph, an edited sentence) is caught by MinHash over word shingles, looked up in an LSH index
and confirmed by the estimated Jaccard similarity. The measurements behind the parameters are in
``docs/dedup-and-ingest.md`` and ``bench/dedup.py``.

A ``Deduplicator`` keeps signatures only, never texts, so it runs one article at a time in memory
that grows by about a kilobyte per distinct story; ``load`` rebuilds it from what a store kept
(``Store.article_signatures``) so that a later run merges into earlier runs' clusters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from rensa import RMinHash, RMinHashLSH

from quotewire.models import Article, normalize_text, stable_hash

SHINGLE_WORDS = 5
"""Word 5-grams: 3- and 4-grams put stock news phrasing ("said in a statement on") into
unrelated stories' overlap; 5-grams gave the widest gap between copies and different stories."""

NUM_PERM = 128
NUM_BANDS = 32
"""32 bands of 4 rows: a pair at Jaccard 0.5 becomes a candidate with probability 0.87, at 0.7
with 0.9995, at 0.1 with 0.003 -- few candidates to verify, copies almost never missed (and a copy
only needs to meet *one* member of its cluster)."""

THRESHOLD = 0.4
"""Estimated Jaccard at or above which a candidate is the same story (chosen in bench/dedup.py)."""

SEED = 1
"""Fixed so that signatures stored by one run compare with those of the next."""

_WORD = re.compile(r"\w+")

Kind = Literal["new", "exact", "near", "known"]


def content_hash(text: str) -> str:
    """Identity of an article's text up to whitespace, quote style and case."""
    return stable_hash(normalize_text(text))


def shingles(text: str) -> list[str]:
    """Word n-grams of the normalised text; punctuation is dropped so that edits to it do not count."""
    return _shingles(normalize_text(text))


def _shingles(normalized: str) -> list[str]:
    words = _WORD.findall(normalized)
    if len(words) <= SHINGLE_WORDS:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]


def fingerprint(text: str) -> RMinHash | None:
    """The MinHash of ``text``, or None for text without words (such text can only match exactly)."""
    return _fingerprint(normalize_text(text))


def _fingerprint(normalized: str) -> RMinHash | None:
    grams = _shingles(normalized)
    if not grams:
        return None
    m = RMinHash(NUM_PERM, SEED)
    m.update(grams)
    return m


def signature_bytes(m: RMinHash) -> bytes:
    """rensa's own serialisation (what it pickles): the form the store keeps in ``Article.minhash``."""
    return m.__getstate__()


def signature_from_bytes(data: bytes) -> RMinHash | None:
    """Back from ``signature_bytes``; None when the bytes come from an incompatible rensa version,
    in which case that article can still be matched exactly but no longer near."""
    m = RMinHash(NUM_PERM, SEED)
    try:
        m.__setstate__(data)
    except (ValueError, TypeError):
        return None
    return m


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
    """Assigns story clusters one article at a time; remembers signatures, not texts."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.stats = DedupStats()
        self._lsh = RMinHashLSH(threshold, NUM_PERM, NUM_BANDS)
        self._digests: list[np.ndarray] = []  # LSH key -> digest, to verify candidates
        self._clusters: list[str] = []  # LSH key -> cluster id
        self._by_hash: dict[str, str] = {}  # content hash -> cluster id
        self._known: dict[str, str] = {}  # article id -> content hash, to recognise re-ingests

    def load(self, signatures: Iterable[tuple[str, str | None, str | None, bytes | None]]) -> int:
        """Add what earlier runs stored: ``(article_id, cluster_id, content_hash, minhash)`` rows."""
        n = 0
        for article_id, cluster_id, chash, data in signatures:
            if not (cluster_id and chash):
                continue
            self._known[article_id] = chash
            n += 1
            if chash in self._by_hash:
                continue
            self._by_hash[chash] = cluster_id
            m = signature_from_bytes(data) if data else None
            if m is not None:
                self._index(m, cluster_id)
        self.stats.clusters = len(set(self._by_hash.values()))
        return n

    @property
    def known_articles(self) -> int:
        """How many distinct article ids have been placed or loaded."""
        return len(self._known)

    def assign(self, article: Article) -> Article:
        """The article with ``cluster_id``, ``content_hash`` and ``minhash`` set."""
        return self.place(article).article

    def place(self, article: Article) -> Assignment:
        """Assign the article and say how; counts go to ``stats``."""
        self.stats.articles += 1
        normalized = normalize_text(article.text)
        chash = stable_hash(normalized)
        m = _fingerprint(normalized)
        known = self._known.get(article.id) == chash
        self._known[article.id] = chash
        if chash in self._by_hash:
            kind: Kind = "known" if known else "exact"
            setattr(self.stats, kind, getattr(self.stats, kind) + 1)
            return Assignment(self._with(article, self._by_hash[chash], chash, m), kind, 1.0)
        cluster, similarity = self._nearest(m) if m is not None else (None, 0.0)
        if cluster is None:
            cluster = article.id
            self.stats.clusters += 1
            kind, similarity = "new", 1.0
        else:
            self.stats.near += 1
            kind = "near"
        self._by_hash[chash] = cluster
        if m is not None:
            self._index(m, cluster)
        return Assignment(self._with(article, cluster, chash, m), kind, similarity)

    def _nearest(self, m: RMinHash) -> tuple[str | None, float]:
        """The cluster of the most similar indexed signature at or above the threshold."""
        keys = self._lsh.query(m)
        if not keys:
            return None, 0.0
        candidates = np.stack([self._digests[k] for k in keys])
        sims = (candidates == np.asarray(m.digest(), dtype=np.uint32)).mean(axis=1)
        best = int(sims.argmax())
        if sims[best] < self.threshold:
            return None, float(sims[best])
        return self._clusters[keys[best]], float(sims[best])

    def _index(self, m: RMinHash, cluster: str) -> None:
        self._lsh.insert(len(self._clusters), m)
        self._digests.append(np.asarray(m.digest(), dtype=np.uint32))
        self._clusters.append(cluster)

    @staticmethod
    def _with(article: Article, cluster: str, chash: str, m: RMinHash | None) -> Article:
        return replace(
            article,
            cluster_id=cluster,
            content_hash=chash,
            minhash=signature_bytes(m) if m is not None else None,
        )
