"""The story index rows of stored articles, fingerprinted as migration 0006 fingerprinted them
(and 0004, whose index 0006 rebuilds): a frozen restatement of ``dedup.fingerprints`` at that
time, written plainly (one text at a time, Python integers), since a migration runs once and its
speed matters little. ``tests/test_layers.py`` checks it against the live fingerprints for as long
as those are the same; when they change, a new migration fingerprints the store again.

MinHash over word 5-grams of the normalised text (NFKC, one quote style, collapsed whitespace,
casefolded), 128 permutations seeded 1 (rensa), 32 bands of 4 rows mixed into 64-bit keys;
signature ids are the content hash (sha1 of the normalised text, 16 hex digits) as a signed
64-bit integer.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import numpy as np
from rensa import RMinHash

SHINGLE_WORDS, NUM_PERM, NUM_BANDS, SEED = 5, 128, 32, 1
_MASK = (1 << 64) - 1
_CHAR_BASE, _FOLD = 0x100000001B3, 0x9E3779B97F4A7C15
_MIX = (0xBF58476D1CE4E5B9, 0x94D049BB133111EB)
_WORD = re.compile(r"\w+")
_QUOTES = [(c, '"') for c in "“”„‟«»`´"] + [(c, "'") for c in "‘’‚‛‹›"]


def _normalized(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for char, plain in _QUOTES:
        text = text.replace(char, plain)
    return " ".join(text.split()).casefold()


def _sha16(*parts: str) -> str:
    h = hashlib.sha1()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()[:16]


def _signed(hex16: str) -> int:
    value = int(hex16, 16)
    return value - (1 << 64) if value >= 1 << 63 else value


def _mixed(h: int) -> int:
    h ^= h >> 30
    h = (h * _MIX[0]) & _MASK
    h ^= h >> 27
    h = (h * _MIX[1]) & _MASK
    return h ^ (h >> 31)


def _word_hash(word: bytes) -> int:
    h, power = 0, 1
    for byte in word:
        h = (h + byte * power) & _MASK
        power = (power * _CHAR_BASE) & _MASK
    return _mixed(h ^ len(word))


def _shingle_hashes(normalized: str) -> list[int]:
    """One 64-bit hash per word 5-gram (one for all the words of a shorter text)."""
    words = [_word_hash(w.encode("utf-8", "surrogatepass")) for w in _WORD.findall(normalized)]
    if not words:
        return []
    spans = ([words[i:i + SHINGLE_WORDS] for i in range(len(words) - SHINGLE_WORDS + 1)]
             if len(words) >= SHINGLE_WORDS else [words])
    hashes = []
    for span in spans:
        g = span[0]
        for w in span[1:]:
            g = (g * _FOLD + w) & _MASK
        hashes.append(_mixed(g))
    return hashes


def _digest(grams: list[int]) -> np.ndarray:
    flat = np.array(grams, dtype=np.uint64)
    (row,) = RMinHash.digest_matrix_from_flat_token_hashes(
        flat, np.array([0, len(grams)], dtype=np.uint64), NUM_PERM, SEED).to_rows()
    return np.array(row, dtype=np.uint32)


def _band_keys(digest: np.ndarray) -> list[int]:
    rows = NUM_PERM // NUM_BANDS
    keys = []
    for band in range(NUM_BANDS):
        key = ((band + 1) * _FOLD) & _MASK
        for r in range(rows):
            key = ((key ^ int(digest[band * rows + r])) * _MIX[0]) & _MASK
            key ^= key >> 31
        keys.append(key - (1 << 64) if key >= 1 << 63 else key)
    return keys


def index_rows(stored: Iterable[Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """``story_clusters``, ``story_signatures`` and ``story_bands`` rows for ``(cluster_id,
    content_hash, text)`` of stored articles: the clusters keep their ids as names; each distinct
    stored content hash is one signature, fingerprinted from its text."""
    clusters: dict[int, dict[str, Any]] = {}
    signatures: dict[int, dict[str, Any]] = {}
    bands: list[dict[str, Any]] = []
    for cluster_id, chash, text in stored:
        key = _signed(_sha16("cluster", cluster_id))
        clusters.setdefault(key, {"key": key, "name": cluster_id})
        sid = _signed(chash if re.fullmatch(r"[0-9a-f]{16}", chash) else _sha16(chash))
        if sid in signatures:
            continue
        grams = _shingle_hashes(_normalized(text or ""))
        digest = _digest(grams) if grams else None
        signatures[sid] = {"id": sid, "cluster_key": key,
                           "digest": digest.astype("<u4").tobytes() if digest is not None else None}
        if digest is not None:
            bands += [{"band": b, "signature_id": sid} for b in _band_keys(digest)]
    return list(clusters.values()), list(signatures.values()), bands


def insert_ignore(conn: Any, table: Any, rows: list[dict[str, Any]], keys: list[str]) -> None:
    """Insert ``rows``, skipping those whose ``keys`` are already there (SQLite and PostgreSQL alike)."""
    from sqlalchemy.dialects import postgresql, sqlite

    if rows:
        dialect = sqlite if conn.dialect.name == "sqlite" else postgresql
        conn.execute(dialect.insert(table).on_conflict_do_nothing(index_elements=keys), rows)
