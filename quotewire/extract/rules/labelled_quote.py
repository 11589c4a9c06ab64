"""Paragraph rule: a headline-style lead-in, a colon and a quote."""

from __future__ import annotations

import re

from spacy.tokens import Token

from quotewire.extract.candidate import Candidate
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.parse import tokens_in
from quotewire.extract.registry import PARAGRAPH_RULES
from quotewire.extract.rules.transcript_turn import opens_with_label
from quotewire.extract.syntax import char_span

LABELLED_QUOTE = re.compile(r"([^:\n“\"‘]{2,80}):\s*(?=[“\"‘'])")
"""A short lead-in and a colon right before a quote: "Trump: ‘We are going to win so much.’"."""


def _first_name(lead: list[Token]) -> list[Token]:
    """The first run of proper nouns (or capitalised nouns) of the lead-in."""
    run: list[Token] = []
    for t in lead:
        if t.pos_ == "PROPN" or t.pos_ == "NOUN" and t.is_title:
            run.append(t)
        elif run:
            break
    return run


@PARAGRAPH_RULES.register("labelled_quote", final=True)
def labelled_quote(view: ParagraphView) -> list[Candidate]:
    """"Warren to Wells Fargo CEO: ‘You should be investigated’": a short lead-in, a colon and a
    quote that ends the paragraph; the lead-in's first name speaks. Not when the lead-in has a
    cue verb ("In a meeting, Trump said: “...”": the cue names the speaker)."""
    m = LABELLED_QUOTE.match(view.text)
    if m is None or not view.quotes or opens_with_label(view.text):
        return []
    q = len(view.quotes) - 1
    if view.rel_marked[q][0] != m.end() or view.rel_marked[q][1] < len(view.text.rstrip()):
        return []
    lead = tokens_in(view.doc, 0, m.end(1))
    if any(t.pos_ == "VERB" and view.lexicon.cue_lemma(t.text) is not None for t in lead):
        return []
    run = _first_name(lead)
    if not run:
        return []
    content = (view.quotes[q].start, view.quotes[q].end)
    return [view.labelled("direct", content, m.end(1), char_span(run, view.offset), 0.6)]
