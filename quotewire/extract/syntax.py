"""Questions asked of a dependency parse, asked one way everywhere.

Tokens are compared by index (``t.i``), never by identity: spaCy makes a new Python object for
each access, so ``a is b`` can be false for the same token (a loop that waited for it once never
ended). Every walk up a head chain is bounded by the doc's length, which no chain can exceed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection

import numpy
from spacy.attrs import ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

SUBJECT_DEPS = ("nsubj", "nsubjpass")
"""A verb's subject, active or passive."""
VERB_POS = ("VERB", "AUX")
FINITE_TAGS = ("VBD", "VBZ", "VBP")
"""Finite verb forms: past, present third person, present other."""


def subjects(verb: Token) -> list[Token]:
    """The subjects (active or passive) among ``verb``'s children, the nearest to it first: a
    verb the parser gave two subjects ("in Berea, OH, …, Gov. John Kasich (R-OH), said") has its
    real one next to it."""
    return nearest_first([c for c in verb.children if c.dep_ in SUBJECT_DEPS], verb)


def nearest_first(tokens: list[Token], to: Token) -> list[Token]:
    """``tokens`` ordered by their distance from ``to``, in text order on a tie."""
    return sorted(tokens, key=lambda t: (abs(t.i - to.i), t.i))


def is_root(token: Token) -> bool:
    """``token`` heads its sentence (spaCy makes a root its own head)."""
    return token.head.i == token.i


def depth(token: Token) -> int:
    """Steps from ``token`` to its sentence root."""
    return sum(1 for _ in token.ancestors)


def highest(tokens: list[Token]) -> Token:
    """The token nearest the root (the first of those as near)."""
    return min(tokens, key=depth)


def climb(token: Token, go_on: Callable[[Token], bool]) -> Token:
    """Walk up from ``token`` while ``go_on`` holds for the current token and it has a head; at
    most as many steps as the doc has tokens."""
    for _ in range(len(token.doc)):
        if is_root(token) or not go_on(token):
            break
        token = token.head
    return token


def tokens_between(doc: Doc, first: int, last: int) -> list[Token]:
    """Tokens ``first`` to ``last`` (indices, inclusive)."""
    return [doc[i] for i in range(first, last + 1)]


def token_run(doc: Doc, first: int, last: int) -> Span:
    """Tokens ``first`` to ``last`` (inclusive) as a view on the doc, made in constant time: a
    phrase can reach the end of a 20,000-character piece with no sentence break, and building a
    Python token list of it per cue cost O(cues x piece length)."""
    return doc[first:last + 1]


def positions(doc: Doc, texts: Collection[str], first: int, last: int) -> list[int]:
    """Indices in ``[first, last]`` of the tokens whose text is one of ``texts``, by bisection
    over the doc's positions of those texts (found once per doc, in one array read), so asking
    about a long range does not walk it."""
    key = ("quotewire.positions", frozenset(texts))
    found = doc.user_data.get(key)
    if found is None:
        ids = numpy.array([get_string_id(t) for t in texts], dtype="uint64")
        found = numpy.flatnonzero(numpy.isin(doc.to_array(ORTH), ids)).tolist()
        doc.user_data[key] = found
    return found[bisect_left(found, first):bisect_right(found, last)]


def char_span(tokens: list[Token], offset: int = 0) -> tuple[int, int] | None:
    """Character range of ``tokens`` (first to last) shifted by ``offset``, None for none."""
    if not tokens:
        return None
    return tokens[0].idx + offset, tokens[-1].idx + len(tokens[-1].text) + offset


def text_of(tokens: list[Token]) -> str:
    """The article's own characters for ``tokens`` (in order): each run of adjacent tokens as the
    text has it, spacing, hyphens and apostrophes included ("bank's quarterly report",
    "Jean-Claude"); runs apart are joined by one space. Token texts joined with spaces read
    "bank 's quarterly report". Whitespace at the edges (a no-break space token) is left out."""
    out: list[str] = []
    for k, t in enumerate(tokens):
        out.append(t.text)
        if k + 1 < len(tokens):
            out.append(t.whitespace_ if tokens[k + 1].i == t.i + 1 else " ")
    return "".join(out).strip()
