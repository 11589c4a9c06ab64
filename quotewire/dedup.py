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

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from copy import copy
from dataclasses import dataclass, field
from itertools import chain
from typing import ContextManager, Literal, Protocol

import numpy as np
from rensa import RMinHash

from quotewire.models import Article, normalize_text, stable_hash

SHINGLE_WORDS = 5
"""Word 5-grams: 3- and 4-grams put stock news phrasing ("said in a statement on") into
unrelated stories' overlap; 5-grams gave the widest gap between copies and different stories."""

NUM_PERM = 128
NUM_BANDS = 32
"""32 bands of 4 rows: a pair at Jaccard 0.5 becomes a candidate with probability 0.87, at 0.7
with 0.9995, at 0.1 with 0.003 -- few candidates to verify, copies almost never missed (and a copy
only needs to meet *one* indexed member of its cluster)."""

THRESHOLD = 0.4
"""Estimated Jaccard at or above which a candidate is the same story (chosen in bench/dedup.py)."""

REDUNDANT = 0.8
"""A near copy at least this similar to the indexed text it joined adds no band rows, only its
signature (exact copies of it are still found). Its bands are largely its match's, which the index
already answers for (a text as similar to it is as likely a candidate of its match); the band rows
of such copies -- three quarters of the near copies of syndicated news in bench/dedup.py -- were
most of what the store's index wrote and looked through. Copies that drift further (an updated
version of a developing story) keep their bands, so a later text that meets only them still joins.
On bench/dedup.py's 100,000 and 1,000,000 articles: the same clusters as indexing every text."""

SEED = 1
"""Fixed so that signatures stored by one run compare with those of the next."""

DIGEST_BYTES = NUM_PERM * 4
"""A stored signature: its 128 MinHash values as little-endian uint32."""

_WORD = re.compile(r"\w+")
_HEX16 = re.compile(r"[0-9a-f]{16}")
_ASCII_NON_WORD = bytes(c if chr(c).isalnum() or c == ord("_") else ord(" ") for c in range(128)) + b" " * 128
"""For ASCII text (most news) words are found by one C-level translate, several times faster than
the regular expression and the same words: ``\\w`` on ASCII is ``[0-9A-Za-z_]``."""

_SPACE = 32
_CHAR_BASE = np.uint64(0x100000001B3)  # FNV's 64-bit prime: a word's bytes as a polynomial in it
_FOLD = np.uint64(0x9E3779B97F4A7C15)  # folds a shingle's word hashes in order
_MIX = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))
_HASH_CHUNK_BYTES = 1 << 20
"""Texts hashed together: one chunk's arrays (8 bytes per character) stay a few tens of MB."""

Kind = Literal["new", "exact", "near", "known"]


def content_hash(text: str) -> str:
    """Identity of an article's text up to whitespace, quote style and case."""
    return stable_hash(normalize_text(text))


def shingles(text: str) -> list[str]:
    """Word n-grams of the normalised text; punctuation is dropped so that edits to it do not count.
    (What a shingle is; the fingerprint hashes the same n-grams without building them.)"""
    words = _WORD.findall(normalize_text(text))
    if len(words) <= SHINGLE_WORDS:
        return [" ".join(words)] if words else []
    return list(map(" ".join, zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)))


def _word_bytes(normalized: str) -> bytes:
    """The text's words (``\\w+``) separated by spaces, as UTF-8."""
    if normalized.isascii():
        return normalized.encode("ascii").translate(_ASCII_NON_WORD)
    return " ".join(_WORD.findall(normalized)).encode("utf-8", "surrogatepass")


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit reaches every output bit."""
    h = h ^ (h >> np.uint64(30))
    h *= _MIX[0]
    h ^= h >> np.uint64(27)
    h *= _MIX[1]
    return h ^ (h >> np.uint64(31))


def _char_powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    """``_CHAR_BASE`` to the powers ``0..size-1`` and their inverses (mod 2^64, the base is odd)."""
    if not _POWERS or len(_POWERS[0]) < size:
        size = max(size, _HASH_CHUNK_BYTES + 1)
        powers = np.ones(size, dtype=np.uint64)
        powers[1:] = np.cumprod(np.full(size - 1, _CHAR_BASE, dtype=np.uint64))
        inverses = np.ones(size, dtype=np.uint64)
        inverses[1:] = np.cumprod(np.full(size - 1, pow(int(_CHAR_BASE), -1, 1 << 64), dtype=np.uint64))
        _POWERS[:] = [powers, inverses]
    return _POWERS[0], _POWERS[1]


_POWERS: list[np.ndarray] = []


def _shingle_hashes(texts: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """A 64-bit hash of every word 5-gram of each of ``texts`` (``_word_bytes``), all in one array,
    and the offsets of each text's hashes in it (``len(texts) + 1``).

    Done for the whole batch in numpy: building each 5-gram as a string and hashing it one at a
    time was 60 % of dedup's time. A word's hash is a polynomial in its bytes (read off prefix sums
    of the whole buffer), a shingle's the fold of its words' hashes; a text of one to five words
    is one shingle of all its words.
    """
    buf = np.frombuffer(b" ".join(texts) + b" ", dtype=np.uint8)
    text_start = np.cumsum([0, *(len(t) + 1 for t in texts)])[:-1]
    is_word = np.zeros(len(buf) + 1, dtype=bool)
    np.not_equal(buf, _SPACE, out=is_word[1:])
    edges = np.flatnonzero(is_word[1:] != is_word[:-1])  # start, end, start, end...: buf ends in a space
    starts, ends = edges[0::2], edges[1::2]
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    if not len(starts):
        return np.zeros(0, dtype=np.uint64), offsets
    powers, inverses = _char_powers(len(buf) + 1)
    prefix = np.zeros(len(buf) + 1, dtype=np.uint64)
    np.cumsum(buf * powers[:len(buf)], out=prefix[1:])
    lengths = (ends - starts).astype(np.uint64)
    words = _mix(((prefix[ends] - prefix[starts]) * inverses[starts]) ^ lengths)
    text_of = np.searchsorted(text_start, starts, side="right") - 1
    counts = np.bincount(text_of, minlength=len(texts))
    n = len(words) - SHINGLE_WORDS + 1
    if n > 0:
        grams = words[:n].copy()
        for j in range(1, SHINGLE_WORDS):
            grams = grams * _FOLD + words[j:n + j]
        keep = text_of[:n] == text_of[SHINGLE_WORDS - 1:]
        gram_text, grams = text_of[:n][keep], _mix(grams[keep])
    else:
        gram_text, grams = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    short = np.flatnonzero((counts > 0) & (counts < SHINGLE_WORDS))
    if len(short):  # rare: one shingle of all the words, folded like any other
        first = np.cumsum(counts) - counts
        folded = []
        for t in short.tolist():
            g, *rest = words[first[t]:first[t] + counts[t]].tolist()
            for w in rest:
                g = (g * int(_FOLD) + w) & 0xFFFF_FFFF_FFFF_FFFF
            folded.append(g)
        order = np.argsort(np.concatenate([gram_text, short]), kind="stable")
        grams = np.concatenate([grams, _mix(np.array(folded, dtype=np.uint64))])[order]
        gram_text = np.concatenate([gram_text, short])[order]
    offsets[1:] = np.cumsum(np.bincount(gram_text, minlength=len(texts)))
    return grams, offsets


def _digests(texts: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """MinHash digests ``(n, NUM_PERM)`` uint32 of ``texts`` and which of them have words (the
    digest row of a text without words is zeros: it can only match exactly)."""
    digests = np.zeros((len(texts), NUM_PERM), dtype=np.uint32)
    worded = np.zeros(len(texts), dtype=bool)
    start = 0
    while start < len(texts):
        end, size = start, 0
        while end < len(texts) and (end == start or size + len(texts[end]) < _HASH_CHUNK_BYTES):
            size += len(texts[end]) + 1
            end += 1
        grams, offsets = _shingle_hashes(texts[start:end])
        has = np.flatnonzero(np.diff(offsets) > 0)
        if len(has):
            rows = RMinHash.digest_matrix_from_flat_token_hashes(
                grams, np.append(offsets[has], offsets[-1]).astype(np.uint64), NUM_PERM, SEED).to_rows()
            digests[start + has] = np.fromiter(chain.from_iterable(rows), dtype=np.uint32,
                                               count=len(has) * NUM_PERM).reshape(len(has), NUM_PERM)
            worded[start + has] = True
        start = end
    return digests, worded


def fingerprint(text: str) -> np.ndarray | None:
    """The MinHash digest of ``text`` (uint32[NUM_PERM]), or None for text without words (such
    text can only match exactly)."""
    digests, worded = _digests([_word_bytes(normalize_text(text))])
    return digests[0] if worded[0] else None


def signature_bytes(digest: np.ndarray) -> bytes:
    """A digest as the store keeps it (``Article.minhash``, ``story_signatures.digest``)."""
    return np.asarray(digest, dtype="<u4").tobytes()


def signature_from_bytes(data: bytes | None) -> np.ndarray | None:
    """Back from ``signature_bytes``; None for anything else (the rensa objects' serialisation that
    articles stored before migration 0006 carry: those are fingerprinted again from their text)."""
    if data is None or len(data) != DIGEST_BYTES:
        return None
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


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


@dataclass(frozen=True, eq=False)
class Prints:
    """A batch's fingerprints as arrays; row ``i`` is ``articles[i]``."""

    articles: Sequence[Article]
    hashes: list[str]  # content hashes
    ids: np.ndarray  # int64: ``signature_id`` of each content hash
    worded: np.ndarray  # bool: has words, hence a digest and bands
    digests: np.ndarray  # (n, NUM_PERM) uint32; zeros where not worded
    bands: np.ndarray  # (n, NUM_BANDS) int64 band keys; meaningless where not worded

    def band_rows(self, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """``(band key, signature id)`` of every band of the worded ``rows`` (default: all)."""
        rows = np.flatnonzero(self.worded) if rows is None else rows[self.worded[rows]]
        return self.bands[rows].ravel(), np.repeat(self.ids[rows], NUM_BANDS)


def prints(articles: Sequence[Article]) -> Prints:
    """Fingerprint a batch in one pass over arrays."""
    normalized = [normalize_text(a.text) for a in articles]
    hashes = [stable_hash(n) for n in normalized]
    digests, worded = _digests([_word_bytes(n) for n in normalized])
    ids = np.array([signature_id(h) for h in hashes], dtype=np.int64)
    return Prints(articles, hashes, ids, worded, digests, band_keys(digests))


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
    banded: np.ndarray  # those of ``rows`` whose band rows are indexed (not ``REDUNDANT`` copies)
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

    def batch(self, prints: Prints) -> ContextManager[IndexBatch]:
        """The lookup for ``prints``; what ``write`` is given is kept when the context exits cleanly."""


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
    def batch(self, prints: Prints) -> Iterator[MemoryIndex]:
        self.lookup = self._lookup(prints)
        yield self

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
        """Assign a batch, in order (a later article may join an earlier one's cluster): the same
        clusters as placing the articles one at a time, with one lookup and one write."""
        if not articles:
            return []
        p = prints(articles)
        with self.index.batch(p) as batch:
            placed, additions = self._place(p, batch.lookup)
            batch.write(p, additions)
        names = batch.lookup.names
        return [Assignment(self._with(p, row, names[cluster]), kind, similarity)
                for row, (cluster, kind, similarity) in enumerate(placed)]

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
