"""Paragraph rule: a sentence-long quote framed by a cue around it."""

from __future__ import annotations

from quotewire.extract.candidate import Candidate
from quotewire.extract.framing import attribute_quotes, frame_cue, standalone
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.registry import PARAGRAPH_RULES


@PARAGRAPH_RULES.register("framed_quote")
def framed_quote(view: ParagraphView) -> list[Candidate]:
    """"“We will not back down.” Trump said on Friday.", "“Can we win?” Mr. Hale asked.", "Rutte
    added: “...”" where no cue's clause took the quote: the nearest cue in the quote's sentence
    (or a bare attribution sentence right after it) attributes it."""
    return attribute_quotes(view, lambda i: frame_cue(view, i) if standalone(view, i) else None)
