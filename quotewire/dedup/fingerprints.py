"""Fingerprints: a text's content hash, its MinHash digest over word 5-grams and its LSH band keys,
computed for a whole batch on arrays (``prints``).

At corpus scale (docs/scale.md) the cost per article decides how many machines a year of news
needs, so shingles are hashed in numpy and digested in one call into rensa; the measurements behind
the parameters are in docs/dedup-and-ingest.md and bench/dedup.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

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
