"""Paragraph rule: a colon right before a quote hands the subject of its verb to the quote."""

from __future__ import annotations

from spacy.tokens import Token

from quotewire.extract.attribution import mention_tokens
from quotewire.extract.candidate import Candidate
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.parse import tokens_in
from quotewire.extract.registry import PARAGRAPH_RULES
from quotewire.extract.syntax import VERB_POS, char_span, climb, subjects


def _attributed(view: ParagraphView, i: int, colon: int) -> bool:
    """A cue already attributes quote ``i``, or a lead-in reaches the colon."""
    start = view.quotes[i].start
    return any(c.type != "lead" and c.content[0] <= start < c.content[1] and c.cue is not None
               or c.type == "lead" and c.content[1] - view.offset >= colon for c in view.found)


def _verb(view: ParagraphView, colon: Token) -> Token:
    """The verb the colon closes; when the parser hung the colon on the quote, the verb reached
    by climbing from the word before the colon."""
    verb = colon.head
    if view.inside_quote(verb.idx) and colon.i > 0:
        verb = climb(view.doc[colon.i - 1],
                     lambda t: t.pos_ not in VERB_POS and not view.inside_quote(t.head.idx))
    return verb


@PARAGRAPH_RULES.register("colon_before_quote")
def colon_before_quote(view: ParagraphView) -> list[Candidate]:
    """"Sanders delivered a snappy retort: “Enough is enough.”": a colon right before a quote
    inside a paragraph hands the subject of the verb it closes to the quote, when no cue did (a
    "lead" candidate)."""
    out = []
    for i, (qs, _) in enumerate(view.rel_marked):
        colon = len(view.text[:qs].rstrip()) - 1
        if colon < 0 or view.text[colon] != ":" or view.inside_quote(colon) or _attributed(view, i, colon):
            continue
        tokens = tokens_in(view.doc, colon, colon + 1)
        if not tokens:
            continue
        found = [t for t in subjects(_verb(view, tokens[0])) if t.i < tokens[0].i and not view.inside_quote(t.idx)]
        if found:
            out.append(Candidate(type="lead", content=view.abs((colon, colon + 1)),  # type: ignore[arg-type]
                                 speaker=char_span(mention_tokens(found[0]), view.offset), paragraph=view.index))
    return out
