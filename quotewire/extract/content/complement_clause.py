"""Content rule: the cue's clausal complement."""

from __future__ import annotations

from spacy.tokens import Token

from quotewire.extract.clauses import clause, finite, fronted_condition, second_that_clause
from quotewire.extract.lexicon import Lexicon
from quotewire.extract.registry import CONTENT_RULES

SPEAKING = ("speech", "stance")


@CONTENT_RULES.register("complement_clause")
def complement_clause(token: Token, cls: str, lex: Lexicon) -> tuple[list[Token], list[Token]] | None:
    """"Rutte said [that] Russia must do more" -> "Russia must do more". Belief and evidence cues
    need a finite clause ("thinks that X will", not "thinks to"). With clauses on both sides the
    one after the cue ("“...,” Trump said, after Quick said Y" reports Y), unless it is the cue
    repeated by a syndication slip ("“...,” said X said in ..."); "said A, but that B" is one
    statement; "Even if X, she said, Y" keeps X as the rest."""
    clauses = [c for c in token.children if c.dep_ == "ccomp" and (cls in SPEAKING or finite(c))]
    if not clauses:
        return None
    head = next((c for c in clauses if c.i > token.i and c.lower_ != token.lower_), clauses[0])
    tokens = clause(head, lex)
    return tokens + second_that_clause(token, tokens), fronted_condition(token)
