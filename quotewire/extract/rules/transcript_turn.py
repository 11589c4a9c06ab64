"""Paragraph rule: a transcript turn."""

from __future__ import annotations

import re

from quotewire.extract.candidate import Candidate
from quotewire.extract.filters import word_count
from quotewire.extract.marks import CLOSING_CHARS
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.registry import PARAGRAPH_RULES

TURN_LABEL = re.compile(r"[“\"]?([A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,2}):\s+")
"""A transcript speaker label at paragraph start: "PENCE: ", "MS. RAMOS: "."""


def opens_with_label(text: str) -> bool:
    """The paragraph starts with an all-caps speaker label: a transcript, never a headline."""
    return TURN_LABEL.match(text) is not None


@PARAGRAPH_RULES.register("transcript_turn", final=True)
def transcript_turn(view: ParagraphView) -> list[Candidate]:
    """"PENCE: Well, I think that is exactly right.": the whole paragraph after the label is the
    labelled speaker's words, a direct statement."""
    m = TURN_LABEL.match(view.text)
    if m is None:
        return []
    start, end = m.end(), len(view.text.rstrip())
    while end > start and view.text[end - 1] in CLOSING_CHARS:
        end -= 1
    if word_count(view.text[start:end]) < 2:
        return []
    return [view.labelled("direct", view.abs((start, end)), m.end(1), view.abs(m.span(1)), 0.7)]  # type: ignore[arg-type]
