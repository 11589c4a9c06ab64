"""Document pass: one statement per content span."""

from __future__ import annotations

from quotewire.extract.candidate import Candidate
from quotewire.extract.registry import DOCUMENT_PASSES


@DOCUMENT_PASSES.register("dedup")
def dedup(cands: list[Candidate]) -> list[Candidate]:
    """Two rules that found the same content (a quote framed by two cues): the first, in text
    order, is kept."""
    seen: set[tuple[int, int]] = set()
    out = []
    for cand in cands:
        if cand.content not in seen:
            seen.add(cand.content)
            out.append(cand)
    return out
