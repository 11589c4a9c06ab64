"""Paragraph rule: a headline-style lead-in, a colon and a quote."""

from __future__ import annotations

import re

from spacy.tokens import Token

from quotewire.extract.candidate import Candidate
from quotewire.extract.lexicon import Lexicon
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.parse import tokens_in
from quotewire.extract.registry import PARAGRAPH_RULES
from quotewire.extract.rules.transcript_turn import opens_with_label
from quotewire.extract.syntax import char_span

LABELLED_QUOTE = re.compile(r"([^:\n“\"‘]{2,80}):\s*(?=[“\"‘'])")
"""A short lead-in and a colon right before a quote: "Trump: ‘We are going to win so much.’"."""


def _first_name(lead: list[Token], lex: Lexicon) -> list[Token]:
    """The first run of proper nouns (or capitalised nouns) of the lead-in, cut to its first
    person's name when it is a Title Case headline (``headline_name``)."""
    run: list[Token] = []
    for t in lead:
        if t.pos_ == "PROPN" or t.pos_ == "NOUN" and t.is_title:
            run.append(t)
        elif run:
            break
    return headline_name(run, lex)


def headline_name(run: list[Token], lex: Lexicon) -> list[Token]:
    """"Carly Fiorina Endorses Ted Cruz", where Title Case makes every word a proper noun: the
    name that opens the run, title words aside — a known given name and the word after it
    ("Carly Fiorina", not "Ted Cruz" at the end); a run that opens otherwise stays whole."""
    words = [t for t in run if not t.is_punct]
    k = 0
    while k < len(words) and lex.is_title(words[k].text):
        k += 1
    if len(words) - k < 3 or not words[k].is_title or words[k].lower_ not in lex.given_names \
            or not words[k + 1].is_title:
        return run
    return [t for t in run if t.i <= words[k + 1].i]


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
    run = _first_name(lead, view.lexicon)
    if not run:
        return []
    content = (view.quotes[q].start, view.quotes[q].end)
    return [view.labelled("direct", content, m.end(1), char_span(run, view.offset), 0.6)]
