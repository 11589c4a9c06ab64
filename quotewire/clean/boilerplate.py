"""Syndication junk in plain text: spans to mask, and the republisher named in the footer.

Aggregators repost articles with furniture around them ("Source link", "The post ... appeared
first on World Online.", share and cookie lines). Those lines would otherwise be read as article
sentences, so the extractor masks the spans found here and ``clean_article`` drops them.

Matching is line-based: a line is junk when one pattern matches all of it. Only lines up to
``MAX_JUNK_LINE`` characters are tried (furniture is short), so the cost is linear in the input
and bounded per line however the patterns backtrack — a 10 MB text with no newlines costs one
length check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from quotewire.datafiles import data_lines
from quotewire.models import Span

MAX_JUNK_LINE = 600
"""Longer lines are article text, never furniture; the bound keeps matching linear-time."""

_BLANK_GAP = re.compile(r"\s*")
_NOT_NEWLINE = re.compile(r"[^\n]")
_BULLET = r"(?:[-•*·▪►]\s+)?"
_LIST_ITEM = re.compile(r"[-•*·▪►]\s")
"""A junk line may be a list item ("- Print Article"), as HTML extraction renders them."""


@cache
def _junk_regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The patterns of ``data/junk_patterns.txt`` compiled once, as three anchored alternations.

    All of them (is the line junk?), those with a ``site`` group (who republished it?) and those
    with a ``list`` group (do list items follow?). Only lines the first one matches meet the
    other two, so a normal article pays for one regex per short line.
    """
    patterns = data_lines("junk_patterns.txt")

    def alternation(chosen: list[str]) -> re.Pattern[str]:
        renamed = (p.replace("(?P<site>", f"(?P<site{i}>").replace("(?P<list>", "(?:") for i, p in enumerate(chosen))
        return re.compile(f"{_BULLET}(?:{'|'.join(f'(?:{p})' for p in renamed)})", re.IGNORECASE)

    return (
        alternation([p.replace("(?P<site>", "(?:") for p in patterns]),
        alternation([p for p in patterns if "(?P<site>" in p]),
        alternation([p for p in patterns if "(?P<list>" in p]),
    )


def line_spans(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each non-blank line; short lines without surrounding whitespace.

    Lines over ``MAX_JUNK_LINE`` are yielded as they are (never junk, so never stripped).
    """
    pos, n = 0, len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        if end - pos > MAX_JUNK_LINE:
            yield pos, end
        else:
            line = text[pos:end]
            stripped = line.strip()
            if stripped:
                start = pos + len(line) - len(line.lstrip())
                yield start, start + len(stripped)
        pos = end + 1


def _junk_lines(text: str) -> Iterator[tuple[int, int, str | None]]:
    """``(start, end, republisher)`` of each junk line.

    A pattern with a ``list`` group ("Related:", "More from …") opens a list: the list items
    right after it are junk too, up to the first line that is not a list item.
    """
    junk, sites, lists = _junk_regexes()
    in_list = False
    for start, end in line_spans(text):
        if end - start > MAX_JUNK_LINE:
            in_list = False
        elif junk.fullmatch(text, start, end):
            in_list = lists.fullmatch(text, start, end) is not None
            site = sites.fullmatch(text, start, end)
            yield start, end, next((v.strip() for v in site.groupdict().values() if v), None) if site else None
        elif in_list and _LIST_ITEM.match(text, start, end):
            yield start, end, None
        else:
            in_list = False


def _after_blank_lines(text: str, start: int) -> int:
    """Move ``start`` back over the blank lines before it, keeping the previous line's newline.

    A junk block owns the gap that separates it from the article, so masking or cutting it
    leaves the article's last line intact and no blank tail behind.
    """
    prev = start
    while prev > 0 and text[prev - 1].isspace():
        prev -= 1
    if prev == 0:
        return 0
    newline = text.find("\n", prev, start)
    return start if newline < 0 else newline + 1


def find_boilerplate(text: str) -> list[Span]:
    """Character spans of junk blocks: runs of junk lines separated only by blank space.

    Offsets are into ``text`` unchanged, so a caller can mask them without moving any other span.
    Each block starts at the first blank line before it (see ``_after_blank_lines``).
    """
    merged: list[list[int]] = []
    for start, end, _ in _junk_lines(text):
        if merged and _BLANK_GAP.fullmatch(text, merged[-1][1], start):
            merged[-1][1] = end
        else:
            merged.append([_after_blank_lines(text, start), end])
    return [Span.of(text, s, e) for s, e in merged]


def find_republisher(text: str) -> str | None:
    """The site named by the last "appeared first on <site>"-style footer line, if any."""
    site = None
    for _, _, named in _junk_lines(text):
        site = named or site
    return site


def strip_boilerplate(text: str) -> str:
    """``text`` without its junk spans, and without the blank lines they leave behind."""
    pieces, pos = [], 0
    for span in find_boilerplate(text):
        pieces.append(text[pos : span.start])
        pos = span.end
    pieces.append(text[pos:])
    return re.sub(r"\n{3,}", "\n\n", "".join(pieces)).strip()


def mask_boilerplate(text: str) -> str:
    """``text`` with junk blanked out (spaces, newlines kept) and trailing space cut.

    Every character that stays keeps its offset, so statements found in the result are offsets
    into the text the user gave (docs/architecture.md, "Offsets never move").
    """
    pieces, pos = [], 0
    for span in find_boilerplate(text):
        pieces.append(text[pos : span.start])
        pieces.append(_NOT_NEWLINE.sub(" ", span.text))
        pos = span.end
    pieces.append(text[pos:])
    return "".join(pieces).rstrip()
