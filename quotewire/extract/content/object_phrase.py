"""Content rule: what a stance verb says about its object."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from quotewire.extract.lexicon import Lexicon
from quotewire.extract.registry import CONTENT_RULES
from quotewire.extract.syntax import positions, token_run


def _subject_is_document(token: Token, lex: Lexicon) -> bool:
    return any(c.dep_ == "nsubj" and lex.is_document(c.lower_) for c in token.children)


OBJECT_PHRASE = "object_phrase"
"""This rule's name: a statement whose content it found is an object phrase, not a clause
(``Candidate.object_phrase``), which ``--scope speech`` leaves out when no words are quoted."""


@CONTENT_RULES.register(OBJECT_PHRASE)
def object_phrase(token: Token, cls: str, lex: Lexicon) -> tuple[Sequence[Token], list[Token]] | None:
    """"praised the plan for its ambition" -> "the plan for its ambition", "called for all sides
    to talk" -> "all sides to talk"; cut at the first comma (narration follows). Stance cues, and
    evidence cues whose subject is a document ("The poll shows a close race")."""
    if not (cls == "stance" or cls == "evidence" and _subject_is_document(token, lex)):
        return None
    rights = [c for c in token.rights if c.dep_ in ("dobj", "prep", "attr", "oprd", "xcomp", "advcl")]
    if not rights:
        return None
    first = rights[0]
    if first.dep_ == "prep":  # "called for", "pointed to": the object of the particle
        if first.i != token.i + 1:
            return None
        start = first.i + 1
    elif first.dep_ in ("dobj", "attr", "oprd", "xcomp"):
        start = first.left_edge.i
    else:
        return None
    doc = token.doc
    last = max(c.right_edge.i for c in rights)
    commas = positions(doc, (",",), start, last)
    if commas:
        last = commas[0] - 1
    while last >= start and doc[last].dep_ in ("cc", "punct"):
        last -= 1
    return token_run(doc, start, last), []
