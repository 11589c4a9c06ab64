"""Paragraph rule: a quote with no words in it is no statement."""

from __future__ import annotations

import re

from quotewire.extract.candidate import Candidate
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.registry import PARAGRAPH_RULES

_WORD_CHAR = re.compile(r"[^\W_]")


@PARAGRAPH_RULES.register("wordless_quote")
def wordless_quote(view: ParagraphView) -> list[Candidate]:
    """"“…,” said Smith.", "“—” she said": marks around nothing but punctuation quote nothing (an
    elision, a transcript's silence). Claims such a quote and finds nothing, so no later rule
    makes it a statement; the cue beside it may still introduce the next quote."""
    view.claimed.update(i for i in view.unclaimed() if not _WORD_CHAR.search(view.quote_text(i)))
    return []
