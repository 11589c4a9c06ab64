"""Datelines ("WASHINGTON — ") blanked before parsing, offsets unchanged.

A dateline glued to the first sentence makes the parser read the place as the subject of the
first "said" ("WASHINGTON — President Obama said ..." -> speaker WASHINGTON).
"""

from __future__ import annotations

import re
from functools import cache

from quotewire.datafiles import data_lines


@cache
def _dateline() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in data_lines("dateline_patterns.txt")))


def blank_datelines(text: str, paragraphs: list[tuple[int, int]]) -> str:
    """``text`` with the dateline at the start of any paragraph replaced by spaces."""
    regex = _dateline()
    chars: list[str] | None = None
    for start, end in paragraphs:
        m = regex.match(text, start, end)
        if m and m.end() < end:
            chars = chars if chars is not None else list(text)
            chars[m.start():m.end()] = " " * (m.end() - m.start())
    return text if chars is None else "".join(chars)
