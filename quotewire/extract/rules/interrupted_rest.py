"""Paragraph rule: the piece of a statement on the far side of a cue that interrupts it."""

from __future__ import annotations

from quotewire.extract.candidate import Candidate
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.registry import PARAGRAPH_RULES
from quotewire.extract.rules.cue_lead import asked
from quotewire.extract.rules.cue_clause import reports_someone


@PARAGRAPH_RULES.register("interrupted_rest")
def interrupted_rest(view: ParagraphView) -> list[Candidate]:
    """"Back then, she said, the plant employed 900 people": the piece the cue cuts off ("Back
    then") is a statement of its own, indirect, when no quote overlaps it ("Lenox was a
    juggernaut, Mr. Clarke said, until it went bankrupt" gives "until it went bankrupt")."""
    out = []
    for cue in view.cues:
        if cue.rest is None or cue.content is None or asked(cue) or not reports_someone(view, cue):
            continue
        if not any(qs < cue.rest[1] and cue.rest[0] < qe for qs, qe in view.rel_marked):
            out.append(view.make("indirect", view.abs(cue.rest), cue, confidence=0.7))  # type: ignore[arg-type]
    return out
