"""Content rule: a that-clause the parser hung on the noun of a phrase after the cue."""

from __future__ import annotations

from spacy.tokens import Token

from quotewire.extract.clauses import clause, that_clause
from quotewire.extract.content.complement_clause import SPEAKING
from quotewire.extract.lexicon import Lexicon
from quotewire.extract.registry import CONTENT_RULES


@CONTENT_RULES.register("phrase_that_clause")
def phrase_that_clause(token: Token, cls: str, lex: Lexicon) -> tuple[list[Token], list[Token]] | None:
    """"says in a statement that X" -> "X" (speech and stance cues)."""
    if cls not in SPEAKING:
        return None
    for prep in token.rights:
        if prep.dep_ != "prep":
            continue
        for obj in prep.children:
            found = that_clause(obj, ("acl", "ccomp", "relcl"))
            if found is not None:
                return clause(found, lex), []
    return None
