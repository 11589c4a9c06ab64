"""Document pass: a statement with no cue takes the speaker of the statement before it."""

from __future__ import annotations

from quotewire.extract.candidate import Candidate
from quotewire.extract.registry import DOCUMENT_PASSES

INHERIT_PARAGRAPHS = 1
"""A quote with no cue takes the speaker of a statement at most this many paragraphs before."""


@DOCUMENT_PASSES.register("inheritance")
def inheritance(cands: list[Candidate]) -> list[Candidate]:
    """"“We are ready,” Rutte said. “We have always been ready.”": a candidate that inherits takes
    the speaker of the last one with a speaker (a lead-in included: "Bozell explains:") in the same
    or the previous paragraph. Too far from one, a quoted sentence stays with no speaker and a
    quoted fragment is dropped."""
    kept: list[Candidate] = []
    previous: Candidate | None = None
    for cand in cands:
        if cand.inherits:
            if previous is not None and cand.paragraph - previous.paragraph <= INHERIT_PARAGRAPHS:
                cand.speaker = previous.speaker
            elif cand.type != "direct":
                continue
        kept.append(cand)
        if cand.speaker is not None:
            previous = cand
    return kept
