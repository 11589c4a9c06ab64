"""Document pass: lead-ins are no statements."""

from __future__ import annotations

from quotewire.extract.candidate import Candidate
from quotewire.extract.registry import DOCUMENT_PASSES


@DOCUMENT_PASSES.register("lead_ins")
def lead_ins(cands: list[Candidate]) -> list[Candidate]:
    """"Bozell explains:": a lead-in only hands its speaker on (inheritance); it is dropped here."""
    return [c for c in cands if c.type != "lead"]
