"""Document pass: a statement reported inside another one is part of it."""

from __future__ import annotations

from quotewire.extract.candidate import Candidate
from quotewire.extract.registry import DOCUMENT_PASSES


def _inside(cand: Candidate, other: Candidate) -> bool:
    """``cand`` and its cue lie inside ``other``'s content, and ``other`` has a cue."""
    return cand.cue is not None and other.cue is not None and other.content[0] <= cand.cue[0] < other.content[1] \
        and other.content[0] <= cand.content[0] and cand.content[1] <= other.content[1]


def _misparsed_fragment(cand: Candidate, other: Candidate) -> bool:
    """``cand`` is a quoted fragment's clause (no cue) that holds ``other``'s cue."""
    return cand.cue is None and cand.type == "mixed" and other.cue is not None \
        and cand.content[0] <= other.cue[0] < cand.content[1]


@DOCUMENT_PASSES.register("nesting")
def nesting(cands: list[Candidate]) -> list[Candidate]:
    """"Rutte said the administration has “consistently” said it wants peace": the inner statement
    (a cue inside another statement's content) is dropped, the outer one carries it; a quoted
    fragment's clause that holds a cue is a misparse of that cue's statement and gives way to it.
    Contents lie within one paragraph, so only statements of one paragraph are compared."""
    by_paragraph: dict[int, list[int]] = {}
    for k, cand in enumerate(cands):
        by_paragraph.setdefault(cand.paragraph, []).append(k)
    out = []
    for k, cand in enumerate(cands):
        same = [cands[j] for j in by_paragraph[cand.paragraph]]
        others = [cands[j] for j in by_paragraph[cand.paragraph] if j != k]
        if any(_inside(cand, other) for other in others) or any(_misparsed_fragment(cand, o) for o in same):
            continue
        out.append(cand)
    return out
