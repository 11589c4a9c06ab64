"""Paragraph rule: quoted names of works, shows and people are not statements."""

from __future__ import annotations

from quotewire.extract.candidate import Candidate
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.registry import PARAGRAPH_RULES


@PARAGRAPH_RULES.register("named_thing")
def named_thing(view: ParagraphView) -> list[Candidate]:
    """"She told “Face the Nation” on Sunday", "Jim “The Hammer” Doyle": a quote in Title Case
    after a preposition or article, or short without final punctuation, names something. Claims
    it and finds nothing, so no later rule makes it a statement."""
    view.claimed.update(i for i in view.unclaimed() if view.names_something(i))
    return []
