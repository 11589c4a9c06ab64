"""Whether a line of extracted text reads like prose (a sentence) rather than a menu item or a link.

One definition for cleaning: ``clean_article`` wants one prose line in a page's body, and the
balanced retry in ``main_text`` wants sentences from what it adds (link lists and teaser headlines
have words but no sentence stop).
"""

from __future__ import annotations

import re

MIN_PROSE_WORDS = 5
"""An HTML page's extracted body must have a line this long; menus and link lists do not."""

MIN_PROSE_UNSPACED_CHARS = 15
"""The same test for scripts written without spaces between words (Chinese, Japanese, Thai ...):
this many of their letters in one line. A word there is one to three characters, so 15 is a
short sentence, while a menu item is two to four."""

_UNSPACED_LETTER = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)
"""Thai, Lao, Myanmar, Khmer, kana and CJK ideographs: scripts whose words are not space-separated."""

_SENTENCE_END = re.compile("[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019\u00bb)\\]]*$")
"""A sentence stop (Latin or CJK), possibly inside closing quotation marks or brackets."""


def is_prose(line: str) -> bool:
    """Whether a line reads like a sentence rather than a menu item: enough words, counted by
    spaces, or for scripts without spaces by their letters."""
    return len(line.split()) >= MIN_PROSE_WORDS or len(_UNSPACED_LETTER.findall(line)) >= MIN_PROSE_UNSPACED_CHARS


def sentence_chars(text: str) -> int:
    """Characters of ``text`` in lines that are prose and end in a sentence stop: what an
    article has and a list of links or teaser headlines does not."""
    lines = (line.strip() for line in text.splitlines())
    return sum(len(line) for line in lines if is_prose(line) and _SENTENCE_END.search(line))
