"""Paragraph rule: a quoted sentence standing alone, with no cue."""

from __future__ import annotations

from quotewire.extract.candidate import Candidate
from quotewire.extract.framing import standalone
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.registry import PARAGRAPH_RULES


@PARAGRAPH_RULES.register("standalone_sentence")
def standalone_sentence(view: ParagraphView) -> list[Candidate]:
    """"Rutte spoke for an hour. “We are ready to help.”": a full sentence in quotes with no cue
    is direct and takes the speaker of the statement before it (see the inheritance pass); a
    piece of a quote that goes on in the next paragraph may take that paragraph's speaker."""
    out = []
    for i in view.unclaimed():
        if standalone(view, i):
            view.claimed.add(i)
            q = view.quotes[i]
            out.append(view.make("direct", (q.start, q.end), None, inherits=True, continues=q.continues,
                                 confidence=0.7))
    return out
