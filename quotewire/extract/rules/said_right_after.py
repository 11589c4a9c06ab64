"""Paragraph rule: a quote however short with "said X" right after it."""

from __future__ import annotations

from quotewire.extract.candidate import Candidate
from quotewire.extract.framing import FRAME_CUE_CHARS, TITLE_FRAME_CUE_CHARS, attribute_quotes, ends_open, frame_cue
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.registry import PARAGRAPH_RULES


def _cue_right_after(view: ParagraphView, i: int) -> bool:
    """The quote ends in a comma, question or exclamation mark and a cue follows within a few
    characters (fewer for a quote in Title Case, which is otherwise a name)."""
    if not ends_open(view, i):
        return False
    close = view.rel_marked[i][1]
    reach = TITLE_FRAME_CUE_CHARS if view.is_title_case(view.quote_text(i)) else FRAME_CUE_CHARS
    return any(close <= c.start <= close + reach and not view.inside_quote(c.start) for c in view.cues)


@PARAGRAPH_RULES.register("said_right_after")
def said_right_after(view: ParagraphView) -> list[Candidate]:
    """"“Safety,” said Grimm.": a quote that opens its sentence, ends open and is followed at once
    by a cue is a quote, never a title, however short."""
    return attribute_quotes(
        view, lambda i: frame_cue(view, i) if view.starts_sentence(i) and _cue_right_after(view, i) else None)
