"""Paragraph rule: a paragraph ending in a colon hands its subject to the quote that follows."""

from __future__ import annotations

from quotewire.extract.attribution import mention_tokens
from quotewire.extract.candidate import Candidate
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.registry import PARAGRAPH_RULES
from quotewire.extract.syntax import char_span, subjects


@PARAGRAPH_RULES.register("colon_lead")
def colon_lead(view: ParagraphView) -> list[Candidate]:
    """"Clinton released the following statement:" (the colon outside quotes ends the paragraph,
    and no cue there is a lead already): the subject of the last sentence hands its speaker to
    the quote that follows, cue or not (a "lead" candidate)."""
    stripped = view.text.rstrip()
    if any(c.type == "lead" for c in view.found) or not stripped.endswith(":") \
            or view.inside_quote(len(stripped) - 1):
        return []
    sent = view.sentence_of(len(stripped) - 1)
    found = subjects(sent.root) if sent is not None else []
    if not found:
        return []
    return [Candidate(type="lead", content=view.abs((len(stripped) - 1, len(stripped))),  # type: ignore[arg-type]
                      speaker=char_span(mention_tokens(found[0]), view.offset), paragraph=view.index)]
