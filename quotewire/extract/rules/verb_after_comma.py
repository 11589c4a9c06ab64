"""Paragraph rule: the first verb after a quote that ends in a comma is its cue."""

from __future__ import annotations

from spacy.tokens import Token

from quotewire.extract.candidate import Candidate
from quotewire.extract.cues import Cue
from quotewire.extract.framing import FRAME_CUE_CHARS, attribute_quotes, standalone
from quotewire.extract.lexicon import Lexicon
from quotewire.extract.marks import CLOSING_CHARS
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.parse import tokens_in
from quotewire.extract.registry import PARAGRAPH_RULES
from quotewire.vocabulary import SPEECH

MAX_NAME_WORDS = 3


def _named_verb(after: list[Token], lex: Lexicon) -> bool:
    """"“...?” Hannity pressed." / "“...?” He tweeted when ...": a name (or a pronoun) of one to
    three words and a verb in lower case that ends the sentence or is a cue: the attribution of a
    question, not the next sentence."""
    k = 0
    while k < min(MAX_NAME_WORDS, len(after)) and (
            after[k].pos_ == "PROPN" or after[k].is_title and after[k].pos_ in ("NOUN", "PRON")):
        k += 1
    return 0 < k < len(after) - 1 and after[k].pos_ == "VERB" and after[k].is_lower \
        and (after[k + 1].is_punct or lex.cue_lemma(after[k].text) is not None)


def _verb_after(view: ParagraphView, i: int) -> Cue | None:
    """The first lower-case verb right after quote ``i``, before any punctuation or quote, when the
    quote ends in a comma (or in ?/! with the sentence going on)."""
    close = view.rel_marked[i][1]
    after = [t for t in tokens_in(view.doc, close, min(len(view.text), close + FRAME_CUE_CHARS))
             if t.text not in CLOSING_CHARS]
    ending = view.quote_text(i).rstrip()[-1:]
    if not after or not (ending == "," or ending in "?!" and (after[0].is_lower or _named_verb(after, view.lexicon))):
        return None
    for t in after:
        if t.is_punct or view.inside_quote(t.idx):
            return None
        if t.pos_ == "VERB" and t.is_lower:  # "“...,” Trump shot back": a capitalised "verb" is a name
            lemma = view.lexicon.cue_lemma(t.text)  # any verb ("chanted") says; a cue verb keeps its class
            cls = view.lexicon.cue_verbs[lemma] if lemma is not None else SPEECH
            return Cue(t, lemma or t.lower_, cls, t.idx, t.idx + len(t.text), None)
    return None


@PARAGRAPH_RULES.register("verb_after_comma")
def verb_after_comma(view: ParagraphView) -> list[Candidate]:
    """"“We are not going anywhere,” the editorial read", "“Lock her up!” some protesters
    chanted": a quote ending in a comma (or in ?/! with the sentence going on in lower case) can
    only go on with its attribution, so the first verb after it is a cue, whatever the verb, and
    its subject the speaker."""
    return attribute_quotes(view, lambda i: _verb_after(view, i) if standalone(view, i) else None)
