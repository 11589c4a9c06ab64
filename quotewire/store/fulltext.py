"""The words a statement is found by: one derivation in Python, indexed alike on both databases.

Each word of a statement is indexed as written (lower case, accents removed), under its Snowball
English stem ("warned" -> "warn") and, for a people's adjective in ``data/place_adjectives.txt``,
under its place ("Russian" -> "russia"). The result is one space-separated string
(``quotations.search_text``) that SQLite's FTS5 (``unicode61``, no stemmer of its own) and
PostgreSQL's tsvector (the ``simple`` configuration) both split at the spaces, so the two databases
hold the same tokens and a query finds the same statements on either: their own stemmers differ
(FTS5's is the original Porter, PostgreSQL's is Snowball) and so did their results.

A query word is matched by its stem; a word ending in ``*`` (``russia*``) is a prefix of a word
as written. Every word must match.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from quotewire.datafiles import data_lines

_TOKEN = re.compile(r"[^\W_]+")
_QUERY_WORD = re.compile(r"([^\W_]+)(\*?)")
_STEMMER = snowballstemmer.stemmer("english")
NO_MATCH = "\u2400"  # a query without words: no text holds this token


def _places() -> dict[str, str]:
    pairs = (line.split("=", 1) for line in data_lines("place_adjectives.txt"))
    return {adjective.strip(): place.strip() for adjective, place in pairs}


_PLACES = _places()


def _fold(word: str) -> str:
    """Lower case without accents, as FTS5's ``remove_diacritics`` would give it."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of ``text``: runs of letters and digits (``_`` and punctuation split)."""
    return [w for raw in _TOKEN.findall(text) for w in _TOKEN.findall(_fold(raw))]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def search_text(text: str) -> str:
    """The tokens ``text`` is indexed under: each word, its stem and its place, where different."""
    out: list[str] = []
    for word in words(text):
        root = stem(word)
        place = _PLACES.get(word) or _PLACES.get(root)
        out.extend(dict.fromkeys(w for w in (word, root, place) if w))
    return " ".join(out)


def query_terms(query: str) -> list[tuple[str, bool]]:
    """``(token, is_prefix)`` for each word of a search: stems, or folded prefixes for ``word*``."""
    terms: list[tuple[str, bool]] = []
    for raw, star in _QUERY_WORD.findall(query):
        folded = words(raw)
        for i, w in enumerate(folded):
            prefix = bool(star) and i == len(folded) - 1
            terms.append((w, True) if prefix else (stem(w), False))
    return terms or [(NO_MATCH, False)]


def fts5_match(terms: list[tuple[str, bool]]) -> str:
    """An FTS5 MATCH expression: every token, quoted; prefixes starred."""
    return " ".join(f'"{t}"' + ("*" if prefix else "") for t, prefix in terms)


def tsquery(terms: list[tuple[str, bool]]) -> str:
    """A PostgreSQL ``to_tsquery('simple', ...)`` expression of the same tokens."""
    return " & ".join(f"'{t}'" + (":*" if prefix else "") for t, prefix in terms)
