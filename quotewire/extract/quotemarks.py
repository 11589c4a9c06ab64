"""Quoted spans in raw text: every quotation-mark style, nesting, apostrophes, unbalanced marks.

Marks are paired by scanning each paragraph once, left to right, with a small state machine
rather than a regex: a regex pairs the first opening mark with the next closing one, so one
stray mark shifts every later pair and breaks the rest of the document (textacy's failure on
real syndicated text). Here a stray mark costs at most its own paragraph.

Only double marks (“ ” " « » `` '') delimit top-level quotes; single marks (‘ ’ ') are read as
quotes only inside a double quote (nesting, which needs no pairing of its own) or in a paragraph
with no double marks at all (British style, headlines), because elsewhere ’ and ' are
overwhelmingly apostrophes ("don’t", "the U.S.’ guarantee").

A single closing mark after a plural or a name in -s or an abbreviation, with a word after it
("the Workers’ union", "Jesus’ words", "the U.S.’ guarantee"), is a possessive unless pairing
says otherwise: it closes only an open single quote that no later mark before the next opener
could close instead (‘the Workers’ plan’ is one quote, ‘the bosses’ and ‘the Workers’ two).
``apostrophes`` lists the marks pairing left as apostrophes, for the parser (``parse``), which
otherwise reads "U.S.’" as a quote ending and cuts the sentence there.

A quote that runs over several paragraphs repeats its opening mark at each paragraph start and
closes only in the last one; each paragraph piece is returned as its own span with ``continues``
set on all but the last, so attribution can give them one speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quotewire.clean.analysis_text import paragraphs
from quotewire.extract.marks import (
    CLOSE_DOUBLE, CLOSE_PAIR, CLOSE_SINGLE, OPEN_DOUBLE, OPEN_PAIR, OPEN_SINGLE, STRAIGHT_DOUBLE, STRAIGHT_SINGLE,
)

MAX_QUOTE_CHARS = 5000
"""A longer "quote" is a mark that never closed; real quotes are paragraphs at most."""

_WORD_CHAR = re.compile(r"\w")
_POSSESSIVE_BEFORE = re.compile(r"(?:[A-Za-z]s|(?:\b[A-Z]\.){2,})$")
"""What a possessive mark follows: a word in -s ("Workers", "Jesus") or an abbreviation ("U.S.")."""
_POSSESSIVE_LOOKBEHIND = 8
"""Characters before a mark that ``_POSSESSIVE_BEFORE`` needs to see ("U.S.A." is six)."""
_SINGLE_MARK = re.compile("[" + re.escape(OPEN_SINGLE + CLOSE_SINGLE + STRAIGHT_SINGLE) + "]")
"""Found by the regex engine, not a loop over every character (``apostrophes`` scans every paragraph)."""
POSSESSIVE = "possessive"
"""The direction of a closing single mark that may be a possessive (see the module docstring)."""


@dataclass(frozen=True)
class Quoted:
    """One quoted stretch: ``start``/``end`` bound the content, without the marks."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark; None for a piece that continues
    continues: bool = False  # the quote goes on in the next paragraph


def _direction(text: str, i: int, width: int = 1) -> str:
    """'open', 'close' or 'either' for an undirected mark (" or ') from its neighbours."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    left_open = before.isspace() or before in "([{—–-/" or before in OPEN_DOUBLE + OPEN_SINGLE
    right_open = after.isspace() or after in ".,;:!?)]}—–-" or after in CLOSE_DOUBLE + CLOSE_SINGLE
    if left_open and not right_open:
        return "open"
    if right_open and not left_open:
        return "close"
    return "either"


def _double_marks(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """``(offset, width, direction)`` of each double quotation mark in ``text[start:end]``."""
    marks = []
    i = start
    while i < end:
        c = text[i]
        if c in OPEN_DOUBLE:
            marks.append((i, 1, "open"))
        elif c in CLOSE_DOUBLE:  # one that starts a line before a word was typed for an opener
            marks.append((i, 1, "open" if line_start(text, i, start) and _WORD_CHAR.match(text[i + 1:i + 2]) else "close"))
        elif c == STRAIGHT_DOUBLE:
            marks.append((i, 1, _direction(text, i)))
        elif c == "`" and text.startswith(OPEN_PAIR, i):
            marks.append((i, 2, "open"))
            i += 1
        elif c == STRAIGHT_SINGLE and text.startswith(CLOSE_PAIR, i):
            marks.append((i, 2, _direction(text, i, 2)))
            i += 1
        i += 1
    return marks


def line_start(text: str, i: int, start: int = 0) -> bool:
    """Only spaces stand between ``i`` and the start of its line (or of its paragraph, ``start``):
    "”Mr. Trump embodies …” ― Sonya Herridge" opens a reader's comment with a closing mark."""
    j = i - 1
    while j >= start and text[j] in " \t":
        j -= 1
    return j < start or text[j] == "\n"


def _possessive(text: str, i: int) -> bool:
    """The mark at ``i`` stands where a possessive does: after a word in -s or an abbreviation,
    with a space and a word after it."""
    return (text[i + 1:i + 2].isspace() and _WORD_CHAR.match(text[i + 2:i + 3]) is not None
            and _POSSESSIVE_BEFORE.search(text, max(0, i - _POSSESSIVE_LOOKBEHIND), i) is not None)


def _single_marks(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Single marks that can be quotation marks: an opener before a word, a closer after one
    and not followed by a letter (so "don’t" and "’90s" are not marks); a closer where a
    possessive stands has direction ``POSSESSIVE``."""
    marks = []
    for m in _SINGLE_MARK.finditer(text, start, end):
        i, c = m.start(), m.group()
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if _WORD_CHAR.match(before) and _WORD_CHAR.match(after):
            continue  # apostrophe inside a word
        direction = _direction(text, i)
        if c in OPEN_SINGLE and direction != "close":
            marks.append((i, 1, "open"))
        elif c in CLOSE_SINGLE + STRAIGHT_SINGLE and direction == "close":
            marks.append((i, 1, POSSESSIVE if _possessive(text, i) else "close"))
        elif c == STRAIGHT_SINGLE and direction == "open":
            marks.append((i, 1, direction))
    return marks


def _pair(marks: list[tuple[int, int, str]]) -> tuple[list[tuple[int, int, int]], tuple[int, int] | None]:
    """Pair the marks of one paragraph: ``([(open, open_width, close)], still_open)``.

    A closing mark with nothing open is ignored and an opening mark while one is open replaces
    it (the earlier one was stray), so no mark can shift the pairs after it. A ``POSSESSIVE``
    mark closes only when no later mark before the next opener could close instead.
    """
    pairs: list[tuple[int, int, int]] = []
    open_at: tuple[int, int] | None = None
    later_closer = _later_closers(marks)
    for k, (offset, width, direction) in enumerate(marks):
        if direction == POSSESSIVE and (open_at is None or later_closer[k]):
            continue  # an apostrophe
        if open_at is None:
            if direction != "close":
                open_at = (offset, width)
        elif direction == "open":
            open_at = (offset, width)
        else:
            pairs.append((open_at[0], open_at[1], offset))
            open_at = None
    return pairs, open_at


def _later_closers(marks: list[tuple[int, int, str]]) -> list[bool]:
    """For each mark, whether a mark after it and before the next opener can close (one pass
    from the end, so a paragraph of many marks stays linear)."""
    out = [False] * len(marks)
    seen = False
    for k in range(len(marks) - 1, -1, -1):
        out[k] = seen
        seen = marks[k][2] != "open"
    return out


def apostrophes(text: str) -> list[int]:
    """Offsets of the single closing marks after a word that pairing leaves unpaired: apostrophes
    ("the Workers’ union", "the U.S.’ guarantee", "the Joneses' house"), in text order.

    Single marks are paired over each whole paragraph here, inside double quotes too, where
    ``find_quotes`` leaves nested quotes unpaired: a nested ‘…’ keeps its closing mark."""
    out: list[int] = []
    for ps, pe in paragraphs(text):
        marks = _single_marks(text, ps, pe)
        closing = {close for _, _, close in _pair(marks)[0]}
        out.extend(offset for offset, _, direction in marks if offset not in closing and (
            direction == POSSESSIVE or direction == "close" and _WORD_CHAR.match(text[offset - 1])))
    return out


def find_quotes(text: str) -> list[Quoted]:
    """All quoted spans in ``text``, in order; never raises, linear in the text length."""
    out: list[Quoted] = []
    paras = paragraphs(text)
    pending: list[Quoted] = []  # pieces of a multi-paragraph quote not yet closed
    for idx, (ps, pe) in enumerate(paras):
        marks = _double_marks(text, ps, pe) or _single_marks(text, ps, pe)
        pairs, still_open = _pair(marks)
        for o, ow, c in pairs:
            if pending and o == ps:
                out.extend(pending)
            pending = []
            if c - (o + ow) <= MAX_QUOTE_CHARS:
                out.append(Quoted(o + ow, c, o, c))
        if still_open is None:
            pending = []
            continue
        o, ow = still_open
        piece = Quoted(o + ow, pe, o, None, continues=True)
        nxt = paras[idx + 1][0] if idx + 1 < len(paras) else None
        if nxt is None or text[nxt] not in OPEN_DOUBLE + STRAIGHT_DOUBLE + "`" or pe - o > MAX_QUOTE_CHARS:
            pending = []  # never continued: the opening mark was stray
        elif pending and o == ps and not pairs:
            pending.append(piece)
        else:
            pending = [piece]
    return [q for q in out if q.end > q.start]
