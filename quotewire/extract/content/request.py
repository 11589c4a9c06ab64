"""Content rule: whom a speech verb asks or tells, and what to do."""

from __future__ import annotations

from spacy.tokens import Token

from quotewire.extract.content.complement_clause import SPEAKING
from quotewire.extract.lexicon import Lexicon
from quotewire.extract.registry import CONTENT_RULES
from quotewire.extract.syntax import tokens_between


@CONTENT_RULES.register("request")
def request(token: Token, cls: str, lex: Lexicon) -> tuple[list[Token], list[Token]] | None:
    """"asked the committee to investigate X" -> "the committee to investigate X" (speech and
    stance cues)."""
    if cls not in SPEAKING:
        return None
    objects = [c for c in token.rights if c.dep_ in ("dobj", "dative")]
    actions = [c for c in token.rights if c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.lefts)]
    if not objects or not actions or actions[0].i < objects[0].i:
        return None
    return tokens_between(token.doc, objects[0].left_edge.i, actions[0].right_edge.i), []
