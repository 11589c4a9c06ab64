"""Paragraph rule: a quoted fragment with a verb and no cue."""

from __future__ import annotations

from spacy.tokens import Token

from quotewire.extract.candidate import Candidate
from quotewire.extract.attribution import mention_tokens
from quotewire.extract.filters import word_count
from quotewire.extract.marks import DOUBLE_CLOSING_TOKENS, DOUBLE_OPENING_TOKENS
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.parse import tokens_in
from quotewire.extract.registry import PARAGRAPH_RULES
from quotewire.extract.syntax import VERB_POS, char_span, highest, subjects

MIN_FRAGMENT_WORDS = 3
"""Quoted fragments without a cue are kept only with a verb and this many words (fewer: scare quotes)."""


def _subject(view: ParagraphView, i: int) -> Token | None:
    """The subject of the nearest verb outside the quote that the fragment depends on, unless a
    relative or expletive pronoun."""
    inside = tokens_in(view.doc, *view.rel_marked[i])
    if not inside:
        return None
    for verb in highest(inside).ancestors:
        if view.inside_quote(verb.idx) or verb.pos_ not in VERB_POS:
            continue
        found = [c for c in subjects(verb) if not view.inside_quote(c.idx)]
        if found and found[0].tag_ not in ("WP", "WDT", "EX"):
            return found[0]
        return None
    return None


def _clause(view: ParagraphView, i: int) -> tuple[int, int] | None:
    """The clause the fragment's highest verb heads, without leading conjunctions or edge
    punctuation other than double marks: the view cuts the quote's own marks (``unmarked``) and
    keeps what they enclose ("… the American position." keeps its full stop)."""
    verbs = [t for t in tokens_in(view.doc, *view.rel[i]) if t.pos_ in VERB_POS]
    if not verbs:
        return None
    top = highest(verbs)
    lo = min(top.left_edge.idx, view.rel_marked[i][0])
    hi = max(top.right_edge.idx + len(top.right_edge.text), view.rel_marked[i][1])
    tokens = tokens_in(view.doc, lo, hi)
    while tokens and (tokens[0].dep_ in ("mark", "cc", "punct") and tokens[0].text not in DOUBLE_OPENING_TOKENS
                      or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct and tokens[-1].text not in DOUBLE_CLOSING_TOKENS or tokens[-1].is_space):
        tokens = tokens[:-1]
    return char_span(tokens)


@PARAGRAPH_RULES.register("quoted_fragment")
def quoted_fragment(view: ParagraphView) -> list[Candidate]:
    """"The ad targets a “corrupt political system that rewards insiders”": a quoted fragment of
    three words or more with a verb (not Title Case) makes its clause a mixed statement by the
    subject of the verb outside the quote it depends on ("The ad"); with no such subject it takes
    the previous speaker ("..., while the Ukrainians “are really close”")."""
    out = []
    for i in view.unclaimed():
        text = view.quote_text(i)
        if view.is_title_case(text) or word_count(text) < MIN_FRAGMENT_WORDS:
            continue
        clause = _clause(view, i)
        if clause is None:
            continue
        view.claimed.add(i)
        subject = _subject(view, i)
        if subject is None:
            out.append(view.make("mixed", view.abs(clause), None, inherits=True, confidence=0.5))  # type: ignore[arg-type]
        else:
            cand = view.make("mixed", view.abs(clause), None, confidence=0.5)  # type: ignore[arg-type]
            cand.speaker = char_span(mention_tokens(subject), view.offset)
            out.append(cand)
    return out
