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
shared by every writer and continued by every later run). Both answer the same questions, so the
placement below -- and therefore the clusters -- is one piece of code for both.

Cluster names: in memory a cluster is named after its first article (a stream's names never change);
in the store after the *smallest* article id placed in it, so that the name does not depend on
which writer saw which copy first (``docs/dedup-and-ingest.md``, "Cluster identity").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import ContextManager, Literal, Protocol

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
_HEX16 = re.compile(r"[0-9a-f]{16}")
_ASCII_NON_WORD = bytes(c if chr(c).isalnum() or c == ord("_") else ord(" ") for c in range(128)) + b" " * 128
"""For ASCII text (most news) words are found by one C-level translate and split, several times
faster than the regular expression and the same words: ``\\w`` on ASCII is ``[0-9A-Za-z_]``."""

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
    return list(map(" ".join, zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)))


def _shingle_bytes(normalized: str) -> list[bytes]:
    """``_shingles`` as UTF-8 bytes, which rensa hashes exactly as it hashes the strings."""
    if not normalized.isascii():
        return [g.encode("utf-8", "surrogatepass") for g in _shingles(normalized)]
    words = normalized.encode("ascii").translate(_ASCII_NON_WORD).split()
    if len(words) <= SHINGLE_WORDS:
        return [b" ".join(words)] if words else []
    return list(map(b" ".join, zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)))


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


def band_keys(digests: np.ndarray) -> np.ndarray:
    """The LSH band hashes of ``(n, NUM_PERM)`` uint32 digests: ``(n, NUM_BANDS)`` int64.

    Each band's rows and the band's number are mixed into one 64-bit key (collisions ~2^-64), so
    one indexed integer column answers "which signatures share a band with this one".
    """
    rows = NUM_PERM // NUM_BANDS
    d = np.ascontiguousarray(digests, dtype=np.uint32).reshape(len(digests), NUM_BANDS, rows).astype(np.uint64)
    key = np.arange(1, NUM_BANDS + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    for r in range(rows):
        key = (key ^ d[:, :, r]) * np.uint64(0xBF58476D1CE4E5B9)
        key ^= key >> np.uint64(31)
    return key.view(np.int64)


def signature_id(chash: str) -> int:
    """A content hash (16 hex digits) as the signed 64-bit integer the store indexes it under; any
    other string (a caller's own hash) is hashed first."""
    value = int(chash if _HEX16.fullmatch(chash) else stable_hash(chash), 16)
    return value - (1 << 64) if value >= 1 << 63 else value


@dataclass(frozen=True, slots=True)
class Print:
    """What placing one article needs: its content hash and, for text with words, its MinHash."""

    article: Article
    content_hash: str
    id: int  # ``signature_id(content_hash)``
    minhash: RMinHash | None = None
    digest: np.ndarray | None = None  # uint32[NUM_PERM]
    bands: list[int] | None = None  # NUM_BANDS band keys


def prints(articles: Sequence[Article]) -> list[Print]:
    """Fingerprint a batch: rensa hashes all of its shingle sets in one call."""
    normalized = [normalize_text(a.text) for a in articles]
    grams = [_shingle_bytes(n) for n in normalized]
    worded = [i for i, g in enumerate(grams) if g]
    minhashes = RMinHash.from_token_sets([grams[i] for i in worded], NUM_PERM, SEED) if worded else []
    digests = np.array([m.digest() for m in minhashes], dtype=np.uint32).reshape(len(worded), NUM_PERM)
    bands = dict(zip(worded, zip(minhashes, digests, band_keys(digests).tolist(), strict=True), strict=True))
    out = []
    for i, (a, n) in enumerate(zip(articles, normalized, strict=True)):
        chash = stable_hash(n)
        out.append(Print(a, chash, signature_id(chash), *bands.get(i, ())))
    return out


def nearest(p: Print, candidates: Sequence[tuple[int, np.ndarray]], threshold: float) -> tuple[int | None, float]:
    """The most similar of ``(signature id, digest)`` candidates at or above ``threshold``.

    A tie goes to the smallest signature id, so the choice does not depend on the order in which an
    index returns its candidates.
    """
    if not candidates or p.digest is None:
        return None, 0.0
    ids = np.array([c[0] for c in candidates], dtype=np.int64)
    sims = (np.stack([c[1] for c in candidates]) == p.digest).mean(axis=1)
    best_sim = sims.max()
    if best_sim < threshold:
        return None, float(best_sim)
    return int(ids[sims == best_sim].min()), float(best_sim)


class IndexView(Protocol):
    """One batch's view of an index: what placement asks and tells it, in article order."""

    def known(self, article_id: str, chash: str) -> bool:
        """Whether this article id was placed (or stored) before with this very text."""

    def exact(self, chash: str) -> object | None:
        """The cluster (an opaque key) of an identical text, if any."""

    def nearest(self, p: Print, threshold: float) -> tuple[object | None, float]:
        """The cluster of the most similar indexed signature at or above ``threshold``."""

    def add(self, p: Print, cluster: object | None, article_id: str) -> object:
        """Index the new text ``p`` in ``cluster``, or in a new cluster named after ``article_id``."""

    def join(self, cluster: object, article_id: str) -> None:
        """Tell the index that ``article_id`` was placed in ``cluster`` (it may name it)."""

    def name(self, cluster: object) -> str:
        """The cluster's public id, once the batch is placed."""


class StoryIndex(Protocol):
    def batch(self, prints: Sequence[Print]) -> ContextManager[IndexView]:
        """A view for placing ``prints``; what they add is kept when the context exits cleanly."""


class MemoryIndex:
    """Signatures in this process (about a kilobyte per distinct text): for runs without a store."""

    def __init__(self) -> None:
        self._lsh = RMinHashLSH(THRESHOLD, NUM_PERM, NUM_BANDS)
        self._entries: list[tuple[int, np.ndarray, int]] = []  # LSH key -> (signature id, digest, cluster)
        self._names: list[str] = []  # cluster -> name (its first article's id)
        self._by_hash: dict[str, int] = {}  # content hash -> cluster
        self._known: dict[str, str] = {}  # article id -> content hash, to recognise re-ingests

    @contextmanager
    def batch(self, prints: Sequence[Print]) -> Iterator[MemoryIndex]:
        yield self

    def known(self, article_id: str, chash: str) -> bool:
        before = self._known.get(article_id)
        self._known[article_id] = chash
        return before == chash

    def exact(self, chash: str) -> int | None:
        return self._by_hash.get(chash)

    def nearest(self, p: Print, threshold: float) -> tuple[int | None, float]:
        if p.minhash is None:
            return None, 0.0
        entries = [self._entries[k] for k in self._lsh.query(p.minhash)]
        best, similarity = nearest(p, [(e[0], e[1]) for e in entries], threshold)
        cluster = next((e[2] for e in entries if e[0] == best), None)
        return cluster, similarity

    def add(self, p: Print, cluster: int | None, article_id: str) -> int:
        if cluster is None:
            cluster = len(self._names)
            self._names.append(article_id)
        self._by_hash[p.content_hash] = cluster
        if p.minhash is not None and p.digest is not None:
            self._lsh.insert(len(self._entries), p.minhash)
            self._entries.append((p.id, p.digest, cluster))
        return cluster

    def join(self, cluster: int, article_id: str) -> None:
        """Nothing: in memory a cluster keeps its first article's name."""

    def name(self, cluster: int) -> str:
        return self._names[cluster]


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

    def place_many(self, articles: Sequence[Article]) -> list[Assignment]:
        """Assign a batch, in order (a later article may join an earlier one's cluster)."""
        batch = prints(articles)
        with self.index.batch(batch) as view:
            placed = [self._place(view, p) for p in batch]
        return [Assignment(self._with(p, view.name(cluster)), kind, similarity)
                for p, (cluster, kind, similarity) in zip(batch, placed, strict=True)]

    def _place(self, view: IndexView, p: Print) -> tuple[object, Kind, float]:
        self.stats.articles += 1
        article_id = p.article.id
        known = view.known(article_id, p.content_hash)
        cluster = view.exact(p.content_hash)
        if cluster is not None:
            kind: Kind = "known" if known else "exact"
            setattr(self.stats, kind, getattr(self.stats, kind) + 1)
            view.join(cluster, article_id)
            return cluster, kind, 1.0
        cluster, similarity = view.nearest(p, self.threshold)
        if cluster is None:
            self.stats.clusters += 1
            return view.add(p, None, article_id), "new", 1.0
        self.stats.near += 1
        view.add(p, cluster, article_id)
        view.join(cluster, article_id)
        return cluster, "near", similarity

    @staticmethod
    def _with(p: Print, cluster: str) -> Article:
        return replace(p.article, cluster_id=cluster, content_hash=p.content_hash,
                       minhash=signature_bytes(p.minhash) if p.minhash is not None else None)
