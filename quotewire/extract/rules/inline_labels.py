"""Paragraph rule: names with a colon, each right before its own quote, inside a paragraph."""

from __future__ import annotations

import re

from quotewire.extract.candidate import Candidate
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.parse import tokens_in
from quotewire.extract.registry import PARAGRAPH_RULES

INLINE_LABEL = re.compile(r"(?:(?<=^)|(?<=[.!?”\"’]\s))((?:[A-Z][\w'’.-]*\s){0,2}[A-Z][\w'’-]*):\s*(?=[“\"])")
"""A name of one to three capitalised words and a colon right before a quote, at the start of the
paragraph or of a sentence: "Clinton: “Our goal is to defeat ISIS.” Bush: “The mission is …”"."""


@PARAGRAPH_RULES.register("inline_labels")
def inline_labels(view: ParagraphView) -> list[Candidate]:
    """"Clinton: “Our goal is to defeat ISIS.” Bush: “The mission is to destroy ISIS.”": each quote
    that a name and a colon introduce is that name's, when the paragraph has two or more such
    pairs (one alone, ending the paragraph, is ``labelled_quote``'s). The label's words must all be
    capitalised and none a title word ("Senator: …" names nobody); the tagger often calls a
    surname opening a paragraph a noun, so the part of speech is not asked."""
    starts = {s: i for i, (s, _) in enumerate(view.rel_marked)}
    pairs = []
    for m in INLINE_LABEL.finditer(view.text):
        i = starts.get(m.end())
        label = tokens_in(view.doc, m.start(1), m.end(1))
        if i is None or i in view.claimed or not label or not all(
                (t.is_title or t.is_upper) and not view.lexicon.is_title(t.text) for t in label):
            continue
        pairs.append((i, m))
    if len(pairs) < 2:
        return []
    out = []
    for i, m in pairs:
        view.claimed.add(i)
        q = view.quotes[i]
        out.append(view.labelled("direct", (q.start, q.end), m.end(1), view.abs(m.span(1)), 0.6))
    return out
