"""The fingerprints the store indexes to find a wording's relatives: winnowed word-shingle hashes.

Each wording's word 3-grams are hashed to 64 bits, and of every window of ``WINDOW`` consecutive
3-grams the smallest hash is kept (winnowing: Schleimer, Wilkerson & Aiken 2003, a local MinHash).
Two wordings that share a run of ``WINDOW + SHINGLE - 1`` words keep the same hash for it, whatever
surrounds the run, so an excerpt meets its original however short a part of it it is -- which a
MinHash of the whole wording (the story index's) cannot promise: an eight-word excerpt of a
sixty-word quote has a Jaccard similarity near 0.1. The test is symmetric (a pair is a candidate
when both keep one hash), so which wording arrived first does not matter.
"""

from __future__ import annotations

import hashlib

SHINGLE = 3
WINDOW = 3
"""A shared run of 5 words is always found; the store keeps about 2/(WINDOW+1) of the 3-grams."""

MIN_WORDS = 5
"""Wordings shorter than this are not indexed (they are scoped to their story, as quotation keys
are: ``models.MIN_GLOBAL_QUOTE_WORDS``) and stay lineages of their own."""


def _hash(gram: list[str]) -> int:
    return int.from_bytes(hashlib.blake2b(" ".join(gram).encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "little", signed=True)


def _grams(words: list[str]) -> list[int]:
    if len(words) <= SHINGLE:
        return [_hash(words)] if words else []
    return [_hash(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]


def fingerprints(words: list[str]) -> list[int]:
    """The hashes a stored wording is indexed under (none below ``MIN_WORDS`` words), sorted."""
    if len(words) < MIN_WORDS:
        return []
    grams = _grams(words)
    if len(grams) <= WINDOW:
        return [min(grams)]
    return sorted({min(grams[i:i + WINDOW]) for i in range(len(grams) - WINDOW + 1)})


def query_prints(words: list[str]) -> list[int]:
    """The hashes a claim is looked up by: every 3-gram, so that any indexed hash inside it is met."""
    return sorted(set(_grams(words)))
