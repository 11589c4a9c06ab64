"""Paragraph rule ``accurate_spans``: the fine-tuned encoder's boundaries (``extract/accurate.py``)
for the statements the rules found."""

from __future__ import annotations

from quotewire.extract import accurate
from quotewire.extract.accurate import Tagged
from quotewire.extract.candidate import Candidate
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.registry import PARAGRAPH_RULES

ADJUSTED_TYPES = ("indirect", "mixed")
"""Statements whose extent the rules cut from the parse; a direct quote's extent is its marks."""
MIN_OVERLAP = 0.7
"""Least share of the two spans' union that they must share (characters) for the model's span to
replace the rules': the same statement, cut differently. Measured on PolNeAR's official dev
documents (docs/extraction.md): 0.6, 0.7 and 0.8 within 0.001 of each other in exact F1."""


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return max(0, inter) / (max(a[1], b[1]) - min(a[0], b[0]))


@PARAGRAPH_RULES.register("accurate_spans")
def accurate_spans(view: ParagraphView) -> list[Candidate]:
    """The fine-tuned encoder's extents (``adjust``)."""
    return adjust(view, accurate.tagged(view.doc))


def adjust(view: ParagraphView, spans: list[Tagged]) -> list[Candidate]:
    """"Rutte said [that Russia must do more, and soon,] according to ...": an indirect or mixed
    statement the rules found takes the extent of the one model CONTENT span that overlaps it,
    when the two share at least ``MIN_OVERLAP`` of their union; the rules keep the statement,
    its cue, speaker, type and rule name. Finds nothing of its own. What this gains on PolNeAR is
    mostly its convention of counting a leading "that" in the content (docs/extraction.md), which
    the seed's annotation does not share."""
    contents = [s.chars(view.doc) for s in spans if s.label == "CONTENT"]
    for cand in view.found:
        if cand.type not in ADJUSTED_TYPES:
            continue
        mine = (cand.content[0] - view.offset, cand.content[1] - view.offset)
        over = [c for c in contents if c[0] < mine[1] and mine[0] < c[1]]
        if len(over) == 1 and _overlap(over[0], mine) >= MIN_OVERLAP:
            cand.content = view.abs(over[0])  # type: ignore[assignment]
            cand.confidence = next(s.confidence for s in spans if s.chars(view.doc) == over[0])
    return []
