"""Which language an article is in, cheaply: shares of each language's function words.

The extractor's rules are English, so the point is to tell English from the rest, not to name
every language. Function words make up 40-50% of running English text and under 10% of any
other language's; on a few hundred words the gap is wide enough that no model is needed.
Non-Latin scripts are not English whatever their words are.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from quotewire.datafiles import data_lines

MIN_WORDS = 20
"""Below this many words the shares are noise: the language is left unknown (None)."""

MIN_SHARE = 0.12
"""A language whose function words are at least this share of all words wins outright."""

MIN_LEAD = 2.0
"""Below MIN_SHARE (lists, tables, recipes) the best language still wins by this factor over the next."""

SAMPLE_WORDS = 2000
UNDETERMINED = "und"
"""ISO 639 code for text that is not in any language we know (or not in a Latin script)."""

_WORD = re.compile(r"[^\W\d_]+")


@cache
def _stopwords() -> dict[str, frozenset[str]]:
    table = {}
    for line in data_lines("stopwords.txt"):
        code, words = line.split(":", 1)
        table[code.strip()] = frozenset(words.split())
    return table


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code, ``"und"`` when it is none of ours, ``None`` when the text is too short."""
    words = [w.lower() for w in _WORD.findall(text[: SAMPLE_WORDS * 12])][:SAMPLE_WORDS]
    if len(words) < MIN_WORDS:
        return None
    latin = sum(1 for w in words if w.isascii() or w[0] <= "\u024f")
    if latin < len(words) / 2:
        return UNDETERMINED
    counts = Counter(words)  # each distinct word looked up once per language, not each occurrence
    shares = {code: sum(counts[w] for w in table & counts.keys()) / len(words) for code, table in _stopwords().items()}
    best, runner_up = sorted(shares.values(), reverse=True)[:2]
    code = max(shares, key=shares.__getitem__)
    if best >= MIN_SHARE or (best > 0 and best >= MIN_LEAD * runner_up):
        return code
    return UNDETERMINED
