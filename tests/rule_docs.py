"""Hand-built parses for rule tests: no model is loaded, so each test states the parse it is about.

A parse is written one token a line, ``word TAG POS dep head`` (head: the index of the head
token); the words must spell the paragraph text in order, and the spaces between them are read
from that text. The lexicon is a tiny one built here from a few lines, so a test never depends on
the shipped word lists.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from quotewire.extract.candidate import Candidate
from quotewire.extract.lexicon import Lexicon
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.pipeline import RuleSet
from quotewire.extract.quotemarks import find_quotes

TINY_LEXICON = Lexicon.from_lines({
    "cue_verbs.txt": ["say speech", "tell speech", "ask speech", "add speech", "explain speech", "put speech",
                      "call stance", "praise stance", "show evidence", "reply speech"],
    "cue_irregular_forms.txt": ["said say", "told tell", "put put"],
    "cue_phrases.txt": ["according to speech"],
    "cue_nouns.txt": ["claim stance", "warning speech"],
    "cue_objects.txt": ["put it"],
    "object_content_verbs.txt": ["say"],
    "document_nouns.txt": ["poll", "report", "statement"],
    "titles.txt": ["mayor", "councillor"],
    "title_minor_words.txt": ["the", "of", "a", "and", "on", "for", "to"],
    "pronouns.txt": ["he person m subject", "she person f subject", "it group - subject", "they group - subject",
                     "him person m", "her person f"],
    "hearsay_adverbs.txt": ["reportedly speech"],
})
TINY_RULES = RuleSet(lexicon=TINY_LEXICON)

RUIZ_SAID = "Ruiz said the harbour will reopen in May."
RUIZ_SAID_PARSE = """
Ruiz NNP PROPN nsubj 1
said VBD VERB ROOT 1
the DT DET det 3
harbour NN NOUN nsubj 5
will MD AUX aux 5
reopen VB VERB ccomp 1
in IN ADP prep 5
May NNP PROPN pobj 6
. . PUNCT punct 1
"""
"""A cue and its clausal complement, shared by the paragraph and content rule tests."""


@cache
def vocab() -> Vocab:
    return spacy.blank("en").vocab


def parsed(text: str, table: str) -> Doc:
    """The Doc of ``text`` with the parse ``table`` (see the module docstring)."""
    rows = [line.split() for line in table.strip().splitlines()]
    words, spaces, pos = [r[0] for r in rows], [], 0
    for word in words:
        start = text.index(word, pos)
        assert not text[pos:start].strip(), f"{word!r} is not the next word of {text!r}"
        pos = start + len(word)
        spaces.append(text[pos:pos + 1] == " ")
    doc = Doc(vocab(), words=words, spaces=spaces, tags=[r[1] for r in rows], pos=[r[2] for r in rows],
              deps=[r[3] for r in rows], heads=[int(r[4]) for r in rows])
    assert doc.text == text.rstrip(), (doc.text, text)
    return doc


def view_of(text: str, table: str, index: int = 0, rules: RuleSet = TINY_RULES) -> ParagraphView:
    """A paragraph view of ``text`` (the whole article, starting at offset 0)."""
    doc = parsed(text, table)
    return ParagraphView(doc, doc.text, 0, index, find_quotes(text), rules.lexicon, rules.content_rules)


def said(view: ParagraphView, cand: Candidate) -> tuple[str, str | None]:
    """``(content text, speaker text)`` of a candidate of ``view``."""
    speaker = None if cand.speaker is None else view.text[cand.speaker[0]:cand.speaker[1]]
    return view.text[cand.content[0]:cand.content[1]], speaker
