"""Document pass: a signature line names the speaker of the quote above it."""

from __future__ import annotations

from quotewire.extract.candidate import Candidate
from quotewire.extract.registry import DOCUMENT_PASSES


@DOCUMENT_PASSES.register("signatures")
def signatures(cands: list[Candidate]) -> list[Candidate]:
    """"“It needs to stop.”\\n\\n-Michelle Marks, Philadelphia.": the quotes of the paragraph right
    before a signature line that stand alone (no cue: they would inherit a speaker) take the
    signature's name; the signatures themselves are dropped. A signature after anything else
    signs nothing."""
    signed = {c.paragraph - 1: c for c in cands if c.type == "signature"}
    for cand in cands:
        by = signed.get(cand.paragraph)
        if by is not None and cand.type == "direct" and cand.inherits:
            cand.speaker, cand.cue = by.speaker, by.cue
            cand.inherits = False
    return [c for c in cands if c.type != "signature"]
