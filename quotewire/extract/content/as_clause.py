"""Content rule: a cue in an as-clause reports the clause the as-clause hangs on."""

from __future__ import annotations

from spacy.tokens import Token

from quotewire.extract.clauses import subtree_range
from quotewire.extract.lexicon import Lexicon
from quotewire.extract.registry import CONTENT_RULES
from quotewire.extract.syntax import VERB_POS

AS_CLAUSE_DEPS = ("mark", "nsubj", "aux", "advmod", "npadvmod", "punct", "prep")
"""All an as-clause of attribution holds: "as Rutte put it", "as the mayor said on Friday"."""


@CONTENT_RULES.register("as_clause")
def as_clause(token: Token, cls: str, lex: Lexicon) -> tuple[list[Token], list[Token]] | None:
    """"As Rutte put it, the ball is in Russia's court" / "the ball is in Russia's court, as
    Rutte said" -> "the ball is in Russia's court" (speech cues); not when a preposition of the
    cue heads a clause of its own ("As the mayor hinted at what the plan holds, …")."""
    if cls != "speech" or token.dep_ != "advcl" or token.head.pos_ not in VERB_POS:
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children):
        return None
    if not all(c.dep_ in AS_CLAUSE_DEPS or c.dep_ == "dobj" and c.lower_ == "it" for c in token.children):
        return None
    if any(c.dep_ == "prep" and any(g.dep_ == "pcomp" for g in c.children) for c in token.children):
        return None  # "As the White House hints at what his plans include, …": it reports its own clause
    return subtree_range(token.head, exclude=token), []
