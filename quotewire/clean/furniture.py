"""News furniture lines ("WATCH: …", "(Photo: …)", bylines, "Click here …"): one definition, two uses.

The patterns are ``data/furniture_lines.txt``. HTML cleaning drops the lines from the extracted
body (``drop_furniture_lines``, clean/main_text.py); the extractor masks them with spaces in any
text it reads (``mask_furniture``, extract/statements.py), plain text and gold documents included, where
nothing may be removed because offsets are fixed. Either way a video title in quotation marks
("WATCH: ‘No magic pill’ – …") or a caption is never read as a statement. Like junk lines, only lines
up to ``boilerplate.MAX_JUNK_LINE`` characters are tried when masking, so the cost stays linear.
"""

from __future__ import annotations

import re
from functools import cache

from quotewire.clean.boilerplate import MAX_JUNK_LINE, line_spans
from quotewire.datafiles import data_lines

_NOT_NEWLINE = re.compile(r"[^\n]")


@cache
def furniture_lines() -> tuple[str, ...]:
    """The line patterns of ``data/furniture_lines.txt``: news furniture that survives extraction."""
    return tuple(data_lines("furniture_lines.txt"))


@cache
def line_pattern(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """``patterns`` as one case-insensitive alternation (None for none), compiled once."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


def drop_furniture_lines(body: str, patterns: tuple[str, ...]) -> str:
    """``body`` without the lines one of ``patterns`` matches whole (stripped, case-insensitive)."""
    pattern = line_pattern(patterns)
    if pattern is None:
        return body
    return "\n".join(line for line in body.split("\n") if not pattern.fullmatch(line.strip()))


def furniture_spans(text: str, patterns: tuple[str, ...] | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each furniture line of ``text`` (stripped of surrounding space)."""
    pattern = line_pattern(furniture_lines() if patterns is None else patterns)
    if pattern is None:
        return []
    return [(s, e) for s, e in line_spans(text) if e - s <= MAX_JUNK_LINE and pattern.fullmatch(text, s, e)]


def mask_furniture(text: str, patterns: tuple[str, ...] | None = None) -> str:
    """``text`` with its furniture lines blanked out with spaces: every other character keeps its
    offset (docs/architecture.md, "Offsets never move")."""
    pieces, pos = [], 0
    for start, end in furniture_spans(text, patterns):
        pieces.append(text[pos:start])
        pieces.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)
