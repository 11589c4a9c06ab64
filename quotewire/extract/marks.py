"""Quotation marks: the one definition every reader of quotes uses.

Two views of the same marks: characters (for scanning and stripping raw text) and token texts
(for walking a parse, where spaCy keeps `` and '' as one token each). Curly and guillemet marks
have a direction; straight marks take theirs from their neighbours (``quotemarks``).
"""

from __future__ import annotations

OPEN_DOUBLE = "“«„"
CLOSE_DOUBLE = "”»"
OPEN_SINGLE = "‘‹"
CURLY_APOSTROPHE = "’"
"""The right single mark, which is also the typeset apostrophe ("don’t", "the U.S.’ guarantee")."""
CLOSE_SINGLE = CURLY_APOSTROPHE + "›"
STRAIGHT_DOUBLE = '"'
STRAIGHT_SINGLE = "'"
OPEN_PAIR = "``"
"""Two backticks: the opening double mark of typewriter and Penn Treebank text."""
CLOSE_PAIR = "''"
"""Two straight single marks: the closing double mark that goes with ``OPEN_PAIR``."""

OPENING_CHARS = OPEN_DOUBLE + OPEN_SINGLE + STRAIGHT_DOUBLE + STRAIGHT_SINGLE + "`"
"""Every character that can open a quote."""
CLOSING_CHARS = CLOSE_DOUBLE + CLOSE_SINGLE + STRAIGHT_DOUBLE + STRAIGHT_SINGLE
"""Every character that can close a quote."""

DOUBLE_OPENING_TOKENS = frozenset(OPEN_DOUBLE + STRAIGHT_DOUBLE) | {OPEN_PAIR}
"""Token texts that open a double (top-level) quote."""
DOUBLE_CLOSING_TOKENS = frozenset(CLOSE_DOUBLE + STRAIGHT_DOUBLE) | {CLOSE_PAIR}
"""Token texts that close a double (top-level) quote."""
CLOSING_TOKENS = DOUBLE_CLOSING_TOKENS | frozenset(CLOSE_SINGLE + STRAIGHT_SINGLE)
"""Token texts that close any quote, single ones included."""
CLOSING_TOKENS_BUT_STRAIGHT_SINGLE = CLOSING_TOKENS - {STRAIGHT_SINGLE}
"""Closing marks a cue's speaker cannot lie beyond: a straight single mark standing alone is as
often the end of a nested quote inside the sentence ("wearing a 'Make America Great Again' hat
and said ..."), which is no boundary (measured: one PolNeAR speaker went wrong with it)."""
