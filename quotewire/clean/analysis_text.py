"""The text the extractor reads, made here once: an article's text with syndication junk and news
furniture masked, and datelines blanked, always with spaces of the same length so that every
offset the extractor reports is an offset into the text the user gave.

Quotation marks are found in ``masked`` (junk and furniture out); ``parsed`` also has each
paragraph's dateline ("WASHINGTON — ") blanked, since a dateline glued to the first sentence makes
the parser read the place as the subject of the first "said". Both have every Unicode space
(no-break, thin, …) as a plain space: spaCy makes "Stu\u00a0Burguiere" three tokens and the name
falls apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quotewire.clean.boilerplate import mask_boilerplate
from quotewire.clean.datelines import blank_datelines
from quotewire.clean.furniture import mask_furniture


PLAIN_SPACES = {c: " " for c in (0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)}
"""Unicode space separators (category Zs) other than the space itself, one character for one."""


@dataclass(frozen=True)
class AnalysisText:
    masked: str  # junk and furniture blanked: where quotation marks are found
    parsed: str  # datelines blanked too: what is parsed
    paragraphs: list[tuple[int, int]]  # ``(start, end)`` of each paragraph of ``parsed``


def analysis_text(text: str) -> AnalysisText:
    masked = mask_furniture(mask_boilerplate(text)).translate(PLAIN_SPACES)
    parsed = blank_datelines(masked, paragraphs(masked))
    return AnalysisText(masked, parsed, paragraphs(parsed))


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank paragraph.

    Blank lines separate paragraphs when the text has any; otherwise every line is one (texts
    that come from HTML or feeds put one paragraph per line).
    """
    splitter = re.compile(r"\n[ \t\r\f\v\u00a0]*\n") if re.search(r"\n[ \t\r\f\v\u00a0]*\n", text) else re.compile(r"\n")
    spans = []
    pos = 0
    for m in splitter.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
