"""Quoted strings that are not statements: titles of shows, books and films, nicknames, scare quotes.

The test is on the quoted words themselves and their place in the sentence, never on a list of
known titles: a quote in Title Case ("Face the Nation with Margaret Brennan") names something;
one or two quoted words inside a sentence with no cue around them are scare quotes; a quoted
name between a first and last name is a nickname.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_][\w’'\-]*")


def is_title_case(content: str, minor_words: frozenset[str]) -> bool:
    """All words capitalised except the function words left lowercase in Title Case
    (``minor_words``: "the", "of", "with"): a name of a work or a nickname."""
    words = _WORD.findall(content)
    if not words:
        return False
    significant = [w for w in words if w.lower() not in minor_words]
    if not significant:
        return False
    return all(w[0].isupper() for w in significant) and words[0][0].isupper()


def word_count(content: str) -> int:
    return len(_WORD.findall(content))


def looks_like_sentence(content: str) -> bool:
    """Starts with a capital and has at least three words, or ends a sentence inside the marks."""
    words = _WORD.findall(content)
    if not words:
        return False
    stripped = content.rstrip()
    ends = stripped[-1:] in (".", "?", "!", ",", "—", "…", ":", ";")
    return (words[0][0].isupper() and len(words) >= 3) or (ends and len(words) >= 4)
