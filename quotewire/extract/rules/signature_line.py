"""Paragraph rule: a paragraph that is only a dash and a name signs the quote before it."""

from __future__ import annotations

import re

from quotewire.extract.candidate import Candidate
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.registry import PARAGRAPH_RULES
from quotewire.extract.rules.dash_attribution import DASH_ATTRIBUTION

SIGNATURE_TAIL = re.compile(r"\s*(?:[.,;]\s*[^\n]{0,80})?$")
"""What may follow the name on a signature line: nothing, or a short description after a comma
("-Michelle Marks, Philadelphia.", "— President Obama, tweeting after the speech.")."""


@PARAGRAPH_RULES.register("signature_line", final=True)
def signature_line(view: ParagraphView) -> list[Candidate]:
    """"“It needs to stop.”\\n\\n-Michelle Marks, Philadelphia.": a paragraph with no quote that is
    a dash, a name and at most a short description signs the quote of the paragraph before (a
    "signature" candidate, handed back by the ``signatures`` pass). It is the whole paragraph's
    reading: "-President Obama, tweeting after the speech." is no lead-in for the next quote."""
    if view.quotes:
        return []
    m = DASH_ATTRIBUTION.match(view.text)
    if m is None or SIGNATURE_TAIL.match(view.text, m.end(2)) is None:
        return []
    return [Candidate(type="signature", content=view.abs((m.start(2), m.end(2))), cue=view.abs(m.span(1)),
                      speaker=view.abs(m.span(2)), paragraph=view.index, confidence=0.7)]
