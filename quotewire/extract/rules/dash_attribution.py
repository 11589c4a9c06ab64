"""Paragraph rule: a name after a dash right after a quote."""

from __future__ import annotations

import re

from quotewire.extract.candidate import Candidate
from quotewire.extract.framing import standalone
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.registry import PARAGRAPH_RULES

DASH_ATTRIBUTION = re.compile(r"\s*([―—–-]+)\s*((?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w'’-]*)")
"""A name after a dash right after a quote: "“...” ― Carla Sanchez" (reader comments, fact checks)."""


@PARAGRAPH_RULES.register("dash_attribution")
def dash_attribution(view: ParagraphView) -> list[Candidate]:
    """"“The new rules came too late for us.” ― Carla Sanchez": the name after a dash that
    follows the closing mark speaks (reader comments, fact-check lists)."""
    out = []
    for i in view.unclaimed():
        m = DASH_ATTRIBUTION.match(view.text, view.rel_marked[i][1])
        if m is None or not standalone(view, i):
            continue
        view.claimed.add(i)
        q = view.quotes[i]
        out.append(Candidate(type="direct", content=(q.start, q.end), cue=view.abs(m.span(1)),
                             speaker=view.abs(m.span(2)), sentence=view.abs((view.rel_marked[i][0], m.end(2))),
                             paragraph=view.index, confidence=0.7))
    return out
